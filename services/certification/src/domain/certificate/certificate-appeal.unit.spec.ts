import {
  AppealAlreadyDecided,
  AppealAlreadyLodged,
  AppealDeadlinePassed,
  AppealDeciderNotIndependent,
  AppealNotFound,
} from '../application/application.errors';
import { madeInBanat } from '../schemes/made-in-banat';
import { publicFactsOf } from '../public-events/public-certification-facts';
import type { Role } from '../shared/command-metadata';
import { ReasonRequired } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import type { CertificateEvent } from './certificate';
import { certificateDecider, CertificateCommand, DecideCertificateAppeal, LodgeCertificateAppeal, makeCertificateDecider } from './certificate.decide';
import { CertificateNotIssued, CertificateWithdrawn, NoCertificateDecisionToAppeal } from './certificate.errors';
import { appealLodged, certificateNumber, expired, issued, restored, suspended, withdrawn } from './certificate.fixtures';

// Made in Banat: 30 days to appeal after the decision, 60 days to decide after lodging.
// Suspended by dm-milan on 2025-09-10 (last day to appeal 2025-10-10); withdrawn by dm-milan on 2026-02-01.
const given = deciderSpecificationFor(certificateDecider);
const stamp = (at: string, actor: string, role: Role) => ({ at, actor, role });

const lodge = (now: string, appealId = 'cert-appeal-1', grounds = 'the supplier invoices from Timiș were not considered'): LodgeCertificateAppeal => ({
  type: 'LodgeCertificateAppeal',
  data: { certificateNumber, appealId, grounds },
  metadata: { actor: 'member-ioana', role: 'applicant', now },
});
const decide = (
  outcome: 'upheld' | 'dismissed',
  { now = '2025-11-20T10:00:00.000Z', recorder = 'dm-ana', panel = ['panel-vesna'], reasons = ['the invoices show regional suppliers'], appealId = 'cert-appeal-1', involved = ['dm-milan'] as string[] } = {},
): DecideCertificateAppeal => ({
  type: 'DecideCertificateAppeal',
  data: { certificateNumber, appealId, outcome, panel, reasons, involved },
  metadata: { actor: recorder, role: 'decision-maker', now },
});
const decided = (outcome: 'upheld' | 'dismissed', at = '2025-11-20T10:00:00.000Z', decidedWithinDeadline = true, reasons = ['the invoices show regional suppliers']): CertificateEvent => ({
  type: 'CertificateAppealDecided',
  data: { certificateNumber, appealId: 'cert-appeal-1', outcome, panel: ['dm-ana', 'panel-vesna'], reasons, decidedWithinDeadline, ...stamp(at, 'dm-ana', 'decision-maker') },
});
const restoredOnAppeal = (setAside: 'suspension' | 'withdrawal', at = '2025-11-20T10:00:00.000Z'): CertificateEvent => ({
  type: 'CertificateRestored',
  data: { certificateNumber, reason: 'appeal cert-appeal-1 upheld: the invoices show regional suppliers', appealId: 'cert-appeal-1', setAside, ...stamp(at, 'dm-ana', 'decision-maker') },
});

const suspendedCertificate = [issued(), suspended()];
const withdrawnCertificate = [issued(), withdrawn()];
const withdrawalAppealed = [...withdrawnCertificate, appealLodged('withdrawal', '2026-02-10T09:00:00.000Z', '2026-04-11')];

