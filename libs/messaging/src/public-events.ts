import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { CloudEvent } from 'cloudevents';
import { AckPolicy, DeliverPolicy, headers as natsHeaders, JetStreamClient, NatsConnection, RetentionPolicy, StorageType } from 'nats';
import { PUBLIC_PREFIX } from '@banat/contracts';
import { CORRELATION_HEADER, currentContext } from './correlation';
import { jetStreamApisOf } from './nats-connection';

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
    await this.js.publish(`${PUBLIC_PREFIX}.${event.subject}`, JSON.stringify(ce.toJSON()), { msgID: ce.id, headers: h });
    return ce;
  }
}

export interface PublicEventConsumerOptions {
  /** Durable consumer name: one per consuming service (replicas share it). */
  durable: string;
  filterSubjects: string[];
  /** BANAT_PUBLIC's JetStream API (default: the connection's, see ensurePublicStream). */
  apiPrefix?: string;
  handle(event: { id: string; type: string; source: string; subject?: string; time?: string; data: unknown }): Promise<void>;
}

/** A durable, at-least-once consumer of public events: handlers must be idempotent. */
export async function consumePublicEvents(nc: NatsConnection, options: PublicEventConsumerOptions): Promise<{ stop(): Promise<void> }> {
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
  const done = (async () => {
    for await (const m of messages) {
      try {
        const ce = m.json<{ id: string; type: string; source: string; subject?: string; time?: string; data: unknown }>();
        await options.handle(ce);
        m.ack();
      } catch (error) {
        logger.error(`event ${m.seq} failed, redelivery in 1 s: ${(error as Error).message}`);
        m.nak(1000);
      }
    }
  })();
  return {
    stop: async () => {
      await messages.close();
      await done;
    },
  };
}
