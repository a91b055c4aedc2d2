import { canonicalJson } from './canonical-json';
import { hexDigestOf } from './digest';
import type { RecordedEvent, StoredEventMetadata } from './event-store';

/** prevHash of a stream's first event. */
export const GENESIS_HASH = '0'.repeat(64);

/** What the hash covers: the event as stored, with every metadata field except the hash itself. */
export interface HashableEvent {
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Omit<StoredEventMetadata, 'hash'>;
}

export function hashEvent(event: HashableEvent): string {
  const { streamId, revision, type, data, metadata } = event;
  // An append's events come without a hash: no copy of their metadata then.
  const unhashed = 'hash' in metadata ? withoutHash(metadata as StoredEventMetadata) : metadata;
  return hexDigestOf('sha256', canonicalJson({ streamId, revision, type, data, metadata: unhashed }));
}

const withoutHash = ({ hash: _ignored, ...unhashed }: StoredEventMetadata): Omit<StoredEventMetadata, 'hash'> => unhashed;

export type ChainVerdict = { ok: true } | { ok: false; brokenAt: number; reason: string };

/**
 * Checks a whole stream, read from revision 0, against its SHA-256 chain. Upcast events are
 * verified in their stored form (`event.stored`), so reading through upcasters never breaks the chain.
 */
export function verifyStream(events: readonly RecordedEvent[]): ChainVerdict {
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < events.length; index++) {
    const event = events[index]!;
    // A removed or reordered event shows first as a revision out of place.
    if (event.revision !== index) return broken(index, `expected revision ${index} here, found ${event.revision} (event removed or reordered)`);
    if (event.metadata.prevHash !== prevHash) return broken(index, 'prevHash does not match the previous event (event removed, inserted or reordered)');
    const storedForm: HashableEvent = {
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      data: event.stored ? event.stored.data : event.data,
      metadata: { ...event.metadata, schemaVersion: event.stored ? event.stored.schemaVersion : event.metadata.schemaVersion },
    };
    if (hashEvent(storedForm) !== event.metadata.hash) return broken(index, 'hash does not match the content (event changed)');
    prevHash = event.metadata.hash;
  }
  return { ok: true };
}

function broken(brokenAt: number, reason: string): ChainVerdict {
  return { ok: false, brokenAt, reason };
}
