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
  SubscribeOptions,
  Subscription,
} from '../event-store';
import { firstCommitAfter, positionOf } from '../positions';
import type { StreamHead } from '../stream-heads';
import { Upcasters } from '../upcasting';

interface MemoryCommit {
  seq: number;
  streamId: string;
  commandId: string;
  firstRevision: number;
  events: StoredEvent[];
  lastHash: string;
}

/** The stored commits; several InMemoryEventStore instances ("replicas") may share one. */
export class InMemoryHistory {
  readonly commits: MemoryCommit[] = [];
  readonly byStream = new Map<string, MemoryCommit[]>();
  readonly wakers = new Set<() => void>();
}

/** The port in memory, with the same commit/position model as JetStream: for pure unit tests. */
export class InMemoryEventStore implements EventStore {
  readonly history: InMemoryHistory;
  private readonly appender: Appender;
  private readonly upcasters: Upcasters;
  private readonly subscriptions = new Set<Subscription>();

  constructor(options: { upcasters?: Upcasters; history?: InMemoryHistory } = {}) {
    this.history = options.history ?? new InMemoryHistory();
    this.upcasters = options.upcasters ?? new Upcasters();
    const log: CommitLog = { store: 'memory', refresh: (id, head) => this.refresh(id, head), write: (commit, basedOn) => this.write(commit, basedOn) };
    this.appender = new Appender(log);
  }

  appendToStream<E extends DomainEvent>(streamId: string, events: E[], options: AppendOptions): Promise<AppendResult> {
    return this.appender.append(streamId, events, options);
  }

  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    const from = options.from ?? 0;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    return this.recordedOf(this.history.byStream.get(streamId) ?? []).filter((e) => e.revision >= from && e.revision <= to) as RecordedEvent<E>[];
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.fromPosition ?? 0;
    const events = this.recordedOf(this.history.commits.slice(firstCommitAfter(after) - 1)).filter((e) => e.position > after);
    return options.limit === undefined ? events : events.slice(0, options.limit);
  }

  async subscribeToAll(options: SubscribeOptions): Promise<Subscription> {
    let stopped = false;
    let checkpoint = options.fromPosition ?? 0;
    let wake: (() => void) | undefined;
    const loop = (async () => {
      while (!stopped) {
        const batch = await this.readAll({ fromPosition: checkpoint, limit: 1000 });
        if (stopped) return; // stop() may have come during the read: waiting now would never end
        if (batch.length === 0) {
          await new Promise<void>((resolve) => {
            this.history.wakers.add((wake = resolve));
            // An append between the read and now woke nobody: look again rather than wait for the next one.
            if (this.lastPosition() > checkpoint) resolve();
          });
          continue;
        }
        for (const event of batch) {
          if (stopped) return;
          await options.onEvent(event);
          checkpoint = event.position;
        }
      }
    })().catch((error: unknown) => {
      stopped = true;
      options.onError?.(error);
    });
    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        this.subscriptions.delete(subscription);
        if (wake) this.history.wakers.delete(wake);
        wake?.();
        await loop;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    return this.lastPosition();
  }

  private lastPosition(): number {
    const last = this.history.commits[this.history.commits.length - 1];
    return last ? positionOf(last.seq, last.events.length - 1) : 0;
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private recordedOf(commits: readonly MemoryCommit[]): RecordedEvent[] {
    return commits.flatMap((c) =>
      c.events.map((e, i) => this.upcasters.apply(toRecorded(c.streamId, structuredClone(e), c.firstRevision + i, positionOf(c.seq, i)))),
    );
  }

  private async refresh(streamId: string, head: StreamHead): Promise<void> {
    const start = head.cursor;
    const later = (this.history.byStream.get(streamId) ?? []).filter((c) => c.seq > start);
    head.advanceAll(later.map((c) => this.summaryOf(c)), start);
  }

  private async write(commit: PreparedCommit, basedOn: number): Promise<WriteOutcome> {
    const stream = this.history.byStream.get(commit.streamId) ?? [];
    if ((stream[stream.length - 1]?.seq ?? 0) !== basedOn) return { kind: 'conflict' };
    const stored: MemoryCommit = { ...structuredClone(commit), seq: this.history.commits.length + 1 };
    this.history.commits.push(stored);
    stream.push(stored);
    this.history.byStream.set(commit.streamId, stream);
    for (const wake of this.history.wakers) wake();
    this.history.wakers.clear();
    return { kind: 'written', commit: this.summaryOf(stored) };
  }

  private summaryOf(c: MemoryCommit) {
    const count = c.events.length;
    return { commandId: c.commandId, firstRevision: c.firstRevision, count, lastPosition: positionOf(c.seq, count - 1), lastHash: c.lastHash, cursor: c.seq };
  }
}
