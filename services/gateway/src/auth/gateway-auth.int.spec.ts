import { INestApplication } from '@nestjs/common';
import { SignJWT } from 'jose';
import { connect, Msg, NatsConnection } from 'nats';
import { CertificationSubjects } from '@banat/contracts';
import { identityVerifierFrom, loadConfig } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';
import { sha256Hex } from './api-keys';
import { issueLocalToken } from './issue-token';

const SECRET = 'test-secret-of-at-least-thirty-two-characters';
const PARTNER_KEY = 'acme-partner-key-0123456789';
const auth = { AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'made-in-banat-local', AUTH_AUDIENCE: 'made-in-banat-api' };
const APP = 'a0c1c5e2-6b7e-4a39-9d0e-2a4b6c8d0e1f';

/** The real gateway and its real endpoints on a real NATS bus; a stand-in service answers with the headers it got. */
describe('gateway authentication and roles', () => {
  let nats: RunningServer;
  let bus: NatsConnection;
  let app: INestApplication;
  let base: string;
  const token = (role: Parameters<typeof issueLocalToken>[1]['role'], sub = 'alice', org?: string) => issueLocalToken(auth, { role, sub, org });
  const call = (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) =>
    fetch(`${base}/api/v1${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const bearer = async (role: Parameters<typeof token>[0], sub?: string) => ({ authorization: `Bearer ${await token(role, sub)}` });

  /** Answers like a Nest microservice: the caller's identity, checked as a service checks it, as the response. */
  const verifier = identityVerifierFrom(testIdentityKeys);
  const echoHeaders = (subject: string) =>
    bus.subscribe(subject, {
      callback: (_, msg: Msg) => {
        const { id } = msg.json<{ id: string }>();
        void Promise.resolve(verifier.check(msg.subject, msg.headers)).then((checked) => {
          const seen = checked.ok ? { actor: checked.identity.actor ?? null, role: checked.identity.role ?? null } : { refused: checked.reason };
          msg.respond(JSON.stringify({ id, response: seen, isDisposed: true }));
        });
      },
    });

  beforeAll(async () => {
    nats = await startNats();
    bus = await connect({ servers: nats.url });
    echoHeaders(CertificationSubjects.applicationHistory);
    echoHeaders(CertificationSubjects.schemes);
    await bus.flush();
    const port = await freePort();
    const env = { NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '2000', PARTNER_API_KEYS: `acme:${sha256Hex(PARTNER_KEY)}`, ...auth, ...testIdentityKeys };
    app = await createGateway(loadConfig(env));
    await app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await nats?.stop();
  });

  it('refuses a decision by an expert with 403, before looking at the body', async () => {
    const res = await call('POST', `/applications/${APP}/decision`, await bearer('expert'), {});
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', message: expect.stringMatching(/'expert' may not/) });
  });

  it('refuses a decision without a token with 401 and a WWW-Authenticate challenge', async () => {
    const res = await call('POST', `/applications/${APP}/decision`, {}, {});
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('refuses a forged token (signed with another secret) with 401', async () => {
    const forged = await issueLocalToken({ ...auth, AUTH_JWT_SECRET: 'another-secret-of-thirty-two-characters!!' }, { role: 'decision-maker', sub: 'mallory' });
    const res = await call('GET', `/applications/${APP}/history`, { authorization: `Bearer ${forged}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: 'the token is not valid' });
  });

  it('refuses an expired token with 401', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = await new SignJWT({ role: 'auditor' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('alice')
      .setIssuer(auth.AUTH_ISSUER)
      .setAudience(auth.AUTH_AUDIENCE)
      .setIssuedAt(past - 3600)
      .setExpirationTime(past)
      .sign(new TextEncoder().encode(SECRET));
    const res = await call('GET', `/applications/${APP}/history`, { authorization: `Bearer ${expired}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'the token has expired' });
  });

  it('refuses a token that would live for a month with 401 naming the limit', async () => {
    const now = Math.floor(Date.now() / 1000);
    const monthLong = await new SignJWT({ role: 'auditor' }).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuer(auth.AUTH_ISSUER).setAudience(auth.AUTH_AUDIENCE).setIssuedAt(now).setExpirationTime(now + 30 * 86_400).sign(new TextEncoder().encode(SECRET));
    const res = await call('GET', `/applications/${APP}/history`, { authorization: `Bearer ${monthLong}` });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringMatching(/at most 24 h from its iat to its exp/) });
  });

  it('refuses an unsigned (alg none) token and a token for another audience with 401', async () => {
    const payload = (await token('auditor')).split('.')[1];
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    expect((await call('GET', `/applications/${APP}/history`, { authorization: `Bearer ${unsigned}` })).status).toBe(401);
    const otherAudience = await issueLocalToken({ ...auth, AUTH_AUDIENCE: 'some-other-api' }, { role: 'auditor', sub: 'alice' });
    expect((await call('GET', `/applications/${APP}/history`, { authorization: `Bearer ${otherAudience}` })).status).toBe(401);
  });

  it('lets an auditor read a history; actor and role reach the service from the token, not from spoofed headers', async () => {
    const res = await call('GET', `/applications/${APP}/history`, { ...(await bearer('auditor', 'aurel')), 'x-actor': 'mallory', 'x-role': 'decision-maker' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ actor: 'aurel', role: 'auditor' });
  });

  it('refuses an auditor token on a secretariat-only endpoint with 403', async () => {
    const res = await call('POST', `/applications/${APP}/experts`, await bearer('auditor'), {});
    expect(res.status).toBe(403);
  });

  it('serves a public endpoint to an anonymous caller as role public', async () => {
    const res = await call('GET', '/schemes');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ actor: null, role: 'public' });
  });

  it('takes a partner API key as role partner, and refuses an unknown key with 401', async () => {
    const ok = await call('GET', '/schemes', { 'x-api-key': PARTNER_KEY });
    expect(await ok.json()).toEqual({ actor: 'partner:acme', role: 'partner' });
    const unknown = await call('GET', '/schemes', { 'x-api-key': 'guessed-key' });
    expect(unknown.status).toBe(401);
    const partnerOnHistory = await call('GET', `/applications/${APP}/history`, { 'x-api-key': PARTNER_KEY });
    expect(partnerOnHistory.status).toBe(403);
  });

  it('sends security headers and no framework banner', async () => {
    const res = await call('GET', '/schemes');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });
});
