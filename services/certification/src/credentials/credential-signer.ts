import { createPublicKey } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, SignJWT, type JWK } from 'jose';
import { credentialSigningKey } from '@banat/messaging';

/** The media type of VC-JOSE credentials (https://www.w3.org/TR/vc-jose-cose/): the JWT payload is the credential itself. */
export const VC_JWT_TYPE = 'vc+jwt';
export const VC_JWT_MEDIA_TYPE = 'application/vc+jwt';

export type IssuerKeys = { keys: JWK[] };

/** Signs credentials with the programme's key (CREDENTIAL_SIGNING_KEY): EdDSA for Ed25519, ES256 for P-256. */
export class CredentialSigner {
  private constructor(
    private readonly key: ReturnType<typeof credentialSigningKey>,
    readonly publicJwk: JWK,
  ) {}

  static async fromPem(pem: string): Promise<CredentialSigner> {
    const key = credentialSigningKey(pem);
    const jwk = await exportJWK(createPublicKey(key.key));
    const kid = await calculateJwkThumbprint(jwk);
    return new CredentialSigner(key, { ...jwk, kid, alg: key.alg, use: 'sig' });
  }

  get kid(): string {
    return this.publicJwk.kid as string;
  }

  jwks(): IssuerKeys {
    return { keys: [this.publicJwk] };
  }

  /** The payload is the credential alone (no JWT claims), so a replay signs the same bytes; the header names the key by `kid`. */
  sign(credential: object): Promise<string> {
    return new SignJWT({ ...credential }).setProtectedHeader({ alg: this.key.alg, typ: VC_JWT_TYPE, kid: this.kid }).sign(this.key.key);
  }
}
