import { createInbox, ErrorCode, MsgHdrs, NatsConnection, NatsError, type Msg, type Subscription } from 'nats';

/** A request waiting for its reply: how to settle it, and when it gives up (performance.now(), ms). */
interface Pending {
  resolve: (msg: Msg) => void;
  reject: (error: NatsError) => void;
  deadline: number;
}

/**
 * Request/reply on one connection through one reply subscription (`<inbox>.*`), with the requests waiting in a map of
 * token → caller and one sweep for the timeouts: what nats.js's `request` does, without its per-request costs (a timer
 * and a promise race per request, and a `NatsError` built for every answered request when it cancels its timer).
 *
 * Failures are nats.js's, so callers map them as before: no replica subscribed → `ErrorCode.NoResponders` at once
 * (the server's empty 503 status reply), no reply in time → `ErrorCode.Timeout` (a late reply is dropped), the
 * connection closed → `ErrorCode.ConnectionClosed` for every request still waiting, and what `publish` throws.
 */
export class ReplyInbox {
  private readonly prefix: string;
  private readonly pending = new Map<string, Pending>();
  private readonly subscription: Subscription;
  private sweeper: NodeJS.Timeout | undefined;
  private lastToken = 0;
  private closed = false;
  private whenIdle: (() => void)[] = [];

  /** `sweepMs`: how often waiting requests are checked for their deadline (a timeout fires at most this much late). */
  constructor(
    readonly connection: NatsConnection,
    inboxPrefix?: string,
    private readonly sweepMs = 20,
  ) {
    this.prefix = `${createInbox(inboxPrefix)}.`;
    this.subscription = connection.subscribe(`${this.prefix}*`, { callback: (error, msg) => (error ? this.fail(error) : this.receive(msg)) });
    void connection.closed().then(() => this.close());
  }

  /** How many requests wait for their reply. */
  get waiting(): number {
    return this.pending.size;
  }

  /** Resolves once no request waits (each ends by its reply, its timeout or the connection's close). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  request(subject: string, data: Uint8Array, options: { timeout: number; headers?: MsgHdrs }): Promise<Msg> {
    if (this.closed) return Promise.reject(NatsError.errorForCode(ErrorCode.ConnectionClosed));
    const token = (++this.lastToken).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      try {
        this.connection.publish(subject, data, { reply: this.prefix + token, headers: options.headers });
      } catch (error) {
        reject(error as NatsError);
        return;
      }
      this.pending.set(token, { resolve, reject, deadline: performance.now() + options.timeout });
      this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
    });
  }

  private receive(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiting = this.pending.get(token);
    // A reply after its request timed out (or a second reply) has no one waiting: dropped.
    if (!waiting) return;
    this.pending.delete(token);
    // "No responders": the server's own status reply, empty with a 503 header, when no one is subscribed to the subject.
    if (msg.data.length === 0 && msg.headers?.code === 503) waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    else waiting.resolve(msg);
    if (this.pending.size === 0 && this.whenIdle.length > 0) this.wakeIdle();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [token, waiting] of this.pending) {
      if (waiting.deadline > now) continue;
      this.pending.delete(token);
      waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
    }
    if (this.pending.size === 0) {
      this.stopSweeping();
      this.wakeIdle();
    }
  }

  private wakeIdle(): void {
    const waiters = this.whenIdle;
    this.whenIdle = [];
    for (const wake of waiters) wake();
  }

  /** The subscription itself failed (e.g. a permission refused): every waiting request fails with it, later ones as closed (the caller makes a new inbox). */
  private fail(error: NatsError): void {
    this.closed = true;
    this.rejectAll(error);
  }

  /** False once the connection closed or the subscription failed: requests are refused at once. */
  get open(): boolean {
    return !this.closed;
  }

  /** The connection closed: no reply can come; every waiting request fails, and later ones at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(NatsError.errorForCode(ErrorCode.ConnectionClosed));
    if (!this.connection.isClosed()) this.subscription.unsubscribe();
  }

  private rejectAll(error: NatsError): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    this.stopSweeping();
    for (const w of waiting) w.reject(error);
    this.wakeIdle();
  }

  private stopSweeping(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }
}
