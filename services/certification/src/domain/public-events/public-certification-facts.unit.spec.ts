import type { CertificateEvent } from '../certificate/certificate';
import { bronzeIssued, certificateNumber, expired, holder, issued, products, restored, suspended, withdrawn } from '../certificate/certificate.fixtures';
import { publicFactsOf, toPublicFact } from './public-certification-facts';
import { certificateDecider } from '../certificate/certificate.decide';

const common = {
  certificateNumber,
  holderOrganisationId: holder.organisationId,
  holderCountry: 'RO',
  holderRegion: 'RO-TM',
  schemeId: 'made-in-banat',
  schemeVersion: 1,
  products,
  validFrom: '2025-03-03',
  validUntil: '2028-03-02',
};

describe('public certification facts for partners', () => {
  it('a granted, suspended, restored and withdrawn certificate yields one fact per step, with reasons', () => {
    expect(publicFactsOf([issued(), suspended(), restored(), withdrawn()])).toEqual([
      { type: 'certificate.granted', version: 1, data: { ...common, at: '2025-03-03T12:00:00.000Z' } },
      {
        type: 'certificate.suspended',
        version: 1,
        data: { ...common, reason: 'raw materials bought outside the region', at: '2025-09-10T08:00:00.000Z' },
      },
      { type: 'certificate.restored', version: 1, data: { ...common, reason: 'regional suppliers documented', at: '2025-10-20T08:00:00.000Z' } },
      {
        type: 'certificate.withdrawn',
        version: 1,
        data: { ...common, reason: 'brand mark used on non-certified products', at: '2026-02-01T08:00:00.000Z' },
      },
    ]);
  });

  it('an expiry is a public fact', () => {
    expect(publicFactsOf([issued(), expired()])[1]).toEqual({ type: 'certificate.expired', version: 1, data: { ...common, at: '2028-03-03T01:00:00.000Z' } });
  });

  it('a renewal carries the new validity', () => {
    const renewed: CertificateEvent = {
      type: 'CertificateRenewed',
      data: {
        certificateNumber: bronzeIssued.data.certificateNumber,
        renewalApplicationId: 'app-cluster-2',
        previousValidUntil: '2019-01-31',
        validFrom: '2019-02-01',
        validUntil: '2022-01-31',
        reason: 'renewal benchmarking completed',
        at: '2018-12-05T10:00:00.000Z',
        actor: 'dm-milan',
        role: 'decision-maker',
      },
    };
    const [, fact] = publicFactsOf([bronzeIssued, renewed]);
    expect(fact).toMatchObject({ type: 'certificate.renewed', data: { schemeId: 'esca-bronze', validFrom: '2019-02-01', validUntil: '2022-01-31' } });
  });

  it('surveillance findings stay internal', () => {
    const finding: CertificateEvent = {
      type: 'SurveillanceFindingRecorded',
      data: {
        certificateNumber,
        findingId: 'f-1',
        source: 'complaint',
        severity: 'minor',
        summary: 'a competitor says the plums are from elsewhere',
        nextSurveillanceDue: '2026-03-03',
        at: '2025-05-01T10:00:00.000Z',
        actor: 'sec-ana',
        role: 'secretariat',
      },
    };
    expect(toPublicFact(certificateDecider.evolve(certificateDecider.initialState(), issued()), finding)).toBeUndefined();
    expect(publicFactsOf([issued(), finding])).toHaveLength(1);
  });

  it('no actor or role leaks to partners', () => {
    for (const fact of publicFactsOf([issued(), suspended()])) {
      expect(Object.keys(fact.data)).not.toEqual(expect.arrayContaining(['actor']));
      expect(Object.keys(fact.data)).not.toEqual(expect.arrayContaining(['role']));
    }
  });
});
