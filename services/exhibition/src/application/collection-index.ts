import { Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { FilterQuery, Model } from 'mongoose';
import { feedIndex, readChangedSince, TextIndex } from '@banat/messaging';
import { foldText } from '../domain';

/** A document of a read model the exhibition searches: its id, its folded names and when it was last written. */
export interface SearchableDoc {
  _id: string;
  searchText: string;
  updatedAt: string;
  changedIn?: string;
}

/** A document in a search index: its folded names, its revision (a later one replaces it), and the stored document to filter and answer from memory. */
export interface IndexedDoc<D> {
  id: string;
  text: string;
  revision: number;
  doc: D;
}

/**
 * This replica's full-text index of one read model's collection: built from the database at start, kept by this
 * process's own writes (`written`), and every SEARCH_REFRESH_MS reads back what other replicas wrote (their
 * projectors share the durable consumer, their writers the database). The database stays the record.
 */
export abstract class CollectionIndex<D extends SearchableDoc> implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly index = new TextIndex<IndexedDoc<D>>(foldText);
  private readonly logger = new Logger(this.constructor.name);
  private feed?: { stop(): void };

  /** `what`: the documents as the log names them; `revisionOf`: the document's own revision counter. */
  protected constructor(
    private readonly model: Model<D>,
    private readonly refreshMs: number,
    private readonly what: string,
    private readonly revisionOf: (doc: D) => number,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.feed = await feedIndex(this.index, {
      read: async (since) => (await readChangedSince((filter) => this.model.find(filter as FilterQuery<D>).lean<D[]>(), since)).map((doc) => this.entry(doc)),
      everyMs: this.refreshMs,
      onError: (error) => this.logger.warn(`${this.what} search index refresh: ${error}`),
    });
    this.logger.log(`${this.what} search index: ${this.index.size} entries`);
  }

  onApplicationShutdown(): void {
    this.feed?.stop();
  }

  /** A document as just written by this process. */
  written(doc: D): void {
    this.index.put(this.entry(doc));
  }

  private entry(doc: D): IndexedDoc<D> {
    return { id: doc._id, text: doc.searchText, revision: this.revisionOf(doc), doc };
  }
}
