import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM as ESDB_NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONType,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { Appender, type CommitLog, type WriteOutcome } from '../append-flow';
import { toRecorded, type PreparedCommit, type StoredEvent } from '../commit';
import type {
  AppendOptions,
  AppendResult,
  DomainEvent,
  EventStore,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoredEventMetadata,
  SubscribeOptions,
  Subscription,
} from '../event-store';
import type { CommitSummary, StreamHead } from '../stream-heads';
import { Upcasters } from '../upcasting';
import { subscribeToEsdb } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /** e.g. `esdb://localhost:2113?tls=false`; or an open client (not disposed by `close()`). */
  connectionString?: string;
  client?: EventStoreDBClient;
  upcasters?: Upcasters;
}

/**
 * The EventStore port on EventStoreDB / KurrentDB. Revisions are ESDB's; the global position is the
 * event's prepare position (a number: exact up to 2^53 bytes of log). A commit is one ESDB append.
 */
export class EsdbEventStore implements EventStore {
  private readonly appender: Appender;
  private readonly upcasters: Upcasters;
  private readonly subscriptions = new Set<Subscription>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly ownsClient: boolean,
    options: EsdbEventStoreOptions = {},
  ) {
    this.upcasters = options.upcasters ?? new Upcasters();
    const log: CommitLog = { store: 'esdb', refresh: (id, head) => this.refresh(id, head), write: (commit, basedOn) => this.write(commit, basedOn) };
    this.appender = new Appender(log);
  }

  static connect(options: EsdbEventStoreOptions): EsdbEventStore {
    if (options.client) return new EsdbEventStore(options.client, false, options);
    if (!options.connectionString) throw new TypeError('connectionString or client is required');
    return new EsdbEventStore(EventStoreDBClient.connectionString`${options.connectionString}`, true, options);
  }

  appendToStream<E extends DomainEvent>(streamId: string, events: E[], options: AppendOptions): Promise<AppendResult> {
    return this.appender.append(streamId, events, options);
  }

  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    const from = options.from ?? 0;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    if (to < from) return [];
    const stored = await this.readStored(streamId, from, to - from + 1);
    if (from === 0) this.appender.observe(streamId, stored.map(summaryOf));
    return stored.map((event) => this.upcasters.apply(event)) as RecordedEvent<E>[];
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.fromPosition ?? 0;
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    const fromPosition = after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START;
    const read = this.client.readAll({ fromPosition, direction: FORWARDS });
    for await (const resolved of read) {
      const event = fromAll(resolved);
      if (!event || event.position <= after) continue;
      events.push(this.upcasters.apply(event));
      if (events.length >= limit) break;
    }
    await read.cancel().catch(() => undefined);
    return events;
  }

  async subscribeToAll(options: SubscribeOptions): Promise<Subscription> {
    const subscription = subscribeToEsdb(this.client, { ...options, upcasters: this.upcasters, toRecorded: fromAll });
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await subscription.stop();
      },
    };
  }

  async headPosition(): Promise<number> {
    // The newest event of $all may be a system event: walk back to the newest of ours.
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1000 });
    let head = 0;
    for await (const resolved of read) {
      const event = fromAll(resolved);
      if (event) {
        head = event.position;
        break;
      }
    }
    await read.cancel().catch(() => undefined);
    return head;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    if (this.ownsClient) await this.client.dispose();
  }

  private async readStored(streamId: string, from: number, maxCount: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(from), maxCount, direction: FORWARDS })) {
        const event = fromStream(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return events;
  }

  /** Head cursor for ESDB = number of events in the stream (last revision + 1). */
  private async refresh(streamId: string, head: StreamHead): Promise<void> {
    const start = head.cursor;
    const events = await this.readStored(streamId, start, Number.MAX_SAFE_INTEGER);
    head.advanceAll(events.map(summaryOf), start);
  }

  private async write(commit: PreparedCommit, basedOn: number): Promise<WriteOutcome> {
    // The client may encode after this call returns: its own copy of the data, as hashed (a caller's later change cannot reach it).
    const events = commit.events.map((event) =>
      jsonEvent({ id: event.metadata.eventId, type: event.type, data: structuredClone(event.data) as JSONType, metadata: event.metadata as unknown as JSONType }),
    );
    try {
      await this.client.appendToStream(commit.streamId, events, { expectedRevision: basedOn === 0 ? ESDB_NO_STREAM : BigInt(basedOn - 1) });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return { kind: 'conflict' };
      throw error;
    }
    // Read our last event back for its exact position; ESDB also answers "success" to a replay of the
    // same event ids, which shows here as a stored hash that is not ours.
    const lastRevision = commit.firstRevision + commit.events.length - 1;
    const [last] = await this.readStored(commit.streamId, lastRevision, 1);
    if (!last || last.metadata.hash !== commit.lastHash) return { kind: 'duplicate' };
    return { kind: 'written', commit: { ...summaryOf(last), commandId: commit.commandId } };
  }
}

/** One ESDB event as a one-event commit: a command's events follow each other, the last one wins. */
function summaryOf(event: RecordedEvent): CommitSummary {
  return {
    commandId: event.metadata.commandId,
    firstRevision: event.revision,
    count: 1,
    lastPosition: event.position,
    lastHash: event.metadata.hash,
    cursor: event.revision + 1,
  };
}

function fromStream(resolved: ResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || !event.isJson) return undefined;
  const position = Number(event.position?.prepare ?? resolved.commitPosition ?? 0n);
  const stored: StoredEvent = { type: event.type, data: event.data, metadata: event.metadata as unknown as StoredEventMetadata };
  return toRecorded(event.streamId, stored, Number(event.revision), position);
}

/** Ours only: system streams and events ($...) are not part of the history. */
function fromAll(resolved: AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || event.streamId.startsWith('$') || event.type.startsWith('$') || !event.isJson) return undefined;
  const stored: StoredEvent = { type: event.type, data: event.data, metadata: event.metadata as unknown as StoredEventMetadata };
  return toRecorded(event.streamId, stored, Number(event.revision), Number(event.position.prepare));
}
