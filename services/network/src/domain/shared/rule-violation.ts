/**
 * A well-formed command refused by a business rule. The transport maps any error carrying a `rule`
 * name to RULE_VIOLATED (HTTP 422) with that name.
 */
export abstract class NetworkRuleViolation extends Error {
  abstract readonly rule: string;

  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The acting organisation must be one the network knows from the registry, and active. */
export class OrganisationNotRegistered extends NetworkRuleViolation {
  readonly rule = 'OrganisationNotRegistered';
  constructor(organisationId: string) {
    super(`organisation ${organisationId} is not an active registered organisation`, { organisationId });
  }
}
