import { isDeepStrictEqual } from 'node:util';
import type { RecordedEvent } from '@banat/event-store';
import type { Model, UpdateQuery } from 'mongoose';
import { castFlat } from './flat-cast';
import { POSITION_FIELD, withPosition } from './position-filter';
import type { ProjectionContext } from './projection';
import { keepsPositionSpans } from './read-model-schema';
import type { WriteOutcome } from './upsert-at';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyModel = Model<any>;
type Doc = Record<string, unknown>;
/** An update as `withPosition` guarded it: operators to fields. */
type Update = Record<string, Doc | undefined>;

/** A document of the batch: as loaded (or absent), then every update staged on it, applied in memory. */
interface Staged {
  model: AnyModel;
  id: unknown;
  /** Undefined until read from the store; null when it does not exist there. */
  base?: Doc | null;
  /** The position the stored document had when loaded: the write is conditional on it. */
  basePosition?: number;
  /** Never changed in place (the undo log and the cache may hold it): materialise makes a new one. */
  doc?: Doc | null;
  /** Updates not applied to `doc` yet, already guarded (withPosition). */
  pending: Array<{ position: number; update: Update }>;
  /** Events the batch held when an event last touched it (see writeIdle). */
  touched: number;
}

/** An effect of the batch (ctx.effect): started at once, its outcome held so a failure is never unhandled. */
interface Effect {
  position: number;
  outcome: Promise<{ ok: true; value: unknown } | { ok: false; error: unknown }>;
  then?: (result: unknown) => Promise<void>;
}

/** Thrown by `write` when a write-behind (writeIdle) failed: the batch is replayed event by event (not transient: a replay retries outages itself). */
export class WriteBehindFailed extends Error {
  constructor(reason: unknown) {
    super(`an early write of the batch failed: ${reason instanceof Error ? reason.message : String(reason)}`);
    this.name = 'WriteBehindFailed';
  }
}

/** Thrown by `write` when a document moved under the batch (another writer): the batch is replayed event by event. */
export class BatchConflict extends Error {
  constructor(readonly documents: number) {
    super(`${documents} document(s) changed under the batch`);
    this.name = 'BatchConflict';
  }
}

/**
 * A value as the batch's documents hold it: a deep copy whose plain objects and arrays are frozen,
 * dates and byte arrays copied, BSON values (ObjectId, Decimal128, ...: immutable) shared; undefined
 * members dropped and undefined array items made null, as on a write. A frozen plain object or array
 * is shared, not copied: frozen values here are the batch's own documents (frozen to the leaves, see
 * freezeDeep) or parts of them, never changed again. (A BSON round trip copies at several times the cost.)
 */
export function ownedValue(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (Object.isFrozen(value)) return value;
    const copy = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) copy[i] = value[i] === undefined ? null : ownedValue(value[i]);
    return Object.freeze(copy);
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === Object.prototype || proto === null) {
    if (Object.isFrozen(value)) return value;
    const copy: Doc = {};
    for (const key of Object.keys(value)) {
      const member = (value as Doc)[key];
      if (member !== undefined) copy[key] = ownedValue(member);
    }
    return Object.freeze(copy);
  }
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return new Uint8Array(value);
  return value;
}

/**
 * Freezes the document's plain objects and arrays, the innermost first, and returns it: a frozen one
 * is never changed again, so its parts are shared from one version of the document to the next, and
 * `ctx.read` hands it out as it is (a projection that tried to change it would throw, not corrupt the
 * batch). A frozen object is frozen to its leaves (its children were frozen first): it is not walked again.
 */
export function freezeDeep<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  if (Array.isArray(value)) {
    for (const item of value) freezeDeep(item);
    return Object.freeze(value);
  }
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) return value; // dates, byte arrays, BSON values
  for (const key of Object.keys(value)) freezeDeep((value as Doc)[key]);
  return Object.freeze(value);
}

