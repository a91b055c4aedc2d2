/**
 * Tells an outage (database or bus restarting, connection lost, no server selectable) from a failure
 * that will repeat on the same input (a poison event). Outages are retried without limit; only the
 * others count towards giving up. Unknown errors are not transient: a bug must not be retried forever.
 */
const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
]);

/** Node socket codes and nats.js error codes ('503': no responders, e.g. JetStream not ready yet). */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTCONN',
  'TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_DRAINING',
  'CONNECTION_REFUSED',
  'DISCONNECT',
  '503',
]);

/** MongoDB server codes for a server shutting down, stepping down or unreachable. */
const TRANSIENT_SERVER_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);
const TRANSIENT_LABELS = ['RetryableWriteError', 'ResetPool', 'TransientTransactionError'];

export function isTransientError(error: unknown, depth = 0): boolean {
  // Nest's NATS client rejects requests with this string between a disconnect and the reconnect.
  if (typeof error === 'string') return /connection lost\. trying to reconnect/i.test(error);
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown; cause?: unknown; hasErrorLabel?: (label: string) => boolean };
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if ((typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) || (typeof e.code === 'number' && TRANSIENT_SERVER_CODES.has(e.code))) return true;
  if (typeof e.hasErrorLabel === 'function' && TRANSIENT_LABELS.some((label) => e.hasErrorLabel!(label))) return true;
  // mongoose queues operations while disconnected and fails them after bufferTimeoutMS.
  if (typeof e.message === 'string' && /buffering timed out|client was closed|connection .* closed|topology (is )?closed/i.test(e.message)) return true;
  return isTransientError(e.cause, depth + 1);
}
