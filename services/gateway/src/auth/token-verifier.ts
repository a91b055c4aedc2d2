import { createRemoteJWKSet, errors, importSPKI, JWTHeaderParameters, jwtVerify } from 'jose';
import type { PlatformConfig } from '@banat/messaging';
import { InvalidCredentials, Principal, principalFromClaims } from './principal';

type VerificationKey = Uint8Array | Awaited<ReturnType<typeof importSPKI>>;
type KeyFor = (header: JWTHeaderParameters) => Promise<VerificationKey>;

const ASYMMETRIC = ['RS256', 'PS256', 'ES256', 'EdDSA'];
/** The clock difference allowed between the token's issuer and this gateway. */
const CLOCK_TOLERANCE_S = 5;

/** 86400 → '24 h', 5400 → '90 min', 45 → '45 s'. */
const lifetime = (seconds: number): string =>
  seconds % 3600 === 0 ? `${seconds / 3600} h` : seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`;

/**
 * Verifies bearer tokens with the keys in configuration: an HS256 secret (local), a PEM public key,
 * and/or an identity provider's JWKS. The key is chosen by the token's `alg`, and each key only
 * ever verifies its own algorithm family, so an HS256 token can never be checked against a public key.
 */
export class TokenVerifier {
  private constructor(
    private readonly keyFor: KeyFor,
    private readonly algorithms: string[],
    private readonly issuer: string,
    private readonly audience: string,
    private readonly maxLifetimeSeconds: number,
  ) {}

  static fromConfig(config: PlatformConfig): TokenVerifier {
    const secret = config.AUTH_JWT_SECRET ? new TextEncoder().encode(config.AUTH_JWT_SECRET) : undefined;
    const pemAlg = config.AUTH_JWT_PUBLIC_KEY_ALG;
    const pem = config.AUTH_JWT_PUBLIC_KEY?.replace(/\\n/g, '\n');
    const publicKey = pem ? importSPKI(pem, pemAlg) : undefined;
    publicKey?.catch(() => undefined); // a bad key is reported on first use, not as an unhandled rejection
    const jwks = config.AUTH_JWKS_URL ? createRemoteJWKSet(new URL(config.AUTH_JWKS_URL)) : undefined;
    const algorithms = [...(secret ? ['HS256'] : []), ...(publicKey ? [pemAlg] : []), ...(jwks ? ASYMMETRIC : [])];
    const keyFor: KeyFor = async (header) => {
      if (header.alg === 'HS256' && secret) return secret;
      if (header.alg === pemAlg && publicKey) return publicKey;
      if (jwks && ASYMMETRIC.includes(header.alg)) return jwks(header);
      throw new InvalidCredentials(`tokens signed with ${header.alg} are not accepted here`, 'algorithm', String(header.alg));
    };
    return new TokenVerifier(keyFor, [...new Set(algorithms)], config.AUTH_ISSUER, config.AUTH_AUDIENCE, config.AUTH_MAX_TOKEN_LIFETIME_S ?? 86_400);
  }

  async verify(token: string): Promise<Principal> {
    if (this.algorithms.length === 0) throw new InvalidCredentials('no token keys are configured at this gateway', 'no-keys');
    try {
      const { payload } = await jwtVerify(token, this.keyFor, {
        algorithms: this.algorithms,
        issuer: this.issuer,
        audience: this.audience,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: CLOCK_TOLERANCE_S,
      });
      // Counted from iat, or from now for a token without one or issued in the future: exp alone would let a token live for years.
      const now = Math.floor(Date.now() / 1000);
      const from = typeof payload.iat === 'number' ? Math.min(payload.iat, now) : now;
      if (payload.exp! - from > this.maxLifetimeSeconds + CLOCK_TOLERANCE_S) {
        throw new InvalidCredentials(`the token lives longer than this gateway accepts (at most ${lifetime(this.maxLifetimeSeconds)} from its iat to its exp)`, 'claim', 'exp');
      }
      return principalFromClaims(payload);
    } catch (error) {
      if (error instanceof InvalidCredentials) throw error;
      if (error instanceof errors.JWTExpired) throw new InvalidCredentials('the token has expired', 'expired');
      if (error instanceof errors.JWTClaimValidationFailed) throw new InvalidCredentials(`the token's ${error.claim} claim is not accepted here`, 'claim', error.claim);
      throw new InvalidCredentials('the token is not valid');
    }
  }
}
