import { INestApplication, INestMicroservice } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { connect, NatsConnection } from 'nats';
import { createService, currentContext, loadConfig } from '@banat/messaging';
import { closeAll, freePort, httpGet, httpPost, startTestServers } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { RegistryModule } from '../../registry/src/registry.module';
import { CertificationModule } from '../src/certification.module';

/**
 * Registry, certification and the gateway in this process on real nats-server and FerretDB, with a
 * settable clock for the certification service. Until the gateway's JWT guard lands, the caller's
 * actor and role come from x-test-actor / x-test-role headers, set where the guard will set them.
 */
export async function startCertificationPlatform() {
  const servers = await startTestServers();
  const port = await freePort();
  const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), RPC_TIMEOUT_MS: '8000' });
  const clock = { now: '2026-01-05T09:00:00.000Z' };
  const apps: Array<INestApplication | INestMicroservice> = [];
  try {
    const registry = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await registry.listen();
    apps.push(registry);
    const certification = await createService('certification', (c) => CertificationModule.forRoot(c, { clock: () => clock.now, expiryIntervalMs: 0 }), config);
    await certification.listen();
    apps.push(certification);
    const gateway = await createGateway(config);
    gateway.use((req: Request, _res: Response, next: NextFunction) => {
      const ctx = currentContext();
      if (ctx && typeof req.headers['x-test-actor'] === 'string') ctx.actor = req.headers['x-test-actor'];
      if (ctx && typeof req.headers['x-test-role'] === 'string') ctx.role = req.headers['x-test-role'];
      next();
    });
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    const nc: NatsConnection = await connect({ servers: servers.natsUrl });
    const base = `http://127.0.0.1:${port}/api/v1`;
    const as = (actor: string, role: string) => ({ 'x-test-actor': actor, 'x-test-role': role });
    return {
      clock,
      nc,
      certification,
      post: (path: string, body: unknown, who: Record<string, string> = {}) => httpPost(`${base}${path}`, body, who),
      get: (path: string, who: Record<string, string> = {}) => httpGet(`${base}${path}`, who),
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
