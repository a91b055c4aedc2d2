import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { FilterQuery, Model } from 'mongoose';
import { feedIndex, readChangedSince, TextIndex, TextIndexEntry } from './text-index';

/** A document of a collection replicas keep copies of: its id, and when it was last written with that time's span (`changeStamp`). */
export interface StampedDoc {
  _id: string;
  updatedAt?: string;
  changedIn?: string;
}

/** A document in a replica's copy: its id, its folded search text ('' for none), its revision (a later one replaces it), and the stored document. */
export interface CopiedDoc<D> extends TextIndexEntry {
  doc: D;
}

export interface CollectionCopyOptions<D> {
  /** How often what other replicas wrote is read back (ms; SEARCH_REFRESH_MS). */
  refreshMs: number;
  /** The documents as the log names them. */
  what: string;
  /** The document's own revision counter: only a later one replaces what the copy holds. */
  revisionOf(doc: D): number;
  /** The document's folded search text, and the same folding for queries; without them the copy has no text search. */
  textOf?(doc: D): string;
  fold?(query: string): string;
  /**
   * Which documents the copy takes in (all without it): one it does not hold yet is left out unless kept, one it holds is
   * always replaced by a later revision (a listing withdrawn replaces the open one). Bounds the copy by what its readers
   * can use (open listings, not every listing ever withdrawn) from one start to the next.
   */
  holds?(doc: D): boolean;
}

/**
 * This replica's copy of one collection, which it searches, filters and pages from memory: read from the database at
 * start, kept by this process's own writes (`written`), and every `refreshMs` reading back what other replicas wrote,
 * by equality on the 10-second span every writer stamps beside `updatedAt` (`changeStamp`, `readChangedSince`).
 * The database stays the record. Why: FerretDB 1.24 hands only equalities to PostgreSQL, so a sorted page with a
 * range and a count read and decoded the whole collection at every request (see README, Known limits).
 */
export abstract class CollectionCopy<D extends StampedDoc> implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly index: TextIndex<CopiedDoc<D>>;
  private readonly logger = new Logger(this.constructor.name);
  private feed?: { refresh(): Promise<void>; stop(): void };
  private stopping = false;

  protected constructor(
    private readonly model: Model<D>,
    private readonly options: CollectionCopyOptions<D>,
  ) {
    this.index = new TextIndex<CopiedDoc<D>>(options.fold ?? ((query) => query));
  }

  async onApplicationBootstrap(): Promise<void> {
    this.feed = await feedIndex(this.index, {
      read: async (since) => (await readChangedSince((filter) => this.model.find(filter as FilterQuery<D>).lean<Array<D & { updatedAt: string }>>(), since)).filter((doc) => this.takes(doc)).map((doc) => this.entry(doc)),
      everyMs: this.options.refreshMs,
      onError: (error) => {
        if (!this.stopping) this.logger.warn(`${this.options.what}: refresh of this replica's copy: ${error}`);
      },
    });
    this.logger.log(`${this.options.what}: ${this.index.size} in this replica's copy`);
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    this.feed?.stop();
  }

  get size(): number {
    return this.index.size;
  }

  /** A document as this process just wrote it. */
  written(doc: D): void {
    if (this.takes(doc)) this.index.put(this.entry(doc));
  }

  /** Reads back now what other replicas wrote (tests; a caller that must not wait for the next refresh). */
  refresh(): Promise<void> {
    return this.feed?.refresh() ?? Promise.resolve();
  }

  /** Every document the copy holds that `keep` keeps, in no particular order. */
  documents(keep: (doc: D) => boolean): D[] {
    return this.index.filter((entry) => keep(entry.doc)).map((entry) => entry.doc);
  }

  private takes(doc: D): boolean {
    return !this.options.holds || this.options.holds(doc) || this.index.get(doc._id) !== undefined;
  }

  private entry(doc: D): CopiedDoc<D> {
    return { id: doc._id, text: this.options.textOf?.(doc) ?? '', revision: this.options.revisionOf(doc), doc };
  }
}
