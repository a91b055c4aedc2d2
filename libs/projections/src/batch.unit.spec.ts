import type { RecordedEvent } from '@banat/event-store';
import type { Model } from 'mongoose';
import { mongo } from 'mongoose';
import { applyUpdate, BatchConflict, DocumentCache, freezeDeep, insertChunkSize, ownedValue, ProjectionBatch, REPLACE_CHUNK, REPLACE_CONCURRENCY, WriteBehindFailed } from './batch';
import { isTransientError } from './transient-error';

describe('update operators applied in memory (batched projections)', () => {
  it('sets, unsets and increments, on dotted paths too, like MongoDB', () => {
    const doc: Record<string, unknown> = { _id: 'a', n: 1, holder: { name: 'Pekara' }, reason: 'x' };
    applyUpdate(doc, { $set: { status: 'active', 'holder.city': 'Vršac' }, $inc: { n: 2, missing: 5 }, $unset: { reason: 1 } }, false);
    expect(doc).toEqual({ _id: 'a', n: 3, missing: 5, status: 'active', holder: { name: 'Pekara', city: 'Vršac' } });
  });

  it('applies $setOnInsert only when the document is new', () => {
    const existing: Record<string, unknown> = { _id: 'a' };
    applyUpdate(existing, { $setOnInsert: { firstSeen: 1 } }, false);
    expect(existing).toEqual({ _id: 'a' });
    const inserted: Record<string, unknown> = { _id: 'b' };
    applyUpdate(inserted, { $setOnInsert: { firstSeen: 1 } }, true);
    expect(inserted).toEqual({ _id: 'b', firstSeen: 1 });
  });

  it('adds to a set only what it lacks (deep equality), pushes always, with or without $each', () => {
    const doc: Record<string, unknown> = { _id: 'a', ids: ['x'] };
    applyUpdate(doc, { $addToSet: { ids: 'x', tags: { $each: ['t', 't', 'u'] } }, $push: { log: { $each: [1, 1] } } }, false);
    expect(doc).toEqual({ _id: 'a', ids: ['x'], tags: ['t', 'u'], log: [1, 1] });
  });

  it('keeps the larger or smaller value with $max and $min', () => {
    const doc: Record<string, unknown> = { _id: 'a', hi: 5, lo: 5 };
    applyUpdate(doc, { $max: { hi: 3, fresh: 1 }, $min: { lo: 3 } }, false);
    expect(doc).toEqual({ _id: 'a', hi: 5, lo: 3, fresh: 1 });
  });

  it('does not share values with the update (a later change to the event data cannot leak in)', () => {
    const products = [{ name: 'rakija' }];
    const doc: Record<string, unknown> = { _id: 'a' };
    applyUpdate(doc, { $set: { products } }, true);
    products[0]!.name = 'changed';
    expect(doc.products).toEqual([{ name: 'rakija' }]);
  });

  it('copies a value deeply as a write would store it, frozen (BSON values kept, undefined dropped), and shares what is frozen already', () => {
    const id = new mongo.ObjectId();
    const at = new Date('2025-03-03T10:00:00.000Z');
    const doc = { _id: id, at, n: mongo.Decimal128.fromString('1.5'), nested: { list: [{ a: 1 }, undefined], gone: undefined } };
    const copy = ownedValue(doc) as typeof doc;
    expect(copy).toEqual({ _id: id, at, n: doc.n, nested: { list: [{ a: 1 }, null] } });
    expect(Object.keys(copy.nested)).toEqual(['list']);
    expect(copy._id).toBeInstanceOf(mongo.ObjectId);
    expect(copy.at).not.toBe(at);
    expect(mongo.BSON.deserialize(mongo.BSON.serialize(doc, { ignoreUndefined: true }), { promoteValues: true })).toEqual(copy);
    expect(Object.isFrozen(copy) && Object.isFrozen(copy.nested) && Object.isFrozen(copy.nested.list) && Object.isFrozen(copy.nested.list[0])).toBe(true);
    expect(() => ((copy.nested.list[0] as { a: number }).a = 2)).toThrow(TypeError);
    doc.nested.list[0]!.a = 2;
    expect(copy.nested.list[0]).toEqual({ a: 1 });
    // Frozen (a document of the batch, or part of one): never changed again, so shared.
    const wrapped = ownedValue({ inner: copy.nested, fresh: { b: 1 } }) as { inner: unknown; fresh: unknown };
    expect(wrapped.inner).toBe(copy.nested);
    expect(freezeDeep({ a: [{ b: 1 }] })).toEqual({ a: [{ b: 1 }] });
  });

  it('changes the document it is given, never what that document holds: a dotted path and a list are changed in copies', () => {
    const holder = Object.freeze({ name: 'Pekara', address: Object.freeze({ city: 'Vršac' }) });
    const ids = Object.freeze(['x']);
    const before = { _id: 'a', holder, ids, n: 1 };
    const doc: Record<string, unknown> = { ...before };
    applyUpdate(doc, { $set: { 'holder.address.city': 'Timișoara' }, $addToSet: { ids: 'y' }, $unset: { 'holder.name': 1 }, $inc: { n: 1 } }, false);
    expect(doc).toEqual({ _id: 'a', holder: { address: { city: 'Timișoara' } }, ids: ['x', 'y'], n: 2 });
    expect(before).toEqual({ _id: 'a', holder: { name: 'Pekara', address: { city: 'Vršac' } }, ids: ['x'], n: 1 });
    // An $unset of what is not there copies nothing.
    const same: Record<string, unknown> = { ...before };
    applyUpdate(same, { $unset: { 'holder.missing': 1, 'nothing.here': 1 } }, false);
    expect(same.holder).toBe(holder);
    expect(() => applyUpdate({ _id: 'a', at: new Date() }, { $set: { 'at.day': 1 } }, false)).toThrow(/at holds a value that is not an object/);
  });

  it('refuses an operator it does not implement rather than guessing', () => {
    expect(() => applyUpdate({ _id: 'a' }, { $rename: { a: 'b' } }, false)).toThrow(/\$rename is not supported/);
  });
});


