import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

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
