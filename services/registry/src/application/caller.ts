import { currentContext, forbidden, unauthenticated, type RequestContext } from '@banat/messaging';

/** A caller the gateway's signed identity names: someone who acts, with a role. */
export type Caller = RequestContext & { actor: string; role: string };

/**
 * The caller of a command, from the gateway's signed identity (libs/messaging/src/identity.ts; the request's context
 * as the NATS server set it), held to the roles the HTTP route allows (services/gateway/src/registry): a request that
 * goes around the gateway is held to the same rule. No identity at all, or one naming no actor (the gateway's
 * anonymous 'public' caller), is UNAUTHENTICATED; a role not listed is FORBIDDEN.
 */
export function callerOf(roles: readonly string[], refusal: string): Caller {
  const ctx = currentContext();
  if (!ctx?.actor || !ctx.role) throw unauthenticated('this needs an authenticated caller: the gateway\'s signed identity naming an actor and a role');
  if (!roles.includes(ctx.role)) throw forbidden(refusal);
  return ctx as Caller;
}

/** The secretariat alone registers, imports and deactivates organisations (README "Who may do what"). */
export const secretariatOnly = (refusal: string): Caller => callerOf(['secretariat'], refusal);
