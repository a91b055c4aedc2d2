import type { Schema } from 'mongoose';
import { POSITION_FIELD } from './position-filter';

/** Adds `_position` to a read-model schema, so position-guarded writes are not stripped by strict mode. */
export function readModelPositionPlugin(schema: Schema): void {
  schema.add({ [POSITION_FIELD]: { type: Number, required: false } });
}
