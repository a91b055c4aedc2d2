import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CloudEvent } from 'cloudevents';
import { AckPolicy, DeliverPolicy, headers as natsHeaders, JetStreamClient, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { PUBLIC_PREFIX } from '@banat/contracts';
import { isTransientError } from '@banat/projections';
import { consumerMessages, publicEventsPublished, watchConsumer } from '@banat/metrics';
import { CORRELATION_HEADER, currentContext } from './correlation';
import { jetStreamApisOf, streamReplicasOf } from './nats-connection';

/** The JetStream stream partners replay integration events from. */
export const PUBLIC_STREAM = 'BANAT_PUBLIC';

/**
 * Where BANAT_PUBLIC's JetStream API is: given, or the one of a connection made by connectNats
 * (`JS.PUBLIC.API` on the secured bus, where the stream lives in the PUBLIC account), else `$JS.API`.
 */
const publicApi = (nc: NatsConnection, apiPrefix?: string) => apiPrefix ?? jetStreamApisOf(nc).public;

export async function ensurePublicStream(nc: NatsConnection, apiPrefix?: string): Promise<void> {
  const jsm = await nc.jetstreamManager({ apiPrefix: publicApi(nc, apiPrefix) });
  const config = {
    name: PUBLIC_STREAM,
    subjects: [`${PUBLIC_PREFIX}.>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    deny_delete: true,
    deny_purge: true,
    duplicate_window: 2 * 60 * 1_000_000_000,
    // On a NATS cluster: NATS_STREAM_REPLICAS (only at creation: no account may update BANAT_PUBLIC).
    num_replicas: streamReplicasOf(nc) ?? 1,
  };
  try {
    await jsm.streams.info(PUBLIC_STREAM);
  } catch {
    await jsm.streams.add(config).catch(async (error) => {
      // Another service created it first.
      if (!String(error).includes('already in use')) throw error;
    });
  }
}

export interface PublicEventInput<T> {
  /** Dotted subject under the public prefix, e.g. 'registry.organisation.registered.v1'. */
  subject: string;
  /** CloudEvents type, e.g. 'eu.madeinbanat.registry.organisation.registered.v1'. */
  type: string;
  /** The resource the event is about (CloudEvents `subject`). */
  about: string;
  data: T;
  /** Deterministic id for retries of the same fact; `source` + `id` is the partner's dedupe key. */
  id?: string;
  time?: string;
  dataschema?: string;
}

/** Publishes CloudEvents (structured JSON) on the public JetStream stream; Nats-Msg-Id = CloudEvent id. */
export class PublicEventPublisher {
  private readonly js: JetStreamClient;
  constructor(nc: NatsConnection, private readonly source: string, apiPrefix?: string) {
    this.js = nc.jetstream({ apiPrefix: publicApi(nc, apiPrefix) });
  }

  async publish<T>(event: PublicEventInput<T>): Promise<CloudEvent<T>> {
    const ce = new CloudEvent<T>({
      id: event.id ?? randomUUID(),
      source: this.source,
      type: event.type,
      subject: event.about,
      time: event.time ?? new Date().toISOString(),
      datacontenttype: 'application/json',
      dataschema: event.dataschema,
      data: event.data,
    });
    const h = natsHeaders();
    h.set('content-type', 'application/cloudevents+json');
    const correlationId = currentContext()?.correlationId;
    if (correlationId) h.set(CORRELATION_HEADER, correlationId);
    const ack = await this.js.publish(`${PUBLIC_PREFIX}.${event.subject}`, JSON.stringify(ce.toJSON()), { msgID: ce.id, headers: h });
    publicEventsPublished.inc({ service: event.subject.split('.')[0], type: event.type, outcome: ack.duplicate ? 'duplicate' : 'stored' });
    return ce;
  }
}

/** A delivered message's place in BANAT_PUBLIC: its subject, stream sequence and when the stream stored it. */
export interface PublicEventDelivery {
  subject: string;
  streamSequence: number;
  storedAt: string;
}

export interface PublicEventConsumerOptions {
  /** Durable consumer name: one per consuming service (replicas share it). */
  durable: string;
  filterSubjects: string[];
  /** BANAT_PUBLIC's JetStream API (default: the connection's, see ensurePublicStream). */
  apiPrefix?: string;
  /** `delivery`: where the event sits in the stream (for consumers that record it, e.g. reporting). */
  handle(event: { id: string; type: string; source: string; subject?: string; time?: string; data: unknown }, delivery: PublicEventDelivery): Promise<void>;
  /** Failures that are not transient before a message is poison and terminated (default 5). */
  maxFailures?: number;
  /** First redelivery delay; doubles per delivery up to `maxRedeliveryDelayMs` (defaults 1000, 30000). */
  redeliveryDelayMs?: number;
  maxRedeliveryDelayMs?: number;
  /** Which handler errors are an outage (redelivered without limit); defaults to `isTransientError`. */
  isTransient?(error: unknown): boolean;
  onPoison?(poison: PoisonPublicEvent): void;
}

/** A message terminated after `attempts` failures that were not transient: never redelivered. */
export interface PoisonPublicEvent {
  streamSequence: number;
  subject: string;
  id?: string;
  type?: string;
  attempts: number;
  error: string;
  at: string;
}

export interface PublicEventConsumer {
  stop(): Promise<void>;
  /** Poison messages this process terminated (the latest 100), for status and tests. */
  poisoned(): readonly PoisonPublicEvent[];
}

/** Failure counts per message are kept for this many messages at most (oldest dropped first). */
const TRACKED_FAILURES = 10_000;
const KEPT_POISON = 100;

/**
 * A durable, at-least-once consumer of public events: handlers must be idempotent. A handler error
 * that is transient (database or bus down) is redelivered with growing delays for as long as it
 * lasts; any other error is redelivered until it has failed `maxFailures` times, then the message is
 * terminated (JetStream `term`: never redelivered; the server emits a MSG_TERMINATED advisory),
 * logged as an error and kept in `poisoned()`. Later messages go on meanwhile.
 */
export async function consumePublicEvents(nc: NatsConnection, options: PublicEventConsumerOptions): Promise<PublicEventConsumer> {
  const logger = new Logger(`consumer:${options.durable}`);
  const apiPrefix = publicApi(nc, options.apiPrefix);
  await ensurePublicStream(nc, apiPrefix);
  const jsm = await nc.jetstreamManager({ apiPrefix });
  const filter = options.filterSubjects.map((s) => `${PUBLIC_PREFIX}.${s}`);
  try {
    await jsm.consumers.info(PUBLIC_STREAM, options.durable);
    await jsm.consumers.update(PUBLIC_STREAM, options.durable, { filter_subjects: filter });
  } catch {
    await jsm.consumers.add(PUBLIC_STREAM, {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subjects: filter,
      max_deliver: -1,
      ack_wait: 30 * 1_000_000_000,
    });
  }
  const consumer = await nc.jetstream({ apiPrefix }).consumers.get(PUBLIC_STREAM, options.durable);
  const messages = await consumer.consume({ max_messages: 100 });
  // Its lag (pending, unacknowledged) is read from the server at each scrape.
  const unwatch = watchConsumer({ name: options.durable, info: () => consumer.info() });
  const tally = (outcome: string) => consumerMessages.inc({ consumer: options.durable, outcome });
  const maxFailures = Math.max(1, options.maxFailures ?? 5);
  const firstDelay = options.redeliveryDelayMs ?? 1000;
  const maxDelay = options.maxRedeliveryDelayMs ?? 30_000;
  const isTransient = options.isTransient ?? isTransientError;
  const failures = new Map<number, number>();
  const poisoned: PoisonPublicEvent[] = [];
  const done = (async () => {
    for await (const m of messages) {
      let ce: { id: string; type: string; source: string; subject?: string; time?: string; data: unknown } | undefined;
      try {
        ce = m.json();
        await options.handle(ce!, { subject: m.subject, streamSequence: m.seq, storedAt: new Date(Math.floor(m.info.timestampNanos / 1_000_000)).toISOString() });
        m.ack();
        tally('ack');
        failures.delete(m.seq);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const delay = Math.min(maxDelay, firstDelay * 2 ** Math.min(20, m.info.deliveryCount - 1));
        if (isTransient(error)) {
          logger.warn(`event ${m.seq} failed on an outage, redelivery in ${delay} ms: ${message}`);
          m.nak(delay);
          tally('retry_outage');
          continue;
        }
        const count = (failures.get(m.seq) ?? 0) + 1;
        failures.delete(m.seq);
        if (count < maxFailures) {
          failures.set(m.seq, count);
          if (failures.size > TRACKED_FAILURES) failures.delete(failures.keys().next().value!);
          logger.error(`event ${m.seq} failed (${count}/${maxFailures}), redelivery in ${delay} ms: ${message}`);
          m.nak(delay);
          tally('retry');
          continue;
        }
        const poison: PoisonPublicEvent = { streamSequence: m.seq, subject: m.subject, id: ce?.id, type: ce?.type, attempts: count, error: message, at: new Date().toISOString() };
        m.term(`poison after ${count} failures: ${message}`.slice(0, 200));
        tally('poison');
        poisoned.push(poison);
        if (poisoned.length > KEPT_POISON) poisoned.shift();
        logger.error({ msg: `event ${m.seq} is poison: terminated after ${count} failures, never redelivered`, poison });
        options.onPoison?.(poison);
      }
    }
  })();
  return {
    stop: async () => {
      unwatch();
      await messages.close();
      await done;
    },
    poisoned: () => [...poisoned],
  };
}

/** How long a consumer the bus refused waits before it is asked for again (consumePublicEventsInBackground). */
export const CONSUMER_RETRY_MS = 5000;

/**
 * `consumePublicEvents` started in the background and asked for again every `retryMs` while the bus refuses it (a
 * deployment whose permissions predate the consumer, a bus not yet up): the service serves meanwhile, and the refusal
 * is logged as an error. `stop` ends a retry still waiting and the consumer, once one was made.
 */
export function consumePublicEventsInBackground(nc: NatsConnection, options: PublicEventConsumerOptions, retryMs = CONSUMER_RETRY_MS): { stop(): Promise<void> } {
  const logger = new Logger(`consumer:${options.durable}`);
  let consumer: PublicEventConsumer | undefined;
  let retry: NodeJS.Timeout | undefined;
  let stopped = false;
  const start = async (): Promise<void> => {
    try {
      const made = await consumePublicEvents(nc, options);
      // Stopped while the bus was being asked: the consumer made meanwhile is stopped at once.
      if (stopped) await made.stop();
      else consumer = made;
    } catch (error) {
      if (stopped) return;
      logger.error(`consumer ${options.durable} not started, retrying in ${retryMs} ms: ${(error as Error).message}`);
      retry = setTimeout(() => (starting = start()), retryMs);
    }
  };
  let starting = start();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(retry);
      await starting;
      await consumer?.stop();
    },
  };
}
