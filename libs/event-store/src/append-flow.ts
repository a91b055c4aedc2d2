import { assertAppendable, prepareCommit, type PreparedCommit } from './commit';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedRevision,
  type AppendOptions,
  type AppendResult,
  type DomainEvent,
  type ExpectedRevision,
} from './event-store';
import { StreamHead, StreamHeads, type CommitSummary } from './stream-heads';
import { eventStoreAppendDuration, eventStoreAppends, eventStoreConflicts } from '@banat/metrics';

export type WriteOutcome =
  | { kind: 'written'; commit: CommitSummary }
  /** The stream moved past `basedOn`: someone else appended first. */
  | { kind: 'conflict' }
  /** The store recognised this very commit as already stored (e.g. JetStream's duplicate window). */
  | { kind: 'duplicate' };

/** What an adapter provides; the append rules (idempotency, concurrency, hash chain) live here once. */
export interface CommitLog {
  /** Reads the stream's commits after `head.cursor` into the head. */
  refresh(streamId: string, head: StreamHead): Promise<void>;
  /** Stores the commit only if the stream's last commit is still `basedOn` (0 = empty stream). */
  write(commit: PreparedCommit, basedOn: number): Promise<WriteOutcome>;
  /** The adapter's name in metrics (`store` label). */
  readonly store: string;
}

/** Appends under ANY / STREAM_EXISTS retry on a conflict; this bounds the retries. */
const MAX_ATTEMPTS = 100;

/**
 * The append protocol shared by the adapters:
 * 1. a command id already in the stream returns its original result (`duplicate: true`);
 * 2. the expected revision is checked against the head (refreshed once when it disagrees);
 * 3. the commit is written on condition that the stream's last commit is the one it was built on,
 *    so its revisions and prevHash are right; a conflict refreshes the head and goes back to 1.
 * Idempotency holds beyond any dedupe window: the head holds every command id of the stream,
 * and a write only succeeds on top of the head that was checked. Its cost is one scan of the
 * stream per process (LRU-bounded) and the memory of one entry per commit of a cached stream.
 */
export class Appender {
  private readonly loading = new Map<string, Promise<StreamHead>>();

  constructor(
    private readonly log: CommitLog,
    private readonly heads = new StreamHeads(),
  ) {}

  /** A full read of a stream from its start warms the head, so load → decide → append costs no extra read. */
  observe(streamId: string, commitsFromStart: readonly CommitSummary[]): void {
    let head = this.heads.get(streamId);
    if (!head) {
      if (this.loading.has(streamId)) return;
      head = new StreamHead();
      this.heads.set(streamId, head);
    }
    head.advanceAll(commitsFromStart, 0);
  }

  /** Appends, measured: `banat_event_store_appends_total` / `_append_duration_seconds` by outcome, conflicts by kind. */
  async append(streamId: string, events: readonly DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    const start = process.hrtime.bigint();
    let outcome = 'error';
    try {
      const result = await this.appendOnce(streamId, events, options);
      outcome = result.duplicate ? 'duplicate' : 'written';
      return result;
    } catch (error) {
      if (error instanceof WrongExpectedRevision) {
        outcome = 'conflict';
        eventStoreConflicts.inc({ store: this.log.store, kind: 'expected_revision' });
      }
      throw error;
    } finally {
      const labels = { store: this.log.store, outcome };
      eventStoreAppends.inc(labels);
      eventStoreAppendDuration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }

  private async appendOnce(streamId: string, events: readonly DomainEvent[], options: AppendOptions): Promise<AppendResult> {
    assertAppendable(events, options.metadata);
    const expected = options.expectedRevision ?? ANY;
    const commandId = options.metadata.commandId;
    // A cached head is used as it is: no promise per append for it (async hooks make each one cost).
    const cached = this.heads.get(streamId);
    const head = cached ?? (await this.load(streamId));
    let fresh = cached === undefined;
    for (let attempt = 1; ; attempt++) {
      const original = head.commands.get(commandId);
      if (original) return { ...original, duplicate: true };
      if (!matches(expected, head.lastRevision)) {
        if (fresh) throw new WrongExpectedRevision(streamId, expected, head.lastRevision < 0 ? NO_STREAM : head.lastRevision);
        await this.log.refresh(streamId, head);
        fresh = true;
        continue;
      }
      if (attempt > MAX_ATTEMPTS) throw new Error(`stream ${streamId}: append gave up after ${MAX_ATTEMPTS} conflicting attempts`);
      const basedOn = head.cursor;
      const commit = prepareCommit(streamId, events, options.metadata, head);
      const outcome = await this.log.write(commit, basedOn);
      if (outcome.kind === 'written') {
        head.advance(outcome.commit, basedOn);
        return { nextExpectedRevision: commit.firstRevision + commit.events.length - 1, position: outcome.commit.lastPosition, duplicate: false };
      }
      if (outcome.kind === 'conflict') eventStoreConflicts.inc({ store: this.log.store, kind: 'concurrent_write' });
      // Always re-read: the commit that beat us may be this very command, written by another replica.
      await this.log.refresh(streamId, head);
      fresh = true;
      if (outcome.kind === 'duplicate' && !head.commands.has(commandId)) {
        throw new Error(`stream ${streamId}: the store reported command ${commandId} as a duplicate but it is not in the stream`);
      }
    }
  }

  forget(): void {
    this.heads.clear();
  }

  /** Concurrent first appends to a stream share one load of its head. */
  private load(streamId: string): Promise<StreamHead> {
    let loading = this.loading.get(streamId);
    if (!loading) {
      loading = (async () => {
        const head = new StreamHead();
        await this.log.refresh(streamId, head);
        this.heads.set(streamId, head);
        return head;
      })().finally(() => this.loading.delete(streamId));
      this.loading.set(streamId, loading);
    }
    return loading;
  }
}

export function matches(expected: ExpectedRevision, lastRevision: number): boolean {
  if (expected === ANY) return true;
  if (expected === NO_STREAM) return lastRevision === -1;
  if (expected === STREAM_EXISTS) return lastRevision >= 0;
  return lastRevision === expected;
}
