import { createInbox, ErrorCode, MsgHdrs, NatsConnection, NatsError, type Msg, type Subscription } from 'nats';

/** How a reply is read into what its caller gets; throwing refuses it (the caller's promise rejects with what was thrown). */
export type ReplyDecoder<T> = (msg: Msg) => T;

export interface ReplyInboxOptions<T> {
  /** The prefix of the inbox subject; default the connection's own `inboxPrefix` (on the secured bus a user may only read replies under it), else `_INBOX`. */
  inboxPrefix?: string;
  /** How often waiting requests are checked for their deadline, ms (a timeout fires at most this much late). Default 20. */
  sweepMs?: number;
  /** How a reply is read; default: the message as it came. */
  decode?: ReplyDecoder<T>;
}

/** A request waiting for its reply: how to settle it, and when it gives up (performance.now(), ms). */
interface Pending<T> {
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
  deadline: number;
}

const asMessage: ReplyDecoder<Msg> = (msg) => msg;

/**
 * Request/reply on one connection through one reply subscription (`<inbox>.*`), with the requests waiting in a map of
 * token → caller and one sweep for the timeouts: what nats.js's `request` (and `js.publish`) do, without their
 * per-request costs (a timer and a promise race per request, and a `NatsError`, its stack captured, built for every
 * answered request when its timer is cancelled).
 *
 * Failures are nats.js's, so callers map them as before: no one subscribed → `ErrorCode.NoResponders` at once
 * (the server's empty 503 status reply), no reply in time → `ErrorCode.Timeout` (a late reply is dropped), the
 * connection or the inbox closed → `ErrorCode.ConnectionClosed` for every request still waiting and for later ones,
 * and what `publish` or the decoder throws. A closed inbox (`open` false) stays closed: its user makes a new one.
 */
export class ReplyInbox<T = Msg> {
  private readonly prefix: string;
  private readonly pending = new Map<string, Pending<T>>();
  private readonly subscription: Subscription;
  private readonly sweepMs: number;
  private readonly decode: ReplyDecoder<T>;
  private sweeper: NodeJS.Timeout | undefined;
  private lastToken = 0;
  private closed = false;
  private whenIdle: (() => void)[] = [];

  constructor(
    readonly connection: NatsConnection,
    options: ReplyInboxOptions<T> = {},
  ) {
    this.sweepMs = options.sweepMs ?? 20;
    this.decode = options.decode ?? (asMessage as unknown as ReplyDecoder<T>);
    const ownPrefix = (connection as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.prefix = `${createInbox(options.inboxPrefix ?? ownPrefix)}.`;
    this.subscription = connection.subscribe(`${this.prefix}*`, { callback: (error, msg) => (error ? this.fail(error) : this.receive(msg)) });
    void connection.closed().then(() => this.close());
  }

  /** How many requests wait for their reply. */
  get waiting(): number {
    return this.pending.size;
  }

  /** False once the connection or the inbox closed, or the subscription failed: requests are refused at once. */
  get open(): boolean {
    return !this.closed;
  }

  /** Resolves once no request waits (each ends by its reply, its timeout or the close). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.whenIdle.push(resolve));
  }

  request(subject: string, data: Uint8Array, options: { timeout: number; headers?: MsgHdrs }): Promise<T> {
    if (this.closed) return Promise.reject(NatsError.errorForCode(ErrorCode.ConnectionClosed));
    const token = (++this.lastToken).toString(36);
    return new Promise<T>((resolve, reject) => {
      try {
        this.connection.publish(subject, data, { reply: this.prefix + token, headers: options.headers });
      } catch (error) {
        reject(error);
        return;
      }
      this.pending.set(token, { resolve, reject, deadline: performance.now() + options.timeout });
      this.sweeper ??= setInterval(() => this.sweep(), this.sweepMs).unref();
    });
  }

  /** The inbox is no longer wanted (or its connection closed): every waiting request fails, and later ones at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.rejectAll(NatsError.errorForCode(ErrorCode.ConnectionClosed));
    if (!this.connection.isClosed()) this.subscription.unsubscribe();
  }

  private receive(msg: Msg): void {
    const token = msg.subject.slice(this.prefix.length);
    const waiting = this.pending.get(token);
    // A reply after its request timed out (or a second reply) has no one waiting: dropped.
    if (!waiting) return;
    this.pending.delete(token);
    // "No responders": the server's own status reply, empty with a 503 header, when no one is subscribed to the subject.
    if (msg.data.length === 0 && msg.headers?.code === 503) waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    else this.settle(waiting, msg);
    if (this.pending.size === 0 && this.whenIdle.length > 0) this.wakeIdle();
  }

  private settle(waiting: Pending<T>, msg: Msg): void {
    let value: T;
    try {
      value = this.decode(msg);
    } catch (error) {
      return waiting.reject(error);
    }
    waiting.resolve(value);
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

  /** The subscription itself failed (e.g. a permission refused): every waiting request fails with it, later ones as closed. */
  private fail(error: NatsError): void {
    this.closed = true;
    this.rejectAll(error);
  }

  private rejectAll(error: unknown): void {
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
