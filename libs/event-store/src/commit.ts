import { deterministicEventId } from './event-ids';
import {
  MAX_EVENTS_PER_APPEND,
  type DomainEvent,
  type EventMetadataInput,
  type RecordedEvent,
  type StoredEventMetadata,
} from './event-store';
import { hashEvent } from './hash-chain';

/** An event in the form every adapter stores (and hashes). */
export interface StoredEvent {
  type: string;
  data: unknown;
  metadata: StoredEventMetadata;
}

/** The events of one append: stored atomically, one commit. */
export interface PreparedCommit {
  streamId: string;
  commandId: string;
  firstRevision: number;
  events: StoredEvent[];
  lastHash: string;
}

export function assertAppendable(events: readonly DomainEvent[], metadata: EventMetadataInput): void {
  if (events.length === 0) throw new RangeError('an append needs at least one event');
  if (events.length > MAX_EVENTS_PER_APPEND) throw new RangeError(`an append holds at most ${MAX_EVENTS_PER_APPEND} events, got ${events.length}`);
  if (!metadata?.commandId) throw new TypeError('metadata.commandId is required (it is the idempotency key)');
}

/** Numbers the events after the stream's head and links them into its hash chain. */
export function prepareCommit(
  streamId: string,
  events: readonly DomainEvent[],
  input: EventMetadataInput,
  head: { lastRevision: number; lastHash: string },
  recordedAt: Date = new Date(),
): PreparedCommit {
  const firstRevision = head.lastRevision + 1;
  let prevHash = head.lastHash;
  const stored = events.map((event, index): StoredEvent => {
    const revision = firstRevision + index;
    // A JSON round trip makes the hashed form exactly what any adapter reads back (Dates → strings, no undefined).
    const data: unknown = JSON.parse(JSON.stringify(event.data ?? {}));
    const unhashed: Omit<StoredEventMetadata, 'hash'> = {
      eventId: deterministicEventId(streamId, input.commandId, index),
      commandId: input.commandId,
      correlationId: input.correlationId,
      causationId: input.causationId ?? input.commandId,
      actor: input.actor,
      role: input.role,
      recordedAt: recordedAt.toISOString(),
      schemaVersion: event.schemaVersion ?? 1,
      prevHash,
    };
    const hash = hashEvent({ streamId, revision, type: event.type, data, metadata: unhashed });
    prevHash = hash;
    return { type: event.type, data, metadata: { ...unhashed, hash } };
  });
  return { streamId, commandId: input.commandId, firstRevision, events: stored, lastHash: prevHash };
}

export function toRecorded(streamId: string, event: StoredEvent, revision: number, position: number): RecordedEvent {
  return { streamId, type: event.type, data: event.data as RecordedEvent['data'], metadata: event.metadata, revision, position };
}
