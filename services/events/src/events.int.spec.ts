import { INestApplication, INestMicroservice } from '@nestjs/common';
import mongoose from 'mongoose';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { AckPolicy, connect, DeliverPolicy, NatsConnection } from 'nats';
import { buildAsyncApiDocument, EventsPublicEvents, PUBLIC_PREFIX } from '@banat/contracts';
import { createService, loadConfig, mongoDbName, PlatformConfig, PUBLIC_STREAM } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, programmeDay } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { RegistryModule } from '../../registry/src/registry.module';
import { EventsModule } from './events.module';

type Headers = Record<string, string>;
const day = (offset: number) => programmeDay(offset);

/** Two replicas of the events service, the registry and the gateway, on a real nats-server and FerretDB. */
describe('events: scheduling and registration through the gateway (real NATS + FerretDB, two replicas)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let config: PlatformConfig;
  let db: mongoose.Connection;
  let api: (path: string) => string;
  let secretariat: Headers;
  const tokenFor = async (role: string, org?: string): Promise<Headers> => ({ authorization: `Bearer ${await issueLocalToken(config, { sub: `${role}-${org ?? 'x'}`, role: role as never, org, ttl: '1h' })}` });
  const orgs: Record<string, string> = {};

  const registerOrganisation = async (key: string, body: Record<string, unknown>) => {
    const reply = await httpPost(api('/organisations'), { kind: 'sme', country: 'RO', region: 'RO-TM', name: { en: key }, ...body }, secretariat);
    expect(reply.status).toBe(201);
    orgs[key] = reply.body.id;
  };

  const eventBody = (registration: Record<string, unknown>, changes: Record<string, unknown> = {}) => ({
    kind: 'workshop',
    title: { ro: 'Atelier: marca regională', en: 'Workshop: the regional brand' },
    place: { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO', region: 'RO-TM' },
    startsOn: day(30),
    endsOn: day(31),
    languages: ['ro', 'sr'],
    topics: ['branding', 'export'],
    organiserOrganisationId: orgs.chamber,
    sessions: [{ sessionId: 'opening', title: 'Opening', date: day(30), startsAt: '09:30' }],
    planId: 'workshops-2026',
    registration: { capacity: 10, quotas: [], requiresApproval: false, deadline: `${day(29)}T21:00:00.000Z`, ...registration },
    ...changes,
  });
  const schedule = async (registration: Record<string, unknown>, changes: Record<string, unknown> = {}) => {
    const reply = await httpPost(api('/events'), eventBody(registration, changes), secretariat);
    expect(reply.status).toBe(201);
    return reply.body.eventId as string;
  };
  /**
   * An event running today and tomorrow, its opening session today: people are checked in on the day of the list. The
   * day list is named when the check-in is sent (`day:${day(0)}`): past midnight in Bucharest, tomorrow has become today.
   */
  const scheduleToday = (registration: Record<string, unknown> = {}) =>
    schedule({ deadline: `${day(1)}T06:00:00.000Z`, ...registration }, { startsOn: day(0), endsOn: day(1), sessions: [{ sessionId: 'opening', title: 'Opening', date: day(0), startsAt: '09:30' }] });
  const person = (n: number | string) => ({ name: `Person ${n}`, email: `person.${n}@example.org` });
  const register = (eventId: string, org: string, people: unknown[], headers = secretariat, extra: Record<string, unknown> = {}) =>
    httpPost(api(`/events/${eventId}/registrations`), { organisationId: orgs[org], people, ...extra }, headers);
  const commits = (eventId: string) => db.collection('event_commits').countDocuments({ eventId });

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', RPC_TIMEOUT_MS: '30000', AUTH_JWT_SECRET: 'events-tests-secret-of-at-least-32-characters', ...testIdentityKeys });
    for (const [name, module] of [['registry', RegistryModule], ['events', EventsModule], ['events', EventsModule]] as const) {
      const app = await createService(name, (c) => module.forRoot(c), config);
      await app.listen();
      apps.push(app);
    }
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    api = (path) => `http://127.0.0.1:${port}/api/v1${path}`;
    secretariat = await tokenFor('secretariat');
    db = await mongoose.createConnection(servers.mongoUrl, { dbName: mongoDbName(config, 'events') }).asPromise();
    await registerOrganisation('chamber', { kind: 'business-support', legalId: { kind: 'RO-CUI', value: '18547290' } });
    await registerOrganisation('bakery', { legalId: { kind: 'RO-CUI', value: '18547303' } });
    await registerOrganisation('townhall', { kind: 'public-body', legalId: { kind: 'RO-CUI', value: '14399840' } });
    await registerOrganisation('dairy', { country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } });
    await registerOrganisation('cluster', { kind: 'cluster', country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '100002887' } });
  });

  afterAll(async () => {
    await db?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  it('the secretariat schedules an event of a kind, with place, dates, languages, topics, organiser, sessions and plan; anyone reads it', async () => {
    const eventId = await schedule({ quotas: [{ dimension: 'country', value: 'RS', max: 3 }] });
    const reply = await httpGet(api(`/events/${eventId}`));
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      eventId,
      kind: 'workshop',
      place: { city: 'Timișoara', country: 'RO' },
      languages: ['ro', 'sr'],
      topics: ['branding', 'export'],
      organiserOrganisationId: orgs.chamber,
      sessions: [{ sessionId: 'opening', date: day(30) }],
      planId: 'workshops-2026',
      registration: { capacity: 10, offerHours: 48 },
      checkInLists: [`day:${day(30)}`, `day:${day(31)}`, 'session:opening'],
      places: { taken: 0, free: 10, waiting: 0 },
    });
    const list = await httpGet(api('/events?kind=workshop&planId=workshops-2026'));
    expect(list.body.items.map((e: { eventId: string }) => e.eventId)).toContain(eventId);
  });

  it('only the secretariat schedules; bad input is refused with its field or its rule', async () => {
    expect((await httpPost(api('/events'), eventBody({}), await tokenFor('member', orgs.bakery))).status).toBe(403);
    expect((await httpPost(api('/events'), eventBody({}))).status).toBe(401);
    const badKind = await httpPost(api('/events'), eventBody({}, { kind: 'party' }), secretariat);
    expect(badKind.status).toBe(400);
    expect(badKind.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'kind' })]));
    const reversed = await httpPost(api('/events'), eventBody({}, { endsOn: day(29) }), secretariat);
    expect(reversed).toMatchObject({ status: 422, body: { rule: 'EventDatesReversed' } });
    const unknownOrganiser = await httpPost(api('/events'), eventBody({}, { organiserOrganisationId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a' }), secretariat);
    expect(unknownOrganiser).toMatchObject({ status: 422, body: { rule: 'OrganisationNotRegistered' } });
  });

  it('registers people for an organisation; refuses past the deadline, twice, an unknown organisation, a member for another; nothing stored', async () => {
    const eventId = await schedule({});
    const first = await register(eventId, 'bakery', [person('a1')], await tokenFor('member', orgs.bakery));
    expect(first).toMatchObject({ status: 201, body: { status: 'confirmed', organisationId: orgs.bakery, country: 'RO', organisationKind: 'sme', position: 1 } });
    const stored = await commits(eventId);

    const twice = await register(eventId, 'townhall', [{ name: 'Same', email: 'PERSON.a1@example.org' }]);
    expect(twice).toMatchObject({ status: 422, body: { rule: 'PersonAlreadyRegistered', details: { email: 'person.a1@example.org' } } });
    const unknown = await httpPost(api(`/events/${eventId}/registrations`), { organisationId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', people: [person('a2')] }, secretariat);
    expect(unknown).toMatchObject({ status: 422, body: { rule: 'OrganisationNotRegistered' } });
    expect((await register(eventId, 'dairy', [person('a3')], await tokenFor('member', orgs.bakery))).status).toBe(403);
    expect((await register(eventId, 'bakery', [{ name: 'x', email: 'not-an-address' }])).status).toBe(400);
    expect(await commits(eventId)).toBe(stored);

    const closed = await schedule({ deadline: new Date(Date.now() - 1000).toISOString() }, { startsOn: day(-1), endsOn: day(0), sessions: [] });
    expect(await register(closed, 'bakery', [person('a4')])).toMatchObject({ status: 422, body: { rule: 'RegistrationClosed' } });
    expect(await commits(closed)).toBe(1);
  });

  it("a member registers at most the event's maxPerOrganisation people of its organisation, placed or waiting: the next is a 422 naming the figure, nothing stored", async () => {
    // 2 places, at most 3 people of one organisation: without the figure one member filled every place and the waiting list without end.
    const eventId = await schedule({ capacity: 2, maxPerOrganisation: 3 });
    expect((await httpGet(api(`/events/${eventId}`))).body.registration).toMatchObject({ capacity: 2, maxPerOrganisation: 3 });
    const bakery = await tokenFor('member', orgs.bakery);
    expect((await register(eventId, 'bakery', [person('m1'), person('m2')], bakery)).body.status).toBe('confirmed');
    expect((await register(eventId, 'bakery', [person('m3')], bakery)).body.status).toBe('waiting');
    const stored = await commits(eventId);
    const refused = await register(eventId, 'bakery', [person('m4')], bakery);
    expect(refused).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATED', rule: 'PlacesPerOrganisationExceeded', details: { organisationId: orgs.bakery, max: 3, registered: 3, asked: 1 } } });
    expect(await commits(eventId)).toBe(stored);
    // Cancelling one makes room again; the secretariat may go past the figure.
    const own = (await httpGet(api(`/events/${eventId}/registrations`), bakery)).body as { registrationId: string; status: string }[];
    expect((await httpPost(api(`/events/${eventId}/registrations/${own.find((r) => r.status === 'waiting')!.registrationId}/cancellation`), {}, bakery)).status).toBe(200);
    expect((await register(eventId, 'bakery', [person('m4')], bakery)).status).toBe(201);
    expect((await register(eventId, 'bakery', [person('m5')], secretariat)).status).toBe(201);
    // An event scheduled without the figure binds at 10, and says so.
    const plain = await schedule({});
    expect((await httpGet(api(`/events/${plain}`))).body.registration.maxPerOrganisation).toBe(10);
    expect((await httpPost(api('/events'), eventBody({ maxPerOrganisation: 0 }), secretariat)).body.fields).toEqual([expect.objectContaining({ field: 'registration.maxPerOrganisation' })]);
  });

  it("registrations sent at once by a member to two replicas never pass the event's maxPerOrganisation", async () => {
    const eventId = await schedule({ capacity: 5, maxPerOrganisation: 3 });
    const bakery = await tokenFor('member', orgs.bakery);
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => register(eventId, 'bakery', [person(`burst-${i}`)], bakery)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(3);
    for (const reply of replies.filter((r) => r.status !== 201)) expect(reply.body.rule).toBe('PlacesPerOrganisationExceeded');
    expect((await httpGet(api(`/events/${eventId}`))).body.places).toEqual({ taken: 3, free: 2, waiting: 0 });
  });

  it('a registration deadline is an instant with its offset: a bare day or a local time (read in whatever zone the server is in) is a 400 naming it', async () => {
    for (const deadline of [day(20), `${day(20)}T23:59`, `${day(20)}T23:59:00.000`]) {
      const reply = await httpPost(api('/events'), eventBody({ deadline }), secretariat);
      expect([reply.status, reply.body.fields?.map((f: { field: string }) => f.field)]).toEqual([400, ['registration.deadline']]);
    }
    for (const deadline of [`${day(20)}T20:59:00Z`, `${day(20)}T23:59:00+03:00`]) expect((await httpPost(api('/events'), eventBody({ deadline }), secretariat)).status).toBe(201);
  });

  it('a retry with the same commandId answers the first registration and stores nothing new', async () => {
    const eventId = await schedule({});
    const once = await register(eventId, 'bakery', [person('c1')], secretariat, { commandId: 'bakery-c1' });
    const again = await register(eventId, 'bakery', [person('c1')], secretariat, { commandId: 'bakery-c1' });
    expect(again.body.registrationId).toBe(once.body.registrationId);
    expect(await commits(eventId)).toBe(2);
  });

  it('the same commandId sent again with other people or participation is a 409, never answered with the first registration', async () => {
    const eventId = await schedule({});
    const once = await register(eventId, 'bakery', [person('d1')], secretariat, { commandId: 'bakery-d1' });
    expect(once.status).toBe(201);
    // The e-mail's case is not a change: the same registration.
    expect((await register(eventId, 'bakery', [{ ...person('d1'), email: 'PERSON.d1@example.org' }], secretariat, { commandId: 'bakery-d1' })).body.registrationId).toBe(once.body.registrationId);
    for (const [people, extra] of [[[person('d2')], {}], [[person('d1'), person('d3')], {}], [[person('d1')], { participation: 'exhibitor' }]] as const) {
      const reply = await register(eventId, 'bakery', [...people], secretariat, { commandId: 'bakery-d1', ...extra });
      expect([reply.status, reply.body.code]).toEqual([409, 'CONFLICT']);
    }
    expect(await commits(eventId)).toBe(2);
  });

  it('approval where required: places held, approved or rejected; a rejection offers the place to the waiting list', async () => {
    const eventId = await schedule({ capacity: 1, requiresApproval: true });
    const held = await register(eventId, 'bakery', [person('p1')]);
    expect(held.body.status).toBe('pending-approval');
    const next = await register(eventId, 'dairy', [person('p2')]);
    expect(next.body).toMatchObject({ status: 'waiting', waitingReason: 'CapacityReached' });
    const rejected = await httpPost(api(`/events/${eventId}/registrations/${held.body.registrationId}/rejection`), { reason: 'not in the target group' }, secretariat);
    expect(rejected.body.status).toBe('rejected');
    const [, offered] = (await httpGet(api(`/events/${eventId}/registrations`), secretariat)).body;
    expect(offered).toMatchObject({ registrationId: next.body.registrationId, status: 'offered' });
    const dairy = await tokenFor('member', orgs.dairy);
    expect(await httpPost(api(`/events/${eventId}/registrations/${held.body.registrationId}/offer-acceptance`), {}, dairy)).toMatchObject({ status: 403 });
    const accepted = await httpPost(api(`/events/${eventId}/registrations/${next.body.registrationId}/offer-acceptance`), {}, dairy);
    expect(accepted.body.status).toBe('pending-approval');
    const approved = await httpPost(api(`/events/${eventId}/registrations/${next.body.registrationId}/approval`), {}, secretariat);
    expect(approved.body.status).toBe('confirmed');
    expect(await httpPost(api(`/events/${eventId}/registrations/${next.body.registrationId}/approval`), {}, secretariat)).toMatchObject({ status: 422, body: { rule: 'RegistrationNotPending' } });
  });

  it('many registrations at once for the last places: never over capacity or quota, the rest wait in order, freed places offered in order', async () => {
    // 10 places; at most 3 from Serbia; at most 2 people from public bodies. 7 already taken, 2 of them from Serbia.
    const eventId = await schedule({ quotas: [{ dimension: 'country', value: 'RS', max: 3 }, { dimension: 'organisationKind', value: 'public-body', max: 2 }] });
    expect((await register(eventId, 'bakery', [person('early-1'), person('early-2'), person('early-3'), person('early-4'), person('early-5')])).body.status).toBe('confirmed');
    expect((await register(eventId, 'dairy', [person('early-6'), person('early-7')])).body.status).toBe('confirmed');

    const contenders = ['bakery', 'townhall', 'dairy', 'cluster'];
    const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => register(eventId, contenders[i % 4], [person(`rush-${i}`)])));
    expect(replies.map((r) => (r.status === 201 ? 201 : r.body))).toEqual(Array(40).fill(201));

    const all = (await httpGet(api(`/events/${eventId}/registrations`), secretariat)).body as { registrationId: string; status: string; country: string; organisationKind: string; position: number; people: unknown[]; waitingReason?: string }[];
    const holding = all.filter((r) => r.status === 'confirmed');
    const people = (rs: typeof all) => rs.reduce((n, r) => n + r.people.length, 0);
    expect(people(holding)).toBe(10);
    expect(people(holding.filter((r) => r.country === 'RS'))).toBeLessThanOrEqual(3);
    expect(people(holding.filter((r) => r.organisationKind === 'public-body'))).toBeLessThanOrEqual(2);
    expect(all.map((r) => r.position)).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    // Once the event was full, no later arrival got a place.
    const lastConfirmed = Math.max(...holding.map((r) => r.position));
    const firstFull = Math.min(...all.filter((r) => r.waitingReason === 'CapacityReached').map((r) => r.position));
    expect(lastConfirmed).toBeLessThan(firstFull);
    expect((await httpGet(api(`/events/${eventId}`))).body.places).toEqual({ taken: 10, free: 0, waiting: 37 });
    // The stream has one commit per decision, revisions without a gap: concurrent appends were decided again, never overwritten.
    const revisions = (await db.collection('event_commits').find({ eventId }).sort({ revision: 1 }).toArray()).map((c) => c.revision);
    expect(revisions).toEqual(Array.from({ length: 43 }, (_, i) => i));

    // A place of the rush frees (a Romanian SME's when one won a place; which organisations won the three places is the
    // race's): the first waiting entry that fits it (not a Serbian one over its quota) is offered it.
    const rushHolders = holding.filter((r) => r.position > 2);
    expect(people(rushHolders)).toBe(3);
    const leaving = rushHolders.find((r) => r.country === 'RO' && r.organisationKind === 'sme') ?? rushHolders[0];
    expect(leaving).toBeDefined();
    await httpPost(api(`/events/${eventId}/registrations/${leaving?.registrationId}/cancellation`), {}, secretariat);
    const after = (await httpGet(api(`/events/${eventId}/registrations`), secretariat)).body as typeof all;
    const stillHeld = after.filter((r) => r.status === 'confirmed');
    const rsHeld = people(stillHeld.filter((r) => r.country === 'RS'));
    const pbHeld = people(stillHeld.filter((r) => r.organisationKind === 'public-body'));
    const fits = (r: (typeof all)[number]) => (r.country !== 'RS' || rsHeld < 3) && (r.organisationKind !== 'public-body' || pbHeld < 2);
    const expected = all.filter((r) => r.status === 'waiting').sort((a, b) => a.position - b.position).find(fits);
    const offered = after.filter((r) => r.status === 'offered');
    expect(offered.map((r) => r.registrationId)).toEqual([expected?.registrationId]);
    expect(people(after.filter((r) => ['confirmed', 'offered'].includes(r.status)))).toBe(10);
  });

  it('checks people in on day and session lists, and counts who came against the quotas', async () => {
    const eventId = await scheduleToday({ quotas: [{ dimension: 'country', value: 'RO', min: 2 }] });
    const bakery = await register(eventId, 'bakery', [{ ...person('k1'), gender: 'female' }, person('k2')]);
    const dairy = await register(eventId, 'dairy', [person('k3')]);
    const checkIn = (registrationId: string, email: string, list: string, headers = secretariat) => httpPost(api(`/events/${eventId}/check-ins`), { registrationId, email, list }, headers);
    const firstDay = day(0);
    expect((await checkIn(bakery.body.registrationId, 'person.k1@example.org', `day:${firstDay}`)).status).toBe(201);
    expect((await checkIn(bakery.body.registrationId, 'person.k1@example.org', 'session:opening')).status).toBe(201);
    expect((await checkIn(dairy.body.registrationId, 'person.k3@example.org', `day:${firstDay}`)).status).toBe(201);
    expect(await checkIn(dairy.body.registrationId, 'person.k3@example.org', `day:${firstDay}`)).toMatchObject({ status: 422, body: { rule: 'AlreadyCheckedIn' } });
    expect(await checkIn(dairy.body.registrationId, 'person.k3@example.org', 'session:closing')).toMatchObject({ status: 422, body: { rule: 'CheckInListUnknown' } });
    expect((await checkIn(dairy.body.registrationId, 'person.k3@example.org', 'session:opening', await tokenFor('member', orgs.dairy))).status).toBe(403);
    // Tomorrow's list is kept tomorrow; an event a month away takes no check-in yet. Nothing stored.
    const stored = await commits(eventId);
    expect(await checkIn(bakery.body.registrationId, 'person.k2@example.org', `day:${day(1)}`)).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATED', rule: 'CheckInNotOnListDay', details: { list: `day:${day(1)}`, day: day(1), today: day(0) } } });
    expect(await commits(eventId)).toBe(stored);
    const later = await schedule({});
    const early = await register(later, 'bakery', [person('k4')]);
    expect(await httpPost(api(`/events/${later}/check-ins`), { registrationId: early.body.registrationId, email: 'person.k4@example.org', list: `day:${day(30)}` }, secretariat)).toMatchObject({ status: 422, body: { rule: 'CheckInNotOnListDay', details: { day: day(30) } } });
    expect(await httpPost(api(`/events/${later}/check-ins`), { registrationId: early.body.registrationId, email: 'person.k4@example.org', list: 'session:opening' }, secretariat)).toMatchObject({ status: 422, body: { rule: 'CheckInNotOnListDay' } });

    expect((await httpGet(api(`/events/${eventId}/figures`), await tokenFor('member', orgs.bakery))).status).toBe(403);
    const figures = await httpGet(api(`/events/${eventId}/figures`), await tokenFor('auditor'));
    expect(figures.body).toMatchObject({
      registered: { people: 3, byCountry: { RO: 2, RS: 1 }, byGender: { female: 1, 'not-given': 2 } },
      attended: { people: 2, byCountry: { RO: 1, RS: 1 }, byOrganisationKind: { sme: 2 }, byList: { [`day:${firstDay}`]: 2, 'session:opening': 1 } },
      quotas: [{ dimension: 'country', value: 'RO', min: 2, registered: 2, attended: 1, minimumMet: true }],
    });
    expect(JSON.stringify(figures.body)).not.toContain('@example.org');
  });

  it('questionnaires: sent only to attendees, answered once by invitation, results per question, who has not answered', async () => {
    const eventId = await scheduleToday();
    const bakery = await register(eventId, 'bakery', [person('s1'), person('s2')]);
    const dairy = await register(eventId, 'dairy', [person('s3')]);
    for (const [registrationId, n] of [[bakery.body.registrationId, 's1'], [dairy.body.registrationId, 's3']]) {
      expect((await httpPost(api(`/events/${eventId}/check-ins`), { registrationId, email: `person.${n}@example.org`, list: 'session:opening' }, secretariat)).status).toBe(201);
    }
    const survey = {
      surveyId: 'satisfaction',
      title: 'How was the workshop?',
      purpose: 'satisfaction',
      audience: 'attendees',
      anonymous: true,
      questions: [
        { questionId: 'overall', text: 'Overall', kind: 'scale', min: 1, max: 5 },
        { questionId: 'remarks', text: 'Remarks', kind: 'text' },
      ],
    };
    expect((await httpPost(api(`/events/${eventId}/surveys`), survey, await tokenFor('member', orgs.bakery))).status).toBe(403);
    expect((await httpPost(api(`/events/${eventId}/surveys`), survey, secretariat)).status).toBe(201);
    const sent = await httpPost(api(`/events/${eventId}/surveys/satisfaction/sending`), {}, secretariat);
    expect(sent.status).toBe(201);
    const invitations = sent.body.invitations as { email: string; code: string }[];
    expect(invitations.map((i) => i.email).sort()).toEqual(['person.s1@example.org', 'person.s3@example.org']);
    expect(await httpPost(api(`/events/${eventId}/surveys/satisfaction/sending`), {}, secretariat)).toMatchObject({ status: 422, body: { rule: 'SurveyAlreadySent' } });

    const answer = (code: string, answers: unknown[]) => httpPost(api(`/events/${eventId}/surveys/satisfaction/answers`), { code, answers });
    const s1 = invitations.find((i) => i.email === 'person.s1@example.org')?.code ?? '';
    expect(await answer(s1, [{ questionId: 'overall', value: 4 }, { questionId: 'remarks', value: 'More tastings' }])).toMatchObject({ status: 201, body: { answered: true } });
    const stored = await commits(eventId);
    expect(await answer(s1, [{ questionId: 'overall', value: 5 }])).toMatchObject({ status: 422, body: { rule: 'SurveyAlreadyAnswered' } });
    expect(await answer('x'.repeat(24), [{ questionId: 'overall', value: 5 }])).toMatchObject({ status: 422, body: { rule: 'NotInvitedToSurvey' } });
    const s3 = invitations.find((i) => i.email === 'person.s3@example.org')?.code ?? '';
    expect(await answer(s3, [{ questionId: 'overall', value: 9 }])).toMatchObject({ status: 422, body: { rule: 'AnswerInvalid', details: { questionId: 'overall' } } });
    // A text answer is bounded: each stays in the event's stream, which every decision on the event reads whole.
    const long = await answer(s3, [{ questionId: 'overall', value: 4 }, { questionId: 'remarks', value: 'x'.repeat(2001) }]);
    expect([long.status, long.body.fields]).toEqual([400, [expect.objectContaining({ field: 'answers[1].value', reason: expect.stringContaining('at most 2000 characters') })]]);
    expect((await answer(s3, [{ questionId: 'overall', value: { nested: 'x'.repeat(100) } }])).status).toBe(400);
    expect(await commits(eventId)).toBe(stored);

    const results = await httpGet(api(`/events/${eventId}/surveys/satisfaction/results`), await tokenFor('auditor'));
    expect(results.body).toMatchObject({ invited: 2, answered: 1, anonymous: true, questions: [{ questionId: 'overall', answers: 1, average: 4 }, { questionId: 'remarks', texts: [{ text: 'More tastings' }] }] });
    expect(JSON.stringify(results.body)).not.toContain('@example.org');
    const missing = await httpGet(api(`/events/${eventId}/surveys/satisfaction/non-respondents`), secretariat);
    expect(missing.body.notAnswered).toEqual(['person.s3@example.org']);
    // The codes are kept only hashed.
    const raw = JSON.stringify(await db.collection('event_commits').find({ eventId }).toArray());
    expect(raw).not.toContain(s1);
  });

  it('the programme-wide view counts events held per country and kind against the plan', async () => {
    const plan = { planId: 'workshops-2026', title: '5 workshops in RO, 5 in RS', targets: [{ kind: 'workshop', country: 'RO', count: 5 }, { kind: 'workshop', country: 'RS', count: 5 }] };
    expect((await httpPost(api('/events/plans'), plan, await tokenFor('member', orgs.bakery))).status).toBe(403);
    expect((await httpPost(api('/events/plans'), plan, secretariat)).status).toBe(201);
    expect((await httpPost(api('/events/plans'), plan, secretariat)).status).toBe(409);
    await schedule({ deadline: `${day(-11)}T12:00:00.000Z` }, { place: { venue: 'RRA Banat', city: 'Zrenjanin', country: 'RS', region: 'RS-02' }, startsOn: day(-10), endsOn: day(-9), sessions: [] });
    const scheduledRo = (await httpGet(api('/events?planId=workshops-2026&country=RO'))).body.total as number;
    const view = await httpGet(api('/events/programme?planId=workshops-2026'));
    expect(view.status).toBe(200);
    expect(view.body.plans).toEqual([
      {
        planId: 'workshops-2026',
        title: '5 workshops in RO, 5 in RS',
        targets: [
          { kind: 'workshop', country: 'RO', planned: 5, scheduled: scheduledRo, held: 0, met: false },
          { kind: 'workshop', country: 'RS', planned: 5, scheduled: 1, held: 1, met: false },
        ],
      },
    ]);
    expect(scheduledRo).toBeGreaterThanOrEqual(5);
    expect((await httpGet(api('/events/programme?planId=nothing-like-it'))).status).toBe(404);
  });

  it('documents every events endpoint in the OpenAPI document with a summary and its success response', async () => {
    const doc = (await httpGet(api('/openapi.json'))).body as { paths: Record<string, Record<string, { summary?: string; responses: Record<string, { description?: string }> }>> };
    const operations = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/api/v1/events'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ at: `${method} ${path}`, op })));
    expect(operations.length).toBeGreaterThanOrEqual(18);
    for (const { at, op } of operations) {
      expect({ at, summary: Boolean(op.summary) }).toEqual({ at, summary: true });
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect({ at, documented: success.length > 0 && success.every(([, r]) => Boolean(r.description)) }).toEqual({ at, documented: true });
    }
  });

  describe('integration events', () => {
    let nc: NatsConnection;
    type Published = { id: string; type: string; source: string; subject: string; data: Record<string, unknown> };
    /** Every events CloudEvent on BANAT_PUBLIC so far, read with a consumer of our own as a partner would. */
    const publishedEvents = async (): Promise<Published[]> => {
      const jsm = await nc.jetstreamManager();
      const name = `reader-${Date.now()}-${Math.round(Math.random() * 1e6)}`;
      await jsm.consumers.add(PUBLIC_STREAM, { name, ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: `${PUBLIC_PREFIX}.events.>` });
      const consumer = await nc.jetstream().consumers.get(PUBLIC_STREAM, name);
      const pending = (await consumer.info()).num_pending;
      const out: Published[] = [];
      if (pending > 0) {
        const batch = await consumer.fetch({ max_messages: pending, expires: 5000 });
        for await (const m of batch) out.push(m.json<Published>());
      }
      await jsm.consumers.delete(PUBLIC_STREAM, name);
      return out;
    };
    const until = async (check: (events: Published[]) => boolean): Promise<Published[]> => {
      for (let i = 0; i < 100; i++) {
        const events = await publishedEvents();
        if (check(events)) return events;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the events were not published');
    };

    beforeAll(async () => {
      nc = await connect({ servers: servers.natsUrl });
    });
    afterAll(async () => {
      await nc?.close();
    });

    it('registrations, check-ins and survey answers are published as CloudEvents that fit their AsyncAPI schema and name no person', async () => {
      const events = await until((all) => all.some((e) => e.type === EventsPublicEvents.surveyAnswered.type));
      const messages = (buildAsyncApiDocument().components as { messages: Record<string, { name: string; payload: object }> }).messages;
      const ajv = new Ajv({ strict: false });
      addFormats(ajv);
      for (const event of events) {
        const validate = ajv.compile(Object.values(messages).find((m) => m.name === event.type)!.payload);
        expect({ id: event.id, valid: validate(event) }).toEqual({ id: event.id, valid: true });
      }
      expect(new Set(events.map((e) => e.type))).toEqual(new Set(Object.values(EventsPublicEvents).map((e) => e.type)));
      expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
      const text = JSON.stringify(events);
      expect(text).not.toContain('@example.org');
      expect(text).not.toContain('Person ');
      expect(events.filter((e) => e.type === EventsPublicEvents.registered.type).length).toBeGreaterThanOrEqual(42);
    });

    it('a decision stored by a service that died before publishing it is published by the outbox relay', async () => {
      const eventId = await schedule({});
      await new Promise((r) => setTimeout(r, 300));
      const registrationId = '5f0c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f';
      // What a replica had stored when it died: the commit, not yet published.
      await db.collection('event_commits').insertOne({
        _id: `${eventId}:1` as never,
        eventId,
        revision: 1,
        facts: [{ type: 'RegistrationAccepted', data: { entry: { registrationId, organisationId: orgs.bakery, organisationKind: 'sme', country: 'RO', participation: 'participant', people: [person('crash')], requestedAt: new Date().toISOString(), requestedBy: 'sec' }, status: 'confirmed' } }],
        at: new Date().toISOString(),
        actor: 'sec',
        role: 'secretariat',
        published: false,
      });
      const events = await until((all) => all.some((e) => e.data.registrationId === registrationId));
      expect(events.filter((e) => e.data.registrationId === registrationId)).toEqual([
        expect.objectContaining({ id: `${eventId}:1:0`, type: EventsPublicEvents.registered.type, data: expect.objectContaining({ eventId, status: 'confirmed', people: 1 }) }),
      ]);
      // Marked once published (just after the publication, so waited for).
      await until(() => true);
      for (let i = 0; i < 50 && !(await db.collection('event_commits').findOne({ _id: `${eventId}:1` as never }))?.published; i++) await new Promise((r) => setTimeout(r, 100));
      expect(await db.collection('event_commits').findOne({ _id: `${eventId}:1` as never })).toMatchObject({ published: true });
    });

    it('an event whose scheduling was stored by a service that died before listing it is listed by the relay', async () => {
      const eventId = '6a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d';
      const definition = { ...eventBody({ offerHours: 48 }), kind: 'study-visit', eventId };
      await db.collection('event_commits').insertOne({
        _id: `${eventId}:0` as never,
        eventId,
        revision: 0,
        facts: [{ type: 'EventScheduled', data: { definition, stamp: { at: new Date().toISOString(), actor: 'sec', role: 'secretariat' } } }],
        at: new Date().toISOString(),
        actor: 'sec',
        role: 'secretariat',
        published: false,
      });
      expect((await httpGet(api(`/events/${eventId}`))).body).toMatchObject({ eventId, kind: 'study-visit' });
      const listed = await eventually(async () => ((await httpGet(api('/events?kind=study-visit'))).body.total === 1 ? true : undefined));
      expect(listed).toBe(true);
    });
  });
});
