import { ErrorCode, NatsError, RequestStrategy, type Msg, type NatsConnection } from 'nats';
import type { StoredMessage } from './commit-codec';
import { retryWhileLeaderless } from './jetstream-errors';
import { headersOfMessage, headerValue } from './message-headers';

export interface DirectBatchQuery {
  /** First sequence to look at (inclusive). */
  seq: number;
  /** Subject filter (wildcards allowed): the next messages on it from `seq`. */
  subject: string;
  batch: number;
}

/**
 * Batch direct get (nats-server 2.11+): up to `batch` messages in one request, no consumer.
 * nats.js 2.x only exposes the multi_last form, so the request is made here.
 */
export async function directBatch(nc: NatsConnection, stream: string, query: DirectBatchQuery, apiPrefix = '$JS.API'): Promise<DirectBatch> {
  const request = JSON.stringify({ seq: query.seq, next_by_subj: query.subject, batch: query.batch });
  // noMux: the replies come on an inbox of their own. Through the shared one, nats.js decodes every
  // reply's headers itself (to look for a request error) before headersOfMessage can; on its own, only
  // an empty reply's (the end of the batch, or a status).
  const replies = await nc.requestMany(`${apiPrefix}.DIRECT.GET.${stream}`, request, { strategy: RequestStrategy.SentinelMsg, maxWait: 30_000, noMux: true });
  const messages: StoredMessage[] = [];
  let more = true;
  for await (const reply of replies) {
    if (isEndOrStatus(reply)) {
      // No responder (the stream leaderless in a cluster) or another status: an outage, never "no more messages".
      const code = reply.headers?.code ?? 0;
      if (code === 503) throw NatsError.errorForCode(ErrorCode.NoResponders);
      if (code !== 204 && code !== 404 && code !== 0) throw new Error(`direct get on ${stream} answered ${code} ${reply.headers?.description ?? ''}`.trim());
      // 204 "end of batch" tells whether more messages match; 404 means none from `seq` on.
      more = reply.headers?.code === 204 && reply.headers.get('Nats-Num-Pending') !== '0';
      break;
    }
    const headers = reply.headers!;
    messages.push({ seq: Number(headerValue(headers, 'Nats-Sequence')), subject: headerValue(headers, 'Nats-Subject'), headers, data: reply.data });
  }
  return { messages, more: more && messages.length > 0 };
}

export interface DirectBatch {
  messages: StoredMessage[];
  /** False when the server said nothing more matches: saves a round trip. */
  more: boolean;
}

/** Every message of `subject` from `seq` on, in order, a batch per round trip. */
export async function* directScan(nc: NatsConnection, stream: string, subject: string, seq: number, batch = 512, apiPrefix?: string): AsyncGenerator<StoredMessage> {
  for (let next = seq; ; ) {
    const { messages, more } = await retryWhileLeaderless(() => directBatch(nc, stream, { seq: next, subject, batch }, apiPrefix));
    yield* messages;
    if (!more) return;
    next = messages[messages.length - 1]!.seq + 1;
  }
}

/** A stored message always comes with its sequence (even an empty one); the server's status replies never do. */
function isEndOrStatus(reply: Msg): boolean {
  const headers = headersOfMessage(reply);
  return (headers?.code ?? 0) !== 0 || !headerValue(headers, 'Nats-Sequence');
}
