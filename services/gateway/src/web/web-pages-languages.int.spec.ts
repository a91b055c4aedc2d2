import { generateKeyPairSync } from 'node:crypto';
import { INestApplication, INestMicroservice } from '@nestjs/common';
import { SignJWT } from 'jose';
import { PAGE_LANGUAGES, PageLanguage } from '@banat/contracts';
import { createService, ensurePublicStream, PlatformConfig } from '@banat/messaging';
import { eventually, freePort } from '@banat/testing';
import { ExpiryScheduler } from '../../../certification/src/application/expiry-scheduler';
import { registerOrganisation, reviewedFile } from '../../../certification/test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../../../certification/test/certification-test-platform';
import { EventsModule } from '../../../events/src/events.module';
import INDICATORS from '../../../events/src/reporting/indicators.json';
import { ExhibitionModule } from '../../../exhibition/src/exhibition.module';
import { createGateway } from '../app';
import { issueLocalToken } from '../auth/issue-token';
import { MESSAGES } from './messages';
import { SECRETARIAT_MESSAGES } from './secretariat-messages';

type Page = { status: number; html: string };
type Rendered = { name: string; lang: PageLanguage; page: Page };

const strings = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(strings) : []);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The phrase as a whole word (or words) of the text, case as written. */
const containsPhrase = (text: string, phrase: string) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(phrase)}(?![\\p{L}\\p{N}])`, 'u').test(text);
/** The parts of a catalogue text around its {placeholders}, without the punctuation at their ends. */
const fragments = (text: string) => text.split(/\{\w+\}/).map((part) => part.replace(/^[\s“”„"'’(),.:;·–-]+|[\s“”„"'’(),.:;·–-]+$/gu, '')).filter((part) => /[A-Za-z]{3,}/.test(part));

/** Every English text of the pages' catalogues, in parts a page could show; not the name of the language itself (the switcher shows each in its own). */
const ENGLISH = [...new Set([...strings({ ...MESSAGES.en, languageName: '' }), ...strings(SECRETARIAT_MESSAGES.en)].flatMap(fragments))];
/** English the services word their answers in (refusals, verification reasons, token errors): never on a page in another language. */
const SERVICE_ENGLISH = ['must be', 'must contain', 'should not', 'is not', 'not found', 'not valid', 'the token', 'claim', 'expired at', 'issued by', 'status list', 'does not match', 'compact JWS', 'regular expression', 'no such', 'one of the following'];
/** The programme's indicator configuration is kept in English (names, definitions, units): shown as such, marked lang="en". */
const CONFIGURED = [INDICATORS.programme, ...INDICATORS.indicators.flatMap((i) => [i.name, i.definition, i.unit])].sort((a, b) => b.length - a.length);

const decode = (html: string) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n))).replace(/&amp;/g, '&');
/** What a reader sees or hears of a page: its text and the texts of alt, title, aria-label and placeholder attributes. */
function readable(html: string): string {
  const attributes = [...html.matchAll(/\s(?:alt|title|aria-label|placeholder)="([^"]*)"/g)].map((m) => m[1]);
  const text = html.replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ').replace(/<[^>]+>/g, ' ');
  let all = decode(`${text} ${attributes.join(' ')}`).replace(/\s+/g, ' ');
  for (const configured of CONFIGURED) all = all.split(configured).join(' ');
  // Codes a reader types as they are (parameter names and values) are quoted as codes: „brandHolder”, “RO”.
  return all.replace(/[„“]([\x21-\x7e]+?)[”“]/g, ' ');
}

/** The English a page in another language shows: catalogue texts its own catalogue does not share (names, codes), and the services' words. */
function englishOn(lang: PageLanguage, html: string): string[] {
  const own = [...strings(MESSAGES[lang]), ...strings(SECRETARIAT_MESSAGES[lang])].join('\n');
  const text = readable(html);
  return [...ENGLISH.filter((phrase) => !containsPhrase(own, phrase) && containsPhrase(text, phrase)), ...SERVICE_ENGLISH.filter((phrase) => text.includes(phrase))];
}

/**
 * Every public and secretariat page, in every state a reader meets (results and none, not found, refused
 * parameters, every certificate status, credential checks passed and failed, rate limits, a service down),
 * rendered in each language by the gateway over the real services on real nats-server and FerretDB: a page
 * in Romanian, Serbian or Hungarian shows no English of the catalogues or of the services (names and codes aside).
 */
describe('web pages in every language: no English on a page in another language', () => {
  let p: CertificationPlatform;
  let exhibition: INestMicroservice;
  const gateways: INestApplication[] = [];
  let site: string;
  let tight: string;
  const rendered: Rendered[] = [];
  const numbers: Record<'active' | 'suspended' | 'withdrawn' | 'expired', string> = { active: '', suspended: '', withdrawn: '', expired: '' };
  const credentials: Record<'active' | 'suspended', string> = { active: '', suspended: '' };
  let booth = '';
  let product = '';

  const request = async (base: string, name: string, lang: PageLanguage, path: string, init: { method?: string; form?: Record<string, string>; cookie?: string; headers?: Record<string, string> } = {}): Promise<Page> => {
    const res = await fetch(`${base}${path}`, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      redirect: 'manual',
      headers: { cookie: [`lang=${lang}`, init.cookie].filter(Boolean).join('; '), ...(init.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...init.headers },
      ...(init.form ? { body: new URLSearchParams(init.form).toString() } : {}),
    });
    const page = { status: res.status, html: await res.text() };
    rendered.push({ name, lang, page });
    return page;
  };
  const get = (name: string, lang: PageLanguage, path: string, init: Parameters<typeof request>[4] = {}) => request(site, name, lang, path, init);
  const dm = () => p.as('dm-milan', 'decision-maker');
  const grant = async (at: string) => {
    p.clock.now = at;
    const org = await registerOrganisation(p, 'RO');
    const id = await reviewedFile(p, org);
    const granted = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['toate pragurile atinse'] }, dm());
    if (granted.status !== 200) throw new Error(`grant refused: ${JSON.stringify(granted.body)}`);
    return { org, number: granted.body.certificateNumber as string };
  };
  const token = (role: 'secretariat' | 'member', ttl = '1h') => issueLocalToken(p.config, { sub: `${role}-ana`, role, ...(role === 'member' ? { org: booth } : {}), ttl });
  const session = (jwt: string) => `banat_secretariat=${encodeURIComponent(jwt)}`;

  beforeAll(async () => {
    const key = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    p = await startCertificationPlatform({ env: { CREDENTIAL_SIGNING_KEY: key, THROTTLE_LIMIT: '100000', COMPLAINT_THROTTLE_LIMIT: String(PAGE_LANGUAGES.length) } });
    site = p.origin;
    await ensurePublicStream(p.nc);
    exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), p.config);
    await exhibition.listen();
    await p.start(await createService('events', (c) => EventsModule.forRoot(c), p.config));
    // A gateway on the same services whose every page is over its limit after the first.
    const port = await freePort();
    const limited = await createGateway({ ...p.config, THROTTLE_LIMIT: 1 } as PlatformConfig);
    await limited.listen(port, '127.0.0.1');
    gateways.push(limited);
    tight = `http://127.0.0.1:${port}`;

    // A certificate granted in 2023, expired since; three granted in 2026: one valid, one suspended, one withdrawn.
    numbers.expired = (await grant('2023-01-10T09:00:00.000Z')).number;
    const status = (number: string) => async () => (await p.get(`/certificates/${number}`)).body?.status as string | undefined;
    await eventually(status(numbers.expired));
    p.clock.now = '2026-06-01T09:00:00.000Z';
    await p.certification.get(ExpiryScheduler).runOnce();
    await eventually(async () => ((await status(numbers.expired)()) === 'expired' ? true : undefined));
    const active = await grant('2026-06-01T09:00:00.000Z');
    numbers.active = active.number;
    booth = active.org;
    numbers.suspended = (await grant('2026-06-01T10:00:00.000Z')).number;
    numbers.withdrawn = (await grant('2026-06-01T11:00:00.000Z')).number;
    expect((await p.post(`/certificates/${numbers.suspended}/suspension`, { reason: 'materii prime cumpărate din afara regiunii' }, dm())).status).toBe(200);
    expect((await p.post(`/certificates/${numbers.withdrawn}/withdrawal`, { reason: 'marca folosită pe produse necertificate' }, dm())).status).toBe(200);
    const member = p.as('mila', 'member', booth);
    await eventually(async () => ((await p.get(`/exhibition/booths/${booth}`)).body?.brandMark?.shown ? true : undefined), 100, 100);
    const created = await p.post(`/exhibition/booths/${booth}/products`, { name: { ro: 'Țuică de prune', 'sr-Latn': 'Šljivovica', 'sr-Cyrl': 'Шљивовица', hu: 'Szilvapálinka', en: 'Plum brandy' }, niceClasses: [33] }, member);
    expect(created.status).toBe(201);
    product = created.body.id;
    for (const which of ['active', 'suspended'] as const) {
      credentials[which] = await eventually(async () => {
        const res = await p.get(`/certificates/${numbers[which]}/credential`);
        return res.status === 200 ? (res.body.credential as string) : undefined;
      });
    }
    await eventually(async () => ((await status(numbers.withdrawn)()) === 'withdrawn' ? true : undefined));
    await eventually(async () => ((await p.post('/credentials/verify', { credential: credentials.suspended })).body?.status === 'suspended' ? true : undefined));
  }, 180_000);

  afterAll(async () => {
    for (const gateway of gateways) await gateway.close();
    await exhibition?.close().catch(() => undefined);
    await p?.stop();
  });

  it('renders every public page and state in each language', async () => {
    for (const lang of PAGE_LANGUAGES) {
      expect((await get('home', lang, '/')).html).toContain(MESSAGES[lang].noThemes);
      const results = await get('exhibition', lang, '/exhibition?brandHolder=true');
      expect(results.html).toContain(`/exhibition/products/${product}`);
      expect((await get('exhibition: none found', lang, `/exhibition?q=${encodeURIComponent('qqqqzz')}`)).html).toContain(MESSAGES[lang].noResults);
      expect((await get('exhibition: refused', lang, '/exhibition?brandHolder=maybe&page=0&niceClass=0x1e&country=DE&region=nowhere&q=---&theme=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a')).status).toBe(400);
      expect((await get('booth', lang, `/exhibition/booths/${booth}`)).status).toBe(200);
      expect((await get('product', lang, `/exhibition/products/${product}`)).status).toBe(200);
      expect((await get('booth: not found', lang, '/exhibition/booths/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a')).status).toBe(404);
      expect((await get('product: not found', lang, '/exhibition/products/not-a-uuid')).status).toBe(404);
      expect((await get('language: not found', lang, '/lang/de')).status).toBe(404);
      expect((await get('contact', lang, `/exhibition/booths/${booth}/contact`)).status).toBe(200);
      expect((await get('contact: refused', lang, `/exhibition/booths/${booth}/contact`, { form: { name: '', email: 'eva@', message: 'x'.repeat(2001) } })).status).toBe(400);
      expect((await get('contact: sent', lang, `/exhibition/booths/${booth}/contact`, { form: { name: 'Eva', email: 'eva@example.hu', message: 'Preț pentru 100 de sticle?' } })).status).toBe(201);
      expect((await get('register', lang, '/register')).html).toContain(numbers.expired);
      expect((await get('register: none found', lang, '/register?certificateNumber=zzz')).html).toMatch(/id="certificateNumber" name="certificateNumber" value="ZZZ"/);
      expect((await get('register: refused', lang, '/register?status=revoked&holderCountry=DE&page=x')).status).toBe(400);
      expect((await get('check', lang, '/certificates/check')).status).toBe(200);
      for (const [status, number] of Object.entries(numbers)) {
        expect((await get(`check: ${status}`, lang, `/certificates/check?number=${number.toLowerCase()}`)).html).toContain(`data-certificate-status="${status}"`);
      }
      expect((await get('check: not found', lang, '/certificates/check?number=MIB-2099-999999')).status).toBe(404);
      expect((await get('check: refused number', lang, '/certificates/check?number=12')).status).toBe(400);
      expect((await get('check: no credential', lang, '/certificates/check', { form: { credential: '' } })).status).toBe(400);
      expect((await get('check: not a credential', lang, '/certificates/check', { form: { credential: 'not-a-jwt' } })).html).toContain('data-verified="false"');
      expect((await get('check: valid credential', lang, '/certificates/check', { form: { credential: credentials.active } })).html).toContain('data-verified="true"');
      expect((await get('check: suspended credential', lang, '/certificates/check', { form: { credential: credentials.suspended } })).html).toContain('data-verified="false"');
      const [h, payload, signature] = credentials.active.split('.');
      const altered = Buffer.from(payload!, 'base64url');
      altered[altered.indexOf('Banat')] ^= 0x01;
      expect((await get('check: altered credential', lang, '/certificates/check', { form: { credential: `${h}.${altered.toString('base64url')}.${signature}` } })).html).toContain('data-verified="false"');
    }
    // Past the term of the credentials: their validity check fails.
    p.clock.now = '2029-07-01T09:00:00.000Z';
    try {
      for (const lang of PAGE_LANGUAGES) expect((await get('check: expired credential', lang, '/certificates/check', { form: { credential: credentials.active } })).html).toContain('data-verified="false"');
    } finally {
      p.clock.now = '2026-06-01T12:00:00.000Z';
    }
    // Past the limits: the contact form (one message per language was sent above) and every page.
    for (const lang of PAGE_LANGUAGES) expect((await get('contact: rate limited', lang, `/exhibition/booths/${booth}/contact`, { form: { name: 'Eva', email: 'eva@example.hu', message: 'Încă o dată?' } })).status).toBe(429);
    await request(tight, 'first page', 'en', '/');
    for (const lang of PAGE_LANGUAGES) expect((await request(tight, 'too many requests', lang, '/')).status).toBe(429);
  });

  it("renders the secretariat's pages in each language, signed in and refused", async () => {
    const secretariat = session(await token('secretariat'));
    const expired = session(await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'HS256' }).setSubject('sec-old').setIssuer(p.config.AUTH_ISSUER).setAudience(p.config.AUTH_AUDIENCE).setIssuedAt(Math.floor(Date.now() / 1000) - 3600).setExpirationTime(Math.floor(Date.now() / 1000) - 60).sign(new TextEncoder().encode(p.config.AUTH_JWT_SECRET)));
    const otherAudience = session(await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'HS256' }).setSubject('sec-x').setIssuer(p.config.AUTH_ISSUER).setAudience('someone-else').setExpirationTime('1h').sign(new TextEncoder().encode(p.config.AUTH_JWT_SECRET)));
    const member = session(await token('member'));
    const period = 'from=2026-01-01&to=2026-12-31';
    await eventually(async () => {
      const res = await fetch(`${site}/secretariat/indicators/brand-applications/records?${period}`, { headers: { cookie: `lang=en; ${secretariat}` } });
      return (await res.text()).includes('data-event-id') ? true : undefined;
    }, 100, 200);
    for (const lang of PAGE_LANGUAGES) {
      expect((await get('sign-in', lang, '/secretariat/sign-in')).status).toBe(200);
      expect((await get('sign-in: not from this site', lang, '/secretariat/sign-in', { form: { token: 'x' } })).status).toBe(403);
      expect((await get('sign-in: not a JWT', lang, '/secretariat/sign-in', { form: { token: 'not a token' }, headers: { origin: site } })).status).toBe(401);
      expect((await get('session: expired', lang, '/secretariat', { cookie: expired })).status).toBe(401);
      expect((await get('session: another audience', lang, '/secretariat', { cookie: otherAudience })).status).toBe(401);
      expect((await get('session: a member', lang, '/secretariat', { cookie: member })).status).toBe(403);
      expect((await get('signed out', lang, '/secretariat/sign-out', { form: {}, headers: { origin: site } })).status).toBe(200);
      expect((await get('dashboard', lang, `/secretariat?${period}`, { cookie: secretariat })).html).toContain('data-indicator="brand-applications"');
      expect((await get('dashboard: refused period', lang, '/secretariat?from=2026-02-30&to=2026-01-01&asOf=tomorrow', { cookie: secretariat })).status).toBe(400);
      expect((await get('dashboard: period backwards', lang, '/secretariat?from=2026-12-01&to=2026-01-01', { cookie: secretariat })).status).toBe(400);
      expect((await get('indicator', lang, `/secretariat/indicators/brand-applications?${period}&breakdown=country&breakdown=region`, { cookie: secretariat })).html).toContain('data-figure="brand-applications"');
      expect((await get('indicator: refused breakdown', lang, `/secretariat/indicators/brand-applications?${period}&breakdown=gender`, { cookie: secretariat })).status).toBe(400);
      expect((await get('indicator: not found', lang, '/secretariat/indicators/no-such-indicator', { cookie: secretariat })).status).toBe(404);
      expect((await get('records', lang, `/secretariat/indicators/brand-applications/records?${period}`, { cookie: secretariat })).html).toContain('data-event-id');
      expect((await get('records: none', lang, `/secretariat/indicators/brand-applications/records?${period}&country=HU`, { cookie: secretariat })).html).toContain(SECRETARIAT_MESSAGES[lang].noRecords);
      expect((await get('records: refused', lang, `/secretariat/indicators/brand-applications/records?${period}&gender=female&page=0`, { cookie: secretariat })).status).toBe(400);
      expect((await get('report: refused period', lang, '/secretariat/report?from=2026-13-01', { cookie: secretariat })).status).toBe(400);
    }
    // Refused sign-ins past the limit (one per language above): a wait, in each language.
    for (const lang of PAGE_LANGUAGES) expect((await get('sign-in: too many refused', lang, '/secretariat/sign-in', { form: { token: 'not a token' }, headers: { origin: site } })).status).toBe(429);
  });

  it('renders the page of a service that does not answer in each language', async () => {
    await exhibition.close();
    for (const lang of PAGE_LANGUAGES) expect((await get('service down', lang, '/')).status).toBe(503);
  });

  it('shows no English of the catalogues or the services on a page in Romanian, Serbian or Hungarian', () => {
    // Checked once every page above was rendered (a state that failed above still leaves its pages to check).
    expect(rendered.length).toBeGreaterThan(200);
    const leaks = rendered.filter((r) => r.lang !== 'en').flatMap((r) => englishOn(r.lang, r.page.html).map((phrase) => `${r.lang} ${r.name} (${r.page.status}): “${phrase}”`));
    expect(leaks).toEqual([]);
  });
});
