import { foldText, searchText } from './search-key';

/** Every folded query word starts a word of the search text (as the in-process indexes match a word prefix). */
const matches = (names: string[], query: string) => {
  const words = searchText(names).split(' ');
  return foldText(query)
    .split(' ')
    .filter((w) => w !== '')
    .every((q) => words.some((w) => w.startsWith(q)));
};

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
    expect(searchText(['Honey Novi', 'Sad Farm'])).toBe('honey novi | sad farm'); // names kept apart
  });

  it('folds a query with nothing searchable to nothing', () => {
    expect(foldText('  ..  ')).toBe('');
    expect(foldText('a+b')).toBe('a b');
  });
});
