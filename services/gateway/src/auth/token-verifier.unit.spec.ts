import { exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { loadConfig } from '@banat/messaging';
import { PartnerApiKeys, sha256Hex } from './api-keys';
import { issueLocalToken } from './issue-token';
import { TokenVerifier } from './token-verifier';

const SECRET = 'unit-secret-of-at-least-thirty-two-chars';
const claims = { iss: 'made-in-banat-local', aud: 'made-in-banat-api' };
const hs = (payload: Record<string, unknown>, secret = SECRET) =>
  new SignJWT(payload).setProtectedHeader({ alg: 'HS256' }).setIssuer(claims.iss).setAudience(claims.aud).setExpirationTime('5m').sign(new TextEncoder().encode(secret));

describe('TokenVerifier', () => {
  const local = TokenVerifier.fromConfig(loadConfig({ AUTH_JWT_SECRET: SECRET }));

  it('turns a locally issued token into a principal', async () => {
    const token = await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: SECRET }), { role: 'member', sub: 'maria', org: '11111111-1111-4111-8111-111111111111' });
    await expect(local.verify(token)).resolves.toEqual({ actor: 'maria', role: 'member', org: '11111111-1111-4111-8111-111111111111', via: 'token' });
  });

  it('refuses unknown roles, members without an organisation and tokens without sub', async () => {
    await expect(local.verify(await hs({ sub: 'x', role: 'admin' }))).rejects.toThrow(/role claim/);
    await expect(local.verify(await hs({ sub: 'x', role: 'member' }))).rejects.toThrow(/member token must name its organisation/);
    await expect(local.verify(await hs({ role: 'expert' }))).rejects.toThrow(/not valid|sub/);
  });

  it('accepts RS256 from the configured public key, and refuses an HS256 token keyed with that public key', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const pem = await exportSPKI(publicKey);
    const verifier = TokenVerifier.fromConfig(loadConfig({ AUTH_JWT_PUBLIC_KEY: pem.replace(/\n/g, '\\n'), AUTH_JWT_PUBLIC_KEY_ALG: 'RS256' }));
    const rs = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'RS256' }).setSubject('aurel').setIssuer(claims.iss).setAudience(claims.aud).setExpirationTime('5m').sign(privateKey);
    await expect(verifier.verify(rs)).resolves.toMatchObject({ actor: 'aurel', role: 'auditor' });
    const confused = await hs({ sub: 'mallory', role: 'decision-maker' }, pem);
    await expect(verifier.verify(confused)).rejects.toThrow('the token is not valid');
  });

  it('refuses a token that lives longer than AUTH_MAX_TOKEN_LIFETIME_S (24 h by default), counted from iat, or from now without one or for one issued ahead', async () => {
    const now = Math.floor(Date.now() / 1000);
    const signed = (iat: number | undefined, exp: number) => {
      const jwt = new SignJWT({ sub: 'lena', role: 'secretariat' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(claims.iss).setAudience(claims.aud).setExpirationTime(exp);
      return (iat === undefined ? jwt : jwt.setIssuedAt(iat)).sign(new TextEncoder().encode(SECRET));
    };
    await expect(local.verify(await signed(now, now + 86_400))).resolves.toMatchObject({ actor: 'lena' });
    await expect(local.verify(await signed(now - 3600, now + 86_400 - 3600))).resolves.toMatchObject({ actor: 'lena' });
    for (const [iat, exp] of [[now, now + 30 * 86_400], [undefined, now + 2 * 86_400], [now + 10 * 86_400, now + 10 * 86_400 + 60]] as const) {
      const refusal = local.verify(await signed(iat, exp));
      await expect(refusal).rejects.toThrow(/longer than this gateway accepts \(at most 24 h/);
      await expect(refusal).rejects.toMatchObject({ code: 'claim', detail: 'exp' });
    }
    const hourly = TokenVerifier.fromConfig(loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME_S: '3600' }));
    await expect(hourly.verify(await signed(now, now + 7200))).rejects.toThrow(/at most 1 h/);
    await expect(hourly.verify(await signed(now, now + 3600))).resolves.toMatchObject({ actor: 'lena' });
  });

  it('accepts nothing when no key is configured', async () => {
    const none = TokenVerifier.fromConfig(loadConfig({}));
    await expect(none.verify(await hs({ sub: 'x', role: 'expert' }))).rejects.toThrow(/no token keys/);
  });
});

describe('PartnerApiKeys', () => {
  it('knows a partner by the SHA-256 of its key only', () => {
    const keys = PartnerApiKeys.fromConfig({ PARTNER_API_KEYS: `acme:${sha256Hex('k-acme')},tisa:${sha256Hex('k-tisa')}` });
    expect(keys.identify('k-tisa')).toEqual({ actor: 'partner:tisa', role: 'partner', via: 'api-key' });
    expect(keys.identify(sha256Hex('k-acme'))).toBeUndefined();
    expect(PartnerApiKeys.fromConfig({}).identify('k-acme')).toBeUndefined();
  });
});

describe('issueLocalToken', () => {
  it('refuses without a secret, for a member without org, and with a malformed ttl', async () => {
    await expect(issueLocalToken(loadConfig({}), { role: 'expert', sub: 'a' })).rejects.toThrow(/AUTH_JWT_SECRET/);
    const config = loadConfig({ AUTH_JWT_SECRET: SECRET });
    await expect(issueLocalToken(config, { role: 'member', sub: 'a' })).rejects.toThrow(/--org/);
    await expect(issueLocalToken(config, { role: 'expert', sub: 'a', ttl: 'forever' })).rejects.toThrow(/ttl/);
  });

  it('refuses an org or sub the gateway would refuse, rather than signing a token answered 401 on every call', async () => {
    const config = loadConfig({ AUTH_JWT_SECRET: SECRET });
    await expect(issueLocalToken(config, { role: 'member', sub: 'bob', org: 'brutaria' })).rejects.toThrow(
      "--org must be the organisation's id, a UUID (the id POST /api/v1/organisations answered), not 'brutaria'",
    );
    await expect(issueLocalToken(config, { role: 'secretariat', sub: 'ana maria' })).rejects.toThrow("--sub must be 1 to 256 printable characters without spaces, not 'ana maria'");
    const member = await issueLocalToken(config, { role: 'member', sub: 'bob', org: '685c93ea-9090-4810-898b-7639dcd09616' });
    await expect(TokenVerifier.fromConfig(config).verify(member)).resolves.toMatchObject({ actor: 'bob', org: '685c93ea-9090-4810-898b-7639dcd09616' });
  });

  it('refuses a ttl the gateway would not accept, naming the limit', async () => {
    const config = loadConfig({ AUTH_JWT_SECRET: SECRET });
    await expect(issueLocalToken(config, { role: 'expert', sub: 'a', ttl: '7d' })).rejects.toThrow('ttl 7d is longer than the gateway accepts: at most 86400 s (AUTH_MAX_TOKEN_LIFETIME_S)');
    await expect(TokenVerifier.fromConfig(config).verify(await issueLocalToken(config, { role: 'expert', sub: 'a', ttl: '1d' }))).resolves.toMatchObject({ actor: 'a' });
    await expect(issueLocalToken(loadConfig({ AUTH_JWT_SECRET: SECRET, AUTH_MAX_TOKEN_LIFETIME_S: '600' }), { role: 'expert', sub: 'a', ttl: '1h' })).rejects.toThrow(/at most 600 s/);
  });
});
