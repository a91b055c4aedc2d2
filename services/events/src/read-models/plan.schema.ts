import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** A plan of events (e.g. "5 workshops in RO, 5 in RS"): configuration the secretariat sets once. */
@Schema({ collection: 'plans', versionKey: false })
export class Plan {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) title: string;
  @Prop({ type: [Object], required: true }) targets: { kind: string; country: string; count: number }[];
  @Prop({ required: true }) createdAt: string;
  @Prop({ required: true }) createdBy: string;
}
export const PlanSchema = SchemaFactory.createForClass(Plan);
