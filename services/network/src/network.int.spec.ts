import { INestApplication, INestMicroservice } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificationEventName, CertificationEvents, NETWORK_EVENT_SOURCE, NetworkEvents, OrganisationView, PUBLIC_PREFIX, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PUBLIC_STREAM, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, programmeDay, organisationView } from '@banat/testing';

const httpPut = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
};
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { BrandHoldersService } from './application/brand-holders.service';
import { InterestsService } from './application/interests.service';
import { OutboxService } from './application/outbox.service';
import { MAX_OPEN_LISTINGS } from './domain';
import { NetworkModule } from './network.module';
import { Change } from './read-models/change.schema';

const HOTEL = '1a2b3c4d-1111-4aaa-8aaa-000000000001'; // Timișoara, asks for bread
const PEKARA = '1a2b3c4d-2222-4aaa-8aaa-000000000002'; // Novi Sad bakery
const MUHELY = '1a2b3c4d-3333-4aaa-8aaa-000000000003'; // Szeged food producer
const STRANGER = '1a2b3c4d-4444-4aaa-8aaa-000000000004'; // never registered
const UNIVERSITY = '1a2b3c4d-6666-4aaa-8aaa-000000000006'; // Timișoara university
const CLUSTER = '1a2b3c4d-8888-4aaa-8aaa-000000000008'; // a Romanian food cluster

const organisation = (id: string, country: 'RO' | 'RS' | 'HU', region: string, kind: OrganisationView['kind'] = 'sme'): OrganisationView =>
  organisationView({ id, kind, name: { en: `organisation ${country}` }, country, region });

const inDays = (offset: number) => programmeDay(offset);

interface StoredEvent {
  msgId?: string;
  subject: string;
  event: { id: string; type: string; source: string; data: Record<string, unknown> };
}

