import { INestApplication, INestMicroservice } from '@nestjs/common';

/**
 * Services and the gateway booted inside the test process on real servers: faster than the
 * process-per-service e2e suite, same wiring (NATS transport, validation, coded errors, Mongo).
 */
export interface InProcessApps {
  gateway?: INestApplication;
  services: INestMicroservice[];
  close(): Promise<void>;
}

export async function closeAll(apps: { close(): Promise<void> }[]): Promise<void> {
  for (const app of apps.reverse()) await app.close().catch(() => undefined);
}
