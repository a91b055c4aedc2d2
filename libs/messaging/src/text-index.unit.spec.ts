import { TextIndex } from './text-index';

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
});
