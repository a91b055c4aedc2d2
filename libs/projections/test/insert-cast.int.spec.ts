import { startFerret, type RunningServer } from '@banat/testing';
import mongoose, { Schema, type Connection } from 'mongoose';
import { castForInsert, freezeDeep, insertAll, readModelPositionPlugin } from '../src';

/**
 * A batch inserts through the driver's collection the documents castForInsert made, not through
 * mongoose's `bulkWrite`: the stored bytes must be the same, field for field and type for type.
 */
describe('batched inserts (castForInsert + the driver) against mongoose bulkWrite, on FerretDB', () => {
  let ferret: RunningServer;
  let connection: Connection;

  beforeAll(async () => {
    ferret = await startFerret();
    connection = await mongoose.createConnection(ferret.url, { dbName: 'insert-cast' }).asPromise();
  });
  afterAll(async () => {
    await connection?.close();
    await ferret?.stop();
  });

  /** Every kind of path a read model has: defaults, Mixed, arrays, nested, dates, numbers cast from strings, timestamps, version key, an empty object minimized. */
  function schema() {
    const s = new Schema(
      {
        _id: String,
        status: { type: String, default: 'active' },
        count: { type: Number, default: 0 },
        tags: { type: [String], default: [] },
        state: { type: Schema.Types.Mixed, required: true },
        holder: { name: Schema.Types.Mixed, country: String },
        extra: Schema.Types.Mixed,
        since: Date,
        scores: [new Schema({ expertId: String, score: Number }, { _id: false })], // with _id, each cast makes a new ObjectId
      },
      { timestamps: { currentTime: () => new Date('2026-03-01T10:00:00.000Z') } },
    );
    s.plugin(readModelPositionPlugin);
    return s;
  }

  const documents = () => [
    { _id: 'a', state: { status: 'submitted', experts: [{ id: 'x', scores: [1, 2.5] }], nothing: null }, count: '3', since: '2026-02-01T09:00:00.000Z', _position: 7 },
    { _id: 'b', state: {}, holder: { name: {} }, extra: { nested: { deep: [1, 'two', { three: true }] } }, tags: ['ro', 'rs'], scores: [{ expertId: 'e1', score: '8' }], _position: 2 ** 40 + 3 },
    { _id: 'c', state: { n: 1 }, status: 'withdrawn', unknownField: 'dropped by the schema', holder: {}, undefinedField: undefined, _position: 1 },
  ];

  it('stores byte for byte what mongoose bulkWrite stores', async () => {
    const viaMongoose = connection.model('ViaMongoose', schema(), 'via_mongoose');
    const viaDriver = connection.model('ViaDriver', schema(), 'via_driver');
    await viaMongoose.bulkWrite(documents().map((document) => ({ insertOne: { document } })), { ordered: false, throwOnValidationError: true });
    // Frozen, as a batch holds its documents: the cast reads them and changes nothing.
    expect(await insertAll(viaDriver, documents().map((document) => freezeDeep(document)))).toBe(3);
    const raw = async (name: string) => {
      const docs = (await connection.db!.collection(name).find({}, { sort: { _id: 1 }, raw: true }).toArray()) as unknown as Buffer[];
      return docs.map((bytes) => Buffer.from(bytes).toString('hex'));
    };
    const [expected, actual] = [await raw('via_mongoose'), await raw('via_driver')];
    expect(expected).toHaveLength(3);
    expect(actual).toEqual(expected);
    // And they are what a read model holds: cast, defaults set, the version key, timestamps as dates.
    expect(await connection.db!.collection('via_driver').findOne({ _id: 'a' as never })).toEqual(expect.objectContaining({ count: 3, status: 'active', tags: [], __v: 0, since: new Date('2026-02-01T09:00:00.000Z'), createdAt: new Date('2026-03-01T10:00:00.000Z') }));
  });

  it('refuses a document the schema refuses, as bulkWrite does', async () => {
    const model = connection.model('Refusing', schema(), 'refusing');
    expect(() => castForInsert(model, { _id: 'x', count: 'not a number', state: {} })).toThrow(/count/);
    expect(() => castForInsert(model, { _id: 'y' })).toThrow(/state/); // required
    await expect(insertAll(model, [{ _id: 'z', state: {}, since: 'never' }])).rejects.toThrow(/since/);
    expect(await model.collection.countDocuments()).toBe(0);
  });
});