type Doc = Record<string, unknown>;

/**
 * A collection held in a Map, with the two reads and the bulk write a batch uses, MongoDB's semantics
 * for them (duplicate key on insert, replace only when the filter matches), and a count of reads. A
 * document made with `new` casts nothing: its BSON is a copy of what it was given (see castForInsert).
 */
function memoryModel(name = 'docs') {
  const docs = new Map<string, Doc>();
  const reads = { findOne: 0, find: 0 };
  const copy = (doc: Doc | undefined) => (doc ? structuredClone(doc) : null);
  const bulkWrite = async (ops: Array<{ insertOne?: { document: Doc }; replaceOne?: { filter: Doc; replacement: Doc } }>) => {
    let insertedCount = 0;
    let matchedCount = 0;
    const writeErrors: Array<{ code: number }> = [];
    for (const op of ops) {
      if (op.insertOne) {
        const id = op.insertOne.document._id as string;
        if (docs.has(id)) writeErrors.push({ code: 11000 });
        else (docs.set(id, structuredClone(op.insertOne.document)), insertedCount++);
      } else if (op.replaceOne) {
        const { _id, _position } = op.replaceOne.filter as { _id: string; _position: number };
        if (docs.get(_id)?._position === _position) (docs.set(_id, structuredClone(op.replaceOne.replacement)), matchedCount++);
      }
    }
    if (writeErrors.length) throw Object.assign(new Error('E11000'), { writeErrors, result: { insertedCount, matchedCount } });
    return { insertedCount, matchedCount };
  };
  const document = function (doc: Doc) {
    return { validateSync: () => undefined, toBSON: () => structuredClone(doc) };
  };
  const model = Object.assign(document, {
    docs,
    reads,
    schema: { options: {} },
    collection: {
      collectionName: name,
      findOne: async (filter: { _id: string }) => (reads.findOne++, copy(docs.get(filter._id))),
      find: (filter: { _id: { $in: string[] } }) => ({ toArray: async () => (reads.find++, filter._id.$in.map((id) => copy(docs.get(id))).filter(Boolean)) }),
      bulkWrite,
    },
    // Replacements go through mongoose (casting), inserts through the driver (already cast): one store behind both.
    bulkWrite,
    replaceOne: async (filter: Doc, replacement: Doc) => bulkWrite([{ replaceOne: { filter, replacement } }]),
  });
  return model as unknown as typeof model & Model<Doc>;
}

const event = (position: number): RecordedEvent => ({ position }) as RecordedEvent;

