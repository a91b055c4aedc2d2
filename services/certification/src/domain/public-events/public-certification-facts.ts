/**
 * The facts partners may subscribe to, mapped from certificate events. Plain objects, versioned by
 * `version`; the transport wraps them in CloudEvents. Internal details (findings, actors) stay out.
 */
import type { Product } from '../application/application';
import type { CertificateEvent, CertificateState } from '../certificate/certificate';
import { certificateDecider } from '../certificate/certificate.decide';

export type PublicCertificationFactType =
  | 'certificate.granted'
  | 'certificate.renewed'
  | 'certificate.suspended'
  | 'certificate.restored'
  | 'certificate.withdrawn'
  | 'certificate.expired';

export type PublicCertificationFact = Readonly<{
  type: PublicCertificationFactType;
  version: 1;
  data: Readonly<{
    certificateNumber: string;
    holderOrganisationId: string;
    holderCountry: string;
    holderRegion: string;
    schemeId: string;
    schemeVersion: number;
    products: readonly Product[];
    validFrom: string;
    validUntil: string;
    reason?: string;
    at: string;
  }>;
}>;

const factTypes: Partial<Record<CertificateEvent['type'], PublicCertificationFactType>> = {
  CertificateIssued: 'certificate.granted',
  CertificateRenewed: 'certificate.renewed',
  CertificateSuspended: 'certificate.suspended',
  CertificateRestored: 'certificate.restored',
  CertificateWithdrawn: 'certificate.withdrawn',
  CertificateExpired: 'certificate.expired',
};

/**
 * The public fact for one event, given the certificate's state before it (the event alone does not
 * carry the holder and products). Returns undefined for events partners do not see.
 */
export function toPublicFact(before: CertificateState, event: CertificateEvent): PublicCertificationFact | undefined {
  const type = factTypes[event.type];
  if (!type) return undefined;
  const after = certificateDecider.evolve(before, event);
  const { certificateNumber, holder, schemeId, schemeVersion, validFrom, validUntil } = after;
  if (!certificateNumber || !holder || !schemeId || schemeVersion === undefined || !validFrom || !validUntil) return undefined;
  const reason = 'reason' in event.data ? event.data.reason : undefined;
  return {
    type,
    version: 1,
    data: {
      certificateNumber,
      holderOrganisationId: holder.organisationId,
      holderCountry: holder.country,
      holderRegion: holder.region,
      schemeId,
      schemeVersion,
      products: after.products,
      validFrom,
      validUntil,
      ...(reason === undefined ? {} : { reason }),
      at: event.data.at,
    },
  };
}

/** The public facts of a whole stream, in order. */
export function publicFactsOf(events: readonly CertificateEvent[]): PublicCertificationFact[] {
  const facts: PublicCertificationFact[] = [];
  let state = certificateDecider.initialState();
  for (const event of events) {
    const fact = toPublicFact(state, event);
    if (fact) facts.push(fact);
    state = certificateDecider.evolve(state, event);
  }
  return facts;
}
