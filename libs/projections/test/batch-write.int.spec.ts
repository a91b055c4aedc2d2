import type { RecordedEvent } from '@banat/event-store';
import { startFerret, type RunningServer } from '@banat/testing';
import mongoose, { type Connection } from 'mongoose';
import { DocumentCache, ProjectionBatch } from '../src';
import { registerModels } from './certificate-register';

/** A batch's writes on a real FerretDB (on PostgreSQL): many documents, each written once. */
describe('batch writes (real FerretDB)', () => {
  let ferret: RunningServer;
  let connection: Connection;

  beforeAll(async () => {
    ferret = await startFerret();
    connection = await mongoose.createConnection(ferret.url, { dbName: 'batch_writes' }).asPromise();
  });
  afterAll(async () => {
    await connection?.close(true);
    await ferret?.stop();
  });

  it('replaces 1,000 documents in one batch (FerretDB holds a connection per statement of a bulk write: a bulk write of 450 never ended), each conditioned on its position', async () => {
    const { register } = registerModels(connection);
    await register.init();
    const ids = Array.from({ length: 1_000 }, (_, i) => `cert-${i}`);
    const cache = new DocumentCache();
    cache.markEmpty(register);
    const batchOf = async (position: number, status: string) => {
      const batch = new ProjectionBatch(cache);
      await batch.add({ position } as RecordedEvent, async (ctx) => {
        for (const id of ids) await ctx.upsertAt(register, id, { $set: { status }, $inc: { eventCount: 1 } });
      });
      await batch.write();
      return batch.written;
    };
    expect(await batchOf(1, 'submitted')).toBe(1_000); // inserts
    expect(await batchOf(2, 'granted')).toBe(1_000); // replacements
    const stored = await register.find().lean();
    expect(stored).toHaveLength(1_000);
    expect(stored.every((d) => d.status === 'granted' && d.eventCount === 2 && (d as { _position?: number })._position === 2)).toBe(true);
  });
});
