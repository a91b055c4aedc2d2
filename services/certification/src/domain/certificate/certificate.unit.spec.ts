import type { Role } from '../shared/command-metadata';
import { ReasonRequired, UnknownScheme } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import type { CertificateEvent } from './certificate';
import { certificateDecider, CertificateCommand, RenewalAssessment } from './certificate.decide';
import {
  CertificateAlreadyIssued,
  CertificateAlreadySuspended,
  CertificateExpired,
  CertificateNotIssued,
  CertificateNotSuspended,
  CertificateWithdrawn,
  InvalidValidity,
  RenewalAssessmentAlreadyUsed,
  RenewalAssessmentNotGranted,
  RenewalAssessmentNotMatching,
  RenewalGracePeriodPassed,
  RenewalOfSuspendedCertificate,
} from './certificate.errors';
import {
  bronzeIssued,
  bronzeNumber,
  certificateNumber,
  expired,
  holder,
  issued,
  products,
  restored,
  suspended,
  withdrawn,
} from './certificate.fixtures';

const given = deciderSpecificationFor(certificateDecider);
const by = (now: string, actor = 'dm-milan', role: Role = 'decision-maker') => ({ actor, role, now });
const stamp = (now: string, actor = 'dm-milan', role: Role = 'decision-maker') => ({ at: now, actor, role });

const issue = (change: Partial<Extract<CertificateCommand, { type: 'IssueCertificate' }>['data']> = {}): CertificateCommand => ({
  type: 'IssueCertificate',
  data: {
    certificateNumber,
    applicationId: 'app-2025-001',
    holder,
    schemeId: 'made-in-banat',
    schemeVersion: 1,
    products,
    validFrom: '2025-03-03',
    validUntil: '2028-03-02',
    ...change,
  },
  metadata: by('2025-03-03T12:00:00.000Z', 'sec-ana', 'secretariat'),
});
const suspend = (now: string, reason = 'raw materials bought outside the region'): CertificateCommand => ({
  type: 'SuspendCertificate',
  data: { certificateNumber, reason },
  metadata: by(now),
});
const restore = (now: string): CertificateCommand => ({
  type: 'RestoreCertificate',
  data: { certificateNumber, reason: 'regional suppliers documented' },
  metadata: by(now),
});
const withdraw = (now: string): CertificateCommand => ({
  type: 'WithdrawCertificate',
  data: { certificateNumber, reason: 'brand mark used on non-certified products' },
  metadata: by(now),
});
const expireIfDue = (now: string, number = certificateNumber): CertificateCommand => ({
  type: 'ExpireIfDue',
  data: { certificateNumber: number },
  metadata: by(now, 'scheduler', 'scheduler'),
});
/** The cluster's renewal benchmarking, granted: what the application layer reads from the renewal file. */
const grantedRenewalAssessment = (change: Partial<RenewalAssessment> = {}): RenewalAssessment => ({
  applicationId: 'app-cluster-2',
  status: 'granted',
  holderOrganisationId: 'org-rs-energy-cluster',
  schemeId: 'esca-bronze',
  ...change,
});
const renew = (now: string, number = bronzeNumber, renewalAssessment: RenewalAssessment | null = grantedRenewalAssessment()): CertificateCommand => ({
  type: 'RenewCertificate',
  data: { certificateNumber: number, renewalApplicationId: renewalAssessment?.applicationId ?? 'app-cluster-2', reason: 'renewal benchmarking completed', renewalAssessment: renewalAssessment ?? undefined },
  metadata: by(now),
});
const finding = (now: string, source: 'surveillance' | 'complaint' = 'surveillance'): CertificateCommand => ({
  type: 'RecordSurveillanceFinding',
  data: { certificateNumber, findingId: 'f-1', source, severity: 'minor', summary: 'supplier list out of date' },
  metadata: by(now, 'auditor-eva', 'expert'),
});

