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

/** One page of entries in order, and how many there are in all. */
export interface TextIndexPage<E> {
  entries: E[];
  total: number;
}

/**
 * The first `limit` of `items` in `order` (a total order), as a full sort would give them, without
 * sorting them all: a page of 20 out of thousands of matches costs about one comparison per item.
 */
export function firstInOrder<T>(items: readonly T[], order: (a: T, b: T) => number, limit: number): T[] {
  if (limit <= 0) return [];
  if (limit * 4 >= items.length) return [...items].sort(order).slice(0, limit);
  const best: T[] = [];
  for (const item of items) {
    if (best.length === limit && order(item, best[limit - 1]) >= 0) continue;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (order(item, best[mid]) < 0) high = mid;
      else low = mid + 1;
    }
    best.splice(low, 0, item);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** The entries from `offset` to `offset + limit` of `items` in `order`, and their number. */
export function pageInOrder<T>(items: readonly T[], order: (a: T, b: T) => number, offset: number, limit: number): TextIndexPage<T> {
  return { entries: firstInOrder(items, order, offset + limit).slice(offset), total: items.length };
}

/** Bounds of the recent queries' matches kept by an index: queries, and matches in all (about 50 bytes each). */
const RECENT_QUERIES = 1_000;
const RECENT_HITS = 100_000;
/** Bound of the recent pages kept by an index (20 entries each, the entries themselves being the index's). */
const RECENT_PAGES = 1_000;
/** Queries whose folded words are kept (a query is at most a few hundred characters). */
const FOLDED_QUERIES = 1_000;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

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
  /**
   * What recent queries matched (ids and scores), least recently asked dropped first, all of it
   * dropped when the index changes: a query asked again (a popular search, the next page) costs no
   * second MiniSearch search, which was most of a search's time in the profile.
   */
  private readonly recent = new Map<string, { id: string; score: number }[]>();
  private recentHits = 0;
  /**
   * Recent pages of `page` calls that named their filters and order (`key`), dropped with the
   * matches: a query with a thousand matches still cost a pass over them all (filter, order of the
   * page: most of a repeated search's time in the profile) when asked again.
   */
  private readonly recentPages = new Map<string, TextIndexPage<E>>();
  private changes = 0;

  /** @param fold the service's query folding (the same as its search text's). */
  constructor(private readonly fold: (query: string) => string) {}

  get size(): number {
    return this.entries.size;
  }

  /** Grows at every change of the index: a caller keeping pages that depend on this index names it in their `key`. */
  get version(): number {
    return this.changes;
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
    this.changes++;
    this.recent.clear();
    this.recentHits = 0;
    this.recentPages.clear();
    return true;
  }

  /** Every entry kept by `keep`, in no particular order (a browse without a query). */
  filter(keep: (entry: E) => boolean): E[] {
    const kept: E[] = [];
    for (const entry of this.entries.values()) if (keep(entry)) kept.push(entry);
    return kept;
  }

  /**
   * Recent queries' words, least recently asked dropped first: folding a query (transliteration, Unicode normalisation)
   * was asked twice a search and showed in the profile; it depends on the query alone, so it outlives index changes.
   */
  private readonly folded = new Map<string, readonly string[]>();

  /** The query's words as the index sees them; empty for a query with nothing searchable (only spaces or punctuation). */
  queryWords(query: string): readonly string[] {
    let words = this.folded.get(query);
    if (words) {
      this.folded.delete(query);
    } else {
      words = Object.freeze(splitWords(this.fold(query)));
      if (this.folded.size >= FOLDED_QUERIES) this.folded.delete(this.folded.keys().next().value!);
    }
    this.folded.set(query, words);
    return words;
  }

  /**
   * Every entry matching all the query's words and kept by `keep`, best first (ties by `tieBreak`,
   * then id, so pages never overlap). A query with nothing searchable matches nothing.
   */
  search(query: string, keep: (entry: E) => boolean, tieBreak: (a: E, b: E) => number = () => 0): TextIndexHit<E>[] {
    return this.matches(query, keep).sort(this.byScore(tieBreak));
  }

  /**
   * One page of the entries `search` would return (or of the same entries in `order`, when the
   * caller sorts by something else than relevance), and how many match in all: only the page is
   * put in order (the profile of a search with thousands of matches was mostly the full sort).
   * With a `key` that names everything `keep`, `tieBreak` and `order` depend on (the filters and
   * sort asked for), the page is kept until the index changes, and the same page asked again is
   * answered from it.
   */
  page(query: string, keep: (entry: E) => boolean, options: { offset: number; limit: number; tieBreak?: (a: E, b: E) => number; order?: (a: E, b: E) => number; key?: string }): TextIndexPage<E> {
    const pageKey = options.key === undefined ? undefined : [this.queryWords(query).join(' '), options.key, options.offset, options.limit].join('\u0000');
    const kept = pageKey === undefined ? undefined : this.recentPages.get(pageKey);
    if (kept) return kept;
    const hits = this.matches(query, keep);
    const order = options.order;
    const found = order ? pageInOrder(hits, (a, b) => order(a.entry, b.entry) || byId(a.entry, b.entry), options.offset, options.limit) : pageInOrder(hits, this.byScore(options.tieBreak ?? (() => 0)), options.offset, options.limit);
    const answer = { entries: found.entries.map((hit) => hit.entry), total: found.total };
    if (pageKey !== undefined) {
      if (this.recentPages.size >= RECENT_PAGES) this.recentPages.delete(this.recentPages.keys().next().value!);
      this.recentPages.set(pageKey, answer);
    }
    return answer;
  }

  /** Every entry matching all the query's words and kept by `keep`, in no particular order. */
  private matches(query: string, keep: (entry: E) => boolean): TextIndexHit<E>[] {
    const words = this.queryWords(query);
    if (!words.length) return [];
    const hits: TextIndexHit<E>[] = [];
    for (const result of this.matchesOf(words.join(' '))) {
      const entry = this.entries.get(result.id);
      if (entry && keep(entry)) hits.push({ entry, score: result.score });
    }
    return hits;
  }

  private matchesOf(words: string): { id: string; score: number }[] {
    const known = this.recent.get(words);
    if (known) {
      this.recent.delete(words);
      this.recent.set(words, known);
      return known;
    }
    const found = this.mini.search(words).map((result) => ({ id: result.id as string, score: result.score }));
    if (found.length <= RECENT_HITS / 4) {
      this.recent.set(words, found);
      this.recentHits += found.length;
      for (const [oldest, hits] of this.recent) {
        if (this.recentHits <= RECENT_HITS && this.recent.size <= RECENT_QUERIES) break;
        this.recent.delete(oldest);
        this.recentHits -= hits.length;
      }
    }
    return found;
  }

  /** Best first, ties by `tieBreak`, then id (so pages never overlap). */
  private byScore(tieBreak: (a: E, b: E) => number): (a: TextIndexHit<E>, b: TextIndexHit<E>) => number {
    return (a, b) => b.score - a.score || tieBreak(a.entry, b.entry) || byId(a.entry, b.entry);
  }
}

