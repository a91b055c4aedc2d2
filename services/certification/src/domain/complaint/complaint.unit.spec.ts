import { madeInBanat } from '../schemes/made-in-banat';
import type { Role } from '../shared/command-metadata';
import { ReasonRequired } from '../shared/domain-rule-violation';
import { deciderSpecificationFor } from '../testing/decider-spec';
import { ComplaintEvent, evolveComplaint, initialComplaintState } from './complaint';
import { complaintDecider, ComplaintCommand, DecideComplaint, identifyComplainant, makeComplaintDecider } from './complaint.decide';
import {
  ComplainantUnidentified,
  ComplaintAboutUnknownCertificate,
  ComplaintAlreadyAcknowledged,
  ComplaintAlreadyDecided,
  ComplaintAlreadyInvestigated,
  ComplaintAlreadyLodged,
  ComplaintDeciderNotIndependent,
  ComplaintNotAcknowledged,
  ComplaintNotInvestigated,
  ComplaintNotLodged,
  InvestigatorNotAssigned,
  InvestigatorNotIndependent,
  NotTheInvestigator,
} from './complaint.errors';

// Made in Banat: a complaint is decided within 60 days of lodging. Lodged 2025-11-03, so the last day is 2026-01-02.
// The certificate was granted by dm-milan; its last decision (a suspension) was taken by dm-vesna.
const given = deciderSpecificationFor(complaintDecider);
const complaintId = 'complaint-1';
const certificateNumber = 'MIB-2025-000001';
const certificationDecidedBy = ['dm-milan', 'dm-vesna'];
const stamp = (at: string, actor: string, role: Role) => ({ at, actor, role });
const by = (actor: string, role: Role, now: string) => ({ actor, role, now });
const certificate = { holderOrganisationId: 'org-ro-cofetaria-timis', schemeId: 'made-in-banat', schemeVersion: 1 };
// Sealed by the application layer under the complainant's own key: the history never holds it in the clear.
const complainant = { subjectId: 'person-1', alg: 'A256GCM' as const, iv: 'aXY=', ciphertext: 'Y2lwaGVy', tag: 'dGFn' };
const grounds = 'the plum brandy sold under the brand was distilled outside Banat';

const lodge = (data: Partial<Extract<ComplaintCommand, { type: 'LodgeComplaint' }>['data']> = {}, now = '2025-11-03T09:00:00.000Z'): ComplaintCommand => ({
  type: 'LodgeComplaint',
  data: { complaintId, certificateNumber, complainant, grounds, certificate, ...data },
  // A complaint may come from anyone, without an account.
  metadata: by('public', 'public' as Role, now),
});
const acknowledge = (now = '2025-11-04T09:00:00.000Z'): ComplaintCommand => ({ type: 'AcknowledgeComplaint', data: { complaintId }, metadata: by('sec-ana', 'secretariat', now) });
const assign = (investigatorId = 'expert-dana', now = '2025-11-05T09:00:00.000Z'): ComplaintCommand => ({
  type: 'AssignInvestigator',
  data: { complaintId, investigatorId, certificationDecidedBy },
  metadata: by('sec-ana', 'secretariat', now),
});
const investigate = (actor = 'expert-dana', summary = 'supplier invoices show distilling in Arad', now = '2025-12-01T09:00:00.000Z'): ComplaintCommand => ({
  type: 'RecordInvestigation',
  data: { complaintId, summary },
  metadata: by(actor, 'expert', now),
});
const decide = (
  outcome: 'upheld' | 'rejected',
  { actor = 'dm-ana', now = '2025-12-10T09:00:00.000Z', reasons = ['distilled outside the region'], findingSeverity }: { actor?: string; now?: string; reasons?: string[]; findingSeverity?: 'observation' | 'minor' | 'major' } = {},
): DecideComplaint => ({
  type: 'DecideComplaint',
  data: { complaintId, outcome, reasons, certificationDecidedBy, ...(findingSeverity ? { findingSeverity } : {}) },
  metadata: by(actor, 'decision-maker', now),
});

