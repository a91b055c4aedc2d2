import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument, Schema as MongooseSchema } from 'mongoose';

/** The network's own copy of who is who, fed by the registry's integration events. */
@Schema({ collection: 'directory', versionKey: false })
export class DirectoryEntry {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ type: MongooseSchema.Types.Mixed, required: true }) name: Record<string, string>;
  @Prop({ required: true }) kind: string;
  @Prop({ required: true, index: true }) country: string;
  @Prop({ required: true }) region: string;
  @Prop({ required: true }) active: boolean;
  /** For a cluster: its member organisations, as the registry last stated them. */
  @Prop({ type: [String], default: [] }) memberIds: string[];
  /** Of those, the ones listed before the network asked for members' consent (CLUSTER_CONSENT_REQUIRED_FROM): members without an invitation. Absent on entries written before: all of memberIds. */
  @Prop({ type: [String] }) listedBeforeConsent?: string[];
  /** Registry revision last applied: older or repeated events are ignored. */
  @Prop({ required: true }) revision: number;
  @Prop({ required: true }) lastEventId: string;
}
export type DirectoryEntryDocument = HydratedDocument<DirectoryEntry>;
export const DirectoryEntrySchema = SchemaFactory.createForClass(DirectoryEntry);
