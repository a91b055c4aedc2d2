import { SignJWT } from 'jose';
import type { PlatformConfig } from '@banat/messaging';
import { isRole } from './principal';
import type { Role } from './roles';

export interface TokenRequest {
  role: Role;
  sub: string;
  org?: string;
  /** A jose time span: '90s', '15m', '1h', '7d'. */
  ttl?: string;
}

/** An HS256 token for local use (demos, tests), signed with AUTH_JWT_SECRET and the configured iss/aud. */
export async function issueLocalToken(config: Pick<PlatformConfig, 'AUTH_JWT_SECRET' | 'AUTH_ISSUER' | 'AUTH_AUDIENCE'>, request: TokenRequest): Promise<string> {
  if (!config.AUTH_JWT_SECRET) throw new Error('AUTH_JWT_SECRET is not set: the gateway and this command must share it');
  if (!isRole(request.role)) throw new Error(`unknown role '${request.role}'`);
  if (request.role === 'member' && !request.org) throw new Error('a member token needs --org <organisation uuid>');
  if (request.ttl !== undefined && !/^\d+\s*(s|m|h|d)$/.test(request.ttl)) throw new Error(`ttl must look like 90s, 15m, 1h or 7d, not '${request.ttl}'`);
  return new SignJWT({ role: request.role, ...(request.org ? { org: request.org } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(request.sub)
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(request.ttl ?? '1h')
    .sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
}
