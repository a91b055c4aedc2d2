/** A certification scheme is data: the engine reads it, it never branches on a scheme's name. */
export type Criterion = Readonly<{
  id: string;
  name: string;
  /** Relative weight in the overall score. */
  weight: number;
  /** The mean of the experts' scores must reach this value. */
  passThreshold: number;
  scoreRange: Readonly<{ min: number; max: number }>;
  /** How many benchmarking indicators the criterion summarises, where the scheme counts them. */
  indicators?: number;
}>;

export type EvidenceRequirement = Readonly<{ kind: string; description: string }>;

export type SchemeRules = Readonly<{
  /** Share (0..1) of raw materials that must come from the region. */
  minRegionalRawMaterialShare?: number;
  /** Weighted overall score, as a percentage of the score range, that must be reached. */
  minOverallPercent?: number;
  /** ISO 3166-2 regions whose organisations may apply; absent means anywhere. */
  eligibleRegions?: readonly string[];
  /** Registry kinds of organisation that may apply (ESCA: clusters); absent means any kind. */
  eligibleOrganisationKinds?: readonly string[];
  /** The scheme certifies products, so a file names at least one. */
  productsRequired?: boolean;
}>;

export type ValidityRules = Readonly<{
  firstTermMonths: number;
  /** ESCA labels count from the first day of the month of assessment; others from the decision day. */
  firstTermStarts: 'month-of-assessment' | 'decision-date';
  /** A renewal is accepted up to this many months after expiry. */
  renewalGraceMonths: number;
  /** A renewal extends validity by this many months from the end of the previous term. */
  renewalExtendsMonths: number;
}>;

export type AppealRules = Readonly<{
  /** Days after the decision within which an appeal may be lodged (the last day included). */
  lodgeWithinDays: number;
  /** Days after lodging within which the appeal must be decided. */
  decideWithinDays: number;
}>;

export type ComplaintRules = Readonly<{
  /** Days after lodging within which a complaint must be decided (the last day included). */
  decideWithinDays: number;
}>;

export type Scheme = Readonly<{
  id: string;
  version: number;
  name: string;
  kind: 'regional-brand' | 'cluster-label';
  criteria: readonly Criterion[];
  minimumExperts: number;
  requiredEvidence: readonly EvidenceRequirement[];
  rules: SchemeRules;
  validity: ValidityRules;
  appeal: AppealRules;
  complaint: ComplaintRules;
  surveillanceIntervalMonths: number;
}>;