describe('issuing a certificate', () => {
  it('is issued from the grant, with the first surveillance due after the scheme interval', () => {
    given([]).when(issue()).then([issued()]);
  });

  it('is issued once', () => {
    given([issued()]).when(issue()).thenThrows(CertificateAlreadyIssued);
  });

  it('a validity that ends before it starts is refused', () => {
    given([]).when(issue({ validUntil: '2025-01-01' })).thenThrows(InvalidValidity);
  });

  it('a scheme version that does not exist is refused', () => {
    given([]).when(issue({ schemeVersion: 7 })).thenThrows(UnknownScheme);
  });

  it('nothing can happen to a certificate not yet issued', () => {
    given([]).when(suspend('2025-09-10T08:00:00.000Z')).thenThrows(CertificateNotIssued);
  });
});

describe('surveillance', () => {
  it('a surveillance finding is recorded and the next visit falls due a year later', () => {
    given([issued()])
      .when(finding('2026-02-20T10:00:00.000Z'))
      .then([
        {
          type: 'SurveillanceFindingRecorded',
          data: {
            certificateNumber,
            findingId: 'f-1',
            source: 'surveillance',
            severity: 'minor',
            summary: 'supplier list out of date',
            nextSurveillanceDue: '2027-02-20',
            ...stamp('2026-02-20T10:00:00.000Z', 'auditor-eva', 'expert'),
          },
        },
      ]);
  });

  it('a complaint is recorded as a finding without moving the next surveillance visit', () => {
    const [event] = certificateDecider.decide(finding('2025-06-01T10:00:00.000Z', 'complaint'), stateOf([issued()]));
    expect(event.type === 'SurveillanceFindingRecorded' && event.data.nextSurveillanceDue).toBe('2026-03-03');
  });

  it('findings accumulate in order, and a state evolved twice keeps each branch to itself', () => {
    const recorded = (findingId: string): CertificateEvent => ({
      type: 'SurveillanceFindingRecorded',
      data: { certificateNumber, findingId, source: 'surveillance', severity: 'minor', summary: findingId, nextSurveillanceDue: '2027-02-20', ...stamp('2026-02-20T10:00:00.000Z') },
    });
    const one = stateOf([issued(), recorded('f-1')]);
    const two = certificateDecider.evolve(one, recorded('f-2'));
    const otherTwo = certificateDecider.evolve(one, recorded('f-2b'));
    const three = certificateDecider.evolve(two, recorded('f-3'));
    const ids = (s: typeof one) => [...s.findings].map((f) => f.findingId);
    expect(ids(one)).toEqual(['f-1']);
    expect(ids(two)).toEqual(['f-1', 'f-2']);
    expect(ids(otherTwo)).toEqual(['f-1', 'f-2b']);
    expect(ids(three)).toEqual(['f-1', 'f-2', 'f-3']);
    expect(JSON.parse(JSON.stringify(three)).findings).toEqual([expect.objectContaining({ findingId: 'f-1', severity: 'minor', at: '2026-02-20T10:00:00.000Z' }), expect.objectContaining({ findingId: 'f-2' }), expect.objectContaining({ findingId: 'f-3' })]);
  });

  it('no finding is recorded on a withdrawn certificate', () => {
    given([issued(), withdrawn()]).when(finding('2026-03-01T10:00:00.000Z')).thenThrows(CertificateWithdrawn);
  });
});

describe('suspension and restoration', () => {
  it('a certificate is suspended with a reason', () => {
    given([issued()])
      .when(suspend('2025-09-10T08:00:00.000Z'))
      .then([{ type: 'CertificateSuspended', data: { certificateNumber, reason: 'raw materials bought outside the region', ...stamp('2025-09-10T08:00:00.000Z') } }]);
  });

  it('a suspension without a reason is refused', () => {
    given([issued()]).when(suspend('2025-09-10T08:00:00.000Z', '')).thenThrows(ReasonRequired);
  });

  it('a suspended certificate is not suspended again', () => {
    given([issued(), suspended()]).when(suspend('2025-09-11T08:00:00.000Z')).thenThrows(CertificateAlreadySuspended);
  });

  it('a suspended certificate is restored with a reason', () => {
    given([issued(), suspended()]).when(restore('2025-10-20T08:00:00.000Z')).then([restored()]);
  });

  it('only a suspended certificate is restored', () => {
    given([issued()]).when(restore('2025-10-20T08:00:00.000Z')).thenThrows(CertificateNotSuspended);
  });

  it('suspending a withdrawn certificate is refused', () => {
    given([issued(), withdrawn()]).when(suspend('2026-03-01T08:00:00.000Z')).thenThrows(CertificateWithdrawn);
  });

  it('suspending a certificate past its validity is refused, even before the scheduler marks it expired', () => {
    given([issued()]).when(suspend('2028-03-03T08:00:00.000Z')).thenThrows(CertificateExpired, { validUntil: '2028-03-02' });
  });

  it('on its last valid day a certificate can still be suspended', () => {
    expect(certificateDecider.decide(suspend('2028-03-02T21:59:00.000Z'), stateOf([issued()]))).toHaveLength(1);
  });

  it('the validity ends at midnight in Bucharest, not in UTC: at 22:00 UTC (00:00 local) it is past', () => {
    given([issued()]).when(suspend('2028-03-02T22:00:00.000Z')).thenThrows(CertificateExpired, { validUntil: '2028-03-02' });
  });
});