describe('lodging an appeal against a certificate decision', () => {
  it('a suspension may be appealed on the last day of the 30-day deadline, naming who suspended it and when', () => {
    given(suspendedCertificate).when(lodge('2025-10-10T16:00:00.000Z')).then([appealLodged()]);
  });

  it('an appeal one day after the deadline is refused, naming the last day', () => {
    given(suspendedCertificate).when(lodge('2025-10-11T08:00:00.000Z')).thenThrows(AppealDeadlinePassed, { lastDay: '2025-10-10' });
  });

  it('the deadline is the scheme\'s own: a scheme allowing 10 days refuses on the 11th', () => {
    const strict = makeCertificateDecider([{ ...madeInBanat, appeal: { lodgeWithinDays: 10, decideWithinDays: 20 } }]);
    expect(strict.decide(lodge('2025-09-20T16:00:00.000Z'), stateOf(suspendedCertificate))).toHaveLength(1);
    deciderSpecificationFor(strict)(suspendedCertificate).when(lodge('2025-09-21T08:00:00.000Z')).thenThrows(AppealDeadlinePassed, { lastDay: '2025-09-20' });
  });

  it('a withdrawal may be appealed, even though withdrawal is otherwise final', () => {
    given(withdrawnCertificate).when(lodge('2026-02-10T09:00:00.000Z')).then([appealLodged('withdrawal', '2026-02-10T09:00:00.000Z', '2026-04-11')]);
  });

  it('an active certificate has no decision to appeal', () => {
    given([issued()]).when(lodge('2025-09-11T08:00:00.000Z')).thenThrows(NoCertificateDecisionToAppeal, { status: 'active' });
  });

  it('a suspension already lifted by restoration is no longer appealable', () => {
    given([issued(), suspended(), restored()]).when(lodge('2025-10-01T08:00:00.000Z')).thenThrows(NoCertificateDecisionToAppeal, { status: 'active' });
  });

  it('an expired certificate has no decision to appeal', () => {
    given([issued(), suspended('2028-02-20T08:00:00.000Z'), expired()]).when(lodge('2028-03-04T08:00:00.000Z')).thenThrows(NoCertificateDecisionToAppeal, { status: 'expired' });
  });

  it('a certificate not issued cannot be appealed', () => {
    given([]).when(lodge('2025-10-01T08:00:00.000Z')).thenThrows(CertificateNotIssued);
  });

  it('an appeal states its grounds', () => {
    given(suspendedCertificate).when(lodge('2025-10-01T08:00:00.000Z', 'cert-appeal-1', '  ')).thenThrows(ReasonRequired);
  });

  it('a decision already appealed is not appealed again, while open or once decided', () => {
    given([...suspendedCertificate, appealLodged()]).when(lodge('2025-10-10T17:00:00.000Z', 'cert-appeal-2')).thenThrows(AppealAlreadyLodged, { appealId: 'cert-appeal-1' });
    given([...suspendedCertificate, appealLodged(), decided('dismissed')]).when(lodge('2025-10-10T17:00:00.000Z', 'cert-appeal-2')).thenThrows(AppealAlreadyLodged);
  });

  it('a later suspension is a new decision, appealable although the earlier one was appealed', () => {
    const later = [...suspendedCertificate, appealLodged(), decided('upheld'), restoredOnAppeal('suspension'), suspended('2026-05-04T08:00:00.000Z')];
    const [event] = certificateDecider.decide(lodge('2026-05-20T08:00:00.000Z', 'cert-appeal-2'), stateOf(later));
    expect(event).toMatchObject({ type: 'CertificateAppealLodged', data: { appealId: 'cert-appeal-2', against: 'suspension', decisionAt: '2026-05-04T08:00:00.000Z' } });
  });
});