/** Milliseconds of one change span: the ISO time's first 18 characters (to the tens of seconds). */
const CHANGE_SPAN_MS = 10_000;
const MAX_SPANS = 30;

/**
 * The 10-second span an ISO `updatedAt` falls in, stored beside it (`changedIn`) by every writer of a searched
 * collection: an index feed finds recent changes by equality on it, which FerretDB hands to PostgreSQL, where a range
 * on `updatedAt` makes it read and decode the whole collection (about a second of its CPU per 10,000 documents, every
 * refresh, on the cores the requests need).
 */
export const changeSpan = (updatedAt: string): string => updatedAt.slice(0, 18);

/** `updatedAt` and its span, for a writer to store together. */
export const changeStamp = (at: string): { updatedAt: string; changedIn: string } => ({ updatedAt: at, changedIn: changeSpan(at) });

/**
 * The documents changed at or after `since` (all of them without it), read by one equality query on `changedIn` per
 * span from `since` to `aheadMs` past now (a writer's clock may run ahead of this one's); by one range query when
 * that is more than MAX_SPANS spans (the feed had failed for minutes).
 */
export async function readChangedSince<D extends { updatedAt: string }>(find: (filter: Record<string, unknown>) => Promise<D[]>, since: string | undefined, aheadMs = 5_000): Promise<D[]> {
  if (since === undefined) return find({});
  const spans: string[] = [];
  const last = changeSpan(new Date(Date.now() + aheadMs).toISOString());
  for (let at = Date.parse(since); ; at += CHANGE_SPAN_MS) {
    const span = changeSpan(new Date(at).toISOString());
    spans.push(span);
    if (span >= last) break;
    if (spans.length > MAX_SPANS) return find({ updatedAt: { $gte: since } });
  }
  // The first span also holds what changed before `since`: the store leaves that out (FerretDB still hands the equality
  // to PostgreSQL, and filters the range itself), so a span's earlier documents (after a bulk write, thousands: every
  // replica read them all back every refresh for the span's 10 s) are neither sent nor decoded here.
  const found = await Promise.all(spans.map((span, i) => find(i === 0 ? { changedIn: span, updatedAt: { $gte: since } } : { changedIn: span })));
  return found.flat().filter((doc) => doc.updatedAt >= since);
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
  // A tick while a read is still running starts nothing (one failure, one report); once stopped (the
  // database closing at shutdown), a read still running fails unreported.
  let stopped = false;
  const timer = setInterval(() => {
    if (!running) void refresh().catch((error: unknown) => stopped || options.onError(error));
  }, options.everyMs);
  timer.unref();
  return {
    refresh,
    stop: () => {
      stopped = true;
      clearInterval(timer);
    },
  };
}
