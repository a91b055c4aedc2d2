import { deciderSpecificationFor } from './decider-spec';
import { eventDays } from './programme-event.decide';
import { programmeEventDecider } from './programme-event.decide';
import { at, before, definition, eventId, history, org, registerCommand, rsQuota, scheduled } from './programme-event.fixtures';
import type { ProgrammeEventFact } from './programme-event';

const given = deciderSpecificationFor(programmeEventDecider);
const stamp = (now: string, actor = 'ana', role = 'secretariat') => ({ at: now, actor, role });
const accepted = (fact: ProgrammeEventFact) => fact.type === 'RegistrationAccepted' ? fact.data.entry.registrationId : undefined;

describe('scheduling an event', () => {
  const schedule = (changes: Partial<ReturnType<typeof definition>> = {}, rules = {}) => ({ type: 'ScheduleEvent' as const, data: { definition: { ...definition(rules), ...changes } }, metadata: at('2026-04-01T08:00:00.000Z') });

  it('is recorded with its place, dates, languages, topics, organiser, sessions and plan', () => {
    given([]).when(schedule()).then([scheduled()]);
  });

  it('once only', () => given([scheduled()]).when(schedule()).thenRefuses('EventAlreadyScheduled', { eventId }));
  it('not ending before it starts', () => given([]).when(schedule({ endsOn: '2026-05-11' })).thenRefuses('EventDatesReversed'));
  it('with sessions on its own days', () =>
    given([]).when(schedule({ sessions: [{ sessionId: 'late', title: 'Late', date: '2026-05-14' }] })).thenRefuses('SessionOutsideEvent', { sessionId: 'late' }));
  it('with registration closing by its end', () => given([]).when(schedule({}, { deadline: '2026-05-14T08:00:00.000Z' })).thenRefuses('DeadlineAfterEvent'));
  it('with registration closing by its end in Bucharest, not in UTC', () => {
    // 22:30 UTC on the last day is 01:30 the next day in Bucharest: after the event.
    given([]).when(schedule({}, { deadline: '2026-05-13T22:30:00.000Z' })).thenRefuses('DeadlineAfterEvent');
    given([]).when(schedule({}, { deadline: '2026-05-14T00:30:00+03:00' })).thenRefuses('DeadlineAfterEvent');
    // 20:59 UTC on the last day is 23:59 that day in Bucharest: still within it.
    given([]).when(schedule({}, { deadline: '2026-05-13T20:59:00.000Z' })).then([scheduled({ deadline: '2026-05-13T20:59:00.000Z' })]);
  });
  it('with quotas whose minimum is below their maximum', () =>
    given([]).when(schedule({}, { quotas: [{ dimension: 'country', value: 'RO', min: 3, max: 2 }] })).thenRefuses('QuotaBoundsReversed'));
  it('with minimums the capacity can hold', () =>
    given([]).when(schedule({}, { quotas: [{ dimension: 'country', value: 'RO', min: 3 }, { dimension: 'country', value: 'RS', min: 2 }] })).thenRefuses('MinimumsExceedCapacity', { reserved: 5, capacity: 4 }));
  it('has a check-in list per day and per session', () => expect(eventDays(definition())).toEqual(['2026-05-12', '2026-05-13']));
});

