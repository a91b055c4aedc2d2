import { createInbox, ErrorCode, NatsError, type Msg, type MsgHdrs, type NatsConnection, type PubAck, type Subscription } from 'nats';

interface Waiting {
  resolve(ack: PubAck): void;
  reject(error: Error): void;
  deadline: number;
}

interface JetStreamReply {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  domain?: string;
  error?: { code: number; err_code?: number; description?: string };
}

const decoder = new TextDecoder();

/**
 * JetStream publishes whose acks come back on one subscription of the connection, told apart by
 * the last token of their reply subject. It stands in for `js.publish` on the append path only:
 * nats.js makes a timer, a deferred, a generator and, on every successful reply, a "cancelled"
 * NatsError it throws away (its stack captured each time) per request: 5-6% of the command path's
 * CPU. The outcomes are nats.js's own: the ack; a NatsError carrying `api_error` when JetStream
 * refuses (wrong last sequence, no leader: 10008); NoResponders when nothing answers (a stream
 * without a leader); Timeout after `timeoutMs`.
 */
export class JetStreamPublisher {
  private readonly inbox: string;
  private readonly waiting = new Map<string, Waiting>();
  private subscription?: Subscription;
  private sweeper?: NodeJS.Timeout;
  private next = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5_000,
  ) {
    // The connection's own inbox prefix: on the secured bus a user may only read replies under it.
    const inboxPrefix = (nc as unknown as { options?: { inboxPrefix?: string } }).options?.inboxPrefix;
    this.inbox = createInbox(inboxPrefix);
  }

  publish(subject: string, body: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    if (!this.subscription || this.subscription.isClosed()) this.subscription = this.nc.subscribe(`${this.inbox}.*`, { callback: (error, msg) => this.settle(error, msg) });
    const token = String(++this.next);
    const answered = new Promise<PubAck>((resolve, reject) => this.waiting.set(token, { resolve, reject, deadline: Date.now() + this.timeoutMs }));
    try {
      this.nc.publish(subject, body, { reply: `${this.inbox}.${token}`, headers });
    } catch (error) {
      this.waiting.delete(token);
      return Promise.reject(error);
    }
    // One timer for every publish, while the publisher is in use (not one per request).
    this.sweeper ??= setInterval(() => this.sweep(), Math.min(250, this.timeoutMs)).unref();
    return answered;
  }

  /** Fails what still waits (the store is closing). */
  close(): void {
    clearInterval(this.sweeper);
    this.sweeper = undefined;
    this.fail(NatsError.errorForCode(ErrorCode.ConnectionClosed));
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  private settle(error: NatsError | null, msg: Msg): void {
    if (error) return this.fail(error); // the subscription itself failed (e.g. a permissions violation)
    const token = msg.subject.slice(this.inbox.length + 1);
    const waiting = this.waiting.get(token);
    if (!waiting) return; // answered after its timeout
    this.waiting.delete(token);
    if (msg.data.length === 0 && msg.headers?.code === 503) return waiting.reject(NatsError.errorForCode(ErrorCode.NoResponders));
    let reply: JetStreamReply;
    try {
      reply = JSON.parse(decoder.decode(msg.data)) as JetStreamReply;
    } catch (cause) {
      return waiting.reject(NatsError.errorForCode(ErrorCode.BadJson, cause as Error));
    }
    if (reply.error) return waiting.reject(refusal(reply.error));
    if (!reply.stream) return waiting.reject(NatsError.errorForCode(ErrorCode.JetStreamInvalidAck));
    waiting.resolve({ stream: reply.stream, seq: reply.seq!, duplicate: reply.duplicate ?? false, domain: reply.domain } as PubAck);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [token, waiting] of this.waiting) {
      if (waiting.deadline > now) continue;
      this.waiting.delete(token);
      waiting.reject(NatsError.errorForCode(ErrorCode.Timeout));
    }
  }

  private fail(error: Error): void {
    for (const waiting of this.waiting.values()) waiting.reject(error);
    this.waiting.clear();
  }
}

/** JetStream's refusal as nats.js reports it (jsutil's checkJsErrorCode), with the API error attached. */
function refusal(apiError: NonNullable<JetStreamReply['error']>): NatsError {
  const description = (apiError.description ?? '').toLowerCase();
  const error =
    apiError.code === 503
      ? NatsError.errorForCode(ErrorCode.JetStreamNotEnabled, new Error(description))
      : apiError.code === 408
        ? new NatsError(description, ErrorCode.JetStream408RequestTimeout)
        : apiError.code === 404
          ? new NatsError(description, ErrorCode.JetStream404NoMessages)
          : new NatsError(description || ErrorCode.Unknown, `${apiError.code}`);
  error.api_error = apiError as NatsError['api_error'];
  return error;
}
