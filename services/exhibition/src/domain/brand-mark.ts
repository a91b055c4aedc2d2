import type { BrandMarkView, CertificationEventName } from '@banat/contracts';
import type { CertificateFact } from './certificate-facts';

export type CertificateStatus = 'valid' | 'suspended' | 'withdrawn' | 'expired';

/** What a booth keeps of each certificate of its holder. */
export interface CertificateRecord {
  number: string;
  schemeId: string;
  status: CertificateStatus;
  /** Last applied revision of the certificate's stream: older or repeated facts are ignored. */
  revision: number;
  validFrom: string;
  validUntil: string;
  at: string;
}

/** A grant, renewal or restoration puts the mark up; a suspension, withdrawal or expiry takes it down. */
const STATUS_AFTER: Record<CertificationEventName, CertificateStatus> = {
  granted: 'valid',
  renewed: 'valid',
  restored: 'valid',
  suspended: 'suspended',
  withdrawn: 'withdrawn',
  expired: 'expired',
};

/** The holder's certificates after a fact, or undefined when the fact is not newer than what was applied. */
export function applyCertificateFact(records: readonly CertificateRecord[], fact: CertificateFact): CertificateRecord[] | undefined {
  const current = records.find((r) => r.number === fact.data.certificateNumber);
  if (current && current.revision >= fact.revision) return undefined;
  const next: CertificateRecord = {
    number: fact.data.certificateNumber,
    schemeId: fact.data.schemeId,
    status: STATUS_AFTER[fact.kind],
    revision: fact.revision,
    validFrom: fact.data.validFrom,
    validUntil: fact.data.validUntil,
    at: fact.data.at,
  };
  return [...records.filter((r) => r !== current), next].sort((a, b) => a.number.localeCompare(b.number));
}

/** Valid and within its term on `today` (YYYY-MM-DD): a missed expiry event cannot keep the mark up. */
export const certifiesOn = (record: CertificateRecord, today: string): boolean => record.status === 'valid' && record.validUntil >= today;

/** The mark as shown on `today`. */
export function brandMarkOn(records: readonly CertificateRecord[], today: string): BrandMarkView {
  const valid = records.filter((r) => certifiesOn(r, today));
  if (valid.length === 0) return { shown: false, certificateNumbers: [] };
  return { shown: true, certificateNumbers: valid.map((r) => r.number), validUntil: markUntil(valid) };
}

/** Latest end of term among valid certificates ('' for none): stored so "brand holders now" is one range query. */
export function markUntil(records: readonly CertificateRecord[]): string {
  return records.filter((r) => r.status === 'valid').reduce((latest, r) => (r.validUntil > latest ? r.validUntil : latest), '');
}
