/** Every way a membership command can be refused. */
import { NetworkRuleViolation } from '../shared/rule-violation';

export class MembershipAlreadyCurrent extends NetworkRuleViolation {
  readonly rule = 'MembershipAlreadyCurrent';
  constructor(organisationId: string, status: string) {
    super(`organisation ${organisationId} is already ${status}`, { organisationId, status });
  }
}

export class MembershipNotFound extends NetworkRuleViolation {
  readonly rule = 'MembershipNotFound';
  constructor(organisationId: string) {
    super(`organisation ${organisationId} has not applied for membership`, { organisationId });
  }
}

/** A step that the membership's current status does not allow (approve what is not applied, reinstate what is not suspended…). */
export class MembershipStepNotAllowed extends NetworkRuleViolation {
  readonly rule = 'MembershipStepNotAllowed';
  constructor(step: string, status: string) {
    super(`a membership that is ${status} cannot be ${step}`, { step, status });
  }
}

/** The brand-holder role follows the organisation's certificates; no one applies for it. */
export class RoleNotApplicable extends NetworkRuleViolation {
  readonly rule = 'RoleNotApplicable';
  constructor(role: string) {
    super(`the ${role} role is not applied for: it follows a valid Made in Banat certificate`, { role });
  }
}

export class RoleDoesNotFitOrganisation extends NetworkRuleViolation {
  readonly rule = 'RoleDoesNotFitOrganisation';
  constructor(role: string, kind: string) {
    super(`a ${kind} organisation cannot hold the ${role} role`, { role, kind });
  }
}

export class RolesRequired extends NetworkRuleViolation {
  readonly rule = 'RolesRequired';
  constructor() {
    super('a membership names at least one role');
  }
}

export class ReasonRequired extends NetworkRuleViolation {
  readonly rule = 'ReasonRequired';
  constructor(step: string) {
    super(`a membership is ${step} only with a reason`, { step });
  }
}

export class RoleNotAppliedFor extends NetworkRuleViolation {
  readonly rule = 'RoleNotAppliedFor';
  constructor(role: string) {
    super(`the ${role} role was not applied for`, { role });
  }
}

/**
 * Most times an organisation's members may apply: an applicant may leave (withdraw) and apply again, and every step is
 * kept in the membership's history, which every change stores whole again (outbox). Without a bound, a member's script
 * applying and leaving grew the record, and what each change stores, without end. Past it, the secretariat applies for it.
 */
export const MAX_MEMBER_APPLICATIONS = 10;

export class TooManyApplications extends NetworkRuleViolation {
  readonly rule = 'TooManyApplications';
  constructor(organisationId: string) {
    super(`organisation ${organisationId} has applied ${MAX_MEMBER_APPLICATIONS} times, the most its members may: ask the secretariat`, { organisationId, max: MAX_MEMBER_APPLICATIONS });
  }
}