const lodged: ComplaintEvent = {
  type: 'ComplaintLodged',
  data: { complaintId, certificateNumber, complainant, grounds, ...certificate, decideBy: '2026-01-02', ...stamp('2025-11-03T09:00:00.000Z', 'public', 'public' as Role) },
};
const acknowledged: ComplaintEvent = { type: 'ComplaintAcknowledged', data: { complaintId, ...stamp('2025-11-04T09:00:00.000Z', 'sec-ana', 'secretariat') } };
const assigned: ComplaintEvent = { type: 'ComplaintInvestigatorAssigned', data: { complaintId, investigatorId: 'expert-dana', ...stamp('2025-11-05T09:00:00.000Z', 'sec-ana', 'secretariat') } };
const investigated: ComplaintEvent = {
  type: 'ComplaintInvestigated',
  data: { complaintId, summary: 'supplier invoices show distilling in Arad', ...stamp('2025-12-01T09:00:00.000Z', 'expert-dana', 'expert') },
};
const decided = (outcome: 'upheld' | 'rejected', at = '2025-12-10T09:00:00.000Z', decidedWithinDeadline = true, findingSeverity: 'minor' | 'major' | undefined = outcome === 'upheld' ? 'minor' : undefined): ComplaintEvent => ({
  type: 'ComplaintDecided',
  data: {
    complaintId,
    certificateNumber,
    outcome,
    reasons: ['distilled outside the region'],
    ...(findingSeverity ? { findingSeverity } : {}),
    decideBy: '2026-01-02',
    decidedWithinDeadline,
    ...stamp(at, 'dm-ana', 'decision-maker'),
  },
});
const readyToDecide = [lodged, acknowledged, assigned, investigated];

describe('lodging a complaint', () => {
  it('anyone may lodge one about an issued certificate; the deadline to decide is set from the scheme', () => {
    given([]).when(lodge()).then([lodged]);
  });

  it('the deadline is the scheme\'s own: 10 days from lodging', () => {
    const strict = makeComplaintDecider([{ ...madeInBanat, complaint: { decideWithinDays: 10 } }]);
    const [event] = strict.decide(lodge(), initialComplaintState());
    expect(event.data).toMatchObject({ decideBy: '2025-11-13' });
  });

  it('a complaint about a certificate never issued is refused', () => {
    given([]).when(lodge({ certificate: undefined })).thenThrows(ComplaintAboutUnknownCertificate, { certificateNumber });
  });

  it('a complaint states its grounds', () => {
    given([]).when(lodge({ grounds: '   ' })).thenThrows(ReasonRequired);
  });

  it('a complaint names the complainant and a contact, so the outcome can reach them', () => {
    expect(() => identifyComplainant({ name: 'Piața Timișoara SRL', contact: ' ' })).toThrow(ComplainantUnidentified);
    expect(() => identifyComplainant({ name: '  ', contact: 'buyer@piata.example' })).toThrow(ComplainantUnidentified);
    expect(identifyComplainant({ name: ' Piața Timișoara SRL ', contact: 'buyer@piata.example ' })).toEqual({ name: 'Piața Timișoara SRL', contact: 'buyer@piata.example' });
  });

  it('the same complaint is not lodged twice', () => {
    given([lodged]).when(lodge()).thenThrows(ComplaintAlreadyLodged);
  });
});

describe('acknowledging and assigning an investigator', () => {
  it('the secretariat acknowledges a lodged complaint once', () => {
    given([lodged]).when(acknowledge()).then([acknowledged]);
    given([lodged, acknowledged]).when(acknowledge()).thenThrows(ComplaintAlreadyAcknowledged);
  });

  it('nothing happens to a complaint never lodged', () => {
    given([]).when(acknowledge()).thenThrows(ComplaintNotLodged);
  });

  it('an investigator is assigned only after acknowledgement', () => {
    given([lodged]).when(assign()).thenThrows(ComplaintNotAcknowledged);
    given([lodged, acknowledged]).when(assign()).then([assigned]);
  });

  it.each(['dm-milan', 'dm-vesna'])('%s, who took a certification decision on the certificate, may not investigate', (person) => {
    given([lodged, acknowledged]).when(assign(person)).thenThrows(InvestigatorNotIndependent, { investigatorId: person });
  });

  it('the investigator may be replaced until the investigation is recorded, not after', () => {
    const [replaced] = complaintDecider.decide(assign('expert-goran'), stateOf([lodged, acknowledged, assigned]));
    expect(replaced.data).toMatchObject({ investigatorId: 'expert-goran' });
    given(readyToDecide).when(assign('expert-goran')).thenThrows(ComplaintAlreadyInvestigated);
  });
});

