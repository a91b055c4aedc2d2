/**
 * Read-store benchmark (no assertions): FerretDB 1.24 on PostgreSQL (the default) vs on SQLite,
 * same client and machine: updateOne and findOne by `_id`, one at a time, at growing collection sizes.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-store.js
 * (STORE_BENCH_SIZES=1000,10000 STORE_BENCH_OPS=200)
 */
import mongoose from 'mongoose';
import { FerretBackend, startFerret } from '../libs/testing/src';

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function timeEach(count: number, op: (i: number) => Promise<unknown>): Promise<{ mean: number; p50: number; p99: number }> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await op(i);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const sorted = [...times].sort((a, b) => a - b);
  return { mean: times.reduce((a, b) => a + b, 0) / times.length, p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}

export async function main(): Promise<void> {
  const sizes = (process.env.STORE_BENCH_SIZES ?? '1000,10000').split(',').map(Number);
  const ops = Number(process.env.STORE_BENCH_OPS ?? 200);
  const rows: string[] = [];
  for (const backend of ['postgresql', 'sqlite'] as FerretBackend[]) {
    const ferret = await startFerret({ backend });
    const connection = await mongoose.createConnection(ferret.url, { dbName: 'bench_store' }).asPromise();
    try {
      let loaded = 0;
      const docs = connection.collection<{ _id: string; name: string; revision: number; country: string }>('docs');
      for (const size of sizes) {
        const batch = [];
        for (let i = loaded; i < size; i++) batch.push({ _id: `org-${i}`, name: `Organisation ${i}`, revision: 1, country: i % 2 ? 'RO' : 'RS' });
        for (let i = 0; i < batch.length; i += 1000) await docs.insertMany(batch.slice(i, i + 1000), { ordered: false });
        loaded = size;
        const id = (i: number) => `org-${(i * 7919) % size}`;
        const update = await timeEach(ops, (i) => docs.updateOne({ _id: id(i) }, { $inc: { revision: 1 } }));
        const find = await timeEach(ops, (i) => docs.findOne({ _id: id(i) }));
        const fmt = (t: { mean: number; p50: number; p99: number }) => `${t.mean.toFixed(2).padStart(7)} ms mean ${t.p99.toFixed(1).padStart(6)} ms p99`;
        rows.push(`${backend.padEnd(11)} ${String(size).padStart(7)} docs   updateOne by _id ${fmt(update)}   findOne by _id ${fmt(find)}`);
      }
    } finally {
      await connection.close();
      await ferret.stop();
    }
  }
  console.log(`\nread store: FerretDB 1.24 by backend, ${ops} operations one at a time`);
  for (const row of rows) console.log(row);
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
