import { ThrottlerStorageService } from '@nestjs/throttler';
import { SlidingWindowThrottlerStorage } from './throttler-storage';

/** The library's storage is the reference: the same hits at the same times must get the same answers. */
describe('SlidingWindowThrottlerStorage', () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-03-01T10:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  const both = () => ({ ours: new SlidingWindowThrottlerStorage(), theirs: new ThrottlerStorageService() });

  it('answers as the library does, hit by hit, with and without a block duration, over several clients', async () => {
    const { ours, theirs } = both();
    // A fixed pseudo-random walk: bursts and pauses around the windows' edges.
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const throttlers = [
      { name: 'default', ttl: 1000, limit: 5, block: 1000 },
      { name: 'strict', ttl: 3000, limit: 2, block: 5000 },
      { name: 'no-block', ttl: 2000, limit: 3, block: 0 },
    ];
    let blocked = 0;
    for (let step = 0; step < 3000; step++) {
      jest.advanceTimersByTime(Math.floor(random() < 0.8 ? random() * 60 : random() * 2500));
      const t = throttlers[Math.floor(random() * throttlers.length)]!;
      const key = `client-${Math.floor(random() * 3)}-${t.name}`;
      const expected = await theirs.increment(key, t.ttl, t.limit, t.block, t.name);
      const actual = await ours.increment(key, t.ttl, t.limit, t.block, t.name);
      expect({ step, ...actual }).toEqual({ step, ...expected });
      if (actual.isBlocked) blocked++;
    }
    expect(blocked).toBeGreaterThan(100);
    ours.onApplicationShutdown();
    theirs.onApplicationShutdown();
  });

  it('limits a client past its limit, tells how long the block lasts, and lets it in again after', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    for (let i = 0; i < 3; i++) expect((await storage.increment('a', 10_000, 3, 10_000, 'default')).isBlocked).toBe(false);
    const refused = await storage.increment('a', 10_000, 3, 10_000, 'default');
    expect(refused).toMatchObject({ isBlocked: true, totalHits: 4, timeToBlockExpire: 10 });
    expect((await storage.increment('b', 10_000, 3, 10_000, 'default')).isBlocked).toBe(false);
    jest.advanceTimersByTime(10_001);
    expect(await storage.increment('a', 10_000, 3, 10_000, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
    storage.onApplicationShutdown();
  });

  it('forgets idle clients when it sweeps, keeping those still counted or blocked', async () => {
    const storage = new SlidingWindowThrottlerStorage();
    await storage.increment('idle', 1000, 1, 60_000, 'default');
    await storage.increment('idle', 1000, 1, 60_000, 'default'); // blocked for a minute
    await storage.increment('gone', 1000, 5, 1000, 'default');
    jest.advanceTimersByTime(2000);
    storage.sweep();
    // The blocked client is still blocked; the other starts afresh.
    expect((await storage.increment('idle', 1000, 1, 60_000, 'default')).isBlocked).toBe(true);
    expect(await storage.increment('gone', 1000, 5, 1000, 'default')).toMatchObject({ isBlocked: false, totalHits: 1 });
    storage.onApplicationShutdown();
  });

  it('tells how long until a key may be counted again without counting (limits that count only some answers)', () => {
    const storage = new SlidingWindowThrottlerStorage();
    expect(storage.waitFor('sign-in:a', 2, 'sign-in')).toBe(0);
    storage.hit('sign-in:a', 60_000, 2, 0, 'sign-in');
    jest.advanceTimersByTime(10_000);
    storage.hit('sign-in:a', 60_000, 2, 0, 'sign-in');
    expect(storage.waitFor('sign-in:b', 2, 'sign-in')).toBe(0);
    // Asking counts nothing: the same answer again.
    expect(storage.waitFor('sign-in:a', 2, 'sign-in')).toBe(50);
    expect(storage.waitFor('sign-in:a', 2, 'sign-in')).toBe(50);
    // Once the first hit leaves the window, one more may be counted.
    jest.advanceTimersByTime(50_000);
    expect(storage.waitFor('sign-in:a', 2, 'sign-in')).toBe(0);
    storage.hit('sign-in:a', 60_000, 2, 0, 'sign-in');
    expect(storage.waitFor('sign-in:a', 2, 'sign-in')).toBe(10);
    storage.onApplicationShutdown();
  });
});
