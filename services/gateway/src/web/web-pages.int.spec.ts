import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificationEventName, CertificationEvents, OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { httpRequests } from '@banat/metrics';
import { createService, ensurePublicStream, loadConfig, PlatformConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpPost, startTestServers, testIdentityKeys, organisationView } from '@banat/testing';
import { ExhibitionModule } from '../../../exhibition/src/exhibition.module';
import { createGateway } from '../app';
import { issueLocalToken } from '../auth/issue-token';
import { MESSAGES } from './messages';

const HONEY = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b';
const CERT = 'MIB-2026-000201';
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(32, 1)]);

const honey: OrganisationView = organisationView({
  id: HONEY,
  name: { 'sr-Cyrl': 'Медара <Банат>', en: 'Banat Apiary' },
  country: 'RS',
  region: 'RS-VO',
  legalId: { kind: 'RS-PIB', value: '100000024' },
});

interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** The public web pages served by the gateway, reading the exhibition service fed by real events (real NATS + FerretDB). */
describe('public web pages (server-rendered, no client script)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let nc: NatsConnection;
  let site: string;
  let certification: PublicEventPublisher;
  let productId: string;
  let imageId: string;
  let config: PlatformConfig;

  const get = async (path: string, headers: Record<string, string> = {}): Promise<Page> => {
    const res = await fetch(`${site}${path}`, { headers, redirect: 'manual' });
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  const postForm = async (path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Page> => {
    const res = await fetch(`${site}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
    return { status: res.status, headers: res.headers, html: await res.text() };
  };
  const certificate = (kind: CertificationEventName, revision: number) =>
    certification.publish({
      id: `certificate-${CERT}-${revision}`,
      subject: CertificationEvents[kind].subject,
      type: CertificationEvents[kind].type,
      about: CERT,
      data: { certificateNumber: CERT, holderOrganisationId: HONEY, holderCountry: 'RS', holderRegion: 'RS-VO', schemeId: 'made-in-banat', schemeVersion: 1, products: [], validFrom: '2026-01-05', validUntil: '2099-01-04', at: '2026-01-05T09:00:00.000Z' },
    });

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', COMPLAINT_THROTTLE_LIMIT: '2', AUTH_JWT_SECRET: 'web-pages-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    const exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    await exhibition.listen();
    apps.push(exhibition);
    const gateway = await createGateway(config);
    // A client address other than this machine's, for the tests of limits per address (x-test-client-address; express reads req.ip).
    gateway.getHttpAdapter().getInstance().addHook('onRequest', (request: { headers: Record<string, unknown>; raw: object }, _reply: unknown, done: () => void) => {
      const address = request.headers['x-test-client-address'];
      if (typeof address === 'string') Object.defineProperty(request.raw, 'ip', { value: address });
      done();
    });
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    site = `http://127.0.0.1:${port}`;
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    await new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE).publish({ id: `organisation-${HONEY}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: HONEY, data: honey });
    certification = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
    await certificate('granted', 0);
    const member = { authorization: `Bearer ${await issueLocalToken(config, { sub: 'mila', role: 'member', org: HONEY, ttl: '1h' })}` };
    const api = `${site}/api/v1/exhibition`;
    await eventually(async () => ((await fetch(`${api}/booths/${HONEY}`)).status === 200 ? true : undefined));
    imageId = (await httpPost(`${api}/booths/${HONEY}/images`, { data: png.toString('base64') }, member)).body.id;
    productId = (await httpPost(`${api}/booths/${HONEY}/products`, { name: { 'sr-Cyrl': 'Багремов мед', en: 'Acacia honey <script>alert(1)</script>' }, niceClasses: [30], imageIds: [imageId] }, member)).body.id;
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  it('renders the home page in the negotiated language, with a CSP that allows no script', async () => {
    const page = await get('/', { 'accept-language': 'hu-HU,hu;q=0.9' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.html).toMatch(/<html lang="hu">/);
    expect(page.html).toContain('A Bánság regionális márkája');
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    expect(page.html).not.toMatch(/<script/i);
  });

  it('finds a product by a word of its name in another script, escaping what exhibitors wrote', async () => {
    const page = await get(`/exhibition?q=${encodeURIComponent('bagremov')}`, { cookie: 'lang=en' });
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/exhibition/products/${productId}"`);
    expect(page.html).toContain('Acacia honey &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.html).not.toContain('<script>alert(1)');
  });

  it('shows a refused filter next to its field', async () => {
    const page = await get('/exhibition?region=nowhere', { cookie: 'lang=en' });
    expect(page.status).toBe(400);
    expect(page.html).toMatch(/id="region"[^>]*aria-invalid="true" aria-describedby="region-error"/);
    expect(page.html).toContain('<p class="error" id="region-error">The parameter “region” must be written like RO-TM.</p>');
  });

  it('reads the exhibition\'s filters strictly: brandHolder=maybe and the like are a 400 page in the reader\'s language naming the parameter', async () => {
    const maybe = await get('/exhibition?brandHolder=maybe', { cookie: 'lang=ro' });
    expect(maybe.status).toBe(400);
    expect(maybe.html).toMatch(/<html lang="ro">/);
    expect(maybe.html).toMatch(/id="brandHolder"[^>]*type="checkbox" value="true" aria-invalid="true" aria-describedby="brandHolder-error"/);
    expect(maybe.html).toContain('<p class="error" id="brandHolder-error">Parametrul „brandHolder” trebuie să fie true sau false.</p>');
    expect(maybe.html).not.toContain('id="products-heading"');
    expect((await get('/exhibition?brandHolder=maybe', { 'accept-language': 'hu' })).html).toContain('A(z) „brandHolder” paraméter értéke csak true vagy false lehet.');

    // What the page's own checkbox sends, and false (the box left empty): every exhibitor.
    const only = await get('/exhibition?brandHolder=true', { cookie: 'lang=en' });
    expect(only.status).toBe(200);
    expect(only.html).toMatch(/id="brandHolder"[^>]*value="true" checked>/);
    const all = await get('/exhibition?brandHolder=false', { cookie: 'lang=en' });
    expect(all.status).toBe(200);
    expect(all.html).toMatch(/id="brandHolder"[^>]*value="true">/);

    const refused = async (query: string, message: string) => {
      const page = await get(`/exhibition?${query}`, { cookie: 'lang=en' });
      expect([query, page.status]).toEqual([query, 400]);
      expect(page.html).toContain(message);
    };
    await refused('brandHolder=1', 'The parameter “brandHolder” must be true or false.');
    await refused('brandHolder=true&brandHolder=false', 'The parameter “brandHolder” may be given only once.');
    await refused('page=0', 'The parameter “page” must be a whole number from 1 to 10000.');
    await refused('page=2abc', 'The parameter “page” must be a whole number from 1 to 10000.');
    await refused('niceClass=0x1e', 'The parameter “niceClass” must be a whole number from 1 to 45.');
    await refused('niceClass=46', 'The parameter “niceClass” must be a whole number from 1 to 45.');
    await refused('country=DE', 'The parameter “country” must be one of: “RO”, “RS”, “HU”.');
    await refused('q=---', 'The parameter “q” must contain at least one letter or digit.');
    await refused('theme=9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a', 'The parameter “theme” does not name a themed exhibition open now.');
  });

  it('reads the register\'s and the certificate check\'s parameters strictly too', async () => {
    const status = await get('/register?status=revoked', { cookie: 'lang=sr-Latn' });
    expect(status.status).toBe(400);
    expect(status.html).toContain('<p class="error" id="status-error">Parametar „status“ mora biti jedno od: „active“, „suspended“, „withdrawn“, „expired“.</p>');
    const page = await get('/register?page=-1', { cookie: 'lang=en' });
    expect(page.status).toBe(400);
    expect(page.html).toContain('The parameter “page” must be a whole number from 1 to 10000.');
    const check = await get('/certificates/check?number=123', { cookie: 'lang=sr-Cyrl' });
    expect(check.status).toBe(400);
    expect(check.html).toContain('<p class="error" id="number-error">Параметар „number“ мора бити написан као MIB-2026-000123.</p>');
  });

  it('remembers the language chosen in a cookie, and marks texts with the language they are in', async () => {
    const switched = await get(`/lang/sr-Latn?back=${encodeURIComponent(`/exhibition/products/${productId}`)}`);
    expect(switched.status).toBe(303);
    expect(switched.headers.get('location')).toBe(`/exhibition/products/${productId}`);
    const cookie = switched.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^lang=sr-Latn;.*HttpOnly/);
    const page = await get(`/exhibition/products/${productId}`, { cookie: cookie.split(';')[0]! });
    expect(page.html).toMatch(/<html lang="sr-Latn">/);
    // Only the Cyrillic name exists in Serbian: transliterated for a Latin reader.
    expect(page.html).toContain('<span lang="sr-Latn">Bagremov med</span>');
    expect((await get('/lang/de')).status).toBe(404);
    expect((await get('/lang/en?back=//evil.example')).headers.get('location')).toBe('/');
  });

  it('serves images with their hash as ETag, cached for minutes (moderation may hide them), and 304 when unchanged', async () => {
    const image = await fetch(`${site}/images/${imageId}`);
    expect(image.headers.get('content-type')).toBe('image/png');
    expect(image.headers.get('cache-control')).toBe('public, max-age=300');
    expect(Buffer.from(await image.arrayBuffer())).toEqual(png);
    const again = await fetch(`${site}/images/${imageId}`, { headers: { 'if-none-match': image.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('takes the brand mark off the booth page within moments of a suspension event, and back on restoration', async () => {
    const mark = async () => /data-brand-mark="(shown|not-shown)"/.exec((await get(`/exhibition/booths/${HONEY}`, { cookie: 'lang=en' })).html)?.[1];
    expect(await mark()).toBe('shown');
    await certificate('suspended', 1);
    await eventually(async () => ((await mark()) === 'not-shown' ? true : undefined), 50, 100);
    await certificate('restored', 2);
    await eventually(async () => ((await mark()) === 'shown' ? true : undefined), 50, 100);
  });

  it('refuses a bad e-mail beside the field, then takes the message, then refuses over the rate limit by name', async () => {
    const bad = await postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@', message: 'Price for 100 jars?' }, { cookie: 'lang=en' });
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/id="email"[^>]*value="eva@" aria-invalid="true" aria-describedby="email-error"/);
    expect(bad.html).toContain('<p class="error" id="email-error">Enter an e-mail address like name@example.com.</p>');
    expect(bad.html).toContain('Price for 100 jars?');

    const sent = await postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@example.hu', message: 'Price for 100 jars?' }, { cookie: 'lang=en' });
    expect(sent.status).toBe(201);
    expect(sent.html).toMatch(/Your message was received\. Reference: [0-9a-f-]{36}/);
    await postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@example.hu', message: 'And 200?' });
    const limited = await postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@example.hu', message: 'And 300?' }, { cookie: 'lang=en' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.html).toMatch(/<p class="error" role="alert" id="form-error">Too many messages from your address: try again in \d+ seconds\.<\/p>/);
  });

  it('counts the contact form per IPv6 /64, as every other limit: another address of the same /64 is refused too', async () => {
    const from = (address: string, message: string) => postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@example.hu', message }, { 'x-test-client-address': address });
    expect((await from('2001:db8:7:1::a', 'One')).status).toBe(201);
    expect((await from('2001:db8:7:1::b', 'Two')).status).toBe(201);
    // (Keyed by the bare address, each of the /64's 2^64 addresses had COMPLAINT_THROTTLE_LIMIT messages of its own.)
    expect((await from('2001:db8:7:1:ffff::c', 'Three')).status).toBe(429);
    expect((await from('2001:db8:7:2::a', 'Another network')).status).toBe(201);
  });

  it('limits contact requests through the API as public submissions too, naming the limit', async () => {
    const url = `${site}/api/v1/exhibition/booths/${HONEY}/contact-requests`;
    const body = { name: 'Eva Buyer', email: 'eva@example.hu', message: 'Samples?' };
    const answers = [];
    for (let i = 0; i < 3; i++) answers.push(await httpPost(url, { ...body, message: `Samples? ${i}` }));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 429]);
    expect(answers[2]!.body).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('at most 2') });
    expect(answers[2]!.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('answers a form longer than its limit, or in an encoding it cannot read, with a page in the reader\'s language (413, 415), not the API\'s JSON', async () => {
    const long = await postForm(`/exhibition/booths/${HONEY}/contact`, { name: 'Eva Buyer', email: 'eva@example.hu', message: 'x'.repeat(17 * 1024) }, { cookie: 'lang=ro' });
    expect(long.status).toBe(413);
    expect(long.headers.get('content-type')).toMatch(/^text\/html/);
    expect(long.html).toContain('Prea lung pentru a fi trimis');
    expect(long.html).not.toContain('VALIDATION_FAILED');
    const check = await postForm('/certificates/check', { number: 'x'.repeat(129 * 1024) }, { cookie: 'lang=hu' });
    expect(check.status).toBe(413);
    expect(check.html).toContain('Túl hosszú a küldéshez');
    const encoded = await postForm('/certificates/check', { number: 'MIB-2026-000001' }, { cookie: 'lang=en', 'content-encoding': 'compress-of-our-own' });
    expect(encoded.status).toBe(415);
    expect(encoded.headers.get('content-type')).toMatch(/^text\/html/);
    expect(encoded.html).toContain('The form could not be read');
    // The API keeps its JSON for a body too large.
    const api = await fetch(`${site}/api/v1/organisations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(api.status).toBe(413);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('answers an unknown booth or product with a 404 page', async () => {
    expect((await get('/exhibition/booths/9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a')).status).toBe(404);
    expect((await get('/exhibition/products/not-a-uuid')).status).toBe(404);
  });

  it('answers a path no page has (a mistyped /registers) with the site\'s own 404 page in the reader\'s language; under /api/, and to a client asking for JSON, the API\'s JSON 404', async () => {
    const browser = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };
    const unmatched = async () => (await httpRequests.get()).values.find((v) => v.labels.method === 'GET' && v.labels.route === 'unmatched' && v.labels.status === '404')?.value ?? 0;
    const before = await unmatched();
    const page = await get('/registers', { ...browser, 'accept-language': 'hu-HU,hu;q=0.9', 'x-correlation-id': 'unknown-page-1' });
    expect(page.status).toBe(404);
    // Counted as a request no route matched (never by its raw path).
    await eventually(async () => ((await unmatched()) === before + 1 ? true : undefined), 20, 50);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.html).toMatch(/<html lang="hu">/);
    expect(page.html).toContain(`<h1>${MESSAGES.hu.notFoundTitle}</h1>`);
    expect(page.html).toContain(`<p><a href="/">${MESSAGES.hu.navHome}</a></p>`);
    expect(page.html).not.toContain('Cannot GET');
    // The pages' headers: their Content-Security-Policy, helmet's, the correlation id, not cached, varying with what chose the answer.
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'none'/);
    expect(page.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-correlation-id')).toBe('unknown-page-1');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('vary')).toMatch(/Cookie.*Accept-Language.*Accept/);
    // The cookie's language before the browser's; any depth, case, query, escaped characters; a client sending */* or no Accept; HEAD.
    expect((await get('/Registers/2026/?page=2', { ...browser, cookie: 'lang=sr-Cyrl', 'accept-language': 'hu' })).html).toContain(`<html lang="sr-Cyrl">`);
    for (const [path, headers] of [['/registers', {}], ['/registers', { accept: '*/*' }], ['/caf%C3%A9%20menu', { cookie: 'lang=en' }], ['/apiary', {}]] as const) {
      const other = await get(path, headers);
      expect([path, other.status, other.headers.get('content-type')]).toEqual([path, 404, expect.stringMatching(/^text\/html/)]);
      expect(other.html).toContain('<a href="/">');
    }
    const head = await fetch(`${site}/registers`, { method: 'HEAD', headers: { cookie: 'lang=en' } });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([404, expect.stringMatching(/^text\/html/), '']);

    // Under /api/ (any case): the API's JSON 404, as before, even to a browser.
    const notFound = (path: string, method = 'GET') => ({ code: 'NOT_FOUND', message: `Cannot ${method} ${path}`, correlationId: expect.any(String) });
    for (const path of ['/api/v1/registers', '/api/v2/anything', '/api', '/API/v1/registers']) {
      const api = await fetch(`${site}${path}`, { headers: browser });
      expect([path, api.status, api.headers.get('content-type')]).toEqual([path, 404, expect.stringMatching(/^application\/json/)]);
      expect(await api.json()).toEqual(notFound(path));
    }
    // A client that asks for JSON (rather than HTML) outside /api/: the same JSON 404, which it can read.
    const json = await fetch(`${site}/registers`, { headers: { accept: 'application/json' } });
    expect([json.status, json.headers.get('content-type')]).toEqual([404, expect.stringMatching(/^application\/json/)]);
    expect(await json.json()).toEqual(notFound('/registers'));
    // Another method on a path no page has: a 404 in the same shape, never a stack or an internal error.
    for (const [method, body] of [['POST', new URLSearchParams({ q: 'honey' })], ['PUT', '{"a":1}'], ['DELETE', undefined]] as const) {
      const other = await fetch(`${site}/registers`, { method, headers: { ...browser, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) }, body });
      expect([method, other.status]).toEqual([method, 404]);
      expect(await other.json()).toEqual(notFound('/registers', method));
    }
    // The pages themselves are still found.
    expect((await get('/', { cookie: 'lang=en' })).status).toBe(200);
  });

  it('serves only images a visible page shows: a hidden product\'s or booth\'s images, and images no page uses, are 404', async () => {
    const api = `${site}/api/v1/exhibition`;
    const secretariat = { authorization: `Bearer ${await issueLocalToken(config, { sub: 'sara', role: 'secretariat', ttl: '1h' })}` };
    const member = { authorization: `Bearer ${await issueLocalToken(config, { sub: 'mila', role: 'member', org: HONEY, ttl: '1h' })}` };
    const image = async (id: string) => (await fetch(`${site}/images/${id}`)).status;
    const moderate = async (path: string, hidden: boolean) => expect((await httpPost(`${api}/${path}/moderation`, { hidden, reason: 'test' }, secretariat)).status).toBe(200);

    const unused = (await httpPost(`${api}/booths/${HONEY}/images`, { data: png.toString('base64') }, member)).body.id;
    expect(await image(unused)).toBe(404);
    const logo = (await httpPost(`${api}/booths/${HONEY}/images`, { data: png.toString('base64') }, member)).body.id;
    const page = await fetch(`${api}/booths/${HONEY}/page`, { method: 'PUT', headers: { 'content-type': 'application/json', ...member }, body: JSON.stringify({ logoImageId: logo }) });
    expect(page.status).toBe(200);
    expect([await image(logo), await image(imageId)]).toEqual([200, 200]);

    await moderate(`products/${productId}`, true);
    expect([await image(imageId), await image(logo)]).toEqual([404, 200]);
    await moderate(`products/${productId}`, false);
    expect(await image(imageId)).toBe(200);

    await moderate(`booths/${HONEY}`, true);
    expect([await image(imageId), await image(logo)]).toEqual([404, 404]);
    await moderate(`booths/${HONEY}`, false);
    expect([await image(imageId), await image(logo)]).toEqual([200, 200]);
  });
});