const idKey = (id: unknown) => (typeof id === 'string' ? id : JSON.stringify(id));
const key = (model: AnyModel, id: unknown) => `${model.collection.collectionName}\u0000${idKey(id)}`;

/** What the cache knows of one model's collection. */
interface ModelCache {
  /** Documents as last written or read by this projector, least recently used first. */
  docs: Map<string, Doc>;
  /** Set while the collection is known to hold only what this projector inserted: the ids it inserted. */
  inserted?: Set<string>;
}

/**
 * A write-through cache of read-model documents, owned by one projector: the documents it wrote or
 * read, as the store holds them, so a batch need not load them again. A staged document taken from
 * the cache is written conditioned on the `_position` it had, as a loaded one: another writer is still
 * detected (a conflict), and then the whole cache is dropped. While a collection is "known empty" (it
 * was empty when the projector started from the first event), an id the projector never inserted is
 * absent without a query. The store stays the record: an evicted document is loaded again.
 */
export class DocumentCache {
  private readonly models = new Map<string, ModelCache>();

  /** `limit`: documents kept per model (least recently used evicted); 0 keeps none. */
  constructor(readonly limit = 20_000) {}

  /** The collection holds no document now: ids this cache did not see inserted are absent. */
  markEmpty(model: AnyModel): void {
    this.of(model).inserted ??= new Set();
  }

  isKnownEmpty(model: AnyModel): boolean {
    return this.models.get(model.collection.collectionName)?.inserted !== undefined;
  }

  get size(): number {
    let size = 0;
    for (const m of this.models.values()) size += m.docs.size;
    return size;
  }

  /**
   * Takes the document out of the cache for a batch to change (put back once written): a document,
   * null when known absent, undefined when unknown (load it).
   */
  take(model: AnyModel, id: unknown): Doc | null | undefined {
    const cache = this.models.get(model.collection.collectionName);
    if (!cache) return undefined;
    const k = idKey(id);
    const doc = cache.docs.get(k);
    if (doc) {
      cache.docs.delete(k);
      return doc;
    }
    return cache.inserted && !cache.inserted.has(k) ? null : undefined;
  }

  /** The document as the store now holds it (written, or read and unchanged); `inserted` when this cache's owner inserted it. */
  put(model: AnyModel, id: unknown, doc: Doc, inserted: boolean): void {
    const cache = this.of(model);
    const k = idKey(id);
    if (inserted) cache.inserted?.add(k);
    if (this.limit <= 0) return;
    cache.docs.delete(k);
    cache.docs.set(k, doc);
    for (const oldest of cache.docs.keys()) {
      if (cache.docs.size <= this.limit) break;
      cache.docs.delete(oldest);
    }
  }

  /** Forgets every document and every "known empty": after a conflict or a failed write, the store is asked again. */
  clear(): void {
    this.models.clear();
  }

  private of(model: AnyModel): ModelCache {
    const name = model.collection.collectionName;
    let cache = this.models.get(name);
    if (!cache) this.models.set(name, (cache = { docs: new Map() }));
    return cache;
  }
}

/**
 * Events applied in memory, per document, then written with one bulk write per model: an insert for
 * a document new to the store, a replacement conditioned on the `_position` it was loaded with for
 * the others. Each document still keeps the position of the last event applied to it, and an update
 * at a position the document already holds is skipped: replaying a batch after a crash changes nothing.
 */
export class ProjectionBatch {
  private readonly staged = new Map<string, Staged>();
  /** Undo log of the event being applied: a failing event leaves the batch as it was. */
  private journal?: Map<string, Undo | undefined>;
  readonly events: RecordedEvent[] = [];
  firstAt?: number;
  /** Documents `write` inserted or replaced. */
  written = 0;
  /** Events the projection applied (handled), as opposed to passed. */
  applied = 0;
  /** Effects started by the batch's events, in event order (see ctx.effect). */
  private readonly effects: Effect[] = [];
  private effectsDone = false;
  /** The round of early inserts in flight (writeIdle), and the first failure of one. */
  private evicting: Promise<void> = Promise.resolve();
  private evictionFailure?: Error;
  /** Set once `write` is called: nothing more is written early (the write takes every staged document). */
  private writing = false;
  /** Documents written early, and how many of them an event touched again since the window last grew. */
  private readonly evictedKeys = new Set<string>();
  private evictedSince = 0;
  private retouched = 0;
  private idleWindow = 0;

