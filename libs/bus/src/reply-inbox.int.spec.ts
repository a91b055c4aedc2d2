import { connect, ErrorCode, headers, NatsConnection, type Msg, type NatsError } from 'nats';
import { RunningServer, startNats } from '@banat/testing';
import { ReplyInbox } from './reply-inbox';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const text = (data: Uint8Array) => decoder.decode(data);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: NatsError) => error);

/** The reply inbox on a real nats-server, against responders on their own connection. */
describe('reply inbox', () => {
  let nats: RunningServer;
  let responder: NatsConnection;
  let client: NatsConnection;
  let inbox: ReplyInbox;

  beforeAll(async () => {
    nats = await startNats();
    responder = await connect({ servers: nats.url });
    // Echoes the request after a delay it names (replies come back out of their order).
    responder.subscribe('test.echo', { callback: (_e, msg) => setTimeout(() => msg.respond(encoder.encode(`${text(msg.data)}|${msg.headers?.get('x-test') ?? ''}`)), Number(text(msg.data).split(':')[1] ?? 0)) });
    // Receives, never replies.
    responder.subscribe('test.hung');
    // Replies after 300 ms.
    responder.subscribe('test.late', { callback: (_e, msg) => setTimeout(() => msg.respond(encoder.encode(`late ${text(msg.data)}`)), 300) });
    await responder.flush();
  });
  beforeEach(async () => {
    client = await connect({ servers: nats.url });
    inbox = new ReplyInbox(client);
  });
  afterEach(async () => {
    await client?.close();
  });
  afterAll(async () => {
    await responder?.close();
    await nats?.stop();
  });

  it('matches many concurrent requests to their own callers, replies arriving out of order, and keeps no one waiting after', async () => {
    const asks = Array.from({ length: 500 }, (_, i) => `ask ${i}:${(i * 7) % 40}`);
    const replies = await Promise.all(asks.map((ask, i) => inbox.request('test.echo', encoder.encode(ask), { timeout: 10_000, headers: headers() }).then((m) => [i, text(m.data)] as const)));
    expect(replies).toEqual(asks.map((ask, i) => [i, `${ask}|`]));
    expect(inbox.waiting).toBe(0);
  });

  it('sends the headers given with the request', async () => {
    const h = headers();
    h.set('x-test', 'carried');
    const reply = await inbox.request('test.echo', encoder.encode('with headers'), { timeout: 10_000, headers: h });
    expect(text(reply.data)).toBe('with headers|carried');
  });

  it('fails with a timeout when no reply comes in time, and keeps no one waiting', async () => {
    const error = await failure(inbox.request('test.hung', encoder.encode('anyone?'), { timeout: 150 }));
    expect(error?.code).toBe(ErrorCode.Timeout);
    expect(inbox.waiting).toBe(0);
  });

  it('fails with "no responders" at once when no one is subscribed (not after the timeout)', async () => {
    // A timeout far beyond the test's own limit: only the server's no-responders status ends this request in time.
    const error = await failure(inbox.request('test.nobody', encoder.encode('hello?'), { timeout: 600_000 }));
    expect(error?.code).toBe(ErrorCode.NoResponders);
    expect(inbox.waiting).toBe(0);
  });

  it('drops a reply that comes after its request timed out: the next request gets its own reply', async () => {
    const error = await failure(inbox.request('test.late', encoder.encode('first'), { timeout: 100 }));
    expect(error?.code).toBe(ErrorCode.Timeout);
    // The late reply to "first" arrives while "second" waits; "second" gets its own.
    const second = await inbox.request('test.late', encoder.encode('second'), { timeout: 10_000 });
    expect(text(second.data)).toBe('late second');
    await sleep(50);
    expect(inbox.waiting).toBe(0);
  });

  it('tells when no request waits any more (at once when none does)', async () => {
    await inbox.idle();
    const order: string[] = [];
    const answered = inbox.request('test.late', encoder.encode('slow'), { timeout: 10_000 }).then(() => order.push('answered'));
    const idle = inbox.idle().then(() => order.push('idle'));
    await Promise.all([answered, idle]);
    expect(order).toEqual(['answered', 'idle']);
    expect(inbox.waiting).toBe(0);
  });

  it('fails every waiting request when the connection closes, and later ones at once', async () => {
    const waiting = [failure(inbox.request('test.hung', encoder.encode('a'), { timeout: 600_000 })), failure(inbox.request('test.hung', encoder.encode('b'), { timeout: 600_000 }))];
    await client.flush();
    expect(inbox.waiting).toBe(2);
    await client.close();
    expect((await Promise.all(waiting)).map((e) => e?.code)).toEqual([ErrorCode.ConnectionClosed, ErrorCode.ConnectionClosed]);
    expect(inbox.open).toBe(false);
    expect((await failure(inbox.request('test.echo', encoder.encode('after'), { timeout: 1000 })))?.code).toBe(ErrorCode.ConnectionClosed);
  });

  it('fails a request the client refuses to publish with its error, leaving nothing waiting', async () => {
    const error = await failure(inbox.request('', encoder.encode('x'), { timeout: 1000 }));
    expect(error?.code).toBe(ErrorCode.BadSubject);
    expect(inbox.waiting).toBe(0);
  });
  it('gives what its decoder reads from a reply, and rejects with what the decoder throws', async () => {
    const decode = (msg: Msg) => {
      const reply = text(msg.data);
      if (reply.startsWith('bad')) throw new Error(`refused: ${reply}`);
      return reply.length;
    };
    const parsing = new ReplyInbox(client, { decode });
    expect(await parsing.request('test.echo', encoder.encode('four'), { timeout: 10_000 })).toBe('four|'.length);
    const refused = await parsing.request('test.echo', encoder.encode('bad one'), { timeout: 10_000 }).then(() => undefined, (e: Error) => e);
    expect(refused?.message).toBe('refused: bad one|');
    expect(parsing.waiting).toBe(0);
    // A refused reply ends only its own request: the inbox stays open.
    expect(parsing.open).toBe(true);
    expect(await parsing.request('test.echo', encoder.encode('ok'), { timeout: 10_000 })).toBe('ok|'.length);
    parsing.close();
  });

  it('reads replies under the connection’s own inbox prefix unless told another, and refuses requests once closed', async () => {
    const prefixed = await connect({ servers: nats.url, inboxPrefix: '_INBOX_bus_test' });
    const seen: string[] = [];
    const spy = responder.subscribe('test.spy', { callback: (_e, msg) => (seen.push(msg.reply ?? ''), msg.respond(encoder.encode('seen'))) });
    await responder.flush();
    const own = new ReplyInbox(prefixed);
    const told = new ReplyInbox(prefixed, { inboxPrefix: '_INBOX_told' });
    await own.request('test.spy', encoder.encode('1'), { timeout: 10_000 });
    await told.request('test.spy', encoder.encode('2'), { timeout: 10_000 });
    expect(seen[0]).toMatch(/^_INBOX_bus_test\./);
    expect(seen[1]).toMatch(/^_INBOX_told\./);
    own.close();
    expect(own.open).toBe(false);
    expect((await failure(own.request('test.spy', encoder.encode('3'), { timeout: 1000 })))?.code).toBe(ErrorCode.ConnectionClosed);
    // The other inbox on the same connection is not affected.
    expect(text((await told.request('test.spy', encoder.encode('4'), { timeout: 10_000 })).data)).toBe('seen');
    spy.unsubscribe();
    await prefixed.close();
  });
});
