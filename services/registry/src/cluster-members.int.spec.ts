import { INestApplication, INestMicroservice } from '@nestjs/common';
import mongoose from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { NetworkEvents, RegistryEvents } from '@banat/contracts';
import { createService, loadConfig, PlatformConfig, PUBLIC_STREAM } from '@banat/messaging';
import { consumerMessages } from '@banat/metrics';
import { closeAll, eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, validRomanianCuis } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { NetworkModule } from '../../network/src/network.module';
import { CLUSTER_MEMBERS_CONSUMER, ClusterMembersConsumer } from './application/cluster-members.consumer';
import { RegistryModule } from './registry.module';

const CLUSTER = '5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';

interface StoredEvent {
  seq: number;
  event: { id: string; type: string; source: string; time: string; data: Record<string, unknown> };
}

/** The registry and the network behind the gateway, on a real nats-server and FerretDB: a cluster's members listed before consent, once they leave. */
describe("registry: a cluster's members listed before consent leave its record when their membership ends in the network (real NATS + FerretDB)", () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let config: PlatformConfig;
  let registry: INestMicroservice;
  let network: INestMicroservice;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let api: (path: string) => string;
  let secretariat: Record<string, string>;
  const memberOf = async (org: string) => ({ authorization: `Bearer ${await issueLocalToken(config, { role: 'member', sub: `member-of-${org.slice(0, 4)}`, org, ttl: '1h' } as never)}` });
  let members: string[];

  const startRegistry = async () => {
    registry = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await registry.listen();
  };
  const events = async (type: string): Promise<StoredEvent[]> => {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info(PUBLIC_STREAM);
    const out: StoredEvent[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const m = await jsm.streams.getMessage(PUBLIC_STREAM, { seq });
      const event = m.json<StoredEvent['event']>();
      if (event.type === type) out.push({ seq, event });
    }
    return out;
  };
  const record = async () => (await httpGet(api(`/organisations/${CLUSTER}`))).body as { memberIds: string[]; revision: number };
  /** The cluster's members as the network shows them (none while its directory does not know the cluster yet). */
  const networkMembers = async () => {
    const { status, body } = await httpGet(api(`/network/clusters/${CLUSTER}/members`));
    return status === 200 ? (body as { id: string }[]).map((m) => m.id).sort() : [];
  };
  const membership = (org: string, step: string) => api(`/network/clusters/${CLUSTER}/members/${org}/${step}`);
  const withRegistryDb = async <T>(work: (db: mongoose.Connection) => Promise<T>): Promise<T> => {
    const conn = await mongoose.createConnection(servers.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    try {
      return await work(conn);
    } finally {
      await conn.close();
    }
  };
  /** Until the registry's consumer has taken every message it was handed. */
  const consumerDone = () =>
    eventually(async () => {
      const info = await (await nc.jetstreamManager()).consumers.info(PUBLIC_STREAM, CLUSTER_MEMBERS_CONSUMER).catch(() => undefined);
      return info && info.num_pending === 0 && info.num_ack_pending === 0 ? info : undefined;
    });

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'cluster-members-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    secretariat = { authorization: `Bearer ${await issueLocalToken(config, { role: 'secretariat', sub: 'sec-ana' })}` };
    await startRegistry();
    network = await createService('network', (c) => NetworkModule.forRoot(c), config);
    await network.listen();
    gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    api = (path) => `http://127.0.0.1:${port}/api/v1${path}`;
    nc = await connect({ servers: servers.natsUrl });

    const cuis = validRomanianCuis(4, 48_000_000);
    members = [];
    for (const [i, name] of ['Brutăria Veche', 'Lactate Banat', 'Livada Nouă'].entries()) {
      const reply = await httpPost(api('/organisations'), { kind: 'sme', name: { ro: name }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cuis[i] } }, secretariat);
      expect(reply.status).toBe(201);
      members.push(reply.body.id);
    }
    // As a cluster was registered before its members' consent was asked (its event still owed: the registry's relay publishes it).
    const before = '2026-06-01T08:00:00.000Z';
    await withRegistryDb((db) =>
      db.collection('organisations').insertOne({
        _id: CLUSTER as never, kind: 'cluster', name: { ro: 'Clusterul Alimentar Banat' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cuis[3] }, legalIdKey: `RO-CUI:${cuis[3]}`,
        naceCodes: [], contacts: [], products: [], memberIds: members, searchText: 'clusterul alimentar banat', sortName: 'clusterul alimentar banat', active: true, revision: 1, eventPending: true, registeredAt: before, updatedAt: before,
      }),
    );
    await eventually(async () => ((await networkMembers()).length === 3 ? true : undefined), 150, 100);
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll([network, registry, gateway].filter(Boolean) as Array<INestApplication | INestMicroservice>);
    await servers?.stop();
  });

  it('drops a member that departs in the network from the cluster\'s record, as its next revision by the network, published like any change', async () => {
    const [bakery, dairy, orchard] = members;
    expect(await record()).toMatchObject({ memberIds: [bakery, dairy, orchard], revision: 1 });
    expect(await networkMembers()).toEqual([bakery, dairy, orchard].sort());

    expect((await httpPost(membership(bakery, 'departure'), undefined, await memberOf(bakery))).body).toMatchObject({ status: 'left' });
    const dropped = await eventually(async () => ((await record()).revision === 2 ? record() : undefined));
    expect(dropped.memberIds).toEqual([dairy, orchard]);

    // The document carries the revision a moment before its change is marked applied.
    const change = await eventually(() => withRegistryDb(async (db) => (await db.collection('organisation_changes').findOne({ _id: `${CLUSTER}:2` as never, applied: true })) ?? undefined));
    const [ended] = (await events(NetworkEvents.clusterMembershipEnded.type)).filter((e) => e.event.data.organisationId === bakery);
    expect(change).toMatchObject({ organisationId: CLUSTER, revision: 2, kind: 'updated', by: 'network', cause: `${ended.event.source}#${ended.event.id}`, applied: true, state: { memberIds: [dairy, orchard] } });
    const updated = await eventually(async () => (await events(RegistryEvents.updated.type)).find((e) => e.event.data.id === CLUSTER && e.event.data.revision === 2));
    expect(updated.event.data.memberIds).toEqual([dairy, orchard]);
    expect(updated.seq).toBeGreaterThan(ended.seq);
    // The network reads the shorter listing as before: the one that left is no member, the others still are.
    await eventually(async () => ((await httpGet(api(`/network/directory/${CLUSTER}`))).body.revision === 2 ? true : undefined));
    expect(await networkMembers()).toEqual([dairy, orchard].sort());
  });

  it('drops a member the cluster removes; the removal\'s reason stays in the network', async () => {
    const [, dairy, orchard] = members;
    const removed = await httpPost(membership(dairy, 'removal'), { reason: 'no longer makes dairy products' }, await memberOf(CLUSTER));
    expect(removed.body).toMatchObject({ status: 'removed' });
    const dropped = await eventually(async () => ((await record()).revision === 3 ? record() : undefined));
    expect(dropped.memberIds).toEqual([orchard]);
    const change = await withRegistryDb((db) => db.collection('organisation_changes').findOne({ _id: `${CLUSTER}:3` as never }));
    expect(JSON.stringify(change)).not.toContain('no longer makes dairy products');
    expect(JSON.stringify(await events(RegistryEvents.updated.type))).not.toContain('no longer makes dairy products');
  });

  it('adds no one when an organisation accepts an invitation: the network shows it among the members, the registry lists only those from before consent', async () => {
    const [bakery, , orchard] = members;
    await httpPost(api(`/network/clusters/${CLUSTER}/invitations`), { organisationId: bakery }, await memberOf(CLUSTER));
    expect((await httpPost(membership(bakery, 'acceptance'), undefined, await memberOf(bakery))).body).toMatchObject({ status: 'member' });
    await eventually(async () => ((await events(NetworkEvents.clusterMembershipStarted.type)).length === 1 ? true : undefined));
    await consumerDone();
    expect(await networkMembers()).toEqual([bakery, orchard].sort());
    expect(await record()).toMatchObject({ memberIds: [orchard], revision: 3 });
  });

  it('changes nothing when an end is delivered again, nor when the consumer replays every end after a restart', async () => {
    const [bakery, , orchard] = members;
    // JetStream dedupes a re-published id, so the redelivery is handed to the handler as the bus would.
    const ends = await events(NetworkEvents.clusterMembershipEnded.type);
    expect(ends).toHaveLength(2);
    for (const { event } of ends) await registry.get(ClusterMembersConsumer).handle(event);
    expect(await record()).toMatchObject({ memberIds: [orchard], revision: 3 });

    // The registry stops; its consumer is lost and made again at the next start, which hands it every end from the first.
    await registry.close();
    await (await nc.jetstreamManager()).consumers.delete(PUBLIC_STREAM, CLUSTER_MEMBERS_CONSUMER);
    await startRegistry();
    const info = await consumerDone();
    expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(Math.max(...ends.map((e) => e.seq)));
    expect(await record()).toMatchObject({ memberIds: [orchard], revision: 3 });
    expect(await withRegistryDb((db) => db.collection('organisation_changes').countDocuments({ organisationId: CLUSTER }))).toBe(2);
    expect(await networkMembers()).toEqual([bakery, orchard].sort());
  });

  it('retries an end that meets a change of the record not yet finished, as an outage (never terminated as poison), until it is finished; then drops the member', async () => {
    const [, , orchard] = members;
    const handled = async (outcome: string) => (await consumerMessages.get()).values.find((v) => v.labels.consumer === CLUSTER_MEMBERS_CONSUMER && v.labels.outcome === outcome)?.value ?? 0;
    const [outagesBefore, retriesBefore] = [await handled('retry_outage'), await handled('retry')];
    // A change claimed at revision 4 whose writer stopped before applying it: the end's change at 4 is a conflict until the
    // relay finishes it, which it does once the claim is 10 s old (here, in 3 to 8 s: after the end's first attempt).
    const at = new Date(Date.now() - 7_000).toISOString();
    await withRegistryDb((db) =>
      db.collection('organisation_changes').insertOne({ _id: `${CLUSTER}:4` as never, organisationId: CLUSTER, revision: 4, kind: 'updated', at, by: 'crashed-writer', state: { website: 'https://cluster.example.ro', revision: 4, updatedAt: at, eventPending: true }, applied: false }),
    );
    expect((await httpPost(membership(orchard, 'departure'), undefined, await memberOf(orchard))).body).toMatchObject({ status: 'left' });
    const dropped = await eventually(async () => ((await record()).revision === 5 ? record() : undefined), 300, 100);
    expect(dropped).toMatchObject({ memberIds: [], website: 'https://cluster.example.ro' });
    expect(await withRegistryDb((db) => db.collection('organisation_changes').findOne({ _id: `${CLUSTER}:5` as never }))).toMatchObject({ by: 'network', state: { memberIds: [] } });
    // A change that came first is waited for however long it takes: not counted toward the failures that make a message poison.
    expect(await handled('retry_outage')).toBeGreaterThan(outagesBefore);
    expect(await handled('retry')).toBe(retriesBefore);
  });
});
