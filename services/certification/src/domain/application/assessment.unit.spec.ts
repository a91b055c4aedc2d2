import { deciderSpecificationFor } from '../testing/decider-spec';
import type { ApplicationEvent, CriterionScore } from './application';
import { applicationDecider } from './application.decide';
import {
  AssessmentClosed,
  AssessmentIncomplete,
  ConflictAlreadyDeclared,
  ConflictOfInterest,
  ExpertAlreadyAssigned,
  ExpertAlreadyScored,
  ExpertNotAssigned,
  ExpertOrganisationInactive,
  ExpertOrganisationUnknown,
  FileIncomplete,
  JustificationRequired,
  NoConflictDeclarationYet,
  ReviewerNotIndependent,
  ScoreOutOfRange,
  ScoresIncomplete,
  UnknownCriterion,
} from './application.errors';
import {
  applicant,
  applicationId,
  assessmentUnderWay,
  by,
  completenessConfirmed,
  declaredNoConflict,
  expertAssigned,
  reviewed,
  scored,
  scoredWithFormerExperts,
  scoresOf,
  stamp,
  submitted,
} from './application.fixtures';

const given = deciderSpecificationFor(applicationDecider);
const secretariat = by('sec-ana', 'secretariat', '2025-01-13T09:00:00.000Z');
const expert = (expertId: string, now = '2025-02-03T15:00:00.000Z') => by(expertId, 'expert', now);
/** `registry`: what the registry answered for the expert's organisation, asked before deciding. */
const assign = (expertId: string, organisationId = `org-of-${expertId}`, registry: 'active' | 'unknown' | 'deactivated' = 'active') =>
  ({
    type: 'AssignExpert',
    data: {
      applicationId,
      expertId,
      expertOrganisation: { organisationId, registered: registry !== 'unknown', active: registry === 'active', ...(registry === 'deactivated' ? { deactivatedAt: '2025-01-02T10:00:00.000Z' } : {}) },
    },
    metadata: secretariat,
  }) as const;
const declare = (expertId: string, hasConflict: boolean) =>
  ({
    type: 'DeclareConflictOfInterest',
    data: { applicationId, hasConflict, statement: hasConflict ? 'I advise the applicant' : 'I have no interest in the applicant' },
    metadata: expert(expertId, '2025-01-14T09:00:00.000Z'),
  }) as const;
const submitScores = (expertId: string, scores: CriterionScore[]) =>
  ({ type: 'SubmitScores', data: { applicationId, scores }, metadata: expert(expertId) }) as const;
const completeReview = (reviewer = 'reviewer-ion') =>
  ({
    type: 'CompleteReview',
    data: { applicationId, remarks: 'procedure followed' },
    metadata: by(reviewer, 'reviewer', '2025-02-10T09:00:00.000Z'),
  }) as const;

describe('assigning experts', () => {
  it('an expert from another organisation is assigned to a complete file', () => {
    given([submitted(), completenessConfirmed]).when(assign('expert-ro')).then([expertAssigned('expert-ro')]);
  });

  it('no expert is assigned before the file is confirmed complete', () => {
    given([submitted()]).when(assign('expert-ro')).thenThrows(FileIncomplete);
  });

  it('an expert who belongs to the applicant organisation is refused for conflict of interest', () => {
    given([submitted(), completenessConfirmed])
      .when(assign('expert-insider', applicant.organisationId))
      .thenThrows(ConflictOfInterest, { cause: 'same-organisation' });
  });

  it('an expert whose organisation the registry does not know is refused, naming the id: ExpertOrganisationUnknown', () => {
    given([submitted(), completenessConfirmed])
      .when(assign('expert-ro', 'org-made-up', 'unknown'))
      .thenThrows(ExpertOrganisationUnknown, { expertOrganisationId: 'org-made-up' });
  });

  it('an expert whose organisation the registry has deactivated is refused, naming it and its status: ExpertOrganisationInactive', () => {
    given([submitted(), completenessConfirmed])
      .when(assign('expert-ro', 'org-closed', 'deactivated'))
      .thenThrows(ExpertOrganisationInactive, { expertOrganisationId: 'org-closed', status: 'deactivated', deactivatedAt: '2025-01-02T10:00:00.000Z' });
  });

  it('an expert who declared a conflict on this file cannot be assigned again', () => {
    const history = [submitted(), completenessConfirmed, expertAssigned('expert-ro')];
    const removed = applicationDecider.decide(declare('expert-ro', true), stateOf(history));
    given([...history, ...removed])
      .when(assign('expert-ro'))
      .thenThrows(ConflictOfInterest, { cause: 'declared' });
  });

  it('the same expert is not assigned twice', () => {
    given([submitted(), completenessConfirmed, expertAssigned('expert-ro')]).when(assign('expert-ro')).thenThrows(ExpertAlreadyAssigned);
  });

  it('no expert is assigned once the file is reviewed', () => {
    given([...assessmentUnderWay(), scored('expert-ro', scoresOf(8)), scored('expert-rs', scoresOf(7)), reviewed(scoresOf(8), scoresOf(7))])
      .when(assign('expert-hu'))
      .thenThrows(AssessmentClosed);
  });
});

