import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { MAX_OPEN_PROPOSALS, TooManyOpenProposals } from '../shared/proposals';
import { GoalsRequired, MAX_MENTORING_MEETINGS, MeetingOutsidePeriod, MentoringCommand, mentoringDecider, MentoringEvent, MentoringNotInStatus, MentoringPeriodInvalid, MentoringWithSelf, OutcomeRequired, TooManyMentoringMeetings, UnknownMentoring } from './mentoring';

const given = deciderSpecificationFor(mentoringDecider);
const mentoringId = 'mentoring-1';
const on = (day: string) => ({ now: `${day}T09:00:00.000Z`, actor: 'ana', role: 'member' });
const terms = { mentoringId, kind: 'twinning' as const, mentorOrganisationId: 'cluster-ro', menteeOrganisationId: 'cluster-rs', from: '2027-01-01', until: '2027-06-30', goals: [' export to Austria '] };
const propose = (changes: Partial<typeof terms & { mentorKnown: boolean; menteeKnown: boolean; openProposals: number }> = {}): MentoringCommand => ({ type: 'ProposeMentoring', data: { ...terms, mentorKnown: true, menteeKnown: true, openProposals: 0, ...changes }, metadata: on('2026-12-01') });
const proposed: MentoringEvent = { type: 'MentoringProposed', data: { ...terms, goals: ['export to Austria'], at: '2026-12-01T09:00:00.000Z' } };
const accepted: MentoringEvent = { type: 'MentoringAccepted', data: { mentoringId, at: '2026-12-02T09:00:00.000Z' } };
const cmd = (type: 'AcceptMentoring' | 'DeclineMentoring', day = '2026-12-02'): MentoringCommand => ({ type, data: { mentoringId }, metadata: on(day) });
const meet = (day: string, now = '2027-03-01'): MentoringCommand => ({ type: 'RecordMentoringMeeting', data: { mentoringId, on: day, notes: 'visited the Novi Sad fair' }, metadata: on(now) });
const close = (outcome: string): MentoringCommand => ({ type: 'CloseMentoring', data: { mentoringId, outcome }, metadata: on('2027-07-01') });

describe('mentoring and twinning', () => {
  it('is proposed with a period and goals between two registered organisations', () => {
    given([]).when(propose()).then([proposed]);
    given([]).when(propose({ menteeOrganisationId: 'cluster-ro' })).thenThrows(MentoringWithSelf);
    given([]).when(propose({ menteeKnown: false })).thenThrows(OrganisationNotRegistered, { organisationId: 'cluster-rs' });
    given([]).when(propose({ goals: ['  '] })).thenThrows(GoalsRequired);
    given([]).when(propose({ from: '2026-11-30' })).thenThrows(MentoringPeriodInvalid);
    given([]).when(propose({ until: '2027-01-01' })).thenThrows(MentoringPeriodInvalid);
  });

  it(`is refused once the mentor has ${MAX_OPEN_PROPOSALS} proposals awaiting an answer, naming the bound`, () => {
    given([]).when(propose({ openProposals: MAX_OPEN_PROPOSALS - 1 })).then([proposed]);
    given([]).when(propose({ openProposals: MAX_OPEN_PROPOSALS })).thenThrows(TooManyOpenProposals, { organisationId: 'cluster-ro', kind: 'mentoring', open: MAX_OPEN_PROPOSALS, max: MAX_OPEN_PROPOSALS });
  });

  it('is accepted or declined by the mentee while proposed', () => {
    given([proposed]).when(cmd('AcceptMentoring')).then([accepted]);
    given([proposed]).when(cmd('DeclineMentoring')).then([{ type: 'MentoringDeclined', data: { mentoringId, at: '2026-12-02T09:00:00.000Z' } }]);
    given([proposed, accepted]).when(cmd('AcceptMentoring')).thenThrows(MentoringNotInStatus, { status: 'active' });
    given([]).when(cmd('AcceptMentoring')).thenThrows(UnknownMentoring);
  });

  it('is withdrawn by the mentor while no answer came, once', () => {
    const withdraw: MentoringCommand = { type: 'WithdrawMentoring', data: { mentoringId }, metadata: on('2026-12-03') };
    const withdrawn: MentoringEvent = { type: 'MentoringWithdrawn', data: { mentoringId, at: '2026-12-03T09:00:00.000Z' } };
    given([proposed]).when(withdraw).then([withdrawn]);
    expect([proposed, withdrawn].reduce(mentoringDecider.evolve, mentoringDecider.initialState())).toMatchObject({ status: 'withdrawn' });
    given([proposed, accepted]).when(withdraw).thenThrows(MentoringNotInStatus, { status: 'active', needed: 'proposed' });
    given([proposed, withdrawn]).when(withdraw).thenThrows(MentoringNotInStatus, { status: 'withdrawn' });
    given([proposed, withdrawn]).when(cmd('AcceptMentoring')).thenThrows(MentoringNotInStatus, { status: 'withdrawn' });
  });

  it('records meetings held within the period, not in the future', () => {
    given([proposed, accepted]).when(meet('2027-02-15')).then([{ type: 'MentoringMeetingHeld', data: { mentoringId, on: '2027-02-15', notes: 'visited the Novi Sad fair', at: '2027-03-01T09:00:00.000Z' } }]);
    given([proposed, accepted]).when(meet('2026-12-31')).thenThrows(MeetingOutsidePeriod);
    given([proposed, accepted]).when(meet('2027-03-02')).thenThrows(MeetingOutsidePeriod);
    given([proposed]).when(meet('2027-02-15')).thenThrows(MentoringNotInStatus, { needed: 'active' });
  });

  it(`records at most ${MAX_MENTORING_MEETINGS} meetings`, () => {
    const held = (n: number): MentoringEvent[] => Array.from({ length: n }, () => ({ type: 'MentoringMeetingHeld', data: { mentoringId, on: '2027-02-15', notes: 'n', at: '2027-03-01T09:00:00.000Z' } }));
    given([proposed, accepted, ...held(MAX_MENTORING_MEETINGS - 1)]).when(meet('2027-02-16')).then([{ type: 'MentoringMeetingHeld', data: { mentoringId, on: '2027-02-16', notes: 'visited the Novi Sad fair', at: '2027-03-01T09:00:00.000Z' } }]);
    given([proposed, accepted, ...held(MAX_MENTORING_MEETINGS)]).when(meet('2027-02-16')).thenThrows(TooManyMentoringMeetings, { mentoringId, max: MAX_MENTORING_MEETINGS });
  });

  it('is closed with its outcome', () => {
    given([proposed, accepted]).when(close('two export contracts signed')).then([{ type: 'MentoringClosed', data: { mentoringId, outcome: 'two export contracts signed', at: '2027-07-01T09:00:00.000Z' } }]);
    given([proposed, accepted]).when(close(' ')).thenThrows(OutcomeRequired);
  });
});
