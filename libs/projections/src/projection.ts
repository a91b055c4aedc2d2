import type { DomainEvent, RecordedEvent } from '@banat/event-store';
import type { Model, UpdateQuery } from 'mongoose';
import { freezeDeep } from './batch';
import { upsertAt, type WriteOutcome } from './upsert-at';

/** What `apply` gets besides the event: writers already bound to the event's position. */
export interface ProjectionContext {
  readonly position: number;
  /** Idempotent upsert of one read-model document at this event's position. */
  upsertAt<T>(model: Model<T>, id: unknown, update: UpdateQuery<T>): Promise<WriteOutcome>;
  /**
   * One read-model document as the projection has it so far (lean, with `_position`), or null. A
   * batched runner answers from the batch, so a projection that reads what it wrote must read here.
   * Frozen (a batch hands out its own document, not a copy): derive new values from it, never change it.
   */
  read<T>(model: Model<T>, id: unknown): Promise<T | null>;
  /**
   * An action outside the models (publish a fact, append to another stream). It must be idempotent:
   * after a crash the event is applied again. `then` writes, through this context, what it answered.
   * Unbatched, it is awaited here. Batched, it starts here (effects start in the order of the events)
   * and the runner awaits every effect of the batch, then runs their `then` in event order, before it
   * writes the batch's documents and its checkpoint: the checkpoint never passes an effect not done.
   * (A document `then` writes must not be one `read` serves to a later event of the same batch.)
   */
  effect<R>(run: () => Promise<R>, then?: (result: R) => Promise<void>): Promise<void>;
}

/**
 * A read model fed by events. `apply` must only write through position-guarded helpers
 * (`ctx.upsertAt`), so applying an event twice, or an older one after a newer one, changes nothing.
 */
export interface Projection<E extends DomainEvent = DomainEvent> {
  /** Unique; it names the checkpoint. */
  readonly name: string;
  /** Event types `apply` is called for; every other event only moves the checkpoint. */
  readonly handles: readonly E['type'][];
  /** Collections this projection owns: a rebuild drops them. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly models: readonly Model<any>[];
  apply(event: RecordedEvent<E>, ctx: ProjectionContext): Promise<void>;
}

export function defineProjection<E extends DomainEvent>(projection: Projection<E>): Projection<E> {
  if (!projection.name.trim()) throw new Error('a projection needs a name: it keys its checkpoint');
  if (projection.models.length === 0) throw new Error(`projection ${projection.name} owns no model: nothing to write or rebuild`);
  return projection;
}

export function handles(projection: Projection, event: RecordedEvent): boolean {
  return (projection.handles as readonly string[]).includes(event.type);
}

/** Applies one event if the projection handles it; the single entry point the runner and tests share. */
export async function applyEvent(projection: Projection, event: RecordedEvent): Promise<boolean> {
  if (!handles(projection, event)) return false;
  const ctx: ProjectionContext = {
    position: event.position,
    upsertAt: (model, id, update) => upsertAt(model, id, event.position, update),
    read: async <T>(model: Model<T>, id: unknown) => freezeDeep((await model.findById(id).lean()) as T | null), // frozen as a batch's
    effect: async (run, then) => {
      const result = await run();
      await then?.(result);
    },
  };
  await projection.apply(event, ctx);
  return true;
}