  /** `cache`: the projector's documents; the batch takes what it stages from it and puts back what it wrote. */
  constructor(private readonly cache?: DocumentCache) {}

  get size(): number {
    return this.events.length;
  }

  /** Documents staged (to be written, or read and unchanged). */
  get documents(): number {
    return this.staged.size;
  }

  get lastPosition(): number {
    return this.events.at(-1)?.position ?? 0;
  }

  /**
   * How much the batch gained by gathering events: 1 − documents written / events applied (0 when it
   * wrote nothing). Near 1, many events fell on few documents (waiting longer saves writes); near 0, each
   * event had a document of its own (waiting saves nothing).
   */
  get coalescing(): number {
    return this.written > 0 && this.applied > 0 ? Math.max(0, 1 - this.written / this.applied) : 0;
  }

  /** Effects the batch's events started. */
  get effectCount(): number {
    return this.effects.length;
  }

  /**
   * Waits for every effect of the batch, in event order, and runs its `then` (staging its writes);
   * throws the first effect's failure. Once done, a retry of `write` does not run them again. The
   * runner calls it before `write`: the documents and the checkpoint follow the effects, never precede them.
   */
  async settleEffects(): Promise<void> {
    if (this.effectsDone) return;
    for (const effect of this.effects) {
      const outcome = await effect.outcome;
      if (!outcome.ok) throw outcome.error;
    }
    for (const effect of this.effects) if (effect.then) await effect.then(((await effect.outcome) as { value: unknown }).value);
    this.effectsDone = true;
  }

  /**
   * Write-behind, for a replay into an empty store: the documents new to the store that no event of
   * the batch touched in its last `idleEvents` events are inserted now, while the next events are
   * applied, rather than all at once when the batch is written. Each is inserted as it is now and goes
   * to the cache as the store will hold it: an event that touches it again takes it from there and
   * the batch's write replaces it, conditioned on its position, as any document written before (right,
   * but far slower on FerretDB than an insert: when more than one in fifty come back, the window
   * doubles). Waits for the previous round first (one round in flight), starts this one and returns.
   * Nothing is written early while the batch has effects (its documents follow them) or without a cache.
   * A failed round fails the batch's `write` (WriteBehindFailed or BatchConflict): its events are then
   * applied one by one, as for any refused batch.
   */
  async writeIdle(idleEvents: number): Promise<void> {
    await this.evicting;
    if (this.writing || this.evictionFailure || this.effects.length > 0 || !this.cache) return;
    if (this.evictedSince >= 100 && this.retouched * 50 > this.evictedSince) {
      this.idleWindow = Math.max(this.idleWindow, idleEvents) * 2;
      this.evictedSince = this.retouched = 0;
    }
    const horizon = this.events.length - Math.max(idleEvents, this.idleWindow);
    const byModel = new Map<AnyModel, Doc[]>();
    for (const [k, staged] of this.staged) {
      if (staged.touched >= horizon || staged.base !== null) continue;
      let cast: Doc | undefined;
      try {
        materialise(staged);
        if (staged.doc) cast = castForInsert(staged.model, staged.doc);
      } catch {
        continue; // left to the batch's write, which reports it
      }
      this.staged.delete(k);
      if (!staged.doc || !cast) continue; // read, absent, and not written: the cache knows it absent
      this.evictedKeys.add(k);
      this.evictedSince++;
      this.cache.put(staged.model, staged.id, staged.doc, true);
      const list = byModel.get(staged.model) ?? [];
      list.push(cast);
      byModel.set(staged.model, list);
    }
    if (byModel.size === 0) return;
    this.evicting = (async () => {
      let conflicts = 0;
      for (const [model, docs] of byModel) {
        const inserted = await insertAll(model, docs, true);
        this.written += inserted;
        conflicts += docs.length - inserted;
      }
      if (conflicts > 0) this.evictionFailure = new BatchConflict(conflicts);
    })().catch((error: unknown) => void (this.evictionFailure ??= new WriteBehindFailed(error)));
  }

