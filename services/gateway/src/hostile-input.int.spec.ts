import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { loadConfig } from '@banat/messaging';
import { httpRequests } from '@banat/metrics';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from './app';
import { issueLocalToken } from './auth/issue-token';
import { MESSAGES } from './web/messages';

/**
 * Input a hostile caller sends that no field's validator looks at, refused at the gateway with a 400 naming the field,
 * before any service is asked (no service runs here: a request that got through would answer 503). Found by trying the
 * platform from outside: a NUL in an application's product name was accepted, and its event then stopped the
 * application files' projection for good on FerretDB/PostgreSQL; 3,000 nested arrays overflowed ValidationPipe's stack
 * (a 500 and an error log line per request); `as-of?when=2026-13-45` was a 500 and `2026-02-30` read as the 2nd of March.
 */
describe('hostile input at the gateway', () => {
  const secret = 'hostile-input-tests-secret-of-at-least-32-chars';
  let nats: RunningServer;
  let app: INestApplication;
  let base: string;
  let port: number;
  let member: Record<string, string>;
  let secretariat: Record<string, string>;

  beforeAll(async () => {
    nats = await startNats();
    port = await freePort();
    const config = loadConfig({ NATS_URL: nats.url, RPC_TIMEOUT_MS: '300', PORT: String(port), LOG_LEVEL: 'silent', AUTH_JWT_SECRET: secret, ...testIdentityKeys });
    app = await createGateway(config);
    await app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}/api/v1`;
    member = { authorization: `Bearer ${await issueLocalToken(config, { role: 'member', sub: 'member-1', org: randomUUID() } as never)}`, 'content-type': 'application/json' };
    secretariat = { authorization: `Bearer ${await issueLocalToken(config, { role: 'secretariat', sub: 'sec-1' } as never)}` };
  });
  afterAll(async () => {
    await app?.close();
    await nats?.stop();
  });

  const post = async (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) => {
    const res = await fetch(`${base}${path}`, { method: 'POST', headers, body });
    return { status: res.status, body: (await res.json()) as { code?: string; fields?: { field: string; reason: string }[] } };
  };
  const application = (productName: string, evidenceRef = 'doc-1') =>
    // As JSON text, so the escapes reach the server as a client would send them.
    `{"schemeId":"made-in-banat","organisationId":"${randomUUID()}","products":[{"name":"${productName}","niceClass":33}],"declaredRegionalRawMaterialShare":0.7,"evidence":[{"kind":"product-description","ref":"${evidenceRef}"}]}`;

  it('a NUL or another control character in any string of a body: 400 naming the field, nothing sent on', async () => {
    const refused = await post('/applications', application('Plum\\u0000brandy', 'doc\\u0007-1'), member);
    expect(refused).toEqual({
      status: 400,
      body: expect.objectContaining({
        code: 'VALIDATION_FAILED',
        fields: [
          { field: 'products[0].name', reason: 'products[0].name must not contain control characters (U+0000 at position 4)' },
          { field: 'evidence[0].ref', reason: 'evidence[0].ref must not contain control characters (U+0007 at position 3)' },
        ],
      }),
    });
    // A lone surrogate is no text either; a pair (an emoji), Cyrillic and a line break are.
    expect((await post('/applications', application('Plum\\ud800'), member)).body.fields).toEqual([
      { field: 'products[0].name', reason: 'products[0].name must be well-formed Unicode text (a lone surrogate, U+D800, at position 4)' },
    ]);
    expect((await post('/applications', application('Шљивовица 🍑\\n2026'), member)).status).toBe(503); // valid: on to the (absent) service
  });

  it('a body nested 3,000 levels deep: 400, not a stack overflow', async () => {
    const deep = `{"credential":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await post('/credentials/verify', deep);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: expect.stringMatching(/^credential(\[0\])+$/), reason: expect.stringContaining('is nested deeper than 32 levels') }] });
  });

  it("keys naming Object.prototype's members are unknown properties, not silently dropped", async () => {
    const res = await post('/credentials/verify', '{"credential":"eyJ.x.y","constructor":{"prototype":{"polluted":true}}}');
    expect(res).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', fields: [{ field: 'constructor', reason: 'property constructor should not exist' }] } });
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('as-of a day that does not exist: 400 naming `when`; a day that exists goes on', async () => {
    for (const when of ['2026-13-45', '2026-00-00', '2026-02-30', '2026-12-02T25:00Z']) {
      const res = await fetch(`${base}/certificates/MIB-2026-000001/as-of?when=${encodeURIComponent(when)}`);
      expect({ when, status: res.status, body: await res.json() }).toMatchObject({ when, status: 400, body: { code: 'VALIDATION_FAILED', fields: [{ field: 'when', reason: 'when must be a day (and time) that exists on the calendar' }] } });
    }
    expect((await fetch(`${base}/certificates/MIB-2026-000001/as-of?when=2028-02-29`)).status).toBe(503);
  });

  it('a control character in a path parameter: 400 naming it', async () => {
    const res = await fetch(`${base}/certificates/MIB-2026-000001%00/as-of?when=2026-03-14`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'number', reason: expect.stringContaining('must not contain control characters (U+0000') }] });
  });

  it('a path id that is no UUID: 400 naming the parameter, as body and query errors do', async () => {
    const organisation = await fetch(`${base}/organisations/not-a-uuid`);
    expect({ status: organisation.status, body: await organisation.json() }).toEqual({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: 'invalid input', fields: [{ field: 'id', reason: 'id must be a UUID (version 4)' }], correlationId: expect.any(String) },
    });
    const registration = await fetch(`${base}/events/${randomUUID()}/registrations/42/approval`, { method: 'POST', headers: { ...secretariat, 'content-type': 'application/json' }, body: '{}' });
    expect({ status: registration.status, body: await registration.json() }).toMatchObject({ status: 400, body: { fields: [{ field: 'registrationId', reason: 'registrationId must be a UUID (version 4)' }] } });
  });

  it('a body that is not JSON, or has no Content-Type: 415 saying JSON is required, not a 400 listing every field; the CSV import also reads text/csv', async () => {
    const body = '{"kind":"sme"}';
    const send = async (method: string, path: string, headers: Record<string, string>, content: string | undefined = body) => {
      const res = await fetch(`${base}${path}`, { method, headers: { ...secretariat, ...headers }, body: content });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const unsupported = (type: string) => ({ status: 415, body: { code: 'VALIDATION_FAILED', message: `the request body must be JSON, sent with Content-Type: application/json (${type})`, correlationId: expect.any(String) } });
    // (fetch sends a string body as text/plain unless told otherwise; a Blob without a type sends none)
    expect(await send('POST', '/organisations', {}, new Blob([body]) as never)).toEqual(unsupported('it had none'));
    expect(await send('POST', '/organisations', { 'content-type': 'text/plain' })).toEqual(unsupported('not text/plain'));
    expect(await send('PATCH', `/organisations/${randomUUID()}`, { 'content-type': 'application/x-www-form-urlencoded' }, 'kind=sme')).toEqual(unsupported('not application/x-www-form-urlencoded'));
    expect(await send('PUT', `/exhibition/booths/${randomUUID()}/page`, { 'content-type': 'text/csv' })).toEqual(unsupported('not text/csv'));
    expect(await send('POST', '/organisations', { 'content-type': 'not a type' })).toMatchObject({ status: 415, body: { message: 'the request body must be JSON, sent with Content-Type: application/json' } });
    // JSON with its charset is read; an empty body of any type is no body (validation names what is missing); an unknown path stays a 404.
    expect(await send('POST', '/organisations', { 'content-type': 'application/json; charset=utf-8' })).toMatchObject({ status: 400, body: { fields: expect.arrayContaining([{ field: 'name', reason: 'name is required' }]) } });
    expect(await send('POST', '/organisations', { 'content-type': 'text/plain' }, '')).toMatchObject({ status: 400, body: { fields: expect.arrayContaining([{ field: 'kind', reason: 'kind is required' }]) } });
    expect((await send('POST', '/no-such-route', { 'content-type': 'text/plain' })).status).toBe(404);
    // The CSV import: the CSV itself as text/csv, or in JSON; both on to the (absent) registry.
    expect((await send('POST', '/organisations/import', { 'content-type': 'text/csv' }, 'kind,name_ro\nsme,Brutăria\n')).status).toBe(503);
    expect((await send('POST', '/organisations/import', { 'content-type': 'application/json' }, JSON.stringify({ csv: 'kind,name_ro\nsme,Brutăria\n' }))).status).toBe(503);
  });

  it('a search of more than 10 words: 400 naming q, not a pass over the index per word (50 one-letter words cost ~0.2-0.4 s of CPU over 10,000 names)', async () => {
    const words = (n: number) => encodeURIComponent(Array.from({ length: n }, (_, i) => 'abcdefghijklmnopqrstuvwxyz'[i % 26]).join(' '));
    for (const path of ['/organisations', '/exhibition/booths', '/exhibition/products']) {
      const refused = await fetch(`${base}${path}?q=${words(50)}`);
      expect({ path, status: refused.status, body: await refused.json() }).toEqual({ path, status: 400, body: expect.objectContaining({ code: 'VALIDATION_FAILED', fields: [{ field: 'q', reason: 'q must have at most 10 words' }] }) });
      // Words are runs of letters, marks and digits, whatever is between them; ten are a search (on to the absent service).
      expect((await fetch(`${base}${path}?q=${encodeURIComponent('Brutăria - Bănățeană, S.R.L. (Timișoara) 1 2 3 4')}`)).status).toBe(503);
      expect((await fetch(`${base}${path}?q=${encodeURIComponent('Пекара-Нови.Сад;a;b;c;d;e;f;g;h')}`)).status).toBe(400);
    }
  });

  it("a path with a broken percent-escape: on the API, its 400 naming the escape; outside it, the site's 400 page in the reader's language", async () => {
    // (fastify's router refused these with its own JSON, `FST_ERR_BAD_URL`, and none of the gateway's headers, uncounted)
    const refusedGets = async () => (await httpRequests.get()).values.find(({ labels }) => labels.method === 'GET' && labels.route === 'unmatched' && labels.status === '400')?.value ?? 0;
    const before = await refusedGets();
    for (const [path, escape] of [['/organisations/%ZZ', '%ZZ'], ['/certificates/%E0%A4%A/as-of?when=2026-03-14', '%E0%A4%A'], ['/organisations/abc%', '%']]) {
      const res = await fetch(`${base}${path}`);
      const body = await res.json();
      expect({ path, status: res.status, body }).toEqual({
        path,
        status: 400,
        body: { code: 'VALIDATION_FAILED', message: 'invalid input', fields: [{ field: 'path', reason: `path must be percent-encoded UTF-8 (${escape} is not)` }], correlationId: res.headers.get('x-correlation-id') },
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    const origin = base.replace('/api/v1', '');
    for (const path of ['/%E0%A4%A', '/registry/organisations/%ZZ', '/web/%E0', '/ready/%E0']) {
      const page = await fetch(`${origin}${path}`, { headers: { accept: 'text/html', 'accept-language': 'hu' } });
      const html = await page.text();
      expect({ path, status: page.status, type: page.headers.get('content-type') }).toEqual({ path, status: 400, type: 'text/html; charset=utf-8' });
      expect(html).toContain('<html lang="hu">');
      expect(html).toContain(MESSAGES.hu.badRequestText);
      expect(page.headers.get('x-correlation-id')).toEqual(expect.any(String));
      // A client preferring JSON, or not reading a page (a POST), gets the API's 400.
      for (const init of [{ headers: { accept: 'application/json' } }, { method: 'POST', headers: { accept: 'text/html' } }]) {
        const refused = await fetch(`${origin}${path}`, init);
        expect({ path, status: refused.status, body: await refused.json() }).toMatchObject({ path, status: 400, body: { code: 'VALIDATION_FAILED', fields: [{ field: 'path', reason: expect.stringMatching(/^path must be percent-encoded UTF-8 \(%/) }] } });
      }
    }
    // Counted as requests no route matched: 3 GETs on the API, 2 on each page.
    expect(await refusedGets()).toBe(before + 11);
  });

  it('a path segment over 2,048 characters: 414 in the API\'s shape, not the path echoed back', async () => {
    const res = await fetch(`${base}/organisations/${'a'.repeat(3000)}`);
    const body = await res.json();
    expect({ status: res.status, body }).toEqual({
      status: 414,
      body: { code: 'VALIDATION_FAILED', message: 'invalid input', fields: [{ field: 'path', reason: 'each segment of the path must be at most 2048 characters long' }], correlationId: res.headers.get('x-correlation-id') },
    });
  });

  /** A request as bytes on a socket (fetch refuses to send these), and the answer: status, headers, JSON body. */
  const rawRequest = (request: string) =>
    new Promise<{ status: number; headers: Record<string, string>; body: unknown }>((resolve, reject) => {
      let data = '';
      const socket = connect(port, '127.0.0.1', () => socket.write(request));
      socket.setEncoding('latin1');
      socket.on('data', (chunk: string) => (data += chunk));
      socket.on('error', reject);
      socket.on('close', () => {
        const [head = '', ...rest] = data.split('\r\n\r\n');
        const [statusLine = '', ...lines] = head.split('\r\n');
        const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
        let body: unknown = rest.join('\r\n\r\n');
        try {
          body = JSON.parse(body as string);
        } catch {
          // (not JSON: kept as text, for the failure to show)
        }
        resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
      });
    });

  it("what Node's HTTP parser refuses (a URL too long, a control character in a header, a bad Content-Length, no Host…): the API's error body with the reason", async () => {
    // (fastify's own was `{"error":"Bad Request","message":"Client Error","statusCode":400}` for all but the first, without the gateway's headers)
    const cases: [string, string, number, string][] = [
      ['URL over the header limit', `GET /api/v1/organisations?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 431, 'the request line and headers exceed the limit of 16384 bytes (a URL that long is refused too)'],
      ['control character in a header value', 'GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nX-Note: a\x01b\r\n\r\n', 400, 'malformed HTTP request: Invalid header value char'],
      ['space in a header name', 'GET /api/v1/organisations HTTP/1.1\r\nHost: x\r\nX Note: ab\r\n\r\n', 400, 'malformed HTTP request: Invalid header token'],
      ['Content-Length no number', 'POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}', 400, 'malformed HTTP request: Invalid character in Content-Length'],
      ['Content-Length twice', 'POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}', 400, 'malformed HTTP request: Duplicate Content-Length'],
      ['Content-Length with chunked', 'POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n', 400, "malformed HTTP request: Transfer-Encoding can't be present with Content-Length"],
      ['chunk size no number', 'POST /api/v1/organisations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n', 400, 'malformed HTTP request: Invalid character in chunk size'],
      ['no method', 'FOO /api/v1/organisations HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'malformed HTTP request: Invalid method encountered'],
    ];
    for (const [what, request, status, message] of cases) {
      const res = await rawRequest(request);
      expect({ what, status: res.status, body: res.body }).toEqual({ what, status, body: { code: 'VALIDATION_FAILED', message, correlationId: res.headers['x-correlation-id'] } });
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
    // An HTTP/1.1 request without Host (Node's own check answered an empty 400); HTTP/1.0 needs none.
    const hostless = await rawRequest('GET /api/v1/organisations HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect({ status: hostless.status, body: hostless.body }).toEqual({
      status: 400,
      body: { code: 'VALIDATION_FAILED', message: 'invalid input', fields: [{ field: 'host', reason: 'an HTTP/1.1 request must have a Host header' }], correlationId: hostless.headers['x-correlation-id'] },
    });
    expect((await rawRequest('GET /health HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('a language cookie that is no percent-encoding: the page in the browser\'s language, not a 500', async () => {
    // (decodeURIComponent threw on it before any page was rendered: every web page answered 500 to that browser.)
    for (const cookie of ['lang=%E0%A4%A', 'lang=%', 'theme=dark; lang=%zz']) {
      const res = await fetch(`${base.replace('/api/v1', '')}/certificates/check`, { headers: { cookie, 'accept-language': 'hu' } });
      expect({ cookie, status: res.status }).toEqual({ cookie, status: 200 });
      expect(await res.text()).toContain('<html lang="hu">');
    }
  });
});
