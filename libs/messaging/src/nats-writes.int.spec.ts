import type { Socket } from 'node:net';
import { connect, StringCodec, type NatsConnection } from 'nats';
import { startNats, type RunningServer } from '@banat/testing';
import './nats-writes';

/** Coalesced writes on a real nats-server: everything a turn queued goes out, in order, in one write. */
describe('NATS writes coalesced per event-loop turn', () => {
  let nats: RunningServer;
  let responder: NatsConnection;
  let requester: NatsConnection;
  const sc = StringCodec();

  beforeAll(async () => {
    nats = await startNats();
    responder = await connect({ servers: nats.url });
    requester = await connect({ servers: nats.url });
    responder.subscribe('echo', { callback: (_err, msg) => msg.respond(msg.data) });
    await responder.flush();
  });
  afterAll(async () => {
    await requester?.close();
    await responder?.close();
    await nats?.stop();
  });

  it('answers 200 requests sent from 200 callbacks of one turn, each its own, with the socket written once for them', async () => {
    const socket = (requester as unknown as { protocol: { transport: { socket: Socket } } }).protocol.transport.socket;
    const writes = { count: 0 };
    const counted = <T extends (...args: never[]) => unknown>(fn: T) => ((...args: Parameters<T>) => (writes.count++, fn.apply(socket, args))) as T;
    const original = { _write: socket._write, _writev: socket._writev };
    socket._write = counted(socket._write);
    socket._writev = counted(socket._writev!);
    try {
      // Each from a callback of its own (as HTTP requests arrive), the client flushing after each.
      const replies = await Promise.all(
        Array.from({ length: 200 }, (_, i) => new Promise<Awaited<ReturnType<NatsConnection['request']>>>((resolve, reject) => setImmediate(() => requester.request('echo', sc.encode(`n${i}`), { timeout: 5000 }).then(resolve, reject)))),
      );
      expect(replies.map((m) => sc.decode(m.data))).toEqual(Array.from({ length: 200 }, (_, i) => `n${i}`));
      // The requests (and the inbox subscription of the first) went out together.
      expect(writes.count).toBeLessThanOrEqual(2);
    } finally {
      Object.assign(socket, original);
    }
  });

  it('still sends a lone message at once: a flush round trip completes', async () => {
    await expect(requester.flush()).resolves.toBeUndefined();
    const reply = await requester.request('echo', sc.encode('alone'), { timeout: 2000 });
    expect(sc.decode(reply.data)).toBe('alone');
  });
});
