import { ReasonRequired } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import type { ApplicationEvent } from './application';
import { applicationDecider, DecideAppeal, LodgeAppeal } from './application.decide';
import {
  AlreadyDecided,
  AppealAlreadyDecided,
  AppealAlreadyLodged,
  AppealDeadlinePassed,
  AppealDeciderNotIndependent,
  AppealNotFound,
  DecisionMakerNotIndependent,
  NoAdverseDecisionToAppeal,
} from './application.errors';
import { applicationId, by, refused, reviewedFile, scoredWithFormerExperts, stamp } from './application.fixtures';

const given = deciderSpecificationFor(applicationDecider);
// The refusal was decided on 3 March 2025; Made in Banat allows 30 days to appeal and 60 to decide.
const refusedFile = [...reviewedFile(), refused];

const lodge = (now: string, appealId = 'appeal-1'): LodgeAppeal => ({
  type: 'LodgeAppeal',
  data: { applicationId, appealId, grounds: 'the waste audit was not considered' },
  metadata: by('applicant-user', 'applicant', now),
});
const lodged = (now = '2025-04-02T16:00:00.000Z', decideBy = '2025-06-01'): ApplicationEvent => ({
  type: 'AppealLodged',
  data: {
    applicationId,
    appealId: 'appeal-1',
    grounds: 'the waste audit was not considered',
    decideBy,
    ...stamp('applicant-user', 'applicant', now),
  },
});
const decideAppeal = (
  outcome: 'upheld' | 'dismissed',
  panel = ['panel-vesna', 'panel-gabor'],
  now = '2025-05-15T10:00:00.000Z',
  reasons = ['the waste audit shows the threshold is met'],
): DecideAppeal => ({
  type: 'DecideAppeal',
  data: { applicationId, appealId: 'appeal-1', outcome, panel, reasons },
  metadata: by('panel-vesna', 'appeal-panel', now),
});

describe('lodging an appeal', () => {
  it('a refusal may be appealed on the last day of the 30-day deadline', () => {
    given(refusedFile).when(lodge('2025-04-02T16:00:00.000Z')).then([lodged()]);
  });

  it('an appeal one day after the deadline is refused, naming the last day', () => {
    given(refusedFile).when(lodge('2025-04-03T08:00:00.000Z')).thenThrows(AppealDeadlinePassed, { lastDay: '2025-04-02' });
  });

  it('a file not yet decided cannot be appealed', () => {
    given(reviewedFile()).when(lodge('2025-03-05T08:00:00.000Z')).thenThrows(NoAdverseDecisionToAppeal);
  });

  it('a grant is not an adverse decision to appeal on the application', () => {
    const granted: ApplicationEvent = {
      type: 'CertificationGranted',
      data: {
        applicationId,
        certificateNumber: 'MIB-2025-0001',
        holder: { organisationId: 'o', country: 'RO', region: 'RO-TM' },
        schemeId: 'made-in-banat',
        schemeVersion: 1,
        products: [],
        validFrom: '2025-03-03',
        validUntil: '2028-03-02',
        reasons: ['met'],
        ...stamp('dm-milan', 'decision-maker', '2025-03-03T10:00:00.000Z'),
      },
    };
    given([...reviewedFile(), granted]).when(lodge('2025-03-05T08:00:00.000Z')).thenThrows(NoAdverseDecisionToAppeal);
  });

  it('one decision is appealed once', () => {
    given([...refusedFile, lodged()]).when(lodge('2025-04-02T17:00:00.000Z', 'appeal-2')).thenThrows(AppealAlreadyLodged);
  });
});

