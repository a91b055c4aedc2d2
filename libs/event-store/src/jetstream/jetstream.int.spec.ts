import { startNats, type RunningServer } from '@banat/testing';
import { connect, type NatsConnection } from 'nats';
import { eventStoreContract } from '../event-store.contract';
import { NO_STREAM } from '../event-store';
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
