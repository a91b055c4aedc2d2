/**
 * `audit rebuild`: replays the certification history into a scratch database through the read
 * models' own projections (services/certification/src/read-models, batched as in the service), then
 * compares the rebuilt read models with the live ones: one digest each, and every document that is
 * missing, extra or different, by collection and _id.
 */
import { SingleBar } from 'cli-progress';
import { InvalidArgumentError, type Command } from 'commander';
import { createConnection, mongo, type ConnectOptions, type Connection, type Model } from 'mongoose';
import { commitSeqOf, type DomainEvent, type EventStore, type RecordedEvent, type SubscribeOptions, type Subscription } from '../libs/event-store/src';
import { CheckpointStore, digestOfDocuments, documentDigests, documentKey, ProjectorRunner, SharedEventFeed, stableStringify, type DocumentDigest, type Projection, type ProjectionFailure } from '../libs/projections/src';
import { applicationFileProjection } from '../services/certification/src/read-models/application-file.projection';
import { APPLICATION_FILE, ApplicationFileSchema } from '../services/certification/src/read-models/application-file.schema';
import { expertWorkloadProjection } from '../services/certification/src/read-models/expert-workload.projection';
import { EXPERT_WORKLOAD, ExpertWorkloadSchema } from '../services/certification/src/read-models/expert-workload.schema';
import { registerProjection } from '../services/certification/src/read-models/register.projection';
import { REGISTER_ENTRY, RegisterEntrySchema } from '../services/certification/src/read-models/register.schema';
import { schemeStatisticsProjection } from '../services/certification/src/read-models/scheme-statistics.projection';
import { SCHEME_STATISTICS, SchemeStatisticsSchema, STATISTICS_SUBJECT, StatisticsSubjectSchema } from '../services/certification/src/read-models/scheme-statistics.schema';
import { AuditError, EXIT } from './audit-cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;
type Doc = Record<string, unknown>;

/** The certification read models on one connection, with the projections that feed them (the service's own definitions). */
function certificationReadModels(connection: Connection): { models: AnyModel[]; projections: Projection[] } {
  const model = (name: string, schema: Parameters<Connection['model']>[1]) => connection.model(name, schema) as AnyModel;
  const register = model(REGISTER_ENTRY, RegisterEntrySchema);
  const files = model(APPLICATION_FILE, ApplicationFileSchema);
  const statistics = model(SCHEME_STATISTICS, SchemeStatisticsSchema);
  const subjects = model(STATISTICS_SUBJECT, StatisticsSubjectSchema);
  const workload = model(EXPERT_WORKLOAD, ExpertWorkloadSchema);
  return {
    models: [register, files, statistics, subjects, workload],
    projections: [registerProjection(register), applicationFileProjection(files), schemeStatisticsProjection(statistics, subjects), expertWorkloadProjection(workload)] as Projection[],
  };
}

const READ_PAGE = 1000;
/**
 * Events per bulk write by default. A replay from empty inserts each document and rewrites it in every
 * later batch its events reach, and FerretDB/PostgreSQL inserts about 100 times faster than it
 * rewrites (`bench-audit-rebuild`): a batch holds many events, bounded in memory by the documents it
 * stages (REBUILD_BATCH_DOCUMENTS), so a document is mostly inserted once, whole.
 */
export const DEFAULT_REBUILD_BATCH = 200_000;
/** Documents a rebuild's batch holds in memory (per projection) before it is written. */
export const REBUILD_BATCH_DOCUMENTS = 50_000;
/**
 * Write-behind: every REBUILD_WRITE_EVERY events, a document no event touched in the last
 * REBUILD_IDLE_EVENTS is inserted, while the replay goes on (rather than every document at the end
 * of the batch, the store idle until then). One touched again later is replaced at the batch's end
 * (conditioned on its position); when that happens to more than one in fifty, the window doubles.
 */
export const REBUILD_IDLE_EVENTS = 10_000;
export const REBUILD_WRITE_EVERY = 1_000;

/**
 * The history up to commit `lastCommit`, read page by page with direct gets (no consumer: the
 * read-only auditor may create none); `ended` resolves once a subscription has delivered the last event.
 */
class HistoryUpTo implements EventStore {
  /** Of the latest subscription (a shared feed starts again when a runner joins behind it). */
  ended = Promise.resolve();

  constructor(
    private readonly store: EventStore,
    private readonly lastCommit: number,
  ) {}