describe('registering people for an organisation', () => {
  it('confirms a place while the event has room', () => {
    const command = registerCommand('r1', org('bakery'), ['Ana@Example.ro']);
    given([scheduled()]).when(command).then([
      {
        type: 'RegistrationAccepted',
        data: {
          entry: { registrationId: 'r1', organisationId: 'bakery', organisationKind: 'sme', country: 'RO', participation: 'participant', people: [{ name: 'Ana', email: 'ana@example.ro' }], requestedAt: before.now, requestedBy: 'ion' },
          status: 'confirmed',
        },
      },
    ]);
  });

  it('holds the place awaiting approval where the event requires it', () => {
    const [fact] = programmeEventDecider.decide(registerCommand('r1', org('bakery'), ['a@x.ro']), [scheduled({ requiresApproval: true })].reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()));
    expect(fact).toMatchObject({ type: 'RegistrationAccepted', data: { status: 'pending-approval' } });
  });

  it('past the deadline is refused', () =>
    given([scheduled()]).when(registerCommand('r1', org('bakery'), ['a@x.ro'], '2026-05-10T21:00:00.001Z')).thenRefuses('RegistrationClosed', { deadline: '2026-05-10T21:00:00.000Z' }));

  it('the same person twice is refused, whatever the case of the address', () => {
    const facts = history([scheduled()], registerCommand('r1', org('bakery'), ['a@x.ro']));
    given(facts).when(registerCommand('r2', org('apiary', 'RS'), ['A@X.RO'])).thenRefuses('PersonAlreadyRegistered', { email: 'a@x.ro' });
  });

  it('the same person waiting is refused too', () => {
    const facts = history([scheduled({ capacity: 1 })], registerCommand('r1', org('bakery'), ['a@x.ro']), registerCommand('r2', org('bakery'), ['b@x.ro']));
    given(facts).when(registerCommand('r3', org('bakery'), ['b@x.ro'])).thenRefuses('PersonAlreadyRegistered');
  });

  it('a person cancelled may register again', () => {
    const facts = history([scheduled()], registerCommand('r1', org('bakery'), ['a@x.ro']), { type: 'CancelRegistration', data: { registrationId: 'r1' }, metadata: before });
    expect(accepted(programmeEventDecider.decide(registerCommand('r2', org('bakery'), ['a@x.ro']), facts.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r2');
  });

  it('a group naming one person twice is refused', () => given([scheduled()]).when(registerCommand('r1', org('bakery'), ['a@x.ro', 'A@x.ro'])).thenRefuses('PersonListedTwice'));
  it('a group larger than the event is refused', () => given([scheduled()]).when(registerCommand('r1', org('bakery'), ['a@x', 'b@x', 'c@x', 'd@x', 'e@x'])).thenRefuses('GroupLargerThanCapacity'));
  it('for a deactivated organisation is refused', () => given([scheduled()]).when(registerCommand('r1', { ...org('bakery'), active: false }, ['a@x.ro'])).thenRefuses('OrganisationNotActive'));
  it('for an event not scheduled is refused', () => given([]).when(registerCommand('r1', org('bakery'), ['a@x.ro'])).thenRefuses('EventNotScheduled'));
});

describe('capacity and quotas: full means the waiting list, never over', () => {
  const full = history([scheduled()], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro']), registerCommand('r2', org('apiary', 'RS'), ['c@x.rs', 'd@x.rs']));

  it('past capacity the entry waits, with its reason', () => {
    const [fact] = programmeEventDecider.decide(registerCommand('r3', org('bakery'), ['e@x.ro']), full.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()));
    expect(fact).toMatchObject({ type: 'RegistrationWaitListed', data: { reason: 'CapacityReached', entry: { registrationId: 'r3' } } });
  });

  it("past a country's maximum the entry waits though places are free", () => {
    const rsFull = history([scheduled({ quotas: [rsQuota(2)] })], registerCommand('r1', org('apiary', 'RS'), ['c@x.rs', 'd@x.rs']));
    const [fact] = programmeEventDecider.decide(registerCommand('r2', org('dairy', 'RS'), ['e@x.rs']), rsFull.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()));
    expect(fact).toMatchObject({ type: 'RegistrationWaitListed', data: { reason: 'QuotaReached', quota: rsQuota(2) } });
  });

  it('a group takes its places together or waits together', () => {
    const almost = history([scheduled({ quotas: [] })], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro', 'c@x.ro']));
    const [fact] = programmeEventDecider.decide(registerCommand('r2', org('bakery'), ['d@x.ro', 'e@x.ro']), almost.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()));
    expect(fact).toMatchObject({ type: 'RegistrationWaitListed', data: { reason: 'CapacityReached' } });
  });

  it('places a minimum still needs are kept for those who count towards it', () => {
    const rules = { capacity: 4, quotas: [{ dimension: 'participation' as const, value: 'exhibitor', min: 2 }] };
    const two = history([scheduled(rules)], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro'], before.now, 'visitor'));
    const state = two.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState());
    expect(programmeEventDecider.decide(registerCommand('r2', org('bakery'), ['c@x.ro'], before.now, 'visitor'), state)[0]).toMatchObject({ type: 'RegistrationWaitListed', data: { reason: 'PlacesReserved' } });
    expect(programmeEventDecider.decide(registerCommand('r2', org('bakery'), ['c@x.ro'], before.now, 'exhibitor'), state)[0]).toMatchObject({ type: 'RegistrationAccepted' });
  });

  it('organisation kinds have quotas too', () => {
    const rules = { quotas: [{ dimension: 'organisationKind' as const, value: 'public-body', max: 1 }] };
    const one = history([scheduled(rules)], registerCommand('r1', org('town', 'RO', 'public-body'), ['a@x.ro']));
    given(one).when(registerCommand('r2', org('county', 'RO', 'public-body'), ['b@x.ro'])).then([
      { type: 'RegistrationWaitListed', data: { entry: expect.objectContaining({ registrationId: 'r2' }), reason: 'QuotaReached', quota: rules.quotas[0] } },
    ] as never);
  });
});

describe("places per organisation: a member fills at most the event's maxPerOrganisation, placed or waiting", () => {
  // 4 places, at most 3 people of one organisation: the 4th of the bakery is refused, whether it would be placed or wait.
  const capped = (extra = {}) => scheduled({ capacity: 4, quotas: [], maxPerOrganisation: 3, ...extra });
  const asSecretariat = (command: ReturnType<typeof registerCommand>) => ({ ...command, metadata: at(command.metadata.now, 'ana', 'secretariat') });

  it('refuses a registration that takes an organisation past the figure, naming it and what is held', () => {
    const three = history([capped()], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro']), registerCommand('r2', org('bakery'), ['c@x.ro']));
    given(three).when(registerCommand('r3', org('bakery'), ['d@x.ro'])).thenRefuses('PlacesPerOrganisationExceeded', { organisationId: 'bakery', max: 3, registered: 3, asked: 1 });
    // Another organisation still takes the last place.
    expect(accepted(programmeEventDecider.decide(registerCommand('r3', org('apiary'), ['d@x.ro']), three.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r3');
  });

  it('counts the waiting list too: a member cannot fill it with its own people', () => {
    const full = history([capped({ capacity: 2 })], registerCommand('r1', org('apiary'), ['a@x.ro', 'z@x.ro']), registerCommand('r2', org('bakery'), ['b@x.ro', 'c@x.ro']));
    expect(full.at(-1)).toMatchObject({ type: 'RegistrationWaitListed' });
    given(full).when(registerCommand('r3', org('bakery'), ['d@x.ro', 'e@x.ro'])).thenRefuses('PlacesPerOrganisationExceeded', { registered: 2, asked: 2 });
  });

  it('refuses a group larger than the figure at once', () => given([capped()]).when(registerCommand('r1', org('bakery'), ['a@x', 'b@x', 'c@x', 'd@x'])).thenRefuses('PlacesPerOrganisationExceeded', { registered: 0, asked: 4 }));

  it('a cancelled, rejected or lapsed entry no longer counts', () => {
    const cancelled = history([capped()], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro', 'c@x.ro']), { type: 'CancelRegistration', data: { registrationId: 'r1' }, metadata: before });
    expect(accepted(programmeEventDecider.decide(registerCommand('r2', org('bakery'), ['d@x.ro', 'e@x.ro', 'f@x.ro']), cancelled.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r2');
  });

  it('binds events scheduled without the figure at the default of 10', () => {
    const people = (from: number, n: number) => Array.from({ length: n }, (_, i) => `p${from + i}@x.ro`);
    const nine = history([scheduled({ capacity: 40, quotas: [] })], registerCommand('r1', org('bakery'), people(0, 9)));
    expect(accepted(programmeEventDecider.decide(registerCommand('r2', org('bakery'), people(9, 1)), nine.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r2');
    given(nine).when(registerCommand('r2', org('bakery'), people(9, 2))).thenRefuses('PlacesPerOrganisationExceeded', { max: 10, registered: 9, asked: 2 });
  });

  it('bounds the registrations an organisation makes over the event, cancelled ones included, at five times its places', () => {
    const cancel = (registrationId: string) => ({ type: 'CancelRegistration' as const, data: { registrationId }, metadata: at(before.now, 'ion', 'member') });
    const churn = Array.from({ length: 15 }, (_, i) => [registerCommand(`r${i}`, org('bakery'), [`p${i}@x.ro`]), cancel(`r${i}`)]).flat();
    const fifteen = history([capped()], ...churn);
    given(fifteen).when(registerCommand('r15', org('bakery'), ['q@x.ro'])).thenRefuses('RegistrationsPerOrganisationExceeded', { organisationId: 'bakery', max: 15, made: 15 });
    expect(accepted(programmeEventDecider.decide(asSecretariat(registerCommand('r15', org('bakery'), ['q@x.ro'])), fifteen.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r15');
    expect(accepted(programmeEventDecider.decide(registerCommand('r15', org('apiary'), ['q@x.ro']), fifteen.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r15');
  });

  it('the secretariat, which sets the figure, may register past it', () => {
    const three = history([capped()], registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro', 'c@x.ro']));
    expect(accepted(programmeEventDecider.decide(asSecretariat(registerCommand('r2', org('bakery'), ['d@x.ro'])), three.reduce(programmeEventDecider.evolve, programmeEventDecider.initialState()))[0])).toBe('r2');
  });
});

describe('the waiting list offers freed places in order, for a limited time', () => {
  const cancel = (registrationId: string, now = '2026-05-02T10:00:00.000Z') => ({ type: 'CancelRegistration' as const, data: { registrationId }, metadata: at(now) });
  // Full with r1 (2 RO) and r2 (2 RS); waiting: r3 (group of 2 RO), r4 (1 RO), r5 (1 RS: the RS maximum is reached).
  const waiting = history(
    [scheduled()],
    registerCommand('r1', org('bakery'), ['a@x.ro', 'b@x.ro']),
    registerCommand('r2', org('apiary', 'RS'), ['c@x.rs', 'd@x.rs']),
    registerCommand('r3', org('bakery'), ['e@x.ro', 'f@x.ro']),
    registerCommand('r4', org('winery'), ['g@x.ro']),
    registerCommand('r5', org('dairy', 'RS'), ['h@x.rs']),
  );

  it('a cancellation offers its places to the first entries that fit, in order of arrival', () => {
    given(waiting).when(cancel('r1')).then([
      { type: 'RegistrationCancelled', data: { registrationId: 'r1', stamp: stamp('2026-05-02T10:00:00.000Z') } },
      { type: 'PlaceOffered', data: { registrationId: 'r3', until: '2026-05-04T10:00:00.000Z', at: '2026-05-02T10:00:00.000Z' } },
    ]);
  });

  it('an entry that does not fit keeps its turn while a later one that fits is offered the place', () => {
    const singles = history(
      [scheduled()],
      registerCommand('r1', org('bakery'), ['a@x.ro']),
      registerCommand('r1b', org('bakery'), ['b@x.ro']),
      registerCommand('r2', org('apiary', 'RS'), ['c@x.rs', 'd@x.rs']),
      registerCommand('r3', org('bakery'), ['e@x.ro', 'f@x.ro']),
      registerCommand('r4', org('winery'), ['g@x.ro']),
    );
    given(singles).when(cancel('r1')).then([
      { type: 'RegistrationCancelled', data: { registrationId: 'r1', stamp: stamp('2026-05-02T10:00:00.000Z') } },
      { type: 'PlaceOffered', data: { registrationId: 'r4', until: '2026-05-04T10:00:00.000Z', at: '2026-05-02T10:00:00.000Z' } },
    ]);
    // r1b leaves too: two places, and r3 (first in line) is offered them before anyone after it.
    const next = history(singles, cancel('r1'), cancel('r4'), cancel('r1b', '2026-05-02T12:00:00.000Z')).filter((f) => f.type === 'PlaceOffered').map((f) => f.data.registrationId);
    expect(next).toEqual(['r4', 'r3']);
  });

  it('an offer declined passes on down the list', () => {
    // r2 (RS) leaves: 2 places free. r3 (2 RO) fits first; r4 and r5 then find nothing left.
    const afterOffer = history(waiting, cancel('r2'));
    const offered = afterOffer.filter((f) => f.type === 'PlaceOffered').map((f) => f.data.registrationId);
    expect(offered).toEqual(['r3']);
    // r3 declines (cancels): its 2 places pass to r4 (1 RO) and r5 (1 RS, under the RS maximum again).
    const next = history(afterOffer, cancel('r3', '2026-05-02T11:00:00.000Z')).filter((f) => f.type === 'PlaceOffered').map((f) => f.data.registrationId);
    expect(next).toEqual(['r3', 'r4', 'r5']);
  });

  it('an offer accepted in time confirms the place', () => {
    const offered = history(waiting, cancel('r1'));
    given(offered).when({ type: 'AcceptOffer', data: { registrationId: 'r3' }, metadata: at('2026-05-04T09:59:59.000Z', 'ion', 'member') }).then([
      { type: 'OfferAccepted', data: { registrationId: 'r3', status: 'confirmed', stamp: stamp('2026-05-04T09:59:59.000Z', 'ion', 'member') } },
    ]);
  });

  it('an offer not accepted in time lapses and passes on; accepting it then is refused', () => {
    const offered = history(waiting, cancel('r1'));
    given(offered).when({ type: 'AcceptOffer', data: { registrationId: 'r3' }, metadata: at('2026-05-04T10:00:01.000Z', 'ion', 'member') }).thenRefuses('OfferExpired');
    given(offered).when({ type: 'LapseOffers', data: {}, metadata: at('2026-05-04T10:00:01.000Z') }).then([
      { type: 'OfferLapsed', data: { registrationId: 'r3', at: '2026-05-04T10:00:01.000Z' } },
      { type: 'PlaceOffered', data: { registrationId: 'r4', until: '2026-05-06T10:00:01.000Z', at: '2026-05-04T10:00:01.000Z' } },
    ]);
  });

  it('nothing to lapse, nothing happens', () => given(waiting).when({ type: 'LapseOffers', data: {}, metadata: at('2026-05-04T10:00:01.000Z') }).then([]));
  it('a place is accepted only when offered', () => given(waiting).when({ type: 'AcceptOffer', data: { registrationId: 'r4' }, metadata: before }).thenRefuses('NoOpenOffer', { status: 'waiting' }));
  it('a registration cancelled twice is refused', () => given(history(waiting, cancel('r4'))).when(cancel('r4')).thenRefuses('RegistrationNotActive'));
});

describe('approval', () => {
  const pending = history([scheduled({ requiresApproval: true, capacity: 1, quotas: [] })], registerCommand('r1', org('bakery'), ['a@x.ro']), registerCommand('r2', org('bakery'), ['b@x.ro']));

  it('approving confirms the place', () =>
    given(pending).when({ type: 'ApproveRegistration', data: { registrationId: 'r1' }, metadata: before }).then([{ type: 'RegistrationApproved', data: { registrationId: 'r1', stamp: stamp(before.now) } }]));
  it('rejecting frees the place for the waiting list', () =>
    given(pending).when({ type: 'RejectRegistration', data: { registrationId: 'r1', reason: 'not in the target group' }, metadata: before }).then([
      { type: 'RegistrationRejected', data: { registrationId: 'r1', reason: 'not in the target group', stamp: stamp(before.now) } },
      { type: 'PlaceOffered', data: { registrationId: 'r2', until: '2026-05-03T09:00:00.000Z', at: before.now } },
    ]));
  it('only a registration awaiting approval is approved', () => given(pending).when({ type: 'ApproveRegistration', data: { registrationId: 'r2' }, metadata: before }).thenRefuses('RegistrationNotPending'));
  it('an unknown registration is refused by name', () => given(pending).when({ type: 'ApproveRegistration', data: { registrationId: 'nope' }, metadata: before }).thenRefuses('RegistrationNotFound'));
});
