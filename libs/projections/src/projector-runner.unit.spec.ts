import { ANY, InMemoryEventStore, type RecordedEvent } from '@banat/event-store';
import type { Checkpoints } from './checkpoint-store';
import type { Projection } from './projection';
import { ProjectorRunner, WaitTimedOut, type ProjectorRunnerOptions } from './projector-runner';

/** The runner's state machine on the in-memory store; documents are a Map, checkpoints too. */
class MemoryCheckpoints implements Checkpoints {
  readonly positions = new Map<string, number>();
  readonly saves: number[] = [];
  async load(name: string) {
    return this.positions.get(name) ?? 0;
  }
  async save(name: string, position: number) {
    this.saves.push(position);
    this.positions.set(name, Math.max(position, this.positions.get(name) ?? 0));
  }
  async reset(name: string) {
    this.positions.delete(name);
  }
}

const silent = { warn: () => undefined, error: () => undefined };
const metadata = { commandId: 'c', correlationId: 'c', actor: 'test', role: 'assessor' };

async function setup(count: number, options: Partial<ProjectorRunnerOptions> = {}) {
  const store = new InMemoryEventStore();
  for (let i = 0; i < count; i++) {
    await store.appendToStream(`certification-${i % 3}`, [{ type: i % 4 === 3 ? 'NoteAdded' : 'AssessmentRecorded', data: { n: i } }], {
      expectedRevision: ANY,
      metadata: { ...metadata, commandId: `c${i}` },
    });
  }
  const seen: RecordedEvent[] = [];
  const projection: Projection = {
    name: 'assessments',
    handles: ['AssessmentRecorded'],
    models: [],
    async apply(event) {
      seen.push(event);
    },
  };
  const checkpoints = new MemoryCheckpoints();
  const runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, checkpointIdleMs: 60_000, ...options });
  return { store, seen, checkpoints, runner, events: await store.readAll() };
}

