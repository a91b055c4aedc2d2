/** The commands on an application file: their own file, so that the decider and the rules it calls do not import each other. */
import type { Command } from '../shared/decider';
import type { CriterionScore, EvidenceRef, Product } from './application';

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
/**
 * What the registry said of the organisation an expert works for, asked before deciding (as for the applicant): `registered`
 * is false when the registry does not know the id; `active` false when it has deactivated it (since `deactivatedAt`), the only
 * status besides active the registry has. An unanswered registry is no answer at all and never reaches the decider.
 */
export type ExpertOrganisation = Readonly<{ organisationId: string; registered: boolean; active: boolean; deactivatedAt?: string }>;
export type AssignExpert = Command<'AssignExpert', { applicationId: string; expertId: string; expertOrganisation: ExpertOrganisation }>;
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
