/** Grant or refuse, always with reasons, by someone who neither assessed nor reviewed (ISO/IEC 17065 7.6–7.7). */
import { dateOf } from '../calendar/calendar-date';
import { stampOf } from '../shared/command-metadata';
import type { CommandMetadata } from '../shared/command-metadata';
import { requireReasons } from '../shared/domain-rule-violation';
import type { Scheme } from '../schemes/scheme';
import { firstTerm } from '../validity/validity';
import type { ApplicationEvent, ApplicationState } from './application';
import type { GrantCertification, RefuseCertification } from './application.commands';
import {
  AlreadyDecided,
  ApplicationNotSubmitted,
  CertificateNumberRequired,
  DecisionMakerNotIndependent,
  FileIncomplete,
  OverallScoreTooLow,
  RegionalRawMaterialShareTooLow,
  ReviewNotCompleted,
  ThresholdNotMet,
} from './application.errors';

function requireDecidableFile(state: ApplicationState, metadata: CommandMetadata): void {
  if (state.decision) throw new AlreadyDecided(state.decision.outcome);
  if (state.status === 'not-submitted') throw new ApplicationNotSubmitted();
  if (state.status === 'submitted' || state.status === 'returned-incomplete') throw new FileIncomplete('a decision');
  if (state.status !== 'reviewed') throw new ReviewNotCompleted();
  const decisionMaker = metadata.actor;
  // Fresh eyes: nobody who ever assessed, declared a conflict, reviewed, decided or judged an appeal on the file.
  if (state.everInvolved.includes(decisionMaker)) {
    throw new DecisionMakerNotIndependent(decisionMaker);
  }
}

/** A grant must stand on the reviewed assessment: every threshold and every extra rule met. */
function requireGrantable(state: ApplicationState, scheme: Scheme): void {
  const summary = state.summary;
  if (!summary) throw new ReviewNotCompleted();
  const unmet = summary.criteria.filter((c) => !c.met).map((c) => c.criterionId);
  if (unmet.length > 0) throw new ThresholdNotMet(unmet);
  const share = summary.regionalRawMaterialShare;
  if (!share.met) throw new RegionalRawMaterialShareTooLow(share.declared, share.required ?? 0);
  if (!summary.overallMet) throw new OverallScoreTooLow(summary.overallPercent, scheme.rules.minOverallPercent ?? 0);
}

export function grantCertification(command: GrantCertification, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  requireDecidableFile(state, command.metadata);
  const reasons = requireReasons(command.data.reasons, 'a grant');
  if (command.data.certificateNumber.trim().length === 0) throw new CertificateNumberRequired();
  requireGrantable(state, scheme);
  const holder = state.applicant;
  if (!holder) throw new ApplicationNotSubmitted();
  const validity = firstTerm(scheme.validity, {
    assessedOn: state.assessedOn ?? dateOf(command.metadata.now),
    decidedOn: dateOf(command.metadata.now),
  });
  return [
    {
      type: 'CertificationGranted',
      data: {
        applicationId: command.data.applicationId,
        certificateNumber: command.data.certificateNumber,
        holder,
        schemeId: scheme.id,
        schemeVersion: scheme.version,
        products: state.products,
        ...validity,
        reasons,
        ...stampOf(command.metadata),
      },
    },
  ];
}

export function refuseCertification(command: RefuseCertification, state: ApplicationState, _scheme: Scheme): ApplicationEvent[] {
  requireDecidableFile(state, command.metadata);
  const reasons = requireReasons(command.data.reasons, 'a refusal');
  return [{ type: 'CertificationRefused', data: { applicationId: command.data.applicationId, reasons, ...stampOf(command.metadata) } }];
}
