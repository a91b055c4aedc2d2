import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { passwordVariables } from '../libs/testing/src/nats-auth';

/** Where `npm start` keeps the signing secret of local tokens when AUTH_JWT_SECRET is not given. */
export const localSecretFile = join(resolve(__dirname, '..', '..'), '.data', 'auth-secret');

/** AUTH_JWT_SECRET, or the local one (made once, kept with the local data, readable by its owner only). */
export function localAuthSecret(create: boolean): string | undefined {
  if (process.env.AUTH_JWT_SECRET) return process.env.AUTH_JWT_SECRET;
  if (existsSync(localSecretFile)) return readFileSync(localSecretFile, 'utf8').trim();
  if (!create) return undefined;
  mkdirSync(dirname(localSecretFile), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(localSecretFile, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The secret `npm run token` signs with: AUTH_JWT_SECRET, else the one `npm start` made; neither: an error saying how to get one. */
export function tokenSigningSecret(env: NodeJS.ProcessEnv = process.env, file = localSecretFile): string {
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  throw new Error(`no secret to sign with: AUTH_JWT_SECRET is unset and ${file} does not exist yet; run \`npm start\` once (it makes that file), or set AUTH_JWT_SECRET to the gateway's`);
}

/** Passwords of the local bus's users (deploy/nats/auth.conf), made once and kept in .data/. */
export const natsPasswordsFile = join(resolve(__dirname, '..', '..'), '.data', 'nats-passwords.json');

/** nats-server parses a variable's value as a config value (digits become numbers or dates): start with a letter. */
const newNatsPassword = () => `p${randomBytes(18).toString('hex')}`;

/** `{ BANAT_NATS_PASSWORD_<USER>: password }` for every user of the permissions config. */
export function localNatsPasswords(): Record<string, string> {
  const known: Record<string, string> = existsSync(natsPasswordsFile) ? JSON.parse(readFileSync(natsPasswordsFile, 'utf8')) : {};
  const variables = Object.fromEntries([...passwordVariables().values()].map((variable) => [variable, process.env[variable] ?? known[variable] ?? newNatsPassword()]));
  mkdirSync(dirname(natsPasswordsFile), { recursive: true });
  writeFileSync(natsPasswordsFile, `${JSON.stringify(variables, null, 2)}\n`, { mode: 0o600 });
  return variables;
}

/** Where `npm start` keeps the gateway's identity signing key when IDENTITY_PRIVATE_KEY is not given. */
export const localIdentityKeyFile = join(resolve(__dirname, '..', '..'), '.data', 'identity-key.pem');

/**
 * The gateway's Ed25519 key pair that signs who each request acts for (libs/messaging/src/identity.ts):
 * IDENTITY_PRIVATE_KEY (and IDENTITY_PUBLIC_KEY, else derived from it), or a local one made once in .data/.
 */
export function localIdentityKeys(): { IDENTITY_PRIVATE_KEY: string; IDENTITY_PUBLIC_KEY: string } {
  let privatePem = process.env.IDENTITY_PRIVATE_KEY?.replace(/\\n/g, '\n');
  if (!privatePem && existsSync(localIdentityKeyFile)) privatePem = readFileSync(localIdentityKeyFile, 'utf8');
  if (!privatePem) {
    privatePem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    mkdirSync(dirname(localIdentityKeyFile), { recursive: true });
    writeFileSync(localIdentityKeyFile, privatePem, { mode: 0o600 });
  }
  const publicPem = process.env.IDENTITY_PUBLIC_KEY ?? createPublicKey(createPrivateKey(privatePem)).export({ type: 'spki', format: 'pem' }).toString();
  return { IDENTITY_PRIVATE_KEY: privatePem, IDENTITY_PUBLIC_KEY: publicPem };
}

/** Where `npm start` keeps the programme's credential signing key when CREDENTIAL_SIGNING_KEY is not given. */
export const localCredentialKeyFile = join(resolve(__dirname, '..', '..'), '.data', 'credential-key.pem');

/** CREDENTIAL_SIGNING_KEY, or a local Ed25519 key made once in .data/ (readable by its owner only). */
export function localCredentialKey(): string {
  if (process.env.CREDENTIAL_SIGNING_KEY) return process.env.CREDENTIAL_SIGNING_KEY;
  if (existsSync(localCredentialKeyFile)) return readFileSync(localCredentialKeyFile, 'utf8');
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(dirname(localCredentialKeyFile), { recursive: true });
  writeFileSync(localCredentialKeyFile, pem, { mode: 0o600 });
  return pem;
}
