/** Application commands and the decider that judges them against the file's history and its scheme. */
import type { Command, Decider } from '../shared/decider';
import { defaultSchemeCatalogue, findScheme, SchemeCatalogue } from '../schemes/scheme-catalogue';
import type { Scheme } from '../schemes/scheme';
import { ApplicationEvent, ApplicationState, CriterionScore, EvidenceRef, evolveApplication, initialApplicationState, Product } from './application';
import { ApplicationNotSubmitted } from './application.errors';
import { checkCompleteness, submitApplication, supplementApplication } from './submission';
import { assignExpert, declareConflictOfInterest } from './expert-assignment';
import { submitScores } from './scoring';
import { completeReview } from './review';
import { grantCertification, refuseCertification } from './decision';
import { decideAppeal, lodgeAppeal } from './appeal';

/** The registry check is done before deciding; its answer comes in as a fact. */
/** `kind` is the registry's kind of organisation (sme, cluster, …); like `active`, judged at submission, not recorded. */
export type RegisteredApplicant = Readonly<{ organisationId: string; country: string; region: string; active: boolean; kind?: string; name?: Readonly<Record<string, string>> }>;

export type SubmitApplication = Command<
  'SubmitApplication',
  {
    applicationId: string;
    schemeId: string;
    applicant: RegisteredApplicant;
    /** Required by schemes that certify products; others may leave them out. */
    products?: readonly Product[];
    /** Required by schemes with a minimum regional raw-material share. */
    declaredRegionalRawMaterialShare?: number;
    evidence: readonly EvidenceRef[];
  }
>;
export type CheckCompleteness = Command<'CheckCompleteness', { applicationId: string }>;
export type SupplementApplication = Command<'SupplementApplication', { applicationId: string; evidence: readonly EvidenceRef[] }>;
export type AssignExpert = Command<'AssignExpert', { applicationId: string; expertId: string; expertOrganisationId: string }>;
/** Made by the expert in person: the declaring expert is the command's actor. */
export type DeclareConflictOfInterest = Command<
  'DeclareConflictOfInterest',
  { applicationId: string; hasConflict: boolean; statement: string }
>;
/** Made by the expert in person: the scoring expert is the command's actor. */
export type SubmitScores = Command<'SubmitScores', { applicationId: string; scores: readonly CriterionScore[] }>;
/** Made by the reviewer in person, who must not have assessed the file. */
export type CompleteReview = Command<'CompleteReview', { applicationId: string; remarks: string }>;
export type GrantCertification = Command<
  'GrantCertification',
  { applicationId: string; certificateNumber: string; reasons: readonly string[] }
>;
export type RefuseCertification = Command<'RefuseCertification', { applicationId: string; reasons: readonly string[] }>;
export type LodgeAppeal = Command<'LodgeAppeal', { applicationId: string; appealId: string; grounds: string }>;
export type DecideAppeal = Command<
  'DecideAppeal',
  {
    applicationId: string;
    appealId: string;
    outcome: 'upheld' | 'dismissed';
    /** Everyone who took the appeal decision; none may have assessed, reviewed or decided the case. */
    panel: readonly string[];
    reasons: readonly string[];
  }
>;

export type ApplicationCommand =
  | SubmitApplication
  | CheckCompleteness
  | SupplementApplication
  | AssignExpert
  | DeclareConflictOfInterest
  | SubmitScores
  | CompleteReview
  | GrantCertification
  | RefuseCertification
  | LodgeAppeal
  | DecideAppeal;

export function makeApplicationDecider(
  catalogue: SchemeCatalogue = defaultSchemeCatalogue,
): Decider<ApplicationState, ApplicationCommand, ApplicationEvent> {
  const schemeOf = (state: ApplicationState): Scheme => {
    if (state.status === 'not-submitted' || !state.schemeId) throw new ApplicationNotSubmitted();
    return findScheme(catalogue, state.schemeId, state.schemeVersion);
  };

  const decide = (command: ApplicationCommand, state: ApplicationState): ApplicationEvent[] => {
    switch (command.type) {
      case 'SubmitApplication':
        return submitApplication(command, state, findScheme(catalogue, command.data.schemeId));
      case 'CheckCompleteness':
        return checkCompleteness(command, state, schemeOf(state));
      case 'SupplementApplication':
        return supplementApplication(command, state, schemeOf(state));
      case 'AssignExpert':
        return assignExpert(command, state, schemeOf(state));
      case 'DeclareConflictOfInterest':
        return declareConflictOfInterest(command, state, schemeOf(state));
      case 'SubmitScores':
        return submitScores(command, state, schemeOf(state));
      case 'CompleteReview':
        return completeReview(command, state, schemeOf(state));
      case 'GrantCertification':
        return grantCertification(command, state, schemeOf(state));
      case 'RefuseCertification':
        return refuseCertification(command, state, schemeOf(state));
      case 'LodgeAppeal':
        return lodgeAppeal(command, state, schemeOf(state));
      case 'DecideAppeal':
        return decideAppeal(command, state, schemeOf(state));
    }
  };

  return { decide, evolve: evolveApplication, initialState: initialApplicationState };
}

export const applicationDecider = makeApplicationDecider();
