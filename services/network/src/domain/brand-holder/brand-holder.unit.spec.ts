import { CertificationEventName, CertificationEvents } from '@banat/contracts';
import { brandHolderOn, HeldCertificate, toCertificateFact, withFact } from './brand-holder';

const holder = 'org-pekara';
const event = (kind: CertificationEventName, revision: number, changes: Record<string, unknown> = {}) => ({
  id: `certificate-MIB-2026-000001-${revision}`,
  type: CertificationEvents[kind].type,
  data: { certificateNumber: 'MIB-2026-000001', holderOrganisationId: holder, schemeId: 'made-in-banat', validUntil: '2029-01-04', ...changes },
});
/** Folds events as the projection does, skipping what it would skip. */
const fold = (...events: ReturnType<typeof event>[]): HeldCertificate[] =>
  events.reduce<HeldCertificate[]>((held, e) => {
    const fact = toCertificateFact(e);
    return (fact && withFact(held, fact)) || held;
  }, []);
const today = '2026-12-01';

describe('the brand-holder mark follows certification events', () => {
  it('is given on a grant and shown until the end of the term', () => {
    expect(brandHolderOn(fold(event('granted', 0)), today)).toEqual({ marked: true, certificateNumbers: ['MIB-2026-000001'], until: '2029-01-04' });
  });

  it.each(['suspended', 'withdrawn', 'expired'] as const)('is lost on %s', (kind) => {
    expect(brandHolderOn(fold(event('granted', 0), event(kind, 1)), today).marked).toBe(false);
  });

  it('comes back on restoration and renewal', () => {
    expect(brandHolderOn(fold(event('granted', 0), event('suspended', 1), event('restored', 2)), today).marked).toBe(true);
    expect(brandHolderOn(fold(event('granted', 0), event('expired', 1), event('renewed', 2, { validUntil: '2032-01-04' })), today).until).toBe('2032-01-04');
  });

  it('ignores a redelivered or older fact', () => {
    const held = fold(event('granted', 0), event('withdrawn', 1));
    expect(withFact(held, toCertificateFact(event('granted', 0))!)).toBeUndefined();
    expect(withFact(held, toCertificateFact(event('withdrawn', 1))!)).toBeUndefined();
  });

  it('is not shown past the term even when the expiry event was missed', () => {
    expect(brandHolderOn(fold(event('granted', 0, { validUntil: '2026-11-30' })), today).marked).toBe(false);
  });

  it('holds while any one certificate is valid', () => {
    const second = { ...event('granted', 0), id: 'certificate-MIB-2026-000002-0', data: { ...event('granted', 0).data, certificateNumber: 'MIB-2026-000002', validUntil: '2028-06-30' } };
    const held = fold(event('granted', 0), second, event('suspended', 1));
    expect(brandHolderOn(held, today)).toEqual({ marked: true, certificateNumbers: ['MIB-2026-000002'], until: '2028-06-30' });
  });

  it('reads only Made in Banat certificates with an ordered id', () => {
    expect(toCertificateFact(event('granted', 0, { schemeId: 'esca-bronze' }))).toBeUndefined();
    expect(toCertificateFact({ ...event('granted', 0), id: 'no-revision' })).toBeUndefined();
    expect(toCertificateFact({ ...event('granted', 0), type: 'eu.madeinbanat.other' })).toBeUndefined();
  });
});
