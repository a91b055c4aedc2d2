/**
 * Errors as they cross the bus: every RPC failure carries a code, a readable message and, for bad
 * input, the fields at fault. The gateway maps codes to HTTP statuses.
 */
export const RpcErrorCodes = {
  /** Malformed or invalid input (HTTP 400). */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** Well-formed input refused by a business rule, with a named reason (HTTP 422). */
  RULE_VIOLATED: 'RULE_VIOLATED',
  NOT_FOUND: 'NOT_FOUND',
  /** Duplicate or concurrent change (HTTP 409), e.g. a wrong expected revision. */
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** Too many requests from one client (HTTP 429), with Retry-After. */
  RATE_LIMITED: 'RATE_LIMITED',
  /** A service did not answer in time (HTTP 503). */
  UNAVAILABLE: 'UNAVAILABLE',
  INTERNAL: 'INTERNAL',
} as const;
export type RpcErrorCode = (typeof RpcErrorCodes)[keyof typeof RpcErrorCodes];

export interface FieldError {
  field: string;
  reason: string;
}

export interface RpcErrorBody {
  code: RpcErrorCode;
  message: string;
  /** Business rule name for RULE_VIOLATED (e.g. 'ConflictOfInterest'). */
  rule?: string;
  fields?: FieldError[];
  details?: Record<string, unknown>;
}

export const httpStatusForCode: Record<RpcErrorCode, number> = {
  VALIDATION_FAILED: 400,
  RULE_VIOLATED: 422,
  NOT_FOUND: 404,
  CONFLICT: 409,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};

export function isRpcErrorBody(value: unknown): value is RpcErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as RpcErrorBody).code === 'string' &&
    (value as RpcErrorBody).code in httpStatusForCode
  );
}
