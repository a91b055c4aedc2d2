import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * One document per revision of an organisation, keyed `<id>:<revision>`: inserting it claims the
 * revision (the unique _id makes two concurrent changes at one revision a conflict, on MongoDB and
 * on FerretDB alike, without transactions), and it keeps who changed what and when.
 */
@Schema({ collection: 'organisation_changes', versionKey: false })
export class OrganisationChange {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ required: true }) revision: number;
  @Prop({ required: true }) kind: 'registered' | 'updated' | 'deactivated';
  @Prop({ required: true }) at: string;
  @Prop() by?: string;
  /** What another service reported that made this change (its CloudEvent `source` and `id`), when no person did. */
  @Prop() cause?: string;
  /** The fields this revision sets: enough to finish the change if the writer stopped half-way. */
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) state: Record<string, unknown>;
  /** False until the organisation document carries this revision. */
  @Prop({ required: true, index: true }) applied: boolean;
}

export const OrganisationChangeSchema = SchemaFactory.createForClass(OrganisationChange);