describe('deciding an appeal against a certificate decision', () => {
  const suspensionAppealed = [...suspendedCertificate, appealLodged()];

  it('dismissed by people who did not suspend: the decision is recorded with its reasons and the suspension stands', () => {
    given(suspensionAppealed).when(decide('dismissed', { reasons: ['the invoices are for another product'] })).then([decided('dismissed', undefined, true, ['the invoices are for another product'])]);
    expect(stateOf([...suspensionAppealed, decided('dismissed')]).status).toBe('suspended');
  });

  it('upheld against a suspension: the certificate is restored, the restoration naming the appeal', () => {
    given(suspensionAppealed).when(decide('upheld')).then([decided('upheld'), restoredOnAppeal('suspension')]);
    expect(stateOf([...suspensionAppealed, decided('upheld'), restoredOnAppeal('suspension')])).toMatchObject({ status: 'active', statusReason: undefined, standingDecision: undefined });
  });

  it('upheld against a withdrawal: the certificate is reinstated and can again be suspended', () => {
    const at = '2026-03-15T10:00:00.000Z';
    given(withdrawalAppealed).when(decide('upheld', { now: at })).then([decided('upheld', at), restoredOnAppeal('withdrawal', at)]);
    const reinstated = [...withdrawalAppealed, decided('upheld', at), restoredOnAppeal('withdrawal', at)];
    expect(stateOf(reinstated).status).toBe('active');
    const suspend: CertificateCommand = { type: 'SuspendCertificate', data: { certificateNumber, reason: 'new complaint' }, metadata: { actor: 'dm-ana', role: 'decision-maker', now: '2026-04-01T08:00:00.000Z' } };
    expect(certificateDecider.decide(suspend, stateOf(reinstated))[0].type).toBe('CertificateSuspended');
  });

  it('upheld against a withdrawal after the term ended: the certificate becomes expired, not active', () => {
    const lateWithdrawal = [issued(), withdrawn('2028-02-20T08:00:00.000Z'), appealLodged('withdrawal', '2028-02-25T08:00:00.000Z', '2028-04-25', '2028-02-20T08:00:00.000Z')];
    const at = '2028-03-10T10:00:00.000Z';
    given(lateWithdrawal)
      .when(decide('upheld', { now: at }))
      .then([decided('upheld', at), { type: 'CertificateExpired', data: { certificateNumber, expiredOn: '2028-03-03', appealId: 'cert-appeal-1', setAside: 'withdrawal', ...stamp(at, 'dm-ana', 'decision-maker') } }]);
  });

  it('upheld against a suspension on the last valid day restores it; the day after it expires instead', () => {
    const lateSuspension = [issued(), suspended('2028-02-20T08:00:00.000Z'), appealLodged('suspension', '2028-02-25T08:00:00.000Z', '2028-04-25', '2028-02-20T08:00:00.000Z')];
    expect(certificateDecider.decide(decide('upheld', { now: '2028-03-02T20:00:00.000Z' }), stateOf(lateSuspension))[1].type).toBe('CertificateRestored');
    expect(certificateDecider.decide(decide('upheld', { now: '2028-03-03T08:00:00.000Z' }), stateOf(lateSuspension))[1]).toMatchObject({ type: 'CertificateExpired', data: { expiredOn: '2028-03-03' } });
  });

  it('a dismissed appeal leaves the withdrawal final', () => {
    const dismissed = [...withdrawalAppealed, decided('dismissed', '2026-03-15T10:00:00.000Z')];
    const restore: CertificateCommand = { type: 'RestoreCertificate', data: { certificateNumber, reason: 'x' }, metadata: { actor: 'dm-ana', role: 'decision-maker', now: '2026-03-16T08:00:00.000Z' } };
    given(dismissed).when(restore).thenThrows(CertificateWithdrawn);
  });

  it.each([
    ['records the appeal decision', { recorder: 'dm-milan', panel: ['panel-vesna'] }],
    ['sits on the panel', { recorder: 'dm-ana', panel: ['panel-vesna', 'dm-milan'] }],
  ])('the person who took the appealed decision may not decide the appeal: refused when that person %s', (_, who) => {
    given(suspensionAppealed).when(decide('upheld', who)).thenThrows(AppealDeciderNotIndependent, { people: ['dm-milan'] });
  });

  it.each([
    ['an expert who assessed the file', 'expert-ro'],
    ['an expert who declared a conflict on the file', 'expert-conflicted'],
    ['the reviewer of the file', 'reviewer-ion'],
    ['the decision maker who granted it', 'dm-ion'],
    ['whoever took an earlier decision on the certificate', 'dm-goran'],
  ])('%s may neither record the appeal decision nor sit on its panel', (_, person) => {
    const involved = ['expert-ro', 'expert-conflicted', 'reviewer-ion', 'dm-ion', 'dm-goran', 'dm-milan'];
    given(suspensionAppealed).when(decide('dismissed', { recorder: person, involved })).thenThrows(AppealDeciderNotIndependent, { people: [person] });
    given(suspensionAppealed).when(decide('dismissed', { panel: ['panel-vesna', person], involved })).thenThrows(AppealDeciderNotIndependent, { people: [person] });
  });

  it('a decision maker other than the one who withdrew may decide the appeal against the withdrawal', () => {
    const byOther = certificateDecider.decide(decide('dismissed', { now: '2026-03-15T10:00:00.000Z', recorder: 'dm-ana', panel: [] }), stateOf(withdrawalAppealed));
    expect(byOther[0]).toMatchObject({ type: 'CertificateAppealDecided', data: { panel: ['dm-ana'] } });
  });

  it('a decision on the last day of the 60-day deadline is in time; a day later it is recorded and flagged late', () => {
    const onTime = certificateDecider.decide(decide('dismissed', { now: '2025-12-09T21:00:00.000Z' }), stateOf(suspensionAppealed));
    const late = certificateDecider.decide(decide('dismissed', { now: '2025-12-10T08:00:00.000Z' }), stateOf(suspensionAppealed));
    expect(onTime[0].type === 'CertificateAppealDecided' && onTime[0].data.decidedWithinDeadline).toBe(true);
    expect(late[0].type === 'CertificateAppealDecided' && late[0].data.decidedWithinDeadline).toBe(false);
  });

  it('an appeal decision states its reasons', () => {
    given(suspensionAppealed).when(decide('upheld', { reasons: [''] })).thenThrows(ReasonRequired);
  });

  it('an appeal is decided once', () => {
    given([...suspensionAppealed, decided('dismissed')]).when(decide('upheld')).thenThrows(AppealAlreadyDecided);
  });

  it('an unknown appeal cannot be decided', () => {
    given(suspendedCertificate).when(decide('upheld')).thenThrows(AppealNotFound, { appealId: 'cert-appeal-1' });
  });

  it('upheld after the suspension was lifted or replaced by a withdrawal: recorded, and the later decision stands', () => {
    given([...suspensionAppealed, restored()]).when(decide('upheld')).then([decided('upheld')]);
    given([...suspensionAppealed, withdrawn('2025-11-01T08:00:00.000Z')]).when(decide('upheld')).then([decided('upheld')]);
  });
});