  /** Applies one event into the batch, or leaves the batch untouched if `apply` throws. */
  async add(event: RecordedEvent, apply?: (ctx: ProjectionContext) => Promise<void>): Promise<void> {
    if (apply) {
      this.journal = new Map();
      const effects = this.effects.length;
      try {
        await apply(this.context(event.position));
      } catch (error) {
        this.effects.length = effects; // started, yet the event is applied again (effects are idempotent)
        for (const [k, undo] of this.journal) {
          if (!undo) {
            this.staged.delete(k);
            continue;
          }
          const { staged } = undo;
          undo.pending.length = undo.pendingLength;
          Object.assign(staged, { base: undo.base, basePosition: undo.basePosition, doc: undo.doc, pending: undo.pending });
        }
        throw error;
      } finally {
        this.journal = undefined;
      }
      this.applied++;
    }
    this.pass(event);
  }

  /** An event that changes nothing joins the batch: its position is covered when the batch is written. */
  pass(event: RecordedEvent): void {
    this.firstAt ??= Date.now();
    this.events.push(event);
  }

  /** Loads every document staged blind (written without being read), one query per model, then writes. */
  async write(): Promise<void> {
    this.writing = true;
    try {
      await this.writeAll();
    } catch (error) {
      // A conflict or a failed write: what the cache holds may no longer be what the store holds.
      this.cache?.clear();
      throw error;
    }
  }

  private async writeAll(): Promise<void> {
    if (this.effects.length > 0 && !this.effectsDone) throw new Error('write before settleEffects: the batch would be written before its effects are done');
    await this.evicting;
    if (this.evictionFailure) throw this.evictionFailure;
    const byModel = new Map<AnyModel, Staged[]>();
    for (const staged of this.staged.values()) {
      const list = byModel.get(staged.model) ?? [];
      list.push(staged);
      byModel.set(staged.model, list);
    }
    let conflicts = 0;
    for (const [model, list] of byModel) {
      await loadAll(model, list.filter((s) => s.base === undefined));
      const inserts: Doc[] = [];
      const replaces: Array<{ filter: Doc; replacement: Doc }> = [];
      for (const staged of list) {
        materialise(staged);
        if (!staged.doc || staged.doc[POSITION_FIELD] === staged.basePosition) continue; // nothing applied
        if (staged.base === null) inserts.push(staged.doc);
        else replaces.push({ filter: { _id: staged.id, [POSITION_FIELD]: staged.basePosition }, replacement: staged.doc });
      }
      if (inserts.length + replaces.length === 0) continue;
      const [inserted, matched] = await Promise.all([insertAll(model, inserts), replaceAll(model, replaces)]);
      conflicts += inserts.length - inserted + (replaces.length - matched);
      this.written += inserted + matched;
    }
    if (conflicts > 0) throw new BatchConflict(conflicts);
    if (!this.cache) return;
    for (const [model, list] of byModel) for (const staged of list) if (staged.doc) this.cache.put(model, staged.id, staged.doc, staged.base === null);
  }

