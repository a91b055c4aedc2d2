/** A Made in Banat file told as events, for the specs of the application and of "as of". */
import type { CommandMetadata, Role } from '../shared/command-metadata';
import { madeInBanat } from '../schemes/made-in-banat';
import type { ApplicationEvent, CriterionScore } from './application';
import { summariseAssessment } from './assessment-summary';

export const applicationId = 'app-2025-001';
export const applicant = { organisationId: 'org-ro-cofetaria-timis', country: 'RO', region: 'RO-TM' };
export const products = [{ name: 'Banat plum brandy', niceClass: 33 }];
export const allEvidence = [
  { kind: 'product-description', ref: 'doc-1' },
  { kind: 'raw-material-origin', ref: 'doc-2' },
  { kind: 'financial-statement', ref: 'doc-3' },
];

export const by = (actor: string, role: Role, now: string): CommandMetadata => ({ actor, role, now });
export const stamp = (actor: string, role: Role, at: string) => ({ at, actor, role });

/** Every criterion given the same score, each with its justification. */
export const scoresOf = (score: number, except: Record<string, number> = {}): CriterionScore[] =>
  madeInBanat.criteria.map((c) => ({ criterionId: c.id, score: except[c.id] ?? score, justification: `site visit notes on ${c.id}` }));

export const submitted = (share = 0.7, evidence = allEvidence): ApplicationEvent => ({
  type: 'ApplicationSubmitted',
  data: {
    applicationId,
    schemeId: 'made-in-banat',
    schemeVersion: 1,
    applicant,
    products,
    declaredRegionalRawMaterialShare: share,
    evidence,
    ...stamp('applicant-user', 'applicant', '2025-01-10T09:00:00.000Z'),
  },
});

export const completenessConfirmed: ApplicationEvent = {
  type: 'CompletenessConfirmed',
  data: { applicationId, ...stamp('sec-ana', 'secretariat', '2025-01-12T09:00:00.000Z') },
};

export const expertAssigned = (expertId: string, expertOrganisationId = `org-of-${expertId}`): ApplicationEvent => ({
  type: 'ExpertAssigned',
  data: { applicationId, expertId, expertOrganisationId, ...stamp('sec-ana', 'secretariat', '2025-01-13T09:00:00.000Z') },
});

export const declaredNoConflict = (expertId: string): ApplicationEvent => ({
  type: 'ConflictOfInterestDeclared',
  data: {
    applicationId,
    expertId,
    hasConflict: false,
    statement: 'I have no interest in the applicant',
    ...stamp(expertId, 'expert', '2025-01-14T09:00:00.000Z'),
  },
});

export const scored = (expertId: string, scores: CriterionScore[], at = '2025-02-03T15:00:00.000Z'): ApplicationEvent => ({
  type: 'ScoresSubmitted',
  data: { applicationId, expertId, scores, ...stamp(expertId, 'expert', at) },
});

/** Two experts, free of conflict, assigned to a complete file. */
export const assessmentUnderWay = (share = 0.7): ApplicationEvent[] => [
  submitted(share),
  completenessConfirmed,
  expertAssigned('expert-ro'),
  expertAssigned('expert-rs'),
  declaredNoConflict('expert-ro'),
  declaredNoConflict('expert-rs'),
];

export const reviewed = (scoresA: CriterionScore[], scoresB: CriterionScore[], share = 0.7): ApplicationEvent => ({
  type: 'ReviewCompleted',
  data: {
    applicationId,
    assessedOn: '2025-02-03',
    summary: summariseAssessment(madeInBanat, [scoresA, scoresB], share),
    remarks: 'procedure followed',
    ...stamp('reviewer-ion', 'reviewer', '2025-02-10T09:00:00.000Z'),
  },
});

/** Both experts scored and the review completed. */
export const reviewedFile = (scoresA = scoresOf(8), scoresB = scoresOf(7), share = 0.7): ApplicationEvent[] => [
  ...assessmentUnderWay(share),
  scored('expert-ro', scoresA),
  scored('expert-rs', scoresB),
  reviewed(scoresA, scoresB, share),
];

export const refused: ApplicationEvent = {
  type: 'CertificationRefused',
  data: { applicationId, reasons: ['waste management below threshold'], ...stamp('dm-milan', 'decision-maker', '2025-03-03T10:00:00.000Z') },
};

export const declaredConflict = (expertId: string): ApplicationEvent => ({
  type: 'ConflictOfInterestDeclared',
  data: { applicationId, expertId, hasConflict: true, statement: 'my cousin runs the applicant', ...stamp(expertId, 'expert', '2025-01-14T10:00:00.000Z') },
});

export const expertRemoved = (expertId: string, reason = 'conflict of interest'): ApplicationEvent => ({
  type: 'ExpertRemoved',
  data: { applicationId, expertId, reason, ...stamp('sec-ana', 'secretariat', '2025-01-15T09:00:00.000Z') },
});

/** Two experts who left the assessment: expert-hu declared a conflict, expert-old scored and was removed; expert-ro and expert-rs scored. */
export const scoredWithFormerExperts = (): ApplicationEvent[] => [
  ...assessmentUnderWay(),
  expertAssigned('expert-hu'),
  declaredConflict('expert-hu'),
  expertRemoved('expert-hu'),
  expertAssigned('expert-old'),
  declaredNoConflict('expert-old'),
  scored('expert-old', scoresOf(5), '2025-01-20T15:00:00.000Z'),
  expertRemoved('expert-old', 'left the working group'),
  scored('expert-ro', scoresOf(8)),
  scored('expert-rs', scoresOf(7)),
];
