import MiniSearch from 'minisearch';

/**
 * What a service puts in its search index: the document's already folded search text (words in the
 * service's search-key form, separated by spaces or ' | '), a revision that only grows, and whatever
 * the service needs to filter, sort and answer without a database round trip.
 */
export interface TextIndexEntry {
  id: string;
  text: string;
  revision: number;
}

export interface TextIndexHit<E> {
  entry: E;
  score: number;
}

const splitWords = (text: string): string[] => text.split(/[ |]+/).filter((word) => word !== '');

/**
 * An in-process full-text index (MiniSearch): ranked (BM25), every query word must match a word of
 * the text as a prefix or with a typo (one edit from 5 letters, two from 9). The service folds the
 * query the way it folded the text (scripts, diacritics, case), so "Нови Сад", "novi sad" and
 * "Novy Sd" find the same booth. Entries are replaced only by a later revision, so a write seen in
 * this process and the same write read back from the database later are applied once.
 */
export class TextIndex<E extends TextIndexEntry> {
  private readonly mini = new MiniSearch<{ id: string; text: string }>({
    fields: ['text'],
    idField: 'id',
    tokenize: splitWords,
    processTerm: (term) => term,
    searchOptions: {
      combineWith: 'AND',
      prefix: true,
      fuzzy: (term) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : false),
      tokenize: splitWords,
      processTerm: (term) => term,
    },
  });
  private readonly entries = new Map<string, E>();

  /** @param fold the service's query folding (the same as its search text's). */
  constructor(private readonly fold: (query: string) => string) {}

  get size(): number {
    return this.entries.size;
  }

  get(id: string): E | undefined {
    return this.entries.get(id);
  }

  /** Adds the entry or replaces an older revision of it; false when the index already holds this revision or a later one. */
  put(entry: E): boolean {
    const known = this.entries.get(entry.id);
    if (known && known.revision >= entry.revision) return false;
    if (this.mini.has(entry.id)) this.mini.discard(entry.id);
    if (entry.text.trim() !== '') this.mini.add({ id: entry.id, text: entry.text });
    this.entries.set(entry.id, entry);
    return true;
  }

  /** Every entry kept by `keep`, in no particular order (a browse without a query). */
  filter(keep: (entry: E) => boolean): E[] {
    const kept: E[] = [];
    for (const entry of this.entries.values()) if (keep(entry)) kept.push(entry);
    return kept;
  }

  /** The query's words as the index sees them; empty for a query with nothing searchable (only spaces or punctuation). */
  queryWords(query: string): string[] {
    return splitWords(this.fold(query));
  }

  /**
   * Every entry matching all the query's words and kept by `keep`, best first (ties by `tieBreak`,
   * then id, so pages never overlap). A query with nothing searchable matches nothing.
   */
  search(query: string, keep: (entry: E) => boolean, tieBreak: (a: E, b: E) => number = () => 0): TextIndexHit<E>[] {
    const words = this.queryWords(query);
    if (!words.length) return [];
    const hits: TextIndexHit<E>[] = [];
    for (const result of this.mini.search(words.join(' '))) {
      const entry = this.entries.get(result.id as string);
      if (entry && keep(entry)) hits.push({ entry, score: result.score });
    }
    return hits.sort((a, b) => b.score - a.score || tieBreak(a.entry, b.entry) || (a.entry.id < b.entry.id ? -1 : a.entry.id > b.entry.id ? 1 : 0));
  }
}

export interface IndexFeedOptions<E> {
  /** Entries of the documents whose `updatedAt` is at or after `since` (an ISO time; all of them without it). */
  read(since: string | undefined): Promise<E[]>;
  /** How often changes written by other replicas are read back (ms). */
  everyMs: number;
  /**
   * How far before the previous read each read starts (ms): covers a write committed a little after
   * the `updatedAt` it carries, and clocks that differ between replicas by less than that.
   */
  marginMs?: number;
  onError(error: unknown): void;
}

/**
 * Keeps a replica's index up to date with the database, the record: everything at start, then every
 * `everyMs` what changed since the previous read began, less a margin (a document is read back a
 * few times, harmlessly: entries are replaced by revision only). Writes made in this process are put
 * in the index by the writer at once.
 */
export async function feedIndex<E extends TextIndexEntry>(index: TextIndex<E>, options: IndexFeedOptions<E>): Promise<{ refresh(): Promise<void>; stop(): void }> {
  const marginMs = options.marginMs ?? 5_000;
  let since: string | undefined;
  let running: Promise<void> | undefined;
  const refresh = () =>
    (running ??= (async () => {
      try {
        const started = Date.now();
        for (const entry of await options.read(since)) index.put(entry);
        since = new Date(started - marginMs).toISOString();
      } finally {
        running = undefined;
      }
    })());
  await refresh();
  const timer = setInterval(() => void refresh().catch(options.onError), options.everyMs);
  timer.unref();
  return { refresh, stop: () => clearInterval(timer) };
}
