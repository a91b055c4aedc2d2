import { randomUUID } from 'node:crypto';
import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificateFactData, CertificationEventName, CertificationEvents, ExhibitionSubjects, OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, HttpReply, startTestServers, testIdentityKeys, organisationView } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { BoothProjectionService } from './application/booth-projection.service';
import { ExhibitionModule } from './exhibition.module';

const BAKERY = '6f1c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
const APIARY = '7a2d3c0f-4b5e-4f60-9b8c-2d3e4f5a6b7c';
const UNKNOWN = '8b3e4d1a-5c6f-4071-8c9d-3e4f5a6b7c8d';
const CERT = 'MIB-2026-000001';

const organisation = (id: string, revision: number, changes: Partial<OrganisationView>): OrganisationView =>
  organisationView({ id, revision, naceCodes: ['10.71'], products: [{ name: { ro: 'Pâine de casă' }, niceClasses: [30] }], ...changes });

const certificateFact = (number: string, holder: OrganisationView, reason?: string): CertificateFactData => ({
  certificateNumber: number,
  holderOrganisationId: holder.id,
  holderCountry: holder.country,
  holderRegion: holder.region,
  schemeId: 'made-in-banat',
  schemeVersion: 1,
  products: [{ name: 'Pâine de casă', niceClass: 30 }],
  validFrom: '2026-01-05',
  validUntil: '2099-01-04',
  ...(reason ? { reason } : {}),
  at: '2026-01-05T09:00:00.000Z',
});

