import type { CertificationEventName } from '@banat/contracts';
import { applyCertificateFact, brandMarkOn, CertificateRecord, markUntil } from './brand-mark';
import { CertificateFact, revisionOf, toCertificateFact } from './certificate-facts';

const TODAY = '2026-06-01';
const fact = (kind: CertificationEventName, revision: number, number = 'MIB-2026-000001', validUntil = '2029-01-05'): CertificateFact => ({
  kind,
  revision,
  eventId: `certificate-${number}-${revision}`,
  data: { certificateNumber: number, holderOrganisationId: 'org-1', schemeId: 'made-in-banat', validFrom: '2026-01-05', validUntil, at: '2026-01-05T09:00:00.000Z' },
});

/** Applies facts in the given order, skipping stale ones as the projection does. */
const given = (...facts: CertificateFact[]) => facts.reduce<CertificateRecord[]>((records, f) => applyCertificateFact(records, f) ?? records, []);

describe('the brand mark', () => {
  it('shows after a grant, is taken down by a suspension and put back by a restoration', () => {
    expect(brandMarkOn(given(fact('granted', 0)), TODAY)).toEqual({ shown: true, certificateNumbers: ['MIB-2026-000001'], validUntil: '2029-01-05' });
    expect(brandMarkOn(given(fact('granted', 0), fact('suspended', 2)), TODAY)).toEqual({ shown: false, certificateNumbers: [] });
    expect(brandMarkOn(given(fact('granted', 0), fact('suspended', 2), fact('restored', 3)), TODAY).shown).toBe(true);
  });

  it.each(['suspended', 'withdrawn', 'expired'] as const)('is taken down at once by %s', (kind) => {
    expect(brandMarkOn(given(fact('granted', 0), fact(kind, 1)), TODAY).shown).toBe(false);
  });

  it('a renewal keeps it up with the new term', () => {
    const records = given(fact('granted', 0, undefined, '2026-12-31'), fact('renewed', 4, undefined, '2029-12-31'));
    expect(brandMarkOn(records, '2027-03-01')).toMatchObject({ shown: true, validUntil: '2029-12-31' });
  });

  it('ignores a fact older than or equal to the last applied revision of that certificate', () => {
    const suspended = given(fact('granted', 0), fact('suspended', 2));
    expect(applyCertificateFact(suspended, fact('granted', 0))).toBeUndefined();
    expect(applyCertificateFact(suspended, fact('suspended', 2))).toBeUndefined();
    expect(applyCertificateFact(suspended, fact('restored', 1))).toBeUndefined();
    expect(applyCertificateFact(suspended, fact('restored', 3))).toBeDefined();
  });

  it('orders facts per certificate: another certificate of the holder keeps the mark up', () => {
    const records = given(fact('granted', 0, 'A'), fact('granted', 0, 'B'), fact('withdrawn', 1, 'A'));
    expect(brandMarkOn(records, TODAY)).toMatchObject({ shown: true, certificateNumbers: ['B'] });
    expect(records.map((r) => `${r.number}:${r.status}`)).toEqual(['A:withdrawn', 'B:valid']);
  });

  it('is not shown past the end of term even when no expiry fact has arrived yet', () => {
    const records = given(fact('granted', 0, undefined, '2026-05-31'));
    expect(brandMarkOn(records, '2026-05-31').shown).toBe(true);
    expect(brandMarkOn(records, TODAY).shown).toBe(false);
    expect(markUntil(records)).toBe('2026-05-31');
  });

  it("markUntil is the latest term among valid certificates only, '' for none", () => {
    expect(markUntil(given(fact('granted', 0, 'A', '2027-01-01'), fact('granted', 0, 'B', '2028-01-01')))).toBe('2028-01-01');
    expect(markUntil(given(fact('granted', 0, 'A', '2027-01-01'), fact('granted', 0, 'B', '2028-01-01'), fact('suspended', 1, 'B')))).toBe('2027-01-01');
    expect(markUntil(given(fact('granted', 0), fact('withdrawn', 1)))).toBe('');
  });
});

describe('certificate facts from CloudEvents', () => {
  const data = { certificateNumber: 'MIB-2026-000001', holderOrganisationId: 'org-1', schemeId: 'made-in-banat', validFrom: '2026-01-05', validUntil: '2029-01-05', at: '2026-01-05T09:00:00.000Z' };

  it('reads the kind from the type and the revision from the id', () => {
    expect(revisionOf('certificate-MIB-2026-000001-12')).toBe(12);
    expect(toCertificateFact({ id: 'certificate-MIB-2026-000001-3', type: 'eu.madeinbanat.certification.certificate.suspended.v1', data })).toMatchObject({ kind: 'suspended', revision: 3 });
  });

  it('refuses an event it cannot order or does not know', () => {
    expect(revisionOf('0b9c4a3e-uuid-like')).toBeUndefined();
    expect(toCertificateFact({ id: 'no-revision-here', type: 'eu.madeinbanat.certification.certificate.granted.v1', data })).toBeUndefined();
    expect(toCertificateFact({ id: 'certificate-X-1', type: 'eu.madeinbanat.certification.certificate.forged.v1', data })).toBeUndefined();
    expect(toCertificateFact({ id: 'certificate-X-1', type: 'eu.madeinbanat.certification.certificate.granted.v1', data: {} })).toBeUndefined();
  });
});
