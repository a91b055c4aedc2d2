import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** An organisation's membership, keyed by the organisation (written only through the outbox, at `version`). */
@Schema({ collection: 'memberships', versionKey: false })
export class MembershipDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationCountry: string;
  @Prop({ required: true, index: true }) status: 'applied' | 'active' | 'suspended' | 'rejected' | 'left';
  @Prop({ type: [String], required: true, index: true }) roles: string[];
  @Prop() joinedAt?: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) history: Record<string, unknown>[];
  @Prop({ required: true }) version: number;
  /** When the outbox last applied a change and that time's 10-second span (`changeStamp`): replicas read back others' writes by equality on the span. */
  @Prop() updatedAt?: string;
  @Prop({ index: true }) changedIn?: string;
}
export const MembershipDocumentSchema = SchemaFactory.createForClass(MembershipDocument);
