import type { Model } from 'mongoose';
import { CertificationEvents, CertificationEventName, CertificateFactData } from '@banat/contracts';
import type { EventStore } from '@banat/event-store';
import type { PublicEventPublisher } from '@banat/messaging';
import { defineProjection, Projection } from '@banat/projections';
import { CertificateEvent, certificateDecider, toPublicFact } from '../domain';
import type { PublishedFactDocument } from './published-fact.schema';

/** The CloudEvent id of a stored event's fact: the same on every retry, so JetStream and partners dedupe. */
export const publicFactId = (streamId: string, revision: number) => `${streamId}-${revision}`;

/**
 * Publishes the public fact of each certificate event. Fed by the checkpointed runner, so after a
 * crash it resumes where it stopped: at least once, with deterministic ids for dedupe.
 */
export function publicFactsProjection(store: EventStore, publisher: PublicEventPublisher, log: Model<PublishedFactDocument>): Projection<CertificateEvent> {
  return defineProjection<CertificateEvent>({
    name: 'certification-public-facts',
    handles: ['CertificateIssued', 'CertificateRenewed', 'CertificateSuspended', 'CertificateRestored', 'CertificateWithdrawn', 'CertificateExpired'],
    models: [log],
    async apply(recorded, ctx) {
      const id = publicFactId(recorded.streamId, recorded.revision);
      // The fact needs the certificate as it stood before the event (holder, products, term).
      const earlier = recorded.revision === 0 ? [] : await store.readStream(recorded.streamId, { to: recorded.revision - 1 });
      const before = earlier.reduce((s, e) => certificateDecider.evolve(s, e as unknown as CertificateEvent), certificateDecider.initialState());
      const fact = toPublicFact(before, recorded as unknown as CertificateEvent);
      if (!fact) return;
      const name = fact.type.replace('certificate.', '') as CertificationEventName;
      const { subject, type } = CertificationEvents[name];
      const data: CertificateFactData = { ...fact.data, products: fact.data.products.map((p) => ({ ...p })) };
      await publisher.publish({ id, subject, type, about: fact.data.certificateNumber, data, time: fact.data.at });
      await ctx.upsertAt(log, id, { $set: { subject, type, certificateNumber: fact.data.certificateNumber, publishedAt: new Date().toISOString() } });
    },
  });
}
