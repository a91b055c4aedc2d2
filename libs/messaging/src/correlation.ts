import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with a request through HTTP, NATS headers and log lines. */
export interface RequestContext {
  correlationId: string;
  actor?: string;
  role?: string;
  /** The member organisation a member's token names: what that caller may see. */
  org?: string;
  /** The HTTP request being served (gateway): named in its log lines. */
  request?: { method: string; url: string };
}

export const CORRELATION_HEADER = 'x-correlation-id';
/** Plain caller headers: never believed by a service (a signed identity, identity.ts, is); kept to recognise forgeries. */
export const ACTOR_HEADER = 'x-actor';
export const ROLE_HEADER = 'x-role';
export const ORG_HEADER = 'x-org';

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentContext = (): RequestContext | undefined => requestContext.getStore();

export const newCorrelationId = (): string => randomUUID();

/** A correlation id from outside is kept only if it is a sane token (it lands in logs and headers). */
export function acceptCorrelationId(value: unknown): string {
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : newCorrelationId();
}
