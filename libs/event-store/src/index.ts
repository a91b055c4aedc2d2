export * from './event-store';
export * from './canonical-json';
export { digestOf, hexDigestOf } from './digest';
export * from './event-ids';
export * from './hash-chain';
export * from './upcasting';
export * from './positions';
export { prepareCommit, toRecorded, type PreparedCommit, type StoredEvent } from './commit';
export { InMemoryEventStore } from './in-memory/in-memory-event-store';
export { JetStreamEventStore, DEFAULT_HISTORY_STREAM, type JetStreamEventStoreOptions } from './jetstream/jetstream-event-store';
export { streamSubject, streamIdFromSubject, streamIdOfSubject, describeSubject, printable, categoryOf, allStreamsSubject } from './jetstream/subject-encoding';
export { inspectCommit, eventsOf as eventsOfCommit, type Inspected, type NotACommit, type NotACommitKind } from './jetstream/commit-codec';
export type { EsdbEventStore, EsdbEventStoreOptions } from './esdb/esdb-event-store';
import type { EsdbEventStore, EsdbEventStoreOptions } from './esdb/esdb-event-store';

/** The EventStoreDB adapter, loaded only where a deployment uses it: its gRPC client costs ~6 MB of memory in every process that loads it. */
export async function connectEsdbEventStore(options: EsdbEventStoreOptions): Promise<EsdbEventStore> {
  const { EsdbEventStore } = await import('./esdb/esdb-event-store');
  return EsdbEventStore.connect(options);
}
