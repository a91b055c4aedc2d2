import type { EventStore } from '@banat/event-store';
import { defineProjection, Projection } from '@banat/projections';
import { CertificateEvent, certificateDecider } from '../domain';
import type { RegistryClient } from '../application/registry-client';
import { CREDENTIALS_PROJECTION } from '../read-models/projection-status';
import { statusValue } from './bitstring-status-list';
import type { CredentialIssuer } from './credential-issuer';

type Handled = Extract<CertificateEvent, { type: 'CertificateIssued' | 'CertificateRenewed' | 'CertificateSuspended' | 'CertificateRestored' | 'CertificateWithdrawn' }>;
const STATUS: Record<string, Parameters<typeof statusValue>[0]> = { CertificateSuspended: 'suspended', CertificateRestored: 'valid', CertificateWithdrawn: 'withdrawn' };

/**
 * Issues each certificate's verifiable credential from the certification history: signed on grant
 * and renewal, its status list re-signed on suspension, restoration and withdrawal. Certificates
 * granted before this projection existed get theirs by replay from the start of the history.
 */
export function credentialIssuerProjection(store: EventStore, issuer: CredentialIssuer, registry: RegistryClient): Projection<Handled> {
  return defineProjection<Handled>({
    name: CREDENTIALS_PROJECTION,
    handles: ['CertificateIssued', 'CertificateRenewed', 'CertificateSuspended', 'CertificateRestored', 'CertificateWithdrawn'],
    models: [issuer.credentials, issuer.lists],
    async apply(recorded, ctx) {
      const event = recorded as unknown as Handled;
      // Every write is an effect's `then`: they run in the order of the events, after the batch's
      // lookups (the certificate's history, the holder's legal id), which run together.
      if (event.type in STATUS) return ctx.effect(async () => undefined, () => issuer.setStatus(ctx, event.data.certificateNumber, statusValue(STATUS[event.type]), event.data.at));
      return ctx.effect(
        async () => {
          // The credential states the certificate as it stands after the grant or renewal.
          const events = await store.readStream(recorded.streamId, { to: recorded.revision });
          const state = events.reduce((s, e) => certificateDecider.evolve(s, e as unknown as CertificateEvent), certificateDecider.initialState());
          const { certificateNumber, holder, schemeId, schemeVersion, validFrom, validUntil } = state;
          if (!certificateNumber || !holder || !schemeId || schemeVersion === undefined || !validFrom || !validUntil) return undefined;
          const legalId = await registry.legalId(holder.organisationId);
          return { certificateNumber, holder, legalId, schemeId, schemeVersion, products: state.products, validFrom, validUntil, issuedAt: event.data.at };
        },
        async (certificate) => {
          if (certificate) await issuer.issue(ctx, certificate);
        },
      );
    },
  });
}
