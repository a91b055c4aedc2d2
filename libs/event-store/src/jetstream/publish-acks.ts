import { ReplyInbox } from '@banat/bus';
import { ErrorCode, NatsError, type Msg, type MsgHdrs, type NatsConnection, type PubAck } from 'nats';

interface JetStreamReply {
  stream?: string;
  seq?: number;
  duplicate?: boolean;
  domain?: string;
  error?: { code: number; err_code?: number; description?: string };
}

const decoder = new TextDecoder();

/**
 * JetStream publishes whose acks come back on one reply inbox of the connection (`ReplyInbox` of
 * `@banat/bus`, the gateway's too). It stands in for `js.publish` on the append path only: nats.js
 * makes a timer, a deferred, a generator and, on every successful reply, a "cancelled" NatsError it
 * throws away (its stack captured each time) per request: 5-6% of the command path's CPU. The
 * outcomes are nats.js's own: the ack; a NatsError carrying `api_error` when JetStream refuses
 * (wrong last sequence, no leader: 10008); NoResponders when nothing answers (a stream without a
 * leader); Timeout after `timeoutMs`; ConnectionClosed for what waits at `close()`.
 */
export class JetStreamPublisher {
  private inbox?: ReplyInbox<PubAck>;

  constructor(
    private readonly nc: NatsConnection,
    private readonly timeoutMs = 5_000,
  ) {}

  publish(subject: string, body: Uint8Array, headers: MsgHdrs): Promise<PubAck> {
    // A new inbox after close() or a failed subscription; the sweep runs only while publishes wait.
    if (!this.inbox?.open) this.inbox = new ReplyInbox(this.nc, { decode: readAck, sweepMs: Math.min(250, this.timeoutMs) });
    return this.inbox.request(subject, body, { timeout: this.timeoutMs, headers });
  }

  /** Fails what still waits (the store is closing). */
  close(): void {
    this.inbox?.close();
    this.inbox = undefined;
  }
}

/** A JetStream publish reply read as nats.js's js.publish reads it. */
function readAck(msg: Msg): PubAck {
  let reply: JetStreamReply;
  try {
    reply = JSON.parse(decoder.decode(msg.data)) as JetStreamReply;
  } catch (cause) {
    throw NatsError.errorForCode(ErrorCode.BadJson, cause as Error);
  }
  if (reply.error) throw refusal(reply.error);
  if (!reply.stream) throw NatsError.errorForCode(ErrorCode.JetStreamInvalidAck);
  return { stream: reply.stream, seq: reply.seq!, duplicate: reply.duplicate ?? false, domain: reply.domain } as PubAck;
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
