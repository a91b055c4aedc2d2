import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';
import type { ApplicationState } from '../domain';

export interface FileHistoryEntry {
  revision: number;
  type: string;
  at: string;
  actor: string;
  role: string;
}

/**
 * The application file: the folded domain state (status, experts with their scores, summary,
 * decision, appeals), the fields queries filter on, and the history of steps.
 */
export const APPLICATION_FILE = 'ApplicationFile';
export interface ApplicationFileDocument {
  _id: string;
  state: ApplicationState;
  status: string;
  schemeId?: string;
  organisationId?: string;
  country?: string;
  region?: string;
  expertIds: string[];
  history: FileHistoryEntry[];
  submittedAt?: string;
  updatedAt: string;
  revision: number;
  _position?: number;
}

export const ApplicationFileSchema = new Schema<ApplicationFileDocument>(
  {
    _id: String,
    state: { type: Schema.Types.Mixed, required: true },
    status: { type: String, index: true },
    schemeId: { type: String, index: true },
    organisationId: { type: String, index: true },
    country: String,
    region: String,
    expertIds: { type: [String], default: [], index: true },
    history: { type: Schema.Types.Mixed, default: [] },
    submittedAt: String,
    updatedAt: String,
    revision: Number,
  },
  { collection: 'application_files', versionKey: false, minimize: false },
);
ApplicationFileSchema.plugin(readModelPositionPlugin);
