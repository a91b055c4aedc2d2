import { SignJWT } from 'jose';
import type { PlatformConfig } from '@banat/messaging';
import { ACTOR, isRole, UUID } from './principal';
import type { Role } from './roles';

export interface TokenRequest {
  role: Role;
  sub: string;
  org?: string;
  /** A jose time span: '90s', '15m', '1h', '7d'. */
  ttl?: string;
}

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

/** An HS256 token for local use (demos, tests), signed with AUTH_JWT_SECRET and the configured iss/aud. */
export async function issueLocalToken(
  config: Pick<PlatformConfig, 'AUTH_JWT_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'> & Partial<Pick<PlatformConfig, 'AUTH_MAX_TOKEN_LIFETIME_S'>>,
  request: TokenRequest,
): Promise<string> {
  if (!config.AUTH_JWT_SECRET) throw new Error('AUTH_JWT_SECRET is not set: the gateway and this command must share it');
  if (!isRole(request.role)) throw new Error(`unknown role '${request.role}'`);
  if (request.role === 'member' && !request.org) throw new Error('a member token needs --org <organisation uuid>');
  // What the gateway would refuse (principal.ts) is refused here, rather than signed and then answered 401 on every call.
  if (!ACTOR.test(request.sub)) throw new Error(`--sub must be 1 to 256 printable characters without spaces, not '${request.sub}'`);
  if (request.org !== undefined && !UUID.test(request.org)) {
    throw new Error(`--org must be the organisation's id, a UUID (the id POST /api/v1/organisations answered), not '${request.org}'`);
  }
  const span = request.ttl === undefined ? undefined : /^(\d+)\s*(s|m|h|d)$/.exec(request.ttl);
  if (request.ttl !== undefined && !span) throw new Error(`ttl must look like 90s, 15m, 1h or 7d, not '${request.ttl}'`);
  const maxSeconds = config.AUTH_MAX_TOKEN_LIFETIME_S ?? 86_400;
  if (span && Number(span[1]) * SECONDS[span[2] as keyof typeof SECONDS] > maxSeconds) {
    throw new Error(`ttl ${request.ttl} is longer than the gateway accepts: at most ${maxSeconds} s (AUTH_MAX_TOKEN_LIFETIME_S)`);
  }
  return new SignJWT({ role: request.role, ...(request.org ? { org: request.org } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '1h')
    .sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
}
