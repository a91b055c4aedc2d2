import { changeStamp, feedIndex, firstInOrder, pageInOrder, readChangedSince, TextIndex } from './text-index';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const entry = (id: string, text: string, revision = 1) => ({ id, text, revision, country: id.startsWith('ro') ? 'RO' : 'RS' });

describe('TextIndex', () => {
  const make = () => {
    const index = new TextIndex<ReturnType<typeof entry>>(fold);
    index.put(entry('ro-1', 'brutaria banateana'));
    index.put(entry('ro-2', 'banat honey'));
    index.put(entry('rs-1', 'pekara banat | pekara'));
    return index;
  };
  const ids = (index: TextIndex<ReturnType<typeof entry>>, q: string, keep: (e: ReturnType<typeof entry>) => boolean = () => true) => index.search(q, keep).map((h) => h.entry.id);

  it('matches every word as a prefix or with one typo from five letters, whole words first', () => {
    const index = make();
    expect(ids(index, 'Banat')).toEqual(['ro-2', 'rs-1', 'ro-1']);
    expect(ids(index, 'pekara banat')).toEqual(['rs-1']);
    expect(ids(index, 'brutarja')).toEqual(['ro-1']);
    expect(ids(index, 'anat')).toEqual([]);
    expect(ids(index, 'banat', (e) => e.country === 'RS')).toEqual(['rs-1']);
  });

  it('matches nothing for a query without letters or digits', () => {
    const index = make();
    expect(index.queryWords(' ?! — ')).toEqual([]);
    expect(ids(index, ' ?! — ')).toEqual([]);
  });

  it('folds a query once while it is asked again (its words kept, through index changes), a thousand queries at most', () => {
    let folds = 0;
    const index = new TextIndex<ReturnType<typeof entry>>((text) => (folds++, fold(text)));
    index.put(entry('ro-1', 'brutaria banateana'));
    const page = () => index.page('Brutăria  BAN', () => true, { offset: 0, limit: 20, key: 'all' });
    expect(page().entries.map((e) => e.id)).toEqual(['ro-1']);
    expect(index.queryWords('Brutăria  BAN')).toEqual(['brutaria', 'ban']);
    index.put(entry('ro-2', 'brutaria noua'));
    expect(index.search('Brutăria  BAN', () => true).map((h) => h.entry.id)).toEqual(['ro-1']);
    expect(folds).toBe(1);
    for (let i = 0; i < 1000; i++) index.queryWords(`query ${i}`);
    expect(folds).toBe(1001);
    index.queryWords('Brutăria  BAN');
    expect(folds).toBe(1002);
  });

  it('replaces an entry only with a later revision, also one first indexed without text', () => {
    const index = make();
    expect(index.put(entry('ro-2', 'stupina', 1))).toBe(false);
    expect(index.put(entry('ro-2', 'stupina', 2))).toBe(true);
    expect(ids(index, 'honey')).toEqual([]);
    expect(ids(index, 'stupina')).toEqual(['ro-2']);
    index.put(entry('hu-1', '', 1));
    index.put(entry('hu-1', 'szegedi', 2));
    expect(ids(index, 'szegedi')).toEqual(['hu-1']);
    expect(index.size).toBe(4);
  });

  it('counts its changes in version: a put that changes nothing leaves it as it was', () => {
    const index = make();
    expect(index.version).toBe(3);
    expect(index.put(entry('ro-2', 'stupina', 1))).toBe(false);
    expect(index.version).toBe(3);
    index.put(entry('ro-2', 'stupina', 2));
    expect(index.version).toBe(4);
  });

  it('a page is the slice of the full order, by relevance or by the caller\'s order, with the number of matches', () => {
    const index = new TextIndex<ReturnType<typeof entry>>(fold);
    for (let i = 0; i < 60; i++) index.put(entry(`ro-${String(i).padStart(2, '0')}`, i % 3 === 0 ? 'banat banat honey' : `banat honey ${i}`));
    const all = index.search('banat', () => true).map((h) => h.entry.id);
    expect(all).toHaveLength(60);
    for (const offset of [0, 7, 20, 55]) {
      const page = index.page('banat', () => true, { offset, limit: 5 });
      expect(page).toEqual({ entries: all.slice(offset, offset + 5).map((id) => expect.objectContaining({ id })), total: 60 });
    }
    const byIdDescending = (a: { id: string }, b: { id: string }) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
    expect(index.page('banat', (e) => e.id !== 'ro-59', { offset: 0, limit: 3, order: byIdDescending }).entries.map((e) => e.id)).toEqual(['ro-58', 'ro-57', 'ro-56']);
    expect(index.page('banat', () => true, { offset: 0, limit: 3 }).total).toBe(60);
  });

  it('firstInOrder gives what a full sort gives, in any input order, ties included', () => {
    const order = (a: { k: number; id: number }, b: { k: number; id: number }) => a.k - b.k || a.id - b.id;
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const n of [0, 1, 10, 100, 1000]) {
      const items = Array.from({ length: n }, (_, id) => ({ k: Math.floor(random() * 10), id }));
      for (const input of [items, [...items].sort(order), [...items].sort(order).reverse()]) {
        for (const limit of [0, 1, 5, 20, n]) expect(firstInOrder(input, order, limit)).toEqual([...items].sort(order).slice(0, limit));
      }
    }
    expect(pageInOrder([5, 3, 9, 1, 7, 2, 8, 4, 6, 0, 11, 10], (a, b) => a - b, 2, 2)).toEqual({ entries: [2, 3], total: 12 });
  });

  it('a query asked again sees every change made to the index since', () => {
    const index = make();
    expect(ids(index, 'stupina')).toEqual([]);
    index.put(entry('ro-3', 'stupina banat', 1));
    expect(ids(index, 'stupina')).toEqual(['ro-3']);
    expect(ids(index, 'banat').sort()).toEqual(['ro-1', 'ro-2', 'ro-3', 'rs-1']);
    index.put(entry('ro-3', 'stupina', 2));
    expect(ids(index, 'banat').sort()).toEqual(['ro-1', 'ro-2', 'rs-1']);
    index.put(entry('ro-3', 'moara', 3));
    expect(ids(index, 'stupina')).toEqual([]);
    // A write of a revision already held changes nothing, and the answer stays the same.
    index.put(entry('ro-3', 'stupina', 3));
    expect(ids(index, 'moara')).toEqual(['ro-3']);
  });

  it('a page named by its filters is the same page asked again, per key, and follows every change to the index', () => {
    const index = make();
    const onlyRs = (e: ReturnType<typeof entry>) => e.country === 'RS';
    const asked = (key: string, keep: (e: ReturnType<typeof entry>) => boolean = () => true) => index.page('Banat', keep, { offset: 0, limit: 2, key }).entries.map((e) => e.id);
    expect(asked('all')).toEqual(['ro-2', 'rs-1']);
    expect(asked('all')).toEqual(['ro-2', 'rs-1']);
    // Another key is another page: the filter it names applies.
    expect(asked('rs', onlyRs)).toEqual(['rs-1']);
    expect(index.page('banat', () => true, { offset: 2, limit: 2, key: 'all' })).toEqual({ entries: [expect.objectContaining({ id: 'ro-1' })], total: 3 });
    // A change drops the kept pages: the next ask sees it.
    index.put(entry('rs-2', 'banat', 1));
    expect(asked('rs', onlyRs)).toEqual(['rs-2', 'rs-1']);
    index.put(entry('rs-2', 'moara', 2));
    expect(asked('rs', onlyRs)).toEqual(['rs-1']);
    expect(index.page('banat', () => true, { offset: 0, limit: 5, key: 'all' }).total).toBe(3);
  });
});

