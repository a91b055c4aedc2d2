import type { Model } from 'mongoose';
import { defineProjection, Projection } from '@banat/projections';
import type { ApplicationEvent } from '../domain';
import type { ExpertWorkloadDocument } from './expert-workload.schema';

type Counted = Extract<ApplicationEvent, { type: 'ExpertAssigned' | 'ExpertRemoved' | 'ScoresSubmitted' }>;

export function expertWorkloadProjection(workload: Model<ExpertWorkloadDocument>): Projection<Counted> {
  return defineProjection<Counted>({
    name: 'certification-expert-workload',
    handles: ['ExpertAssigned', 'ExpertRemoved', 'ScoresSubmitted'],
    models: [workload],
    async apply(recorded, ctx) {
      const event = recorded as unknown as Counted;
      const { expertId, applicationId } = event.data;
      if (event.type === 'ExpertAssigned') await ctx.upsertAt(workload, expertId, { $inc: { assigned: 1 }, $addToSet: { applicationIds: applicationId } });
      if (event.type === 'ExpertRemoved') await ctx.upsertAt(workload, expertId, { $inc: { removed: 1 } });
      if (event.type === 'ScoresSubmitted') await ctx.upsertAt(workload, expertId, { $inc: { scored: 1 } });
    },
  });
}