/** One batch: each event increments `n` on the given ids, then the batch is written. */
async function batchOf(cache: DocumentCache | undefined, model: Model<Doc>, updates: Array<[number, string[]]>): Promise<void> {
  const batch = new ProjectionBatch(cache);
  for (const [position, ids] of updates) {
    await batch.add(event(position), async (ctx) => {
      for (const id of ids) await ctx.upsertAt(model, id, { $inc: { n: 1 }, $set: { last: position } });
    });
  }
  await batch.write();
}

describe('document cache (batched projections)', () => {
  it('answers "absent" without a query for an id never inserted while the collection is known empty, and "unknown" for one inserted then evicted', () => {
    const model = memoryModel();
    const cache = new DocumentCache(1);
    expect(cache.take(model, 'a')).toBeUndefined(); // nothing known yet
    cache.markEmpty(model);
    expect(cache.take(model, 'a')).toBeNull();
    cache.put(model, 'a', { _id: 'a', _position: 1 }, true);
    cache.put(model, 'b', { _id: 'b', _position: 2 }, true); // evicts a (limit 1)
    expect(cache.take(model, 'a')).toBeUndefined(); // inserted, no longer held: load it
    expect(cache.take(model, 'b')).toEqual({ _id: 'b', _position: 2 });
    expect(cache.take(model, 'b')).toBeUndefined(); // taken out until put back
    expect(cache.take(model, 'c')).toBeNull();
  });

  it('evicts the least recently used document first', () => {
    const model = memoryModel();
    const cache = new DocumentCache(2);
    cache.put(model, 'a', { _id: 'a' }, false);
    cache.put(model, 'b', { _id: 'b' }, false);
    cache.put(model, 'a', cache.take(model, 'a')!, false); // a used again
    cache.put(model, 'c', { _id: 'c' }, false);
    expect(cache.size).toBe(2);
    expect(cache.take(model, 'b')).toBeUndefined();
    expect(cache.take(model, 'a')).toEqual({ _id: 'a' });
  });

  it('a rebuild into an empty collection reads nothing: later batches start from the documents they wrote', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    await batchOf(cache, model, [[1, ['a', 'b']], [2, ['a']]]);
    await batchOf(cache, model, [[3, ['a', 'c']], [4, ['b']]]);
    expect(model.reads).toEqual({ findOne: 0, find: 0 });
    expect(Object.fromEntries(model.docs)).toEqual({
      a: { _id: 'a', n: 3, last: 3, _position: 3 },
      b: { _id: 'b', n: 2, last: 4, _position: 4 },
      c: { _id: 'c', n: 1, last: 3, _position: 3 },
    });
  });

  it('a projection reads the document as the batch has it, frozen and not copied; an event that fails leaves the batch as it was', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    const batch = new ProjectionBatch(cache);
    const entry = (position: number) => ({ position, tags: ['t'] });
    // Each event reads the document and sets its history one entry longer (a read-modify-write, as the application files).
    const append = (position: number, fail = false) =>
      batch.add(event(position), async (ctx) => {
        const current = await ctx.read<Doc>(model, 'a');
        await ctx.upsertAt(model, 'a', { $set: { history: [...((current?.history as unknown[]) ?? []), entry(position)] }, $inc: { n: 1 } });
        await ctx.upsertAt(model, 'b', { $inc: { n: 1 } });
        if (fail) {
          await ctx.read(model, 'a'); // the failing event's own change is applied before it fails
          throw new Error('poison');
        }
      });
    await append(1);
    await append(2);
    let seen: Doc | null = null;
    await batch.add(event(3), async (ctx) => void (seen = await ctx.read<Doc>(model, 'a')));
    expect(seen).toEqual({ _id: 'a', history: [entry(1), entry(2)], n: 2, _position: 2 });
    expect(Object.isFrozen(seen) && Object.isFrozen(seen!.history) && Object.isFrozen((seen!.history as Doc[])[0]!.tags)).toBe(true);
    expect(() => ((seen!.history as unknown[]).push('x'))).toThrow(TypeError);
    await expect(append(4, true)).rejects.toThrow('poison');
    expect(seen).toEqual({ _id: 'a', history: [entry(1), entry(2)], n: 2, _position: 2 }); // the version read before is not changed by later events
    await append(5);
    await batch.write();
    expect(model.docs.get('a')).toEqual({ _id: 'a', history: [entry(1), entry(2), entry(5)], n: 3, _position: 5 });
    expect(model.docs.get('b')).toEqual({ _id: 'b', n: 3, _position: 5 });
  });

  it('without "known empty", loads a document once and then serves it from the cache', async () => {
    const model = memoryModel();
    model.docs.set('a', { _id: 'a', n: 5, _position: 1 });
    const cache = new DocumentCache();
    await batchOf(cache, model, [[2, ['a']]]);
    await batchOf(cache, model, [[3, ['a']]]);
    expect(model.reads.findOne).toBe(1);
    expect(model.docs.get('a')).toEqual({ _id: 'a', n: 7, last: 3, _position: 3 });
  });

  it('a document changed by another writer is a conflict, never overwritten; the cache is then dropped and the document loaded again', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    await batchOf(cache, model, [[1, ['a']]]);
    model.docs.set('a', { _id: 'a', n: 1, last: 2, _position: 2, other: 'writer' }); // another replica applied position 2
    await expect(batchOf(cache, model, [[2, ['a']]])).rejects.toThrow(BatchConflict);
    expect(model.docs.get('a')).toEqual({ _id: 'a', n: 1, last: 2, _position: 2, other: 'writer' });
    expect(cache.size).toBe(0);
    expect(cache.isKnownEmpty(model)).toBe(false);
    await batchOf(cache, model, [[3, ['a']]]);
    expect(model.reads.findOne).toBe(1);
    expect(model.docs.get('a')).toEqual({ _id: 'a', n: 2, last: 3, _position: 3, other: 'writer' });
  });

  it('a document inserted by another writer while "known empty" is a conflict (duplicate key), and ends "known empty"', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    model.docs.set('a', { _id: 'a', n: 1, _position: 1 });
    await expect(batchOf(cache, model, [[1, ['a', 'b']]])).rejects.toThrow(BatchConflict);
    expect(model.docs.get('a')).toEqual({ _id: 'a', n: 1, _position: 1 });
    expect(cache.isKnownEmpty(model)).toBe(false);
    expect(cache.take(model, 'b')).toBeUndefined(); // b was inserted, but nothing is assumed any more
  });

  it('loads many documents with one $in query, few with one findOne each', async () => {
    const model = memoryModel();
    for (let i = 0; i < 400; i++) model.docs.set(`d${i}`, { _id: `d${i}`, n: 0, _position: 1 });
    await batchOf(undefined, model, [[2, Array.from({ length: 400 }, (_, i) => `d${i}`)]]);
    expect(model.reads).toEqual({ findOne: 0, find: 1 });
    await batchOf(undefined, model, [[3, ['d1', 'd2', 'missing']]]);
    expect(model.reads).toEqual({ findOne: 3, find: 1 });
    expect(model.docs.get('d1')).toMatchObject({ n: 2, _position: 3 });
    expect(model.docs.get('missing')).toMatchObject({ n: 1, _position: 3 });
  });
});

