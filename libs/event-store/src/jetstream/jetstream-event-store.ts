import { EVENT_STORE_PREFIX } from '@banat/contracts';
import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import { Appender, type CommitLog, type WriteOutcome } from '../append-flow';
import type { PreparedCommit } from '../commit';
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
import { GENESIS_HASH } from '../hash-chain';
import { firstCommitAfter, positionOf } from '../positions';
import type { CommitSummary, StreamHead } from '../stream-heads';
import { Upcasters } from '../upcasting';
import { COMMIT_HEADERS, type CommitMessage, encodeCommit, eventsOf, inspectCommit, summaryOf, type Inspected, type NotACommit, type StoredMessage } from './commit-codec';
import { directBatch, directScan } from './direct-reads';
import { JetStreamPublisher } from './publish-acks';
import { ensureHistoryStream } from './history-stream';
import { WRONG_LAST_SEQUENCE, isJetStreamError, retryWhileLeaderless } from './jetstream-errors';
import { subscribeToHistory } from './jetstream-subscription';
import { OwnCommits } from './own-commits';
import { allStreamsSubject, streamSubject } from './subject-encoding';

export interface JetStreamEventStoreOptions {
  /** An open connection (not closed by `close()`), or `servers` to open one. */
  connection?: NatsConnection;
  servers?: string | string[];
  streamName?: string;
  subjectPrefix?: string;
  /** JetStream's `Nats-Msg-Id` dedupe window; idempotency does not depend on it. Default 2 minutes. */
  duplicateWindowMs?: number;
  /** Copies of the history on a NATS cluster (NATS_STREAM_REPLICAS); unset: 1 at creation, an existing stream's kept. */
  replicas?: number;
  upcasters?: Upcasters;
  /** Read-only use (the auditor): the stream must exist; its configuration is not touched. */
  readOnly?: boolean;
  /**
   * Where the history stream's JetStream API is: `$JS.API` (default) when it is in the connection's
   * own account, `JS.HISTORY.API` on the deployment's bus (deploy/nats/auth.conf).
   */
  apiPrefix?: string;
  /**
   * Told of every message on the history's subjects that is not a commit of the stream its subject
   * names (no commit headers, undecodable, a commit copied under another stream): readers skip it.
   */
  onNotACommit?: (finding: NotACommit) => void;
}

export const DEFAULT_HISTORY_STREAM = 'BANAT_HISTORY';

/** JetStream's publish headers (nats.js PubHeaders), set on each commit by the append itself. */
const JETSTREAM_HEADERS = {
  msgId: 'Nats-Msg-Id',
  expectedStream: 'Nats-Expected-Stream',
  expectedLastSubjectSequence: 'Nats-Expected-Last-Subject-Sequence',
} as const;

/** The EventStore port on one JetStream stream: the default adapter. */
export class JetStreamEventStore implements EventStore {
  readonly streamName: string;
  private readonly prefix: string;
  private readonly js: JetStreamClient;
  private readonly appender: Appender;
  private readonly publisher: JetStreamPublisher;
  private readonly upcasters: Upcasters;
  private readonly subscriptions = new Set<Subscription>();
  /** Kept only while this process subscribes to the history (its projectors). */
  private readonly ownCommits = new OwnCommits();
  private readonly apiPrefix: string;
  private readonly onNotACommit: (finding: NotACommit) => void;

