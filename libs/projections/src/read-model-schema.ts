import type { Schema } from 'mongoose';
import { POSITION_FIELD, POSITION_SPAN_FIELD } from './position-filter';

/**
 * Adds `_position` to a read-model schema, so position-guarded writes are not stripped by strict mode; with `spans`,
 * also `_positionSpan` (indexed), which the projection runner then writes beside it, for a `ReadModelMirror`.
 */
export function readModelPositionPlugin(schema: Schema, options: { spans?: boolean } = {}): void {
  schema.add({ [POSITION_FIELD]: { type: Number, required: false } });
  if (options.spans) schema.add({ [POSITION_SPAN_FIELD]: { type: Number, required: false, index: true } });
}

const spansKept = new WeakMap<Schema, boolean>();

/** Whether the model's documents keep their position span (see `readModelPositionPlugin`); asked once per event a batch applies. */
export function keepsPositionSpans(schema: Schema | undefined): boolean {
  // (A model without a mongoose schema, as the unit tests' stand-ins are, keeps none.)
  if (typeof schema?.path !== 'function') return false;
  let kept = spansKept.get(schema);
  if (kept === undefined) spansKept.set(schema, (kept = schema.path(POSITION_SPAN_FIELD) !== undefined));
  return kept;
}
