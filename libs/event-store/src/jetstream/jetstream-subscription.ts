import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { RecordedEvent, SubscribeOptions, Subscription } from '../event-store';
import { firstCommitAfter } from '../positions';
import type { Upcasters } from '../upcasting';
import { eventsOf, type CommitMessage, type StoredMessage } from './commit-codec';
import { headersOfMessage } from './message-headers';

export interface HistorySubscriptionOptions extends SubscribeOptions {
  stream: string;
  subject: string;
  upcasters: Upcasters;
  /** The message as a commit, or undefined (reported by the store) when it is not one: skipped. */
  inspect(message: StoredMessage): CommitMessage | undefined;
  /** The events of a commit this process appended, without decoding its message (see OwnCommits); undefined for any other. */
  own?(seq: number, subject: string): RecordedEvent[] | undefined;
}

/**
 * Catch-up then live through one ordered consumer (ephemeral, no acks, recreated by the client
 * on a gap), so events arrive strictly in position order; each waits for the previous onEvent.
 * A failing onEvent stops the subscription and is reported to onError: no event is skipped.
 */
export async function subscribeToHistory(js: JetStreamClient, options: HistorySubscriptionOptions): Promise<Subscription> {
  const checkpoint = options.fromPosition ?? 0;
  const consumer = await js.consumers.get(options.stream, { filterSubjects: [options.subject], opt_start_seq: firstCommitAfter(checkpoint) });
  // Pulls expire after 5 s (default 30 s): the heartbeats, every half of it, tell a consumer lost with
  // its cluster node within seconds, and the client recreates it where the stream now leads.
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 256, expires: 5000 });
  let stopped = false;
  const loop = (async () => {
    for await (const message of messages) {
      const events = options.own?.(message.seq, message.subject) ?? decoded(message, options);
      for (const event of events) {
        if (stopped) return;
        if (event.position <= checkpoint) continue;
        // Awaited only when it returns a promise (the shared feed returns none unless a queue is full).
        const taking = options.onEvent(options.upcasters.apply(event));
        if (taking) await taking;
      }
    }
  })().catch((error: unknown) => {
    stopped = true;
    messages.stop();
    options.onError?.(error);
  });
  return {
    stop: async () => {
      stopped = true;
      messages.stop();
      await loop;
    },
  };
}

const NONE: RecordedEvent[] = [];

function decoded(message: JsMsg, options: HistorySubscriptionOptions): RecordedEvent[] {
  const commit = options.inspect({ seq: message.seq, subject: message.subject, headers: headersOfMessage(message), data: message.data });
  return commit ? eventsOf(commit) : NONE;
}
