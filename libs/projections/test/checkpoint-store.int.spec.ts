import type { Connection } from 'mongoose';
import { CHECKPOINT_COLLECTION, CheckpointStore } from '../src';
import { ferretDatabases } from './ferret-databases';

/** The checkpoints of a process's projectors on one connection, on a real FerretDB. */
describe('checkpoint store (real FerretDB)', () => {
  const { connection } = ferretDatabases('checkpoints');

  /** Counts the bulk writes (and their statements) sent to the checkpoints' collection. */
  function countWrites(c: Connection): Array<number> {
    const writes: number[] = [];
    const collection = c.collection(CHECKPOINT_COLLECTION);
    const bulkWrite = collection.bulkWrite.bind(collection);
    collection.bulkWrite = ((ops: unknown[], options?: object) => (writes.push(ops.length), bulkWrite(ops as never, options as never))) as never;
    return writes;
  }

  it('writes the saves of several projectors that meet in one bulk write, each only forward', async () => {
    const c = await connection();
    const writes = countWrites(c);
    const stores = ['register', 'files', 'statistics', 'workload', 'facts', 'issuer'].map((name) => ({ name, store: new CheckpointStore(c) }));
    await Promise.all(stores.map(({ name, store }, i) => store.save(name, 100 + i)));
    expect(writes).toEqual([6]); // six projectors finishing together: one command
    for (const [i, { name, store }] of stores.entries()) expect(await store.load(name)).toBe(100 + i);

    // Saves of one projection that meet keep the furthest; a stale one never pulls a checkpoint back.
    const [register] = stores;
    await Promise.all([register!.store.save('register', 300), register!.store.save('register', 200)]);
    expect(await register!.store.load('register')).toBe(300);
    await register!.store.save('register', 250);
    expect(await register!.store.load('register')).toBe(300);
    expect(writes).toEqual([6, 1, 1]);
  });

  it('a save that comes while a write is in flight goes into the next write, with the others that came meanwhile', async () => {
    const c = await connection();
    const writes = countWrites(c);
    const store = new CheckpointStore(c);
    const first = store.save('a', 1);
    await new Promise((r) => setImmediate(r)); // the first write has started
    const later = [store.save('b', 2), store.save('c', 3), store.save('a', 4)];
    await Promise.all([first, ...later]);
    expect(writes).toEqual([1, 3]);
    expect([await store.load('a'), await store.load('b'), await store.load('c')]).toEqual([4, 2, 3]);
  });

  it('a failed write rejects the saves it carried (the runner retries them later), and the next write goes on', async () => {
    const c = await connection();
    const store = new CheckpointStore(c);
    const collection = c.collection(CHECKPOINT_COLLECTION);
    const bulkWrite = collection.bulkWrite.bind(collection);
    collection.bulkWrite = (async () => {
      throw Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' });
    }) as never;
    await expect(Promise.all([store.save('a', 1), store.save('b', 2)])).rejects.toThrow('connection reset');
    collection.bulkWrite = bulkWrite;
    await store.save('a', 5);
    expect(await store.load('a')).toBe(5);
    expect(await store.load('b')).toBe(0);
  });
});
