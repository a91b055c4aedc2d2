import type { Criterion, Scheme } from './scheme';

const scoredOutOfTen = (id: string, name: string, weight: number, passThreshold: number): Criterion => ({
  id,
  name,
  weight,
  passThreshold,
  scoreRange: { min: 0, max: 10 },
});

/** The regional brand, as the working group of Romanian and Serbian experts wrote its procedure. */
export const madeInBanat: Scheme = {
  id: 'made-in-banat',
  version: 1,
  name: 'Made in Banat',
  kind: 'regional-brand',
  criteria: [
    scoredOutOfTen('competitiveness', 'Competitiveness', 2, 6),
    scoredOutOfTen('new-technologies', 'New technologies', 1, 5),
    scoredOutOfTen('human-resources', 'Human resources', 1, 5),
    scoredOutOfTen('organisational-management', 'Organisational management', 1, 5),
    scoredOutOfTen('production-efficiency', 'Production efficiency', 2, 6),
    scoredOutOfTen('environmental-technologies', 'Environmental technologies', 1, 5),
    scoredOutOfTen('waste-management', 'Waste management', 1, 5),
  ],
  minimumExperts: 2,
  requiredEvidence: [
    { kind: 'product-description', description: 'Description of each product or service applied for' },
    { kind: 'raw-material-origin', description: 'Declaration of the origin of raw materials, with supplier list' },
    { kind: 'financial-statement', description: 'Last approved annual financial statement' },
  ],
  rules: {
    minRegionalRawMaterialShare: 0.51,
    productsRequired: true,
    // Timiș (RO) and the Central, North and South Banat districts (RS).
    eligibleRegions: ['RO-TM', 'RS-02', 'RS-03', 'RS-04'],
  },
  validity: {
    firstTermMonths: 36,
    firstTermStarts: 'decision-date',
    renewalGraceMonths: 3,
    renewalExtendsMonths: 36,
  },
  appeal: { lodgeWithinDays: 30, decideWithinDays: 60 },
  complaint: { decideWithinDays: 60 },
  surveillanceIntervalMonths: 12,
};
