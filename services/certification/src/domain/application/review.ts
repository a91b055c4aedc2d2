/** Review by someone never involved in the file (not an assessor, even a removed one, nor a conflicted expert), once the scheme's number of experts have scored (ISO/IEC 17065 7.5). */
import { dateOf } from '../calendar/calendar-date';
import { stampOf } from '../shared/command-metadata';
import type { Scheme } from '../schemes/scheme';
import type { ApplicationEvent, ApplicationState } from './application';
import type { CompleteReview } from './application.commands';
import { AssessmentIncomplete, ReviewerNotIndependent } from './application.errors';
import { summariseAssessment } from './assessment-summary';
import { requireOpenAssessment } from './expert-assignment';

export function completeReview(command: CompleteReview, state: ApplicationState, scheme: Scheme): ApplicationEvent[] {
  requireOpenAssessment(state, 'reviewing');
  const reviewerId = command.metadata.actor;
  if (state.everInvolved.includes(reviewerId)) throw new ReviewerNotIndependent(reviewerId);
  const scored = state.experts.filter((e) => e.scores !== undefined);
  if (scored.length < scheme.minimumExperts) throw new AssessmentIncomplete(scored.length, scheme.minimumExperts);

  // The assessment took place when its last score came in; ESCA validity counts from that month.
  const assessedAt = scored.map((e) => e.assessedAt ?? '').sort().at(-1) ?? command.metadata.now;
  const summary = summariseAssessment(
    scheme,
    scored.map((e) => e.scores ?? []),
    state.declaredRegionalRawMaterialShare ?? 0,
  );
  return [
    {
      type: 'ReviewCompleted',
      data: {
        applicationId: command.data.applicationId,
        assessedOn: dateOf(assessedAt),
        summary,
        remarks: command.data.remarks,
        ...stampOf(command.metadata),
      },
    },
  ];
}
