import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A fair or conference with one-to-one meetings: its day, hours, slot length and tables. */
@Schema({ collection: 'fairs', versionKey: false })
export class FairDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) name: string;
  @Prop({ required: true }) date: string;
  @Prop({ required: true }) opensAt: string;
  @Prop({ required: true }) closesAt: string;
  @Prop({ required: true }) slotMinutes: number;
  @Prop({ required: true }) tables: number;
}
export const FairDocumentSchema = SchemaFactory.createForClass(FairDocument);

/** A participant of a fair, keyed `<fair>:<organisation>`, with the slots it is available at. */
@Schema({ collection: 'fair_participants', versionKey: false })
export class FairParticipantDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) fairId: string;
  @Prop({ required: true }) organisationId: string;
  @Prop({ type: [String], required: true }) availableSlots: string[];
}
export const FairParticipantDocumentSchema = SchemaFactory.createForClass(FairParticipantDocument);

/** A meeting at a fair (written only through the outbox, at `version`). */
@Schema({ collection: 'meetings', versionKey: false })
export class MeetingDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) fairId: string;
  @Prop({ required: true, index: true }) requesterOrganisationId: string;
  @Prop({ required: true, index: true }) inviteeOrganisationId: string;
  @Prop({ required: true }) slot: string;
  @Prop({ required: true, index: true }) status: 'requested' | 'accepted' | 'declined';
  @Prop() table?: number;
  @Prop() message?: string;
  @Prop({ required: true }) requestedAt: string;
  @Prop() answeredAt?: string;
  @Prop({ required: true }) version: number;
}
export const MeetingDocumentSchema = SchemaFactory.createForClass(MeetingDocument);

/**
 * A booking claim: `<fair>:<slot>:table:<n>` or `<fair>:<slot>:org:<organisation>`. Inserting it takes
 * the table or the participant's time; the unique _id lets exactly one booking through, on MongoDB and
 * on FerretDB 1.x alike (whose updates are not atomic, so no read-then-write could do this).
 */
@Schema({ collection: 'slot_claims', versionKey: false })
export class SlotClaimDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) meetingId: string;
}
export const SlotClaimDocumentSchema = SchemaFactory.createForClass(SlotClaimDocument);
