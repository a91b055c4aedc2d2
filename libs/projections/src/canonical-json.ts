import { bson } from './lazy-bson';

/**
 * Fields that change on every write and say nothing about the projected state; and `_positionSpan`, derived from
 * `_position` (which is compared), and absent from documents written before a read model kept it.
 */
export const VOLATILE_FIELDS: readonly string[] = ['updatedAt', 'createdAt', '__v', '_positionSpan'];

/**
 * One text per document, whatever the key order or number width the server returned:
 * BSON types become relaxed Extended JSON (ObjectId → {$oid}, Date → {$date}), keys are sorted.
 */
export function canonicalDocument(doc: Record<string, unknown>, exclude: readonly string[] = VOLATILE_FIELDS): string {
  const kept: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) if (!exclude.includes(key)) kept[key] = value;
  return stableStringify(bson().EJSON.serialize(kept, { relaxed: true }));
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => stableStringify(item === undefined ? null : item)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value);
}
