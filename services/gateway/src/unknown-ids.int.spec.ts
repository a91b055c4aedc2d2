import { randomUUID } from 'node:crypto';
import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect } from 'nats';
import { createService, ensurePublicStream, loadConfig, PlatformConfig } from '@banat/messaging';
import { closeAll, freePort, grantBrandOverHttp, httpPost, startTestServers, testIdentityKeys, validRomanianCuis } from '@banat/testing';
import { CertificationModule } from '../../certification/src/certification.module';
import { EventsModule } from '../../events/src/events.module';
import { ExhibitionModule } from '../../exhibition/src/exhibition.module';
import { NetworkModule } from '../../network/src/network.module';
import { RegistryModule } from '../../registry/src/registry.module';
import { createGateway } from './app';
import { issueLocalToken } from './auth/issue-token';

type Role = 'secretariat' | 'expert' | 'decision-maker' | 'member';
interface Call {
  method: 'POST' | 'PUT' | 'GET';
  path: string;
  as: Role;
  body?: unknown;
  /** The answer's message: what was not found. */
  notFound: string;
}

/**
 * An id in the path that names nothing is a 404 naming it, on every route, for a caller allowed to call it: found by
 * calling every route with an id in its path with an id nobody created (the steps of an application, a certificate, a
 * complaint, a membership answered 422 `ApplicationNotSubmitted`, `CertificateNotIssued`, `ComplaintNotLodged`,
 * `MembershipNotFound`; an unknown appeal 422 `AppealNotFound`; a fair's agenda 200 `[]`; a cluster's catalogue and an
 * event's registration 422 `OrganisationNotRegistered`; statistics of an unknown scheme 200 with zeros). Something
 * unknown named in the body stays a 422. The five services on a real nats-server and FerretDB, behind the gateway.
 */
