import mongoose, { Schema, type Model } from 'mongoose';
import { documentDigests, documentKey, readModelDigest } from '../src';
import { ferretDatabases } from './ferret-databases';

/** The digest `audit rebuild` and the projector tests compare read models by, on a real FerretDB. */
describe('read model digest (real FerretDB)', () => {
  const { connection } = ferretDatabases('digest');

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async function models(): Promise<Array<Model<any>>> {
    const c = await connection();
    const schema = () => new Schema({ _id: Schema.Types.Mixed, name: String, n: Number, updatedAt: Date }, { strict: false, versionKey: false });
    return [c.model('Entry', schema(), 'entries'), c.model('Tally', schema(), 'tallies')];
  }

  const documents: Array<{ _id: unknown; name: string; n: number; updatedAt?: Date }> = [
    { _id: 'org-ro-2', name: 'Cofetăria Timiș', n: 2 },
    { _id: 'org-rs-1', name: 'Пекара Вршац', n: 1 },
    { _id: 'org-hu-3', name: 'Szegedi Paprika', n: 3, updatedAt: new Date('2026-01-01') },
    { _id: 7, name: 'a number id', n: 7 },
    { _id: new mongoose.Types.ObjectId('65a1b2c3d4e5f60718293a4b'), name: 'an ObjectId', n: 0 },
  ];

  it('is the same whatever order the documents were written in, leaves out volatile fields, and names a change', async () => {
    const [a, b] = await Promise.all([models(), models()]);
    await a[0]!.collection.insertMany(documents.map((d) => ({ ...d })) as never);
    await a[1]!.collection.insertMany([{ _id: 'x', n: 1 }] as never);
    // The other side: reversed, and another `updatedAt`.
    await b[0]!.collection.insertMany([...documents].reverse().map((d) => ({ ...d, ...(d.updatedAt ? { updatedAt: new Date('2027-06-30') } : {}) })) as never);
    await b[1]!.collection.insertMany([{ _id: 'x', n: 1 }] as never);
    const digest = await readModelDigest(a!);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(await readModelDigest(b!)).toBe(digest);
    // The models' order does not matter (collections are taken by name).
    expect(await readModelDigest([...b!].reverse())).toBe(digest);

    await b[0]!.collection.updateOne({ _id: 'org-rs-1' as never }, { $set: { n: 11 } });
    expect(await readModelDigest(b!)).not.toBe(digest);
    await b[0]!.collection.updateOne({ _id: 'org-rs-1' as never }, { $set: { n: 1 } });
    expect(await readModelDigest(b!)).toBe(digest);
    await b[1]!.collection.deleteOne({ _id: 'x' as never });
    expect(await readModelDigest(b!)).not.toBe(digest);
  });

  it('reads each collection without a sort (FerretDB would hold it whole in memory) and orders the documents by their key', async () => {
    const [entries] = await models();
    await entries!.collection.insertMany([...documents].reverse().map((d) => ({ ...d })) as never);
    const find = jest.spyOn(entries!.collection, 'find');
    const read = await documentDigests(entries!, { batchSize: 2 });
    expect(find).toHaveBeenCalledTimes(1);
    expect(find.mock.calls[0]![1]).not.toHaveProperty('sort');
    expect(read.map((d) => d.key)).toEqual(documents.map((d) => documentKey(d._id)).sort());
    expect(read.find((d) => d.id === 'org-rs-1')).toMatchObject({ digest: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/) });
    expect(new Set(read.map((d) => d.digest)).size).toBe(documents.length);
  });
});