describe('declaring conflicts of interest', () => {
  const assigned = [submitted(), completenessConfirmed, expertAssigned('expert-ro')];

  it('an assigned expert declares, in person, no conflict of interest', () => {
    given(assigned).when(declare('expert-ro', false)).then([declaredNoConflict('expert-ro')]);
  });

  it('an expert who declares a conflict is removed from the file', () => {
    const at = stamp('expert-ro', 'expert', '2025-01-14T09:00:00.000Z');
    given(assigned)
      .when(declare('expert-ro', true))
      .then([
        { type: 'ConflictOfInterestDeclared', data: { applicationId, expertId: 'expert-ro', hasConflict: true, statement: 'I advise the applicant', ...at } },
        { type: 'ExpertRemoved', data: { applicationId, expertId: 'expert-ro', reason: 'conflict of interest declared', ...at } },
      ]);
  });

  it('someone not assigned to the file cannot declare on it', () => {
    given(assigned).when(declare('expert-rs', false)).thenThrows(ExpertNotAssigned);
  });

  it('no conflict is declared only once', () => {
    given([...assigned, declaredNoConflict('expert-ro')]).when(declare('expert-ro', false)).thenThrows(ConflictAlreadyDeclared);
  });

  it('a conflict that comes to light after scoring removes the expert and their scores', () => {
    const history = [...assessmentUnderWay(), scored('expert-ro', scoresOf(8))];
    const events = applicationDecider.decide(declare('expert-ro', true), stateOf(history));
    const state = stateOf([...history, ...events]);
    expect(state.experts.map((e) => e.expertId)).toEqual(['expert-rs']);
    expect(state.expertsWithConflict).toEqual(['expert-ro']);
  });
});

describe('scoring', () => {
  it('an assigned expert without conflict scores every criterion with a justification', () => {
    given(assessmentUnderWay()).when(submitScores('expert-ro', scoresOf(8))).then([scored('expert-ro', scoresOf(8))]);
  });

  it('a score out of the criterion range is refused', () => {
    given(assessmentUnderWay())
      .when(submitScores('expert-ro', scoresOf(8, { competitiveness: 11 })))
      .thenThrows(ScoreOutOfRange, { criterionId: 'competitiveness', score: 11, min: 0, max: 10 });
  });

  it('a negative score is refused', () => {
    given(assessmentUnderWay()).when(submitScores('expert-ro', scoresOf(8, { 'waste-management': -1 }))).thenThrows('ScoreOutOfRange');
  });

  it('an expert scoring twice is refused', () => {
    given([...assessmentUnderWay(), scored('expert-ro', scoresOf(8))])
      .when(submitScores('expert-ro', scoresOf(9)))
      .thenThrows(ExpertAlreadyScored);
  });

  it('an expert not assigned to the file cannot score', () => {
    given(assessmentUnderWay()).when(submitScores('expert-hu', scoresOf(8))).thenThrows(ExpertNotAssigned);
  });

  it('an expert who has not yet declared no conflict cannot score', () => {
    given([submitted(), completenessConfirmed, expertAssigned('expert-ro')])
      .when(submitScores('expert-ro', scoresOf(8)))
      .thenThrows(NoConflictDeclarationYet);
  });

  it('an expert removed for a conflict cannot score', () => {
    const history = [submitted(), completenessConfirmed, expertAssigned('expert-ro')];
    const removed = applicationDecider.decide(declare('expert-ro', true), stateOf(history));
    given([...history, ...removed]).when(submitScores('expert-ro', scoresOf(8))).thenThrows(ExpertNotAssigned);
  });

  it('a score without justification is refused', () => {
    const scores = scoresOf(8).map((s) => (s.criterionId === 'human-resources' ? { ...s, justification: '  ' } : s));
    given(assessmentUnderWay()).when(submitScores('expert-ro', scores)).thenThrows(JustificationRequired);
  });

  it('every criterion must be scored', () => {
    given(assessmentUnderWay())
      .when(submitScores('expert-ro', scoresOf(8).slice(1)))
      .thenThrows(ScoresIncomplete, { missingCriteria: ['competitiveness'] });
  });

  it('a criterion the scheme does not have is refused', () => {
    given(assessmentUnderWay())
      .when(submitScores('expert-ro', [...scoresOf(8), { criterionId: 'taste', score: 9, justification: 'delicious' }]))
      .thenThrows(UnknownCriterion);
  });
});

describe('the review', () => {
  const bothScored = [...assessmentUnderWay(), scored('expert-ro', scoresOf(8)), scored('expert-rs', scoresOf(7))];

  it('is completed once the scheme minimum of two experts have scored, recording the assessment summary', () => {
    given(bothScored).when(completeReview()).then([reviewed(scoresOf(8), scoresOf(7))]);
  });

  it('records the mean score of each criterion against its threshold and the weighted overall score', () => {
    const [event] = applicationDecider.decide(completeReview(), stateOf(bothScored));
    if (event.type !== 'ReviewCompleted') throw new Error('expected a review');
    expect(event.data.summary.criteria[0]).toEqual({ criterionId: 'competitiveness', meanScore: 7.5, passThreshold: 6, met: true });
    expect(event.data.summary.overallPercent).toBe(75);
    expect(event.data.assessedOn).toBe('2025-02-03');
  });

  it('is refused while fewer than the minimum number of experts have scored', () => {
    given([...assessmentUnderWay(), scored('expert-ro', scoresOf(8))])
      .when(completeReview())
      .thenThrows(AssessmentIncomplete, { scored: 1, required: 2 });
  });

  it('is refused to someone who assessed the file', () => {
    given(bothScored).when(completeReview('expert-ro')).thenThrows(ReviewerNotIndependent);
  });

  it.each([
    ['an expert who declared a conflict on the file and was removed', 'expert-hu'],
    ['an expert who scored and was removed since', 'expert-old'],
  ])('is refused to %s', (_, reviewer) => {
    given(scoredWithFormerExperts()).when(completeReview(reviewer)).thenThrows(ReviewerNotIndependent, { reviewerId: reviewer });
  });
});

function stateOf(events: ApplicationEvent[]) {
  return events.reduce(applicationDecider.evolve, applicationDecider.initialState());
}
