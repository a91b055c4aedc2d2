/** Application by a registered organisation and the completeness check of its file (ISO/IEC 17065 7.2–7.3). */
import { stampOf } from '../shared/command-metadata';
import type { Scheme } from '../schemes/scheme';
import type { ApplicationEvent, ApplicationState } from './application';
import type { CheckCompleteness, SubmitApplication, SupplementApplication } from './application.commands';
import {
  ApplicantNotActive,
  ApplicantOutsideEligibleRegions,
  ApplicationAlreadySubmitted,
  CompletenessAlreadyChecked,
  InvalidRegionalRawMaterialShare,
  NoProductsDeclared,
  NotReturnedIncomplete,
} from './application.errors';

export function submitApplication(command: SubmitApplication, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  const { applicationId, applicant, products, declaredRegionalRawMaterialShare: share, evidence } = command.data;
  if (state.status !== 'not-submitted') throw new ApplicationAlreadySubmitted(state.applicationId ?? applicationId);
  if (!applicant.active) throw new ApplicantNotActive(applicant.organisationId);
  const eligible = scheme.rules.eligibleRegions;
  if (eligible && !eligible.includes(applicant.region)) throw new ApplicantOutsideEligibleRegions(applicant.region, eligible);
  if (products.length === 0) throw new NoProductsDeclared();
  if (!(share >= 0 && share <= 1)) throw new InvalidRegionalRawMaterialShare(share);
  return [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId,
        schemeId: scheme.id,
        schemeVersion: scheme.version,
        applicant: { organisationId: applicant.organisationId, country: applicant.country, region: applicant.region },
        products,
        declaredRegionalRawMaterialShare: share,
        evidence,
        ...stampOf(command.metadata),
      },
    },
  ];
}

/** The scheme's required evidence that the file does not yet hold. */
export const missingEvidence = (state: ApplicationState, scheme: Scheme): string[] =>
  scheme.requiredEvidence.map((r) => r.kind).filter((kind) => !state.evidence.some((e) => e.kind === kind));

export function checkCompleteness(command: CheckCompleteness, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  if (state.status !== 'submitted') throw new CompletenessAlreadyChecked(state.status);
  const { applicationId } = command.data;
  const missing = missingEvidence(state, scheme);
  const stamp = stampOf(command.metadata);
  if (missing.length === 0) return [{ type: 'CompletenessConfirmed', data: { applicationId, ...stamp } }];
  return [
    {
      type: 'ApplicationReturnedIncomplete',
      data: { applicationId, missingEvidence: missing, reason: `missing required evidence: ${missing.join(', ')}`, ...stamp },
    },
  ];
}

export function supplementApplication(command: SupplementApplication, state: ApplicationState, _scheme: Scheme): ApplicationEvent[] {
  if (state.status !== 'returned-incomplete') throw new NotReturnedIncomplete();
  const { applicationId, evidence } = command.data;
  return [{ type: 'ApplicationSupplemented', data: { applicationId, evidence, ...stampOf(command.metadata) } }];
}
