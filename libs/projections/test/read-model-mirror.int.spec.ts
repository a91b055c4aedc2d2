import { Schema } from 'mongoose';
import { CheckpointStore, POSITIONS_PER_SPAN, ReadModelMirror, readModelPositionPlugin, upsertAt } from '../src';
import { ferretDatabases } from './ferret-databases';

interface Entry {
  _id: string;
  status: string;
  _position?: number;
  _positionSpan?: number;
}

/**
 * On a real FerretDB: a read model that keeps spans gets `_positionSpan` from a position-guarded write, and a mirror
 * in another connection (another replica) reads back only what the projection wrote after the position it reached.
 */
describe('ReadModelMirror on FerretDB', () => {
  const databases = ferretDatabases('mirror');

  async function setUp() {
    const connection = await databases.connection();
    const schema = new Schema<Entry>({ _id: String, status: String }, { versionKey: false });
    schema.plugin(readModelPositionPlugin, { spans: true });
    const model = connection.model<Entry>('MirroredEntry', schema, 'entries');
    await model.init();
    const checkpoints = new CheckpointStore(connection);
    // Another replica: its own connection to the same database.
    const other = (await databases.connection()).useDb(connection.db!.databaseName);
    const otherModel = other.model<Entry>('MirroredEntry', schema, 'entries');
    const finds: Array<Record<string, unknown>> = [];
    const mirror = new ReadModelMirror<Entry>({
      projection: 'entries',
      checkpoint: (name) => new CheckpointStore(other).load(name),
      find: (filter) => (finds.push(filter), otherModel.find(filter).lean<Entry[]>().exec()),
      maxStalenessMs: 0,
    });
    return { model, checkpoints, mirror, finds };
  }

  it('stores the span beside the position, and refuses a write of either', async () => {
    const { model } = await setUp();
    await upsertAt(model, 'a', 3 * POSITIONS_PER_SPAN + 1, { $set: { status: 'active' } });
    expect(await model.findById('a').lean()).toMatchObject({ _position: 3 * POSITIONS_PER_SPAN + 1, _positionSpan: 3 });
    await expect(upsertAt(model, 'a', 3 * POSITIONS_PER_SPAN + 2, { $set: { _positionSpan: 0 } })).rejects.toThrow(/managed/);
  });

  it('reads everything once, then only the spans written since, up to the stored checkpoint', async () => {
    const { model, checkpoints, mirror, finds } = await setUp();
    for (let i = 1; i <= 600; i++) await model.collection.insertOne({ _id: `e-${String(i).padStart(4, '0')}`, status: 'active', _position: i, _positionSpan: Math.floor(i / POSITIONS_PER_SPAN) } as never);
    await checkpoints.save('entries', 600);
    const first = await mirror.documents();
    expect(first.ids).toHaveLength(600);
    expect(mirror.last).toEqual({ kind: 'full', documents: 600, queries: 1 });

    await upsertAt(model, 'e-0001', 601, { $set: { status: 'suspended' } });
    await upsertAt(model, 'e-9999', 602, { $set: { status: 'active' } });
    await upsertAt(model, 'e-0002', 700, { $set: { status: 'withdrawn' } }); // past the checkpoint: not yet
    await checkpoints.save('entries', 602);
    finds.length = 0;
    const second = await mirror.documents();
    expect(finds).toEqual([{ _positionSpan: 2 }]);
    expect(mirror.last).toMatchObject({ kind: 'spans', queries: 1 });
    expect(second.ids).toHaveLength(601);
    expect(second.ids.at(-1)).toBe('e-9999');
    expect(second.get('e-0001').status).toBe('suspended');
    // Read with its span, as a document past the checkpoint may be; it is read again once the checkpoint covers it.
    await upsertAt(model, 'e-0002', 701, { $set: { status: 'expired' } });
    await checkpoints.save('entries', 701);
    expect((await mirror.documents()).get('e-0002').status).toBe('expired');
  });
});
