import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** An expression of interest as it stands after its last change (written only through the outbox, at `version`). */
@Schema({ collection: 'interests', versionKey: false })
export class InterestDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) listingId: string;
  @Prop({ required: true, index: true }) listingOrganisationId: string;
  @Prop({ required: true }) listingTitle: string;
  @Prop({ required: true, index: true }) fromOrganisationId: string;
  @Prop({ required: true }) message: string;
  @Prop({ required: true, index: true }) replyBy: string;
  @Prop({ required: true, index: true }) status: 'pending' | 'accepted' | 'declined' | 'expired' | 'withdrawn';
  @Prop({ required: true }) expressedAt: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) answer?: { message?: string };
  @Prop() closedAt?: string;
  @Prop({ required: true }) version: number;
}
export const InterestDocumentSchema = SchemaFactory.createForClass(InterestDocument);
