import { RpcException } from '@nestjs/microservices';
import { FieldError, isRpcErrorBody, RpcErrorBody, RpcErrorCodes } from '@banat/contracts';
import { isTransientError } from '@banat/projections';

/** An RPC failure with a code, as the client receives it. */
export class RpcFailure extends RpcException {
  constructor(readonly body: RpcErrorBody) {
    super(body);
  }
}

export const validationFailed = (fields: FieldError[], message = 'invalid input') =>
  new RpcFailure({ code: RpcErrorCodes.VALIDATION_FAILED, message, fields });

export const notFound = (what: string) => new RpcFailure({ code: RpcErrorCodes.NOT_FOUND, message: `${what} not found` });

export const conflict = (message: string, details?: Record<string, unknown>) =>
  new RpcFailure({ code: RpcErrorCodes.CONFLICT, message, details });

/** No identity, or one naming no actor: the caller must sign in first (401). */
export const unauthenticated = (message: string) => new RpcFailure({ code: RpcErrorCodes.UNAUTHENTICATED, message });

/** A known caller refused (403); `rule` names the refusal where a client tells refusals apart. */
export const forbidden = (message: string, rule?: string) =>
  new RpcFailure({ code: RpcErrorCodes.FORBIDDEN, ...(rule ? { rule } : {}), message });

export const ruleViolated = (rule: string, message: string, details?: Record<string, unknown>) =>
  new RpcFailure({ code: RpcErrorCodes.RULE_VIOLATED, rule, message, details });

/**
 * Any error thrown in a handler, turned into a coded body. Domain errors are recognised by shape
 * (a `rule` name, or the event store's WRONG_EXPECTED_REVISION code) so this lib imports no domain.
 */
export function toRpcErrorBody(error: unknown): RpcErrorBody {
  if (error instanceof RpcFailure) return error.body;
  if (error instanceof RpcException) {
    const inner = error.getError();
    if (isRpcErrorBody(inner)) return inner;
    return { code: RpcErrorCodes.INTERNAL, message: typeof inner === 'string' ? inner : 'internal error' };
  }
  if (isRpcErrorBody(error)) return error;
  const e = error as { code?: unknown; rule?: unknown; message?: unknown; expected?: unknown; actual?: unknown; streamId?: unknown };
  if (e && e.code === 'WRONG_EXPECTED_REVISION') {
    return {
      code: RpcErrorCodes.CONFLICT,
      message: 'the record was changed concurrently; reload and retry',
      details: { streamId: e.streamId, expectedRevision: e.expected, actualRevision: e.actual },
    };
  }
  // A database or the bus unreachable (or a JetStream stream without a leader): an outage, not a bug.
  if (isTransientError(error)) return { code: RpcErrorCodes.UNAVAILABLE, message: 'a database or the bus is not reachable; retry later' };
  if (e && typeof e.rule === 'string') {
    // What the rule was judged on (a limit, the status found, the dates compared): for the caller to act on.
    const details = (error as { details?: unknown }).details;
    const shown = details !== null && typeof details === 'object' && !Array.isArray(details) && Object.keys(details).length > 0;
    return { code: RpcErrorCodes.RULE_VIOLATED, rule: e.rule, message: String(e.message ?? e.rule), ...(shown ? { details: details as Record<string, unknown> } : {}) };
  }
  return { code: RpcErrorCodes.INTERNAL, message: 'internal error' };
}