describe('feedIndex', () => {
  afterEach(() => jest.useRealTimers());

  it('reads once per tick at most, reports a failing read once, and nothing once stopped', async () => {
    jest.useFakeTimers();
    const index = new TextIndex<ReturnType<typeof entry>>(fold);
    let reads = 0;
    let fail: ((error: Error) => void) | undefined;
    const errors: unknown[] = [];
    const feed = await feedIndex(index, {
      read: async () => {
        if (++reads === 1) return [entry('ro-1', 'banat')];
        return new Promise((_resolve, reject) => (fail = reject));
      },
      everyMs: 10,
      onError: (error) => errors.push(error),
    });
    expect(index.size).toBe(1);
    await jest.advanceTimersByTimeAsync(55); // five ticks while the second read hangs
    expect(reads).toBe(2);
    fail!(new Error('store down'));
    await jest.advanceTimersByTimeAsync(0);
    expect(errors.map(String)).toEqual(['Error: store down']);
    await jest.advanceTimersByTimeAsync(10); // the next tick reads again
    expect(reads).toBe(3);
    feed.stop();
    fail!(new Error('client was closed'));
    await jest.advanceTimersByTimeAsync(50);
    expect(errors).toHaveLength(1);
    expect(reads).toBe(3);
  });
});

describe('readChangedSince', () => {
  afterEach(() => jest.useRealTimers());

  /** A collection answering equality on changedIn and a range on updatedAt, recording the filters it was asked. */
  const collection = (docs: { id: string; updatedAt: string; changedIn?: string }[]) => {
    const asked: Record<string, unknown>[] = [];
    const find = async (filter: Record<string, unknown>) => {
      asked.push(filter);
      const range = filter.updatedAt as { $gte: string } | undefined;
      const inRange = docs.filter((d) => !range || d.updatedAt >= range.$gte);
      return typeof filter.changedIn === 'string' ? inRange.filter((d) => d.changedIn === filter.changedIn) : inRange;
    };
    return { asked, find };
  };

  it('reads by equality on each 10-second span from since to a little ahead of now, keeping what changed at or after since', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-02T12:00:07.000Z') });
    const docs = [
      { id: 'before-in-span', ...changeStamp('2026-12-02T11:59:56.000Z') },
      { id: 'at-since', ...changeStamp('2026-12-02T11:59:57.000Z') },
      { id: 'just-now', ...changeStamp('2026-12-02T12:00:06.900Z') },
      { id: 'clock-ahead', ...changeStamp('2026-12-02T12:00:11.000Z') },
      { id: 'long-ago', ...changeStamp('2026-12-02T11:00:00.000Z') },
    ];
    const { asked, find } = collection(docs);
    const found = await readChangedSince(find, '2026-12-02T11:59:57.000Z');
    expect(found.map((d) => d.id).sort()).toEqual(['at-since', 'clock-ahead', 'just-now']);
    // The first span's documents from before since are left out by the store (a bulk write's thousands, not read back every refresh).
    expect(asked).toEqual([{ changedIn: '2026-12-02T11:59:5', updatedAt: { $gte: '2026-12-02T11:59:57.000Z' } }, { changedIn: '2026-12-02T12:00:0' }, { changedIn: '2026-12-02T12:00:1' }]);
  });

  it('reads everything without since, and by a range on updatedAt once since is minutes old', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-02T12:00:00.000Z') });
    const { asked, find } = collection([{ id: 'unstamped', updatedAt: '2026-12-02T11:55:00.000Z' }]);
    expect(await readChangedSince(find, undefined)).toHaveLength(1);
    expect(await readChangedSince(find, '2026-12-02T11:50:00.000Z')).toHaveLength(1);
    expect(asked.at(-1)).toEqual({ updatedAt: { $gte: '2026-12-02T11:50:00.000Z' } });
  });
});
