import type { Scheme } from './scheme';

/** Lists what is wrong with a scheme so a mistyped configuration fails at start-up, not at a decision. */
export function validateScheme(scheme: Scheme): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, problem: string) => ok || problems.push(problem);
  const positiveInteger = (n: number) => Number.isInteger(n) && n > 0;

  need(/^[a-z0-9-]+$/.test(scheme.id), 'id must be lower-case kebab-case');
  need(positiveInteger(scheme.version), 'version must be a positive integer');
  need(scheme.criteria.length > 0, 'at least one criterion is needed');
  const ids = scheme.criteria.map((c) => c.id);
  need(new Set(ids).size === ids.length, 'criterion ids must be unique');
  for (const c of scheme.criteria) {
    need(c.weight > 0, `criterion ${c.id}: weight must be positive`);
    need(c.scoreRange.min < c.scoreRange.max, `criterion ${c.id}: score range min must be below max`);
    need(
      c.passThreshold >= c.scoreRange.min && c.passThreshold <= c.scoreRange.max,
      `criterion ${c.id}: pass threshold must lie within the score range`,
    );
  }
  need(positiveInteger(scheme.minimumExperts), 'minimumExperts must be a positive integer');
  const share = scheme.rules.minRegionalRawMaterialShare;
  need(share === undefined || (share > 0 && share <= 1), 'minRegionalRawMaterialShare must be in (0, 1]');
  const overall = scheme.rules.minOverallPercent;
  need(overall === undefined || (overall > 0 && overall <= 100), 'minOverallPercent must be in (0, 100]');
  for (const region of scheme.rules.eligibleRegions ?? []) {
    need(/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(region), `eligible region ${region} is not an ISO 3166-2 code`);
  }
  need(positiveInteger(scheme.validity.firstTermMonths), 'validity.firstTermMonths must be a positive integer');
  need(positiveInteger(scheme.validity.renewalExtendsMonths), 'validity.renewalExtendsMonths must be a positive integer');
  need(
    Number.isInteger(scheme.validity.renewalGraceMonths) && scheme.validity.renewalGraceMonths >= 0,
    'validity.renewalGraceMonths must be a whole number of months',
  );
  need(positiveInteger(scheme.appeal.lodgeWithinDays), 'appeal.lodgeWithinDays must be a positive integer');
  need(positiveInteger(scheme.appeal.decideWithinDays), 'appeal.decideWithinDays must be a positive integer');
  need(positiveInteger(scheme.complaint.decideWithinDays), 'complaint.decideWithinDays must be a positive integer');
  need(positiveInteger(scheme.surveillanceIntervalMonths), 'surveillanceIntervalMonths must be a positive integer');
  return problems;
}

export function assertValidScheme(scheme: Scheme): Scheme {
  const problems = validateScheme(scheme);
  if (problems.length > 0) throw new Error(`scheme ${scheme.id} v${scheme.version} is invalid: ${problems.join('; ')}`);
  return scheme;
}
