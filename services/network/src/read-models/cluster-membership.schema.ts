import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** An organisation's membership of a cluster, one per pair (written only through the outbox, at `version`). */
@Schema({ collection: 'cluster_memberships', versionKey: false })
export class ClusterMembershipDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) clusterId: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ required: true }) status: 'invited' | 'member' | 'declined' | 'left' | 'withdrawn' | 'removed';
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) history: { step: string; at: string; by: string; reason?: string }[];
  @Prop({ required: true }) version: number;
}
export const ClusterMembershipDocumentSchema = SchemaFactory.createForClass(ClusterMembershipDocument);
