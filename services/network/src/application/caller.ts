import { currentContext, derivedId, forbidden, validationFailed } from '@banat/messaging';

export { derivedId };
import type { CommandMetadata } from '../domain';

/** Who acts, from the request's context (set by the gateway from the verified token), and the time now. */
export function commandMetadata(): CommandMetadata {
  const ctx = currentContext();
  return { now: new Date().toISOString(), actor: ctx?.actor ?? 'unknown', role: ctx?.role ?? 'public', ...(ctx?.org ? { org: ctx.org } : {}) };
}

/** May the caller act for, or read the unpublished things of, this organisation? Its own members and the secretariat. */
export function actsFor(organisationId: string): boolean {
  const ctx = currentContext();
  return ctx?.role === 'secretariat' || (ctx?.role === 'member' && ctx.org === organisationId);
}

/** The organisation a command is for: a member's own (naming another is refused), or the one the secretariat names. */
export function actingOrganisation(named: string | undefined): string {
  const ctx = currentContext();
  if (ctx?.role === 'member' && ctx.org) {
    if (named && named !== ctx.org) throw forbidden('a member acts only for its own organisation');
    return ctx.org;
  }
  if (ctx?.role === 'secretariat') {
    if (!named) throw validationFailed([{ field: 'organisationId', reason: 'the secretariat names the organisation it acts for' }]);
    return named;
  }
  throw forbidden('only a member organisation or the secretariat may do this');
}

/** The n-th mentoring or partnership proposal of an organisation. */
export const nthProposalId = (kind: 'mentoring' | 'partnership', organisationId: string, n: number): string => derivedId(`${kind}-proposal`, organisationId, n);
