import { JetStreamEventStore } from '@banat/event-store';
import { startFerret, startNats, type RunningServer } from '@banat/testing';
import mongoose from 'mongoose';
import { ProjectorRunner, readModelDigest } from '../src';
import { certificateRegisterProjection, certificationHistory, expectedRegister, registerModels } from './certificate-register';
import { appendHistory } from './projector-suite';

/** Prints replay events/s into FerretDB per checkpoint policy; asserts results, never timings. */
describe('projector throughput into FerretDB (measured, printed)', () => {
  const EVENTS = Number(process.env.PROJECTION_BENCH_EVENTS ?? 2000);
  let nats: RunningServer;
  let ferret: RunningServer;
  let store: JetStreamEventStore;
  const digests = new Set<string>();
  const figures: string[] = [];

  beforeAll(async () => {
    [nats, ferret] = await Promise.all([startNats(), startFerret()]);
    store = await JetStreamEventStore.connect({ servers: nats.url });
    await appendHistory(store, certificationHistory(50, EVENTS / 50));
  });
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.log(`projector replay of ${EVENTS} events (JetStream → FerretDB/SQLite, 2 upserts per handled event):\n${figures.join('\n')}`);
    await store?.close();
    await Promise.all([nats?.stop(), ferret?.stop()]);
  });

  it('delivers without writing (baseline: event store and runner only)', async () => {
    const connection = await mongoose.createConnection(ferret.url, { dbName: 'bench_baseline' }).asPromise();
    try {
      const models = registerModels(connection);
      const projection = { ...certificateRegisterProjection(models), handles: [] };
      const runner = new ProjectorRunner({ store, projection, checkpointEvery: 1000 });
      const started = process.hrtime.bigint();
      await runner.start();
      await runner.waitUntilCaughtUp();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await runner.stop();
      figures.push(`  no writes (delivery only): ${Math.round(EVENTS / seconds)} events/s (${seconds.toFixed(2)} s)`);
      expect(await models.register.countDocuments()).toBe(0);
    } finally {
      await connection.close();
    }
  });

  it.each([1000, 100, 10, 1])('replays with a checkpoint every %p event(s)', async (checkpointEvery) => {
    const connection = await mongoose.createConnection(ferret.url, { dbName: `bench_${checkpointEvery}` }).asPromise();
    try {
      const models = registerModels(connection);
      await Promise.all([models.register.init(), models.typeCounts.init()]);
      const projection = certificateRegisterProjection(models);
      const runner = new ProjectorRunner({ store, projection, checkpointEvery });
      const started = process.hrtime.bigint();
      await runner.start();
      await runner.waitUntilCaughtUp();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await runner.stop();
      figures.push(`  checkpoint every ${String(checkpointEvery).padStart(4)}: ${Math.round(EVENTS / seconds)} events/s (${seconds.toFixed(2)} s)`);
      const { register } = expectedRegister(await store.readAll());
      expect(await models.register.countDocuments()).toBe(register.length);
      digests.add(await readModelDigest(projection.models));
      expect(digests.size).toBe(1); // every policy yields the same read model
    } finally {
      await connection.close();
    }
  });
});