  private constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly ownsConnection: boolean,
    options: JetStreamEventStoreOptions,
  ) {
    this.streamName = options.streamName ?? DEFAULT_HISTORY_STREAM;
    this.prefix = options.subjectPrefix ?? EVENT_STORE_PREFIX;
    this.upcasters = options.upcasters ?? new Upcasters();
    this.apiPrefix = options.apiPrefix ?? '$JS.API';
    this.onNotACommit = options.onNotACommit ?? (() => undefined);
    this.js = nc.jetstream({ apiPrefix: this.apiPrefix });
    const log: CommitLog = { store: 'jetstream', refresh: (id, head) => this.refresh(id, head), write: (commit, basedOn) => this.write(commit, basedOn) };
    this.appender = new Appender(log);
    this.publisher = new JetStreamPublisher(nc);
  }

  /** Connects (unless given a connection) and creates or updates the history stream. */
  static async connect(options: JetStreamEventStoreOptions): Promise<JetStreamEventStore> {
    const nc = options.connection ?? (await connect({ servers: options.servers, name: 'banat-event-store' }));
    try {
      // checkAPI off: ensureHistoryStream waits for a just-started server's JetStream itself.
      const jsm = await nc.jetstreamManager({ checkAPI: false, apiPrefix: options.apiPrefix ?? '$JS.API' });
      const store = new JetStreamEventStore(nc, jsm, !options.connection, options);
      if (options.readOnly) await jsm.streams.info(store.streamName);
      else
        await ensureHistoryStream(jsm, {
          name: store.streamName,
          subjects: [allStreamsSubject(store.prefix)],
          duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
          replicas: options.replicas,
        });
      return store;
    } catch (error) {
      if (!options.connection) await nc.close();
      throw error;
    }
  }

  appendToStream<E extends DomainEvent>(streamId: string, events: E[], options: AppendOptions): Promise<AppendResult> {
    return this.appender.append(streamId, events, options);
  }

  async readStream<E extends DomainEvent = DomainEvent>(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent<E>[]> {
    const from = options.from ?? 0;
    const to = options.to ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    const commits: CommitSummary[] = [];
    for await (const stored of this.scan(streamSubject(streamId, this.prefix), 1)) {
      const message = this.commitOrSkip(stored, commits);
      if (!message) continue;
      const commit = summaryOf(message);
      commits.push(commit);
      if (commit.firstRevision > to) break;
      if (commit.firstRevision + commit.count - 1 < from) continue; // skip the body of commits before `from`
      for (const event of eventsOf(message)) if (event.revision >= from && event.revision <= to) events.push(this.upcasters.apply(event));
    }
    this.appender.observe(streamId, commits);
    return events as RecordedEvent<E>[];
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.fromPosition ?? 0;
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    const batch = Math.min(1024, Math.max(16, limit + 1)); // +1: the checkpoint's own commit comes first
    for await (const stored of this.scan(allStreamsSubject(this.prefix), firstCommitAfter(after), batch)) {
      const message = this.commitOrSkip(stored);
      if (!message) continue;
      for (const event of eventsOf(message)) {
        if (event.position <= after) continue;
        events.push(this.upcasters.apply(event));
        if (events.length >= limit) return events;
      }
    }
    return events;
  }

  async subscribeToAll(options: SubscribeOptions): Promise<Subscription> {
    const subscription = await subscribeToHistory(this.js, {
      stream: this.streamName,
      subject: allStreamsSubject(this.prefix),
      upcasters: this.upcasters,
      inspect: (message) => this.commitOrSkip(message),
      own: (seq, subject) => this.ownCommits.take(seq, subject),
      ...options,
    });
    this.subscriptions.add(subscription);
    return {
      stop: async () => {
        this.subscriptions.delete(subscription);
        if (this.subscriptions.size === 0) this.ownCommits.clear();
        await subscription.stop();
      },
    };
  }

  async headPosition(): Promise<number> {
    const { state } = await this.jsm.streams.info(this.streamName);
    if (state.last_seq === 0) return 0;
    const { messages: [last] } = await directBatch(this.nc, this.streamName, { seq: state.last_seq, subject: allStreamsSubject(this.prefix), batch: 1 }, this.apiPrefix);
    if (!last || !inspectCommit(last, this.prefix).ok) return positionOf(state.last_seq, 0);
    return positionOf(last.seq, Number(last.headers!.get(COMMIT_HEADERS.eventCount)) - 1);
  }

  /**
   * Every message of the history in order, each told apart: a commit of the stream its subject
   * names, or what it is instead (the auditor's `verify`). From `fromSeq` (default 1).
   */
  async *inspectAll(fromSeq = 1): AsyncGenerator<Inspected> {
    for await (const stored of this.scan(allStreamsSubject(this.prefix), fromSeq, 1024)) yield inspectCommit(stored, this.prefix);
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.subscriptions.clear();
    this.ownCommits.clear();
    this.publisher.close();
    if (this.ownsConnection) await this.nc.close();
  }

  private async refresh(streamId: string, head: StreamHead): Promise<void> {
    const start = head.cursor;
    const commits: CommitSummary[] = [];
    for await (const stored of this.scan(streamSubject(streamId, this.prefix), start + 1)) {
      const message = this.commitOrSkip(stored, commits, head);
      if (message) commits.push(summaryOf(message));
    }
    head.advanceAll(commits, start);
  }

  private scan(subject: string, fromSeq: number, batch?: number): AsyncGenerator<StoredMessage> {
    return directScan(this.nc, this.streamName, subject, fromSeq, batch, this.apiPrefix);
  }

  /**
   * The message if it is a commit of the stream its subject names; else reports it and returns
   * undefined. In a stream's own scan (`commits`), the skipped message still moves the stream's
   * cursor (JetStream's last sequence on the subject) without changing its revision or hash, so
   * the next append is conditioned on the right sequence.
   */
  private commitOrSkip(stored: StoredMessage, commits?: CommitSummary[], head?: StreamHead): CommitMessage | undefined {
    const inspected = inspectCommit(stored, this.prefix);
    if (inspected.ok) return inspected.message;
    this.onNotACommit(inspected.finding);
    if (commits) {
      const previous = commits[commits.length - 1];
      const lastRevision = previous ? previous.firstRevision + previous.count - 1 : (head?.lastRevision ?? -1);
      commits.push({
        commandId: '',
        firstRevision: lastRevision + 1,
        count: 0,
        lastPosition: previous?.lastPosition ?? 0,
        lastHash: previous?.lastHash ?? head?.lastHash ?? GENESIS_HASH,
        cursor: stored.seq,
      });
    }
    return undefined;
  }

  private async write(commit: PreparedCommit, basedOn: number): Promise<WriteOutcome> {
    // Retried while a cluster elects the stream's leader: the message id makes a repeat a duplicate, never a second commit.
    // The first event id is derived from (stream, command): a redelivered command is dropped by JetStream itself.
    const { headers, body } = encodeCommit(commit, [
      [JETSTREAM_HEADERS.msgId, commit.events[0]!.metadata.eventId],
      [JETSTREAM_HEADERS.expectedStream, this.streamName],
      [JETSTREAM_HEADERS.expectedLastSubjectSequence, String(basedOn)],
    ]);
    try {
      const subject = streamSubject(commit.streamId, this.prefix);
      const ack = await retryWhileLeaderless(() => this.publisher.publish(subject, body, headers));
      if (ack.duplicate) return { kind: 'duplicate' };
      if (this.subscriptions.size > 0) this.ownCommits.put(ack.seq, subject, commit);
      const count = commit.events.length;
      return {
        kind: 'written',
        commit: { commandId: commit.commandId, firstRevision: commit.firstRevision, count, lastPosition: positionOf(ack.seq, count - 1), lastHash: commit.lastHash, cursor: ack.seq },
      };
    } catch (error) {
      if (isJetStreamError(error, WRONG_LAST_SEQUENCE)) return { kind: 'conflict' };
      throw error;
    }
  }
}
