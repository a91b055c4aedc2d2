import mongoose from 'mongoose';
import { connect } from 'nats';
import { startTestServers } from './servers';

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
