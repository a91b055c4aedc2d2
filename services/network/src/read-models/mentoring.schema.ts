import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** A mentoring or twinning (written only through the outbox, at `version`). */
@Schema({ collection: 'mentorings', versionKey: false })
export class MentoringDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) kind: 'mentoring' | 'twinning';
  @Prop({ required: true, index: true }) mentorOrganisationId: string;
  @Prop({ required: true, index: true }) menteeOrganisationId: string;
  @Prop({ required: true }) from: string;
  @Prop({ required: true }) until: string;
  @Prop({ type: [String], required: true }) goals: string[];
  @Prop({ required: true }) status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'closed';
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) meetings: { on: string; notes: string }[];
  @Prop() outcome?: string;
  @Prop({ required: true }) proposedAt: string;
  @Prop({ required: true }) version: number;
}
export const MentoringDocumentSchema = SchemaFactory.createForClass(MentoringDocument);
