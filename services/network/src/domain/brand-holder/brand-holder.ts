/**
 * Who holds the Made in Banat brand, learnt from the certification service's public events: an
 * organisation is a brand holder while one of its Made in Banat certificates is valid and within its
 * term; suspension, withdrawal or expiry takes the mark away, restoration or renewal gives it back.
 */
import { CertificationEventName, CertificationEvents } from '@banat/contracts';

/** The brand itself; cluster labels (ESCA) and other schemes do not make a brand holder. */
export const BRAND_SCHEME = 'made-in-banat';

export type HeldStatus = 'valid' | 'suspended' | 'withdrawn' | 'expired';

export interface CertificateFact {
  kind: CertificationEventName;
  /** The certificate stream's revision, from the CloudEvent id `certificate-<number>-<revision>`. */
  revision: number;
  certificateNumber: string;
  holderOrganisationId: string;
  schemeId: string;
  validUntil: string;
}

export interface HeldCertificate {
  number: string;
  status: HeldStatus;
  revision: number;
  validUntil: string;
}

const KIND_BY_TYPE = new Map(Object.entries(CertificationEvents).map(([kind, e]) => [e.type, kind as CertificationEventName]));

const STATUS_AFTER: Record<CertificationEventName, HeldStatus> = {
  granted: 'valid',
  renewed: 'valid',
  restored: 'valid',
  suspended: 'suspended',
  withdrawn: 'withdrawn',
  expired: 'expired',
};

/** The fact a certification CloudEvent states, or undefined for one that cannot be ordered or is not about the brand. */
export function toCertificateFact(event: { id: string; type: string; data: unknown }): CertificateFact | undefined {
  const kind = KIND_BY_TYPE.get(event.type);
  const revision = /-(\d+)$/.exec(event.id)?.[1];
  const data = event.data as Partial<CertificateFact> | undefined;
  if (!kind || revision === undefined || !data?.certificateNumber || !data.holderOrganisationId || !data.validUntil || data.schemeId !== BRAND_SCHEME) return undefined;
  return { kind, revision: Number(revision), certificateNumber: data.certificateNumber, holderOrganisationId: data.holderOrganisationId, schemeId: data.schemeId, validUntil: data.validUntil };
}

/** The holder's certificates after a fact, or undefined when the fact is not newer than what is known (a redelivery). */
export function withFact(held: readonly HeldCertificate[], fact: CertificateFact): HeldCertificate[] | undefined {
  const current = held.find((c) => c.number === fact.certificateNumber);
  if (current && current.revision >= fact.revision) return undefined;
  const next: HeldCertificate = { number: fact.certificateNumber, status: STATUS_AFTER[fact.kind], revision: fact.revision, validUntil: fact.validUntil };
  return [...held.filter((c) => c !== current), next].sort((a, b) => a.number.localeCompare(b.number));
}

/** Latest end of term among valid certificates ('' for none): stored, so "brand holders today" is one range query. */
export const markUntil = (held: readonly HeldCertificate[]): string =>
  held.filter((c) => c.status === 'valid').reduce((latest, c) => (c.validUntil > latest ? c.validUntil : latest), '');

/** The brand-holder mark on a day: a valid certificate within its term (a missed expiry event cannot keep it). */
export function brandHolderOn(held: readonly HeldCertificate[], today: string): { marked: boolean; certificateNumbers: string[]; until?: string } {
  const valid = held.filter((c) => c.status === 'valid' && c.validUntil >= today);
  return valid.length ? { marked: true, certificateNumbers: valid.map((c) => c.number), until: markUntil(valid) } : { marked: false, certificateNumbers: [] };
}
