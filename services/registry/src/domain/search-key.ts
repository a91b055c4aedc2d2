/**
 * Script- and diacritic-insensitive search without $text: names are stored with search keys
 * (Serbian Cyrillic transliterated to Latin, diacritics folded, lower case, words separated by
 * one space), and a user's query is folded the same way and matched as a word prefix.
 * Đ/đ folds to `dj`; a second key with `d` is stored so that both spellings people type match.
 */
import cyrillicToLatin = require('cyrillic-to-latin');
import { MultilingualText, textValues } from './multilingual';

/** Letters that Unicode does not decompose into a base letter and a mark. */
const UNDECOMPOSABLE: Record<string, string> = { đ: 'dj', ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i' };

function fold(text: string, dj: 'dj' | 'd'): string {
  return cyrillicToLatin(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[đłøßæœı]/g, (ch) => (ch === 'đ' ? dj : UNDECOMPOSABLE[ch]))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded form of a text or user query: "Нови Сад", "Novi Sad" and "novi  sad" → "novi sad". */
export function normalizeSearchText(text: string): string {
  return fold(text ?? '', 'dj');
}

/** A user's query in the form of the search keys: words separated by single spaces. */
export const normalizeSearchQuery = normalizeSearchText;

/** Every distinct search key of a set of names in any languages and scripts. */
export function searchKeys(...texts: (MultilingualText | string | undefined)[]): string[] {
  const values = texts.flatMap((text) => (typeof text === 'string' ? [text] : textValues(text)));
  const keys = values.flatMap((value) => [fold(value, 'dj'), fold(value, 'd')]);
  return [...new Set(keys.filter((key) => key !== ''))];
}

/**
 * A regular expression source matching keys in which some word starts with the query
 * (the query's words in order); null for a query with nothing searchable in it.
 */
export function searchPattern(query: string): string | null {
  const folded = normalizeSearchText(query);
  if (folded === '') return null;
  return `(^| )${folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
}
