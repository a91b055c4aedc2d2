import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The events a bulk registration (CSV import) still owes: one document per batch, written before
 * the organisations, removed once their events are on the public stream. One write and one delete
 * per batch instead of clearing each organisation's `eventPending` (a write per document).
 * The relay publishes what a batch whose writer stopped left behind.
 */
@Schema({ collection: 'organisation_outbox', versionKey: false })
export class OrganisationOutbox {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: [String], required: true }) organisationIds: string[];
  @Prop({ required: true, index: true }) at: string;
}

export const OrganisationOutboxSchema = SchemaFactory.createForClass(OrganisationOutbox);
