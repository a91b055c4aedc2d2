import { ErrorCode, NatsError } from 'nats';

/** JetStream API error codes this adapter reacts to. */
export const WRONG_LAST_SEQUENCE = 10071;

export function isJetStreamError(error: unknown, errCode: number): boolean {
  return error instanceof NatsError && error.api_error?.err_code === errCode;
}

/** JetStream "temporarily unavailable": a cluster without a leader for the stream or its meta group. */
const TEMPORARILY_UNAVAILABLE = 10008;

/**
 * The history stream has no leader for a moment (a cluster node lost, an election under way): the
 * request met no responder or timed out. Worth retrying briefly; anything else is not.
 */
export function isLeaderless(error: unknown): boolean {
  return error instanceof NatsError && (error.code === ErrorCode.NoResponders || error.code === ErrorCode.Timeout || error.api_error?.err_code === TEMPORARILY_UNAVAILABLE);
}

/**
 * Runs `request` again while the stream is leaderless, for at most `withinMs`; then the error
 * stands (the caller answers it as an outage). Only for idempotent requests: reads, and appends
 * carrying their `Nats-Msg-Id` and expected sequence.
 */
export async function retryWhileLeaderless<T>(request: () => Promise<T>, withinMs = 3000): Promise<T> {
  const deadline = Date.now() + withinMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 400)) {
    try {
      return await request();
    } catch (error) {
      if (!isLeaderless(error) || Date.now() + delay > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
