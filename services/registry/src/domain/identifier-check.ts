/** The outcome of checking one legal identifier, with reasons a registrant can act on. */

export type IdentifierCheck = { valid: true; normalized: string } | { valid: false; reason: string };

export const valid = (normalized: string): IdentifierCheck => ({ valid: true, normalized });
export const missing = (): IdentifierCheck => ({ valid: false, reason: 'missing' });
export const wrongCharacters = (detail: string): IdentifierCheck => ({ valid: false, reason: `wrong characters: ${detail}` });
export const wrongLength = (detail: string): IdentifierCheck => ({ valid: false, reason: `wrong length: ${detail}` });
export const wrongCheckDigit = (): IdentifierCheck => ({ valid: false, reason: 'wrong check digit' });
export const wrongComponent = (detail: string): IdentifierCheck => ({ valid: false, reason: `wrong component: ${detail}` });

/** Drops the separators people type inside identifiers and an optional country prefix. */
export function compactIdentifier(value: string, countryPrefix: string): string {
  const compact = value.replace(/[\s.\-/]/g, '').toUpperCase();
  return compact.startsWith(countryPrefix) ? compact.slice(countryPrefix.length) : compact;
}
