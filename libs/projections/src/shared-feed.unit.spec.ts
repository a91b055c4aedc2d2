import { ANY, InMemoryEventStore, type EventStore, type RecordedEvent, type SubscribeOptions } from '@banat/event-store';
import { SharedEventFeed } from './shared-feed';

const metadata = { commandId: 'c', correlationId: 'c', actor: 'test', role: 'assessor' };

async function append(store: EventStore, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) {
    await store.appendToStream(`s-${i % 3}`, [{ type: 'Noted', data: { n: i } }], { expectedRevision: ANY, metadata: { ...metadata, commandId: `c${i}` } });
  }
}

/** Counts the store's subscriptions, to tell that the feed opens one for all. */
class CountingStore extends InMemoryEventStore {
  opened = 0;
  override subscribeToAll(options: SubscribeOptions) {
    this.opened++;
    return super.subscribeToAll(options);
  }
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('SharedEventFeed (one subscription for several projectors)', () => {
  it('gives each subscriber every event after its own checkpoint, in order, once', async () => {
    const store = new CountingStore();
    await append(store, 0, 25);
    const all = (await store.readAll()).map((e) => e.position);
    const feed = new SharedEventFeed(store);
    const a: number[] = [];
    const b: number[] = [];
    const subB = await feed.subscribeToAll({ fromPosition: all[9], onEvent: async (e) => void b.push(e.position) });
    const subA = await feed.subscribeToAll({ onEvent: (e) => void a.push(e.position) });
    await until(() => a.length === 25 && b.length === 15);
    expect(a).toEqual(all);
    expect(b).toEqual(all.slice(10));
    expect(store.opened).toBeLessThanOrEqual(2); // a second start only for a, which is behind b
    await Promise.all([subA.stop(), subB.stop()]);
    expect(feed.subscriberCount).toBe(0);
  });

  it('starts again from the earliest checkpoint for a subscriber behind, without repeating events to the others', async () => {
    const store = new CountingStore();
    await append(store, 0, 10);
    const feed = new SharedEventFeed(store);
    const ahead: RecordedEvent[] = [];
    const behind: RecordedEvent[] = [];
    const head = await store.headPosition();
    const subAhead = await feed.subscribeToAll({ fromPosition: head, onEvent: (e) => void ahead.push(e) });
    await append(store, 10, 2);
    await until(() => ahead.length === 2);
    const subBehind = await feed.subscribeToAll({ onEvent: (e) => void behind.push(e) });
    await append(store, 12, 2);
    await until(() => behind.length === 14 && ahead.length === 4);
    expect(new Set(ahead.map((e) => e.position)).size).toBe(4);
    expect(behind.map((e) => (e.data as { n: number }).n)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(store.opened).toBe(2);
    await subAhead.stop();
    await subBehind.stop();
  });

  it('ends only the subscription whose onEvent fails (its onError told), the others go on', async () => {
    const store = new InMemoryEventStore();
    await append(store, 0, 6);
    const feed = new SharedEventFeed(store);
    const errors: unknown[] = [];
    const failing: number[] = [];
    const healthy: number[] = [];
    await feed.subscribeToAll({
      onEvent: (e) => {
        if ((e.data as { n: number }).n === 3) throw new Error('poison');
        failing.push(e.position);
      },
      onError: (error) => errors.push(error),
    });
    const sub = await feed.subscribeToAll({ onEvent: (e) => void healthy.push(e.position) });
    await append(store, 6, 2);
    await until(() => healthy.length === 8 && errors.length === 1);
    expect(failing).toHaveLength(3);
    expect((errors[0] as Error).message).toBe('poison');
    expect(feed.subscriberCount).toBe(1);
    await sub.stop();
  });

  it('makes the shared subscription wait for a slow subscriber, and tells when every read event was taken', async () => {
    const store = new InMemoryEventStore();
    await append(store, 0, 30);
    const feed = new SharedEventFeed(store);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: number[] = [];
    const fast: number[] = [];
    await feed.subscribeToAll({ onEvent: async (e) => (await gate, void slow.push(e.position)) });
    const sub = await feed.subscribeToAll({ onEvent: (e) => void fast.push(e.position) });
    await until(() => fast.length === 30);
    expect(slow).toHaveLength(0);
    const delivered = feed.delivered();
    release();
    await delivered;
    expect(slow).toHaveLength(30);
    await sub.stop();
    await feed.close();
  });
});
