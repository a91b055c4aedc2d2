/** Appeals against a refusal: lodged within the scheme's deadline, decided by people independent of the case. */
import { addDays, dateOf, isAfter } from '../calendar/calendar-date';
import { stampOf } from '../shared/command-metadata';
import { requireReasons } from '../shared/domain-rule-violation';
import type { Scheme } from '../schemes/scheme';
import type { ApplicationEvent, ApplicationState } from './application';
import type { DecideAppeal, LodgeAppeal } from './application.commands';
import {
  AppealAlreadyDecided,
  AppealAlreadyLodged,
  AppealDeadlinePassed,
  AppealDeciderNotIndependent,
  AppealNotFound,
  NoAdverseDecisionToAppeal,
} from './application.errors';

export function lodgeAppeal(command: LodgeAppeal, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  const decision = state.decision;
  if (!decision || decision.outcome !== 'refused') throw new NoAdverseDecisionToAppeal();
  const earlier = state.appeals.find((a) => a.lodgedAt >= decision.decidedAt);
  if (earlier) throw new AppealAlreadyLodged(earlier.appealId);
  const lastDay = addDays(dateOf(decision.decidedAt), scheme.appeal.lodgeWithinDays);
  const today = dateOf(command.metadata.now);
  if (isAfter(today, lastDay)) throw new AppealDeadlinePassed(lastDay);
  const { applicationId, appealId, grounds } = command.data;
  return [
    {
      type: 'AppealLodged',
      data: {
        applicationId,
        appealId,
        grounds,
        decideBy: addDays(today, scheme.appeal.decideWithinDays),
        ...stampOf(command.metadata),
      },
    },
  ];
}

export function decideAppeal(command: DecideAppeal, state: ApplicationState, _scheme: Scheme): ApplicationEvent[] {
  const { applicationId, appealId, outcome, panel } = command.data;
  const appeal = state.appeals.find((a) => a.appealId === appealId);
  if (!appeal) throw new AppealNotFound(appealId);
  if (appeal.outcome) throw new AppealAlreadyDecided(appealId);
  // Everyone who ever assessed, declared a conflict, reviewed or decided the case, including decisions set aside.
  const deciders = [...new Set([command.metadata.actor, ...panel])];
  const notIndependent = deciders.filter((person) => state.everInvolved.includes(person));
  if (notIndependent.length > 0) throw new AppealDeciderNotIndependent(notIndependent);
  const reasons = requireReasons(command.data.reasons, 'an appeal decision');
  // A late decision is still recorded, flagged, so the missed deadline shows in the audit trail.
  const decidedWithinDeadline = !isAfter(dateOf(command.metadata.now), appeal.decideBy);
  return [
    {
      type: 'AppealDecided',
      data: { applicationId, appealId, outcome, panel: deciders, reasons, decidedWithinDeadline, ...stampOf(command.metadata) },
    },
  ];
}
