import { START, excludeSystemEvents, type AllStreamResolvedEvent, type EventStoreDBClient } from '@eventstore/db-client';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store';
import type { Upcasters } from '../upcasting';

export interface EsdbSubscriptionOptions extends SubscribeOptions {
  upcasters: Upcasters;
  toRecorded(resolved: AllStreamResolvedEvent): RecordedEvent | undefined;
}

/**
 * ESDB's catch-up subscription to $all without system events: it reads the past, then goes live,
 * in log order; each event waits for the previous onEvent. A failing onEvent stops it (onError).
 */
export function subscribeToEsdb(client: EventStoreDBClient, options: EsdbSubscriptionOptions): Subscription {
  const checkpoint = options.fromPosition ?? 0;
  const fromPosition = checkpoint > 0 ? { commit: BigInt(checkpoint), prepare: BigInt(checkpoint) } : START;
  const subscription = client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
  let stopped = false;
  const loop = (async () => {
    for await (const resolved of subscription) {
      if (stopped) return;
      const event = options.toRecorded(resolved);
      if (!event || event.position <= checkpoint) continue;
      await options.onEvent(options.upcasters.apply(event));
    }
  })().catch(async (error: unknown) => {
    if (stopped) return;
    stopped = true;
    await subscription.unsubscribe().catch(() => undefined);
    options.onError?.(error);
  });
  return {
    stop: async () => {
      stopped = true;
      await subscription.unsubscribe().catch(() => undefined);
      await loop;
    },
  };
}
