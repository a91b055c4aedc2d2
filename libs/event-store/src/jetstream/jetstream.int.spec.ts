import { startNats, type RunningServer } from '@banat/testing';
import { connect, type NatsConnection } from 'nats';
import { eventStoreContract } from '../event-store.contract';
import { ANY, NO_STREAM, type RecordedEvent } from '../event-store';
import { verifyStream } from '../hash-chain';
import { DEFAULT_HISTORY_STREAM, JetStreamEventStore } from './jetstream-event-store';
import { streamSubject } from './subject-encoding';

let nats: RunningServer;
beforeAll(async () => {
  nats = await startNats();
});
afterAll(async () => {
  await nats?.stop();
});

eventStoreContract('JetStream (real nats-server)', () => ({
  open: (options) => JetStreamEventStore.connect({ servers: nats.url, ...options }),
}));

describe('JetStream history stream', () => {
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  beforeAll(async () => {
    nc = await connect({ servers: nats.url });
    store = await JetStreamEventStore.connect({ connection: nc });
  });
  afterAll(async () => {
    await store?.close();
    await nc?.close();
  });
  const metadata = { commandId: 'cmd-deny', correlationId: 'c', actor: 'auditor', role: 'auditor' };

  it('is file-backed and denies delete and purge, created idempotently', async () => {
    const again = await JetStreamEventStore.connect({ connection: nc });
    await again.close();
    const jsm = await nc.jetstreamManager();
    const { config } = await jsm.streams.info(DEFAULT_HISTORY_STREAM);
    expect(config).toMatchObject({ subjects: ['banat.es.>'], storage: 'file', deny_delete: true, deny_purge: true, allow_direct: true });
  });

  it('refuses to delete or purge stored events through the JetStream API', async () => {
    const stream = 'certificate-deny-delete';
    const { position } = await store.appendToStream(stream, [{ type: 'CertificateGranted', data: {} }], { expectedRevision: NO_STREAM, metadata });
    const seq = Math.floor(position / 1024);
    const jsm = await nc.jetstreamManager();
    await expect(jsm.streams.deleteMessage(DEFAULT_HISTORY_STREAM, seq)).rejects.toThrow();
    await expect(jsm.streams.deleteMessage(DEFAULT_HISTORY_STREAM, seq, false)).rejects.toThrow();
    await expect(jsm.streams.purge(DEFAULT_HISTORY_STREAM)).rejects.toThrow();
    await expect(jsm.streams.purge(DEFAULT_HISTORY_STREAM, { filter: streamSubject(stream) })).rejects.toThrow();
    const events = await store.readStream(stream);
    expect(events).toHaveLength(1);
    expect(verifyStream(events)).toEqual({ ok: true });
  });

  it('stores one message per append, on the stream subject, with all its events', async () => {
    const stream = 'producer-Ferma «Banat» / Timiș.*>';
    const before = (await (await nc.jetstreamManager()).streams.info(DEFAULT_HISTORY_STREAM)).state.messages;
    const events = Array.from({ length: 5 }, (_, n) => ({ type: 'ProductListed', data: { n } }));
    const result = await store.appendToStream(stream, events, { expectedRevision: NO_STREAM, metadata: { ...metadata, commandId: 'cmd-one-msg' } });
    const info = await (await nc.jetstreamManager()).streams.info(DEFAULT_HISTORY_STREAM, { subjects_filter: streamSubject(stream) });
    expect(info.state.messages).toBe(before + 1);
    expect(Object.keys(info.state.subjects ?? {})).toEqual([streamSubject(stream)]);
    const read = await store.readStream(stream);
    expect(read.map((e) => e.streamId)).toEqual(Array(5).fill(stream));
    expect(read.map((e) => e.position)).toEqual([0, 1, 2, 3, 4].map((i) => result.position - 4 + i));
  });
});

describe('JetStream subscription and this process\'s own commits', () => {
  it('takes the commits this store appended from memory, equal to the stored ones, and decodes every other', async () => {
    const mine = await JetStreamEventStore.connect({ servers: nats.url });
    const other = await JetStreamEventStore.connect({ servers: nats.url });
    try {
      const from = await mine.headPosition();
      const seen: RecordedEvent[] = [];
      const subscription = await mine.subscribeToAll({ fromPosition: from, onEvent: (event) => void seen.push(event) });
      const appended: unknown[] = [];
      const append = async (store: JetStreamEventStore, i: number) => {
        // -0 is stored as 0 (its JSON form): the event taken from memory must say 0 too.
        const data = [{ i, low: -0, nested: { list: [i, 'ș'] } }, ...(i % 5 === 0 ? [{ i, second: true }] : [])];
        if (store === mine) appended.push(...data);
        const events = data.map((d) => ({ type: 'Scored', data: d }));
        await store.appendToStream(`own-${i % 7}`, events, { expectedRevision: ANY, metadata: { commandId: `own-cmd-${i}`, correlationId: 'c', actor: 'a', role: 'assessor' } });
      };
      let next = 0;
      await Promise.all(Array.from({ length: 20 }, async () => {
        while (next < 200) {
          const i = next++;
          await append(i % 3 === 0 ? other : mine, i);
        }
      }));
      const stored = await mine.readAll({ fromPosition: from });
      expect(stored).toHaveLength(240);
      for (let i = 0; i < 100 && seen.length < stored.length; i++) await new Promise((r) => setTimeout(r, 50));
      await subscription.stop();
      // The same events, in the same order, field for field (toEqual tells -0 from 0).
      expect(seen).toEqual(stored);
      expect(seen.filter((e) => 'low' in (e.data as object)).every((e) => Object.is((e.data as { low: number }).low, 0))).toBe(true);
      // This store's own were taken from memory (the very objects appended); the other store's were decoded.
      const taken = seen.filter((e) => appended.includes(e.data));
      expect(taken.length).toBeGreaterThan(0);
      expect(taken.every((e) => /^own-cmd-\d+$/.test(e.metadata.commandId) && Number(e.metadata.commandId.slice(8)) % 3 !== 0)).toBe(true);
    } finally {
      await mine.close();
      await other.close();
    }
  });
});