describe('withdrawal is final', () => {
  it('an active certificate is withdrawn with a reason', () => {
    given([issued()]).when(withdraw('2026-02-01T08:00:00.000Z')).then([withdrawn()]);
  });

  it('a suspended certificate can be withdrawn', () => {
    given([issued(), suspended()]).when(withdraw('2026-02-01T08:00:00.000Z')).then([withdrawn()]);
  });

  it('a withdrawn certificate is not withdrawn again, restored or renewed', () => {
    given([issued(), withdrawn()]).when(withdraw('2026-03-01T08:00:00.000Z')).thenThrows(CertificateWithdrawn);
    given([issued(), withdrawn()]).when(restore('2026-03-01T08:00:00.000Z')).thenThrows(CertificateWithdrawn);
    given([issued(), withdrawn()]).when(renew('2026-03-01T08:00:00.000Z', certificateNumber)).thenThrows(CertificateWithdrawn);
  });
});

describe('expiry, noticed by the scheduler', () => {
  it('nothing happens on the last valid day', () => {
    given([issued()]).when(expireIfDue('2028-03-02T21:59:00.000Z')).thenNothingHappens();
  });

  it('the certificate expires the day after its validity ends', () => {
    given([issued()])
      .when(expireIfDue('2028-03-03T01:00:00.000Z'))
      .then([expired()]);
  });

  it('a suspended certificate expires too', () => {
    given([issued(), suspended()]).when(expireIfDue('2028-03-03T01:00:00.000Z')).then([expired()]);
  });

  it('an expired certificate does not expire twice', () => {
    given([issued(), expired()]).when(expireIfDue('2028-03-04T01:00:00.000Z')).thenNothingHappens();
  });

  it('a withdrawn certificate does not expire', () => {
    given([issued(), withdrawn()]).when(expireIfDue('2028-03-04T01:00:00.000Z')).thenNothingHappens();
  });

  it('an expired certificate cannot be suspended', () => {
    given([issued(), expired()]).when(suspend('2028-03-04T01:00:00.000Z')).thenThrows(CertificateExpired);
  });
});

