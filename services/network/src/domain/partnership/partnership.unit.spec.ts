import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { GoalsRequired, OutcomeRequired } from '../mentoring/mentoring';
import { MAX_OPEN_PROPOSALS, TooManyOpenProposals } from '../shared/proposals';
import { PartnershipCommand, partnershipDecider, PartnershipEvent, PartnershipNotInStatus, PartnershipPeriodInvalid, PartnershipTitleRequired, PartnershipWithSelf, UnknownPartnership } from './partnership';

const given = deciderSpecificationFor(partnershipDecider);
const partnershipId = 'partnership-1';
const by = (actor: string, day: string) => ({ now: `${day}T09:00:00.000Z`, actor, role: 'member' });
const terms = { partnershipId, kind: 'cross-border-project' as const, proposerOrganisationId: 'hotel-ro', partnerOrganisationId: 'pekara-rs', title: ' Banat breakfast ', from: '2026-06-01', until: '2027-05-31', goals: [' local bread in hotels ', ''] };
const propose = (changes: Partial<typeof terms & { proposerKnown: boolean; partnerKnown: boolean; openProposals: number }> = {}): PartnershipCommand => ({ type: 'ProposePartnership', data: { ...terms, proposerKnown: true, partnerKnown: true, openProposals: 0, ...changes }, metadata: by('ana', '2026-12-01') });
const proposed: PartnershipEvent = { type: 'PartnershipProposed', data: { ...terms, title: 'Banat breakfast', goals: ['local bread in hotels'], at: '2026-12-01T09:00:00.000Z', by: 'ana' } };
const accepted: PartnershipEvent = { type: 'PartnershipAccepted', data: { partnershipId, at: '2026-12-02T09:00:00.000Z', by: 'milan' } };
const answer = (type: 'AcceptPartnership' | 'DeclinePartnership'): PartnershipCommand => ({ type, data: { partnershipId }, metadata: by('milan', '2026-12-02') });
const end = (outcome: string): PartnershipCommand => ({ type: 'EndPartnership', data: { partnershipId, outcome }, metadata: by('sec', '2027-06-01') });

describe('partnerships between organisations', () => {
  it(`is refused once the proposer has ${MAX_OPEN_PROPOSALS} proposals awaiting an answer, naming the bound`, () => {
    given([]).when(propose({ openProposals: MAX_OPEN_PROPOSALS - 1 })).then([proposed]);
    given([]).when(propose({ openProposals: MAX_OPEN_PROPOSALS })).thenThrows(TooManyOpenProposals, { organisationId: 'hotel-ro', kind: 'partnership', open: MAX_OPEN_PROPOSALS, max: MAX_OPEN_PROPOSALS });
  });

  it('is proposed with a kind, title, period and goals to another registered organisation', () => {
    given([]).when(propose()).then([proposed]);
    given([]).when(propose({ partnerOrganisationId: 'hotel-ro' })).thenThrows(PartnershipWithSelf);
    given([]).when(propose({ partnerKnown: false })).thenThrows(OrganisationNotRegistered, { organisationId: 'pekara-rs' });
    given([]).when(propose({ proposerKnown: false })).thenThrows(OrganisationNotRegistered, { organisationId: 'hotel-ro' });
    given([]).when(propose({ title: '  ' })).thenThrows(PartnershipTitleRequired);
    given([]).when(propose({ goals: [' '] })).thenThrows(GoalsRequired);
    given([]).when(propose({ until: '2026-06-01' })).thenThrows(PartnershipPeriodInvalid);
    given([]).when(propose({ from: '2027-02-30' })).thenThrows(PartnershipPeriodInvalid);
  });

  it('is accepted or declined while proposed, once', () => {
    given([proposed]).when(answer('AcceptPartnership')).then([accepted]);
    given([proposed]).when(answer('DeclinePartnership')).then([{ type: 'PartnershipDeclined', data: { partnershipId, at: '2026-12-02T09:00:00.000Z', by: 'milan' } }]);
    given([proposed, accepted]).when(answer('DeclinePartnership')).thenThrows(PartnershipNotInStatus, { status: 'active', needed: 'proposed' });
    given([]).when(answer('AcceptPartnership')).thenThrows(UnknownPartnership);
  });

  it('is withdrawn by the proposer while no answer came, once; kept in the history', () => {
    const withdraw: PartnershipCommand = { type: 'WithdrawPartnership', data: { partnershipId }, metadata: by('ana', '2026-12-03') };
    const withdrawn: PartnershipEvent = { type: 'PartnershipWithdrawn', data: { partnershipId, at: '2026-12-03T09:00:00.000Z', by: 'ana' } };
    given([proposed]).when(withdraw).then([withdrawn]);
    expect([proposed, withdrawn].reduce(partnershipDecider.evolve, partnershipDecider.initialState())).toMatchObject({ status: 'withdrawn', history: [{ step: 'proposed' }, { step: 'withdrawn', by: 'ana' }] });
    given([proposed, accepted]).when(withdraw).thenThrows(PartnershipNotInStatus, { status: 'active', needed: 'proposed' });
    given([proposed, withdrawn]).when(withdraw).thenThrows(PartnershipNotInStatus, { status: 'withdrawn' });
    given([proposed, withdrawn]).when(answer('AcceptPartnership')).thenThrows(PartnershipNotInStatus, { status: 'withdrawn' });
  });

  it('is ended while active, with its outcome', () => {
    given([proposed, accepted]).when(end(' joint stand at the Novi Sad fair ')).then([{ type: 'PartnershipEnded', data: { partnershipId, outcome: 'joint stand at the Novi Sad fair', at: '2027-06-01T09:00:00.000Z', by: 'sec' } }]);
    given([proposed, accepted]).when(end(' ')).thenThrows(OutcomeRequired);
    given([proposed]).when(end('never started')).thenThrows(PartnershipNotInStatus, { status: 'proposed', needed: 'active' });
  });

  it('keeps every step with who and when', () => {
    const ended: PartnershipEvent = { type: 'PartnershipEnded', data: { partnershipId, outcome: 'done', at: '2027-06-01T09:00:00.000Z', by: 'sec' } };
    const state = [proposed, accepted, ended].reduce(partnershipDecider.evolve, partnershipDecider.initialState());
    expect(state).toMatchObject({
      status: 'ended',
      outcome: 'done',
      history: [
        { step: 'proposed', at: '2026-12-01T09:00:00.000Z', by: 'ana' },
        { step: 'accepted', at: '2026-12-02T09:00:00.000Z', by: 'milan' },
        { step: 'ended', at: '2027-06-01T09:00:00.000Z', by: 'sec', outcome: 'done' },
      ],
    });
  });
});