describe('ProjectorRunner', () => {
  it('applies only the handled types, yet moves its checkpoint past every event', async () => {
    const { runner, seen, events, checkpoints } = await setup(12);
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(seen.map((e) => e.type)).toEqual(Array(9).fill('AssessmentRecorded'));
    expect(checkpoints.positions.get('assessments')).toBe(events[11]!.position);
  });

  it('saves the checkpoint every N events, and on stop', async () => {
    const { runner, events, checkpoints } = await setup(10, { checkpointEvery: 4 });
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(checkpoints.saves).toEqual([events[3]!.position, events[7]!.position, events[9]!.position]);
  });

  it('resumes after the stored checkpoint', async () => {
    const { runner, seen, events, checkpoints } = await setup(8);
    checkpoints.positions.set('assessments', events[4]!.position);
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(seen.map((e) => e.position)).toEqual([events[5]!.position, events[6]!.position]);
  });

  it('applies nothing once stop is asked, even from inside the applied hook', async () => {
    let halted!: Promise<void>;
    let count = 0;
    const { runner, seen, events, checkpoints } = await setup(20, {
      onApplied: () => {
        if (++count === 5) halted = runner.stop();
      },
    });
    await runner.start();
    await expect(runner.waitUntilCaughtUp()).rejects.toThrow(/not running \(stopped\)/);
    await halted;
    expect(seen.map((e) => e.position)).toEqual([0, 1, 2, 4].map((i) => events[i]!.position)); // events[3] is a note
    expect(checkpoints.positions.get('assessments')).toBe(events[4]!.position);
    expect((await runner.status()).state).toBe('stopped');
  });

  it('reports lag in events (not position units) against the head, and 0 once caught up', async () => {
    const { runner, events } = await setup(6);
    expect(await runner.status()).toMatchObject({ position: 0, lag: 6, head: events[5]!.position });
    await runner.start();
    await runner.waitUntilCaughtUp();
    expect(await runner.status()).toMatchObject({ state: 'running', lag: 0 });
    await runner.stop();
  });

  it('halts as failed on an event it cannot apply, and retries it on the next start', async () => {
    const { store, events, checkpoints } = await setup(6);
    const poisoned = events[2]!;
    let healthy = false;
    let attempts = 0;
    const projection: Projection = {
      name: 'assessments',
      handles: ['AssessmentRecorded'],
      models: [],
      async apply(event) {
        if (event.position === poisoned.position && !healthy) {
          attempts++;
          throw new Error('store down');
        }
      },
    };
    const runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, retry: { attempts: 2, initialDelayMs: 1 } });
    await runner.start();
    await expect(runner.waitUntilCaughtUp()).rejects.toThrow(/failed at position/);
    await runner.stop();
    expect(attempts).toBe(2);
    expect(await runner.status()).toMatchObject({ state: 'failed', position: events[1]!.position, failure: { position: poisoned.position, attempts: 2 } });

    healthy = true;
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect(await runner.status()).toMatchObject({ state: 'stopped', lag: 0 });
  });

  it('leaves nothing behind after 10,000 waits that timed out, and still settles a wait that is reached', async () => {
    const { runner, store, events } = await setup(3);
    await runner.start();
    await runner.waitUntilCaughtUp();
    const beyond = events[2]!.position + 1_000_000;
    const waits = Array.from({ length: 10_000 }, (_, i) => runner.waitForPosition(beyond + i, 1));
    expect(runner.pendingWaits).toBe(10_000);
    const outcomes = await Promise.allSettled(waits);
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof WaitTimedOut)).toBe(true);
    expect(runner.pendingWaits).toBe(0);

    const { position } = await store.appendToStream('certification-9', [{ type: 'AssessmentRecorded', data: {} }], { expectedRevision: ANY, metadata: { ...metadata, commandId: 'late' } });
    const reached = runner.waitForPosition(position, 60_000);
    const never = runner.waitForPosition(position + 1_000_000, 60_000);
    expect(runner.pendingWaits).toBe(2);
    await reached;
    expect(runner.pendingWaits).toBe(1);
    await runner.stop();
    await expect(never).rejects.toThrow(/not running/);
    expect(runner.pendingWaits).toBe(0);
  });

  it('waits out a transient outage however long it lasts, reporting it, and applies every event afterwards', async () => {
    const { store, events, checkpoints } = await setup(6);
    const outage = Object.assign(new Error('connection refused'), { name: 'MongoServerSelectionError' });
    let failuresLeft = 12; // more than `attempts`: transient failures do not count towards it
    const seen: number[] = [];
    const retrying: unknown[] = [];
    let runner!: ProjectorRunner;
    const projection: Projection = {
      name: 'assessments',
      handles: ['AssessmentRecorded'],
      models: [],
      async apply(event) {
        if (event.position === events[2]!.position && failuresLeft-- > 0) {
          if (failuresLeft === 5) retrying.push((await runner.status()).retrying);
          throw outage;
        }
        seen.push(event.position);
      },
    };
    runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, retry: { attempts: 2, initialDelayMs: 1, maxDelayMs: 2 } });
    await runner.start();
    await runner.waitUntilCaughtUp();
    expect(retrying).toEqual([expect.objectContaining({ position: events[2]!.position, error: 'connection refused', attempts: 6 })]);
    expect(await runner.status()).toMatchObject({ state: 'running', lag: 0 });
    expect((await runner.status()).retrying).toBeUndefined();
    await runner.stop();
    expect(seen).toEqual([0, 1, 2, 4, 5].map((i) => events[i]!.position));
  });

  it('resubscribes after the last applied event when the event store subscription breaks', async () => {
    const { store, events, checkpoints, seen } = await setup(4);
    let subscriptions = 0;
    let breakIt!: (error: unknown) => Promise<void>;
    const flaky: typeof store = Object.create(store);
    flaky.subscribeToAll = async (options) => {
      if (++subscriptions === 2) throw Object.assign(new Error('no responders'), { code: '503' });
      const subscription = await store.subscribeToAll(options);
      // As the real adapters do: the broken subscription delivers nothing more, then reports.
      breakIt = async (error) => {
        await subscription.stop();
        options.onError?.(error);
      };
      return subscription;
    };
    // The first resubscription waits 100 ms: the status is read before it (and its 'no responders') happens.
    const runner = new ProjectorRunner({ store: flaky, projection: { name: 'assessments', handles: ['AssessmentRecorded'], models: [], apply: async (e) => void seen.push(e) }, checkpoints, logger: silent, retry: { initialDelayMs: 100, maxDelayMs: 100 } });
    await runner.start();
    await runner.waitUntilCaughtUp();
    await breakIt(Object.assign(new Error('connection closed'), { code: 'CONNECTION_CLOSED' }));
    expect((await runner.status()).retrying).toMatchObject({ error: 'subscription: connection closed' });
    const { position } = await store.appendToStream('certification-1', [{ type: 'AssessmentRecorded', data: {} }], { expectedRevision: ANY, metadata: { ...metadata, commandId: 'after-break' } });
    await runner.waitForPosition(position);
    await runner.stop();
    expect(subscriptions).toBe(3);
    expect(seen.map((e) => e.position)).toEqual([...[0, 1, 2].map((i) => events[i]!.position), position]);
  });

  describe('batched, under load', () => {
    it('a batch of events it does not handle touches no store: the checkpoint is saved when idle or on stop, not every checkpointEvery events', async () => {
      const applied: number[] = [];
      const handledNothing: RecordedEvent[] = [];
      const projection: Projection = { name: 'assessments', handles: [], models: [], apply: async (e) => void handledNothing.push(e) };
      const { runner, events, checkpoints } = await setup(40, { checkpointEvery: 4, projection, onApplied: (e) => void applied.push(e.position), batch: { maxEvents: 10, maxDelayMs: 5 } });
      await runner.start();
      await runner.waitForPosition(events[39]!.position);
      expect(runner.position).toBe(events[39]!.position);
      expect(applied).toEqual(events.map((e) => e.position)); // every event passed, in order
      expect(checkpoints.saves).toEqual([]); // four batches of ten, none written (checkpointIdleMs is a minute here)
      await runner.stop();
      expect(checkpoints.saves).toEqual([events[39]!.position]);
      expect(handledNothing).toEqual([]);
    });

    /** A collection in a Map whose bulk writes take `writeMs` (inserts and position-conditioned replacements, as a batch writes). */
    function slowModel() {
      const docs = new Map<string, Record<string, unknown>>();
      const bulkWrite = async (ops: Array<{ insertOne?: { document: Record<string, unknown> }; replaceOne?: { filter: { _id: string; _position: number }; replacement: Record<string, unknown> } }>) => {
        await new Promise((r) => setTimeout(r, model.writeMs));
        let insertedCount = 0;
        let matchedCount = 0;
        for (const op of ops) {
          if (op.insertOne) (docs.set(op.insertOne.document._id as string, structuredClone(op.insertOne.document)), insertedCount++);
          else if (op.replaceOne && docs.get(op.replaceOne.filter._id)?._position === op.replaceOne.filter._position) (docs.set(op.replaceOne.filter._id, structuredClone(op.replaceOne.replacement)), matchedCount++);
        }
        return { insertedCount, matchedCount };
      };
      // Inserts are cast as mongoose documents (castForInsert) and written through the collection; replacements through the model.
      const document = function (doc: Record<string, unknown>) {
        return { validateSync: () => undefined, toBSON: () => structuredClone(doc) };
      };
      const model = Object.assign(document, {
        writeMs: 0,
        docs,
        schema: { options: {} },
        collection: { collectionName: 'docs', findOne: async () => null, find: () => ({ toArray: async () => [] }), bulkWrite },
        bulkWrite,
      });
      return model;
    }

    async function slowRunner(documentOf: (event: RecordedEvent) => string) {
      const { store, events, checkpoints } = await setup(3);
      const model = slowModel();
      model.writeMs = 400;
      const projection: Projection = { name: 'assessments', handles: ['AssessmentRecorded'], models: [model as never], apply: async (event, ctx) => void (await ctx.upsertAt(model as never, documentOf(event), { $inc: { n: 1 } })) };
      const runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, checkpointIdleMs: 60_000, batch: { maxEvents: 1_000, maxDelayMs: 5, writeShare: 0.1, busyDelayMs: 1_500 } });
      return { store, events, checkpoints, model, runner };
    }

    it('while batch writes are slow and many events fall on few documents, the next batch waits longer (writes take about writeShare of the time), up to busyDelayMs, and gathers what comes meanwhile', async () => {
      const { store, events, checkpoints, model, runner } = await slowRunner(() => 'hot');
      expect(runner.batchDelayMs).toBe(5); // nothing written yet: the short delay
      await runner.start();
      await runner.waitForPosition(events[2]!.position);
      await new Promise((r) => setImmediate(r)); // the write's time is taken once its checkpoint is saved, after the waits it settles
      expect(runner.batchDelayMs).toBe(1_500); // 400 ms writing three events into one document: 400 x 9 x (1 - 1/3), capped at busyDelayMs
      model.writeMs = 0;
      const saved = checkpoints.saves.length;
      const appended: number[] = [];
      for (let i = 0; i < 5; i++) {
        appended.push((await store.appendToStream('certification-9', [{ type: 'AssessmentRecorded', data: {} }], { expectedRevision: ANY, metadata: { ...metadata, commandId: `late-${i}` } })).position);
        await new Promise((r) => setTimeout(r, 10));
      }
      await runner.waitForPosition(appended[4]!);
      await new Promise((r) => setImmediate(r));
      expect(checkpoints.saves.slice(saved)).toEqual([appended[4]]); // one batch for the five events, 10 ms apart
      expect(model.docs.get('hot')).toMatchObject({ n: 8 });
      expect(runner.batchDelayMs).toBeLessThan(500); // a quick write: back towards maxDelayMs
      await runner.stop();
    });

    it('a slow batch whose events each had a document of their own does not make the next one wait (gathering would save nothing)', async () => {
      const { events, runner } = await slowRunner((event) => `doc-${event.position}`);
      await runner.start();
      await runner.waitForPosition(events[2]!.position);
      await new Promise((r) => setImmediate(r));
      expect(runner.batchDelayMs).toBe(5);
      await runner.stop();
    });

    it('refuses a writeShare outside (0, 1]', () => {
      expect(() => new ProjectorRunner({ store: new InMemoryEventStore(), projection: { name: 'p', handles: [], models: [], apply: async () => undefined }, checkpoints: new MemoryCheckpoints(), batch: { writeShare: 0 } })).toThrow(/writeShare/);
    });
  });

  describe('batched, with effects (ctx.effect)', () => {
    it("starts a batch's effects together, in event order, and saves the checkpoint only once every one is done", async () => {
      const { store, events, checkpoints } = await setup(6);
      const started: number[] = [];
      const done: Array<() => void> = [];
      const projection: Projection = {
        name: 'assessments',
        handles: ['AssessmentRecorded'],
        models: [],
        apply: async (event, ctx) => ctx.effect(() => new Promise<void>((resolve) => (started.push(event.position), done.push(resolve)))),
      };
      const runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, batch: { maxEvents: 100, maxDelayMs: 5 } });
      await runner.start();
      const handled = [0, 1, 2, 4, 5].map((i) => events[i]!.position); // events[3] is a note
      while (started.length < handled.length) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 30));
      expect(started).toEqual(handled);
      expect(checkpoints.saves).toEqual([]); // nothing done yet: no checkpoint
      for (const resolve of done.slice(0, 4)) resolve();
      await new Promise((r) => setTimeout(r, 30));
      expect(checkpoints.saves).toEqual([]); // the last one still in flight
      done[4]!();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      expect(checkpoints.saves).toEqual([events[5]!.position]);
    });

    it('applies the batch again event by event when an effect fails, each effect awaited, none left out', async () => {
      const { store, events, checkpoints } = await setup(6);
      const runs: number[] = [];
      let failOnce = true;
      const projection: Projection = {
        name: 'assessments',
        handles: ['AssessmentRecorded'],
        models: [],
        apply: async (event, ctx) =>
          ctx.effect(async () => {
            runs.push(event.position);
            if (event.position === events[2]!.position && failOnce) {
              failOnce = false;
              throw new Error('publish refused');
            }
          }),
      };
      const runner = new ProjectorRunner({ store, projection, checkpoints, logger: silent, retry: { attempts: 2, initialDelayMs: 1 }, batch: { maxEvents: 100, maxDelayMs: 5 } });
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      const handled = [0, 1, 2, 4, 5].map((i) => events[i]!.position);
      expect(runs).toEqual([...handled, ...handled]); // the batch, then each event again (idempotent effects)
      expect(checkpoints.positions.get('assessments')).toBe(events[5]!.position);
    });
  });
});
