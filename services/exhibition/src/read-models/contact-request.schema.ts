import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { HydratedDocument } from 'mongoose';

/** A buyer's message to a booth, kept for the secretariat to pass on. */
@Schema({ collection: 'contact_requests', versionKey: false })
export class ContactRequest {
  /** The caller's commandId when given (a retry stores nothing new), otherwise a fresh UUID. */
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true, index: true }) organisationId: string;
  @Prop({ required: true }) name: string;
  @Prop({ required: true }) email: string;
  @Prop({ required: true }) message: string;
  @Prop() company?: string;
  @Prop({ required: true, index: true }) receivedAt: string;
  @Prop() correlationId?: string;
  /** SHA-256 of what the buyer sent: a retry under the same commandId must repeat it exactly. */
  @Prop() contentDigest?: string;
}
export type ContactRequestDocument = HydratedDocument<ContactRequest>;
export const ContactRequestSchema = SchemaFactory.createForClass(ContactRequest);
