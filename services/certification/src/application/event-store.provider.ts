import { Inject, Injectable, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import { EsdbEventStore, EventStore, JetStreamEventStore } from '@banat/event-store';
import { jetStreamApis, NATS_CONNECTION, PLATFORM_CONFIG, PlatformConfig } from '@banat/messaging';
import type { NatsConnection } from 'nats';

export const EVENT_STORE = Symbol('EVENT_STORE');
export const InjectEventStore = () => Inject(EVENT_STORE);

/** JetStream over the service's own NATS connection by default; EventStoreDB where a deployment runs it. */
export const eventStoreProvider: Provider = {
  provide: EVENT_STORE,
  inject: [PLATFORM_CONFIG, NATS_CONNECTION],
  useFactory: async (config: PlatformConfig, nc: NatsConnection): Promise<EventStore> => {
    if (config.EVENT_STORE === 'esdb') {
      if (!config.ESDB_URL) throw new Error('EVENT_STORE=esdb needs ESDB_URL (e.g. esdb://localhost:2113?tls=false)');
      return EsdbEventStore.connect({ connectionString: config.ESDB_URL });
    }
    const log = new Logger('event-store');
    return JetStreamEventStore.connect({
      connection: nc,
      apiPrefix: jetStreamApis(config).history,
      replicas: config.HISTORY_REPLICAS,
      // Skipped by every read; `audit verify` names it too.
      onNotACommit: (f) => log.error(`history message #${f.seq} under ${f.under} is not a commit (${f.kind}): ${f.reason}`),
    });
  },
};

/** Closes the store after the projectors (module destroy) and before NATS drains (shutdown, later). */
@Injectable()
export class EventStoreCloser implements OnApplicationShutdown {
  constructor(@InjectEventStore() private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