describe('deciding an appeal', () => {
  const appealed = [...refusedFile, lodged()];

  it('a panel independent of the case dismisses the appeal within the deadline', () => {
    given(appealed)
      .when(decideAppeal('dismissed', undefined, undefined, ['the refusal stands']))
      .then([
        {
          type: 'AppealDecided',
          data: {
            applicationId,
            appealId: 'appeal-1',
            outcome: 'dismissed',
            panel: ['panel-vesna', 'panel-gabor'],
            reasons: ['the refusal stands'],
            decidedWithinDeadline: true,
            ...stamp('panel-vesna', 'appeal-panel', '2025-05-15T10:00:00.000Z'),
          },
        },
      ]);
  });

  it.each([
    ['an expert who assessed the case', 'expert-ro'],
    ['the reviewer', 'reviewer-ion'],
    ['the original decision maker', 'dm-milan'],
  ])('%s may not sit on the appeal panel', (_, person) => {
    given(appealed).when(decideAppeal('upheld', ['panel-vesna', person])).thenThrows(AppealDeciderNotIndependent, { people: [person] });
  });

  it.each([
    ['an expert who declared a conflict on the file', 'expert-hu'],
    ['an expert removed after scoring', 'expert-old'],
  ])('%s may not sit on the appeal panel, though no longer among its experts', (_, person) => {
    const withFormerExperts = [...scoredWithFormerExperts(), reviewedFile().at(-1)!, refused, lodged()];
    given(withFormerExperts).when(decideAppeal('upheld', ['panel-vesna', person])).thenThrows(AppealDeciderNotIndependent, { people: [person] });
  });

  it('a decision after the deadline is recorded as late, so the audit trail shows the missed deadline', () => {
    const [event] = applicationDecider.decide(decideAppeal('dismissed', undefined, '2025-06-02T09:00:00.000Z'), stateOf(appealed));
    expect(event.type === 'AppealDecided' && event.data.decidedWithinDeadline).toBe(false);
  });

  it('a decision on the last day of the deadline is in time', () => {
    const [event] = applicationDecider.decide(decideAppeal('dismissed', undefined, '2025-06-01T20:59:00.000Z'), stateOf(appealed));
    expect(event.type === 'AppealDecided' && event.data.decidedWithinDeadline).toBe(true);
  });

  it('an appeal decision states its reasons', () => {
    given(appealed).when(decideAppeal('dismissed', undefined, undefined, [])).thenThrows(ReasonRequired);
  });

  it('an appeal is decided once', () => {
    const decided = applicationDecider.decide(decideAppeal('dismissed'), stateOf(appealed));
    given([...appealed, ...decided]).when(decideAppeal('upheld')).thenThrows(AppealAlreadyDecided);
  });

  it('an unknown appeal cannot be decided', () => {
    given(refusedFile).when(decideAppeal('upheld')).thenThrows(AppealNotFound);
  });

  it('an upheld appeal sets the refusal aside so an independent decision maker decides again', () => {
    const upheld = applicationDecider.decide(decideAppeal('upheld'), stateOf(appealed));
    const afterAppeal = [...appealed, ...upheld];
    expect(stateOf(afterAppeal).status).toBe('reviewed');
    const regrant = {
      type: 'GrantCertification',
      data: { applicationId, certificateNumber: 'MIB-2025-0002', reasons: ['appeal upheld: thresholds met'] },
      metadata: by('dm-ana', 'decision-maker', '2025-05-20T10:00:00.000Z'),
    } as const;
    expect(applicationDecider.decide(regrant, stateOf(afterAppeal))[0].type).toBe('CertificationGranted');
  });

  it('the author of the decision set aside may not decide the file again', () => {
    const upheld = applicationDecider.decide(decideAppeal('upheld'), stateOf(appealed));
    const regrantBySame = {
      type: 'GrantCertification',
      data: { applicationId, certificateNumber: 'MIB-2025-0002', reasons: ['on second thoughts'] },
      metadata: by('dm-milan', 'decision-maker', '2025-05-20T10:00:00.000Z'),
    } as const;
    given([...appealed, ...upheld]).when(regrantBySame).thenThrows(DecisionMakerNotIndependent);
  });

  it('a member of the panel that set the refusal aside may not take the new decision', () => {
    const upheld = applicationDecider.decide(decideAppeal('upheld'), stateOf(appealed));
    const regrantByPanel = {
      type: 'GrantCertification',
      data: { applicationId, certificateNumber: 'MIB-2025-0002', reasons: ['as the panel found'] },
      metadata: by('panel-gabor', 'decision-maker', '2025-05-20T10:00:00.000Z'),
    } as const;
    given([...appealed, ...upheld]).when(regrantByPanel).thenThrows(DecisionMakerNotIndependent, { decisionMakerId: 'panel-gabor' });
  });

  it('a dismissed appeal leaves the refusal standing', () => {
    const dismissed = applicationDecider.decide(decideAppeal('dismissed'), stateOf(appealed));
    const regrant = {
      type: 'GrantCertification',
      data: { applicationId, certificateNumber: 'MIB-2025-0002', reasons: ['x'] },
      metadata: by('dm-ana', 'decision-maker', '2025-05-20T10:00:00.000Z'),
    } as const;
    given([...appealed, ...dismissed]).when(regrant).thenThrows(AlreadyDecided);
  });
});

function stateOf(events: ApplicationEvent[]) {
  return events.reduce(applicationDecider.evolve, applicationDecider.initialState());
}
