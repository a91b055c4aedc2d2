/**
 * The EventStore port (shape after Emmett's EventStore). Adapters: JetStream (default, runs wherever
 * NATS runs) and EventStoreDB / KurrentDB. One contract suite runs against both.
 */

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
export const ANY = 'any' as const;
/** A stream revision is the 0-based index of its last event; -1 stands for "no event yet". */
export type ExpectedRevision = number | typeof NO_STREAM | typeof STREAM_EXISTS | typeof ANY;

/** Who did it, why and in answer to what: kept with every stored event. */
export interface EventMetadataInput {
  /** Idempotency key: a retried command with the same id appends nothing new. */
  commandId: string;
  correlationId: string;
  causationId?: string;
  actor: string;
  role: string;
  /**
   * A digest of the request the command answers (its body without commandId and expectedRevision),
   * kept so that a retry under the same commandId can be told from another request reusing it.
   * Absent on the service's own commands and on events stored before it existed.
   */
  requestDigest?: string;
}

/** An event as the domain produces it. */
export interface DomainEvent<Type extends string = string, Data = Record<string, unknown>> {
  type: Type;
  data: Data;
  /** Schema version of `data`; defaults to 1. */
  schemaVersion?: number;
}

export interface StoredEventMetadata extends EventMetadataInput {
  eventId: string;
  causationId: string;
  recordedAt: string; // ISO 8601
  schemaVersion: number;
  prevHash: string;
  hash: string;
}

/** An event as read back from a stream. */
export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  streamId: string;
  type: E['type'];
  data: E['data'];
  metadata: StoredEventMetadata;
  /** 0-based position of the event in its stream. */
  revision: number;
  /** Global, strictly increasing position across all streams (unique per event). */
  position: number;
  /**
   * Present only when an upcaster changed the event on read: the form that was stored and hashed.
   * `data` and `metadata.schemaVersion` then describe the current schema.
   */
  stored?: { data: unknown; schemaVersion: number };
}

/** One append is one atomic commit; positions reserve this many slots per commit. */
export const MAX_EVENTS_PER_APPEND = 1024;

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  metadata: EventMetadataInput;
}

export interface AppendResult {
  nextExpectedRevision: number;
  /** Global position of the last appended event. */
  position: number;
  /** True when the append was a retry of an already stored command: nothing new was stored. */
  duplicate: boolean;
}

export interface ReadStreamOptions {
  from?: number;
  to?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > fromPosition. Omit to start from the beginning. */
  fromPosition?: number;
  limit?: number;
}

export interface Subscription {
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts after this position. */
  fromPosition?: number;
  /** Called in order, one at a time; the next event waits for the returned promise. */
  onEvent(event: RecordedEvent): Promise<void> | void;
  onError?(error: unknown): void;
}

export interface EventStore {
  appendToStream<E extends DomainEvent>(streamId: string, events: E[], options: AppendOptions): Promise<AppendResult>;
  /** Empty array for a stream that does not exist. */
  readStream<E extends DomainEvent = DomainEvent>(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent<E>[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catches up from the checkpoint, then goes live. */
  subscribeToAll(options: SubscribeOptions): Promise<Subscription>;
  /** Global position of the newest event (0 when empty): projections report their lag against it. */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export class WrongExpectedRevision extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number | typeof NO_STREAM,
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedRevision';
  }
}
