import type { Model } from 'mongoose';
import { ApplicationSubmittedData, CertificationApplicationEvents, CertificationEvents, CertificationEventName, CertificateFactData } from '@banat/contracts';
import type { EventStore } from '@banat/event-store';
import type { PublicEventPublisher } from '@banat/messaging';
import { defineProjection, Projection } from '@banat/projections';
import { ApplicationEvent, CertificateEvent, certificateDecider, toPublicFact } from '../domain';
import type { PublishedFactDocument } from './published-fact.schema';

/** The CloudEvent id of a stored event's fact: the same on every retry, so JetStream and partners dedupe. */
export const publicFactId = (streamId: string, revision: number) => `${streamId}-${revision}`;

/**
 * Publishes the public fact of each certificate event, and of each application submitted (the
 * programme's indicators count applications by country and region; no evidence, no people). Fed by the checkpointed runner, so after a
 * crash it resumes where it stopped: at least once, with deterministic ids for dedupe. Batched, a
 * batch's facts are published together, sent in the order of the history on one connection (so
 * stored in that order), and the log and checkpoint written once JetStream has acknowledged them all.
 */
export function publicFactsProjection(store: EventStore, publisher: PublicEventPublisher, log: Model<PublishedFactDocument>): Projection<CertificateEvent | ApplicationEvent> {
  return defineProjection<CertificateEvent | ApplicationEvent>({
    name: 'certification-public-facts',
    handles: ['ApplicationSubmitted', 'CertificateIssued', 'CertificateRenewed', 'CertificateSuspended', 'CertificateRestored', 'CertificateWithdrawn', 'CertificateExpired'],
    models: [log],
    async apply(recorded, ctx) {
      const id = publicFactId(recorded.streamId, recorded.revision);
      if (recorded.type === 'ApplicationSubmitted') {
        const submitted = (recorded as unknown as Extract<ApplicationEvent, { type: 'ApplicationSubmitted' }>).data;
        const { subject, type } = CertificationApplicationEvents.submitted;
        const data: ApplicationSubmittedData = { applicationId: submitted.applicationId, applicantOrganisationId: submitted.applicant.organisationId, applicantCountry: submitted.applicant.country, applicantRegion: submitted.applicant.region, schemeId: submitted.schemeId, schemeVersion: submitted.schemeVersion, at: submitted.at };
        await ctx.effect(() => publisher.publish({ id, subject, type, about: submitted.applicationId, data, time: submitted.at }));
        await ctx.upsertAt(log, id, { $set: { subject, type, applicationId: submitted.applicationId, publishedAt: new Date().toISOString() } });
        return;
      }
      // The fact needs the certificate as it stood before the event (holder, products, term).
      const earlier = recorded.revision === 0 ? [] : await store.readStream(recorded.streamId, { to: recorded.revision - 1 });
      const before = earlier.reduce((s, e) => certificateDecider.evolve(s, e as unknown as CertificateEvent), certificateDecider.initialState());
      const fact = toPublicFact(before, recorded as unknown as CertificateEvent);
      if (!fact) return;
      const name = fact.type.replace('certificate.', '') as CertificationEventName;
      const { subject, type } = CertificationEvents[name];
      const data: CertificateFactData = { ...fact.data, products: fact.data.products.map((p) => ({ ...p })) };
      await ctx.effect(() => publisher.publish({ id, subject, type, about: fact.data.certificateNumber, data, time: fact.data.at }));
      await ctx.upsertAt(log, id, { $set: { subject, type, certificateNumber: fact.data.certificateNumber, publishedAt: new Date().toISOString() } });
    },
  });
}
