import type { JWTPayload } from 'jose';
import { Role, ROLES } from './roles';

/** Who is calling, as the gateway established it from a verified token or API key. */
export interface Principal {
  /** Token `sub`, or `partner:<id>` for an API key: becomes the event metadata's actor. */
  actor: string;
  role: Role;
  /** Member organisation id (token `org`): what a member may see. */
  org?: string;
  via: 'token' | 'api-key';
}

/** Why a credential was refused, for a page that words it in its reader's language (`detail`: the claim or algorithm named). */
export type RefusalCode = 'invalid' | 'expired' | 'claim' | 'algorithm' | 'no-keys' | 'claims';

/** Why a credential was refused; the message is safe to show to the caller. */
export class InvalidCredentials extends Error {
  constructor(
    message: string,
    readonly code: RefusalCode = 'invalid',
    readonly detail?: string,
  ) {
    super(message);
  }
}

export const ACTOR = /^[\x21-\x7e]{1,256}$/; // printable, no spaces: it travels in NATS headers and logs
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The platform's claims from an already verified payload. */
export function principalFromClaims(claims: JWTPayload): Principal {
  const { sub, role, org } = claims as JWTPayload & { role?: unknown; org?: unknown };
  if (typeof sub !== 'string' || !ACTOR.test(sub)) throw new InvalidCredentials('the token has no usable sub claim', 'claims');
  if (!isRole(role)) throw new InvalidCredentials(`the token's role claim must be one of ${ROLES.join(', ')}`, 'claims');
  if (org !== undefined && (typeof org !== 'string' || !UUID.test(org))) throw new InvalidCredentials('the token\'s org claim must be a UUID', 'claims');
  if (role === 'member' && org === undefined) throw new InvalidCredentials('a member token must name its organisation (org claim)', 'claims');
  return { actor: sub, role, org: org as string | undefined, via: 'token' };
}
