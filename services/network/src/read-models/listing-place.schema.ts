import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * A claim on one of an organisation's places for open listings, taken by the change that opens a listing (a publication,
 * or a renewal after its last day). Its _id is derived from the organisation and the sum of its listings' versions, which
 * every listing change raises: two changes that read the same listings name the same claim, and the unique _id lets one
 * through (on MongoDB and FerretDB alike), so the bound counted from that read cannot be passed by sending them at once.
 */
@Schema({ collection: 'listing_places', versionKey: false })
export class ListingPlaceDocument {
  @Prop({ type: String, required: true }) _id: string;
  @Prop({ required: true }) organisationId: string;
  /** The outbox change (`listing:<id>:<version>`) the place was taken for. */
  @Prop({ required: true }) changeId: string;
  @Prop({ required: true }) at: string;
}
export const ListingPlaceDocumentSchema = SchemaFactory.createForClass(ListingPlaceDocument);
