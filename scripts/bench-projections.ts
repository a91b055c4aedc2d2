/**
 * Projection benchmark (no assertions): replay of a certification history from JetStream into
 * FerretDB, one event at a time by checkpoint policy and batched (in memory per document, one bulk
 * write per batch), against a delivery-only baseline measured in the same run.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-projections.js (PROJECTION_BENCH_EVENTS=2000)
 */
import mongoose from 'mongoose';
import { JetStreamEventStore } from '../libs/event-store/src';
import { ProjectorRunner } from '../libs/projections/src';
import { appendHistory, certificateRegisterProjection, certificationHistory, registerModels } from '../libs/projections/test/certificate-register';
import { ferretBackend, startFerret, startNats } from '../libs/testing/src';

export async function main(): Promise<void> {
  const events = Number(process.env.PROJECTION_BENCH_EVENTS ?? 2000);
  const [nats, ferret] = await Promise.all([startNats(), startFerret()]);
  const store = await JetStreamEventStore.connect({ servers: nats.url });
  const rows: { name: string; perSecond: number }[] = [];
  try {
    await appendHistory(store, certificationHistory(50, events / 50));
    const policies = ['baseline', 1000, 100, 10, 1, 'batch-100', 'batch-500'] as const;
    for (const policy of policies) {
      const connection = await mongoose.createConnection(ferret.url, { dbName: `bench_${policy}` }).asPromise();
      const models = registerModels(connection);
      await Promise.all([models.register.init(), models.typeCounts.init()]);
      const projection = policy === 'baseline' ? { ...certificateRegisterProjection(models), handles: [] } : certificateRegisterProjection(models);
      const batchSize = typeof policy === 'string' && policy.startsWith('batch-') ? Number(policy.slice(6)) : undefined;
      const checkpointEvery = policy === 'baseline' || batchSize ? 1000 : (policy as number);
      const runner = new ProjectorRunner({ store, projection, checkpointEvery, batch: batchSize ? { maxEvents: batchSize, maxDelayMs: 100 } : undefined });
      const started = process.hrtime.bigint();
      await runner.start();
      await runner.waitUntilCaughtUp();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      await runner.stop();
      await connection.close();
      const name = policy === 'baseline' ? 'delivery only, no writes (baseline)' : batchSize ? `batched, ${batchSize} events/bulk write + checkpoint` : `2 upserts/event, checkpoint every ${policy}`;
      rows.push({ name, perSecond: events / seconds });
    }
  } finally {
    await store.close();
    await Promise.all([nats.stop(), ferret.stop()]);
  }
  console.log(`\nprojection replay benchmark (${events} events, JetStream → FerretDB/${ferretBackend()})`);
  for (const r of rows) console.log(`${r.name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(8)} events/s  ${(r.perSecond / rows[0].perSecond).toFixed(3)}x baseline`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