  async subscribeToAll({ fromPosition, onEvent, onError }: SubscribeOptions): Promise<Subscription> {
    let stopped = false;
    let end!: () => void;
    this.ended = new Promise<void>((resolve) => (end = resolve));
    const read = (after: number) => this.store.readAll({ fromPosition: after > 0 ? after : undefined, limit: READ_PAGE });
    const delivering = (async () => {
      let next = read(fromPosition ?? 0);
      for (;;) {
        const page = await next;
        // The next page is read while this one is delivered.
        if (page.length === READ_PAGE && commitSeqOf(page.at(-1)!.position) < this.lastCommit) {
          next = read(page.at(-1)!.position);
          next.catch(() => undefined); // awaited below; a stop before then must not leave it unhandled
        } else next = Promise.resolve([]);
        for (const event of page) {
          if (stopped) return;
          if (commitSeqOf(event.position) > this.lastCommit) return end();
          await onEvent(event);
        }
        if (page.length < READ_PAGE) return end();
      }
    })().catch((error: unknown) => onError?.(error));
    return {
      stop: async () => {
        stopped = true;
        await delivering;
      },
    };
  }

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }
  readStream<E extends DomainEvent>(streamId: string): Promise<RecordedEvent<E>[]> {
    return this.store.readStream<E>(streamId);
  }
  readAll(options?: Parameters<EventStore['readAll']>[0]): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }
  appendToStream(): never {
    throw new Error('the audit never writes to the history');
  }
  async close(): Promise<void> {}
}

export interface RebuildOptions {
  mongo: string;
  liveDb: string;
  /** Must not exist yet (or be empty); a fresh name when absent. */
  scratchDb?: string;
  /** Keep the scratch database (default: dropped). */
  keep?: boolean;
  /** Events per bulk write. */
  batch?: number;
  /** Top-level fields left out of the comparison. */
  ignore?: string[];
  onProgress?: (progress: { commit: number; commits: number; events: number }) => void;
  /** Called once the replay has written its last batch, before the comparison. */
  onReplayed?: () => void;
}

export interface DocumentDifference {
  collection: string;
  id: unknown;
  /** missing: rebuilt from the history, absent live; extra: live only; differs: both, not equal. */
  kind: 'missing' | 'extra' | 'differs';
  fields?: string[];
  /** The live document holds an event after the audited head: live has moved on since the rebuild began. */
  newerLive?: true;
}

export interface RebuildReport {
  equal: boolean;
  head: number;
  commits: number;
  events: number;
  seconds: number;
  eventsPerSecond: number;
  liveDb: string;
  scratchDb: string;
  kept: boolean;
  ignored: string[];
  digests: { live: string; rebuilt: string };
  collections: Array<{ collection: string; live: number; rebuilt: number }>;
  differences: DocumentDifference[];
  /** Live projections whose checkpoint is behind the audited head: their documents may differ for that reason alone. */
  liveBehind: Array<{ projection: string; checkpoint: number }>;
  failures: ProjectionFailure[];
}

const defaultScratchName = (liveDb: string) => `${liveDb}-rebuild-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`;

/**
 * A MongoDB URL as it may be shown (its password, if any, as ***), and `hide`, which takes that password out of a text (what
 * the driver said about the URL), as written in the URL and percent-decoded. Read with `new URL()`; what that cannot parse
 * (a seed list `h1:27017,h2:27017` is no WHATWG URL, nor is `not-a-url`) or has no `//` is read as `[scheme://]user:password@…`,
 * up to its last `@`: hiding too much rather than too little.
 */
export function hideMongoPassword(url: string): { printable: string; hide(text: string): string } {
  let printable = url;
  let password = '';
  try {
    // `user:pw@host` parses too: as scheme `user:` and a path, no password in it.
    if (!url.includes('://')) throw new TypeError('no authority');
    const parsed = new URL(url);
    password = parsed.password;
    if (password) {
      parsed.password = '***';
      printable = parsed.href;
    }
  } catch {
    const from = url.includes('://') ? url.indexOf('://') + 3 : 0;
    const at = url.lastIndexOf('@');
    const colon = at > from ? url.slice(from, at).indexOf(':') : -1;
    if (colon >= 0) {
      password = url.slice(from + colon + 1, at);
      printable = `${url.slice(0, from + colon + 1)}***${url.slice(at)}`;
    }
  }
  const decoded = (() => {
    try {
      return decodeURIComponent(password);
    } catch {
      return password; // a stray % in it
    }
  })();
  const secrets = [...new Set([password, decoded])].filter((secret) => secret.length > 0);
  return { printable, hide: (text) => secrets.reduce((hidden, secret) => hidden.split(secret).join('***'), text) };
}

