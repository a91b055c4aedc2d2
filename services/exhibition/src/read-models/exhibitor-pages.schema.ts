import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

/** What an exhibitor wrote on its booth; one per organisation, changed at an expected revision. */
@Schema({ collection: 'booth_pages', versionKey: false })
export class BoothPage {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) description?: Record<string, string>;
  @Prop({ type: MongooseSchema.Types.Mixed, default: {} }) contacts: { email?: string; phone?: string; website?: string };
  @Prop() logoImageId?: string;
  @Prop({ required: true }) revision: number;
  @Prop({ required: true }) updatedAt: string;
  @Prop() updatedBy?: string;
}
export const BoothPageSchema = SchemaFactory.createForClass(BoothPage);

/** A product page of a booth, in the programme's languages. */
@Schema({ collection: 'product_pages', versionKey: false })
export class ProductPage {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) name: Record<string, string>;
  @Prop({ type: MongooseSchema.Types.Mixed }) description?: Record<string, string>;
  @Prop({ type: [Number], default: [], index: true }) niceClasses: number[];
  @Prop({ type: [String], default: [] }) imageIds: string[];
  /** Hidden by the secretariat (moderation). */
  @Prop({ required: true, default: false }) hidden: boolean;
  @Prop() moderationReason?: string;
  /** Every name folded (search-key.ts): searched by word prefix. */
  @Prop({ type: String, default: '' }) searchText: string;
  @Prop({ type: String, default: '' }) sortName: string;
  @Prop({ required: true }) revision: number;
  @Prop({ required: true }) createdAt: string;
  @Prop({ required: true }) updatedAt: string;
  /** updatedAt's 10-second span (changeStamp): what other replicas' search indexes read changes back by. */
  @Prop({ index: true }) changedIn?: string;
}
export type ProductPageDocument = HydratedDocument<ProductPage>;
export const ProductPageSchema = SchemaFactory.createForClass(ProductPage);

/** An uploaded image, immutable: its id and SHA-256 never change, so it is cached for long. */
@Schema({ collection: 'images', versionKey: false })
export class ExhibitionImage {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ required: true }) contentType: string;
  @Prop({ required: true }) size: number;
  @Prop({ required: true }) sha256: string;
  @Prop({ type: Buffer, required: true }) data: Buffer;
  @Prop({ required: true }) uploadedAt: string;
}
export const ExhibitionImageSchema = SchemaFactory.createForClass(ExhibitionImage);

/** A themed, time-limited exhibition and the brand holders who opted in. */
@Schema({ collection: 'themed_exhibitions', versionKey: false })
export class ThemedExhibitionRecord {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) title: Record<string, string>;
  @Prop({ required: true }) kind: 'category' | 'season';
  @Prop() niceClass?: number;
  @Prop({ required: true, index: true }) startsOn: string;
  @Prop({ required: true, index: true }) endsOn: string;
  @Prop({ type: [String], default: [] }) participants: string[];
  @Prop({ required: true }) createdAt: string;
}
export const ThemedExhibitionSchema = SchemaFactory.createForClass(ThemedExhibitionRecord);