describe('unknown ids in the path: 404 (real servers, every service)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  const apps: Array<INestApplication | INestMicroservice> = [];
  let config: PlatformConfig;
  let api: (path: string) => string;
  let organisationId: string;
  let applicationId: string;
  let certificateNumber: string;
  let eventId: string;

  const as = async (role: Role, sub = `${role}-ana`, org?: string) => ({
    authorization: `Bearer ${await issueLocalToken(config, { role, sub, ...(role === 'member' ? { org: org ?? randomUUID() } : {}), ttl: '1h' } as never)}`,
  });
  const call = async ({ method, path, as: role, body }: Omit<Call, 'notFound'>) => {
    const res = await fetch(api(path), { method, headers: { ...(await as(role)), ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as { code?: string; message?: string; rule?: string; details?: unknown } };
  };
  /** Every call's answer, so a failure lists all the routes that are wrong at once. */
  const answers = async (calls: Call[]) =>
    Promise.all(calls.map(async (c) => ({ route: `${c.method} ${c.path} [${c.as}]`, ...(await call(c)) })));
  const expectNotFound = async (calls: Call[]) => {
    const got = await answers(calls);
    expect(got).toEqual(calls.map((c) => ({ route: `${c.method} ${c.path} [${c.as}]`, status: 404, body: expect.objectContaining({ code: 'NOT_FOUND', message: `${c.notFound} not found` }) })));
  };

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '8000', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'unknown-ids-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    const nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    await nc.close();
    const services = [
      ['registry', (c: PlatformConfig) => RegistryModule.forRoot(c)],
      ['certification', (c: PlatformConfig) => CertificationModule.forRoot(c, { expiryIntervalMs: 0 })],
      ['network', (c: PlatformConfig) => NetworkModule.forRoot(c)],
      ['events', (c: PlatformConfig) => EventsModule.forRoot(c)],
      ['exhibition', (c: PlatformConfig) => ExhibitionModule.forRoot(c)],
    ] as const;
    for (const [name, module] of services) {
      const service = await createService(name, module, config);
      await service.listen();
      apps.push(service);
    }
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    api = (path) => `http://127.0.0.1:${port}/api/v1${path}`;

    const secretariat = await as('secretariat');
    const registered = await httpPost(api('/organisations'), { kind: 'sme', name: { ro: 'Pălincăria Bănățeană' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: `RO${validRomanianCuis(1, 31_000_000)[0]}` } }, secretariat);
    expect(registered.status).toBe(201);
    organisationId = registered.body.id;
    ({ applicationId, certificateNumber } = await grantBrandOverHttp(api, (role, sub) => as(role, sub), organisationId, [{ name: 'Țuică de prune', niceClass: 33 }]));
    const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
    const event = await httpPost(
      api('/events'),
      {
        kind: 'workshop',
        title: { ro: 'Atelier' },
        place: { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO', region: 'RO-TM' },
        startsOn: day(30),
        endsOn: day(31),
        languages: ['ro'],
        topics: ['branding'],
        organiserOrganisationId: organisationId,
        sessions: [],
        registration: { capacity: 10, quotas: [], requiresApproval: true, deadline: `${day(29)}T21:00:00.000Z` },
      },
      secretariat,
    );
    expect(event.status).toBe(201);
    eventId = event.body.eventId;
  });

  afterAll(async () => {
    await closeAll(apps);
    await servers?.stop();
  });

  it('each step of an application, a certificate or a complaint that was never recorded: 404 naming it (a member too), not 422', async () => {
    const application = `app-${randomUUID()}`;
    const certificate = 'MIB-2026-999999';
    const complaint = `cmp-${randomUUID()}`;
    const onApplication = (step: string, as: Role, body: unknown): Call => ({ method: 'POST', path: `/applications/${application}/${step}`, as, body, notFound: `application ${application}` });
    const onCertificate = (step: string, as: Role, body: unknown): Call => ({ method: 'POST', path: `/certificates/${certificate}/${step}`, as, body, notFound: `certificate ${certificate}` });
    const onComplaint = (step: string, as: Role, body: unknown): Call => ({ method: 'POST', path: `/complaints/${complaint}/${step}`, as, body, notFound: `complaint ${complaint}` });
    const decision = { outcome: 'upheld', panel: ['panel-1'], reasons: ['the grounds hold'] };
    await expectNotFound([
      onApplication('completeness', 'secretariat', {}),
      onApplication('supplements', 'member', { evidence: [{ kind: 'raw-material-origin', ref: 'doc-9' }] }),
      onApplication('experts', 'secretariat', { expertId: 'expert-ro', expertOrganisationId: randomUUID() }),
      onApplication('conflict-declarations', 'expert', { hasConflict: false, statement: 'none' }),
      onApplication('scores', 'expert', { scores: [{ criterionId: 'competitiveness', score: 8, justification: 'notes' }] }),
      onApplication('review', 'secretariat', { remarks: 'followed' }),
      onApplication('decision', 'decision-maker', { outcome: 'grant', reasons: ['thresholds met'] }),
      onApplication('decision', 'decision-maker', { outcome: 'refuse', reasons: ['thresholds missed'] }),
      onApplication('appeals', 'member', { grounds: 'the scores were wrong' }),
      onApplication(`appeals/appeal-${randomUUID()}/decision`, 'decision-maker', decision),
      onCertificate('findings', 'secretariat', { source: 'surveillance', severity: 'observation', summary: 'label worn' }),
      onCertificate('suspension', 'decision-maker', { reason: 'findings' }),
      onCertificate('restoration', 'decision-maker', { reason: 'corrected' }),
      onCertificate('withdrawal', 'decision-maker', { reason: 'findings' }),
      onCertificate('renewal', 'decision-maker', { renewalApplicationId: `app-${randomUUID()}`, reason: 'renewed' }),
      onCertificate('appeals', 'member', { grounds: 'the suspension was wrong' }),
      onCertificate(`appeals/appeal-${randomUUID()}/decision`, 'decision-maker', decision),
      onComplaint('acknowledgement', 'secretariat', {}),
      onComplaint('investigator', 'secretariat', { investigatorId: 'expert-ro' }),
      onComplaint('investigation', 'secretariat', { summary: 'visited' }),
      onComplaint('decision', 'decision-maker', { outcome: 'rejected', reasons: ['unfounded'] }),
    ]);
  });

  it('an appeal by an id nobody lodged, on a file and a certificate that exist: 404 naming the appeal', async () => {
    const appealId = `appeal-${randomUUID()}`;
    const decision = { outcome: 'upheld', panel: ['panel-1'], reasons: ['the grounds hold'] };
    await expectNotFound([
      { method: 'POST', path: `/applications/${applicationId}/appeals/${appealId}/decision`, as: 'decision-maker', body: decision, notFound: `appeal ${appealId}` },
      { method: 'POST', path: `/certificates/${certificateNumber}/appeals/${appealId}/decision`, as: 'decision-maker', body: decision, notFound: `appeal ${appealId}` },
    ]);
  });

  it('network and events: a membership never applied for, an unknown cluster or fair, an unknown event with a body naming an organisation', async () => {
    const unknown = randomUUID();
    const member = (step: string, body: unknown = { reason: 'as decided' }): Call => ({ method: 'POST', path: `/network/members/${unknown}/${step}`, as: 'secretariat', body, notFound: `membership of ${unknown}` });
    await expectNotFound([
      member('approval', {}),
      member('rejection'),
      member('suspension'),
      member('reinstatement'),
      member('departure'),
      { method: 'PUT', path: `/network/clusters/${unknown}/services`, as: 'secretariat', body: { services: [{ category: 'training', title: 'Export' }], expectedVersion: 0 }, notFound: `directory entry ${unknown}` },
      { method: 'GET', path: `/network/fairs/${unknown}/agenda?organisationId=${organisationId}`, as: 'secretariat', notFound: `fair ${unknown}` },
      { method: 'POST', path: `/events/${unknown}/registrations`, as: 'secretariat', body: { organisationId: randomUUID(), people: [{ name: 'Ana', email: 'ana@example.org' }] }, notFound: 'event' },
      { method: 'POST', path: `/events/${eventId}/registrations/${unknown}/approval`, as: 'secretariat', body: {}, notFound: 'registration' },
      { method: 'POST', path: `/events/${eventId}/surveys/satisfaction/sending`, as: 'secretariat', body: {}, notFound: 'survey' },
    ]);
    // Unknown in the body, the path's event known: still the rule it breaks.
    const stranger = await call({ method: 'POST', path: `/events/${eventId}/registrations`, as: 'secretariat', body: { organisationId: randomUUID(), people: [{ name: 'Ana', email: 'ana@example.org' }] } });
    expect(stranger).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATED', rule: 'OrganisationNotRegistered' } });
  });

  it('statistics of an unknown scheme: 404 naming it and the schemes there are; of a known one, its figures', async () => {
    expect(await call({ method: 'GET', path: '/statistics/no-such-scheme', as: 'secretariat' })).toEqual({
      status: 404,
      body: expect.objectContaining({
        code: 'NOT_FOUND',
        message: 'scheme no-such-scheme not found; the schemes are made-in-banat, esca-bronze, esca-silver, esca-gold',
        details: { schemeId: 'no-such-scheme', knownSchemes: ['made-in-banat', 'esca-bronze', 'esca-silver', 'esca-gold'] },
      }),
    });
    const known = await fetch(api('/statistics/made-in-banat'));
    expect(known.status).toBe(200);
    expect(await known.json()).toMatchObject({ schemeId: 'made-in-banat', totals: expect.objectContaining({ granted: expect.any(Number) }) });
  });
});
