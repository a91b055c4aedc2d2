import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INestApplication, Logger } from '@nestjs/common';
import helmet from 'helmet';
import { connect } from 'nats';
import { RegistrySubjects } from '@banat/contracts';
import { loadConfig } from '@banat/messaging';
import { freePort, httpGet, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from './app';
import { API_HELMET } from './http/secure-headers';

/** The gateway alone on a real NATS bus with no service behind it. */
describe('gateway without services', () => {
  let nats: RunningServer;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    nats = await startNats();
    const port = await freePort();
    app = await createGateway(loadConfig({ NATS_URL: nats.url, RPC_TIMEOUT_MS: '300', PORT: String(port), LOG_LEVEL: 'silent', ...testIdentityKeys }));
    await app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await nats?.stop();
  });

  it('is live while not ready, and names every service that does not answer (logged as one line naming them: at debug while starting, never ready yet; never an error with a stack)', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const debug = jest.spyOn(Logger.prototype, 'debug');
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      const res = await httpGet(`${base}/ready`);
      expect(res.status).toBe(503);
      const body = res.body;
      expect(body.details.nats.status).toBe('up');
      for (const service of ['registry', 'certification', 'network', 'events', 'exhibition']) expect(body.error[service].status).toBe('down');
      const lines = debug.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('not ready: '));
      expect(lines).toHaveLength(1);
      for (const service of ['registry', 'certification', 'network', 'events', 'exhibition']) expect(lines[0]).toContain(`${service} (`);
      expect(warn.mock.calls.filter(([line]) => String(line).startsWith('not ready: '))).toEqual([]);
      expect(error).not.toHaveBeenCalled();
    } finally {
      debug.mockRestore();
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('refuses a malformed, a non-object and an oversized JSON body before anything else, in the error shape', async () => {
    const post = (body: string) => fetch(`${base}/api/v1/organisations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (res) => ({ status: res.status, body: await res.json() }));
    expect(await post('{"kind": "sme",')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/JSON at position/), correlationId: expect.any(String) } });
    expect(await post('42')).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED', message: expect.stringMatching(/not valid JSON/) } });
    expect(await post(JSON.stringify({ padding: 'x'.repeat(300_000) }))).toMatchObject({ status: 413, body: { code: 'VALIDATION_FAILED', message: 'request body exceeds the limit of 262144 bytes', correlationId: expect.any(String) } });
  });

  it('answers a request for a service with no running instance with 503 at once (logged as a warning without a stack, its repeats folded)', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const error = jest.spyOn(Logger.prototype, 'error');
    try {
      for (let i = 0; i < 20; i++) {
        const res = await fetch(`${base}/api/v1/organisations/1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a`);
        expect(res.status).toBe(503);
        expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/no instance of the registry service/) });
      }
      const lines = warn.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('unavailable: '));
      expect(lines).toEqual(['unavailable: no instance of the registry service is running']);
      expect(error).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
  });

  it('answers a request to a service that hangs with 503 after the configured timeout, not a hanging request', async () => {
    const nc = await connect({ servers: nats.url });
    const hung = nc.subscribe(RegistrySubjects.get); // receives, never replies
    await nc.flush(); // the server knows the subscriber before the gateway asks (else: no responders)
    try {
      const res = await fetch(`${base}/api/v1/organisations/1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/did not answer within 300 ms/), details: { service: 'registry' } });
      expect(hung.getReceived()).toBe(1);
    } finally {
      await nc.close();
    }
  });

  it("sends helmet's headers and the correlation id on every answer (a probe, a 404, a refused body, a web page), helmet's exactly as helmet itself sets them", async () => {
    // What helmet's middleware writes on a plain Node server with the API's options.
    const plain = createServer((req, res) => helmet(API_HELMET)(req, res, () => res.end()));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    const expected = new Map<string, string>();
    try {
      const res = await fetch(`http://127.0.0.1:${(plain.address() as AddressInfo).port}/`);
      const nodeOwn = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
      res.headers.forEach((value, name) => (nodeOwn.has(name) ? undefined : expected.set(name, value)));
    } finally {
      await new Promise((resolve) => plain.close(resolve));
    }
    expect(expected.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(expected.size).toBeGreaterThanOrEqual(10);
    const answers = [
      await fetch(`${base}/health`, { headers: { 'x-correlation-id': 'given-id-1' } }),
      await fetch(`${base}/api/v1/nothing-here`, { headers: { 'x-correlation-id': 'given-id-2' } }),
      await fetch(`${base}/api/v1/organisations`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-correlation-id': 'given-id-3' }, body: '42' }),
      await fetch(`${base}/static/site.css`, { headers: { 'x-correlation-id': 'given-id-4' } }),
    ];
    expect(answers.map((r) => r.status)).toEqual([200, 404, 400, 200]);
    for (const [i, answer] of answers.entries()) {
      for (const [name, value] of expected) expect([name, answer.headers.get(name)]).toEqual([name, value]);
      expect(answer.headers.get('x-powered-by')).toBeNull();
      expect(answer.headers.get('x-correlation-id')).toBe(`given-id-${i + 1}`);
    }
    expect(await answers[2]!.json()).toMatchObject({ correlationId: 'given-id-3' });
  });

  it('rejects an unknown route parameter shape with 400 before touching the bus', async () => {
    const res = await fetch(`${base}/api/v1/organisations/not-a-uuid`);
    expect(res.status).toBe(400);
  });

  it('stops a bad configuration with the variable name', () => {
    expect(() => loadConfig({ NATS_URL: 'http://x', RPC_TIMEOUT_MS: 'soon' })).toThrow(/NATS_URL[\s\S]*RPC_TIMEOUT_MS|RPC_TIMEOUT_MS[\s\S]*NATS_URL/);
  });
});
