import { JetStreamEventStore } from '@banat/event-store';
import { eventually, startFerret, startNats, type RunningServer } from '@banat/testing';
import mongoose, { type Connection } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import { CheckpointStore, ProjectorRunner, readModelDigest, type ProjectorLogger } from '../src';
import { appendHistory, certificateRegisterProjection, certificationHistory, expectedRegister, registerModels } from './certificate-register';

const silent: ProjectorLogger = { warn: () => undefined, error: () => undefined };

/**
 * The servers under a running projector go away and come back on the same port and data: the
 * projector waits the outage out and ends equal to a clean rebuild, with nothing skipped.
 */
describe('projector runner across server restarts (real FerretDB and nats-server)', () => {
  let nats: RunningServer;
  let ferret: RunningServer;
  let store: JetStreamEventStore;
  let nc: NatsConnection;
  const connections: Connection[] = [];
  let dbCounter = 0;

  beforeAll(async () => {
    [nats, ferret] = await Promise.all([startNats(), startFerret()]);
    nc = await connect({ servers: nats.url, reconnectTimeWait: 200, maxReconnectAttempts: -1 });
    store = await JetStreamEventStore.connect({ connection: nc });
    await appendHistory(store, certificationHistory(20, 5));
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close(true)));
    await store?.close();
    await nc?.close();
    await Promise.all([nats?.stop(), ferret?.stop()]);
  });

  async function readModel() {
    // Short server selection: an operation during the outage fails in a second rather than hanging.
    const connection = await mongoose.createConnection(ferret.url, { dbName: `restart_${++dbCounter}`, serverSelectionTimeoutMS: 1000 }).asPromise();
    connections.push(connection);
    const models = registerModels(connection);
    await Promise.all([models.register.init(), models.typeCounts.init()]);
    const projection = certificateRegisterProjection(models);
    const runner = new ProjectorRunner({ store, projection, logger: silent, checkpointEvery: 10, retry: { attempts: 3, initialDelayMs: 50, maxDelayMs: 500 } });
    return { connection, models, projection, runner, digest: () => readModelDigest(projection.models) };
  }

  async function cleanRebuildDigest(): Promise<string> {
    const clean = await readModel();
    await clean.runner.rebuild();
    await clean.runner.waitUntilCaughtUp();
    await clean.runner.stop();
    return clean.digest();
  }

  it('FerretDB stopped under a running projector and restarted: every event appended meanwhile is projected, digest equal to a clean rebuild', async () => {
    const rm = await readModel();
    await rm.runner.start();
    await rm.runner.waitUntilCaughtUp();

    await ferret.kill();
    const last = await appendHistory(store, certificationHistory(20, 3).map(({ streamId, event }) => ({ streamId: `${streamId}-outage`, event })));
    // The projector meets the outage and keeps retrying (transient: no limit), reported in its status.
    const during = await eventually(async () => {
      const status = await rm.runner.status();
      return status.retrying && status.retrying.attempts > 3 ? status : undefined;
    }, 300, 100);
    expect(during).toMatchObject({ state: 'running', retrying: { position: expect.any(Number), error: expect.any(String) } });
    expect(during.lag).toBeGreaterThan(0);
    expect(during.failure).toBeUndefined();

    await ferret.restart();
    await rm.runner.waitForPosition(last, 60_000);
    const after = await rm.runner.status();
    expect(after).toMatchObject({ state: 'running', lag: 0 });
    expect(after.retrying).toBeUndefined();
    await rm.runner.stop();

    expect(await rm.models.register.find().sort({ _id: 1 }).select('-_position -createdAt -updatedAt').lean()).toEqual(expectedRegister(await store.readAll()).register);
    expect(await rm.digest()).toBe(await cleanRebuildDigest());
  });

  it('nats-server (the event store) restarted under a running projector: its subscription comes back (the client ordered consumer recreates itself) and nothing is missed', async () => {
    const rm = await readModel();
    await rm.runner.start();
    await rm.runner.waitUntilCaughtUp();

    await nats.restart(); // same port, same JetStream directory
    const last = await eventually(async () => {
      try {
        return await appendHistory(store, certificationHistory(10, 2).map(({ streamId, event }) => ({ streamId: `${streamId}-nats`, event })));
      } catch {
        return undefined; // the client is still reconnecting
      }
    }, 100, 200);
    await rm.runner.waitForPosition(last, 60_000);
    await rm.runner.stop();
    expect(await rm.digest()).toBe(await cleanRebuildDigest());
  });

  it('a poison event halts the projector and is recorded beside its checkpoint with its position and error; a fixed projection resumes at it', async () => {
    const rm = await readModel();
    const events = await store.readAll();
    const poisoned = events.filter((e) => e.type === 'CertificateGranted')[5]!;
    let broken = true;
    const projection = {
      ...rm.projection,
      async apply(event: Parameters<typeof rm.projection.apply>[0], ctx: Parameters<typeof rm.projection.apply>[1]) {
        if (broken && event.position === poisoned.position) throw new TypeError("Cannot read properties of undefined (reading 'holder')");
        await rm.projection.apply(event, ctx);
      },
    };
    const runner = new ProjectorRunner({ store, projection, logger: silent, retry: { attempts: 3, initialDelayMs: 10 } });
    await runner.start();
    await expect(runner.waitUntilCaughtUp()).rejects.toThrow(/failed at position/);
    const stored = new CheckpointStore(rm.connection);
    const recorded = await eventually(async () => (await stored.state(projection.name)).failure);
    expect(recorded).toEqual({ position: poisoned.position, streamId: poisoned.streamId, eventType: 'CertificateGranted', attempts: 3, error: "Cannot read properties of undefined (reading 'holder')" });
    expect((await stored.state(projection.name)).position).toBeLessThan(poisoned.position);

    broken = false;
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    expect((await stored.state(projection.name)).failure).toBeUndefined();
    expect(await rm.digest()).toBe(await cleanRebuildDigest());
  });
});
