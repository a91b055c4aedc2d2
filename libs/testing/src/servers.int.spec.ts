import mongoose from 'mongoose';
import { connect } from 'nats';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ferretBackend, startFerret, startTestServers } from './servers';

describe('test harness: real nats-server and FerretDB on free ports', () => {
  it('starts both, answers, and stops them', async () => {
    const env = await startTestServers();
    try {
      const nc = await connect({ servers: env.natsUrl });
      const jsm = await nc.jetstreamManager();
      const info = await jsm.getAccountInfo();
      expect(info.limits).toBeDefined();
      await nc.close();

      const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'harness' }).asPromise();
      await conn.collection('probe').insertOne({ hello: 'banat' });
      expect(await conn.collection('probe').findOne({ hello: 'banat' })).toMatchObject({ hello: 'banat' });
      await conn.close();
    } finally {
      await env.stop();
    }
    expect(env.nats.process.exitCode !== null || env.nats.process.signalCode !== null).toBe(true);
    expect(env.mongo.process.exitCode !== null || env.mongo.process.signalCode !== null).toBe(true);
  });
});

describe('FerretDB backends', () => {
  it('keeps its data on PostgreSQL between runs in the same directory, the cluster owned by a non-root user', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'banat-ferret-keep-'));
    try {
      const first = await startFerret({ dataDir, backend: 'postgresql' });
      const conn = await mongoose.createConnection(first.url, { dbName: 'harness' }).asPromise();
      await conn.collection('probe').insertOne({ _id: 'kept' as never, n: 1 });
      await conn.close();
      await first.stop();

      const cluster = join(dataDir, 'postgresql');
      expect(existsSync(join(cluster, 'PG_VERSION'))).toBe(true);
      if (process.getuid?.() === 0) expect(statSync(cluster).uid).not.toBe(0);
      expect(existsSync(join(cluster, 'postmaster.pid'))).toBe(false); // shut down, not left running

      const second = await startFerret({ dataDir, backend: 'postgresql' });
      const again = await mongoose.createConnection(second.url, { dbName: 'harness' }).asPromise();
      expect(await again.collection('probe').findOne({ _id: 'kept' as never })).toMatchObject({ n: 1 });
      await again.close();
      await second.stop();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("serves FerretDB's lookups by _id on PostgreSQL from an index (its own btree cannot serve its `@>` query)", async () => {
    const ferret = await startFerret({ backend: 'postgresql' });
    try {
      const conn = await mongoose.createConnection(ferret.url, { dbName: 'harness' }).asPromise();
      await conn.collection('lookups').insertMany(Array.from({ length: 2_000 }, (_, i) => ({ _id: `doc-${i}` as never, n: i })));
      expect(await conn.collection('lookups').findOne({ _id: 'doc-1234' as never })).toMatchObject({ n: 1234 });
      await conn.close();
      const table = ferret.sql!("SELECT tablename FROM pg_tables WHERE schemaname = 'harness' AND tablename LIKE 'lookups%'").trim();
      expect(table).toMatch(/^lookups_/);
      expect(ferret.sql!(`SELECT indexdef FROM pg_indexes WHERE schemaname = 'harness' AND tablename = '${table}'`)).toContain("USING gin (((_jsonb -> '_id'::text)))");
      ferret.sql!(`ANALYZE harness."${table}"`);
      // The statement FerretDB 1.24 sends for {_id: 'doc-1234'}: planned on the index, not a scan of the table.
      const plan = ferret.sql!(`EXPLAIN SELECT _jsonb FROM harness."${table}" WHERE _jsonb->'_id' @> '"doc-1234"'`);
      expect(plan).toContain('Index');
      expect(plan).not.toContain('Seq Scan');
    } finally {
      await ferret.stop();
    }
  });

  it("compresses FerretDB's large documents with lz4 and runs FerretDB with GOGC=400, each unless told otherwise", async () => {
    const ferret = await startFerret({ backend: 'postgresql' });
    try {
      expect(ferret.sql!('SHOW default_toast_compression').trim()).toBe('lz4');
      const conn = await mongoose.createConnection(ferret.url, { dbName: 'harness' }).asPromise();
      // Past the 2 kB TOAST threshold, and compressible: stored compressed, with lz4.
      await conn.collection('large').insertOne({ _id: 'big' as never, text: 'Made in Banat '.repeat(400) });
      await conn.close();
      const table = ferret.sql!("SELECT tablename FROM pg_tables WHERE schemaname = 'harness' AND tablename LIKE 'large%'").trim();
      expect(ferret.sql!(`SELECT pg_column_compression(_jsonb) FROM harness."${table}"`).trim()).toBe('lz4');
      const environ = readFileSync(`/proc/${ferret.process.pid}/environ`, 'utf8').split('\0');
      expect(environ).toContain('GOGC=400');
    } finally {
      await ferret.stop();
    }
    process.env.FERRETDB_GOGC = '100';
    process.env.PG_TOAST_COMPRESSION = 'pglz';
    const other = await startFerret({ backend: 'postgresql' }).finally(() => {
      delete process.env.FERRETDB_GOGC;
      delete process.env.PG_TOAST_COMPRESSION;
    });
    try {
      expect(other.sql!('SHOW default_toast_compression').trim()).toBe('pglz');
      expect(readFileSync(`/proc/${other.process.pid}/environ`, 'utf8').split('\0')).toContain('GOGC=100');
    } finally {
      await other.stop();
    }
    for (const [name, value, message] of [
      ['FERRETDB_GOGC', '4OO', /FERRETDB_GOGC must be a whole number or "off"/],
      ['PG_TOAST_COMPRESSION', 'zstd', /PG_TOAST_COMPRESSION must be lz4 or pglz/],
    ] as const) {
      process.env[name] = value;
      await expect(startFerret({ backend: 'postgresql' })).rejects.toThrow(message);
      delete process.env[name];
    }
  });

  it('still runs on SQLite when asked (FERRETDB_BACKEND=sqlite)', async () => {
    const ferret = await startFerret({ backend: ferretBackend('sqlite') });
    try {
      const conn = await mongoose.createConnection(ferret.url, { dbName: 'harness' }).asPromise();
      await conn.collection('probe').insertOne({ hello: 'sqlite' });
      expect(await conn.collection('probe').countDocuments({ hello: 'sqlite' })).toBe(1);
      await conn.close();
    } finally {
      await ferret.stop();
    }
    expect(() => ferretBackend('mysql')).toThrow(/FERRETDB_BACKEND must be postgresql or sqlite/);
  });
});
