import { NatsError } from 'nats';

/** JetStream API error codes this adapter reacts to. */
export const WRONG_LAST_SEQUENCE = 10071;

export function isJetStreamError(error: unknown, errCode: number): boolean {
  return error instanceof NatsError && error.api_error?.err_code === errCode;
}
