import { ReasonRequired } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import { applicationDecider, GrantCertification, RefuseCertification } from './application.decide';
import {
  AlreadyDecided,
  CertificateNumberRequired,
  DecisionMakerNotIndependent,
  FileIncomplete,
  RegionalRawMaterialShareTooLow,
  ReviewNotCompleted,
  ThresholdNotMet,
} from './application.errors';
import {
  applicant,
  applicationId,
  assessmentUnderWay,
  by,
  products,
  refused,
  reviewedFile,
  scored,
  scoredWithFormerExperts,
  scoresOf,
  stamp,
  submitted,
} from './application.fixtures';

const given = deciderSpecificationFor(applicationDecider);
const decisionMaker = by('dm-milan', 'decision-maker', '2025-03-03T10:00:00.000Z');

const grant = (change: Partial<GrantCertification['data']> = {}, metadata = decisionMaker): GrantCertification => ({
  type: 'GrantCertification',
  data: { applicationId, certificateNumber: 'MIB-2025-0001', reasons: ['all criteria and the regional-origin rule met'], ...change },
  metadata,
});
const refuse = (reasons = ['waste management below threshold'], metadata = decisionMaker): RefuseCertification => ({
  type: 'RefuseCertification',
  data: { applicationId, reasons },
  metadata,
});

describe('deciding on a reviewed file', () => {
  it('a grant records the certificate number, holder, products and a 3-year validity from the decision day', () => {
    given(reviewedFile())
      .when(grant())
      .then([
        {
          type: 'CertificationGranted',
          data: {
            applicationId,
            certificateNumber: 'MIB-2025-0001',
            holder: applicant,
            schemeId: 'made-in-banat',
            schemeVersion: 1,
            products,
            validFrom: '2025-03-03',
            validUntil: '2028-03-02',
            reasons: ['all criteria and the regional-origin rule met'],
            ...stamp('dm-milan', 'decision-maker', '2025-03-03T10:00:00.000Z'),
          },
        },
      ]);
  });

  it('a refusal is recorded with its reasons', () => {
    given(reviewedFile()).when(refuse()).then([refused]);
  });

  it('a grant that misses a criterion threshold is refused, naming the criterion', () => {
    const weakWaste = scoresOf(8, { 'waste-management': 3 });
    given(reviewedFile(weakWaste, scoresOf(8, { 'waste-management': 4 })))
      .when(grant())
      .thenThrows(ThresholdNotMet, { criteria: ['waste-management'] });
  });

  it('a criterion exactly at its threshold passes', () => {
    const atThreshold = scoresOf(8, { competitiveness: 6 });
    expect(applicationDecider.decide(grant(), stateOf(reviewedFile(atThreshold, atThreshold)))[0].type).toBe('CertificationGranted');
  });

  it('a grant with less than 51 % of raw materials from the region is refused', () => {
    given(reviewedFile(scoresOf(8), scoresOf(8), 0.5))
      .when(grant())
      .thenThrows(RegionalRawMaterialShareTooLow, { declared: 0.5, required: 0.51 });
  });

  it('exactly 51 % of raw materials from the region is enough', () => {
    expect(applicationDecider.decide(grant(), stateOf(reviewedFile(scoresOf(8), scoresOf(8), 0.51)))).toHaveLength(1);
  });

  it('a grant without reasons is refused', () => {
    given(reviewedFile()).when(grant({ reasons: [' '] })).thenThrows(ReasonRequired);
  });

  it('a refusal without reasons is refused', () => {
    given(reviewedFile()).when(refuse([])).thenThrows(ReasonRequired);
  });

  it('a grant without a certificate number is refused', () => {
    given(reviewedFile()).when(grant({ certificateNumber: '' })).thenThrows(CertificateNumberRequired);
  });

  it('a decision on an incomplete file is refused', () => {
    given([submitted()]).when(grant()).thenThrows(FileIncomplete);
    given([submitted()]).when(refuse()).thenThrows(FileIncomplete);
  });

  it('a decision before the review is refused', () => {
    given([...assessmentUnderWay(), scored('expert-ro', scoresOf(8))]).when(grant()).thenThrows(ReviewNotCompleted);
  });

  it('a second decision is refused', () => {
    given([...reviewedFile(), refused]).when(grant()).thenThrows(AlreadyDecided, { outcome: 'refused' });
  });

  it('an expert who assessed the file may not decide it', () => {
    given(reviewedFile()).when(grant({}, by('expert-ro', 'decision-maker', decisionMaker.now))).thenThrows(DecisionMakerNotIndependent);
  });

  it('the reviewer may not decide the file', () => {
    given(reviewedFile()).when(refuse(undefined, by('reviewer-ion', 'decision-maker', decisionMaker.now))).thenThrows(DecisionMakerNotIndependent);
  });

  it.each([
    ['an expert who declared a conflict on the file', 'expert-hu'],
    ['an expert removed after scoring', 'expert-old'],
  ])('%s may not decide it, though no longer among its experts', (_, person) => {
    const file = [...scoredWithFormerExperts(), reviewedFile().at(-1)!];
    given(file).when(grant({}, by(person, 'decision-maker', decisionMaker.now))).thenThrows(DecisionMakerNotIndependent, { decisionMakerId: person });
    given(file).when(refuse(undefined, by(person, 'decision-maker', decisionMaker.now))).thenThrows(DecisionMakerNotIndependent, { decisionMakerId: person });
  });
});

function stateOf(events: ReturnType<typeof reviewedFile>) {
  return events.reduce(applicationDecider.evolve, applicationDecider.initialState());
}
