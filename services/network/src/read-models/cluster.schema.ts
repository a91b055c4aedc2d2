import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/** The services a cluster offers, keyed by the cluster's organisation id; replaced whole at the version read. */
@Schema({ collection: 'cluster_catalogues', versionKey: false })
export class ClusterCatalogueDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) country: string;
  @Prop({ type: [MongooseSchema.Types.Mixed], required: true }) services: { category: string; title: string; countries: string[] }[];
  @Prop({ required: true }) version: number;
}
export const ClusterCatalogueDocumentSchema = SchemaFactory.createForClass(ClusterCatalogueDocument);

/** The service categories an organisation states it needs; replaced whole at the version read. */
@Schema({ collection: 'stated_needs', versionKey: false })
export class StatedNeedsDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) country: string;
  @Prop({ type: [String], required: true }) categories: string[];
  @Prop({ required: true }) version: number;
}
export const StatedNeedsDocumentSchema = SchemaFactory.createForClass(StatedNeedsDocument);
