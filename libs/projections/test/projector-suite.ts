import { ANY, type EventStore, type RecordedEvent } from '@banat/event-store';
import mongoose, { type Connection } from 'mongoose';
import { applyEvent, CHECKPOINT_COLLECTION, CheckpointStore, ProjectorRunner, readModelDigest, upsertAt, type ProjectorLogger, type ProjectorRunnerOptions } from '../src';
import { appendHistory, certificateRegisterProjection, certificationHistory, expectedRegister, registerModels, type CertificationEvent } from './certificate-register';

export { appendHistory };

/** A checkpoint store whose saves stop reaching the database once `dead` is set. */
class DyingCheckpoints extends CheckpointStore {
  dead = false;
  readonly saved: number[] = [];
  override async save(projection: string, position: number): Promise<void> {
    if (this.dead) return;
    await super.save(projection, position);
    this.saved.push(position);
  }
}

export interface SuiteEnv {
  mongoUrl: string;
  store: EventStore;
  stop(): Promise<void>;
}

const STREAMS = 50;
const PER_STREAM = 10;
const metadata = (n: number) => ({ commandId: `cmd-${n}-${Math.random()}`, correlationId: `corr-${n}`, actor: 'test', role: 'assessor' });
const silent: ProjectorLogger = { warn: () => undefined, error: () => undefined };

/** Counts the model's reads by `_id` (findOne and find) from now on. */
function countReads(model: { collection: { findOne: unknown; find: unknown } }): () => number {
  let reads = 0;
  for (const method of ['findOne', 'find'] as const) {
    const original = (model.collection[method] as (...args: unknown[]) => unknown).bind(model.collection);
    model.collection[method] = (...args: unknown[]) => (reads++, original(...args));
  }
  return () => reads;
}


