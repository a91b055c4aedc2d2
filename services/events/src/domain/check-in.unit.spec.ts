import { deciderSpecificationFor } from './decider-spec';
import { eventFigures } from './figures';
import { evolve, initialState } from './programme-event';
import { programmeEventDecider } from './programme-event.decide';
import { at, history, org, registerCommand, scheduled } from './programme-event.fixtures';

const given = deciderSpecificationFor(programmeEventDecider);
/** At the desk on the event's first day (10:30 in Timișoara), unless said otherwise. */
const checkIn = (registrationId: string, email: string, list: string, now = '2026-05-12T08:30:00.000Z') => ({ type: 'CheckIn' as const, data: { registrationId, email, list }, metadata: at(now, 'desk', 'secretariat') });
const stamp = { at: '2026-05-12T08:30:00.000Z', actor: 'desk', role: 'secretariat' };

// r1: two from a Romanian SME (one gave her gender); r2: one from a Serbian cluster; r3 waits (capacity 4, RS at most 2).
const registered = history(
  [scheduled({ quotas: [{ dimension: 'country', value: 'RS', max: 2 }, { dimension: 'country', value: 'RO', min: 2 }] })],
  { ...registerCommand('r1', org('bakery'), []), data: { ...registerCommand('r1', org('bakery'), []).data, people: [{ name: 'Ana', email: 'ana@x.ro', gender: 'female' }, { name: 'Ion', email: 'ion@x.ro' }] } },
  registerCommand('r2', org('cluster', 'RS', 'cluster'), ['mila@x.rs']),
  registerCommand('r3', org('dairy', 'RS'), ['zoran@x.rs', 'goran@x.rs']),
);

describe('check-in on a list per day or per session', () => {
  it('records a confirmed person on a day list', () =>
    given(registered).when(checkIn('r1', 'ANA@x.ro', 'day:2026-05-12')).then([{ type: 'PersonCheckedIn', data: { registrationId: 'r1', email: 'ana@x.ro', list: 'day:2026-05-12', stamp } }]));
  it('and on a session list', () =>
    given(registered).when(checkIn('r1', 'ana@x.ro', 'session:opening')).then([{ type: 'PersonCheckedIn', data: { registrationId: 'r1', email: 'ana@x.ro', list: 'session:opening', stamp } }]));
  it('once per list', () => given(history(registered, checkIn('r1', 'ana@x.ro', 'day:2026-05-12'))).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-12')).thenRefuses('AlreadyCheckedIn'));
  it('not someone waiting', () => given(registered).when(checkIn('r3', 'zoran@x.rs', 'day:2026-05-12')).thenRefuses('NotAnAttendee', { status: 'waiting' }));
  it('not someone outside the registration', () => given(registered).when(checkIn('r1', 'mila@x.rs', 'day:2026-05-12')).thenRefuses('PersonNotInRegistration'));
  it('not on a list the event does not have', () => given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-14')).thenRefuses('CheckInListUnknown', { lists: ['day:2026-05-12', 'day:2026-05-13', 'session:opening'] }));
});

describe("check-in only on the list's own day (the programme's day, in Bucharest)", () => {
  it('not before the event: a day list three weeks early, nothing recorded', () =>
    given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-12', '2026-04-21T09:00:00.000Z')).thenRefuses('CheckInNotOnListDay', { list: 'day:2026-05-12', day: '2026-05-12', today: '2026-04-21' }));
  it("not on the event's first day for its second day's list", () =>
    given(registered).when(checkIn('r2', 'mila@x.rs', 'day:2026-05-13')).thenRefuses('CheckInNotOnListDay', { day: '2026-05-13', today: '2026-05-12' }));
  it("nor afterwards for a day gone by: the attendance would count on the day it was typed, not the day attended", () =>
    given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-12', '2026-05-13T07:00:00.000Z')).thenRefuses('CheckInNotOnListDay', { day: '2026-05-12', today: '2026-05-13' }));
  it("a session list on the session's day only", () =>
    given(registered).when(checkIn('r1', 'ana@x.ro', 'session:opening', '2026-05-13T07:00:00.000Z')).thenRefuses('CheckInNotOnListDay', { list: 'session:opening', day: '2026-05-12', today: '2026-05-13' }));
  it("the day begins at midnight in Bucharest (21:00 UTC in summer), not in UTC", () => {
    given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-12', '2026-05-11T21:00:00.000Z')).then([{ type: 'PersonCheckedIn', data: { registrationId: 'r1', email: 'ana@x.ro', list: 'day:2026-05-12', stamp: { ...stamp, at: '2026-05-11T21:00:00.000Z' } } }]);
    given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-11', '2026-05-11T20:59:59.000Z')).thenRefuses('CheckInListUnknown');
    given(registered).when(checkIn('r1', 'ana@x.ro', 'day:2026-05-12', '2026-05-12T21:00:00.000Z')).thenRefuses('CheckInNotOnListDay', { today: '2026-05-13' });
    given(registered).when(checkIn('r2', 'mila@x.rs', 'day:2026-05-13', '2026-05-12T21:00:00.000Z')).then([{ type: 'PersonCheckedIn', data: { registrationId: 'r2', email: 'mila@x.rs', list: 'day:2026-05-13', stamp: { ...stamp, at: '2026-05-12T21:00:00.000Z' } } }]);
  });
});

describe("the organisers' figures", () => {
  it('count registered and attending people by country, organisation kind and gender where given, and quota fulfilment', () => {
    const facts = history(registered, checkIn('r1', 'ana@x.ro', 'day:2026-05-12'), checkIn('r1', 'ana@x.ro', 'session:opening'), checkIn('r2', 'mila@x.rs', 'day:2026-05-13', '2026-05-13T07:00:00.000Z'));
    expect(eventFigures(facts.reduce(evolve, initialState()))).toEqual({
      eventId: 'workshop-ro-1',
      capacity: 4,
      registered: { people: 3, byCountry: { RO: 2, RS: 1 }, byOrganisationKind: { sme: 2, cluster: 1 }, byGender: { female: 1, 'not-given': 2 }, byParticipation: { participant: 3 } },
      attended: { people: 2, byCountry: { RO: 1, RS: 1 }, byOrganisationKind: { sme: 1, cluster: 1 }, byGender: { female: 1, 'not-given': 1 }, byList: { 'day:2026-05-12': 1, 'session:opening': 1, 'day:2026-05-13': 1 } },
      waiting: 2,
      quotas: [
        { dimension: 'country', value: 'RS', max: 2, registered: 1, attended: 1, minimumMet: null },
        { dimension: 'country', value: 'RO', min: 2, registered: 2, attended: 1, minimumMet: true },
      ],
    });
  });
});
