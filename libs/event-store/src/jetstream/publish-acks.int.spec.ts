import { startNats, type RunningServer } from '@banat/testing';
import { connect, ErrorCode, headers, NatsError, type NatsConnection } from 'nats';
import { isJetStreamError, isLeaderless, WRONG_LAST_SEQUENCE } from './jetstream-errors';
import { JetStreamPublisher } from './publish-acks';

/** The append's own JetStream publish: each outcome as nats.js's js.publish reports it. */
describe('JetStreamPublisher (real nats-server)', () => {
  let nats: RunningServer;
  let nc: NatsConnection;
  const body = new TextEncoder().encode('{"n":1}');
  const withHeaders = (entries: Record<string, string>) => {
    const h = headers();
    for (const [k, v] of Object.entries(entries)) h.append(k, v);
    return h;
  };

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url, inboxPrefix: '_INBOX_acks_test' });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'ACKS', subjects: ['acks.>'] });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('resolves with the ack, and tells a repeated message id as a duplicate', async () => {
    const publisher = new JetStreamPublisher(nc);
    const acks = await Promise.all([1, 2, 3].map((n) => publisher.publish(`acks.s${n}`, body, withHeaders({ 'Nats-Msg-Id': `m-${n}` }))));
    expect(acks.map((a) => [a.stream, a.duplicate])).toEqual([['ACKS', false], ['ACKS', false], ['ACKS', false]]);
    expect(new Set(acks.map((a) => a.seq)).size).toBe(3);
    const again = await publisher.publish('acks.s1', body, withHeaders({ 'Nats-Msg-Id': 'm-1' }));
    expect(again).toMatchObject({ stream: 'ACKS', seq: acks[0]!.seq, duplicate: true });
    publisher.close();
  });

  it('rejects a wrong expected last subject sequence with the JetStream API error (10071)', async () => {
    const publisher = new JetStreamPublisher(nc);
    const error = await publisher.publish('acks.s1', body, withHeaders({ 'Nats-Msg-Id': 'm-x', 'Nats-Expected-Last-Subject-Sequence': '0' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsError);
    expect(isJetStreamError(error, WRONG_LAST_SEQUENCE)).toBe(true);
    expect(isLeaderless(error)).toBe(false);
    publisher.close();
  });

  it('rejects with NoResponders when no stream takes the subject (a stream without a leader looks the same)', async () => {
    const publisher = new JetStreamPublisher(nc);
    const error = await publisher.publish('nowhere.at.all', body, withHeaders({ 'Nats-Msg-Id': 'm-y' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NatsError);
    expect((error as NatsError).code).toBe(ErrorCode.NoResponders);
    expect(isLeaderless(error)).toBe(true);
    publisher.close();
  });

  it('rejects with Timeout when the reply never comes, and ignores a reply that comes after', async () => {
    const silent = nc.subscribe('silent.subject', { callback: () => undefined });
    const late = nc.subscribe('late.subject', { callback: (_e, msg) => setTimeout(() => msg.respond(JSON.stringify({ stream: 'X', seq: 1 })), 600) });
    const publisher = new JetStreamPublisher(nc, 300);
    const [timedOut, lateOne] = await Promise.all([
      publisher.publish('silent.subject', body, withHeaders({})).catch((e: unknown) => e),
      publisher.publish('late.subject', body, withHeaders({})).catch((e: unknown) => e),
    ]);
    expect((timedOut as NatsError).code).toBe(ErrorCode.Timeout);
    expect((lateOne as NatsError).code).toBe(ErrorCode.Timeout);
    await new Promise((r) => setTimeout(r, 500)); // the late reply arrives and is dropped
    await expect(publisher.publish('acks.s9', body, withHeaders({ 'Nats-Msg-Id': 'm-9' }))).resolves.toMatchObject({ stream: 'ACKS', duplicate: false });
    silent.unsubscribe();
    late.unsubscribe();
    publisher.close();
  });

  it('reads its replies under the connection inbox prefix (on the secured bus a user reads only its own)', async () => {
    const seen: string[] = [];
    const spy = nc.subscribe('acks.spy', { callback: (_e, msg) => (seen.push(msg.reply ?? ''), undefined) });
    const publisher = new JetStreamPublisher(nc);
    await publisher.publish('acks.spy', body, withHeaders({ 'Nats-Msg-Id': 'm-spy' }));
    // The stream's ack can reach the client in an earlier read than the spy's copy: a round trip to the server delivers what it sent before.
    await nc.flush();
    expect(seen[0]).toMatch(/^_INBOX_acks_test\./);
    spy.unsubscribe();
    publisher.close();
  });

  it('fails what still waits when closed', async () => {
    const silent = nc.subscribe('silent.two', { callback: () => undefined });
    const publisher = new JetStreamPublisher(nc);
    const waiting = publisher.publish('silent.two', body, withHeaders({})).catch((e: unknown) => e);
    publisher.close();
    expect(((await waiting) as NatsError).code).toBe(ErrorCode.ConnectionClosed);
    silent.unsubscribe();
  });
});
