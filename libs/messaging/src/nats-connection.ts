import { Inject, OnApplicationShutdown } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { PlatformConfig } from './config';

export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
export const InjectNats = () => Inject(NATS_CONNECTION);

/**
 * Who a process is on the bus: its user (deploy/nats/auth.conf) and an inbox prefix of its own, so
 * replies to its requests are readable by it alone.
 */
export function natsIdentity(config: PlatformConfig): { user?: string; pass?: string; inboxPrefix?: string } {
  return config.NATS_USER ? { user: config.NATS_USER, pass: config.NATS_PASSWORD, inboxPrefix: `_INBOX_${config.NATS_USER}` } : {};
}

/** A plain NATS connection (beside Nest's transport) for JetStream: event store and integration events. */
export function connectNats(config: PlatformConfig, name: string): Promise<NatsConnection> {
  return connect({
    servers: config.NATS_URL.split(','),
    name,
    ...natsIdentity(config),
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
