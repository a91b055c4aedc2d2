import { INestApplication, INestMicroservice } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, organisationView, programmeDay, startTestServers, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { NetworkModule } from './network.module';
import { InterestDocument } from './read-models/interest.schema';

const HOTEL = '5e0b7c1d-1111-4aaa-8aaa-000000000001';
const PEKARA = '5e0b7c1d-2222-4aaa-8aaa-000000000002';

/** Concurrent expressions of interest by one organisation in one listing: at most one stays pending. */
describe('network: concurrent expressions of interest (real NATS + FerretDB, two replicas)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let replicas: INestMicroservice[] = [];
  let nc: NatsConnection;
  let base: string;
  const auth: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'network-race-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    for (let i = 0; i < 2; i++) {
      const replica = await createService('network', (c) => NetworkModule.forRoot(c), config);
      await replica.listen();
      replicas.push(replica);
      apps.push(replica);
    }
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    const bearer = async (sub: string, role: string, org?: string) => ({ authorization: `Bearer ${await issueLocalToken(config, { sub, role, ...(org ? { org } : {}), ttl: '1h' } as never)}` });
    auth.hotel = await bearer('ana', 'member', HOTEL);
    auth.pekara = await bearer('milan', 'member', PEKARA);
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    const registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    const organisation = (id: string, country: 'RO' | 'RS', region: string): OrganisationView => organisationView({ id, kind: 'sme', name: { en: `organisation ${country}` }, country, region });
    for (const org of [organisation(HOTEL, 'RO', 'RO-TM'), organisation(PEKARA, 'RS', 'RS-VO')]) {
      await registry.publish({ id: `organisation-${org.id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: org.id, data: org });
    }
    for (const id of [HOTEL, PEKARA]) await eventually(async () => ((await httpGet(`${base}/network/directory/${id}`)).status === 200 ? true : undefined));
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    replicas = [];
    await servers?.stop();
  });

  it('lets one of many simultaneous expressions by the same organisation through; the others get 409 or 422, never a second pending one', async () => {
    const offer = { kind: 'business-offer', title: 'Bread and pastry for hotels', description: '300 loaves a day.', naceCodes: ['10.71'], niceClasses: [30], countriesWanted: [], languages: ['sr', 'en'], expiresOn: programmeDay(90) };
    const listing = await httpPost(`${base}/network/listings`, offer, auth.pekara);
    expect(listing.status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => httpPost(`${base}/network/listings/${listing.body.id}/interests`, { message: `interested ${i}` }, auth.hotel)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
    const interests = replicas[0].get<Model<InterestDocument>>(getModelToken(InterestDocument.name));
    expect(await interests.countDocuments({ listingId: listing.body.id, fromOrganisationId: HOTEL, status: 'pending' })).toBe(1);
    // Once it is closed, a new one may be expressed.
    const pending = replies.find((r) => r.status === 201)!.body;
    const withdrawn = await httpPost(`${base}/network/interests/${pending.id}/withdrawal`, undefined, auth.hotel);
    expect([withdrawn.status, withdrawn.body]).toEqual([200, expect.objectContaining({ status: 'withdrawn' })]);
    const again = await httpPost(`${base}/network/listings/${listing.body.id}/interests`, { message: 'still interested' }, auth.hotel);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(pending.id);
  });
});
