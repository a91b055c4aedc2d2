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
 * One read from the lowest checkpoint serves every projection.
 */
export async function eventLags(store: EventStore, checkpoints: readonly number[], head: number, cap = LAG_COUNT_CAP): Promise<EventLag[]> {
  const behind = checkpoints.filter((checkpoint) => checkpoint < head);
  if (behind.length === 0) return checkpoints.map(() => ({ lag: 0 }));
  const from = Math.min(...behind);
  const positions = (await store.readAll({ fromPosition: from > 0 ? from : undefined, limit: cap })).map((event) => event.position).filter((p) => p <= head);
  const capped = positions.length >= cap;
  return checkpoints.map((checkpoint) => {
    if (checkpoint >= head) return { lag: 0 };
    const lag = positions.length - countAtOrBelow(positions, checkpoint);
    return capped && positions.length > 0 && positions[positions.length - 1]! < head ? { lag, lagAtLeast: true } : { lag };
  });
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
