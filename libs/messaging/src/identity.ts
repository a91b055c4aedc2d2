import { createPrivateKey, createPublicKey, KeyObject } from 'node:crypto';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import type { PlatformConfig } from './config';
import { ACTOR_HEADER, ORG_HEADER, ROLE_HEADER } from './correlation';

/**
 * Who a request acts for, proven between the gateway and the services: the gateway signs a short-lived
 * assertion (Ed25519 JWT) naming the actor, role, organisation and correlation id, bound to the one
 * subject it is sent to; a service believes nothing else. A bus user who sets headers by hand gets no
 * identity. Services call each other without the caller's identity (see registry-client.ts).
 */
export const IDENTITY_HEADER = 'x-identity';
/** With the plain caller headers (x-actor, x-role, x-org) that no service believes any more: a sign of a forged identity. */
const CALLER_HEADERS = [IDENTITY_HEADER, ACTOR_HEADER, ROLE_HEADER, ORG_HEADER];

const ISSUER = 'banat-gateway';
const ALGORITHM = 'EdDSA';
/** Checked when the request arrives: room for clock skew and a request queued a while, short enough that a copied assertion soon stops working. */
export const IDENTITY_TTL_SECONDS = 90;

export interface CallerIdentity {
  actor?: string;
  role?: string;
  org?: string;
}

/** PEM from an environment variable, where newlines may be written as `\n`. */
const pem = (value: string) => value.replace(/\\n/g, '\n');

export function identityPrivateKey(value: string): KeyObject {
  const key = createPrivateKey(pem(value));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('IDENTITY_PRIVATE_KEY must be an Ed25519 private key (PEM)');
  return key;
}

export function identityPublicKey(value: string): KeyObject {
  // node would derive a public key from a private one: a private key here is a key in the wrong hands.
  if (!pem(value).includes('PUBLIC KEY')) throw new Error('IDENTITY_PUBLIC_KEY must be a public key (PEM "BEGIN PUBLIC KEY"), never the private one');
  const key = createPublicKey(pem(value));
  if (key.asymmetricKeyType !== 'ed25519') throw new Error('IDENTITY_PUBLIC_KEY must be an Ed25519 public key (PEM)');
  return key;
}

/** The gateway's side: one assertion per request and subject. */
export class IdentitySigner {
  constructor(private readonly key: KeyObject) {}

  sign(subject: string, identity: CallerIdentity, correlationId: string | undefined): Promise<string> {
    const claims: Record<string, string> = {};
    if (identity.role) claims.role = identity.role;
    if (identity.org) claims.org = identity.org;
    if (correlationId) claims.cid = correlationId;
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM }).setIssuer(ISSUER).setAudience(subject).setIssuedAt().setExpirationTime(`${IDENTITY_TTL_SECONDS}s`);
    if (identity.actor) jwt.setSubject(identity.actor);
    return jwt.sign(this.key);
  }
}

export type IdentityCheck = { ok: true; identity: CallerIdentity } | { ok: false; reason: string };

/** A service's side: the identity a request proves, or why it proves none. */
export class IdentityVerifier {
  constructor(private readonly key: KeyObject | undefined) {}

  /**
   * No caller header at all: an anonymous request. A valid assertion for this subject: its identity.
   * Anything else (plain x-actor/x-role/x-org headers, a bad, expired or misdirected assertion) is refused.
   */
  async check(subject: string, headers: { get(name: string): string; has(name: string): boolean } | undefined): Promise<IdentityCheck> {
    if (!headers || !CALLER_HEADERS.some((h) => headers.has(h))) return { ok: true, identity: {} };
    const token = headers.get(IDENTITY_HEADER);
    if (!token) return { ok: false, reason: 'caller headers without a signed identity are not accepted' };
    if (!this.key) return { ok: false, reason: 'this service has no IDENTITY_PUBLIC_KEY to check identities with' };
    try {
      const { payload } = await jwtVerify(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, audience: subject, requiredClaims: ['exp', 'iat'], maxTokenAge: IDENTITY_TTL_SECONDS, clockTolerance: 5 });
      const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      return { ok: true, identity: { actor: text(payload.sub), role: text(payload.role), org: text(payload.org) } };
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'the signed identity has expired' : error instanceof joseErrors.JWTClaimValidationFailed ? `the signed identity is not for this request (${error.claim})` : 'the signed identity is not valid';
      return { ok: false, reason };
    }
  }
}

/** The gateway's signer; the gateway does not start without IDENTITY_PRIVATE_KEY. */
export function identitySignerFrom(config: Pick<PlatformConfig, 'IDENTITY_PRIVATE_KEY'>): IdentitySigner {
  if (!config.IDENTITY_PRIVATE_KEY) throw new Error('IDENTITY_PRIVATE_KEY is required by the gateway: it signs who each request acts for');
  return new IdentitySigner(identityPrivateKey(config.IDENTITY_PRIVATE_KEY));
}

export const identityVerifierFrom = (config: Pick<PlatformConfig, 'IDENTITY_PUBLIC_KEY'>): IdentityVerifier =>
  new IdentityVerifier(config.IDENTITY_PUBLIC_KEY ? identityPublicKey(config.IDENTITY_PUBLIC_KEY) : undefined);
