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

/** Clock in milliseconds since the epoch (a test moves it). */
export type Clock = () => number;

/** How long the gateway sends one assertion again for the same caller and subject: the rest of its lifetime (at least 60 s) is left for the trip. */
export const IDENTITY_REUSE_SECONDS = 30;
/** Assertions (signed or verified) kept per process: bounded, least recently used dropped first. */
const CACHED_ASSERTIONS = 10_000;

/** A map bounded to `max` entries, the least recently used dropped first. */
class Bounded<V> {
  private readonly entries = new Map<string, V>();
  constructor(private readonly max: number) {}
  get size(): number {
    return this.entries.size;
  }
  get(key: string): V | undefined {
    const value = this.entries.get(key);
    if (value !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, value);
    }
    return value;
  }
  set(key: string, value: V): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
  }
  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * The gateway's side: an assertion per caller (actor, role, organisation) and subject, signed once
 * and sent again for IDENTITY_REUSE_SECONDS (an Ed25519 signature per request showed in the
 * profile; a service then checks it once too). The correlation id travels in its own header.
 */
export class IdentitySigner {
  private readonly signed = new Bounded<{ token: Promise<string>; until: number }>(CACHED_ASSERTIONS);

  constructor(
    private readonly key: KeyObject,
    private readonly now: Clock = Date.now,
  ) {}

  sign(subject: string, identity: CallerIdentity): Promise<string> {
    const key = JSON.stringify([subject, identity.actor ?? null, identity.role ?? null, identity.org ?? null]);
    const now = this.now();
    const kept = this.signed.get(key);
    if (kept && kept.until > now) return kept.token;
    const claims: Record<string, string> = {};
    if (identity.role) claims.role = identity.role;
    if (identity.org) claims.org = identity.org;
    const issuedAt = Math.floor(now / 1000);
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: ALGORITHM }).setIssuer(ISSUER).setAudience(subject).setIssuedAt(issuedAt).setExpirationTime(issuedAt + IDENTITY_TTL_SECONDS);
    if (identity.actor) jwt.setSubject(identity.actor);
    const token = jwt.sign(this.key);
    this.signed.set(key, { token, until: now + IDENTITY_REUSE_SECONDS * 1000 });
    token.catch(() => this.signed.delete(key));
    return token;
  }
}

export type IdentityCheck = { ok: true; identity: CallerIdentity } | { ok: false; reason: string };

/** An assertion already checked: who it names, for which subjects, and its time bounds (seconds). */
interface Verified {
  identity: CallerIdentity;
  audiences: string[];
  issuedAt: number;
  expires: number;
}

/** Seconds of clock skew allowed between the gateway and a service. */
const CLOCK_TOLERANCE_SECONDS = 5;

/**
 * A service's side: the identity a request proves, or why it proves none. An assertion whose
 * signature checked out is kept (bounded, keyed by the token itself), so the same assertion sent
 * again costs no second Ed25519 verification; its subject, expiry and age are still checked on
 * every request, as for a new one.
 */
export class IdentityVerifier {
  private readonly verified = new Bounded<Verified>(CACHED_ASSERTIONS);
  private readonly verifying = new Map<string, Promise<IdentityCheck>>();

  constructor(
    private readonly key: KeyObject | undefined,
    private readonly now: Clock = Date.now,
  ) {}

  /** Assertions kept from earlier requests (for tests). */
  get cachedAssertions(): number {
    return this.verified.size;
  }

  /**
   * No caller header at all: an anonymous request. A valid assertion for this subject: its identity.
   * Anything else (plain x-actor/x-role/x-org headers, a bad, expired or misdirected assertion) is refused.
   * Answered at once (no promise) unless an assertion's signature is still to be verified.
   */
  check(subject: string, headers: { get(name: string): string; has(name: string): boolean } | undefined): IdentityCheck | Promise<IdentityCheck> {
    if (!headers || !CALLER_HEADERS.some((h) => headers.has(h))) return { ok: true, identity: {} };
    const token = headers.get(IDENTITY_HEADER);
    if (!token) return { ok: false, reason: 'caller headers without a signed identity are not accepted' };
    if (!this.key) return { ok: false, reason: 'this service has no IDENTITY_PUBLIC_KEY to check identities with' };
    const known = this.verified.get(token);
    if (known) return this.recheck(token, known, subject);
    // Requests that arrive together with one new assertion share its verification.
    const key = `${subject}\u0000${token}`;
    let verifying = this.verifying.get(key);
    if (!verifying) {
      verifying = this.verify(token, subject).finally(() => this.verifying.delete(key));
      this.verifying.set(key, verifying);
    }
    return verifying;
  }

  private async verify(token: string, subject: string): Promise<IdentityCheck> {
    try {
      const { payload } = await jwtVerify(token, this.key!, { algorithms: [ALGORITHM], issuer: ISSUER, audience: subject, requiredClaims: ['exp', 'iat'], maxTokenAge: IDENTITY_TTL_SECONDS, clockTolerance: CLOCK_TOLERANCE_SECONDS, currentDate: new Date(this.now()) });
      const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
      const identity = { actor: text(payload.sub), role: text(payload.role), org: text(payload.org) };
      this.verified.set(token, { identity, audiences: ([] as unknown[]).concat(payload.aud).filter((a): a is string => typeof a === 'string'), issuedAt: payload.iat!, expires: payload.exp! });
      return { ok: true, identity };
    } catch (error) {
      const reason = error instanceof joseErrors.JWTExpired ? 'the signed identity has expired' : error instanceof joseErrors.JWTClaimValidationFailed ? `the signed identity is not for this request (${error.claim})` : 'the signed identity is not valid';
      return { ok: false, reason };
    }
  }

  /** The checks jwtVerify makes on the claims, for an assertion whose signature was checked before. */
  private recheck(token: string, known: Verified, subject: string): IdentityCheck {
    const now = Math.floor(this.now() / 1000);
    if (known.expires <= now - CLOCK_TOLERANCE_SECONDS || now - known.issuedAt - CLOCK_TOLERANCE_SECONDS > IDENTITY_TTL_SECONDS) {
      this.verified.delete(token);
      return { ok: false, reason: 'the signed identity has expired' };
    }
    if (!known.audiences.includes(subject)) return { ok: false, reason: 'the signed identity is not for this request (aud)' };
    return { ok: true, identity: known.identity };
  }
}

/** The gateway's signer; the gateway does not start without IDENTITY_PRIVATE_KEY. */
export function identitySignerFrom(config: Pick<PlatformConfig, 'IDENTITY_PRIVATE_KEY'>): IdentitySigner {
  if (!config.IDENTITY_PRIVATE_KEY) throw new Error('IDENTITY_PRIVATE_KEY is required by the gateway: it signs who each request acts for');
  return new IdentitySigner(identityPrivateKey(config.IDENTITY_PRIVATE_KEY));
}

export const identityVerifierFrom = (config: Pick<PlatformConfig, 'IDENTITY_PUBLIC_KEY'>): IdentityVerifier =>
  new IdentityVerifier(config.IDENTITY_PUBLIC_KEY ? identityPublicKey(config.IDENTITY_PUBLIC_KEY) : undefined);