  private context(position: number): ProjectionContext {
    return {
      position,
      upsertAt: async <T>(model: Model<T>, id: unknown, update: UpdateQuery<T>): Promise<WriteOutcome> => {
        const guarded = withPosition(update, position, keepsPositionSpans(model.schema)) as Update; // same refusals as a direct write (plain fields, `_position`)
        const staged = this.touch(model as AnyModel, id);
        const current = staged.doc !== undefined ? staged.doc : undefined;
        if (current && (current[POSITION_FIELD] as number) >= position) return 'skipped';
        staged.pending.push({ position, update: guarded });
        return 'applied';
      },
      read: async <T>(model: Model<T>, id: unknown): Promise<T | null> => {
        const staged = this.touch(model as AnyModel, id);
        if (staged.base === undefined) {
          await this.evicting; // a document written early is read once it is in the store
          await loadAll(model as AnyModel, [staged]);
        }
        materialise(staged);
        // Not a copy: the document is frozen, and the next event's changes make a new one (materialise).
        return staged.doc ? (freezeDeep(staged.doc) as T) : null;
      },
      effect: async <R>(run: () => Promise<R>, then?: (result: R) => Promise<void>): Promise<void> => {
        const outcome = new Promise<R>((resolve) => resolve(run())).then(
          (value) => ({ ok: true as const, value }),
          (error: unknown) => ({ ok: false as const, error }),
        );
        this.effects.push({ position, outcome, then: then as Effect['then'] });
      },
    };
  }

  /**
   * The staged document, recording its state in the event's undo log the first time the event touches
   * it: the pending list by its length (an event only appends to it) and the document as it is (never
   * changed in place: materialise makes a new one, sharing what did not change), so a long replay stays linear.
   */
  private touch(model: AnyModel, id: unknown): Staged {
    const k = key(model, id);
    let staged = this.staged.get(k);
    if (this.journal && !this.journal.has(k)) this.journal.set(k, staged && { staged, base: staged.base, basePosition: staged.basePosition, doc: staged.doc, pending: staged.pending, pendingLength: staged.pending.length });
    if (!staged) {
      staged = { model, id, pending: [], touched: this.events.length };
      if (this.evictedKeys.has(k)) this.retouched++;
      const cached = this.cache?.take(model, id);
      if (cached !== undefined) {
        staged.base = cached;
        staged.basePosition = cached ? (cached[POSITION_FIELD] as number | undefined) : undefined;
        staged.doc = cached;
      }
      this.staged.set(k, staged);
    }
    staged.touched = this.events.length;
    return staged;
  }
}

/** A staged document as it was before the event being applied touched it. */
interface Undo {
  staged: Staged;
  base?: Doc | null;
  basePosition?: number;
  doc?: Doc | null;
  pending: Staged['pending'];
  pendingLength: number;
}

/** Documents per insert bulk write, and such writes in flight at once (see insertAll). */
const INSERT_CHUNK = 250;
const INSERT_CONCURRENCY = 4;
/** A few documents still go over every write in flight, down to this many a write (see insertChunkSize). */
const INSERT_MIN_CHUNK = 16;

/**
 * Documents per insert bulk write for `count` documents: up to INSERT_CHUNK, and fewer so that they go
 * over the INSERT_CONCURRENCY writes in flight (FerretDB writes a command's documents one after
 * another: a write-behind round of 130 documents in one command kept one core busy while the
 * replay waited for it), down to INSERT_MIN_CHUNK.
 */
export function insertChunkSize(count: number): number {
  return Math.min(INSERT_CHUNK, Math.max(INSERT_MIN_CHUNK, Math.ceil(count / INSERT_CONCURRENCY)));
}

/**
 * The document exactly as `model.bulkWrite([{ insertOne: { document } }])` would have the driver
 * serialise it: what mongoose's castInsertOne does (its document made from this one: cast to the
 * schema, defaults set; timestamps and version key set when the schema has them; validated), then the
 * document's `toBSON()`, which is what the driver serialises when given a mongoose document. Done once
 * here: given the mongoose document, the driver called `toBSON()` twice (the batch's size, then its
 * bytes), each a deep copy, a quarter of a rebuild's CPU. Synchronous, so the result is the document
 * as it is now, whatever changes it later: validation is `validateSync` (every validator but
 * asynchronous ones, which no read model has). Discriminated models are refused. A document of a flat
 * schema that casts to itself is made without mongoose (castFlat), to the same bytes.
 */
