import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A partnership between two organisations (written only through the outbox, at `version`). */
@Schema({ collection: 'partnerships', versionKey: false })
export class PartnershipDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) kind: 'business' | 'research' | 'cross-border-project' | 'twinning';
  @Prop({ required: true, index: true }) proposerOrganisationId: string;
  @Prop({ required: true, index: true }) partnerOrganisationId: string;
  @Prop({ required: true }) title: string;
  @Prop({ required: true }) from: string;
  @Prop({ required: true }) until: string;
  @Prop({ type: [String], required: true }) goals: string[];
  @Prop({ required: true, index: true }) status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'ended';
  @Prop() outcome?: string;
  @Prop({ required: true }) proposedAt: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) history: { step: 'proposed' | 'accepted' | 'declined' | 'withdrawn' | 'ended'; at: string; by: string; outcome?: string }[];
  @Prop({ required: true }) version: number;
}
export const PartnershipDocumentSchema = SchemaFactory.createForClass(PartnershipDocument);
