import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { ProgrammeEventSummaryView } from '@banat/contracts';
import type { EventDefinition } from '../domain/programme-event';

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

export const listingOf = (definition: EventDefinition, scheduledAt: string): ProgrammeEventListing => ({
  _id: definition.eventId,
  kind: definition.kind,
  country: definition.place.country,
  ...(definition.planId ? { planId: definition.planId } : {}),
  startsOn: definition.startsOn,
  endsOn: definition.endsOn,
  title: { ...definition.title },
  city: definition.place.city,
  scheduledAt,
});

export const summaryOf = ({ _id, ...rest }: ProgrammeEventListing): ProgrammeEventSummaryView => ({ eventId: _id, ...rest });

/** Lists a scheduled event once: the scheduling call and the outbox relay may both try (whoever is first wins). */
export async function listEvent(listings: Model<ProgrammeEventListing>, definition: EventDefinition, scheduledAt: string): Promise<void> {
  if (await listings.exists({ _id: definition.eventId })) return;
  await listings.create(listingOf(definition, scheduledAt)).catch((error) => {
    if ((error as { code?: number }).code !== 11000) throw error;
  });
}
