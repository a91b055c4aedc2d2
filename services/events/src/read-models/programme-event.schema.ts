import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** The list of scheduled events, for search and the programme-wide view (one document per event, written once when scheduled). */
@Schema({ collection: 'programme_events', versionKey: false })
export class ProgrammeEventListing {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) kind: string;
  @Prop({ required: true, index: true }) country: string;
  @Prop({ index: true }) planId?: string;
  @Prop({ required: true, index: true }) startsOn: string;
  @Prop({ required: true }) endsOn: string;
  @Prop({ type: Object, required: true }) title: Record<string, string>;
  @Prop({ required: true }) city: string;
  @Prop({ required: true }) scheduledAt: string;
}
export const ProgrammeEventListingSchema = SchemaFactory.createForClass(ProgrammeEventListing);
