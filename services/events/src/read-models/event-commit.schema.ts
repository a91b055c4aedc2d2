import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One decision on a programme event: the facts it recorded, stored as one document whose _id is
 * `<eventId>:<revision>`. Inserting it is the append: a unique _id is atomic on MongoDB and on
 * FerretDB 1.x (whose updates are not), so two decisions on the same revision cannot both land.
 */
@Schema({ collection: 'event_commits', versionKey: false })
export class EventCommit {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) eventId: string;
  @Prop({ required: true }) revision: number;
  @Prop({ type: [Object], required: true }) facts: { type: string; data: Record<string, unknown> }[];
  @Prop({ required: true }) at: string;
  @Prop({ required: true }) actor: string;
  @Prop({ required: true }) role: string;
  @Prop() correlationId?: string;
  /** The outbox: false until its public events are on BANAT_PUBLIC (stored in the same insert, so none is lost). */
  @Prop({ required: true, index: true }) published: boolean;
}
export const EventCommitSchema = SchemaFactory.createForClass(EventCommit);
EventCommitSchema.index({ eventId: 1, revision: 1 });