export function castForInsert(model: AnyModel, doc: Doc): Doc {
  if (model.discriminators && Object.keys(model.discriminators).length > 0) throw new Error(`model ${model.modelName} has discriminators: not supported by batched projections`);
  const flat = castFlat(model, doc);
  if (flat) return flat;
  const document = new model(doc);
  if (model.schema.options.timestamps) document.initializeTimestamps();
  const versionKey = model.schema.options.versionKey;
  if (typeof versionKey === 'string' && versionKey && document.get(versionKey) == null) document.set(versionKey, 0);
  const invalid = document.validateSync();
  if (invalid) throw invalid;
  return document.toBSON() as Doc;
}

/**
 * `items` in bulk writes of at most `chunk` each, `concurrency` in flight; the sum of what each
 * write counts (documents inserted, or matched).
 */
async function inChunks<T>(items: T[], chunk: number, concurrency: number, write: (chunk: T[]) => Promise<number>): Promise<number> {
  let total = 0;
  let next = 0;
  const worker = async () => {
    for (let from = next; from < items.length; from = next) {
      next += chunk;
      const count = await write(items.slice(from, from + chunk));
      total += count; // not `total += await …`: that reads `total` before the wait, losing the others' counts
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(items.length / chunk)) }, worker));
  return total;
}

/**
 * Inserts the documents new to the store, INSERT_CHUNK per bulk write, INSERT_CONCURRENCY in flight;
 * how many went in (a duplicate key is a conflict, not an error). FerretDB/PostgreSQL spend about a
 * millisecond of CPU on each inserted document, one command after another on a connection: several
 * commands in flight use every core, and this process casts the next chunk while the store writes one.
 * `cast`: the documents are already `castForInsert`'s.
 */
export function insertAll(model: AnyModel, inserts: Doc[], cast = false): Promise<number> {
  return inChunks(inserts, insertChunkSize(inserts.length), INSERT_CONCURRENCY, (chunk) => insertChunk(model, cast ? chunk : chunk.map((doc) => castForInsert(model, doc))));
}

/** Cast documents into the model's collection through the driver: the bytes mongoose's `bulkWrite` would send. */
async function insertChunk(model: AnyModel, inserts: Doc[]): Promise<number> {
  const result = await model.collection.bulkWrite(inserts.map((document) => ({ insertOne: { document } })), { ordered: false }).catch((error: unknown) => {
    // Only duplicate keys (a document inserted meanwhile) are a conflict; anything else is the store's error.
    const e = error as { code?: number; writeErrors?: Array<{ code?: number }>; result?: { insertedCount?: number } };
    const writeErrors = e.writeErrors ?? (e.code === 11000 ? [{ code: 11000 }] : undefined);
    if (!writeErrors || writeErrors.some((w) => w.code !== 11000)) throw error;
    return { insertedCount: e.result?.insertedCount ?? 0 };
  });
  return result.insertedCount;
}

/** Replacements per bulk write at most, and such writes in flight at once (see replaceAll). */
export const REPLACE_CHUNK = 16;
export const REPLACE_CONCURRENCY = 8;

