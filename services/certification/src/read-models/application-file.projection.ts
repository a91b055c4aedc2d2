import type { Model } from 'mongoose';
import { defineProjection, Projection } from '@banat/projections';
import { ApplicationEvent, evolveApplication, initialApplicationState } from '../domain';
import type { ApplicationFileDocument } from './application-file.schema';

const APPLICATION_EVENTS: ApplicationEvent['type'][] = [
  'ApplicationSubmitted',
  'ApplicationReturnedIncomplete',
  'ApplicationSupplemented',
  'CompletenessConfirmed',
  'ExpertAssigned',
  'ConflictOfInterestDeclared',
  'ExpertRemoved',
  'ScoresSubmitted',
  'ReviewCompleted',
  'CertificationGranted',
  'CertificationRefused',
  'AppealLodged',
  'AppealDecided',
];

/** Folds each event into the stored state with the domain's own evolve, so the file never disagrees with the decider. */
export function applicationFileProjection(files: Model<ApplicationFileDocument>): Projection<ApplicationEvent> {
  return defineProjection<ApplicationEvent>({
    name: 'certification-application-files',
    handles: APPLICATION_EVENTS,
    models: [files],
    async apply(recorded, ctx) {
      const event = recorded as unknown as ApplicationEvent;
      const id = event.data.applicationId;
      const current = await ctx.read(files, id);
      if (current?._position !== undefined && current._position >= recorded.position) return;
      const state = evolveApplication((current?.state as ApplicationFileDocument['state']) ?? initialApplicationState(), event);
      const { actor, role, at } = event.data;
      await ctx.upsertAt(files, id, {
        $set: {
          state,
          status: state.status,
          schemeId: state.schemeId,
          organisationId: state.applicant?.organisationId,
          country: state.applicant?.country,
          region: state.applicant?.region,
          expertIds: state.experts.map((e) => e.expertId),
          history: [...(current?.history ?? []), { revision: recorded.revision, type: event.type, at, actor, role }],
          ...(event.type === 'ApplicationSubmitted' ? { submittedAt: at } : {}),
          updatedAt: at,
          revision: recorded.revision,
        },
      });
    },
  });
}