/** The exhibition service and the gateway in this process, fed by real CloudEvents on a real JetStream. */
describe('exhibition: booths from public events, search and contact requests (real NATS + FerretDB)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let exhibition: INestMicroservice;
  let nc: NatsConnection;
  let base: string;
  let secretariat: Record<string, string>;
  let member: Record<string, string>;
  let registry: PublicEventPublisher;
  let certification: PublicEventPublisher;

  const bakery = organisation(BAKERY, 1, {});
  const apiary = organisation(APIARY, 1, {
    name: { 'sr-Cyrl': 'Медара Ђурђевић', 'sr-Latn': 'Medara Đurđević' },
    country: 'RS',
    region: 'RS-VO',
    legalId: { kind: 'RS-PIB', value: '100000024' },
    products: [{ name: { 'sr-Latn': 'Bagremov med' }, niceClasses: [30, 29] }],
  });

  const publishOrganisation = (event: keyof typeof RegistryEvents, org: OrganisationView) =>
    registry.publish({ id: `organisation-${org.id}-${org.revision}`, subject: RegistryEvents[event].subject, type: RegistryEvents[event].type, about: org.id, data: org });
  const certificateEvent = (kind: CertificationEventName, number: string, holder: OrganisationView, revision: number) => ({
    id: `certificate-${number}-${revision}`,
    subject: CertificationEvents[kind].subject,
    type: CertificationEvents[kind].type,
    about: number,
    data: certificateFact(number, holder, kind === 'granted' || kind === 'expired' ? undefined : `${kind} by the decision-maker`),
  });
  const publishCertificate = (kind: CertificationEventName, number: string, holder: OrganisationView, revision: number) =>
    certification.publish(certificateEvent(kind, number, holder, revision));

  const booth = (id: string) => httpGet(`${base}/exhibition/booths/${id}`);
  const search = async (query: string) => (await httpGet(`${base}/exhibition/booths?${query}`)).body as { items: { organisationId: string }[]; total: number };
  const ids = async (query: string) => (await search(query)).items.map((b) => b.organisationId).sort();
  /** Waits until the booth's reply satisfies `ok` (events are consumed asynchronously). */
  const boothWhen = (id: string, ok: (reply: HttpReply) => boolean) => eventually(async () => {
    const reply = await booth(id);
    return ok(reply) ? reply : undefined;
  });
  const markShown = (shown: boolean) => (reply: HttpReply) => reply.status === 200 && reply.body.brandMark.shown === shown;

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', COMPLAINT_THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'exhibition-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    await exhibition.listen();
    apps.push(exhibition);
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    secretariat = { authorization: `Bearer ${await issueLocalToken(config, { sub: 'ana', role: 'secretariat', ttl: '1h' })}` };
    member = { authorization: `Bearer ${await issueLocalToken(config, { sub: 'ion', role: 'member', org: BAKERY, ttl: '1h' })}` };
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    certification = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  it('opens a booth for a registered organisation once it is granted the brand, showing the mark', async () => {
    await publishOrganisation('registered', bakery);
    await publishCertificate('granted', CERT, bakery, 0);
    const reply = await boothWhen(BAKERY, markShown(true));
    expect(reply.body).toMatchObject({
      organisationId: BAKERY,
      name: { ro: 'Brutăria Bănățeană' },
      country: 'RO',
      region: 'RO-TM',
      products: [{ name: { ro: 'Pâine de casă' }, niceClasses: [30] }],
      brandMark: { shown: true, certificateNumbers: [CERT], validUntil: '2099-01-04' },
    });
    expect(reply.body).not.toHaveProperty('contacts');
  });

  it('takes the mark down on suspension, puts it back on restoration and takes it down for good on withdrawal', async () => {
    await publishCertificate('suspended', CERT, bakery, 1);
    expect((await boothWhen(BAKERY, markShown(false))).body.brandMark).toEqual({ shown: false, certificateNumbers: [] });
    await publishCertificate('restored', CERT, bakery, 2);
    expect((await boothWhen(BAKERY, markShown(true))).body.brandMark.certificateNumbers).toEqual([CERT]);
    await publishCertificate('withdrawn', CERT, bakery, 3);
    await boothWhen(BAKERY, markShown(false));
  });

  it('a redelivered older event changes nothing', async () => {
    // JetStream dedupes a re-published id, so the redelivery is handed to the consumer's handler as the bus would.
    await exhibition.get(BoothProjectionService).handle(certificateEvent('restored', CERT, bakery, 2));
    await exhibition.get(BoothProjectionService).handle(certificateEvent('granted', CERT, bakery, 0));
    expect((await booth(BAKERY)).body.brandMark.shown).toBe(false);
    await publishOrganisation('updated', { ...bakery, revision: 2, name: { ro: 'Brutăria Bănățeană', 'sr-Cyrl': 'Пекара Банат' } });
    await boothWhen(BAKERY, (r) => r.body.name['sr-Cyrl'] === 'Пекара Банат');
    await exhibition.get(BoothProjectionService).handle({ id: `organisation-${BAKERY}-1`, type: RegistryEvents.registered.type, data: bakery });
    expect((await booth(BAKERY)).body.name).toEqual({ ro: 'Brutăria Bănățeană', 'sr-Cyrl': 'Пекара Банат' });
  });

  it('searches by name prefix across scripts and filters by country, region, Nice class and the mark shown now', async () => {
    // The certificate may be known before the registry's event: the booth opens once both have arrived.
    await publishCertificate('granted', 'MIB-2026-000002', apiary, 0);
    await publishOrganisation('registered', apiary);
    await boothWhen(APIARY, markShown(true));
    expect(await ids('q=%D1%92%D1%83%D1%80%D1%92')).toEqual([APIARY]); // "ђурђ"
    expect(await ids('q=djurdj')).toEqual([APIARY]);
    expect(await ids('q=durdevic')).toEqual([APIARY]);
    expect(await ids('q=%D0%B1%D0%B0%D0%BD%D0%B0%D1%82')).toEqual([BAKERY]); // "банат" finds "Bănățeană"
    expect(await ids('q=pekara')).toEqual([BAKERY]);
    expect(await ids('q=anat')).toEqual([]);
    expect(await ids('')).toEqual([BAKERY, APIARY].sort());
    expect(await ids('country=RS')).toEqual([APIARY]);
    expect(await ids('region=RO-TM')).toEqual([BAKERY]);
    expect(await ids('niceClass=29')).toEqual([APIARY]);
    expect(await ids('niceClass=30')).toEqual([BAKERY, APIARY].sort());
    expect(await ids('brandHolder=true')).toEqual([APIARY]);
    expect(await ids('brandHolder=false')).toEqual([BAKERY]);
    expect(await search('pageSize=1&page=2')).toMatchObject({ total: 2, items: [{}] });
    expect((await httpGet(`${base}/exhibition/booths?niceClass=46`)).status).toBe(400);
    expect((await httpGet(`${base}/exhibition/booths?brandHolder=maybe`)).status).toBe(400);
  });

  it('stores a buyer\'s contact request, refuses bad input with 400 and an unknown booth with 404', async () => {
    const url = `${base}/exhibition/booths/${APIARY}/contact-requests`;
    const request = { name: 'Hans Weber', email: 'hans@example.at', message: 'We would like to stock your acacia honey.', company: 'Feinkost Weber' };
    const created = await httpPost(url, request);
    expect(created.status).toBe(201);
    // The sender gets a receipt, not its own message echoed back.
    expect(created.body).toEqual({ id: expect.any(String), organisationId: APIARY, receivedAt: expect.any(String), duplicate: false });
    for (const bad of [{ ...request, email: 'not-an-email' }, { ...request, message: 'x'.repeat(2001) }, { ...request, name: '' }, { email: request.email, message: request.message }, { ...request, extra: 1 }]) {
      const reply = await httpPost(url, bad);
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await httpPost(`${base}/exhibition/booths/${UNKNOWN}/contact-requests`, request)).status).toBe(404);
    expect((await httpPost(url, { ...request, message: 'x'.repeat(2000) })).status).toBe(201);
  });

  it('a retry under the same commandId never shows anyone the stored request: same content is a receipt, other content a 409 that tells nothing', async () => {
    const url = `${base}/exhibition/booths/${BAKERY}/contact-requests`;
    const buyer = { name: 'Ilse Gruber', email: 'ilse.gruber@example.at', message: 'Please send your wholesale price list.', company: 'Gruber Delikatessen', commandId: '1' };
    const first = await httpPost(url, buyer);
    expect(first.status).toBe(201);
    const retry = await httpPost(url, buyer);
    expect(retry.body).toEqual({ ...first.body, duplicate: true });
    // An anonymous visitor guessing the id: over HTTP, and straight over the bus.
    const replays = [
      await httpPost(url, { name: 'x', email: 'x@example.com', message: 'x', commandId: '1' }),
      await httpPost(url, { ...buyer, message: 'Please send your wholesale price list!' }),
    ];
    for (const replay of replays) {
      expect(replay.status).toBe(409);
      expect(replay.body.code).toBe('CONFLICT');
    }
    const subject = ExhibitionSubjects.requestContact;
    const overBus = (await nc.request(subject, JSON.stringify({ pattern: subject, data: { organisationId: BAKERY, name: 'x', email: 'x@example.com', message: 'x', commandId: '1' }, id: randomUUID() }), { timeout: 5000 })).json<{ err?: unknown; response?: unknown }>();
    expect(overBus).toMatchObject({ err: { code: 'CONFLICT' } });
    for (const answer of [first.body, retry.body, ...replays.map((r) => r.body), overBus]) {
      const text = JSON.stringify(answer);
      for (const secret of ['Ilse', 'Gruber', 'ilse.gruber@example.at', 'wholesale']) expect(text).not.toContain(secret);
    }
    // The secretariat still reads the one request stored.
    const listed = await httpGet(url, secretariat);
    expect(listed.body.items).toEqual([expect.objectContaining({ name: 'Ilse Gruber', email: 'ilse.gruber@example.at', company: 'Gruber Delikatessen' })]);
  });

  it("lists a booth's contact requests to its own organisation and to the secretariat, never to another member or the public", async () => {
    const url = `${base}/exhibition/booths/${APIARY}/contact-requests`;
    expect((await httpGet(url)).status).toBe(401);
    // The bakery's member: not the apiary's requests, nor (before any lookup) whether an unknown booth exists.
    for (const foreign of [url, `${base}/exhibition/booths/${UNKNOWN}/contact-requests`]) {
      const refused = await httpGet(foreign, member);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', rule: 'OwnOrganisationOnly' });
      expect(JSON.stringify(refused.body)).not.toContain('Hans');
    }
    const listed = await httpGet(url, secretariat);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(2);
    expect(listed.body.items.map((r: { name: string }) => r.name)).toEqual(['Hans Weber', 'Hans Weber']);
    expect((await httpGet(`${base}/exhibition/booths/${BAKERY}/contact-requests`, secretariat)).body.total).toBe(1);
    // The bakery's member reads the requests to its own booth, and only those.
    const own = await httpGet(`${base}/exhibition/booths/${BAKERY}/contact-requests`, member);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ total: 1, page: 1, pageSize: 20 });
    expect(own.body.items).toEqual([{ id: expect.any(String), organisationId: BAKERY, name: 'Ilse Gruber', email: 'ilse.gruber@example.at', message: 'Please send your wholesale price list.', company: 'Gruber Delikatessen', receivedAt: expect.any(String) }]);
    // Around the gateway, with no signed identity, the service refuses too.
    const subject = ExhibitionSubjects.listContactRequests;
    const overBus = (await nc.request(subject, JSON.stringify({ pattern: subject, data: { organisationId: BAKERY }, id: randomUUID() }), { timeout: 5000 })).json<{ err?: unknown; response?: unknown }>();
    expect(overBus).toMatchObject({ err: { code: 'FORBIDDEN' } });
    expect(overBus.response).toBeUndefined();
  });

  it('hides the booth of a deactivated organisation', async () => {
    await publishOrganisation('deactivated', { ...apiary, revision: 2, active: false, deactivation: { reason: 'closed', at: '2026-03-01T00:00:00.000Z' } });
    await boothWhen(APIARY, (r) => r.status === 404);
    expect(await ids('')).toEqual([BAKERY]);
    expect((await httpPost(`${base}/exhibition/booths/${APIARY}/contact-requests`, { name: 'A', email: 'a@example.com', message: 'hello' })).status).toBe(404);
  });
});
