import { generateKeyPairSync } from 'node:crypto';
import { IDENTITY_HEADER, identityPrivateKey, IdentitySigner, type CallerIdentity } from '@banat/messaging';

const pair = generateKeyPairSync('ed25519');

/** A gateway identity key pair for this test process: give it to loadConfig (or the platform's env) with the rest. */
export const testIdentityKeys = {
  IDENTITY_PRIVATE_KEY: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  IDENTITY_PUBLIC_KEY: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
};

/** The header the gateway would send for this caller on this subject, signed with the test key. */
export async function signedIdentityHeader(subject: string, identity: CallerIdentity): Promise<Record<string, string>> {
  const signer = new IdentitySigner(identityPrivateKey(testIdentityKeys.IDENTITY_PRIVATE_KEY));
  return { [IDENTITY_HEADER]: await signer.sign(subject, identity) };
}
