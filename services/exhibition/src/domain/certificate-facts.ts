import { CertificateFactData, CertificationEventName, CertificationEvents } from '@banat/contracts';

/** A certification CloudEvent as the exhibition reads it: what happened, to which certificate, in which order. */
export interface CertificateFact {
  kind: CertificationEventName;
  /** The certificate stream's revision (from the CloudEvent id `certificate-<number>-<revision>`). */
  revision: number;
  eventId: string;
  data: Pick<CertificateFactData, 'certificateNumber' | 'holderOrganisationId' | 'schemeId' | 'validFrom' | 'validUntil' | 'at'>;
}

const KIND_BY_TYPE = new Map(Object.entries(CertificationEvents).map(([kind, e]) => [e.type, kind as CertificationEventName]));

/** The stream revision a certification CloudEvent id ends with, or undefined when it carries none. */
export function revisionOf(eventId: string): number | undefined {
  const match = /-(\d+)$/.exec(eventId);
  return match ? Number(match[1]) : undefined;
}

/** The fact of a certification CloudEvent, or undefined for a type or id this service cannot order. */
export function toCertificateFact(event: { id: string; type: string; data: unknown }): CertificateFact | undefined {
  const kind = KIND_BY_TYPE.get(event.type);
  const revision = revisionOf(event.id);
  const data = event.data as CertificateFact['data'] | undefined;
  if (!kind || revision === undefined || !data?.certificateNumber || !data.holderOrganisationId) return undefined;
  return { kind, revision, eventId: event.id, data };
}
