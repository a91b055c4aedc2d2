import { startFerret, type RunningServer } from '@banat/testing';
import mongoose, { type Connection } from 'mongoose';

/**
 * For a describe block: one real FerretDB started before its tests and stopped after them, and
 * `connection()`, a connection to a database of its own each call (`<prefix>_1`, `<prefix>_2`, ...),
 * closed with the server.
 */
export function ferretDatabases(prefix: string): { connection(): Promise<Connection> } {
  let ferret: RunningServer;
  const connections: Connection[] = [];
  let counter = 0;
  beforeAll(async () => {
    ferret = await startFerret();
  });
  afterAll(async () => {
    await Promise.all(connections.map((c) => c.close(true)));
    await ferret?.stop();
  });
  return {
    async connection() {
      const c = await mongoose.createConnection(ferret.url, { dbName: `${prefix}_${++counter}` }).asPromise();
      connections.push(c);
      return c;
    },
  };
}
