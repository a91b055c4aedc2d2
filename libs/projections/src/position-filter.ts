import type { UpdateQuery } from 'mongoose';

/** Every read-model document keeps the position of the last event applied to it. */
export const POSITION_FIELD = '_position';

/**
 * A read model that asks for it (`readModelPositionPlugin(schema, { spans: true })`) also keeps the span of positions
 * `_position` falls in: a reader finds what was written after a position by equality on it, one query per span
 * (`ReadModelMirror`). FerretDB 1.x hands an equality to PostgreSQL but filters a range (`_position > n`) itself, after
 * reading and decoding the whole collection.
 */
export const POSITION_SPAN_FIELD = '_positionSpan';
/** Positions per span: at 200 events/s, a span fills in about a second and a quarter. */
export const POSITIONS_PER_SPAN = 256;
export const positionSpan = (position: number): number => Math.floor(position / POSITIONS_PER_SPAN);

/** Matches the document only if `position` has not been applied to it yet (plain operators: Mongo and FerretDB). */
export function notYetApplied(id: unknown, position: number): Record<string, unknown> {
  assertPosition(position);
  return {
    _id: id,
    $or: [{ [POSITION_FIELD]: { $lt: position } }, { [POSITION_FIELD]: { $exists: false } }],
  };
}

/**
 * Adds the position to the update's `$set` (and its span, with `spans`); refuses an update that sets either itself or
 * replaces the document.
 */
export function withPosition<T>(update: UpdateQuery<T>, position: number, spans = false): UpdateQuery<T> {
  assertPosition(position);
  // One pass over the operators (a batched projection calls this once per document an event changes).
  let plain: string[] | undefined;
  let setsPosition = false;
  for (const operator in update) {
    if (!operator.startsWith('$')) (plain ??= []).push(operator);
    else {
      const fields = (update as Record<string, Record<string, unknown> | undefined>)[operator] ?? {};
      if (POSITION_FIELD in fields || POSITION_SPAN_FIELD in fields) setsPosition = true;
    }
  }
  if (plain) throw new Error(`update must use operators ($set, $inc, ...), got plain field(s): ${plain.join(', ')}`);
  if (setsPosition) throw new Error(`${POSITION_FIELD} and ${POSITION_SPAN_FIELD} are managed by the projection runner`);
  // Object.assign, not spreads: on Node 20 a spread followed by a key its source lacks costs microseconds (V8 issue 11536).
  const set = Object.assign({}, (update as { $set?: Record<string, unknown> }).$set, { [POSITION_FIELD]: position });
  if (spans) set[POSITION_SPAN_FIELD] = positionSpan(position);
  return Object.assign({}, update, { $set: set }) as UpdateQuery<T>;
}

/** E11000: the upsert tried to insert an _id that exists, i.e. the guard filter did not match it. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

function assertPosition(position: number): void {
  if (!Number.isSafeInteger(position) || position < 1) throw new Error(`event position must be a positive integer, got ${position}`);
}
