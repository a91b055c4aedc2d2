import { forbidden, unauthenticated, type RequestContext } from '@banat/messaging';

/**
 * Who may see an application file, judged here where the data is, from the caller the gateway's signed
 * identity names (libs/messaging/src/identity.ts; the request as `requestOf` the handler's context gives it):
 * a request that goes around the gateway is held to the same rule.
 */

/** What decides who may read a file: the applicant organisation and the experts assigned now. */
export interface FileOwnership {
  organisationId?: string;
  /** Experts on the file now: one removed for a conflict of interest is no longer among them. */
  expertIds: readonly string[];
}

/** Roles that see every file, whoever applied. */
const STAFF = new Set(['secretariat', 'decision-maker', 'auditor']);

/** Staff see all files, a member only its own organisation's, an expert only those assigned to them; anyone else none. */
export function assertMayReadFile({ actor, role, org }: RequestContext, file: FileOwnership): void {
  if (role && STAFF.has(role)) return;
  if (role === 'member') {
    if (org && org === file.organisationId) return;
    throw forbidden('a member organisation sees only its own applications');
  }
  if (role === 'expert') {
    if (actor && file.expertIds.includes(actor)) return;
    throw forbidden('an expert sees only the files assigned to them');
  }
  throw forbidden('application files are not public');
}

/** What a listing is narrowed to: a member's own organisation, an expert's own files, nothing for staff. */
export function listingScope({ actor, role, org }: RequestContext): { organisationId?: string; expertId?: string } {
  if (role && STAFF.has(role)) return {};
  if (role === 'member' && org) return { organisationId: org };
  if (role === 'expert' && actor) return { expertId: actor };
  throw forbidden('application files are not public');
}

/** A member acts only for its own organisation; other roles are judged by the gateway's @Roles and the decider. */
export function assertActsForOrganisation({ role, org }: RequestContext, organisationId: string | undefined): void {
  if (role === 'member' && (!org || org !== organisationId)) throw forbidden('a member organisation may act only on its own applications');
}

/** An expert sees only their own workload; staff see everyone's. */
export function assertMayReadWorkload({ actor, role }: RequestContext, expertId: string | undefined): void {
  if (role && STAFF.has(role)) return;
  if (role === 'expert' && actor && expertId === actor) return;
  throw forbidden('an expert sees only their own workload');
}

/** Who reads the projections' state (checkpoints, lag, a poison event's position and error): as the HTTP route allows, the secretariat and auditors. */
const PROJECTION_READERS = new Set(['secretariat', 'auditor']);

/** No caller (no signed identity, or the gateway's anonymous one naming no actor) is UNAUTHENTICATED; another role FORBIDDEN. */
export function assertMayReadProjectionStatus({ actor, role }: RequestContext): void {
  if (!actor || !role) throw unauthenticated('the projections\' status needs an authenticated caller: the gateway\'s signed identity naming an actor and a role');
  if (!PROJECTION_READERS.has(role)) throw forbidden('only the secretariat and auditors read the projections\' status');
}