describe('public facts of an appeal', () => {
  it('an upheld appeal is a public "restored" fact with the appeal\'s reason; lodging and deciding stay internal', () => {
    const types = publicFactsOf([...suspendedCertificate, appealLodged(), decided('upheld'), restoredOnAppeal('suspension')]).map((f) => [f.type, f.data.reason]);
    expect(types).toEqual([
      ['certificate.granted', undefined],
      ['certificate.suspended', 'raw materials bought outside the region'],
      ['certificate.restored', 'appeal cert-appeal-1 upheld: the invoices show regional suppliers'],
    ]);
  });

  it('a reinstated withdrawal is a "restored" fact; no actor or appeal detail leaks', () => {
    const at = '2026-03-15T10:00:00.000Z';
    const [, , fact] = publicFactsOf([...withdrawalAppealed, decided('upheld', at), restoredOnAppeal('withdrawal', at)]);
    expect(fact.type).toBe('certificate.restored');
    expect(Object.keys(fact.data)).not.toEqual(expect.arrayContaining(['actor']));
    expect(Object.keys(fact.data)).not.toEqual(expect.arrayContaining(['appealId']));
  });
});

function stateOf(events: CertificateEvent[]) {
  return events.reduce(certificateDecider.evolve, certificateDecider.initialState());
}
