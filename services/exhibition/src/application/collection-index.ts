import { Model } from 'mongoose';
import { CollectionCopy, CopiedDoc } from '@banat/messaging';
import { foldText } from '../domain';

/** A document of a read model the exhibition searches: its id, its folded names and when it was last written. */
export interface SearchableDoc {
  _id: string;
  searchText: string;
  updatedAt: string;
  changedIn?: string;
}

/** A document in a search index: its folded names, its revision (a later one replaces it), and the stored document to filter and answer from memory. */
export type IndexedDoc<D> = CopiedDoc<D>;

/**
 * This replica's full-text index of one read model's collection (a CollectionCopy searched by its folded names):
 * built from the database at start, kept by this process's own writes (`written`), and every SEARCH_REFRESH_MS reads
 * back what other replicas wrote (their projectors share the durable consumer, their writers the database). The
 * database stays the record.
 */
export abstract class CollectionIndex<D extends SearchableDoc> extends CollectionCopy<D> {
  /** `what`: the documents as the log names them; `revisionOf`: the document's own revision counter. */
  protected constructor(model: Model<D>, refreshMs: number, what: string, revisionOf: (doc: D) => number) {
    super(model, { refreshMs, what: `${what} search index`, revisionOf, textOf: (doc) => doc.searchText, fold: foldText });
  }
}