describe('effects of a batch (ctx.effect)', () => {
  /** A deferred answer: the effect starts, and the test says when it is done. */
  const deferred = <T>() => {
    let resolve!: (value: T) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('starts each effect at once, in event order, and writes nothing before settleEffects has them all', async () => {
    const model = memoryModel();
    const batch = new ProjectionBatch();
    const started: number[] = [];
    const answers = [deferred<number>(), deferred<number>()];
    for (const position of [1, 2]) {
      await batch.add(event(position), async (ctx) => {
        await ctx.effect(() => (started.push(position), answers[position - 1]!.promise));
        await ctx.upsertAt(model, `log-${position}`, { $set: { published: true } });
      });
    }
    expect(started).toEqual([1, 2]); // both in flight before either is done
    expect(batch.effectCount).toBe(2);
    await expect(batch.write()).rejects.toThrow(/before settleEffects/);
    let settled = false;
    const settling = batch.settleEffects().then(() => (settled = true));
    answers[1]!.resolve(2);
    await new Promise((r) => setImmediate(r));
    expect(settled).toBe(false); // the first is not done yet
    answers[0]!.resolve(1);
    await settling;
    await batch.write();
    expect([...model.docs.keys()]).toEqual(['log-1', 'log-2']);
  });

  it('throws the first failed effect, never an unhandled rejection, and a failing event drops the effects it started', async () => {
    const batch = new ProjectionBatch();
    const failing = Promise.reject(new Error('publish refused'));
    await batch.add(event(1), async (ctx) => ctx.effect(() => failing));
    await expect(
      batch.add(event(2), async (ctx) => {
        await ctx.effect(async () => 'started');
        throw new Error('apply failed');
      }),
    ).rejects.toThrow('apply failed');
    expect(batch.effectCount).toBe(1);
    expect(batch.size).toBe(1);
    await expect(batch.settleEffects()).rejects.toThrow('publish refused');
  });

  it("runs each effect's then with its answer, in event order, its writes at its own position even after later events' writes", async () => {
    const model = memoryModel();
    const batch = new ProjectionBatch();
    await batch.add(event(1), async (ctx) => ctx.effect(async () => 'first', async (answer) => void (await ctx.upsertAt(model, 'a', { $set: { answer }, $push: { seen: 1 } }))));
    await batch.add(event(2), async (ctx) => void (await ctx.upsertAt(model, 'a', { $push: { seen: 2 } })));
    await batch.settleEffects();
    await batch.settleEffects(); // once only
    await batch.write();
    expect(model.docs.get('a')).toEqual({ _id: 'a', answer: 'first', seen: [1, 2], _position: 2 });
  });
});

describe('inserts of a batch', () => {
  /** A batch onto a store known empty, and the size of each bulk write its model is sent. */
  function emptyStoreBatch() {
    const model = memoryModel();
    const calls: number[] = [];
    const bulkWrite = model.collection.bulkWrite;
    Object.assign(model.collection, { bulkWrite: async (ops: unknown[]) => (calls.push(ops.length), bulkWrite(ops as never)) });
    const cache = new DocumentCache();
    cache.markEmpty(model);
    return { model, calls, batch: new ProjectionBatch(cache) };
  }

  it('inserts many new documents in several bulk writes, each document once, and counts them all written', async () => {
    const { model, calls, batch } = emptyStoreBatch();
    await batch.add(event(1), async (ctx) => {
      for (let i = 0; i < 1_100; i++) await ctx.upsertAt(model, `d${i}`, { $set: { n: i } });
    });
    await batch.write();
    expect(model.docs.size).toBe(1_100);
    expect(batch.written).toBe(1_100);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(1_100);
    expect(calls.length).toBeGreaterThan(1);
  });

  it('spreads a few documents over the writes in flight, never fewer than 16 a write nor more than 250', async () => {
    expect([1, 16, 64, 65, 130, 1_000, 1_001, 5_000].map(insertChunkSize)).toEqual([16, 16, 16, 17, 33, 250, 250, 250]);
    const { model, calls, batch } = emptyStoreBatch();
    await batch.add(event(1), async (ctx) => {
      for (let i = 0; i < 130; i++) await ctx.upsertAt(model, `d${i}`, { $set: { n: i } });
    });
    await batch.write();
    expect(calls).toEqual([33, 33, 33, 31]);
    expect(model.docs.size).toBe(130);
  });
});

describe('write-behind of a batch (writeIdle, a replay into an empty store)', () => {
  /** A batch over an empty model: event n sets `n` on each id it names. */
  async function staged(model: Model<Doc>, cache: DocumentCache, updates: Array<[number, string[]]>, batch = new ProjectionBatch(cache)) {
    for (const [position, ids] of updates) {
      await batch.add(event(position), async (ctx) => {
        for (const id of ids) await ctx.upsertAt(model, id, { $inc: { n: 1 }, $set: { last: position } });
      });
    }
    return batch;
  }

  it('inserts the documents no event touched in the window while the batch goes on, and replaces one touched again when the batch is written', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    const batch = await staged(model, cache, [[1, ['a']], [2, ['b']], [3, ['c']], [4, ['c']]]);
    await batch.writeIdle(2); // a and b untouched by the last two events: inserted now; c stays staged
    await staged(model, cache, [[5, ['b']]], batch); // b again, after its early insert
    await batch.writeIdle(10); // waits for the previous round; nothing idle for 10 events
    expect([...model.docs.keys()].sort()).toEqual(['a', 'b']);
    expect(model.docs.get('b')).toEqual({ _id: 'b', n: 1, last: 2, _position: 2 }); // as it was when written early
    expect(batch.documents).toBe(2); // c, and b taken back from the cache
    await batch.write();
    expect(Object.fromEntries(model.docs)).toEqual({
      a: { _id: 'a', n: 1, last: 1, _position: 1 },
      b: { _id: 'b', n: 2, last: 5, _position: 5 }, // replaced, conditioned on the position it was inserted with
      c: { _id: 'c', n: 2, last: 4, _position: 4 },
    });
    expect(batch.written).toBe(4); // a and b early, then b and c
  });

  it('writes nothing early once the batch is being written (a write due while a round runs): no document inserted twice', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    const batch = await staged(model, cache, [[1, ['a']], [2, ['b']]]);
    await batch.writeIdle(1); // a, in flight
    await staged(model, cache, [[3, ['c']]], batch);
    const [written, idle] = [batch.write(), batch.writeIdle(0)]; // the idle round waits for a's, then finds the batch being written
    await Promise.all([written, idle]);
    expect([...model.docs.keys()].sort()).toEqual(['a', 'b', 'c']);
    expect(batch.written).toBe(3);
  });

  it('a document written early is read from the store once it is there', async () => {
    const model = memoryModel();
    const cache = new DocumentCache(0); // keeps nothing: a document touched again is loaded
    cache.markEmpty(model);
    const batch = await staged(model, cache, [[1, ['a']], [2, ['b']]]);
    await batch.writeIdle(1); // a
    let read: unknown;
    await batch.add(event(3), async (ctx) => void (read = await ctx.read(model, 'a')));
    expect(read).toEqual({ _id: 'a', n: 1, last: 1, _position: 1 });
  });

  it('a failed early insert fails the write, not as an outage, and the cache is dropped', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    Object.assign(model.collection, { bulkWrite: async () => Promise.reject(Object.assign(new Error('connection reset'), { name: 'MongoNetworkError' })) });
    const batch = await staged(model, cache, [[1, ['a']], [2, ['b']]]);
    await batch.writeIdle(1);
    const failure = await batch.write().then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteBehindFailed);
    expect(isTransientError(failure)).toBe(false); // the runner applies the batch's events one by one (each outage retried there)
    expect(cache.take(model, 'a')).toBeUndefined(); // the cache forgot everything, "known empty" too
  });

  it('a document found in the store on an early insert (another writer) fails the write as a conflict', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    const batch = await staged(model, cache, [[1, ['a']], [2, ['b']]]);
    model.docs.set('a', { _id: 'a', n: 7, _position: 9 });
    await batch.writeIdle(1);
    await expect(batch.write()).rejects.toBeInstanceOf(BatchConflict);
    expect(model.docs.get('a')).toEqual({ _id: 'a', n: 7, _position: 9 }); // not overwritten
  });

  it('writes nothing early while the batch has effects: its documents follow them', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    cache.markEmpty(model);
    const batch = await staged(model, cache, [[1, ['a']]]);
    await batch.add(event(2), async (ctx) => ctx.effect(async () => 'done'));
    await staged(model, cache, [[3, ['b']], [4, ['b']]], batch);
    await batch.writeIdle(1);
    expect(model.docs.size).toBe(0);
    await batch.settleEffects();
    await batch.write();
    expect([...model.docs.keys()].sort()).toEqual(['a', 'b']);
  });
});

