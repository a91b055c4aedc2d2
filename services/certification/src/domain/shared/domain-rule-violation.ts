/**
 * A well-formed command refused by a business rule. The transport maps any error carrying a `rule`
 * name to HTTP 422 with that name, so every refusal in the domain extends this class.
 */
export abstract class DomainRuleViolation extends Error {
  abstract readonly rule: string;

  constructor(
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** A command naming something its stream never held (an appeal by an id nobody lodged): StreamCommands answers it as not found (404). */
export abstract class UnknownInStream extends DomainRuleViolation {
  /** What was not found, as the caller named it: `appeal appeal-1`. */
  abstract readonly unknown: string;
}

/** Grants, refusals, suspensions, withdrawals and appeal decisions are never recorded without reasons. */
export class ReasonRequired extends DomainRuleViolation {
  readonly rule = 'ReasonRequired';
  constructor(what: string) {
    super(`${what} must state at least one reason`, { what });
  }
}

export class UnknownScheme extends DomainRuleViolation {
  readonly rule = 'UnknownScheme';
  constructor(schemeId: string, version?: number) {
    super(`no certification scheme ${schemeId}${version === undefined ? '' : ` v${version}`}`, { schemeId, version });
  }
}

export const requireReasons = (reasons: readonly string[] | undefined, what: string): string[] => {
  const meaningful = (reasons ?? []).map((r) => r.trim()).filter((r) => r.length > 0);
  if (meaningful.length === 0) throw new ReasonRequired(what);
  return meaningful;
};
