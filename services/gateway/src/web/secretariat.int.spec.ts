import { INestApplication, INestMicroservice } from '@nestjs/common';
import { SignJWT } from 'jose';
import { connect } from 'nats';
import { createService, ensurePublicStream, loadConfig, PlatformConfig } from '@banat/messaging';
import { closeAll, freePort, startTestServers, testIdentityKeys } from '@banat/testing';
import { EventsModule } from '../../../events/src/events.module';
import { createGateway } from '../app';
import { issueLocalToken } from '../auth/issue-token';

const ORG = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8c';

/**
 * The secretariat's sign-in cookie on the web pages, against the real gateway and events service
 * (reporting module) on a real nats-server and FerretDB: the token is verified as the API does, the
 * cookie is HttpOnly and SameSite=Strict, refused tokens are named, and a POST from elsewhere is refused.
 */
describe('secretariat pages: sign-in cookie (real servers)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let config: PlatformConfig;
  let site: string;

  const request = async (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) => {
    const res = await fetch(`${site}${path}`, { redirect: 'manual', ...init, headers: { ...init.headers, cookie: ['lang=en', init.headers?.cookie].filter(Boolean).join('; ') } });
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  const signIn = (token: string, headers: Record<string, string> = { origin: site }) =>
    request('/secretariat/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams({ token, back: '/secretariat' }).toString() });
  const token = (role: 'secretariat' | 'auditor' | 'member', ttl = '1h') => issueLocalToken(config, { role, sub: `${role}-ana`, ...(role === 'member' ? { org: ORG } : {}), ttl });
  /** A token signed with the right key that expired a minute ago. */
  const expired = () =>
    new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'HS256' }).setSubject('sec-old').setIssuer(config.AUTH_ISSUER).setAudience(config.AUTH_AUDIENCE).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(config.AUTH_JWT_SECRET));
  const session = (setCookie: string | null) => /banat_secretariat=[^;]*/.exec(setCookie ?? '')?.[0];

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'secretariat-pages-secret-of-at-least-32-chars', ...testIdentityKeys });
    const nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    await nc.close();
    const events = await createService('events', (c) => EventsModule.forRoot(c), config);
    await events.listen();
    apps.push(events);
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    site = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  it('sends a visitor without a session to the sign-in page', async () => {
    const page = await request('/secretariat?from=2026-01-01');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe(`/secretariat/sign-in?back=${encodeURIComponent('/secretariat?from=2026-01-01')}`);
    const signInPage = await request('/secretariat/sign-in');
    expect(signInPage.status).toBe(200);
    expect(signInPage.html).toMatch(/<label for="token">API token<\/label>/);
  });

  it('signs the secretariat in with its API token: an HttpOnly, SameSite=Strict cookie for the secretariat pages, at most 30 minutes; the dashboard lists the indicators', async () => {
    const reply = await signIn(await token('secretariat'));
    expect(reply.status).toBe(303);
    expect(reply.headers.get('location')).toBe('/secretariat');
    const setCookie = reply.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/secretariat/);
    expect(setCookie).not.toMatch(/Secure/); // plain http here; over https the cookie is Secure
    expect(Number(/Max-Age=(\d+)/.exec(setCookie)?.[1])).toBeLessThanOrEqual(1800);
    const dashboard = await request('/secretariat?from=2026-01-01&to=2026-12-31', { headers: { cookie: session(setCookie)! } });
    expect(dashboard.status).toBe(200);
    // Without a period, this calendar year (where the targets are set).
    const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Bucharest', year: 'numeric' }).format(new Date());
    expect((await request('/secretariat', { headers: { cookie: session(setCookie)! } })).html).toMatch(new RegExp(`id="from" name="from" type="date" value="${year}-01-01"`));
    expect(dashboard.html).toContain('Signed in as secretariat-ana (secretariat)');
    expect(dashboard.html).toMatch(/<tr data-indicator="organisations-supported">[\s\S]*?<td class="n" data-value>0<\/td>\s*<td class="n" data-target>60<\/td>/); // the target set for 2026
    expect(dashboard.html).toContain('href="/secretariat/report?');
    // A period ending before it starts is shown beside its field.
    const bad = await request('/secretariat?from=2026-05-01&to=2026-04-01', { headers: { cookie: session(setCookie)! } });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="to"[^>]*aria-invalid="true" aria-describedby="to-error"/);
    expect(bad.html).toMatch(/<p class="error" id="to-error">[^<]*before/);
    // The printable report allows its own style by hash, and no script; the CSV comes as a download.
    const report = await fetch(`${site}/secretariat/report`, { headers: { cookie: session(setCookie)! } });
    expect(report.headers.get('content-security-policy')).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'; img-src 'self'; script-src 'none'/);
    expect(await report.text()).toContain('<h1>Programme indicators</h1>');
    const csv = await fetch(`${site}/secretariat/report.csv`, { headers: { cookie: session(setCookie)! } });
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="indicators.csv"/);
    expect((await csv.text()).split('\n')[0]).toBe('indicator,name,unit,from,to,asOf,breakdown,group,value,target,records');
  });

  it('refuses an expired token, naming why, at sign-in and from a cookie it had set', async () => {
    const reply = await signIn(await expired());
    expect(reply.status).toBe(401);
    expect(reply.headers.get('set-cookie')).toBeNull();
    expect(reply.html).toMatch(/<p class="error" id="token-error">The token was refused: the token has expired<\/p>/);
    const fromCookie = await request('/secretariat', { headers: { cookie: `banat_secretariat=${await expired()}` } });
    expect(fromCookie.status).toBe(401);
    expect(fromCookie.html).toContain('the token has expired');
    expect(fromCookie.headers.get('set-cookie')).toMatch(/banat_secretariat=;.*Expires=Thu, 01 Jan 1970/);
  });

  it("refuses a member's token with the role named, and a forged one", async () => {
    const reply = await signIn(await token('member'));
    expect(reply.status).toBe(403);
    expect(reply.headers.get('set-cookie')).toBeNull();
    expect(reply.html).toContain('The role &#39;member&#39; may not open the secretariat&#39;s pages (allowed: secretariat, auditor).');
    const fromCookie = await request('/secretariat', { headers: { cookie: `banat_secretariat=${await token('member')}` } });
    expect(fromCookie.status).toBe(403);
    const forged = await signIn(`${(await token('secretariat')).slice(0, -4)}AAAA`);
    expect(forged.status).toBe(401);
    expect(forged.html).toContain('The token was refused: the token is not valid');
  });

  it('signs out, clearing the cookie; takes no POST that does not come from this site', async () => {
    const auditor = session((await signIn(await token('auditor'))).headers.get('set-cookie'))!;
    expect((await request('/secretariat', { headers: { cookie: auditor } })).status).toBe(200);

    // Another site's form (or a client sending no Origin) can neither sign in nor sign out.
    const elsewhere = await signIn(await token('secretariat'), { origin: 'http://evil.example' });
    expect([elsewhere.status, elsewhere.headers.get('set-cookie')]).toEqual([403, null]);
    expect(elsewhere.html).toContain('This form was not sent from this site, so it was refused.');
    expect((await signIn(await token('secretariat'), {})).status).toBe(403);
    expect((await signIn(await token('secretariat'), { origin: 'null', 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    // A browser sends Origin: null under Referrer-Policy: no-referrer; its Sec-Fetch-Site then says where the form came from.
    expect((await signIn(await token('secretariat'), { origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(303);
    const crossSignOut = await request('/secretariat/sign-out', { method: 'POST', headers: { cookie: auditor, origin: 'http://evil.example' } });
    expect([crossSignOut.status, crossSignOut.headers.get('set-cookie')]).toEqual([403, null]);

    const signOut = await request('/secretariat/sign-out', { method: 'POST', headers: { cookie: auditor, origin: site } });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.get('set-cookie')).toMatch(/banat_secretariat=;.*Path=\/secretariat;.*Expires=Thu, 01 Jan 1970.*HttpOnly.*SameSite=Strict/);
    expect(signOut.html).toContain('You are signed out.');
  });
});