/** A connection to the read models' store, or an error naming where it looked (no password) and what to check (exit 4). */
async function connectMongo(url: string, options: ConnectOptions): Promise<Connection> {
  let connection: Connection | undefined;
  try {
    connection = createConnection(url, options);
    return await connection.asPromise();
  } catch (error) {
    await connection?.close().catch(() => undefined);
    const { printable, hide } = hideMongoPassword(url);
    const said = error instanceof Error ? error.message : String(error);
    throw new AuditError('connection', `cannot reach MongoDB at ${printable}: ${hide(said)}; check --mongo (else MONGO_URL) and that MongoDB or FerretDB runs there (npm start's: mongodb://127.0.0.1:<its MONGO_PORT, default 27017>)`, EXIT.failed);
  }
}

/** Rebuilds into the scratch database and compares; the live database is only read. */
export async function rebuildAndCompare(store: EventStore, options: RebuildOptions): Promise<RebuildReport> {
  const scratchDb = options.scratchDb ?? defaultScratchName(options.liveDb);
  if (scratchDb === options.liveDb) throw new Error('the scratch database must not be the live one');
  const ignored = options.ignore ?? [];
  // No index builds, no collection creation on the live database: the audit reads it and nothing else.
  const connectOptions = { autoIndex: false, autoCreate: false, serverSelectionTimeoutMS: 5000 };
  const live = await connectMongo(options.mongo, { ...connectOptions, dbName: options.liveDb });
  let scratch: Connection | undefined;
  try {
    scratch = await connectMongo(options.mongo, { ...connectOptions, dbName: scratchDb });
    const existing = await scratch.db!.listCollections({}, { nameOnly: true }).toArray();
    if (existing.length > 0) throw new Error(`scratch database ${scratchDb} is not empty (${existing.map((c) => c.name).join(', ')}): name another, or drop it`);
    try {
      const liveSide = certificationReadModels(live);
      const rebuilt = certificationReadModels(scratch);
      // The audited head: the last commit when the rebuild starts; what is appended later is left out.
      const head = await store.headPosition();
      const lastCommit = commitSeqOf(head);
      const started = process.hrtime.bigint();
      const { events, failures } = await replay(store, rebuilt.projections, lastCommit, options);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      options.onReplayed?.();

      const checkpoints = new CheckpointStore(live);
      const liveBehind: RebuildReport['liveBehind'] = [];
      for (const projection of rebuilt.projections) {
        const checkpoint = await checkpoints.load(projection.name);
        if (commitSeqOf(checkpoint) < lastCommit) liveBehind.push({ projection: projection.name, checkpoint });
      }
      // One reading of each side, both at once: the whole digest and every document's.
      const [liveRead, rebuiltRead] = await Promise.all([readSide(liveSide.models, ignored), readSide(rebuilt.models, ignored)]);
      const [liveDigest, rebuiltDigest] = [liveRead.digest, rebuiltRead.digest];
      const collections: RebuildReport['collections'] = [];
      const differences: DocumentDifference[] = [];
      for (const [i, liveModel] of liveSide.models.entries()) {
        const name = liveModel.collection.collectionName;
        const compared = await compareCollection(liveModel, rebuilt.models[i]!, liveRead.documents.get(name)!, rebuiltRead.documents.get(name)!, ignored, lastCommit);
        collections.push({ collection: name, live: compared.live, rebuilt: compared.rebuilt });
        differences.push(...compared.differences);
      }
      return {
        equal: liveDigest === rebuiltDigest && differences.length === 0 && failures.length === 0,
        head,
        commits: lastCommit,
        events,
        seconds: Math.round(seconds * 1000) / 1000,
        eventsPerSecond: seconds > 0 ? Math.round(events / seconds) : 0,
        liveDb: options.liveDb,
        scratchDb,
        kept: Boolean(options.keep),
        ignored,
        digests: { live: liveDigest, rebuilt: rebuiltDigest },
        collections,
        differences,
        liveBehind,
        failures,
      };
    } finally {
      if (!options.keep) await scratch.dropDatabase();
    }
  } finally {
    await scratch?.close();
    await live.close();
  }
}

