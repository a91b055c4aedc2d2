import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';

/** Counters per scheme, country and region; a scheme's figures are the sum of its documents. */
export const SCHEME_STATISTICS = 'SchemeStatistics';
export const STATISTICS_SUBJECT = 'StatisticsSubject';

export const OUTCOMES = ['submitted', 'granted', 'refused', 'suspended', 'restored', 'withdrawn', 'expired', 'renewed'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type SchemeStatisticsDocument = { _id: string; schemeId: string; country: string; region: string } & Partial<Record<Outcome, number>>;

export const SchemeStatisticsSchema = new Schema<SchemeStatisticsDocument>(
  {
    _id: String,
    schemeId: { type: String, index: true },
    country: String,
    region: String,
    ...Object.fromEntries(OUTCOMES.map((o) => [o, { type: Number, default: 0 }])),
  },
  { collection: 'scheme_statistics', versionKey: false },
);
SchemeStatisticsSchema.plugin(readModelPositionPlugin);

/** Scheme, country and region of an application or certificate, for events that do not repeat them. */
export interface StatisticsSubjectDocument {
  _id: string;
  schemeId: string;
  country: string;
  region: string;
}

export const StatisticsSubjectSchema = new Schema<StatisticsSubjectDocument>(
  { _id: String, schemeId: String, country: String, region: String },
  { collection: 'scheme_statistics_subjects', versionKey: false },
);
StatisticsSubjectSchema.plugin(readModelPositionPlugin);
