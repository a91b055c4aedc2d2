/**
 * Appeals against a suspension or withdrawal (ISO/IEC 17065 7.13): lodged within the scheme's deadline,
 * decided by people who did not take the appealed decision. An upheld appeal sets the decision aside.
 */
import { addDays, dateOf, isAfter } from '../calendar/calendar-date';
import {
  AppealAlreadyDecided,
  AppealAlreadyLodged,
  AppealDeadlinePassed,
  AppealDeciderNotIndependent,
  AppealNotFound,
} from '../application/application.errors';
import { stampOf } from '../shared/command-metadata';
import { requireReasons } from '../shared/domain-rule-violation';
import type { Scheme } from '../schemes/scheme';
import { expiresOn } from '../validity/validity';
import type { CertificateEvent, CertificateState } from './certificate';
import type { DecideCertificateAppeal, LodgeCertificateAppeal } from './certificate.commands';
import { NoCertificateDecisionToAppeal } from './certificate.errors';

type Issued = CertificateState & { certificateNumber: string; validFrom: string; validUntil: string };

export function lodgeCertificateAppeal(command: LodgeCertificateAppeal, state: Issued, scheme: Scheme): CertificateEvent[] {
  const { certificateNumber, appealId, grounds } = command.data;
  const decision = state.standingDecision;
  if (!decision || (state.status !== 'suspended' && state.status !== 'withdrawn')) {
    throw new NoCertificateDecisionToAppeal(certificateNumber, state.status);
  }
  const earlier = state.appeals.find((a) => a.against === decision.kind && a.decisionAt === decision.decidedAt);
  if (earlier) throw new AppealAlreadyLodged(earlier.appealId);
  if (state.appeals.some((a) => a.appealId === appealId)) throw new AppealAlreadyLodged(appealId);
  const lastDay = addDays(dateOf(decision.decidedAt), scheme.appeal.lodgeWithinDays);
  const today = dateOf(command.metadata.now);
  if (isAfter(today, lastDay)) throw new AppealDeadlinePassed(lastDay);
  const [meaningfulGrounds] = requireReasons([grounds], 'an appeal');
  return [
    {
      type: 'CertificateAppealLodged',
      data: {
        certificateNumber,
        appealId,
        grounds: meaningfulGrounds,
        against: decision.kind,
        decisionBy: decision.decidedBy,
        decisionAt: decision.decidedAt,
        decideBy: addDays(today, scheme.appeal.decideWithinDays),
        ...stampOf(command.metadata),
      },
    },
  ];
}

export function decideCertificateAppeal(command: DecideCertificateAppeal, state: Issued, _scheme: Scheme): CertificateEvent[] {
  const { certificateNumber, appealId, outcome, panel } = command.data;
  const appeal = state.appeals.find((a) => a.appealId === appealId);
  if (!appeal) throw new AppealNotFound(appealId);
  if (appeal.outcome) throw new AppealAlreadyDecided(appealId);
  // The recorder counts as a decider: whoever took the appealed decision, or was ever involved with the
  // certificate or its file, may neither sit on the panel nor record it.
  const deciders = [...new Set([command.metadata.actor, ...panel])];
  const notIndependent = deciders.filter((person) => person === appeal.decisionBy || command.data.involved.includes(person));
  if (notIndependent.length > 0) throw new AppealDeciderNotIndependent(notIndependent);
  const reasons = requireReasons(command.data.reasons, 'an appeal decision');
  const stamp = stampOf(command.metadata);
  // A late decision is still recorded, flagged, so the missed deadline shows in the audit trail.
  const decidedWithinDeadline = !isAfter(dateOf(command.metadata.now), appeal.decideBy);
  const decided: CertificateEvent = {
    type: 'CertificateAppealDecided',
    data: { certificateNumber, appealId, outcome, panel: deciders, reasons, decidedWithinDeadline, ...stamp },
  };
  if (outcome === 'dismissed') return [decided];

  // Only the decision appealed is set aside: a later restoration, withdrawal or expiry stands.
  const standing = state.standingDecision;
  const stillInForce = standing !== undefined && standing.kind === appeal.against && standing.decidedAt === appeal.decisionAt;
  if (!stillInForce) return [decided];
  const setAside = appeal.against;
  if (isAfter(dateOf(command.metadata.now), state.validUntil)) {
    return [decided, { type: 'CertificateExpired', data: { certificateNumber, expiredOn: expiresOn(state), appealId, setAside, ...stamp } }];
  }
  const reason = `appeal ${appealId} upheld: ${reasons.join('; ')}`;
  return [decided, { type: 'CertificateRestored', data: { certificateNumber, reason, appealId, setAside, ...stamp } }];
}