describe('recording the investigation', () => {
  it('investigating before an investigator is assigned is refused', () => {
    given([lodged, acknowledged]).when(investigate()).thenThrows(InvestigatorNotAssigned);
  });

  it('only the assigned investigator records it', () => {
    given([lodged, acknowledged, assigned]).when(investigate('expert-goran')).thenThrows(NotTheInvestigator, { actor: 'expert-goran', investigatorId: 'expert-dana' });
    given([lodged, acknowledged, assigned]).when(investigate()).then([investigated]);
  });

  it('an investigation states what was found, and is recorded once', () => {
    given([lodged, acknowledged, assigned]).when(investigate('expert-dana', ' ')).thenThrows(ReasonRequired);
    given(readyToDecide).when(investigate()).thenThrows(ComplaintAlreadyInvestigated);
  });
});

describe('deciding the complaint', () => {
  it('upheld by an independent decision maker, with reasons; the finding it becomes is minor unless stated', () => {
    given(readyToDecide).when(decide('upheld')).then([decided('upheld')]);
    const [major] = complaintDecider.decide(decide('upheld', { findingSeverity: 'major' }), stateOf(readyToDecide));
    expect(major.data).toMatchObject({ findingSeverity: 'major' });
  });

  it('rejected, with reasons and no finding', () => {
    given(readyToDecide).when(decide('rejected')).then([decided('rejected')]);
  });

  it('is decided only once the investigation is recorded', () => {
    given([lodged, acknowledged, assigned]).when(decide('upheld')).thenThrows(ComplaintNotInvestigated);
  });

  it('the investigator may not decide it', () => {
    given(readyToDecide).when(decide('upheld', { actor: 'expert-dana' })).thenThrows(ComplaintDeciderNotIndependent, { decider: 'expert-dana', involvedAs: 'investigator' });
  });

  it.each(['dm-milan', 'dm-vesna'])('%s, who took a certification decision on the certificate, may not decide it', (person) => {
    given(readyToDecide).when(decide('upheld', { actor: person })).thenThrows(ComplaintDeciderNotIndependent, { decider: person, involvedAs: 'certification-decision' });
  });

  it('a decision without reasons is refused', () => {
    given(readyToDecide).when(decide('rejected', { reasons: [' ', ''] })).thenThrows(ReasonRequired);
  });

  it('deciding twice is refused', () => {
    given([...readyToDecide, decided('rejected')]).when(decide('upheld')).thenThrows(ComplaintAlreadyDecided);
    given([...readyToDecide, decided('rejected')]).when(acknowledge()).thenThrows(ComplaintAlreadyDecided);
  });

  it('on the last day of the deadline it is within the deadline', () => {
    given(readyToDecide).when(decide('upheld', { now: '2026-01-02T21:59:00.000Z' })).then([decided('upheld', '2026-01-02T21:59:00.000Z', true)]);
  });

  it('one day late it is still recorded, flagged as late', () => {
    given(readyToDecide).when(decide('upheld', { now: '2026-01-03T08:00:00.000Z' })).then([decided('upheld', '2026-01-03T08:00:00.000Z', false)]);
  });

  it('the folded state shows who did what, for the complaint view', () => {
    expect(stateOf([...readyToDecide, decided('upheld')])).toMatchObject({
      status: 'decided',
      lodgedBy: 'public',
      acknowledgedBy: 'sec-ana',
      investigatorId: 'expert-dana',
      investigation: { by: 'expert-dana' },
      decision: { outcome: 'upheld', decidedBy: 'dm-ana', decidedWithinDeadline: true, findingSeverity: 'minor' },
    });
  });
});

function stateOf(events: ComplaintEvent[]) {
  return events.reduce(evolveComplaint, initialComplaintState());
}
