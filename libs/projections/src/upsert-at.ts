import type { Model, Schema, UpdateQuery } from 'mongoose';
import { isDuplicateKeyError, notYetApplied, POSITION_FIELD, withPosition } from './position-filter';
import { keepsPositionSpans } from './read-model-schema';

/** 'applied' when the document now reflects the event, 'skipped' when it had seen this position or a later one. */
export type WriteOutcome = 'applied' | 'skipped';

/**
 * Upserts document `id` with `update` unless it already holds `position` or a later one.
 * The model's schema must declare `_position` (use `readModelPositionPlugin`), or mongoose strips it.
 */
export async function upsertAt<T>(model: Model<T>, id: unknown, position: number, update: UpdateQuery<T>): Promise<WriteOutcome> {
  assertTracksPosition(model.schema, model.modelName);
  const guarded = withPosition(update, position, keepsPositionSpans(model.schema));
  const filter = notYetApplied(id, position);
  try {
    const result = await model.updateOne(filter, guarded, { upsert: true });
    return result.matchedCount + result.upsertedCount > 0 ? 'applied' : 'skipped';
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    // The document exists and is newer, or a concurrent writer inserted it first: retry without upsert to tell which.
    const result = await model.updateOne(filter, guarded);
    return result.matchedCount > 0 ? 'applied' : 'skipped';
  }
}

function assertTracksPosition(schema: Schema, modelName: string): void {
  if (!schema.path(POSITION_FIELD)) {
    throw new Error(`model ${modelName} has no ${POSITION_FIELD} path: add readModelPositionPlugin to its schema`);
  }
}
