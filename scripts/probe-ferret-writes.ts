/**
 * The floor of FerretDB writes on this machine (no assertions): insertMany, replaceOne and updateOne, with
 * and without a `_position` condition, one by one, in a bulk write and several in flight, at N documents.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/probe-ferret-writes.js (N=10000)
 */
import { MongoClient } from 'mongodb';
import { startFerret } from '../libs/testing/src';

async function main() {
  const ferret = await startFerret();
  const client = await new MongoClient(ferret.url).connect();
  const db = client.db('probe');
  const N = Number(process.env.N ?? 10000);
  const doc = (i: number, p = i) => ({ _id: `doc-${i}`, _position: p, name: { ro: `Nume ${i}` }, status: 'valid', products: [{ name: 'x', nice: 30 }], region: 'RO-TM', n: i });
  const time = async (label: string, ops: number, run: () => Promise<unknown>) => {
    const t = process.hrtime.bigint();
    await run();
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    console.log(`${label.padEnd(60)} ${(ops / s).toFixed(0).padStart(8)} docs/s  ${((s * 1000) / ops).toFixed(3)} ms/doc`);
  };
  const c = db.collection<any>('c');
  await time(`insertMany ${N}`, N, () => c.insertMany(Array.from({ length: N }, (_, k) => doc(k)), { ordered: false }));
  const M = 50;
  await time('replaceOne {_id, _position} sequential', M, async () => { for (let i = 0; i < M; i++) await c.replaceOne({ _id: `doc-${i}`, _position: i }, doc(i, i + N)); });
  await time('replaceOne {_id} sequential', M, async () => { for (let i = M; i < 2 * M; i++) await c.replaceOne({ _id: `doc-${i}` }, doc(i, i + N)); });
  await time('updateOne {_id, _position} $set sequential', M, async () => { for (let i = 2 * M; i < 3 * M; i++) await c.updateOne({ _id: `doc-${i}`, _position: i }, { $set: { ...doc(i, i + N), _id: undefined } }, { ignoreUndefined: true }); });
  await time('updateOne {_id} $set one field sequential', M, async () => { for (let i = 3 * M; i < 4 * M; i++) await c.updateOne({ _id: `doc-${i}` }, { $set: { n: -1 } }); });
  await time('bulkWrite 50 replaceOne {_id,_position}', M, () => c.bulkWrite(Array.from({ length: M }, (_, k) => ({ replaceOne: { filter: { _id: `doc-${4 * M + k}`, _position: 4 * M + k }, replacement: doc(4 * M + k, N + k) } })), { ordered: false }));
  await time('bulkWrite 50 updateOne {_id,_position} $set', M, () => c.bulkWrite(Array.from({ length: M }, (_, k) => ({ updateOne: { filter: { _id: `doc-${5 * M + k}`, _position: 5 * M + k }, update: { $set: { n: -2, _position: N + k } } } })), { ordered: false }));
  await time('deleteMany {_id:$in 50} + insertMany 50', M, async () => { const ids = Array.from({ length: M }, (_, k) => `doc-${6 * M + k}`); await c.deleteMany({ _id: { $in: ids } }); await c.insertMany(ids.map((_, k) => doc(6 * M + k, N + k))); });
  const par = async (from: number, width: number, op: (i: number) => Promise<unknown>) => { let next = from; await Promise.all(Array.from({ length: width }, async () => { while (next < from + 200) await op(next++); })); };
  for (const width of [4, 16]) {
    const base = 1000 + width * 1000;
    await time(`replaceOne {_id, _position} ${width} in flight`, 200, () => par(base, width, (i) => c.replaceOne({ _id: `doc-${i}`, _position: i }, doc(i, i + N))));
    await time(`replaceOne {_id} ${width} in flight`, 200, () => par(base + 300, width, (i) => c.replaceOne({ _id: `doc-${i}` }, doc(i, i + N))));
  }
  await time('findOne {_id} sequential', M, async () => { for (let i = 0; i < M; i++) await c.findOne({ _id: `doc-${i}` }); });
  await client.close();
  await ferret.stop();
}
main().then(() => process.exit(0), (e) => (console.error(e), process.exit(1)));
