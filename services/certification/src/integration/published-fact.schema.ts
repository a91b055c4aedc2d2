import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';

/** A log of public facts published, one per certificate event or application submitted: the publisher's own read model and audit trail. */
export const PUBLISHED_FACT = 'PublishedFact';
export interface PublishedFactDocument {
  _id: string;
  subject: string;
  type: string;
  certificateNumber?: string;
  applicationId?: string;
  publishedAt: string;
}

export const PublishedFactSchema = new Schema<PublishedFactDocument>(
  { _id: String, subject: String, type: String, certificateNumber: { type: String, index: true }, applicationId: String, publishedAt: String },
  { collection: 'public_facts_published', versionKey: false },
);
PublishedFactSchema.plugin(readModelPositionPlugin);
