/**
 * Script- and diacritic-insensitive name search without $text (FerretDB 1.x): names are stored as one
 * folded search text (Serbian Cyrillic → Latin, diacritics dropped, lower case, single spaces) and a
 * query is folded the same way and matched as word prefixes (by the in-process indexes of booths and
 * products, which index this text).
 */
// The package ships no types; typed here so this service leans on no other service's declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cyrillicToLatin = require('cyrillic-to-latin') as (text: string) => string;

/** Letters Unicode does not decompose into a base letter and a mark. */
const UNDECOMPOSABLE: Record<string, string> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

/** Separates the names inside the search text, so a query never matches across two names. */
const NAME_SEPARATOR = ' | ';

function fold(text: string, dj: 'dj' | 'd'): string {
  return cyrillicToLatin(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[đłøßæœı]/g, (ch) => (ch === 'đ' ? dj : UNDECOMPOSABLE[ch]!))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** "Нови Сад", "Novi Sad" and "novi  sad" → "novi sad". */
export const foldText = (text: string): string => fold(text ?? '', 'dj');

/** Every name folded; Đ is kept both as "dj" and "d" because people type either. */
export function searchText(names: readonly string[]): string {
  const keys = names.flatMap((name) => [fold(name, 'dj'), fold(name, 'd')]).filter((key) => key !== '');
  return [...new Set(keys)].join(NAME_SEPARATOR);
}
