/** Checks one multilingual field of an input (a name or a description) and compacts it. */
import type { FieldError } from './field-error';
import { compactText, LANGUAGES, MultilingualText, scriptMismatch } from './multilingual';

export const NAME_MAX = 300;
export const DESCRIPTION_MAX = 2000;

export function checkText(field: string, input: unknown, required: boolean, max: number): { text?: MultilingualText; errors: FieldError[] } {
  if (input !== undefined && input !== null && (typeof input !== 'object' || Array.isArray(input))) {
    return { errors: [{ field, reason: 'must be an object with texts per language (ro, sr-Latn, sr-Cyrl, hu, en)' }] };
  }
  const text = compactText(input);
  if (!text) return { errors: required ? [{ field, reason: 'at least one language is required' }] : [] };
  const errors: FieldError[] = [];
  for (const lang of LANGUAGES) {
    const value = text[lang];
    if (value === undefined) continue;
    const mismatch = scriptMismatch(lang, value);
    if (mismatch) errors.push({ field: `${field}.${lang}`, reason: mismatch });
    if (value.length > max) errors.push({ field: `${field}.${lang}`, reason: `longer than ${max} characters` });
  }
  return { text, errors };
}
