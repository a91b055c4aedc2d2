import type { EventStore } from '@banat/event-store';

/** Counting stops here: beyond it a status says "at least" rather than reading the whole backlog. */
export const LAG_COUNT_CAP = 10_000;

export interface EventLag {
  lag: number;
  lagAtLeast?: true;
}

/**
 * Events between each checkpoint (exclusive) and `head` (inclusive), counted in events: positions
 * are not contiguous (commit sequence × 1024 + index in commit), so their difference is no count.
 * Each checkpoint gets what it would get alone (up to `cap` events after it), yet the reads are
 * shared: one from the lowest checkpoint, continued only for a checkpoint whose `cap` events go past it.
 */
export async function eventLags(store: EventStore, checkpoints: readonly number[], head: number, cap = LAG_COUNT_CAP): Promise<EventLag[]> {
  const behind = [...new Set(checkpoints.filter((checkpoint) => checkpoint < head))].sort((a, b) => a - b);
  if (behind.length === 0) return checkpoints.map(() => ({ lag: 0 }));
  const tail = new HistoryTail(store, head);
  const lags = new Map<number, EventLag>();
  for (const checkpoint of behind) {
    const positions = (await tail.after(checkpoint, cap)).filter((p) => p <= head);
    const capped = positions.length >= cap;
    lags.set(checkpoint, capped && positions.length > 0 && positions[positions.length - 1]! < head ? { lag: positions.length, lagAtLeast: true } : { lag: positions.length });
  }
  return checkpoints.map((checkpoint) => lags.get(checkpoint) ?? { lag: 0 });
}

/**
 * Positions read so far, without a gap above any checkpoint asked (checkpoints come in ascending
 * order): a later checkpoint reuses what an earlier one read.
 */
class HistoryTail {
  private readonly positions: number[] = [];
  /** The history's end, or an event past the head, was read: there is nothing more to count. */
  private ended = false;

  constructor(
    private readonly store: EventStore,
    private readonly head: number,
  ) {}

  /** The first `count` positions after `checkpoint` (fewer where the history ends), past the head included. */
  async after(checkpoint: number, count: number): Promise<number[]> {
    let start = countAtOrBelow(this.positions, checkpoint);
    while (!this.ended && this.positions.length - start < count) {
      // Nothing read lies above the checkpoint: read from it, dropping what lies below (later checkpoints are higher).
      if (start === this.positions.length) this.positions.length = start = 0;
      const from = this.positions.at(-1) ?? checkpoint;
      const limit = count - (this.positions.length - start);
      const events = await this.store.readAll({ fromPosition: from > 0 ? from : undefined, limit });
      for (const event of events) this.positions.push(event.position);
      this.ended = events.length < limit || events[events.length - 1]!.position > this.head;
    }
    return this.positions.slice(start, start + count);
  }
}

/** Per store, the checkpoints asked in this turn of the event loop and their coming answer. */
const gathering = new WeakMap<EventStore, { checkpoints: number[]; answer: Promise<{ head: number; lags: EventLag[] }> }>();

/**
 * Lags asked of one store within the same turn of the event loop (a scrape asks every projector of a
 * process at once): one head read and one `eventLags` answer them all. Runners fed by one
 * SharedEventFeed pass that feed as their store, so they share.
 */
export function sharedEventLag(store: EventStore, checkpoint: number): Promise<EventLag & { head: number }> {
  let batch = gathering.get(store);
  if (!batch) {
    const checkpoints: number[] = [];
    const answer = new Promise((resolve) => setImmediate(resolve)).then(async () => {
      gathering.delete(store);
      const head = await store.headPosition();
      return { head, lags: await eventLags(store, checkpoints, head) };
    });
    batch = { checkpoints, answer };
    gathering.set(store, batch);
  }
  const index = batch.checkpoints.push(checkpoint) - 1;
  return batch.answer.then(({ head, lags }) => ({ head, ...lags[index]! }));
}

/** Positions are sorted: binary search for how many are <= `position`. */
function countAtOrBelow(positions: readonly number[], position: number): number {
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (positions[mid]! <= position) low = mid + 1;
    else high = mid;
  }
  return low;
}
