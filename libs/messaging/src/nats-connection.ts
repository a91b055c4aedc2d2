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

/** JetStream API prefix of the history's and the public stream's accounts on the secured bus (deploy/nats/auth.conf). */
export const HISTORY_JS_API = 'JS.HISTORY.API';
export const PUBLIC_JS_API = 'JS.PUBLIC.API';
/** The JetStream API of a connection's own account: the open bus (no accounts) serves both streams on it. */
export const OWN_JS_API = '$JS.API';

export interface JetStreamApis {
  /** Where BANAT_HISTORY's JetStream API is reached. */
  history: string;
  /** Where BANAT_PUBLIC's JetStream API is reached. */
  public: string;
}

/**
 * On the secured bus the streams live in accounts of their own (HISTORY, PUBLIC) whose JetStream
 * API is imported under a prefix; on an open bus they are in the connection's own account.
 * NATS_HISTORY_API / NATS_PUBLIC_API override the choice.
 */
export function jetStreamApis(config: Pick<PlatformConfig, 'NATS_USER' | 'NATS_HISTORY_API' | 'NATS_PUBLIC_API'>): JetStreamApis {
  const secured = Boolean(config.NATS_USER);
  return {
    history: config.NATS_HISTORY_API ?? (secured ? HISTORY_JS_API : OWN_JS_API),
    public: config.NATS_PUBLIC_API ?? (secured ? PUBLIC_JS_API : OWN_JS_API),
  };
}

const apisByConnection = new WeakMap<NatsConnection, JetStreamApis>();
const replicasByConnection = new WeakMap<NatsConnection, number>();

/** NATS_STREAM_REPLICAS of the process that made the connection with connectNats (the public stream's replicas at creation). */
export function streamReplicasOf(nc: NatsConnection): number | undefined {
  return replicasByConnection.get(nc);
}

/** The JetStream APIs a connection made by connectNats reaches; the own account's for any other. */
export function jetStreamApisOf(nc: NatsConnection): JetStreamApis {
  return apisByConnection.get(nc) ?? { history: OWN_JS_API, public: OWN_JS_API };
}

/** A plain NATS connection (beside Nest's transport) for JetStream: event store and integration events. */
export async function connectNats(config: PlatformConfig, name: string): Promise<NatsConnection> {
  const nc = await connect({
    servers: config.NATS_URL.split(','),
    name,
    ...natsIdentity(config),
    maxReconnectAttempts: -1,
    // No Error object per request for async stack traces: measurable on the hot append path.
    noAsyncTraces: true,
  });
  apisByConnection.set(nc, jetStreamApis(config));
  if (config.NATS_STREAM_REPLICAS) replicasByConnection.set(nc, config.NATS_STREAM_REPLICAS);
  return nc;
}

/** Drains the connection when the Nest application shuts down. */
export class NatsConnectionCloser implements OnApplicationShutdown {
  constructor(@InjectNats() private readonly nc: NatsConnection) {}
  async onApplicationShutdown(): Promise<void> {
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }
}
