import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenSigningSecret } from './local-secret';

/** The secret `npm run token` signs with, and what a new user is told when there is none yet. */
describe('tokenSigningSecret (npm run token)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'banat-token-secret-'));

  it('takes AUTH_JWT_SECRET first, else the file npm start made', () => {
    const file = join(dir, 'auth-secret');
    writeFileSync(file, 'made-by-npm-start-0123456789abcdef\n');
    expect(tokenSigningSecret({ AUTH_JWT_SECRET: 'from-the-environment-0123456789ab' }, file)).toBe('from-the-environment-0123456789ab');
    expect(tokenSigningSecret({}, file)).toBe('made-by-npm-start-0123456789abcdef');
  });

  it('with neither, names the file it looked for and how to get a secret', () => {
    const file = join(dir, 'not-made-yet');
    expect(() => tokenSigningSecret({}, file)).toThrow(`no secret to sign with: AUTH_JWT_SECRET is unset and ${file} does not exist yet; run \`npm start\` once (it makes that file), or set AUTH_JWT_SECRET to the gateway's`);
  });
});