/**
 * Replaces each document conditioned on the position it was loaded with, in bulk writes of up to
 * REPLACE_CHUNK, REPLACE_CONCURRENCY in flight; how many matched. Each command costs the process and
 * the store far more than a statement in it (measured on FerretDB 1.24 on PostgreSQL, 100
 * replacements: one `replaceOne` each, 16 in flight, 0.7-1 ms of this process's CPU a document and
 * 0.4-0.7 ms of FerretDB's; bulk writes of 25, 4 in flight, 0.05-0.09 ms and 0.2-0.3 ms, in less
 * time). FerretDB runs a bulk write's statements one after another, so several in flight use every
 * core (at 10,000 documents: one bulk of 100, 7 ms a document; 4 of 25, 2 ms; 16 single, 3-6 ms). And
 * it holds one PostgreSQL connection per statement of a bulk write until the write ends: its pool (400
 * here) shared by every client, a bulk write of 450 replacements never ended, nor 4 of 125 in flight;
 * so few statements are in flight at once (128). At 10,000 documents, 150 replacements took 250-430 ms
 * in 16 bulk writes in flight, 300-580 ms in 8, 370-550 ms in 4, 410-720 ms as `replaceOne`s 16 in flight. Cast as `replaceOne` casts (a document of the model, not validated).
 */
function replaceAll(model: AnyModel, replaces: Array<{ filter: Doc; replacement: Doc }>): Promise<number> {
  // A few replacements still go over every write in flight (each FerretDB runs one after another).
  const chunk = Math.min(REPLACE_CHUNK, Math.max(1, Math.ceil(replaces.length / REPLACE_CONCURRENCY)));
  return inChunks(replaces, chunk, REPLACE_CONCURRENCY, async (part) => {
    const result = await model.bulkWrite(part.map((replaceOne) => ({ replaceOne })), { ordered: false, skipValidation: true });
    return result.matchedCount;
  });
}

const LOAD_CONCURRENCY = 16;
/** From this many documents, one `$in` query instead of one `findOne` each (see loadAll). */
const LOAD_IN_FROM = 300;

async function loadAll(model: AnyModel, list: Staged[]): Promise<void> {
  const found = (staged: Staged, doc: Doc | null) => {
    staged.base = doc;
    staged.basePosition = doc ? (doc[POSITION_FIELD] as number | undefined) : undefined;
    staged.doc = doc; // not changed in place (see materialise): no copy
  };
  // FerretDB 1.24 on PostgreSQL scans the collection for an `_id` equality as for `$in` (measured at
  // 10,000 documents: `$in` 1.5-2.7 s whatever the count; `findOne` 16 in flight about 5 ms a
  // document, 1.0 s for 200, 2.5 s for 500): few documents go one by one, many in one `$in`.
  // (On SQLite, `findOne` is served from the index and `$in` scans: 8 ms against 1.3 s at 1,000 documents.)
  if (list.length >= LOAD_IN_FROM) {
    const byKey = new Map<string, Doc>();
    for (const doc of (await model.collection.find({ _id: { $in: list.map((s) => s.id) } } as never).toArray()) as Doc[]) byKey.set(idKey(doc._id), doc);
    for (const staged of list) found(staged, byKey.get(idKey(staged.id)) ?? null);
    return;
  }
  for (let i = 0; i < list.length; i += LOAD_CONCURRENCY) {
    const slice = list.slice(i, i + LOAD_CONCURRENCY);
    const docs = await Promise.all(slice.map((s) => model.collection.findOne({ _id: s.id } as never) as Promise<Doc | null>));
    slice.forEach((staged, k) => found(staged, docs[k] ?? null));
  }
}

/**
 * Applies the pending updates to the loaded document, each only if the document has not seen its
 * position: into a new document (the one before may be in the undo log, the cache or a projection's
 * hands), sharing every value no update replaced, then frozen (see freezeDeep).
 */
function materialise(staged: Staged): void {
  if (staged.base === undefined) throw new Error('materialise before load');
  if (staged.pending.length === 0) return;
  // An effect's `then` stages its writes after later events' (stable: same position keeps its order).
  staged.pending.sort((a, b) => a.position - b.position);
  let doc = staged.doc;
  let fresh = false;
  for (const { position, update } of staged.pending) {
    if (doc && typeof doc[POSITION_FIELD] === 'number' && (doc[POSITION_FIELD] as number) >= position) continue;
    const inserting = !doc;
    if (!fresh) doc = doc ? { ...doc } : { _id: staged.id };
    fresh = true;
    applyUpdate(doc!, update, inserting);
  }
  if (fresh) staged.doc = freezeDeep(doc!);
  staged.pending = [];
}

