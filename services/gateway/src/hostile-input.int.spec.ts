import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '@banat/messaging';
import { freePort, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from './app';
import { issueLocalToken } from './auth/issue-token';

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
  let member: Record<string, string>;

  beforeAll(async () => {
    nats = await startNats();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: nats.url, RPC_TIMEOUT_MS: '300', PORT: String(port), LOG_LEVEL: 'silent', AUTH_JWT_SECRET: secret, ...testIdentityKeys });
    app = await createGateway(config);
    await app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}/api/v1`;
    member = { authorization: `Bearer ${await issueLocalToken(config, { role: 'member', sub: 'member-1', org: randomUUID() } as never)}`, 'content-type': 'application/json' };
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
});
