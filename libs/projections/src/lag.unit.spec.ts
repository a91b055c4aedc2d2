import type { EventStore, ReadAllOptions, RecordedEvent } from '@banat/event-store';
import { eventLags, LAG_COUNT_CAP, sharedEventLag, type EventLag } from './lag';
import { ProjectorRunner } from './projector-runner';
import { SharedEventFeed } from './shared-feed';

/** A history of `size` events in commits of 1 to 3 (positions: commit × 1024 + index), counting what is asked of it. */
function countingHistory(size: number) {
  const positions: number[] = [];
  for (let commit = 1; positions.length < size; commit++) {
    for (let index = 0; index < 1 + (commit % 3) && positions.length < size; index++) positions.push(commit * 1024 + index);
  }
  const asked = { headPosition: 0, readAll: 0, eventsRead: 0 };
  const store = {
    async headPosition() {
      asked.headPosition++;
      return positions.at(-1)!;
    },
    async readAll({ fromPosition = 0, limit = Infinity }: ReadAllOptions = {}) {
      asked.readAll++;
      const events = positions.filter((p) => p > fromPosition).slice(0, limit).map((position) => ({ position }) as RecordedEvent);
      asked.eventsRead += events.length;
      return events;
    },
  } as unknown as EventStore;
  return { store, positions, asked, head: positions.at(-1)! };
}

/** The lag by definition: events after the checkpoint up to the head, counted up to the cap. */
function expectedLag(positions: number[], checkpoint: number, head: number): EventLag {
  const count = positions.filter((p) => p > checkpoint && p <= head).length;
  return count > LAG_COUNT_CAP ? { lag: LAG_COUNT_CAP, lagAtLeast: true } : { lag: count };
}

const silent = { warn: () => undefined, error: () => undefined };

/** Six stopped runners on one feed, each with its stored checkpoint, as a scrape asks them. */
function runnersOnOneFeed(store: EventStore, checkpoints: number[]) {
  const feed = new SharedEventFeed(store);
  return checkpoints.map(
    (checkpoint, i) =>
      new ProjectorRunner({
        store: feed,
        projection: { name: `p${i}`, handles: [], models: [], apply: async () => undefined },
        checkpoints: { load: async () => checkpoint, save: async () => undefined, reset: async () => undefined },
        logger: silent,
      }),
  );
}

describe('lags asked at once', () => {
  it('six runners of one feed read the head once and the history once, each getting its own lag', async () => {
    const { store, positions, asked, head } = countingHistory(3_000);
    const checkpoints = [0, positions[999]!, positions[1_000]!, positions[2_500]!, positions[2_998]!, head];
    const statuses = await Promise.all(runnersOnOneFeed(store, checkpoints).map((runner) => runner.status()));
    expect(asked).toMatchObject({ headPosition: 1, readAll: 1, eventsRead: 3_000 });
    expect(statuses.map(({ position, head: seen, lag, lagAtLeast }) => ({ position, head: seen, lag, lagAtLeast }))).toEqual(
      checkpoints.map((checkpoint) => ({ position: checkpoint, head, lagAtLeast: undefined, ...expectedLag(positions, checkpoint, head) })),
    );
    expect(statuses.map((s) => s.lag)).toEqual([3_000, 2_000, 1_999, 499, 1, 0]);
  });

  it('past the cap, each gets what it would alone ("at least" only beyond the cap), reading each event once', async () => {
    const { store, positions, asked, head } = countingHistory(12_000);
    const checkpoints = [0, 0, positions[99]!, positions[1_998]!, positions[1_999]!, head];
    const statuses = await Promise.all(runnersOnOneFeed(store, checkpoints).map((runner) => runner.status()));
    expect(asked.headPosition).toBe(1);
    // One read from the lowest checkpoint, then only what the higher ones need beyond it.
    expect(asked.eventsRead).toBe(LAG_COUNT_CAP + 2_000);
    const alone = [];
    for (const checkpoint of checkpoints) alone.push((await eventLags(store, [checkpoint], head))[0]);
    expect(statuses.map(({ lag, lagAtLeast }) => ({ lag, ...(lagAtLeast ? { lagAtLeast } : {}) }))).toEqual(alone);
    expect(alone).toEqual(checkpoints.map((checkpoint) => expectedLag(positions, checkpoint, head)));
    expect(statuses.map((s) => `${s.lag}${s.lagAtLeast ? '+' : ''}`)).toEqual(['10000+', '10000+', '10000+', '10000+', '10000', '0']);
  });

  it('gives a list of checkpoints the lags each would get alone', async () => {
    const { store, positions, asked, head } = countingHistory(12_000);
    const checkpoints = [positions[5_000]!, 0, head, positions[1_500]!, positions[11_000]!];
    expect(await eventLags(store, checkpoints, head)).toEqual(checkpoints.map((checkpoint) => expectedLag(positions, checkpoint, head)));
    expect(asked.eventsRead).toBeLessThanOrEqual(12_000);
  });

  it('reads nothing of the history when no one is behind, and reads the head again for a later request', async () => {
    const { store, asked, head } = countingHistory(10);
    expect(await Promise.all([sharedEventLag(store, head), sharedEventLag(store, head)])).toEqual([{ head, lag: 0 }, { head, lag: 0 }]);
    expect(asked).toMatchObject({ headPosition: 1, readAll: 0 });
    expect(await sharedEventLag(store, 0)).toEqual({ head, lag: 10 });
    expect(asked).toMatchObject({ headPosition: 2, readAll: 1 });
  });
});
