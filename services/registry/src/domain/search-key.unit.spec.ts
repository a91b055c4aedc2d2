import { normalizeSearchText, searchKeys, searchPattern } from './search-key';

/** What a repository does with the key and the pattern: any key matches the pattern. */
const finds = (query: string, ...names: Parameters<typeof searchKeys>): boolean => {
  const pattern = searchPattern(query);
  return pattern !== null && searchKeys(...names).some((key) => new RegExp(pattern).test(key));
};

describe('normalizeSearchText', () => {
  it('makes Cyrillic and Latin Serbian the same', () => {
    expect(normalizeSearchText('Нови Сад')).toBe('novi sad');
    expect(normalizeSearchText('Novi Sad')).toBe('novi sad');
    expect(normalizeSearchText('  novi   SAD ')).toBe('novi sad');
  });

  it('folds Serbian digraph letters and carons', () => {
    expect(normalizeSearchText('Зрењанин')).toBe('zrenjanin');
    expect(normalizeSearchText('Љубав Џеп Чачак Ћуприја Шабац Жабаљ')).toBe('ljubav dzep cacak cuprija sabac zabalj');
    expect(normalizeSearchText('Ђурђевак')).toBe('djurdjevak');
    expect(normalizeSearchText('Đurđevak')).toBe('djurdjevak');
  });

  it('folds Romanian comma-below and cedilla letters alike', () => {
    expect(normalizeSearchText('Timișoara Țară Ăâî')).toBe('timisoara tara aai');
    expect(normalizeSearchText('Timişoara Ţară')).toBe('timisoara tara');
  });

  it('folds Hungarian double acute and umlauts', () => {
    expect(normalizeSearchText('Hódmezővásárhely Szűcs Győr Ütő')).toBe('hodmezovasarhely szucs gyor uto');
  });

  it('turns punctuation into word breaks', () => {
    expect(normalizeSearchText('S.C. Banat-Prod S.R.L.')).toBe('s c banat prod s r l');
    expect(normalizeSearchText('„Млекара” д.о.о.')).toBe('mlekara d o o');
  });
});

describe('searchKeys', () => {
  it('has one key per distinct folded name, plus a d-variant where đ occurs', () => {
    expect(searchKeys({ 'sr-Latn': 'Novi Sad', 'sr-Cyrl': 'Нови Сад', en: 'Novi Sad' })).toEqual(['novi sad']);
    expect(searchKeys({ 'sr-Cyrl': 'Ђорђевић' })).toEqual(['djordjevic', 'dordevic']);
  });

  it('drops empty names', () => {
    expect(searchKeys({ ro: '  ', en: '' }, undefined, '...')).toEqual([]);
  });
});

describe('search across scripts', () => {
  const dairy = { 'sr-Cyrl': 'Млекара Зрењанин', ro: 'Fabrica de lapte Zrenjanin', hu: 'Nagybecskereki Tejüzem' };

  it.each(['Зрењанин', 'zrenjanin', 'Zrenj', 'млек', 'MLEKARA zr', 'tejuzem', 'Tejüz', 'fabrica de'])('finds the dairy by %p', (query) => {
    expect(finds(query, dairy)).toBe(true);
  });

  it.each(['renjanin', 'lapte fabrica', 'sir'])('does not find it by %p (not a word prefix)', (query) => {
    expect(finds(query, dairy)).toBe(false);
  });

  it('finds Đorđević by đ, dj and d', () => {
    for (const query of ['Đorđ', 'djordj', 'dord', 'Ђорђ']) expect(finds(query, { 'sr-Latn': 'Đorđević Agrar' })).toBe(true);
  });

  it('reads punctuation in a query as word breaks, never as pattern syntax', () => {
    expect(searchPattern('a.b')).toBe('(^| )a b');
    expect(searchPattern('(*)')).toBeNull();
    expect(finds('c++', 'C++ Software')).toBe(true);
  });
});
