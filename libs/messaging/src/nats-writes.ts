import { NodeTransport } from 'nats/lib/src/node_transport';

const COALESCING = Symbol.for('banat.nats.coalescedWrites');

/**
 * One socket write per event-loop turn on every NATS connection of the process, instead of one per
 * message. The client (nats.js 2) flushes what it has queued after each microtask checkpoint, and
 * Node runs one after each socket's data: a gateway serving 50 HTTP clients wrote each request to the
 * bus on its own, a system call that took a fifth of its CPU (the profile's `writeBuffer` under
 * `flushPending`), and a service each reply. Corking the socket at the first write of a turn and
 * uncorking it once that turn's I/O callbacks have run (setImmediate) sends what they queued in one
 * writev; nothing waits for a later turn. Write errors stay the client's, as before.
 */
export function coalesceNatsWrites(): void {
  const proto = NodeTransport.prototype as NodeTransport & { [COALESCING]?: true };
  if (proto[COALESCING]) return;
  proto[COALESCING] = true;
  const send = proto._send;
  proto._send = function coalescedSend(this: NodeTransport, frame: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (socket && !socket.destroyed && socket.writableCorked === 0) {
      socket.cork();
      setImmediate(() => socket.uncork());
    }
    return send.call(this, frame);
  };
}

coalesceNatsWrites();
