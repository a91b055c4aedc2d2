import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A listing as it stands after its last change (written only through the outbox, at `version`). */
@Schema({ collection: 'listings', versionKey: false })
export class ListingDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ required: true }) organisationCountry: string;
  @Prop({ required: true, index: true }) kind: string;
  @Prop({ required: true }) title: string;
  @Prop({ required: true }) description: string;
  @Prop({ type: [String], required: true }) naceCodes: string[];
  @Prop({ type: [Number], required: true }) niceClasses: number[];
  @Prop({ type: [String], required: true }) countriesWanted: string[];
  @Prop({ type: [String], required: true }) languages: string[];
  @Prop({ required: true, index: true }) expiresOn: string;
  @Prop({ required: true, index: true }) status: 'published' | 'withdrawn';
  @Prop({ required: true }) publishedAt: string;
  @Prop() renewedAt?: string;
  @Prop() withdrawnAt?: string;
  @Prop({ required: true }) version: number;
  /** When the listing was last written and that time's 10-second span (`changeStamp`): replicas read back others' writes by equality on the span. */
  @Prop() updatedAt?: string;
  @Prop({ index: true }) changedIn?: string;
}
export const ListingDocumentSchema = SchemaFactory.createForClass(ListingDocument);
