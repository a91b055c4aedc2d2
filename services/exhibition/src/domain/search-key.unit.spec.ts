import { foldText, searchPatterns, searchText } from './search-key';

const matches = (names: string[], query: string) => searchPatterns(query).every((p) => new RegExp(p).test(searchText(names)));

describe('booth search keys', () => {
  it('folds Serbian Cyrillic, diacritics and case to one Latin form', () => {
    expect(foldText('Нови Сад')).toBe('novi sad');
    expect(foldText('Brutăria  Bănățeană')).toBe('brutaria banateana');
    expect(foldText('Szeged Pálinka-főzde')).toBe('szeged palinka fozde');
  });

  it('finds a name by a word prefix typed in another script or without diacritics', () => {
    expect(matches(['Медара Ђурђевић'], 'djurdj')).toBe(true);
    expect(matches(['Медара Ђурђевић'], 'Ђурђ')).toBe(true);
    expect(matches(['Medara Đurđević'], 'durdevic')).toBe(true);
    expect(matches(['Brutăria Bănățeană'], 'BANAT')).toBe(true);
    expect(matches(['Brutăria Bănățeană'], 'natean')).toBe(false); // not a word start
  });

  it('matches every query word, never across two names', () => {
    expect(matches(['Novi Sad Honey', 'Мед Нови'], 'novi sad')).toBe(true);
    expect(matches(['Honey Novi', 'Sad Farm'], 'novi sad')).toBe(true); // words may sit in different names
    expect(searchPatterns('novi sad')).toHaveLength(2);
    expect(new RegExp('(^| )novi sad').test(searchText(['Honey Novi', 'Sad Farm']))).toBe(false);
  });

  it('escapes regular expression characters and ignores a query with nothing searchable', () => {
    expect(searchPatterns('  ..  ')).toEqual([]);
    expect(searchPatterns('a+b')).toEqual(['(^| )a', '(^| )b']);
  });
});
