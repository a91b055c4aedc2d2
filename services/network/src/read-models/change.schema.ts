import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** An integration event to publish: the CloudEvent's id is also its Nats-Msg-Id. */
export interface PendingEvent {
  id: string;
  subject: string;
  type: string;
  about: string;
  data: unknown;
  time: string;
}

/**
 * The outbox: one document per change of an aggregate, keyed `<aggregate>:<id>:<version>`. Inserting
 * it claims the version (two concurrent changes at one version: the unique _id lets one through, on
 * MongoDB and FerretDB alike, without transactions); it holds the state after the change and the
 * events to publish, so a writer that dies half-way is finished by the relay.
 */
@Schema({ collection: 'changes', versionKey: false })
export class Change {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) aggregate: string;
  @Prop({ required: true, index: true }) aggregateId: string;
  @Prop({ required: true }) version: number;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) state: Record<string, unknown>;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) events: PendingEvent[];
  @Prop({ required: true }) at: string;
  @Prop() by?: string;
  /** False until the aggregate's document carries this version. */
  @Prop({ required: true, index: true }) applied: boolean;
  /** False until every event is on the public stream. */
  @Prop({ required: true, index: true }) published: boolean;
}
export const ChangeSchema = SchemaFactory.createForClass(Change);
