import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { createService, loadConfig } from '@banat/messaging';
import { closeAll, freePort, httpGet, httpPost, startTestServers, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import type { Role } from '../../gateway/src/auth/roles';
import { RegistryModule } from '../../registry/src/registry.module';
import { CertificationModule } from '../src/certification.module';

/**
 * Registry, certification and the gateway in this process on real nats-server and FerretDB, with a
 * settable clock for the certification service. `as(actor, role)` names the caller; requests carry
 * it as a real HS256 token that the gateway's guard verifies.
 */
export async function startCertificationPlatform(options: { commandReplicas?: number; env?: Record<string, string> } = {}) {
  const servers = await startTestServers();
  const port = await freePort();
  const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), RPC_TIMEOUT_MS: '8000', AUTH_JWT_SECRET: 'certification-tests-secret-of-at-least-32-chars', ...testIdentityKeys, ...options.env });
  const clock = { now: '2026-01-05T09:00:00.000Z' };
  const apps: Array<INestApplication | INestMicroservice> = [];
  try {
    const registry = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await registry.listen();
    apps.push(registry);
    const certification = await createService('certification', (c) => CertificationModule.forRoot(c, { clock: () => clock.now, expiryIntervalMs: 0 }), config);
    await certification.listen();
    apps.push(certification);
    // Command-only replicas share the certification queue group; the first service runs the projectors.
    for (let i = 0; i < (options.commandReplicas ?? 0); i++) {
      const replica = await createService('certification', (c) => CertificationModule.forRoot(c, { clock: () => clock.now, expiryIntervalMs: 0, projectors: false }), config);
      await replica.listen();
      apps.push(replica);
    }
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    const nc: NatsConnection = await connect({ servers: servers.natsUrl });
    const base = `http://127.0.0.1:${port}/api/v1`;
    const as = (actor: string, role: string, org?: string) => ({ 'x-test-actor': actor, 'x-test-role': role, ...(org ? { 'x-test-org': org } : {}) });
    // Who the caller is travels as a real signed token, verified by the gateway's guard.
    const signed = async (who: Record<string, string>): Promise<Record<string, string>> => {
      const { 'x-test-actor': sub, 'x-test-role': role, 'x-test-org': org, ...rest } = who;
      if (!sub || !role) return rest;
      const token = await issueLocalToken(config, { sub, role: role as Role, org, ttl: '1h' });
      return { ...rest, authorization: `Bearer ${token}` };
    };
    return {
      clock,
      nc,
      natsUrl: servers.natsUrl,
      config,
      /** Starts another service on the same servers, stopped with the platform. */
      start: async (service: INestMicroservice) => {
        await service.listen();
        apps.push(service);
      },
      servers,
      origin: `http://127.0.0.1:${port}`,
      /** The registry service (closed to take the registry down; stopped with the platform either way). */
      registry,
      certification,
      post: async (path: string, body: unknown, who: Record<string, string> = {}) => httpPost(`${base}${path}`, body, await signed(who)),
      get: async (path: string, who: Record<string, string> = {}) => httpGet(`${base}${path}`, await signed(who)),
      as,
      stop: async () => {
        await nc.close();
        await closeAll(apps);
        await servers.stop();
      },
    };
  } catch (error) {
    await closeAll(apps);
    await servers.stop();
    throw error;
  }
}

export type CertificationPlatform = Awaited<ReturnType<typeof startCertificationPlatform>>;
