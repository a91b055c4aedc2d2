import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '@banat/messaging';
import { TokenVerifier } from './token-verifier';

/** An external identity provider's JWKS, served locally over HTTP (never the internet). */
describe('TokenVerifier with a JWKS URL', () => {
  let server: Server;
  let url: string;
  let privateKey: CryptoKeyLike;
  type CryptoKeyLike = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-1', alg: 'ES256', use: 'sig' };
    server = createServer((_, res) => res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const sign = (kid: string, key = privateKey) =>
    new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'ES256', kid }).setSubject('sara').setIssuer('https://idp.example').setAudience('banat').setExpirationTime('5m').sign(key);

  it('verifies a token signed by the provider and refuses one signed by another key', async () => {
    const verifier = TokenVerifier.fromConfig(loadConfig({ AUTH_JWKS_URL: url, AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'banat' }));
    await expect(verifier.verify(await sign('idp-1'))).resolves.toMatchObject({ actor: 'sara', role: 'secretariat' });
    const stranger = (await generateKeyPair('ES256')).privateKey;
    await expect(verifier.verify(await sign('idp-1', stranger))).rejects.toThrow('the token is not valid');
  });
});