/**
 * The update operators the read models use, with MongoDB's semantics; any other is refused. `doc`
 * itself is changed; what it holds never is: a value on a dotted path is set in copies of the objects
 * along it, a list grows in a copy, and values from the update are taken as ownedValue copies.
 */
export function applyUpdate(doc: Doc, update: Update, inserting: boolean): void {
  for (const operator in update) {
    const fields = update[operator];
    if (!fields) continue;
    for (const path in fields) {
      const value = fields[path];
      switch (operator) {
        case '$set':
          setPath(doc, path, ownedValue(value));
          break;
        case '$setOnInsert':
          if (inserting) setPath(doc, path, ownedValue(value));
          break;
        case '$unset':
          unsetPath(doc, path);
          break;
        case '$inc': {
          const current = getPath(doc, path);
          setPath(doc, path, (typeof current === 'number' ? current : 0) + (value as number));
          break;
        }
        case '$max':
        case '$min': {
          const current = getPath(doc, path) as number | undefined;
          const next = value as number;
          const replace = current === undefined || current === null || (operator === '$max' ? next > current : next < current);
          if (replace) setPath(doc, path, value);
          break;
        }
        case '$addToSet':
        case '$push': {
          const current = getPath(doc, path);
          const list = Array.isArray(current) ? current.slice() : [];
          const items = value && typeof value === 'object' && '$each' in (value as Doc) ? ((value as Doc).$each as unknown[]) : [value];
          for (const item of items) {
            const present = operator === '$addToSet' && (item === null || typeof item !== 'object' ? list.includes(item) : list.some((existing) => isDeepStrictEqual(existing, item)));
            if (!present) list.push(ownedValue(item));
          }
          setPath(doc, path, list);
          break;
        }
        default:
          throw new Error(`update operator ${operator} is not supported by batched projections`);
      }
    }
  }
}

function getPath(doc: Doc, path: string): unknown {
  if (!path.includes('.')) return doc[path];
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Doc)[part];
  }
  return node;
}

/** A copy of a plain object or array, to change (the one it copies may be shared). */
function copyOf(node: unknown): Doc | undefined {
  if (Array.isArray(node)) return node.slice() as unknown as Doc;
  if (node === null || typeof node !== 'object') return undefined;
  const proto = Object.getPrototypeOf(node) as object | null;
  return proto === Object.prototype || proto === null ? { ...(node as Doc) } : undefined;
}

/** Sets the value at the path in `doc`, through copies of the objects along it (a missing or scalar one becomes `{}`). */
function setPath(doc: Doc, path: string, value: unknown): void {
  if (!path.includes('.')) {
    doc[path] = value;
    return;
  }
  const parts = path.split('.');
  let node = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const child = node[parts[i]!];
    if (child !== null && typeof child === 'object' && !copyOf(child)) throw new Error(`cannot set ${path}: ${parts.slice(0, i + 1).join('.')} holds a value that is not an object`);
    const copy = copyOf(child) ?? {};
    node[parts[i]!] = copy;
    node = copy;
  }
  node[parts.at(-1)!] = value;
}

/** Removes the field at the path, through copies of the objects along it; nothing is copied when it is not there. */
function unsetPath(doc: Doc, path: string): void {
  if (!path.includes('.')) {
    delete doc[path];
    return;
  }
  const parts = path.split('.');
  const last = parts.pop()!;
  const parent = getPath(doc, parts.join('.'));
  if (parent === null || typeof parent !== 'object' || !Object.prototype.hasOwnProperty.call(parent, last)) return;
  let node = doc;
  for (const part of parts) {
    const copy = copyOf(node[part]);
    if (!copy) return;
    node[part] = copy;
    node = copy;
  }
  delete node[last];
}
