import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, organisationView, startTestServers, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { NetworkModule } from '../src/network.module';

/** An organisation the registry announces to the network before the tests: its id, country and region. */
export type KnownOrganisation = [id: string, country: 'RO' | 'RS' | 'HU', region: string];

export interface NetworkReplicas {
  base: string;
  replicas: INestMicroservice[];
  nc: NatsConnection;
  /** Authorization headers of a local token for `sub` in `role`, acting for `org`. */
  bearer(sub: string, role: string, org?: string): Promise<Record<string, string>>;
  /** One more replica on the same servers, started now (stopped with the others). */
  addReplica(): Promise<INestMicroservice>;
  stop(): Promise<void>;
}

/**
 * `count` network replicas on one database and the gateway, on real NATS + FerretDB started for the test, with every
 * organisation of `organisations` registered (a registry event each) and in the network's directory.
 */
export async function startNetworkReplicas(count: number, organisations: KnownOrganisation[], env: Record<string, string> = {}): Promise<NetworkReplicas> {
  const servers = await startTestServers();
  const apps: Array<INestApplication | INestMicroservice> = [];
  const replicas: INestMicroservice[] = [];
  let nc: NatsConnection | undefined;
  const stop = async () => {
    await nc?.close();
    await closeAll(apps);
    await servers.stop();
  };
  try {
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'network-replica-tests-secret-of-32-chars', ...testIdentityKeys, ...env });
    const addReplica = async () => {
      const replica = await createService('network', (c) => NetworkModule.forRoot(c), config);
      apps.push(replica);
      await replica.listen();
      replicas.push(replica);
      return replica;
    };
    for (let i = 0; i < count; i++) await addReplica();
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    const base = `http://127.0.0.1:${port}/api/v1`;
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    const registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    for (const [id, country, region] of organisations) {
      const org: OrganisationView = organisationView({ id, kind: 'sme', name: { en: `organisation ${country}` }, country, region });
      await registry.publish({ id: `organisation-${id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: id, data: org });
    }
    for (const [id] of organisations) await eventually(async () => ((await httpGet(`${base}/network/directory/${id}`)).status === 200 ? true : undefined));
    const bearer = async (sub: string, role: string, org?: string) => ({ authorization: `Bearer ${await issueLocalToken(config, { sub, role, ...(org ? { org } : {}), ttl: '1h' } as never)}` });
    return { base, replicas, nc, bearer, addReplica, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