describe('renewal of an ESCA Bronze label (valid until 31 January 2019)', () => {
  const bronzeExpired: CertificateEvent = {
    type: 'CertificateExpired',
    data: { certificateNumber: bronzeNumber, expiredOn: '2019-02-01', ...stamp('2019-02-01T01:00:00.000Z', 'scheduler', 'scheduler') },
  };
  const renewed = (now: string): CertificateEvent => ({
    type: 'CertificateRenewed',
    data: {
      certificateNumber: bronzeNumber,
      renewalApplicationId: 'app-cluster-2',
      previousValidUntil: '2019-01-31',
      validFrom: '2019-02-01',
      validUntil: '2022-01-31',
      reason: 'renewal benchmarking completed',
      ...stamp(now),
    },
  });

  it('a renewal before expiry extends validity by 3 years from the end of the previous term', () => {
    given([bronzeIssued]).when(renew('2018-12-05T10:00:00.000Z')).then([renewed('2018-12-05T10:00:00.000Z')]);
  });

  it('a renewal on the last allowed day, 31 January 2020, still counts from the end of the previous term', () => {
    given([bronzeIssued, bronzeExpired]).when(renew('2020-01-31T20:00:00.000Z')).then([renewed('2020-01-31T20:00:00.000Z')]);
  });

  it('a renewal one day late is refused', () => {
    given([bronzeIssued, bronzeExpired])
      .when(renew('2020-02-01T08:00:00.000Z'))
      .thenThrows(RenewalGracePeriodPassed, { lastRenewalDay: '2020-01-31' });
  });

  it('a renewed label is in force again', () => {
    const state = stateOf([bronzeIssued, bronzeExpired, renewed('2019-06-01T10:00:00.000Z')]);
    expect(state).toMatchObject({ status: 'active', validFrom: '2019-02-01', validUntil: '2022-01-31' });
  });

  it('a second renewal extends from the end of the first renewed term', () => {
    const events = [bronzeIssued, renewed('2018-12-05T10:00:00.000Z')];
    const [second] = certificateDecider.decide(renew('2021-11-05T10:00:00.000Z', bronzeNumber, grantedRenewalAssessment({ applicationId: 'app-cluster-3' })), stateOf(events));
    expect(second.type === 'CertificateRenewed' && [second.data.validFrom, second.data.validUntil]).toEqual(['2022-02-01', '2025-01-31']);
  });

  describe('a renewal stands on a granted renewal assessment of the same holder and scheme', () => {
    it('given no renewal file, when renewing, then it is refused', () => {
      given([bronzeIssued]).when(renew('2018-12-05T10:00:00.000Z', bronzeNumber, null)).thenThrows(RenewalAssessmentNotGranted, { applicationId: 'app-cluster-2', status: 'not-submitted' });
    });

    it.each(['submitted', 'reviewed', 'refused'])('given a renewal assessment still %s, when renewing, then it is refused', (status) => {
      given([bronzeIssued]).when(renew('2018-12-05T10:00:00.000Z', bronzeNumber, grantedRenewalAssessment({ status }))).thenThrows(RenewalAssessmentNotGranted, { status });
    });

    it('given a granted assessment of another organisation, when renewing, then it is refused', () => {
      given([bronzeIssued])
        .when(renew('2018-12-05T10:00:00.000Z', bronzeNumber, grantedRenewalAssessment({ holderOrganisationId: 'org-ro-other' })))
        .thenThrows(RenewalAssessmentNotMatching, { mismatch: 'holder', expected: 'org-rs-energy-cluster', actual: 'org-ro-other' });
    });

    it('given a granted assessment for another scheme, when renewing, then it is refused', () => {
      given([bronzeIssued])
        .when(renew('2018-12-05T10:00:00.000Z', bronzeNumber, grantedRenewalAssessment({ schemeId: 'esca-silver' })))
        .thenThrows(RenewalAssessmentNotMatching, { mismatch: 'scheme', expected: 'esca-bronze', actual: 'esca-silver' });
    });

    it('given the assessment the certificate was granted on, when renewing with it, then it is refused', () => {
      given([bronzeIssued])
        .when(renew('2018-12-05T10:00:00.000Z', bronzeNumber, grantedRenewalAssessment({ applicationId: 'app-cluster-1' })))
        .thenThrows(RenewalAssessmentAlreadyUsed, { applicationId: 'app-cluster-1' });
    });

    it('given a renewal already made on an assessment, when renewing again with it, then it is refused', () => {
      given([bronzeIssued, renewed('2018-12-05T10:00:00.000Z')]).when(renew('2021-11-05T10:00:00.000Z')).thenThrows(RenewalAssessmentAlreadyUsed, { applicationId: 'app-cluster-2' });
    });
  });

  it('a suspended label is restored before it is renewed', () => {
    const bronzeSuspended: CertificateEvent = {
      type: 'CertificateSuspended',
      data: { certificateNumber: bronzeNumber, reason: 'benchmarking data disputed', ...stamp('2018-06-01T10:00:00.000Z') },
    };
    given([bronzeIssued, bronzeSuspended]).when(renew('2018-12-05T10:00:00.000Z')).thenThrows(RenewalOfSuspendedCertificate);
  });
});

function stateOf(events: CertificateEvent[]) {
  return events.reduce(certificateDecider.evolve, certificateDecider.initialState());
}
