import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';
import type { BoothProfile, CertificateRecord } from '../domain';

/**
 * A booth, one per organisation, fed by registry and certification events. Profile fields are flat
 * (absent until the registry's event arrives) so filters are plain equality/range queries on FerretDB.
 */
@Schema({ collection: 'booths', versionKey: false })
export class Booth {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: MongooseSchema.Types.Mixed }) name?: Record<string, string>;
  @Prop({ type: MongooseSchema.Types.Mixed }) description?: Record<string, string>;
  @Prop() kind?: string;
  @Prop({ index: true }) country?: string;
  @Prop({ index: true }) region?: string;
  @Prop() website?: string;
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] }) products: BoothProfile['products'];
  @Prop({ type: [Number], default: [], index: true }) niceClasses: number[];
  @Prop() active?: boolean;
  /** Registry revision applied; 0 while the booth is known only from certificate events. */
  @Prop({ required: true, default: 0 }) registryRevision: number;
  @Prop({ type: MongooseSchema.Types.Mixed, default: [] }) certificates: CertificateRecord[];
  @Prop({ required: true, index: true }) listed: boolean;
  /** Mongoose's 'required' refuses '' (a booth known only from certificates has no names yet). */
  @Prop({ type: String, default: '' }) searchText: string;
  @Prop({ type: String, default: '' }) sortName: string;
  /** Latest end of term among valid certificates ('' for none): "brand holders now" is `markUntil >= today`. */
  @Prop({ type: String, default: '', index: true }) markUntil: string;
  /** Hidden from the public by the secretariat (moderation); kept apart from what events set. */
  @Prop({ type: Boolean, default: false }) hidden?: boolean;
  @Prop() moderationReason?: string;
  /** Optimistic concurrency between replicas applying events to the same booth. */
  @Prop({ required: true }) version: number;
  @Prop({ required: true, index: true }) updatedAt: string;
  /** updatedAt's 10-second span (changeStamp): what other replicas' search indexes read changes back by. */
  @Prop({ index: true }) changedIn?: string;
}
export type BoothDocument = HydratedDocument<Booth>;
export const BoothSchema = SchemaFactory.createForClass(Booth);
BoothSchema.index({ listed: 1, sortName: 1 });