/** Every projection fed by its own batched runner, as in the service, until each has applied the history up to `lastCommit`. */
async function replay(store: EventStore, projections: Projection[], lastCommit: number, options: RebuildOptions): Promise<{ events: number; failures: ProjectionFailure[] }> {
  const failures: ProjectionFailure[] = [];
  const applied = projections.map(() => ({ events: 0, position: 0 }));
  const report = () => {
    const slowest = applied.reduce((a, b) => (b.position < a.position ? b : a));
    options.onProgress?.({ commit: Math.min(lastCommit, commitSeqOf(slowest.position)), commits: lastCommit, events: slowest.events });
  };
  // One reading of the history, shared by every projection's runner.
  const history = new HistoryUpTo(store, lastCommit);
  const feed = new SharedEventFeed(history);
  const runs = projections.map((projection, i) => {
    let halted!: () => void;
    const failed = new Promise<void>((resolve) => (halted = resolve));
    const runner = new ProjectorRunner({
      store: feed,
      projection,
      // A replay has its events at hand: batches fill by size (the last one is written on stop), so a
      // document's events mostly share a batch and it is written once, not once per event.
      batch: { maxEvents: options.batch ?? DEFAULT_REBUILD_BATCH, maxDocuments: REBUILD_BATCH_DOCUMENTS, cachedDocuments: REBUILD_BATCH_DOCUMENTS, maxDelayMs: 600_000, writeBehind: { idleEvents: REBUILD_IDLE_EVENTS, every: REBUILD_WRITE_EVERY } },
      logger: { warn: (fields, message) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`), error: (fields, message) => process.stderr.write(`${message} ${JSON.stringify(fields)}\n`) },
      onApplied: (event) => {
        applied[i]!.events++;
        applied[i]!.position = event.position;
        report();
      },
      onFailure: (failure) => {
        failures.push(failure);
        halted();
      },
    });
    return { runner, failed };
  });
  try {
    await Promise.all(runs.map(({ runner }) => runner.start()));
    // Every runner has joined the feed (its reading of the history is final now). A runner halted on
    // a poison event stops reading; the others go on to the end.
    await Promise.all(runs.map(({ failed }) => Promise.race([history.ended.then(() => feed.delivered()), failed])));
  } finally {
    await Promise.all(runs.map(({ runner }) => runner.stop())); // writes the last batch
  }
  report();
  return { events: Math.max(0, ...applied.map((a) => a.events)), failures };
}

/**
 * One reading of the read models of one side (`documentDigests`: unsorted, ordered here): the digest
 * over all of them, the same as `readModelDigest`'s, and each document's own by collection and _id key
 * (compared below, so only differing documents are read again).
 */
async function readSide(models: readonly AnyModel[], ignored: readonly string[]): Promise<{ digest: string; documents: Map<string, Map<string, DocumentDigest>> }> {
  const collections: Array<{ collection: string; documents: DocumentDigest[] }> = [];
  for (const model of models) collections.push({ collection: model.collection.collectionName, documents: await documentDigests(model, { exclude: ignored, batchSize: READ_PAGE }) });
  return { digest: digestOfDocuments(collections), documents: new Map(collections.map(({ collection, documents }) => [collection, new Map(documents.map((d) => [d.key, d]))])) };
}

/** Documents of one collection, live against rebuilt, by _id and digest; a differing one is read from both sides to name its fields. */
async function compareCollection(live: AnyModel, rebuilt: AnyModel, liveDocs: Map<string, DocumentDigest>, rebuiltDocs: Map<string, DocumentDigest>, ignored: readonly string[], lastCommit: number) {
  const collection = live.collection.collectionName;
  const differences: DocumentDifference[] = [];
  for (const [key, doc] of liveDocs) {
    const counterpart = rebuiltDocs.get(key);
    const newerLive = doc.position !== undefined && commitSeqOf(doc.position) > lastCommit ? { newerLive: true as const } : {};
    if (!counterpart) differences.push({ collection, id: doc.id, kind: 'extra', ...newerLive });
    else if (counterpart.digest !== doc.digest) {
      const [a, b] = await Promise.all([live.collection.findOne({ _id: doc.id } as never), rebuilt.collection.findOne({ _id: doc.id } as never)]);
      differences.push({ collection, id: doc.id, kind: 'differs', fields: differingFields((a ?? {}) as Doc, (b ?? {}) as Doc, ignored), ...newerLive });
    }
  }
  for (const [key, { id }] of rebuiltDocs) if (!liveDocs.has(key)) differences.push({ collection, id, kind: 'missing' });
  differences.sort((a, b) => (documentKey(a.id) < documentKey(b.id) ? -1 : 1));
  return { live: liveDocs.size, rebuilt: rebuiltDocs.size, differences };
}

function differingFields(a: Doc, b: Doc, ignored: readonly string[]): string[] {
  const text = (value: unknown) => (value === undefined ? undefined : stableStringify(mongo.BSON.EJSON.serialize({ value }, { relaxed: true })));
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !ignored.includes(k)).sort();
  return keys.filter((k) => text(a[k]) !== text(b[k]));
}

type Out = (line: string) => void;

export function printRebuildReport(report: RebuildReport, out: Out): void {
  out(`rebuilt ${report.collections.length} collections from ${report.events} events (${report.commits} commits, head ${report.head}) in ${report.seconds} s: ${report.eventsPerSecond} events/s`);
  out(`scratch database ${report.scratchDb}${report.kept ? ' (kept)' : ' (dropped)'}`);
  for (const c of report.collections) out(`  ${c.collection.padEnd(28)} live ${String(c.live).padStart(7)}  rebuilt ${String(c.rebuilt).padStart(7)}`);
  out(`digest live     ${report.digests.live}`);
  out(`digest rebuilt  ${report.digests.rebuilt}`);
  for (const f of report.failures) out(`FAILED   ${f.position} (${f.eventType} of ${f.streamId}): ${f.error}`);
  for (const b of report.liveBehind) out(`BEHIND   live projection ${b.projection} is at ${b.checkpoint}, before the audited head: differences may be its lag`);
  const label = { missing: 'MISSING', extra: 'EXTRA  ', differs: 'DIFFERS' } as const;
  for (const d of report.differences) {
    const what = d.kind === 'missing' ? 'rebuilt from the history, absent live' : d.kind === 'extra' ? 'live only, not in the history' : `fields ${d.fields!.join(', ')}`;
    out(`${label[d.kind]}  ${d.collection} ${typeof d.id === 'string' ? d.id : JSON.stringify(d.id)}: ${what}${d.newerLive ? ' (live holds a later event)' : ''}`);
  }
  out(report.equal ? 'EQUAL    the live read models are what the history gives' : `DIFFERENT ${report.differences.length} document(s)`);
}

/** Registers `rebuild` on the audit program. */
export function registerRebuild(
  program: Command,
  context: { store: () => EventStore; json: () => boolean; out: Out; exit: (code: number) => void },
): void {
  program
    .command('rebuild')
    .description('rebuild the certification read models from the history into a scratch database and compare them with the live ones (exit 1 when any document differs)')
    .option('--mongo <url>', 'MongoDB/FerretDB holding the read models (default: MONGO_URL, else mongodb://127.0.0.1:27017)')
    .option('--live-db <name>', 'the live database (default: <MONGO_DB_PREFIX>-certification, prefix banat)')
    .option('--scratch-db <name>', 'where to rebuild; must be empty (default: <live-db>-rebuild-<timestamp>)')
    .option('--keep', 'keep the scratch database (default: dropped)')
    .option('--batch <events>', 'events per bulk write', (v) => positiveInt(v, '--batch'), DEFAULT_REBUILD_BATCH)
    .option('--ignore <fields>', 'comma-separated top-level fields left out of the comparison', (v) => v.split(',').map((f) => f.trim()).filter(Boolean))
    .option('--progress', 'show the progress bar on stderr even when it is not a terminal')
    .action(async (opts: { mongo?: string; liveDb?: string; scratchDb?: string; keep?: boolean; batch: number; ignore?: string[]; progress?: boolean }) => {
      const showBar = Boolean(opts.progress || process.stderr.isTTY);
      const bar = new SingleBar({ stream: process.stderr, format: 'rebuild [{bar}] {percentage}% | commit {value}/{total} | {events} events | {rate} events/s', noTTYOutput: showBar, notTTYSchedule: 1000, hideCursor: true });
      const started = Date.now();
      let barStarted = false;
      try {
        const report = await rebuildAndCompare(
          context.store(),
          {
            mongo: opts.mongo ?? process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
            liveDb: opts.liveDb ?? `${process.env.MONGO_DB_PREFIX ?? 'banat'}-certification`,
            scratchDb: opts.scratchDb,
            keep: opts.keep,
            batch: opts.batch,
            ignore: opts.ignore,
            onProgress: showBar
              ? ({ commit, commits, events }) => {
                  const payload = { events, rate: Math.round(events / Math.max(0.001, (Date.now() - started) / 1000)) };
                  if (!barStarted) bar.start(commits, commit, payload);
                  else bar.update(commit, payload);
                  barStarted = true;
                }
              : undefined,
          },
        );
        if (barStarted) bar.stop();
        barStarted = false;
        if (context.json()) context.out(JSON.stringify(report));
        else printRebuildReport(report, context.out);
        context.exit(report.equal ? 0 : 1);
      } finally {
        if (barStarted) bar.stop();
      }
    });
}

function positiveInt(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a positive whole number, got ${value}`);
  return n;
}
