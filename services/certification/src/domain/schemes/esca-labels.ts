import type { Criterion, Scheme } from './scheme';

/** ESCA benchmarking areas; each criterion summarises the indicators of one area, scored 0..100. */
const area = (id: string, name: string, indicators: number, passThreshold = 0): Criterion => ({
  id,
  name,
  weight: indicators,
  passThreshold,
  scoreRange: { min: 0, max: 100 },
  indicators,
});

const benchmarkingAreas = (threshold = 0): Criterion[] => [
  area('structure', 'Structure of the cluster', 8, threshold),
  area('governance', 'Governance and cluster management', 7, threshold),
  area('financing', 'Financing of the cluster management', 5, threshold),
  area('strategy-and-services', 'Strategy, objectives and services', 7, threshold),
  area('achievements', 'Achievements and recognition', 4, threshold),
];

const escaEvidence = [
  { kind: 'cluster-profile', description: 'Cluster profile with the list of members' },
  { kind: 'benchmarking-questionnaire', description: 'Completed ESCA benchmarking questionnaire' },
];

const escaAppeal = { lodgeWithinDays: 30, decideWithinDays: 60 };

/** Bronze: benchmarking of 36 indicators; first award valid 2 years from the month of assessment. */
export const escaBronze: Scheme = {
  id: 'esca-bronze',
  version: 1,
  name: 'Cluster Management Excellence Label BRONZE',
  kind: 'cluster-label',
  criteria: [area('benchmarking', 'Benchmarking of 36 indicators completed', 36)],
  minimumExperts: 1,
  requiredEvidence: escaEvidence,
  rules: { eligibleOrganisationKinds: ['cluster'] },
  validity: {
    firstTermMonths: 24,
    firstTermStarts: 'month-of-assessment',
    renewalGraceMonths: 12,
    renewalExtendsMonths: 36,
  },
  appeal: escaAppeal,
  complaint: { decideWithinDays: 60 },
  surveillanceIntervalMonths: 12,
};

/** Silver: the same areas; thresholds here are placeholders until the secretariat confirms them. */
export const escaSilver: Scheme = {
  ...escaBronze,
  id: 'esca-silver',
  name: 'Cluster Management Excellence Label SILVER',
  criteria: benchmarkingAreas(50),
  minimumExperts: 1,
  rules: { ...escaBronze.rules, minOverallPercent: 60 },
};

/** Gold: 31 indicators in 5 areas, 2 experts on site, at least 80 % overall. */
export const escaGold: Scheme = {
  ...escaBronze,
  id: 'esca-gold',
  name: 'Cluster Management Excellence Label GOLD',
  criteria: benchmarkingAreas(),
  minimumExperts: 2,
  rules: { ...escaBronze.rules, minOverallPercent: 80 },
};
