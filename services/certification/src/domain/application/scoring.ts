/** Each assigned expert, free of conflict, scores every criterion once, with a justification. */
import { stampOf } from '../shared/command-metadata';
import type { Scheme } from '../schemes/scheme';
import type { ApplicationEvent, ApplicationState } from './application';
import type { SubmitScores } from './application.commands';
import {
  ExpertAlreadyScored,
  ExpertNotAssigned,
  JustificationRequired,
  NoConflictDeclarationYet,
  ScoreOutOfRange,
  ScoresIncomplete,
  UnknownCriterion,
} from './application.errors';
import { requireOpenAssessment } from './expert-assignment';

export function submitScores(command: SubmitScores, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  requireOpenAssessment(state, 'scoring');
  const expertId = command.metadata.actor;
  const expert = state.experts.find((e) => e.expertId === expertId);
  if (!expert) throw new ExpertNotAssigned(expertId);
  if (!expert.declaredNoConflict) throw new NoConflictDeclarationYet(expertId);
  if (expert.scores) throw new ExpertAlreadyScored(expertId);

  const { applicationId, scores } = command.data;
  for (const { criterionId, score, justification } of scores) {
    const criterion = scheme.criteria.find((c) => c.id === criterionId);
    if (!criterion) throw new UnknownCriterion(criterionId);
    const { min, max } = criterion.scoreRange;
    if (!(Number.isFinite(score) && score >= min && score <= max)) throw new ScoreOutOfRange(criterionId, score, criterion.scoreRange);
    if (justification.trim().length === 0) throw new JustificationRequired(criterionId);
  }
  const notScoredOnce = scheme.criteria
    .map((c) => c.id)
    .filter((id) => scores.filter((s) => s.criterionId === id).length !== 1);
  if (notScoredOnce.length > 0) throw new ScoresIncomplete(notScoredOnce);

  return [{ type: 'ScoresSubmitted', data: { applicationId, expertId, scores, ...stampOf(command.metadata) } }];
}
