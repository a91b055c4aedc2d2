import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';

/** Each expert's assignments: how many, how many scored, how many ended by a conflict of interest. */
export const EXPERT_WORKLOAD = 'ExpertWorkload';
export interface ExpertWorkloadDocument {
  _id: string;
  assigned: number;
  scored: number;
  removed: number;
  applicationIds: string[];
}

export const ExpertWorkloadSchema = new Schema<ExpertWorkloadDocument>(
  {
    _id: String,
    assigned: { type: Number, default: 0 },
    scored: { type: Number, default: 0 },
    removed: { type: Number, default: 0 },
    applicationIds: { type: [String], default: [] },
  },
  { collection: 'expert_workload', versionKey: false },
);
ExpertWorkloadSchema.plugin(readModelPositionPlugin);
