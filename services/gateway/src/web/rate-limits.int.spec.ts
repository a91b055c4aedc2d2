import { INestApplication } from '@nestjs/common';
import { loadConfig, PlatformConfig } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';
import { issueLocalToken } from '../auth/issue-token';

const secret = { AUTH_JWT_SECRET: 'rate-limit-tests-secret-of-at-least-32-chars' };

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

/**
 * The rate limits over the whole gateway, on a real nats-server with no service behind it (the limits answer before any
 * service is asked): one count per client address for the API and the web pages together, and a strict one on refused
 * sign-ins to the secretariat's pages; a 429 with Retry-After, as an HTML page on the web pages.
 */
describe('rate limits per client over the API and the web pages', () => {
  let nats: RunningServer;
  const apps: INestApplication[] = [];

  const boot = async (env: Record<string, string>): Promise<{ base: string; config: PlatformConfig }> => {
    const port = await freePort();
    const config = loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '500', ...secret, ...testIdentityKeys, ...env });
    const app = await createGateway(config);
    await app.listen(port, '127.0.0.1');
    apps.push(app);
    return { base: `http://127.0.0.1:${port}`, config };
  };
  const send = async (url: string, init: RequestInit = {}): Promise<Answer> => {
    const res = await fetch(url, { redirect: 'manual', ...init });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    send(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });

  beforeAll(async () => {
    nats = await startNats();
  });
  afterAll(async () => {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await nats?.stop();
  });

  it('counts a client once over API routes and web pages (THROTTLE_LIMIT per client), then answers 429 with Retry-After: JSON on the API, a page on the web', async () => {
    const { base } = await boot({ THROTTLE_LIMIT: '6', THROTTLE_TTL_MS: '60000' });
    const answers = [
      await send(`${base}/health`),
      await send(`${base}/api/v1/schemes`),
      await send(`${base}/certificates/check?number=MIB-2026-000001`),
      await form(`${base}/certificates/check`, { credential: 'eyJ.x.y' }),
      await send(`${base}/exhibition?q=honey`),
      await send(`${base}/register`),
    ];
    expect(answers.map((a) => a.status)).not.toContain(429);
    expect(answers.map((a) => a.headers.get('x-ratelimit-remaining'))).toEqual(['5', '4', '3', '2', '1', '0']);

    const page = await send(`${base}/certificates/check?number=MIB-2026-000001`, { headers: { cookie: 'lang=en' } });
    expect(page.status).toBe(429);
    expect(Number(page.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    expect(page.text).toMatch(/<html lang="en">/);
    expect(page.text).toMatch(/Too many requests from your address: try again in \d+ seconds\./);
    for (const [url, init] of [
      [`${base}/exhibition?q=honey`, {}],
      [`${base}/certificates/check`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'credential=x' }],
      [`${base}/secretariat/sign-in`, {}],
    ] as const) {
      const refused = await send(url, init);
      expect([url, refused.status, refused.headers.get('content-type')]).toEqual([url, 429, expect.stringMatching(/^text\/html/)]);
    }
    const api = await send(`${base}/api/v1/schemes`);
    expect(api.status).toBe(429);
    expect(Number(api.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(JSON.parse(api.text)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('refuses sign-ins from an address after COMPLAINT_THROTTLE_LIMIT refused ones per window (a 429 page naming the wait, even for a good token); good sign-ins and posts from other sites do not count', async () => {
    const { base, config } = await boot({ THROTTLE_LIMIT: '1000', COMPLAINT_THROTTLE_LIMIT: '2', COMPLAINT_THROTTLE_TTL_MS: '60000' });
    const signIn = (token: string) => form(`${base}/secretariat/sign-in`, { token, back: '/secretariat' }, { origin: base, cookie: 'lang=en' });
    const good = await issueLocalToken(config, { role: 'secretariat', sub: 'sec-ana' });
    const forged = `${good.slice(0, -4)}AAAA`;

    for (let i = 0; i < 3; i++) expect((await signIn(good)).status).toBe(303);
    // Posts from another site are refused without counting (another site could otherwise lock the address out).
    for (let i = 0; i < 3; i++) expect((await form(`${base}/secretariat/sign-in`, { token: forged }, { origin: 'http://evil.example' })).status).toBe(403);
    expect((await signIn(forged)).status).toBe(401);
    expect((await signIn(forged)).status).toBe(401);
    const limited = await signIn(forged);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toMatch(/^text\/html/);
    expect(limited.text).toMatch(/Too many refused sign-ins from your address: try again in \d+ seconds\./);
    // Nothing more is tried from that address meanwhile, not even a good token (the answer tells nothing of it).
    const goodMeanwhile = await signIn(good);
    expect(goodMeanwhile.status).toBe(429);
    expect(goodMeanwhile.headers.get('set-cookie')).toBeNull();
    // The other pages and the API go on.
    expect((await send(`${base}/secretariat/sign-in`)).status).toBe(200);
  });
});