/** The network service and the gateway in this process, on a real JetStream and FerretDB. */
describe('network: offers and requests, matches, interests, membership and the outbox (real NATS + FerretDB)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let network: INestMicroservice;
  let nc: NatsConnection;
  let base: string;
  const auth: Record<string, Record<string, string>> = {};
  let bearer: (sub: string, role: string, org?: string) => Promise<Record<string, string>>;
  let registry: PublicEventPublisher;

  const request = {
    kind: 'business-request',
    title: 'Sourdough bread for a hotel in Timișoara',
    description: '300 loaves a day, delivered by 6 am.',
    naceCodes: ['10.71'],
    niceClasses: [30],
    countriesWanted: ['RS', 'HU'],
    languages: ['ro', 'en'],
    expiresOn: inDays(90),
  };
  const offer = { ...request, kind: 'business-offer', title: 'Bread and pastry for hotels', countriesWanted: [], languages: ['sr', 'en'] };

  /** Every event on the public stream under a network subject, with its Nats-Msg-Id. */
  async function networkEvents(): Promise<StoredEvent[]> {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(PUBLIC_STREAM);
    const out: StoredEvent[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(PUBLIC_STREAM, { seq });
      if (m.subject.startsWith(`${PUBLIC_PREFIX}.network.`)) out.push({ msgId: m.header?.get('Nats-Msg-Id'), subject: m.subject, event: m.json() });
    }
    return out;
  }
  const changesCount = () => network.get<Model<Change>>(getModelToken(Change.name)).countDocuments();

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'network-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    network = await createService('network', (c) => NetworkModule.forRoot(c), config);
    await network.listen();
    apps.push(network);
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    bearer = async (sub: string, role: string, org?: string) => ({ authorization: `Bearer ${await issueLocalToken(config, { sub, role, ...(org ? { org } : {}), ttl: '1h' } as never)}` });
    auth.hotel = await bearer('ana', 'member', HOTEL);
    auth.pekara = await bearer('milan', 'member', PEKARA);
    auth.muhely = await bearer('zsofi', 'member', MUHELY);
    auth.stranger = await bearer('x', 'member', STRANGER);
    auth.university = await bearer('uni', 'member', UNIVERSITY);
    auth.cluster = await bearer('cl', 'member', CLUSTER);
    auth.secretariat = await bearer('sec', 'secretariat');
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    for (const org of [organisation(HOTEL, 'RO', 'RO-TM'), organisation(PEKARA, 'RS', 'RS-VO'), organisation(MUHELY, 'HU', 'HU-CS'), organisation(UNIVERSITY, 'RO', 'RO-TM', 'research-education'), organisation(CLUSTER, 'RO', 'RO-TM', 'cluster')]) {
      await registry.publish({ id: `organisation-${org.id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: org.id, data: org });
    }
    for (const id of [HOTEL, PEKARA, MUHELY, UNIVERSITY, CLUSTER]) await eventually(async () => ((await httpGet(`${base}/network/directory/${id}`)).status === 200 ? true : undefined));
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  let requestId: string;
  let pekaraOfferId: string;
  let muhelyOfferId: string;

  it('publishes a request for the member\'s own organisation, with its country from the directory', async () => {
    const reply = await httpPost(`${base}/network/listings`, request, auth.hotel);
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ organisationId: HOTEL, organisationCountry: 'RO', kind: 'business-request', naceCodes: ['10.71'], status: 'published', version: 1 });
    requestId = reply.body.id;
  });

  it('refuses bad input with a named reason and stores nothing', async () => {
    const before = await changesCount();
    const url = `${base}/network/listings`;
    const refused = [
      [{ ...request, niceClasses: [46] }, auth.hotel, 422, 'UnknownNiceClass'],
      [{ ...request, naceCodes: [], niceClasses: [] }, auth.hotel, 422, 'ListingNotClassified'],
      [{ ...request, expiresOn: inDays(-1) }, auth.hotel, 422, 'ExpiryInPast'],
      [{ ...request, expiresOn: inDays(400) }, auth.hotel, 422, 'ExpiryTooFar'],
      [request, auth.stranger, 422, 'OrganisationNotRegistered'],
    ] as const;
    for (const [body, headers, status, rule] of refused) {
      const reply = await httpPost(url, body, headers);
      expect([reply.status, reply.body.code, reply.body.rule]).toEqual([status, 'RULE_VIOLATED', rule]);
    }
    for (const body of [{ ...request, kind: 'gift' }, { ...request, countriesWanted: ['AT'] }, { ...request, expiresOn: 'soon' }, { ...request, languages: [] }, { ...request, extra: 1 }]) {
      const reply = await httpPost(url, body, auth.hotel);
      expect([reply.status, reply.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    // A NACE code is one NACE Rev.2 has, not one that only looks like it.
    for (const [naceCodes, reason] of [[['40.11'], '40.11 is not a NACE Rev.2 code (no division 40)'], [['10.71', '10.79'], '10.79 is not a NACE Rev.2 class'], [['01.9'], '01.9 is not a NACE Rev.2 group']] as const) {
      const reply = await httpPost(url, { ...request, naceCodes }, auth.hotel);
      expect([reply.status, reply.body.code, reply.body.fields]).toEqual([400, 'VALIDATION_FAILED', [{ field: 'naceCodes', reason: `naceCodes: ${reason}` }]]);
    }
    // A value of the wrong type is told by its type only, not by what the field's other rules make of it.
    for (const title of [{ en: 'Bakery wanted' }, ['Bakery wanted'], 7]) {
      const reply = await httpPost(url, { ...request, title }, auth.hotel);
      expect([reply.status, reply.body.code, reply.body.fields]).toEqual([400, 'VALIDATION_FAILED', [{ field: 'title', reason: 'title must be a string' }]]);
    }
    expect((await httpPost(url, { ...request, title: 'x'.repeat(201) }, auth.hotel)).body.fields).toEqual([{ field: 'title', reason: 'title must be shorter than or equal to 200 characters' }]);
    expect((await httpPost(url, { ...request, organisationId: PEKARA }, auth.hotel)).status).toBe(403);
    expect((await httpPost(url, request)).status).toBe(401);
    expect((await httpPost(url, request, auth.secretariat)).status).toBe(400); // the secretariat names the organisation
    expect(await changesCount()).toBe(before);
    expect((await httpGet(`${base}/network/listings/own`, auth.hotel)).body.total).toBe(1);
  });

  it('matches a newly published offer against the open request at once and tells the requester by an integration event', async () => {
    const reply = await httpPost(`${base}/network/listings`, offer, auth.pekara);
    expect(reply.status).toBe(201);
    pekaraOfferId = reply.body.id;
    const suggested = await eventually(async () => (await networkEvents()).find((e) => e.event.type === NetworkEvents.matchSuggested.type && e.event.data.offerId === pekaraOfferId));
    expect(suggested.subject).toBe(`${PUBLIC_PREFIX}.${NetworkEvents.matchSuggested.subject}`);
    expect(suggested.msgId).toBe(suggested.event.id);
    expect(suggested.event.source).toBe('urn:madeinbanat:network');
    expect(suggested.event.data).toMatchObject({ requestId, requesterOrganisationId: HOTEL, offerOrganisationId: PEKARA, score: 11 });
    const published = (await networkEvents()).find((e) => e.event.type === NetworkEvents.listingPublished.type && e.event.data.listingId === pekaraOfferId);
    expect(published?.msgId).toBe(published?.event.id);
    expect(published?.event.data).not.toHaveProperty('description');
  });

  it('ranks the offers that fit a request, with the reasons of each; leaves out what does not fit', async () => {
    muhelyOfferId = (await httpPost(`${base}/network/listings`, { ...offer, naceCodes: ['10'], niceClasses: [], languages: ['hu'] }, auth.muhely)).body.id;
    await httpPost(`${base}/network/listings`, { ...offer, kind: 'technology-offer' }, auth.muhely); // wrong kind
    await httpPost(`${base}/network/listings`, { ...offer, naceCodes: ['62.01'], niceClasses: [42] }, auth.muhely); // other codes
    await httpPost(`${base}/network/listings`, offer, auth.hotel); // the requester's own offer
    const reply = await httpGet(`${base}/network/listings/${requestId}/matches`);
    expect(reply.status).toBe(200);
    expect(reply.body.map((m: { offer: { id: string } }) => m.offer.id)).toEqual([pekaraOfferId, muhelyOfferId]);
    expect(reply.body[0].reasons.map((r: { kind: string }) => r.kind)).toEqual(['nace', 'nice', 'country-wanted', 'cross-border', 'language']);
    expect(reply.body[1]).toMatchObject({ score: 5, reasons: [{ kind: 'nace', detail: 'NACE 10.71 asked, 10 offered' }, { kind: 'country-wanted' }, { kind: 'cross-border' }] });
  });

  it('shows published listings to everyone, filtered by kind, NACE (section or prefix), Nice class and country', async () => {
    const ids = async (query: string) => ((await httpGet(`${base}/network/listings?${query}`)).body.items as { id: string }[]).map((l) => l.id).sort();
    expect(await ids('kind=business-request')).toEqual([requestId]);
    expect(await ids('country=RS')).toEqual([pekaraOfferId]);
    expect((await ids('nace=C')).length).toBe(5);
    expect((await ids('nace=10.7')).length).toBe(4);
    expect(await ids('niceClass=42&country=HU')).toHaveLength(1);
    expect((await httpGet(`${base}/network/listings?nace=Z`)).status).toBe(400);
    expect((await httpGet(`${base}/network/listings?nace=10.79`)).body.fields).toEqual([{ field: 'nace', reason: 'nace: 10.79 is not a NACE Rev.2 class' }]);
  });

  it('lets only the organisation or the secretariat renew or withdraw; a withdrawn listing is hidden from others but seen by its own', async () => {
    const renewal = `${base}/network/listings/${muhelyOfferId}/renewal`;
    expect((await httpPost(renewal, { expiresOn: inDays(200) }, auth.pekara)).status).toBe(403);
    expect((await httpPost(renewal, { expiresOn: inDays(-3) }, auth.muhely)).body.rule).toBe('ExpiryInPast');
    expect((await httpPost(renewal, { expiresOn: inDays(30) }, auth.muhely)).body.rule).toBe('RenewalNotLater');
    const renewed = await httpPost(renewal, { expiresOn: inDays(200) }, auth.muhely);
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ expiresOn: inDays(200), version: 2, renewedAt: expect.any(String) });
    const withdrawn = await httpPost(`${base}/network/listings/${muhelyOfferId}/withdrawal`, {}, auth.secretariat);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', version: 3 });
    expect((await httpGet(`${base}/network/listings/${muhelyOfferId}`)).status).toBe(404);
    expect((await httpGet(`${base}/network/listings/${muhelyOfferId}`, auth.pekara)).status).toBe(404);
    expect((await httpGet(`${base}/network/listings/${muhelyOfferId}`, auth.muhely)).body.status).toBe('withdrawn');
    expect((await httpGet(`${base}/network/listings/${requestId}/matches`)).body.map((m: { offer: { id: string } }) => m.offer.id)).toEqual([pekaraOfferId]);
    const own = await httpGet(`${base}/network/listings/own?organisationId=${MUHELY}`, auth.secretariat);
    expect(own.body.items.map((l: { status: string }) => l.status).sort()).toEqual(['published', 'published', 'withdrawn']);
    expect((await httpPost(`${base}/network/listings/${muhelyOfferId}/renewal`, { expiresOn: inDays(250) }, auth.muhely)).body.rule).toBe('ListingWithdrawn');
  });

  it('loses no event when the service dies between storing a change and publishing it: the relay applies and publishes it once', async () => {
    const outbox = network.get(OutboxService);
    const id = '1a2b3c4d-5555-4aaa-8aaa-000000000005';
    const state = { _id: id, organisationId: PEKARA, organisationCountry: 'RS', kind: 'business-offer', title: 'Crash test', description: 'x', naceCodes: ['10.71'], niceClasses: [], countriesWanted: [], languages: ['sr'], expiresOn: inDays(10), status: 'published', publishedAt: new Date().toISOString(), version: 0 };
    const event = { id: `listing:${id}:1`, subject: NetworkEvents.listingPublished.subject, type: NetworkEvents.listingPublished.type, about: id, data: { listingId: id }, time: new Date().toISOString() };
    // Only the first step ran: the change and its event are stored, the listing is not written, nothing is published.
    await outbox.store('listing', state, 0, [event]);
    expect((await httpGet(`${base}/network/listings/${id}`)).status).toBe(404);
    await eventually(async () => {
      await outbox.relay();
      return (await httpGet(`${base}/network/listings/${id}`)).status === 200 ? true : undefined;
    });
    const published = (await networkEvents()).filter((e) => e.event.id === event.id);
    expect(published).toHaveLength(1);
    expect(published[0].msgId).toBe(event.id);
    // A relay that publishes again (it died before marking the change published) adds nothing to the stream.
    await network.get<Model<Change>>(getModelToken(Change.name)).updateOne({ _id: `listing:${id}:1` }, { $set: { published: false } });
    await outbox.relay();
    expect((await networkEvents()).filter((e) => e.event.id === event.id)).toHaveLength(1);
    expect(await network.get<Model<Change>>(getModelToken(Change.name)).countDocuments({ published: false })).toBe(0);
  });

  describe('expressions of interest', () => {
    const interests = (side: 'sent' | 'received', who: Record<string, string>) => httpGet(`${base}/network/interests?side=${side}`, who);
    let interestId: string;

    it('is expressed in an open listing with a reply deadline of 14 days by default', async () => {
      const reply = await httpPost(`${base}/network/listings/${pekaraOfferId}/interests`, { message: 'Could you deliver 300 loaves a day?' }, auth.hotel);
      expect(reply.status).toBe(201);
      expect(reply.body).toMatchObject({ listingId: pekaraOfferId, listingOrganisationId: PEKARA, fromOrganisationId: HOTEL, status: 'pending', replyBy: inDays(14) });
      interestId = reply.body.id;
    });

    it("refuses interest in one's own listing, in a listing not open, twice while pending, or with a deadline out of range; stores nothing", async () => {
      const before = await changesCount();
      const refused = [
        [pekaraOfferId, auth.pekara, {}, 'InterestInOwnListing'],
        [muhelyOfferId, auth.hotel, {}, 'ListingNotOpen'],
        [pekaraOfferId, auth.hotel, {}, 'InterestAlreadyPending'],
        [requestId, auth.pekara, { replyBy: inDays(0) }, 'ReplyDeadlineOutOfRange'],
        [requestId, auth.pekara, { replyBy: inDays(31) }, 'ReplyDeadlineOutOfRange'],
        [requestId, auth.stranger, {}, 'OrganisationNotRegistered'],
      ] as const;
      for (const [listing, who, extra, rule] of refused) {
        const reply = await httpPost(`${base}/network/listings/${listing}/interests`, { message: 'interested', ...extra }, who);
        expect([reply.status, reply.body.rule]).toEqual([422, rule]);
      }
      expect((await httpPost(`${base}/network/listings/${pekaraOfferId}/interests`, { message: '' }, auth.muhely)).status).toBe(400);
      expect((await httpPost(`${base}/network/listings/${pekaraOfferId}/interests`, { message: 'x' })).status).toBe(401);
      expect(await changesCount()).toBe(before);
    });

    it('is seen by both sides and the secretariat, by no one else', async () => {
      expect((await interests('sent', auth.hotel)).body.items.map((i: { id: string; status: string }) => [i.id, i.status])).toEqual([[interestId, 'pending']]);
      expect((await interests('received', auth.pekara)).body.items.map((i: { id: string }) => i.id)).toEqual([interestId]);
      expect((await interests('received', auth.hotel)).body.total).toBe(0);
      expect((await httpGet(`${base}/network/interests/${interestId}`, auth.secretariat)).status).toBe(200);
      expect((await httpGet(`${base}/network/interests/${interestId}`, auth.muhely)).status).toBe(404);
      expect((await httpPost(`${base}/network/interests/${interestId}/answer`, { answer: 'accepted' }, auth.muhely)).status).toBe(404);
    });

    it("is answered by the listing's organisation only, once", async () => {
      const url = `${base}/network/interests/${interestId}/answer`;
      expect((await httpPost(url, { answer: 'accepted' }, auth.hotel)).status).toBe(403);
      expect((await httpPost(url, { answer: 'maybe' }, auth.pekara)).status).toBe(400);
      const accepted = await httpPost(url, { answer: 'accepted', message: 'Yes, from January' }, auth.pekara);
      expect(accepted.status).toBe(200);
      expect(accepted.body).toMatchObject({ status: 'accepted', answer: { message: 'Yes, from January' }, version: 2 });
      expect((await httpPost(url, { answer: 'declined' }, auth.pekara)).body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'InterestNotPending' });
      expect((await httpGet(`${base}/network/interests/${interestId}`, auth.hotel)).body.status).toBe('accepted');
    });

    it('expires unanswered after its deadline, as both sides see; then it can no longer be answered', async () => {
      const reply = await httpPost(`${base}/network/listings/${requestId}/interests`, { message: 'We bake in Szeged', replyBy: inDays(1) }, auth.muhely);
      expect(reply.body.status).toBe('pending');
      const sweeper = network.get(InterestsService);
      expect(await sweeper.expireDue(new Date(Date.now() + 86_400_000).toISOString())).toBe(0); // the deadline day itself still counts
      expect(await sweeper.expireDue(new Date(Date.now() + 2 * 86_400_000).toISOString())).toBe(1);
      expect(await sweeper.expireDue(new Date(Date.now() + 3 * 86_400_000).toISOString())).toBe(0);
      for (const who of [auth.muhely, auth.hotel]) expect((await httpGet(`${base}/network/interests/${reply.body.id}`, who)).body).toMatchObject({ status: 'expired', closedAt: expect.any(String), version: 2 });
      expect((await httpPost(`${base}/network/interests/${reply.body.id}/answer`, { answer: 'accepted' }, auth.hotel)).body.rule).toBe('InterestNotPending');
      // A new interest may be expressed once the last one is closed.
      expect((await httpPost(`${base}/network/listings/${requestId}/interests`, { message: 'Still interested' }, auth.muhely)).status).toBe(201);
    });
  });

  describe('membership', () => {
    const members = () => `${base}/network/members`;
    const step = (id: string, name: string, body: unknown, who: Record<string, string>) => httpPost(`${base}/network/members/${id}/${name}`, body, who);

    it('refuses an organisation the network does not know, the brand-holder role and roles that do not fit the organisation; stores nothing', async () => {
      const before = await changesCount();
      const refused = [
        [{ roles: ['partner'] }, auth.stranger, 'OrganisationNotRegistered'],
        [{ roles: ['partner', 'brand-holder'] }, auth.pekara, 'RoleNotApplicable'],
        [{ roles: ['research-institution'] }, auth.pekara, 'RoleDoesNotFitOrganisation'],
        [{ roles: [] }, auth.pekara, 'RolesRequired'],
      ] as const;
      for (const [body, who, rule] of refused) {
        const reply = await httpPost(`${base}/network/members`, body, who);
        expect([reply.status, reply.body.rule]).toEqual([422, rule]);
      }
      expect((await httpPost(`${base}/network/members`, { roles: ['tourist'] }, auth.pekara)).status).toBe(400);
      expect(await changesCount()).toBe(before);
    });

    it('takes an application, shown to the applicant with its history and to no one else until approved', async () => {
      const applied = await httpPost(`${base}/network/members`, { roles: ['partner'] }, auth.pekara);
      expect(applied.status).toBe(201);
      expect(applied.body).toMatchObject({ organisationId: PEKARA, organisationCountry: 'RS', status: 'applied', roles: ['partner'], history: [{ step: 'applied', by: 'milan' }] });
      expect((await httpPost(`${base}/network/members`, { roles: ['partner'] }, auth.pekara)).body.rule).toBe('MembershipAlreadyCurrent');
      expect((await httpGet(`${base}/network/members/${PEKARA}`)).status).toBe(404);
      expect((await httpGet(`${base}/network/members/${PEKARA}`, auth.pekara)).body.status).toBe('applied');
      expect((await httpPost(`${base}/network/members`, { roles: ['research-institution', 'expert-organisation'] }, auth.university)).status).toBe(201);
    });

    it('lets only the secretariat approve; a member joined is an integration event', async () => {
      expect((await step(PEKARA, 'approval', {}, auth.pekara)).status).toBe(403);
      const approved = await step(PEKARA, 'approval', {}, auth.secretariat);
      expect(approved.body).toMatchObject({ status: 'active', joinedAt: expect.any(String), version: 2 });
      expect((await step(UNIVERSITY, 'approval', { roles: ['partner'] }, auth.secretariat)).body.rule).toBe('RoleNotAppliedFor');
      expect((await step(UNIVERSITY, 'approval', { roles: ['research-institution'] }, auth.secretariat)).body.roles).toEqual(['research-institution']);
      const joined = await eventually(async () => (await networkEvents()).find((e) => e.event.type === NetworkEvents.memberJoined.type && e.event.data.organisationId === PEKARA));
      expect(joined.msgId).toBe(joined.event.id);
      expect(joined.event.data).toEqual({ organisationId: PEKARA, organisationCountry: 'RS', roles: ['partner'], at: expect.any(String) });
      const shown = await httpGet(`${base}/network/members/${PEKARA}`);
      expect(shown.body).toMatchObject({ status: 'active', roles: ['partner'] });
      expect(shown.body).not.toHaveProperty('history');
      const ids = async (query: string) => ((await httpGet(`${members()}?${query}`)).body.items as { organisationId: string }[]).map((m) => m.organisationId).sort();
      expect(await ids('')).toEqual([PEKARA, UNIVERSITY].sort());
      expect(await ids('role=research-institution')).toEqual([UNIVERSITY]);
      expect(await ids('country=RS')).toEqual([PEKARA]);
    });

    it('suspends with a reason, reinstates, and lets the member leave; every step kept with who and why', async () => {
      expect((await step(PEKARA, 'suspension', {}, auth.secretariat)).body.rule).toBe('ReasonRequired');
      expect((await step(PEKARA, 'reinstatement', {}, auth.secretariat)).body.rule).toBe('MembershipStepNotAllowed');
      expect((await step(PEKARA, 'suspension', { reason: 'membership fee unpaid' }, auth.secretariat)).body.status).toBe('suspended');
      expect((await httpGet(`${members()}?country=RS`)).body.total).toBe(0);
      expect((await step(PEKARA, 'reinstatement', {}, auth.secretariat)).body.status).toBe('active');
      expect((await step(PEKARA, 'departure', {}, auth.hotel)).status).toBe(403);
      const left = await step(PEKARA, 'departure', { reason: 'closing the Novi Sad shop' }, auth.pekara);
      expect(left.body.status).toBe('left');
      expect(left.body.history.map((h: { step: string; by: string }) => [h.step, h.by])).toEqual([
        ['applied', 'milan'],
        ['approved', 'sec'],
        ['suspended', 'sec'],
        ['reinstated', 'sec'],
        ['left', 'milan'],
      ]);
      expect(left.body.history[2].reason).toBe('membership fee unpaid');
      const gone = await eventually(async () => (await networkEvents()).find((e) => e.event.type === NetworkEvents.memberLeft.type && e.event.data.organisationId === PEKARA));
      expect(gone.event.data).toEqual({ organisationId: PEKARA, at: expect.any(String) });
      expect((await httpGet(`${base}/network/members/${PEKARA}`)).status).toBe(404);
    });
  });

  describe('brand holders, marked from certification events', () => {
    const certificateEvent = (kind: CertificationEventName, number: string, holder: string, revision: number, schemeId = 'made-in-banat') => ({
      id: `certificate-${number}-${revision}`,
      subject: CertificationEvents[kind].subject,
      type: CertificationEvents[kind].type,
      about: number,
      data: {
        certificateNumber: number,
        holderOrganisationId: holder,
        holderCountry: 'RO',
        holderRegion: 'RO-TM',
        schemeId,
        schemeVersion: 1,
        products: [{ name: 'Research services', niceClass: 42 }],
        validFrom: '2026-01-05',
        validUntil: '2099-01-04',
        ...(kind === 'granted' || kind === 'expired' || kind === 'renewed' ? {} : { reason: `${kind} by the decision-maker` }),
        at: '2026-01-05T09:00:00.000Z',
      },
    });
    const publish = (kind: CertificationEventName, number: string, holder: string, revision: number, schemeId?: string) =>
      new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE).publish(certificateEvent(kind, number, holder, revision, schemeId));
    const marked = async (id: string) => (await httpGet(`${base}/network/directory/${id}`)).body.brandHolder.marked as boolean;
    const markBecomes = (id: string, value: boolean) => eventually(async () => ((await marked(id)) === value ? true : undefined));
    const holders = async () => ((await httpGet(`${base}/network/brand-holders`)).body.items as { organisationId: string }[]).map((h) => h.organisationId);

    it('marks a member granted the brand: in the directory, among brand holders and as a role of its membership', async () => {
      await publish('granted', 'ESCA-2026-000001', UNIVERSITY, 0, 'esca-bronze'); // a cluster label is not the brand
      await publish('granted', 'MIB-2026-000101', UNIVERSITY, 0);
      await markBecomes(UNIVERSITY, true);
      expect((await httpGet(`${base}/network/directory/${UNIVERSITY}`)).body.brandHolder).toEqual({ marked: true, certificateNumbers: ['MIB-2026-000101'], until: '2099-01-04' });
      expect(await holders()).toEqual([UNIVERSITY]);
      expect((await httpGet(`${base}/network/members/${UNIVERSITY}`)).body).toMatchObject({ brandHolder: true, roles: ['brand-holder', 'research-institution'] });
      expect(((await httpGet(`${base}/network/members?role=brand-holder`)).body.items as { organisationId: string }[]).map((m) => m.organisationId)).toEqual([UNIVERSITY]);
      expect(await marked(HOTEL)).toBe(false);
    });

    it('takes the mark away on suspension, gives it back on restoration, takes it for good on withdrawal or expiry', async () => {
      await publish('suspended', 'MIB-2026-000101', UNIVERSITY, 1);
      await markBecomes(UNIVERSITY, false);
      expect(await holders()).toEqual([]);
      expect((await httpGet(`${base}/network/members/${UNIVERSITY}`)).body).toMatchObject({ brandHolder: false, roles: ['research-institution'] });
      await publish('restored', 'MIB-2026-000101', UNIVERSITY, 2);
      await markBecomes(UNIVERSITY, true);
      await publish('withdrawn', 'MIB-2026-000101', UNIVERSITY, 3);
      await markBecomes(UNIVERSITY, false);
      await publish('granted', 'MIB-2026-000102', HOTEL, 0);
      await markBecomes(HOTEL, true);
      await publish('expired', 'MIB-2026-000102', HOTEL, 1);
      await markBecomes(HOTEL, false);
    });

    it('a redelivered older event changes nothing', async () => {
      // JetStream dedupes a re-published id, so the redelivery is handed to the handler as the bus would.
      await network.get(BrandHoldersService).handle(certificateEvent('restored', 'MIB-2026-000101', UNIVERSITY, 2));
      await network.get(BrandHoldersService).handle(certificateEvent('granted', 'MIB-2026-000101', UNIVERSITY, 0));
      expect(await marked(UNIVERSITY)).toBe(false);
    });
  });

  describe('B2B meetings at a fair', () => {
    const PARTICIPANTS = 24;
    const TABLES = 5;
    const ids = Array.from({ length: PARTICIPANTS }, (_, i) => `1a2b3c4d-7777-4aaa-8aaa-${String(100 + i).padStart(12, '0')}`);
    const tokens: Record<string, string>[] = [];
    let fairId: string;
    const url = (path: string) => `${base}/network/${path}`;

    beforeAll(async () => {
      for (const id of ids) {
        const org = organisation(id, 'RO', 'RO-TM');
        await registry.publish({ id: `organisation-${id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: id, data: org });
        tokens.push(await bearer(`user-${id}`, 'member', id));
      }
      await eventually(async () => ((await httpGet(url(`directory/${ids[PARTICIPANTS - 1]}`))).status === 200 ? true : undefined));
    });

    it('is planned by the secretariat with hours, slot length and tables; bad hours or a past day refused', async () => {
      const fair = { name: 'Banat B2B days', date: inDays(30), opensAt: '09:00', closesAt: '10:00', slotMinutes: 30, tables: TABLES };
      expect((await httpPost(url('fairs'), fair, auth.hotel)).status).toBe(403);
      expect((await httpPost(url('fairs'), { ...fair, closesAt: '09:20' }, auth.secretariat)).body.rule).toBe('FairHoursInvalid');
      expect((await httpPost(url('fairs'), { ...fair, date: inDays(-1) }, auth.secretariat)).body.rule).toBe('FairInPast');
      expect((await httpPost(url('fairs'), { ...fair, opensAt: '9am' }, auth.secretariat)).status).toBe(400);
      const planned = await httpPost(url('fairs'), fair, auth.secretariat);
      expect(planned.status).toBe(201);
      expect(planned.body).toMatchObject({ slots: ['09:00', '09:30'], tables: TABLES });
      fairId = planned.body.id;
    });

    it('takes participants with their availability; refuses slots outside the hours and unknown organisations', async () => {
      expect((await httpPost(url(`fairs/${fairId}/participants`), { availableSlots: ['08:30'] }, auth.hotel)).body.rule).toBe('MeetingOutsideFairHours');
      expect((await httpPost(url(`fairs/${fairId}/participants`), { availableSlots: ['09:00'] }, auth.stranger)).body.rule).toBe('OrganisationNotRegistered');
      for (const who of [auth.hotel, auth.pekara, ...tokens]) {
        expect((await httpPost(url(`fairs/${fairId}/participants`), { availableSlots: ['09:30', '09:00'] }, who)).body.availableSlots).toEqual(['09:00', '09:30']);
      }
      await httpPost(url(`fairs/${fairId}/participants`), { availableSlots: ['09:30'] }, auth.pekara); // changes its mind
      expect((await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: PEKARA, slot: '09:00' }, auth.hotel)).body.rule).toBe('ParticipantNotAvailable');
      expect((await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: PEKARA, slot: '10:00' }, auth.hotel)).body.rule).toBe('MeetingOutsideFairHours');
      expect((await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: HOTEL, slot: '09:00' }, auth.hotel)).body.rule).toBe('MeetingWithSelf');
      expect((await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: MUHELY, slot: '09:00' }, auth.hotel)).body.rule).toBe('NotAParticipant');
    });

    it(`books no table twice when ${PARTICIPANTS / 2} meetings for ${TABLES} tables are accepted at once`, async () => {
      const meetings: string[] = [];
      for (let i = 0; i < PARTICIPANTS; i += 2) {
        const reply = await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: ids[i + 1], slot: '09:00' }, tokens[i]);
        expect(reply.body.status).toBe('requested');
        meetings.push(reply.body.id);
      }
      expect((await httpPost(url(`meetings/${meetings[0]}/acceptance`), {}, tokens[0])).status).toBe(403); // the requester does not accept
      const replies = await Promise.all(meetings.map((id, k) => httpPost(url(`meetings/${id}/acceptance`), {}, tokens[2 * k + 1])));
      const accepted = replies.filter((r) => r.status === 200);
      expect(accepted).toHaveLength(TABLES);
      expect(accepted.map((r) => r.body.table).sort()).toEqual([1, 2, 3, 4, 5]);
      expect(replies.filter((r) => r.status !== 200).map((r) => r.body.rule)).toEqual(Array(PARTICIPANTS / 2 - TABLES).fill('NoTableFree'));
      const claims = network.get<Model<{ _id: string }>>(getModelToken('SlotClaimDocument'));
      expect(await claims.countDocuments({ _id: { $regex: `^${fairId}:09:00:table:` } })).toBe(TABLES);
      expect(await claims.countDocuments({ _id: { $regex: `^${fairId}:09:00:org:` } })).toBe(2 * TABLES);
    });

    it('books no participant twice at one slot when several of its meetings are accepted at once', async () => {
      const meetings: string[] = [];
      for (let k = 0; k < 6; k++) meetings.push((await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: ids[k], slot: '09:30' }, auth.hotel)).body.id);
      const replies = await Promise.all(meetings.map((id, k) => httpPost(url(`meetings/${id}/acceptance`), {}, tokens[k])));
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      expect(replies.filter((r) => r.status !== 200).map((r) => r.body.rule)).toEqual(Array(5).fill('SlotTaken'));
      const agenda = (await httpGet(url(`fairs/${fairId}/agenda`), auth.hotel)).body as { slot: string; status: string; table?: number }[];
      expect(agenda.filter((m) => m.status === 'accepted')).toEqual([expect.objectContaining({ slot: '09:30', table: 1 })]);
      expect(agenda.filter((m) => m.status === 'requested')).toHaveLength(5);
    });

    it('is declined by the invitee; lists participants with no meeting for the organiser; tells each agreed meeting by an event', async () => {
      const request = await httpPost(url(`fairs/${fairId}/meetings`), { withOrganisationId: PEKARA, slot: '09:30' }, tokens[PARTICIPANTS - 1]);
      expect((await httpPost(url(`meetings/${request.body.id}/refusal`), {}, auth.pekara)).body.status).toBe('declined');
      expect((await httpPost(url(`meetings/${request.body.id}/acceptance`), {}, auth.pekara)).body.rule).toBe('MeetingNotRequested');
      expect((await httpGet(url(`fairs/${fairId}/participants-without-meeting`), auth.hotel)).status).toBe(403);
      const without = (await httpGet(url(`fairs/${fairId}/participants-without-meeting`), auth.secretariat)).body as { organisationId: string }[];
      const agreedMeetings = await network.get<Model<{ requesterOrganisationId: string; inviteeOrganisationId: string }>>(getModelToken('MeetingDocument')).find({ fairId, status: 'accepted' }).lean();
      expect(agreedMeetings).toHaveLength(TABLES + 1);
      const met = new Set(agreedMeetings.flatMap((m) => [m.requesterOrganisationId, m.inviteeOrganisationId]));
      expect(met.has(HOTEL)).toBe(true);
      expect(without.map((p) => p.organisationId).sort()).toEqual([HOTEL, PEKARA, ...ids].filter((id) => !met.has(id)).sort());
      expect(without.map((p) => p.organisationId)).toContain(PEKARA);
      const agreed = await eventually(async () => {
        const events = (await networkEvents()).filter((e) => e.event.type === NetworkEvents.meetingAgreed.type && e.event.data.fairId === fairId);
        return events.length === TABLES + 1 ? events : undefined;
      });
      for (const e of agreed) expect(e.msgId).toBe(e.event.id);
    });
  });

  describe("clusters' services and members' needs", () => {
    it('keeps a cluster\'s catalogue at the version read, refuses other kinds of organisation, and maps needs no cluster serves', async () => {
      const url = `${base}/network/clusters/${CLUSTER}/services`;
      const services = [{ category: 'training', title: 'HACCP courses', countries: ['RO'] }, { category: 'export-promotion', title: 'Trade missions' }];
      expect((await httpPut(`${base}/network/clusters/${HOTEL}/services`, { services, expectedVersion: 0 }, auth.hotel)).body.rule).toBe('NotACluster');
      expect((await httpPut(url, { services, expectedVersion: 0 }, auth.hotel)).status).toBe(403);
      expect((await httpPut(url, { services: [{ category: 'astrology', title: 'x' }], expectedVersion: 0 }, auth.cluster)).status).toBe(400);
      const first = await httpPut(url, { services, expectedVersion: 0 }, auth.cluster);
      expect(first.body).toMatchObject({ clusterId: CLUSTER, country: 'RO', version: 1, services: [{ countries: ['RO'] }, { countries: [] }] });
      expect((await httpPut(url, { services: [], expectedVersion: 0 }, auth.cluster)).status).toBe(409); // a stale write never overwrites
      expect((await httpPut(url, { services, expectedVersion: 1 }, auth.secretariat)).body.version).toBe(2);
      expect((await httpGet(url)).body.services).toHaveLength(2);

      expect((await httpPut(`${base}/network/needs`, { categories: ['training', 'financing'], expectedVersion: 0 }, auth.pekara)).body).toMatchObject({ country: 'RS', version: 1 });
      expect((await httpPut(`${base}/network/needs`, { categories: ['training'], expectedVersion: 0 }, auth.hotel)).body.version).toBe(1);
      const map = (await httpGet(`${base}/network/clusters/service-map`, auth.secretariat)).body.categories as { category: string; neededBy: number; unservedFor: string[] }[];
      expect(map.find((c) => c.category === 'training')).toMatchObject({ neededBy: 2, unservedFor: [PEKARA] });
      expect(map.find((c) => c.category === 'financing')).toMatchObject({ neededBy: 1, unservedFor: [PEKARA], offeredBy: [] });
      expect((await httpGet(`${base}/network/clusters/service-map`)).status).toBe(401);
    });
  });

  describe("a cluster's members", () => {
    const ids = async () => ((await httpGet(`${base}/network/clusters/${CLUSTER}/members`)).body as { id: string }[]).map((m) => m.id);
    const atRevision = (revision: number) => eventually(async () => ((await httpGet(`${base}/network/directory/${CLUSTER}`)).body.revision === revision ? true : undefined));

    it("shows an organisation as a cluster's member only once its own member accepted the cluster's invitation; it may decline, or leave; 404 unknown, 422 not a cluster", async () => {
      expect(await ids()).toEqual([]);
      // The cluster lists two organisations in its registry record: that alone, without their consent, makes neither a member.
      const listed = { ...organisation(CLUSTER, 'RO', 'RO-TM', 'cluster'), memberIds: [HOTEL, UNIVERSITY], revision: 2 };
      await registry.publish({ id: `organisation-${CLUSTER}-2`, subject: RegistryEvents.updated.subject, type: RegistryEvents.updated.type, about: CLUSTER, data: listed });
      await atRevision(2);
      expect(await ids()).toEqual([]);

      const invitations = `${base}/network/clusters/${CLUSTER}/invitations`;
      expect((await httpPost(invitations, { organisationId: HOTEL }, auth.hotel)).status).toBe(403); // only the cluster invites
      expect((await httpPost(invitations, { organisationId: 'not-an-id' }, auth.cluster)).status).toBe(400);
      expect((await httpPost(invitations, { organisationId: STRANGER }, auth.cluster)).body.rule).toBe('OrganisationNotRegistered');
      expect((await httpPost(invitations, { organisationId: CLUSTER }, auth.cluster)).body.rule).toBe('ClusterMemberOfItself');
      expect((await httpPost(`${base}/network/clusters/${HOTEL}/invitations`, { organisationId: PEKARA }, auth.hotel)).body.rule).toBe('NotACluster');
      const invited = await httpPost(invitations, { organisationId: HOTEL }, auth.cluster);
      expect(invited).toMatchObject({ status: 201, body: { clusterId: CLUSTER, organisationId: HOTEL, status: 'invited', version: 1, history: [{ step: 'invited', by: 'cl' }] } });
      expect(await httpPost(invitations, { organisationId: HOTEL }, auth.cluster)).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATED', rule: 'ClusterMembershipNotInStatus' } });
      expect(await ids()).toEqual([]); // invited is not a member
      expect((await httpGet(`${base}/network/cluster-invitations`, auth.hotel)).body.map((i: { clusterId: string }) => i.clusterId)).toEqual([CLUSTER]);

      const hotel = `${base}/network/clusters/${CLUSTER}/members/${HOTEL}`;
      expect((await httpGet(hotel, auth.pekara)).status).toBe(404);
      expect((await httpPost(`${hotel}/acceptance`, undefined, auth.cluster)).status).toBe(403); // the cluster cannot consent for it
      expect((await httpPost(`${hotel}/acceptance`, undefined, auth.secretariat)).status).toBe(403);
      expect((await httpPost(`${hotel}/acceptance`, undefined, auth.hotel)).body).toMatchObject({ status: 'member', version: 2 });
      const members = (await httpGet(`${base}/network/clusters/${CLUSTER}/members`)).body;
      expect(members).toEqual([{ id: HOTEL, name: { en: 'organisation RO' }, country: 'RO', region: 'RO-TM', active: true, brandHolder: (await httpGet(`${base}/network/directory/${HOTEL}`)).body.brandHolder }]);

      expect((await httpPost(invitations, { organisationId: UNIVERSITY, }, auth.secretariat)).status).toBe(201);
      const university = `${base}/network/clusters/${CLUSTER}/members/${UNIVERSITY}`;
      expect((await httpPost(`${university}/refusal`, undefined, auth.cluster)).status).toBe(403);
      expect((await httpPost(`${university}/refusal`, undefined, auth.university)).body).toMatchObject({ status: 'declined' });
      expect((await httpPost(`${university}/acceptance`, undefined, auth.university)).body.rule).toBe('ClusterMembershipNotInStatus');
      expect(await ids()).toEqual([HOTEL]);

      expect((await httpPost(`${hotel}/departure`, undefined, auth.cluster)).status).toBe(403);
      expect((await httpPost(`${hotel}/departure`, undefined, auth.hotel)).body).toMatchObject({ status: 'left', version: 3 });
      expect((await httpPost(`${hotel}/departure`, undefined, auth.hotel)).body.rule).toBe('ClusterMembershipNotInStatus');
      expect(await ids()).toEqual([]);
      expect((await httpGet(hotel, auth.cluster)).body.history.map((h: { step: string }) => h.step)).toEqual(['invited', 'accepted', 'left']);

      expect((await httpGet(`${base}/network/clusters/${STRANGER}/members`)).status).toBe(404);
      const notCluster = await httpGet(`${base}/network/clusters/${HOTEL}/members`);
      expect([notCluster.status, notCluster.body.rule]).toEqual([422, 'NotACluster']);
    });

    it('reads a registry listing stored before consent was asked as before (members, until they leave); a later listing adds no one', async () => {
      const before = { ...organisation(CLUSTER, 'RO', 'RO-TM', 'cluster'), memberIds: [MUHELY], revision: 3 };
      await registry.publish({ id: `organisation-${CLUSTER}-3`, subject: RegistryEvents.updated.subject, type: RegistryEvents.updated.type, about: CLUSTER, data: before, time: '2026-06-01T08:00:00.000Z' });
      await atRevision(3);
      expect(await ids()).toEqual([MUHELY]);
      const later = { ...before, memberIds: [MUHELY, PEKARA], revision: 4 };
      await registry.publish({ id: `organisation-${CLUSTER}-4`, subject: RegistryEvents.updated.subject, type: RegistryEvents.updated.type, about: CLUSTER, data: later });
      await atRevision(4);
      expect(await ids()).toEqual([MUHELY]);
      const left = await httpPost(`${base}/network/clusters/${CLUSTER}/members/${MUHELY}/departure`, undefined, auth.muhely);
      expect(left.body).toMatchObject({ status: 'left', version: 1, history: [{ step: 'listed-before-consent', by: 'registry' }, { step: 'left', by: 'zsofi' }] });
      expect(await ids()).toEqual([]);
    });

    const invitations = () => `${base}/network/clusters/${CLUSTER}/invitations`;
    const pekara = () => `${base}/network/clusters/${CLUSTER}/members/${PEKARA}`;
    const steps = async () => ((await httpGet(pekara(), auth.cluster)).body.history as { step: string; by: string; at: string; reason?: string }[]);

    it("lets the cluster withdraw an invitation not yet answered: no longer awaiting the organisation's answer, and it may be invited again; 403 to the invited organisation, 422 out of turn, 409 when a change came first", async () => {
      const awaiting = async () => (await httpGet(`${base}/network/cluster-invitations`, auth.pekara)).body.map((i: { clusterId: string }) => i.clusterId);
      expect(await httpPost(`${pekara()}/withdrawal`, undefined, auth.cluster)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'none' } } });
      expect((await httpPost(invitations(), { organisationId: PEKARA }, auth.cluster)).status).toBe(201);
      expect(await awaiting()).toEqual([CLUSTER]);
      expect((await httpPost(`${pekara()}/withdrawal`, undefined, auth.pekara)).status).toBe(403); // the invited organisation declines instead
      expect((await httpPost(`${pekara()}/withdrawal`, undefined, auth.hotel)).status).toBe(403);
      expect(await httpPost(`${pekara()}/withdrawal`, undefined, auth.cluster)).toMatchObject({ status: 200, body: { status: 'withdrawn', version: 2 } });
      expect(await awaiting()).toEqual([]);
      expect((await httpPost(`${pekara()}/acceptance`, undefined, auth.pekara)).body.rule).toBe('ClusterMembershipNotInStatus');
      expect(await httpPost(`${pekara()}/withdrawal`, undefined, auth.cluster)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'withdrawn' } } });

      expect((await httpPost(invitations(), { organisationId: PEKARA }, auth.secretariat)).body).toMatchObject({ status: 'invited', version: 3 });
      expect(await awaiting()).toEqual([CLUSTER]);
      expect((await steps()).map((h) => [h.step, h.by, typeof h.at])).toEqual([['invited', 'cl', 'string'], ['withdrawn', 'cl', 'string'], ['invited', 'sec', 'string']]);

      // The organisation's acceptance is stored first and not yet applied: the withdrawal read version 3 and stores nothing (409).
      const outbox = network.get(OutboxService);
      const { id: _id, version: _v, ...held } = (await httpGet(pekara(), auth.cluster)).body;
      const acceptance = await outbox.store('cluster-membership', { ...held, _id, status: 'member', history: [...held.history, { step: 'accepted', at: new Date().toISOString(), by: 'milan' }], version: 3 }, 3, []);
      const changes = await changesCount();
      expect(await httpPost(`${pekara()}/withdrawal`, undefined, auth.cluster)).toMatchObject({ status: 409, body: { code: 'CONFLICT' } });
      expect(await changesCount()).toBe(changes);
      await network.get<Model<Change>>(getModelToken(Change.name)).updateOne({ _id: acceptance._id }, { $set: { at: new Date(Date.now() - 60_000).toISOString() } }); // its writer died
      await outbox.relay();
      expect((await httpGet(pekara(), auth.cluster)).body).toMatchObject({ status: 'member', version: 4 });
      expect(await httpPost(`${pekara()}/withdrawal`, undefined, auth.cluster)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'member' } } });
      expect(await ids()).toEqual([PEKARA]);
    });

    it('lets the cluster remove a member, with a reason kept in its steps: no longer shown, and it may be invited again; 403 to the member organisation, 400 for a bad reason, 422 if not a member, one of simultaneous changes stored', async () => {
      expect(await ids()).toEqual([PEKARA]);
      expect((await httpPost(`${pekara()}/removal`, { reason: 'x' }, auth.pekara)).status).toBe(403); // it leaves by its departure
      expect((await httpPost(`${pekara()}/removal`, {}, auth.hotel)).status).toBe(403);
      const tooLong = await httpPost(`${pekara()}/removal`, { reason: 'r'.repeat(1001) }, auth.cluster);
      expect([tooLong.status, tooLong.body.fields?.map((f: { field: string }) => f.field)]).toEqual([400, ['reason']]);
      expect((await httpPost(`${pekara()}/removal`, { reason: 7 }, auth.cluster)).status).toBe(400);
      expect(await ids()).toEqual([PEKARA]);

      const removed = await httpPost(`${pekara()}/removal`, { reason: 'dues unpaid for a year' }, auth.cluster);
      expect(removed).toMatchObject({ status: 200, body: { status: 'removed', version: 5 } });
      expect(removed.body.history.at(-1)).toEqual({ step: 'removed', at: expect.any(String), by: 'cl', reason: 'dues unpaid for a year' });
      expect(await ids()).toEqual([]);
      expect(await httpPost(`${pekara()}/removal`, undefined, auth.cluster)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'removed' } } });
      expect((await httpPost(`${pekara()}/departure`, undefined, auth.pekara)).body.rule).toBe('ClusterMembershipNotInStatus');
      expect(await httpPost(`${base}/network/clusters/${CLUSTER}/members/${HOTEL}/removal`, undefined, auth.cluster)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'left' } } });
      expect(await httpPost(`${base}/network/clusters/${CLUSTER}/members/${UNIVERSITY}/removal`, undefined, auth.secretariat)).toMatchObject({ status: 422, body: { rule: 'ClusterMembershipNotInStatus', details: { status: 'declined' } } });

      expect((await httpPost(invitations(), { organisationId: PEKARA }, auth.cluster)).body).toMatchObject({ status: 'invited', version: 6 });
      expect((await httpPost(`${pekara()}/acceptance`, undefined, auth.pekara)).body).toMatchObject({ status: 'member', version: 7 });
      expect(await ids()).toEqual([PEKARA]);
      expect(await httpPost(`${pekara()}/removal`, undefined, auth.secretariat)).toMatchObject({ status: 200, body: { status: 'removed', version: 8 } });
      expect((await steps()).at(-1)).toEqual({ step: 'removed', at: expect.any(String), by: 'sec' });

      // The cluster removes it while it leaves: one change stored, the other refused.
      await httpPost(invitations(), { organisationId: PEKARA }, auth.cluster);
      await httpPost(`${pekara()}/acceptance`, undefined, auth.pekara);
      const replies = await Promise.all([httpPost(`${pekara()}/removal`, {}, auth.cluster), httpPost(`${pekara()}/departure`, undefined, auth.pekara), httpPost(`${pekara()}/removal`, {}, auth.secretariat)]);
      expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
      for (const reply of replies.filter((r) => r.status !== 200)) expect([409, 422]).toContain(reply.status);
      const history = await steps();
      expect(history).toHaveLength(11);
      expect(['removed', 'left']).toContain(history.at(-1)?.step);
      expect(await ids()).toEqual([]);
    });

    it('tells partners when a membership starts (acceptance) and ends (departure, removal): the cluster, the organisation, how it ended and when; nothing of invitations, refusals, withdrawals, reasons or who acted', async () => {
      const started = NetworkEvents.clusterMembershipStarted;
      const ended = NetworkEvents.clusterMembershipEnded;
      const facts = await eventually(async () => {
        const found = (await networkEvents()).filter((e) => e.event.type === started.type || e.event.type === ended.type);
        // PEKARA's last step (a removal or its departure) is the last fact told.
        return found.filter((e) => e.event.data.organisationId === PEKARA).length === 5 ? found : undefined;
      });
      const of = (organisationId: string) => facts.filter((e) => e.event.data.organisationId === organisationId).map((e) => [e.event.type === started.type ? 'started' : 'ended', e.event.data.ending]);
      expect(of(HOTEL)).toEqual([['started', undefined], ['ended', 'departure']]);
      expect(of(MUHELY)).toEqual([['ended', 'departure']]); // listed before consent: it never accepted, it left
      expect(of(UNIVERSITY)).toEqual([]); // it declined
      // The acceptance the test stored by hand carried no event; then removed, accepted, removed, accepted, and removed or left.
      expect(of(PEKARA).slice(0, 4)).toEqual([['ended', 'removal'], ['started', undefined], ['ended', 'removal'], ['started', undefined]]);
      expect([['ended', 'removal'], ['ended', 'departure']]).toContainEqual(of(PEKARA)[4]);
      const membership = (await httpGet(pekara(), auth.cluster)).body.id;
      for (const { msgId, subject, event } of facts) {
        expect(msgId).toBe(event.id);
        expect(event).toMatchObject({ source: NETWORK_EVENT_SOURCE, subject: expect.any(String), time: event.data.at });
        expect(subject).toBe(`${PUBLIC_PREFIX}.${event.type === started.type ? started.subject : ended.subject}`);
        expect(Object.keys(event.data).sort()).toEqual(event.type === started.type ? ['at', 'clusterId', 'organisationId'] : ['at', 'clusterId', 'ending', 'organisationId']);
        expect(event.data.clusterId).toBe(CLUSTER);
      }
      expect(facts.filter((e) => e.event.data.organisationId === PEKARA).every((e) => (e.event as { subject?: string }).subject === membership)).toBe(true);
      const removal = facts.find((e) => e.event.data.organisationId === PEKARA && e.event.data.ending === 'removal')!;
      expect(new Date(removal.event.data.at as string).getTime()).not.toBeNaN();
      // A removal's reason and the invitations stay in the network: no public event carries them, nor names who acted.
      const all = await networkEvents();
      expect(JSON.stringify(all.map((e) => e.event))).not.toContain('dues unpaid for a year');
      expect(JSON.stringify(facts.map((e) => e.event))).not.toMatch(/"(invited|declined|withdrawn|reason|by|milan|cl|sec)"/);
      const published = Object.values(NetworkEvents).map((n) => n.type);
      expect(all.map((e) => e.event.type).filter((type) => !published.includes(type as never))).toEqual([]);
      expect(new Set(facts.map((e) => e.event.id)).size).toBe(facts.length);
    });
  });

  describe('mentoring and twinning', () => {
    it('is proposed by the mentor, answered by the mentee, its meetings and outcome recorded; seen by the two only', async () => {
      const url = `${base}/network/mentorings`;
      const proposal = { kind: 'twinning', menteeOrganisationId: PEKARA, from: inDays(0), until: inDays(120), goals: ['export to Austria'] };
      expect((await httpPost(url, { ...proposal, menteeOrganisationId: STRANGER }, auth.cluster)).body.rule).toBe('OrganisationNotRegistered');
      expect((await httpPost(url, { ...proposal, until: inDays(0) }, auth.cluster)).body.rule).toBe('MentoringPeriodInvalid');
      expect((await httpPost(url, { ...proposal, menteeOrganisationId: CLUSTER }, auth.cluster)).body.rule).toBe('MentoringWithSelf');
      const proposed = await httpPost(url, proposal, auth.cluster);
      expect(proposed.body).toMatchObject({ mentorOrganisationId: CLUSTER, menteeOrganisationId: PEKARA, status: 'proposed', version: 1 });
      const id = proposed.body.id;
      expect((await httpPost(`${url}/${id}/answer`, { answer: 'accepted' }, auth.cluster)).status).toBe(403);
      expect((await httpGet(`${url}/${id}`, auth.hotel)).status).toBe(404);
      expect((await httpPost(`${url}/${id}/answer`, { answer: 'accepted' }, auth.pekara)).body.status).toBe('active');
      expect((await httpPost(`${url}/${id}/meetings`, { on: inDays(1), notes: 'too early' }, auth.pekara)).body.rule).toBe('MeetingOutsidePeriod');
      expect((await httpPost(`${url}/${id}/meetings`, { on: inDays(0), notes: 'kick-off in Timișoara' }, auth.pekara)).body.meetings).toEqual([{ on: inDays(0), notes: 'kick-off in Timișoara' }]);
      const closed = await httpPost(`${url}/${id}/closure`, { outcome: 'first order from Vienna' }, auth.cluster);
      expect(closed.body).toMatchObject({ status: 'closed', outcome: 'first order from Vienna', version: 4 });
      expect((await httpGet(`${url}/${id}`, auth.secretariat)).body.status).toBe('closed');
    });
  });

  describe('partnerships between organisations', () => {
    it('is proposed to a registered organisation, answered by it, ended by either side; seen in full by the two and the secretariat, listed publicly while active', async () => {
      const url = `${base}/network/partnerships`;
      const proposal = { kind: 'cross-border-project', partnerOrganisationId: PEKARA, title: 'Banat breakfast', from: '2026-01-01', until: inDays(365), goals: ['local bread in hotels'] };
      expect((await httpPost(url, { ...proposal, partnerOrganisationId: STRANGER }, auth.hotel)).body.rule).toBe('OrganisationNotRegistered');
      expect((await httpPost(url, { ...proposal, partnerOrganisationId: HOTEL }, auth.hotel)).body.rule).toBe('PartnershipWithSelf');
      expect((await httpPost(url, { ...proposal, until: '2025-12-31' }, auth.hotel)).body.rule).toBe('PartnershipPeriodInvalid');
      expect((await httpPost(url, { ...proposal, goals: [' '] }, auth.hotel)).body.rule).toBe('GoalsRequired');
      expect((await httpPost(url, { ...proposal, kind: 'friendship' }, auth.hotel)).status).toBe(400);
      expect((await httpPost(url, proposal)).status).toBe(401);
      expect((await httpPost(url, { ...proposal, organisationId: MUHELY }, auth.hotel)).status).toBe(403);

      const proposed = await httpPost(url, proposal, auth.hotel);
      expect(proposed.status).toBe(201);
      expect(proposed.body).toMatchObject({ proposerOrganisationId: HOTEL, partnerOrganisationId: PEKARA, status: 'proposed', version: 1, history: [{ step: 'proposed', by: 'ana' }] });
      const id = proposed.body.id;
      expect((await httpGet(`${url}/${id}`, auth.muhely)).status).toBe(404);
      expect((await httpPost(`${url}/${id}/acceptance`, undefined, auth.hotel)).status).toBe(403); // only the partner answers
      expect((await httpGet(url)).body.items).toEqual([]); // not active yet
      const accepted = await httpPost(`${url}/${id}/acceptance`, undefined, auth.pekara);
      expect(accepted.body).toMatchObject({ status: 'active', version: 2 });
      expect((await httpPost(`${url}/${id}/refusal`, undefined, auth.pekara)).body.rule).toBe('PartnershipNotInStatus');

      const listed = await httpGet(url);
      expect(listed.body).toEqual({ items: [{ id, kind: 'cross-border-project', organisations: [{ id: HOTEL, name: { en: 'organisation RO' } }, { id: PEKARA, name: { en: 'organisation RS' } }], from: '2026-01-01', until: inDays(365) }], total: 1, page: 1, pageSize: 20 });

      expect((await httpPost(`${url}/${id}/ending`, { outcome: ' ' }, auth.pekara)).body.rule).toBe('OutcomeRequired');
      expect((await httpPost(`${url}/${id}/ending`, { outcome: 'bread in 12 hotels' }, auth.muhely)).status).toBe(404);
      const ended = await httpPost(`${url}/${id}/ending`, { outcome: 'bread in 12 hotels' }, auth.secretariat);
      expect(ended.body).toMatchObject({ status: 'ended', outcome: 'bread in 12 hotels', version: 3 });
      expect((await httpGet(`${url}/${id}`, auth.pekara)).body.history).toEqual([
        { step: 'proposed', at: expect.any(String), by: 'ana' },
        { step: 'accepted', at: expect.any(String), by: 'milan' },
        { step: 'ended', at: expect.any(String), by: 'sec', outcome: 'bread in 12 hotels' },
      ]);
      expect((await httpGet(url)).body.total).toBe(0);

      const declined = await httpPost(url, { ...proposal, kind: 'research', partnerOrganisationId: UNIVERSITY, organisationId: MUHELY }, auth.secretariat);
      expect(declined.body.proposerOrganisationId).toBe(MUHELY);
      expect((await httpPost(`${url}/${declined.body.id}/refusal`, undefined, auth.university)).body).toMatchObject({ status: 'declined', version: 2 });
    });
  });

  it(`keeps at most ${MAX_OPEN_LISTINGS} listings of an organisation open: the next is a 422 TooManyOpenListings, stores nothing; withdrawing one makes room`, async () => {
    // (Each new offer is matched against every open request, one event per match: a member's script publishing requests without end
    // made every later offer cost, and publish, that many more.)
    const url = `${base}/network/listings`;
    const statuses: number[] = [];
    for (let i = 0; i <= MAX_OPEN_LISTINGS && statuses.at(-1) !== 422; i++) statuses.push((await httpPost(url, { ...request, title: `Request ${i}` }, auth.muhely)).status);
    expect(statuses.at(-1)).toBe(422);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    const before = await changesCount();
    const refused = await httpPost(url, { ...request, title: 'One more' }, auth.muhely);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'TooManyOpenListings', message: expect.stringContaining(`${MAX_OPEN_LISTINGS} open listings`) });
    expect(await changesCount()).toBe(before);
    const open = (await httpGet(`${url}/own?pageSize=100`, auth.muhely)).body.items.filter((l: { status: string }) => l.status === 'published');
    expect(open.length).toBe(MAX_OPEN_LISTINGS);
    expect((await httpPost(`${url}/${open[0].id}/withdrawal`, undefined, auth.muhely)).status).toBe(200);
    expect((await httpPost(url, { ...request, title: 'Room again' }, auth.muhely)).status).toBe(201);
  });
});
