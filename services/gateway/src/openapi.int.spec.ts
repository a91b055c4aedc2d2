import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { loadConfig } from '@banat/messaging';
import { freePort, httpGet, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from './app';

type Operation = { summary?: string; responses: Record<string, { content?: Record<string, { schema?: Record<string, unknown> }> }>; security?: unknown[]; requestBody?: { content: Record<string, { schema: { $ref?: string } }> }; 'x-roles'?: string[] };
type Route = { method: string | string[]; url: string };

/** Every route the gateway serves is in /api/v1/openapi.json with its roles, security, responses and bodies. */
describe('OpenAPI document', () => {
  let nats: RunningServer;
  let app: INestApplication;
  let port: number;
  const routes: Route[] = [];
  let doc: { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, { required?: string[]; properties?: Record<string, unknown> }>; securitySchemes: Record<string, Record<string, string>> } };

  beforeAll(async () => {
    nats = await startNats();
    port = await freePort();
    const gateway = await createGateway(loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', AUTH_JWT_SECRET: 'openapi-tests-secret-of-at-least-32-characters', ...testIdentityKeys }));
    app = gateway;
    // The controllers' routes are added to fastify's router when the app starts: each as fastify adds it.
    gateway.getHttpAdapter().getInstance().addHook('onRoute', (route) => void routes.push({ method: route.method, url: route.url }));
    await app.listen(port, '127.0.0.1');
    doc = (await httpGet(`http://127.0.0.1:${port}/api/v1/openapi.json`)).body;
  });
  afterAll(async () => {
    await app?.close();
    await nats?.stop();
  });

  /** The routes as the HTTP server serves them, as fastify's router was given them (not from the document). */
  const served = () =>
    routes
      // fastify answers HEAD on every GET route by a route of its own.
      .filter((route) => route.method !== 'HEAD' && !/^\/api\/v1\/(docs|openapi)/.test(route.url))
      .map((route) => ({ method: String(route.method).toLowerCase(), path: route.url.replace(/:([A-Za-z]+)/g, '{$1}') }));
  const resolve = (ref: string) => doc.components.schemas[ref.replace('#/components/schemas/', '')];

  it('declares bearer tokens and partner API keys, and one error body', () => {
    expect(doc.components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
      'api-key': expect.objectContaining({ type: 'apiKey', in: 'header', name: 'x-api-key' }),
    });
    expect(doc.components.schemas.ErrorBody).toMatchObject({ required: ['code', 'message'], properties: { fields: expect.anything(), rule: expect.anything(), details: expect.anything() } });
  });

  it('documents every served route, and nothing that is not served', () => {
    const routes = served();
    expect(routes.length).toBeGreaterThan(45);
    const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((method) => `${method} ${path}`));
    expect(documented.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it('gives each operation a summary, its roles, security, a success schema and every error with the error body', () => {
    for (const { method, path } of served()) {
      const op = doc.paths[path][method];
      const where = `${method.toUpperCase()} ${path}`;
      expect([where, op['x-roles']?.length]).toEqual([where, expect.any(Number)]);
      // The line the docs page shows beside each route (without one, a reader sees the bare path).
      expect([where, op.summary]).toEqual([where, expect.stringMatching(/\w/)]);
      const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
      expect([where, success.length]).toEqual([where, 1]);
      expect([where, success[0][1].content?.['application/json']?.schema]).toEqual([where, expect.anything()]);
      const errors = Object.entries(op.responses).filter(([status]) => /^[45]/.test(status));
      // Liveness answers 200 or nothing at all.
      if (path !== '/health') expect([where, errors.length > 0]).toEqual([where, true]);
      if (path !== '/ready') for (const [status, response] of errors) expect([where, status, response.content?.['application/json']?.schema]).toEqual([where, status, { $ref: '#/components/schemas/ErrorBody' }]);
      if (!op['x-roles']!.includes('public')) {
        expect([where, op.security]).toEqual([where, expect.arrayContaining([{ bearer: [] }])]);
        expect([where, Object.keys(op.responses)]).toEqual([where, expect.arrayContaining(['401', '403'])]);
      }
      if (method === 'post' || method === 'patch') {
        const ref = op.requestBody?.content['application/json']?.schema.$ref;
        expect([where, ref]).toEqual([where, expect.stringMatching(/^#\/components\/schemas\//)]);
      }
    }
  });

  it('lists the required fields of bodies, and the roles of an operation where a reader sees them', () => {
    const submit = doc.paths['/api/v1/applications'].post;
    expect(resolve(submit.requestBody!.content['application/json'].schema.$ref!).required).toEqual(expect.arrayContaining(['schemeId', 'organisationId', 'evidence']));
    const deactivation = doc.paths['/api/v1/organisations/{id}/deactivation'].post;
    expect(resolve(deactivation.requestBody!.content['application/json'].schema.$ref!).required).toEqual(['reason', 'expectedRevision']);
    expect(doc.paths['/api/v1/applications/{id}/decision'].post).toMatchObject({ 'x-roles': ['decision-maker'], description: expect.stringContaining('Roles: decision-maker.') });
    const register = doc.paths['/api/v1/register'].get as unknown as { parameters: { name: string; schema: { enum?: string[] } }[] };
    expect(register.parameters.find((p) => p.name === 'status')?.schema.enum).toEqual(['active', 'suspended', 'withdrawn', 'expired']);
    expect(register.parameters.find((p) => p.name === 'holderCountry')?.schema.enum).toEqual(['RO', 'RS', 'HU']);
  });

  it('serves the docs page with a Content-Security-Policy: scripts from the gateway only, its inline styles by hash, nothing framed', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/docs`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const csp = res.headers.get('content-security-policy') ?? '';
    const directive = (name: string) => csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name)?.slice(1);
    expect(directive('default-src')).toEqual(["'self'"]);
    expect(directive('script-src')).toEqual(["'self'"]);
    expect(directive('object-src')).toEqual(["'none'"]);
    expect(directive('frame-ancestors')).toEqual(["'none'"]);
    expect(directive('base-uri')).toEqual(["'none'"]);
    // Swagger UI's scripts are files the gateway serves: no inline script to allow.
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) expect([attributes, body!.trim()]).toEqual([expect.stringMatching(/src=/), '']);
    // Its inline styles are allowed by their hashes.
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => `'sha256-${createHash('sha256').update(m[1]!).digest('base64')}'`);
    expect(styles.length).toBeGreaterThan(0);
    expect(directive('style-src')).toEqual(expect.arrayContaining(["'self'", ...styles]));
    expect(directive('style-src')).not.toContain("'unsafe-inline'");
    for (const asset of ['swagger-ui-init.js', 'swagger-ui-bundle.js', 'swagger-ui.css']) expect([asset, (await fetch(`http://127.0.0.1:${port}/api/v1/docs/${asset}`)).status]).toEqual([asset, 200]);
  });
});