describe('replacements of a batch', () => {
  it('replaces many documents in bulk writes of at most REPLACE_CHUNK, at most REPLACE_CONCURRENCY in flight, each once, each conditioned on its position', async () => {
    const model = memoryModel();
    const cache = new DocumentCache();
    for (let i = 0; i < 200; i++) cache.put(model, `d${i}`, { _id: `d${i}`, n: 0, _position: 1 }, false);
    for (let i = 0; i < 200; i++) model.docs.set(`d${i}`, { _id: `d${i}`, n: 0, _position: 1 });
    const calls: number[] = [];
    let inFlight = 0;
    let most = 0;
    const bulkWrite = model.bulkWrite.bind(model);
    Object.assign(model, {
      bulkWrite: async (ops: Array<{ replaceOne?: { filter: Doc } }>) => {
        expect(ops.every((op) => op.replaceOne && op.replaceOne.filter._position === 1)).toBe(true);
        calls.push(ops.length);
        most = Math.max(most, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return bulkWrite(ops as never);
      },
    });
    const batch = new ProjectionBatch(cache);
    await batch.add(event(2), async (ctx) => {
      for (let i = 0; i < 200; i++) await ctx.upsertAt(model, `d${i}`, { $inc: { n: 1 } });
    });
    await batch.write();
    expect(batch.written).toBe(200);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(200);
    expect(Math.max(...calls)).toBe(REPLACE_CHUNK);
    expect(most).toBe(REPLACE_CONCURRENCY);
    expect([...model.docs.values()].every((d) => d.n === 1 && d._position === 2)).toBe(true);
  });
});
