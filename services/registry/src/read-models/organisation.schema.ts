import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

/** An organisation of the common cross-border database. Never deleted: deactivated with a reason. */
@Schema({ collection: 'organisations', versionKey: false })
export class Organisation {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) kind: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) name: Record<string, string>;
  @Prop({ type: MongooseSchema.Types.Mixed }) description?: Record<string, string>;
  @Prop({ required: true, index: true }) country: string;
  @Prop({ required: true, index: true }) region: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) legalId: { kind: string; value: string };
  /** country:kind:normalised value — unique, so a second record for the same legal entity is refused. */
  @Prop({ required: true, unique: true }) legalIdKey: string;
  @Prop() sizeClass?: string;
  @Prop({ type: [String], default: [], index: true }) naceCodes: string[];
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] }) contacts: { name?: string; email?: string; phone?: string }[];
  @Prop() website?: string;
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] }) products: unknown[];
  @Prop({ type: [String], default: [] }) memberIds: string[];
  /** Names folded to one script and no diacritics, space-separated words: prefix search in any script. */
  @Prop({ required: true, index: true }) searchText: string;
  /** Sort key for 'name'. */
  @Prop({ required: true }) sortName: string;
  @Prop({ required: true, index: true }) active: boolean;
  @Prop({ type: MongooseSchema.Types.Mixed }) deactivation?: { reason: string; at: string; by?: string };
  /** Optimistic concurrency: every change increments it; a change at a stale revision is a 409. */
  @Prop({ required: true }) revision: number;
  /** Outbox: set with every change, cleared once the change's integration event is published. */
  @Prop({ required: true, default: true, index: true }) eventPending: boolean;
  @Prop({ required: true }) registeredAt: string;
  @Prop({ required: true, index: true }) updatedAt: string;
  /** updatedAt's 10-second span (changeStamp): what other replicas' search indexes read changes back by. */
  @Prop({ index: true }) changedIn?: string;
}

export type OrganisationDocument = HydratedDocument<Organisation>;
export const OrganisationSchema = SchemaFactory.createForClass(Organisation);
OrganisationSchema.index({ active: 1, sortName: 1 });
