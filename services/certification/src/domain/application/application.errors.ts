/** Every way an application command can be refused, each with the rule name the transport reports. */
import { DomainRuleViolation, UnknownInStream } from '../shared/domain-rule-violation';

export class ApplicationAlreadySubmitted extends DomainRuleViolation {
  readonly rule = 'ApplicationAlreadySubmitted';
  constructor(applicationId: string) {
    super(`application ${applicationId} was already submitted`, { applicationId });
  }
}

export class ApplicationNotSubmitted extends DomainRuleViolation {
  readonly rule = 'ApplicationNotSubmitted';
  constructor() {
    super('there is no submitted application to act on');
  }
}

export class ApplicantNotActive extends DomainRuleViolation {
  readonly rule = 'ApplicantNotActive';
  constructor(organisationId: string) {
    super(`organisation ${organisationId} is not an active registered organisation`, { organisationId });
  }
}

export class ApplicantOutsideEligibleRegions extends DomainRuleViolation {
  readonly rule = 'ApplicantOutsideEligibleRegions';
  constructor(region: string, eligibleRegions: readonly string[]) {
    super(`organisations from ${region} may not apply for this scheme`, { region, eligibleRegions });
  }
}

export class NoProductsDeclared extends DomainRuleViolation {
  readonly rule = 'NoProductsDeclared';
  constructor() {
    super('an application names at least one product or service');
  }
}

export class InvalidRegionalRawMaterialShare extends DomainRuleViolation {
  readonly rule = 'InvalidRegionalRawMaterialShare';
  constructor(share: number) {
    super(`the regional raw-material share is a fraction between 0 and 1, not ${share}`, { share });
  }
}

export class RegionalRawMaterialShareRequired extends DomainRuleViolation {
  readonly rule = 'RegionalRawMaterialShareRequired';
  constructor(required: number) {
    super(`this scheme needs the declared regional raw-material share (at least ${required})`, { required });
  }
}

export class ApplicantKindNotEligible extends DomainRuleViolation {
  readonly rule = 'ApplicantKindNotEligible';
  constructor(eligible: readonly string[], kind?: string) {
    super(`this scheme is for organisations of kind ${eligible.join(', ')}; the applicant is ${kind ?? 'of unknown kind'}`, { kind, eligible });
  }
}

export class CompletenessAlreadyChecked extends DomainRuleViolation {
  readonly rule = 'CompletenessAlreadyChecked';
  constructor(status: string) {
    super(`completeness can only be checked on a submitted file; this one is ${status}`, { status });
  }
}

export class NotReturnedIncomplete extends DomainRuleViolation {
  readonly rule = 'NotReturnedIncomplete';
  constructor() {
    super('only a file returned as incomplete can be supplemented');
  }
}

export class FileIncomplete extends DomainRuleViolation {
  readonly rule = 'FileIncomplete';
  constructor(step: string) {
    super(`the file has not been confirmed complete, so ${step} is not possible`, { step });
  }
}

export class ConflictOfInterest extends DomainRuleViolation {
  readonly rule = 'ConflictOfInterest';
  constructor(expertId: string, cause: 'same-organisation' | 'declared') {
    super(
      cause === 'same-organisation'
        ? `expert ${expertId} belongs to the applicant organisation`
        : `expert ${expertId} has declared a conflict of interest on this file`,
      { expertId, cause },
    );
  }
}

/** The organisation named for an expert is not in the registry: the independence rule cannot be judged on an id nobody knows. */
export class ExpertOrganisationUnknown extends DomainRuleViolation {
  readonly rule = 'ExpertOrganisationUnknown';
  constructor(expertOrganisationId: string) {
    super(`expertOrganisationId ${expertOrganisationId} names no organisation in the registry`, { expertOrganisationId });
  }
}

/** The organisation named for an expert is in the registry, but deactivated: no expert is assigned as working for it. */
export class ExpertOrganisationInactive extends DomainRuleViolation {
  readonly rule = 'ExpertOrganisationInactive';
  constructor(expertOrganisationId: string, deactivatedAt?: string) {
    super(
      `expertOrganisationId ${expertOrganisationId} names an organisation the registry has deactivated${deactivatedAt ? ` on ${deactivatedAt}` : ''}: its status is deactivated, not active`,
      { expertOrganisationId, status: 'deactivated', ...(deactivatedAt ? { deactivatedAt } : {}) },
    );
  }
}

export class ExpertAlreadyAssigned extends DomainRuleViolation {
  readonly rule = 'ExpertAlreadyAssigned';
  constructor(expertId: string) {
    super(`expert ${expertId} is already assigned`, { expertId });
  }
}

export class ExpertNotAssigned extends DomainRuleViolation {
  readonly rule = 'ExpertNotAssigned';
  constructor(expertId: string) {
    super(`${expertId} is not an expert assigned to this file`, { expertId });
  }
}

export class ConflictAlreadyDeclared extends DomainRuleViolation {
  readonly rule = 'ConflictAlreadyDeclared';
  constructor(expertId: string) {
    super(`expert ${expertId} has already declared no conflict of interest`, { expertId });
  }
}

export class NoConflictDeclarationYet extends DomainRuleViolation {
  readonly rule = 'NoConflictDeclarationYet';
  constructor(expertId: string) {
    super(`expert ${expertId} must declare no conflict of interest before assessing`, { expertId });
  }
}

