import { createHash } from 'node:crypto';

/**
 * A UUID named by its parts (in the version 4 layout the API's ids are checked against; its 122 bits from SHA-256),
 * e.g. an organisation's n-th proposal or a booth's n-th product page. Two writes sent at once read the same count and
 * name the same document: its unique _id lets one in and the other is a 409 (`isDuplicateKey`), so a bound counted
 * before the insert cannot be passed by sending many at once.
 */
export function derivedId(...parts: Array<string | number>): string {
  const hash = createHash('sha256').update(parts.join('\n')).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x40; // version 4 layout
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** E11000: an insert named an _id (or a unique key) that is already there. */
export const isDuplicateKey = (error: unknown): boolean => typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
