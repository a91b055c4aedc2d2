/** Certificates told as events, for the specs of the certificate, "as of" and the public facts. */
import type { CertificateEvent } from './certificate';

export const certificateNumber = 'MIB-2025-0001';
export const holder = { organisationId: 'org-ro-cofetaria-timis', country: 'RO', region: 'RO-TM' };
export const products = [{ name: 'Banat plum brandy', niceClass: 33 }];
const stamp = (actor: string, role: 'secretariat' | 'decision-maker' | 'scheduler', at: string) => ({ at, actor, role });

export const issued = (at = '2025-03-03T12:00:00.000Z'): CertificateEvent => ({
  type: 'CertificateIssued',
  data: {
    certificateNumber,
    applicationId: 'app-2025-001',
    holder,
    schemeId: 'made-in-banat',
    schemeVersion: 1,
    products,
    validFrom: '2025-03-03',
    validUntil: '2028-03-02',
    nextSurveillanceDue: '2026-03-03',
    ...stamp('sec-ana', 'secretariat', at),
  },
});

export const suspended = (at = '2025-09-10T08:00:00.000Z', reason = 'raw materials bought outside the region'): CertificateEvent => ({
  type: 'CertificateSuspended',
  data: { certificateNumber, reason, ...stamp('dm-milan', 'decision-maker', at) },
});

export const restored = (at = '2025-10-20T08:00:00.000Z'): CertificateEvent => ({
  type: 'CertificateRestored',
  data: { certificateNumber, reason: 'regional suppliers documented', ...stamp('dm-milan', 'decision-maker', at) },
});

export const withdrawn = (at = '2026-02-01T08:00:00.000Z'): CertificateEvent => ({
  type: 'CertificateWithdrawn',
  data: { certificateNumber, reason: 'brand mark used on non-certified products', ...stamp('dm-milan', 'decision-maker', at) },
});

export const expired = (at = '2028-03-03T01:00:00.000Z'): CertificateEvent => ({
  type: 'CertificateExpired',
  data: { certificateNumber, expiredOn: '2028-03-03', ...stamp('scheduler', 'scheduler', at) },
});

/** An ESCA Bronze label assessed in February 2017: valid until 31 January 2019. */
export const bronzeNumber = 'ESCA-B-2017-7';
export const bronzeIssued: CertificateEvent = {
  type: 'CertificateIssued',
  data: {
    certificateNumber: bronzeNumber,
    applicationId: 'app-cluster-1',
    holder: { organisationId: 'org-rs-energy-cluster', country: 'RS', region: 'RS-02' },
    schemeId: 'esca-bronze',
    schemeVersion: 1,
    products: [{ name: 'Cluster management services' }],
    validFrom: '2017-02-01',
    validUntil: '2019-01-31',
    nextSurveillanceDue: '2018-02-10',
    ...stamp('sec-ana', 'secretariat', '2017-02-10T12:00:00.000Z'),
  },
};

/** An appeal against the suspension of 10 September 2025, lodged by the holder's manager. */
export const appealLodged = (
  against: 'suspension' | 'withdrawal' = 'suspension',
  at = '2025-10-10T16:00:00.000Z',
  decideBy = '2025-12-09',
  decisionAt = against === 'suspension' ? '2025-09-10T08:00:00.000Z' : '2026-02-01T08:00:00.000Z',
): CertificateEvent => ({
  type: 'CertificateAppealLodged',
  data: {
    certificateNumber,
    appealId: 'cert-appeal-1',
    grounds: 'the supplier invoices from Timiș were not considered',
    against,
    decisionBy: 'dm-milan',
    decisionAt,
    decideBy,
    at,
    actor: 'member-ioana',
    role: 'applicant',
  },
});