export class ExpertAlreadyScored extends DomainRuleViolation {
  readonly rule = 'ExpertAlreadyScored';
  constructor(expertId: string) {
    super(`expert ${expertId} has already scored this file`, { expertId });
  }
}

export class ScoreOutOfRange extends DomainRuleViolation {
  readonly rule = 'ScoreOutOfRange';
  constructor(criterionId: string, score: number, range: { min: number; max: number }) {
    super(`score ${score} for ${criterionId} is outside ${range.min}..${range.max}`, { criterionId, score, ...range });
  }
}

export class UnknownCriterion extends DomainRuleViolation {
  readonly rule = 'UnknownCriterion';
  constructor(criterionId: string) {
    super(`the scheme has no criterion ${criterionId}`, { criterionId });
  }
}

export class ScoresIncomplete extends DomainRuleViolation {
  readonly rule = 'ScoresIncomplete';
  constructor(missingCriteria: readonly string[]) {
    super(`every criterion is scored once; missing or repeated: ${missingCriteria.join(', ')}`, { missingCriteria });
  }
}

export class JustificationRequired extends DomainRuleViolation {
  readonly rule = 'JustificationRequired';
  constructor(criterionId: string) {
    super(`the score for ${criterionId} needs a justification`, { criterionId });
  }
}

export class AssessmentClosed extends DomainRuleViolation {
  readonly rule = 'AssessmentClosed';
  constructor(status: string) {
    super(`the assessment is closed; the file is ${status}`, { status });
  }
}

export class AssessmentIncomplete extends DomainRuleViolation {
  readonly rule = 'AssessmentIncomplete';
  constructor(scored: number, required: number) {
    super(`${scored} of the ${required} required experts have scored`, { scored, required });
  }
}

export class ReviewerNotIndependent extends DomainRuleViolation {
  readonly rule = 'ReviewerNotIndependent';
  constructor(reviewerId: string) {
    super(`${reviewerId} assessed, declared a conflict on or decided this file and may not review it`, { reviewerId });
  }
}

export class ReviewNotCompleted extends DomainRuleViolation {
  readonly rule = 'ReviewNotCompleted';
  constructor() {
    super('a decision is taken only on a reviewed file');
  }
}

export class AlreadyDecided extends DomainRuleViolation {
  readonly rule = 'AlreadyDecided';
  constructor(outcome: string) {
    super(`this file was already decided: ${outcome}`, { outcome });
  }
}

export class DecisionMakerNotIndependent extends DomainRuleViolation {
  readonly rule = 'DecisionMakerNotIndependent';
  constructor(decisionMakerId: string) {
    super(`${decisionMakerId} assessed, declared a conflict on, reviewed or decided this file and may not decide it`, { decisionMakerId });
  }
}

export class ThresholdNotMet extends DomainRuleViolation {
  readonly rule = 'ThresholdNotMet';
  constructor(criteria: readonly string[]) {
    super(`the pass threshold is not met for: ${criteria.join(', ')}`, { criteria });
  }
}

export class RegionalRawMaterialShareTooLow extends DomainRuleViolation {
  readonly rule = 'RegionalRawMaterialShareTooLow';
  constructor(declared: number, required: number) {
    super(`${declared * 100} % of raw materials come from the region; at least ${required * 100} % are required`, {
      declared,
      required,
    });
  }
}

export class OverallScoreTooLow extends DomainRuleViolation {
  readonly rule = 'OverallScoreTooLow';
  constructor(overallPercent: number, required: number) {
    super(`overall score ${overallPercent} % is below the required ${required} %`, { overallPercent, required });
  }
}

export class CertificateNumberRequired extends DomainRuleViolation {
  readonly rule = 'CertificateNumberRequired';
  constructor() {
    super('a grant names the certificate number to issue');
  }
}

export class NoAdverseDecisionToAppeal extends DomainRuleViolation {
  readonly rule = 'NoAdverseDecisionToAppeal';
  constructor() {
    super('only a refusal can be appealed on an application');
  }
}

export class AppealDeadlinePassed extends DomainRuleViolation {
  readonly rule = 'AppealDeadlinePassed';
  constructor(lastDay: string) {
    super(`the appeal deadline passed on ${lastDay}`, { lastDay });
  }
}

export class AppealAlreadyLodged extends DomainRuleViolation {
  readonly rule = 'AppealAlreadyLodged';
  constructor(appealId: string) {
    super(`appeal ${appealId} was already lodged against this decision`, { appealId });
  }
}

export class AppealNotFound extends UnknownInStream {
  readonly rule = 'AppealNotFound';
  readonly unknown: string;
  constructor(appealId: string) {
    super(`no appeal ${appealId} on this file`, { appealId });
    this.unknown = `appeal ${appealId}`;
  }
}

export class AppealAlreadyDecided extends DomainRuleViolation {
  readonly rule = 'AppealAlreadyDecided';
  constructor(appealId: string) {
    super(`appeal ${appealId} was already decided`, { appealId });
  }
}

export class AppealDeciderNotIndependent extends DomainRuleViolation {
  readonly rule = 'AppealDeciderNotIndependent';
  constructor(people: readonly string[]) {
    super(`assessed, declared a conflict on, reviewed or decided the case and may not decide its appeal: ${people.join(', ')}`, { people });
  }
}
