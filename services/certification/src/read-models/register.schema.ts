import { Schema } from 'mongoose';
import { readModelPositionPlugin } from '@banat/projections';
import type { RegisterEntryView } from '@banat/contracts';

/** The public register: one document per certificate, whatever its status, with the dates of each step. */
export const REGISTER_ENTRY = 'RegisterEntry';
export type RegisterEntryDocument = Omit<RegisterEntryView, 'certificateNumber'> & { _id: string };

export const RegisterEntrySchema = new Schema<RegisterEntryDocument>(
  {
    _id: String,
    applicationId: String,
    status: { type: String, index: true },
    holderOrganisationId: { type: String, index: true },
    holderName: { type: Schema.Types.Mixed },
    holderCountry: { type: String, index: true },
    holderRegion: String,
    schemeId: { type: String, index: true },
    schemeVersion: Number,
    products: { type: Schema.Types.Mixed, default: [] },
    validFrom: String,
    validUntil: { type: String, index: true },
    issuedAt: String,
    suspendedAt: String,
    restoredAt: String,
    withdrawnAt: String,
    expiredOn: String,
    renewedAt: String,
    statusReason: String,
    statusSince: String,
    nextSurveillanceDue: String,
    findings: { type: Number, default: 0 },
    revision: Number,
  },
  { collection: 'certificate_register', versionKey: false },
);
// Spans: RegisterMirror reads back only what changed (the public register's pages are served from this replica's copy).
RegisterEntrySchema.plugin(readModelPositionPlugin, { spans: true });
RegisterEntrySchema.index({ status: 1, validUntil: 1 });
