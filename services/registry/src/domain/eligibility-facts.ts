/**
 * Facts about an organisation that decide its eligibility for certification: the secretariat changes
 * them, a member cannot on its own. Kind, country and legal identifier are fixed at registration for
 * everyone; the region decides eligibility (a scheme's eligibleRegions). Size class, NACE sectors and
 * products decide no scheme's eligibility (services/certification/src/domain/schemes): a member keeps them.
 */
export const ELIGIBILITY_FACTS = ['region'] as const;

type EligibilityFact = (typeof ELIGIBILITY_FACTS)[number];

/** The eligibility facts a change would set to a new value (naming one unchanged is no change). */
export const eligibilityFactsChanged = (current: Partial<Record<EligibilityFact, unknown>>, changes: Partial<Record<EligibilityFact, unknown>>): EligibilityFact[] =>
  ELIGIBILITY_FACTS.filter((fact) => changes[fact] !== undefined && changes[fact] !== current[fact]);