/** The runner's behaviour against one document database (FerretDB, MongoDB) fed by one event store. */
export function projectorSuite(label: string, startEnv: () => Promise<SuiteEnv>): void {
  describe(`projector runner on ${label}`, () => {
    let env: SuiteEnv;
    const connections: Connection[] = [];
    let dbCounter = 0;

    beforeAll(async () => {
      env = await startEnv();
      await appendHistory(env.store, certificationHistory(STREAMS, PER_STREAM));
    });
    afterAll(async () => {
      await Promise.all(connections.map((c) => c.close()));
      await env?.stop();
    });

    /** A fresh database per read model under test, so tests cannot see each other's documents. */
    async function readModel() {
      const connection = await mongoose.createConnection(env.mongoUrl, { dbName: `projections_${label.replace(/\W/g, '')}_${++dbCounter}` }).asPromise();
      connections.push(connection);
      const models = registerModels(connection);
      await Promise.all([models.register.init(), models.typeCounts.init()]);
      const projection = certificateRegisterProjection(models);
      const runner = (options: Partial<ProjectorRunnerOptions> = {}) => new ProjectorRunner({ store: env.store, projection, logger: silent, ...options });
      const digest = () => readModelDigest(projection.models);
      const contents = async () => ({
        register: await models.register.find().sort({ _id: 1 }).select('-_position -createdAt -updatedAt').lean(),
        typeCounts: await models.typeCounts.find().sort({ _id: 1 }).select('-_position').lean(),
      });
      return { connection, models, projection, runner, digest, contents };
    }

    async function project(rm: Awaited<ReturnType<typeof readModel>>, options: Partial<ProjectorRunnerOptions> = {}) {
      const runner = rm.runner(options);
      await runner.start();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      return runner;
    }

    it('projects every event over 50 streams into the register, equal to the in-memory fold', async () => {
      const rm = await readModel();
      const fresh = rm.runner();
      const before = await fresh.status();
      expect(before).toMatchObject({ state: 'stopped', position: 0, checkpoint: 0 });
      expect(before.head).toBeGreaterThanOrEqual(STREAMS * PER_STREAM);
      expect(before.lag).toBe((await env.store.readAll()).length); // counted in events, not in position units

      await project(rm);
      const events = await env.store.readAll();
      expect(await rm.contents()).toEqual(expectedRegister(events));
      expect((await rm.contents()).register).toHaveLength(STREAMS);
      const after = await fresh.status();
      expect(after).toMatchObject({ state: 'stopped', lag: 0, position: after.head, checkpoint: after.head });
    });

    it('stopped in the middle of a replay and restarted, ends identical to a clean full rebuild', async () => {
      const interrupted = await readModel();
      const stopAfter = 137;
      let applied = 0;
      let lastApplied: RecordedEvent | undefined;
      let halted!: Promise<void>;
      // Saves die with the "process": the stored checkpoint trails the documents, as after a crash.
      const checkpoints = new DyingCheckpoints(interrupted.connection);
      const stoppedEarly = new Promise<void>((resolve) => {
        const runner = interrupted.runner({
          checkpoints,
          checkpointEvery: 50,
          checkpointIdleMs: 60_000,
          onApplied: (event) => {
            lastApplied = event;
            if (++applied === stopAfter) {
              checkpoints.dead = true;
              halted = runner.stop();
              resolve();
            }
          },
        });
        void runner.start();
      });
      await stoppedEarly;
      await halted;
      const midway = await interrupted.runner().status();
      expect(applied).toBe(stopAfter); // nothing applied once stop was asked
      expect(checkpoints.saved).toEqual([expect.any(Number), expect.any(Number)]); // after events 50 and 100
      expect(midway.checkpoint).toBe(checkpoints.saved[1]);
      expect(midway.checkpoint).toBeLessThan(lastApplied!.position);
      expect(midway.lag).toBe((await env.store.readAll({ fromPosition: midway.checkpoint })).length);
      expect(midway.lag).toBeGreaterThan(0);

      const restarted = await project(interrupted);
      expect((await restarted.status()).lag).toBe(0);

      const clean = await readModel();
      const rebuilt = clean.runner();
      await rebuilt.rebuild();
      await rebuilt.waitUntilCaughtUp();
      await rebuilt.stop();

      expect(await interrupted.digest()).toBe(await clean.digest());
      expect(await interrupted.contents()).toEqual(expectedRegister(await env.store.readAll()));
    });

    it('after a crash that left the checkpoint behind the documents, replaying changes nothing', async () => {
      const rm = await readModel();
      await project(rm);
      const digest = await rm.digest();
      // A crash between document writes and a batched checkpoint save: the stored checkpoint trails.
      await rm.connection.collection(CHECKPOINT_COLLECTION).updateOne({ _id: rm.projection.name as never }, { $set: { position: 100 } });
      let reapplied = 0;
      await project(rm, { onApplied: () => void reapplied++ });
      expect(reapplied).toBeGreaterThan(0);
      expect(await rm.digest()).toBe(digest);
    });

    it('redelivery of an already applied event changes nothing', async () => {
      const rm = await readModel();
      await project(rm);
      const digest = await rm.digest();
      const events = await env.store.readAll();
      const old = events.find((e) => e.type === 'CertificateGranted')!;
      const last = [...events].reverse().find((e) => e.streamId === old.streamId && e.type !== 'NoteAdded')!;
      expect(await applyEvent(rm.projection, old)).toBe(true);
      expect(await applyEvent(rm.projection, last)).toBe(true);
      expect(await rm.digest()).toBe(digest);
      expect(await upsertAt(rm.models.register, last.streamId, last.position, { $inc: { eventCount: 1 } })).toBe('skipped');
      expect(await upsertAt(rm.models.register, last.streamId, last.position + 1, { $inc: { eventCount: 0 } })).toBe('applied');
    });

    it('keeps its checkpoint across a restart and resumes after it', async () => {
      const rm = await readModel();
      await project(rm);
      const head = await env.store.headPosition();
      expect((await rm.runner().status()).checkpoint).toBe(head);

      const seen: number[] = [];
      const resumed = rm.runner({ onApplied: (e) => void seen.push(e.position) });
      await resumed.start();
      const { position } = await env.store.appendToStream('certification-900', [{ type: 'ApplicationSubmitted', data: { producer: 'Sirana Banat' } }], {
        expectedRevision: ANY,
        metadata: metadata(900),
      });
      await resumed.waitForPosition(position);
      await resumed.stop();
      expect(seen).toEqual([position]); // nothing before the checkpoint was applied again
    });

    it('projects live events after catching up, and reports lag 0 then', async () => {
      const rm = await readModel();
      const runner = rm.runner({ checkpointEvery: 1 });
      await runner.start();
      await runner.waitUntilCaughtUp();
      const { position } = await env.store.appendToStream(
        'certification-001',
        [{ type: 'CertificateSuspended', data: { reason: 'label misuse' } }, { type: 'CertificateGranted', data: { certificateNo: 'MIB-1-live' } }],
        { expectedRevision: ANY, metadata: metadata(901) },
      );
      await runner.waitForPosition(position);
      expect(await rm.models.register.findById('certification-001').lean()).toMatchObject({ status: 'granted', certificateNo: 'MIB-1-live', _position: position });
      expect(await runner.status()).toMatchObject({ state: 'running', lag: 0, position, checkpoint: position });
      await runner.stop();
      expect(await rm.contents()).toEqual(expectedRegister(await env.store.readAll()));
    });

    it('a rebuild drops and replays to the same digest', async () => {
      const rm = await readModel();
      const runner = await project(rm);
      const digest = await rm.digest();
      await rm.models.register.updateOne({ _id: 'certification-007' }, { $set: { status: 'tampered' } });
      expect(await rm.digest()).not.toBe(digest);
      await runner.rebuild();
      await runner.waitUntilCaughtUp();
      await runner.stop();
      expect(await rm.digest()).toBe(digest);
      expect(await rm.models.register.listIndexes()).toEqual(expect.arrayContaining([expect.objectContaining({ key: { status: 1 } })]));
    });

    it('retries a failing apply a bounded number of times, then halts as failed at that position', async () => {
      const rm = await readModel();
      const events = await env.store.readAll();
      const poisoned = events.filter((e) => e.type === 'CertificateGranted')[20]!;
      let attempts = 0;
      const flaky = {
        ...rm.projection,
        async apply(event: RecordedEvent, ctx: Parameters<typeof rm.projection.apply>[1]) {
          if (event.position === poisoned.position) {
            attempts++;
            throw new Error('read model unavailable');
          }
          await rm.projection.apply(event as never, ctx);
        },
      };
      const failures: number[] = [];
      const runner = rm.runner({ projection: flaky, retry: { attempts: 3, initialDelayMs: 1 }, onFailure: (f) => void failures.push(f.position) });
      await runner.start();
      await expect(runner.waitUntilCaughtUp()).rejects.toThrow(/failed at position/);
      await runner.stop();
      const status = await runner.status();
      expect(attempts).toBe(3);
      expect(failures).toEqual([poisoned.position]);
      expect(status).toMatchObject({ state: 'failed', failure: { position: poisoned.position, attempts: 3, error: 'read model unavailable', eventType: 'CertificateGranted' } });
      expect(status.position).toBeLessThan(poisoned.position); // the poisoned event was not skipped
      expect(status.lag).toBeGreaterThan(0);

      const healed = rm.runner();
      await healed.start();
      await healed.waitUntilCaughtUp();
      await healed.stop();
      expect(await rm.contents()).toEqual(expectedRegister(await env.store.readAll()));
    });

    const BATCH = { maxEvents: 100, maxDelayMs: 50 };

    it('batched: ends with the same documents as one event at a time, inserting into an empty read model', async () => {
      const single = await readModel();
      await project(single);
      const batched = await readModel();
      const firstWrites: string[][] = [];
      // Inserts go to the driver's collection, cast by the batch (castForInsert).
      const bulkWrite = batched.models.register.collection.bulkWrite.bind(batched.models.register.collection);
      batched.models.register.collection.bulkWrite = ((ops: Array<Record<string, unknown>>, options?: object) => {
        firstWrites.push(ops.map((op) => Object.keys(op)[0]!));
        return bulkWrite(ops as never, options as never);
      }) as never;
      const reads = countReads(batched.models.register);
      const runner = await project(batched, { batch: BATCH });
      expect(reads()).toBe(1); // known empty at the start (one query), then every document from the runner's cache
      expect(await batched.digest()).toBe(await single.digest());
      expect(await batched.contents()).toEqual(expectedRegister(await env.store.readAll()));
      expect(new Set(firstWrites[0])).toEqual(new Set(['insertOne'])); // a rebuild from empty inserts
      expect(firstWrites.length).toBeLessThan((await env.store.readAll()).length / 10); // one write per batch, not per event
      expect((await runner.status()).lag).toBe(0);
    });

    it('batched with a cache too small for the read model: evicted documents are loaded again, same digest', async () => {
      const single = await readModel();
      await project(single);
      const batched = await readModel();
      const reads = countReads(batched.models.register);
      await project(batched, { batch: { ...BATCH, cachedDocuments: 5 } });
      expect(reads()).toBeGreaterThan(1);
      expect(await batched.digest()).toBe(await single.digest());
    });

    // A replay's write-behind: documents idle for 20 events are inserted while the replay goes on. Each
    // stream is touched every 50 events, so most of them come back after their early insert.
    // The batch is written when its delay runs out (the replay has under maxEvents): 5 s, longer than the replay takes;
    // cut short on a slow machine, the rest is a second batch and every assertion below still holds.
    const WRITE_BEHIND = { maxEvents: 10_000, maxDelayMs: 5_000, writeBehind: { idleEvents: 20, every: 10 } };

    /** Counts the register's inserts and replacements, and how many events the runner had been given at the first insert. */
    function watchWrites(rm: Awaited<ReturnType<typeof readModel>>) {
      const seen = { delivered: 0, deliveredAtFirstInsert: -1, inserted: 0, replaced: 0 };
      const bulkWrite = rm.models.register.collection.bulkWrite.bind(rm.models.register.collection);
      // Inserts (cast once, through the driver) and replacements (mongoose's bulkWrite, which ends here too) both reach the collection's bulkWrite.
      rm.models.register.collection.bulkWrite = ((ops: Array<Record<string, unknown>>, options?: object) => {
        const inserts = ops.filter((op) => 'insertOne' in op).length;
        if (inserts > 0 && seen.deliveredAtFirstInsert < 0) seen.deliveredAtFirstInsert = seen.delivered;
        seen.inserted += inserts;
        seen.replaced += ops.filter((op) => 'replaceOne' in op).length;
        return bulkWrite(ops as never, options as never);
      }) as never;
      const store = Object.assign(Object.create(env.store) as EventStore, {
        subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) => env.store.subscribeToAll({ ...options, onEvent: (event) => (seen.delivered++, options.onEvent(event)) }),
      });
      return { seen, store };
    }

    it('batched with write-behind: idle documents inserted while the replay goes on, those touched again replaced; same digest as one event at a time', async () => {
      const single = await readModel();
      await project(single);
      const behind = await readModel();
      const { seen, store } = watchWrites(behind);
      const runner = await project(behind, { store, batch: WRITE_BEHIND });
      const events = await env.store.readAll();
      expect(seen.deliveredAtFirstInsert).toBeGreaterThan(0);
      expect(seen.deliveredAtFirstInsert).toBeLessThan(events.length / 2); // long before the batch's end
      expect(seen.inserted).toBe(expectedRegister(events).register.length); // each document inserted once (earlier tests append streams of their own)
      expect(seen.replaced).toBeGreaterThan(0); // touched again after its early insert
      expect(await behind.digest()).toBe(await single.digest());
      expect(await behind.contents()).toEqual(expectedRegister(events));
      expect((await runner.status()).lag).toBe(0);
    });

    it('batched with write-behind: a crash after early inserts (no checkpoint yet), resumed without it, ends identical to a clean rebuild', async () => {
      const crashed = await readModel();
      const checkpoints = new DyingCheckpoints(crashed.connection);
      const register = crashed.models.register.collection;
      const bulkWrite = register.bulkWrite.bind(register);
      let writes = 0;
      let died!: () => void;
      const crash = new Promise<void>((resolve) => (died = resolve));
      // The third early insert is where the "process" goes: it and every later write never reach the database.
      register.bulkWrite = (async (ops: Array<Record<string, unknown>>, options?: object) => {
        if (++writes < 3) return bulkWrite(ops as never, options as never);
        checkpoints.dead = true;
        died();
        return { insertedCount: ops.filter((op) => 'insertOne' in op).length, matchedCount: ops.filter((op) => 'replaceOne' in op).length };
      }) as never;
      const runner = crashed.runner({ checkpoints, batch: WRITE_BEHIND });
      await runner.start();
      await crash;
      await runner.stop();
      register.bulkWrite = bulkWrite as never;
      expect(checkpoints.saved).toEqual([]); // the batch never completed
      expect(await crashed.models.register.countDocuments()).toBeGreaterThan(0); // yet documents were written early

      const clean = await readModel();
      await project(clean);
      const resumed = await project(crashed, { batch: WRITE_BEHIND });
      expect((await resumed.status()).lag).toBe(0);
      expect(await crashed.digest()).toBe(await clean.digest());
      expect(await crashed.contents()).toEqual(expectedRegister(await env.store.readAll()));
    });

    it('batched: a second writer changing documents the runner holds in its cache is detected (never overwritten), and the runner ends in the right state', async () => {
      const rm = await readModel();
      const events = await env.store.readAll();
      const limit = events[Math.floor(events.length / 2)]!.position;
      let open!: () => void;
      const opened = new Promise<void>((resolve) => (open = resolve));
      // The first writer sees the history up to `limit`, then waits until the gate opens.
      const gated = Object.assign(Object.create(env.store) as EventStore, {
        subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) =>
          env.store.subscribeToAll({
            ...options,
            onEvent: async (event) => {
              if (event.position > limit) await opened;
              return options.onEvent(event);
            },
          }),
      });
      const first = rm.runner({ store: gated, batch: BATCH });
      await first.start();
      await first.waitForPosition(limit);

      // Another replica projects the rest of the history into the same collection, then someone marks a document.
      const second = rm.runner();
      await second.start();
      await second.waitUntilCaughtUp();
      await second.stop();
      const marked = events.at(-1)!.streamId;
      const before = await rm.models.register.collection.findOne({ _id: marked as never });
      expect(before).not.toBeNull();
      await rm.models.register.collection.updateOne({ _id: marked as never }, { $set: { secondWriter: true } });

      // A batch replaces the documents it holds in bulk writes (each replacement conditioned on its cached _position).
      const outcomes: Array<{ replaces: number; matched: number }> = [];
      const bulkWrite = rm.models.register.bulkWrite.bind(rm.models.register);
      rm.models.register.bulkWrite = (async (ops: Array<Record<string, unknown>>, options?: object) => {
        const result = await bulkWrite(ops as never, options as never);
        const replaces = ops.filter((op) => 'replaceOne' in op).length;
        if (replaces > 0) outcomes.push({ replaces, matched: result.matchedCount });
        return result;
      }) as never;
      open();
      await first.waitUntilCaughtUp();
      await first.stop();
      rm.models.register.bulkWrite = bulkWrite as never;

      expect(outcomes.some(({ replaces, matched }) => matched < replaces)).toBe(true); // conditional on the cached _position: a conflict
      const after = await rm.models.register.collection.findOne({ _id: marked as never });
      expect(after).toMatchObject({ secondWriter: true, _position: before!._position }); // not overwritten from the stale cache
      await rm.models.register.collection.updateOne({ _id: marked as never }, { $unset: { secondWriter: 1 } });
      expect(await rm.contents()).toEqual(expectedRegister(events));
      expect((await first.status()).lag).toBe(0);
    });

    it('batched: a crash in the middle of a batch write (part of its documents written, no checkpoint) ends identical to a clean rebuild', async () => {
      const crashed = await readModel();
      const checkpoints = new DyingCheckpoints(crashed.connection);
      const models = [crashed.models.register, crashed.models.typeCounts];
      type BulkWrite = (ops: unknown, options?: unknown) => Promise<unknown>;
      const originals = models.map((model) => model.collection.bulkWrite.bind(model.collection) as unknown as BulkWrite);
      let dead = false;
      let died!: () => void;
      const crash = new Promise<void>((resolve) => (died = resolve));
      // Once dead, writes stop reaching the database, as if the process had gone in the middle of the batch.
      const pretendWritten = (ops: Array<Record<string, unknown>>) => ({
        insertedCount: ops.filter((op) => 'insertOne' in op).length,
        matchedCount: ops.filter((op) => 'replaceOne' in op).length,
      });
      const die = () => {
        dead = checkpoints.dead = true;
        died();
      };
      // The third batch's register write (inserts and replacements in bulk writes) is where it dies, half of a bulk write done.
      const thirdBatch = () => checkpoints.saved.length >= 2;
      models.forEach((model, i) => {
        model.collection.bulkWrite = (async (ops: Array<Record<string, unknown>>, options?: object) => {
          if (dead) return pretendWritten(ops);
          if (model === crashed.models.register && thirdBatch()) {
            await originals[i]!(ops.slice(0, Math.ceil(ops.length / 2)), options);
            die();
            return pretendWritten(ops);
          }
          return originals[i]!(ops, options);
        }) as never;
      });
      const runner = crashed.runner({ checkpoints, batch: BATCH });
      await runner.start();
      await crash;
      await runner.stop();
      models.forEach((model, i) => (model.collection.bulkWrite = originals[i] as never));

      const midway = await crashed.runner().status();
      expect(midway.checkpoint).toBe(checkpoints.saved[1]); // two batches made it, with their checkpoints
      const clean = await readModel();
      await project(clean);
      const cleanDigest = await clean.digest();
      expect(await crashed.digest()).not.toBe(cleanDigest);

      const resumed = await project(crashed, { batch: BATCH });
      expect((await resumed.status()).lag).toBe(0);
      expect(await crashed.digest()).toBe(cleanDigest);
      expect(await crashed.contents()).toEqual(expectedRegister(await env.store.readAll()));
    });

    it('batched: a poison event halts the runner after writing the events before it, and names it', async () => {
      const rm = await readModel();
      const events = await env.store.readAll();
      const poisoned = events.filter((e) => e.type === 'CertificateGranted')[30]!;
      const flaky = {
        ...rm.projection,
        async apply(event: RecordedEvent, ctx: Parameters<typeof rm.projection.apply>[1]) {
          await rm.projection.apply(event as never, ctx); // stages part of its changes, then fails: none may stay
          if (event.position === poisoned.position) throw new Error('cannot project');
        },
      };
      const runner = rm.runner({ projection: flaky, batch: BATCH, retry: { attempts: 2, initialDelayMs: 1 } });
      await runner.start();
      await expect(runner.waitUntilCaughtUp()).rejects.toThrow(/failed at position/);
      await runner.stop();
      const before = events.filter((e) => e.position < poisoned.position);
      expect(await runner.status()).toMatchObject({ state: 'failed', position: before.at(-1)!.position, failure: { position: poisoned.position, error: 'cannot project' } });
      expect(await rm.contents()).toEqual(expectedRegister(before));
    });

    it('refuses a model whose schema does not track the position', async () => {
      const rm = await readModel();
      const bare = rm.connection.model('Bare', new mongoose.Schema({ _id: String, n: Number }), 'bare');
      await expect(upsertAt(bare, 'x', 1, { $inc: { n: 1 } })).rejects.toThrow(/readModelPositionPlugin/);
    });
  });
}
