import { POSITION_FIELD, POSITION_SPAN_FIELD, positionSpan } from './position-filter';

/** A read-model document as a mirror holds it: a string `_id`, and the position of the last event applied to it. */
export interface MirroredDoc {
  _id: string;
  _position?: number;
}

export interface ReadModelMirrorOptions<D extends MirroredDoc> {
  /** The projection writing the collection: its stored checkpoint says how far the store is written. */
  projection: string;
  /** The stored checkpoint of `projection` (saved only after the documents it covers are written). */
  checkpoint(projection: string): Promise<number>;
  /** The collection's documents matching `filter` (lean; unsorted: FerretDB 1.x sorts in its own memory). */
  find(filter: Record<string, unknown>): Promise<D[]>;
  /** How old a copy may be answered from without reading the checkpoint again (ms); a caller's `after` always is. */
  maxStalenessMs?: number;
  /** More spans than this to read since the last refresh: the whole collection is read again instead. */
  maxSpans?: number;
}

/** What a refresh did: for the log, the tests and the bench. */
export interface MirrorRefresh {
  kind: 'full' | 'spans' | 'none';
  documents: number;
  queries: number;
}

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A copy, in this process, of a read-model collection written by one projection that only upserts (never deletes), in
 * `_id` order, for lists that filter, sort, count and page: FerretDB 1.x pushes no sort and no range down to
 * PostgreSQL, so a sorted page, or a count, read and decoded the whole collection every time (about 1.2 s of its CPU
 * each at 10,000 register entries). The database stays the record.
 *
 * Kept by reading back only what changed: every write of a projection that keeps spans (`readModelPositionPlugin(schema,
 * { spans: true })`) stores `_positionSpan` beside `_position`, and a refresh reads the spans from the one holding the
 * position it had reached to the one holding the projection's stored checkpoint, one equality query each. A document
 * whose last write is at or before the checkpoint is in the store (the checkpoint is saved after it), so none is
 * missed; one written later is read again at the next refresh, and a copy only ever gives way to a later position.
 * A checkpoint behind the one reached (the projection reset, the history restored) reads everything again.
 */
export class ReadModelMirror<D extends MirroredDoc> {
  private docs = new Map<string, D>();
  /** `_id`s in order (binary, as MongoDB orders strings). */
  private order: string[] = [];
  /** The stored checkpoint every document at or before which has been read; undefined before the first load. */
  private reached?: number;
  /** The stored checkpoint as the last refresh read it. */
  private checkpointRead = 0;
  private refreshedAt = -Infinity;
  private running?: Promise<MirrorRefresh>;
  private readonly maxStalenessMs: number;
  private readonly maxSpans: number;
  /** The last refresh: what it read. */
  last?: MirrorRefresh;

  constructor(private readonly options: ReadModelMirrorOptions<D>) {
    this.maxStalenessMs = options.maxStalenessMs ?? 100;
    this.maxSpans = options.maxSpans ?? 64;
  }

  get size(): number {
    return this.docs.size;
  }

  /** The position up to which every write is in this copy (undefined before the first load). */
  get position(): number | undefined {
    return this.reached;
  }

  /**
   * The documents in `_id` order, once this copy holds every write up to `after` (a position the caller knows is
   * written: it waited for the projection first), or, without `after`, every write up to a checkpoint read at most
   * `maxStalenessMs` ago.
   */
  async documents(after?: number): Promise<{ ids: readonly string[]; get(id: string): D }> {
    for (;;) {
      if (this.running) {
        await this.running.catch(() => undefined);
        continue;
      }
      const fresh = after !== undefined && after > 0 ? this.reached !== undefined && this.reached >= after : performance.now() - this.refreshedAt <= this.maxStalenessMs;
      if (fresh) break;
      await this.refresh(after);
      break;
    }
    const docs = this.docs;
    return { ids: this.order, get: (id) => docs.get(id)! };
  }

  /** Reads what changed since the last refresh (everything, the first time); one at a time, callers share it. */
  refresh(after?: number): Promise<MirrorRefresh> {
    if (this.running) return this.running;
    const started = performance.now();
    const run = (async () => {
      const checkpoint = await this.options.checkpoint(this.options.projection);
      // Read up to the caller's `after` too: its documents are written, the checkpoint may be saved a moment later.
      const upTo = Math.max(checkpoint, after ?? 0);
      let result: MirrorRefresh;
      // (A checkpoint behind the last one read: the projection was reset, or the history restored.)
      if (this.reached === undefined || checkpoint < this.checkpointRead || positionSpan(upTo) - positionSpan(this.reached) + 1 > this.maxSpans) {
        result = await this.reload();
      } else if (upTo <= this.reached) {
        result = { kind: 'none', documents: 0, queries: 0 };
      } else {
        const spans: number[] = [];
        for (let span = positionSpan(this.reached); span <= positionSpan(upTo); span++) spans.push(span);
        const found = await Promise.all(spans.map((span) => this.options.find({ [POSITION_SPAN_FIELD]: span })));
        result = { kind: 'spans', documents: this.putAll(found.flat()), queries: spans.length };
      }
      // Every write up to `upTo` is now here: the checkpoint's are in the store, and so are those up to the caller's `after`.
      this.reached = result.kind === 'none' ? this.reached : upTo;
      this.checkpointRead = checkpoint;
      this.refreshedAt = started;
      this.last = result;
      return result;
    })();
    this.running = run;
    void run.then(
      () => (this.running = undefined),
      () => (this.running = undefined),
    );
    return run;
  }

  /** Everything again, swapped in at once. */
  private async reload(): Promise<MirrorRefresh> {
    const list = await this.options.find({});
    const docs = new Map<string, D>();
    for (const doc of list) docs.set(String(doc._id), doc);
    this.docs = docs;
    this.order = [...docs.keys()].sort(byKey);
    return { kind: 'full', documents: list.length, queries: 1 };
  }

  /** Keeps each document unless this copy holds it at a later position; how many were taken. */
  private putAll(list: D[]): number {
    // A new map and array, not changes in place: a caller may still be reading the previous ones.
    let docs: Map<string, D> | undefined;
    const added: string[] = [];
    let taken = 0;
    for (const doc of list) {
      const id = String(doc._id);
      const known = (docs ?? this.docs).get(id);
      if (known && (known[POSITION_FIELD] ?? 0) >= (doc[POSITION_FIELD] ?? 0)) continue;
      if (!known) added.push(id);
      (docs ??= new Map(this.docs)).set(id, doc);
      taken++;
    }
    if (docs) this.docs = docs;
    if (added.length > 0) this.order = [...this.order, ...added].sort(byKey);
    return taken;
  }
}
