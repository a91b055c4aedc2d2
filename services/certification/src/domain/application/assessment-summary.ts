/** Turns the experts' scores into what the review records and the decision is judged on. */
import type { Scheme } from '../schemes/scheme';
import type { AssessmentSummary, CriterionScore } from './application';

const round2 = (n: number) => Math.round(n * 100) / 100;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export function summariseAssessment(
  scheme: Scheme,
  scoresByExpert: readonly (readonly CriterionScore[])[],
  declaredRegionalRawMaterialShare: number,
): AssessmentSummary {
  const criteria = scheme.criteria.map((criterion) => {
    const scores = scoresByExpert.flatMap((s) => s.filter((x) => x.criterionId === criterion.id).map((x) => x.score));
    const meanScore = round2(mean(scores));
    return { criterionId: criterion.id, meanScore, passThreshold: criterion.passThreshold, met: meanScore >= criterion.passThreshold };
  });
  // Each criterion counts by its weight, as a share of its own score range.
  const totalWeight = scheme.criteria.reduce((sum, c) => sum + c.weight, 0);
  const weighted = scheme.criteria.reduce((sum, c, i) => {
    const { min, max } = c.scoreRange;
    return sum + (c.weight * (criteria[i].meanScore - min)) / (max - min);
  }, 0);
  const overallPercent = round2((weighted / totalWeight) * 100);
  const required = scheme.rules.minRegionalRawMaterialShare;
  const minOverall = scheme.rules.minOverallPercent;
  return {
    criteria,
    overallPercent,
    overallMet: minOverall === undefined || overallPercent >= minOverall,
    regionalRawMaterialShare: {
      declared: declaredRegionalRawMaterialShare,
      ...(required === undefined ? {} : { required }),
      met: required === undefined || declaredRegionalRawMaterialShare >= required,
    },
  };
}
