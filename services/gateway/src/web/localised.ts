import type { PageLanguage } from '@banat/contracts';

// The package ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const cyrillicToLatin = require('cyrillic-to-latin') as (text: string) => string;

/** Which languages stand in for a missing one, in order (Serbian scripts first for each other). */
const FALLBACK: Record<PageLanguage, PageLanguage[]> = {
  ro: ['ro', 'en', 'hu', 'sr-Latn', 'sr-Cyrl'],
  'sr-Latn': ['sr-Latn', 'sr-Cyrl', 'en', 'ro', 'hu'],
  'sr-Cyrl': ['sr-Cyrl', 'sr-Latn', 'en', 'ro', 'hu'],
  hu: ['hu', 'en', 'ro', 'sr-Latn', 'sr-Cyrl'],
  en: ['en', 'ro', 'hu', 'sr-Latn', 'sr-Cyrl'],
};

/** A text shown in a language, with that language for its `lang` attribute (it may differ from the page's). */
export interface Shown {
  text: string;
  lang: string;
}

/** The text in the reader's language, or the nearest one; Serbian Cyrillic is transliterated for a Latin reader. */
export function pick(text: Record<string, string> | undefined, lang: PageLanguage): Shown | undefined {
  if (!text) return undefined;
  if (lang === 'sr-Latn' && !text['sr-Latn'] && text['sr-Cyrl']) return { text: cyrillicToLatin(text['sr-Cyrl']), lang: 'sr-Latn' };
  for (const candidate of FALLBACK[lang]) if (text[candidate]) return { text: text[candidate]!, lang: candidate };
  const [first] = Object.entries(text).filter(([, v]) => v);
  return first ? { text: first[1], lang: first[0] } : undefined;
}

/** The reader's language: the cookie set by the language switcher, else the browser's first one we have, else Romanian. */
export function negotiate(cookie: string | undefined, acceptLanguage: string | undefined, known: readonly PageLanguage[]): PageLanguage {
  if (cookie && (known as readonly string[]).includes(cookie)) return cookie as PageLanguage;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]!.trim().toLowerCase();
    const exact = known.find((k) => k.toLowerCase() === tag);
    if (exact) return exact;
    if (tag === 'sr' || tag.startsWith('sr-')) return tag.includes('latn') ? 'sr-Latn' : 'sr-Cyrl';
    const base = known.find((k) => k === tag.split('-')[0]);
    if (base) return base;
  }
  return 'ro';
}

/** A local path to come back to after switching language (never another site). */
export const localPath = (value: unknown): string => (typeof value === 'string' && /^\/(?![/\\])/.test(value) ? value : '/');
