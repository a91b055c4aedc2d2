import { Inject, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { PlatformConfig } from './config';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const InjectNats = () => Inject(NATS_CONNECTION);

/** A plain NATS connection (beside Nest's transport) for JetStream: event store and integration events. */
export function connectNats(config: PlatformConfig, name: string): Promise<NatsConnection> {
  return connect({
    servers: config.NATS_URL.split(','),
    name,
    user: config.NATS_USER,
    pass: config.NATS_PASSWORD,
    maxReconnectAttempts: -1,
    // No Error object per request for async stack traces: measurable on the hot append path.
    noAsyncTraces: true,
  });
}

/** Drains the connection when the Nest application shuts down. */
export class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@InjectNats() private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
