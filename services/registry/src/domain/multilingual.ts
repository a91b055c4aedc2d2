/**
 * Multilingual text: the programme's languages (Romanian, Serbian in both scripts, Hungarian,
 * English) and the checks a text in each must pass.
 */

export const LANGUAGES = ['ro', 'sr-Latn', 'sr-Cyrl', 'hu', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** A text in some of the programme's languages; a valid one has at least one. */
export type MultilingualText = Partial<Record<Language, string>>;

const CYRILLIC = /[\u0400-\u04FF]/;

/** Trims every language, drops empty and unknown ones; undefined when nothing is left. */
export function compactText(text: unknown): MultilingualText | undefined {
  if (typeof text !== 'object' || text === null) return undefined;
  const out: MultilingualText = {};
  for (const lang of LANGUAGES) {
    const value = (text as Record<string, unknown>)[lang];
    if (typeof value === 'string' && value.trim() !== '') out[lang] = value.trim().replace(/\s+/g, ' ');
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Why a text in this language is in the wrong script, or undefined when it is fine. */
export function scriptMismatch(lang: Language, value: string): string | undefined {
  if (lang === 'sr-Cyrl' && !CYRILLIC.test(value)) return 'sr-Cyrl text has no Cyrillic letters';
  if (lang !== 'sr-Cyrl' && CYRILLIC.test(value)) return `${lang} text contains Cyrillic letters (use sr-Cyrl)`;
  return undefined;
}

/** Every value of a text, in the order of LANGUAGES. */
export function textValues(text: MultilingualText | undefined): string[] {
  if (!text) return [];
  return LANGUAGES.flatMap((lang) => (text[lang] ? [text[lang] as string] : []));
}
