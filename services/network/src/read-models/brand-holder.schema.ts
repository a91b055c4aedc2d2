import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** An organisation's Made in Banat certificates as certification events told them, keyed by the organisation. */
@Schema({ collection: 'brand_holders', versionKey: false })
export class BrandHolderDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) certificates: { number: string; status: string; revision: number; validUntil: string }[];
  /** Latest end of term among valid certificates ('' for none): holders today are `markUntil >= today`. */
  @Prop({ required: true, index: true }) markUntil: string;
  /** Compare-and-set guard: replicas on one holder never lose a fact. */
  @Prop({ required: true }) version: number;
  /** When the holder was last written and that time's 10-second span (`changeStamp`): replicas read back others' writes by equality on the span. */
  @Prop() updatedAt?: string;
  @Prop({ index: true }) changedIn?: string;
}
export const BrandHolderDocumentSchema = SchemaFactory.createForClass(BrandHolderDocument);
