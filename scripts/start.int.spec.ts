import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer as createHttpServer, Server } from 'node:http';
import { createServer, Server as TcpServer } from 'node:net';
import { freePort } from '@banat/testing';
import { ensureFree, ensurePortsFree, gatewayReady, listensOn, ownGatewayListening, plannedPorts, PortUnavailable } from './start';

/** What /proc tells on Linux: which process listens on a port. Elsewhere start.ts trusts its gateway being alive. */
const linux = existsSync('/proc/net/tcp');
const onLinux = linux ? it : it.skip;

const listening = <S extends TcpServer | Server>(server: S, port: number) => new Promise<S>((done) => server.listen(port, '127.0.0.1', () => done(server)));
const closed = (server: TcpServer | Server) => new Promise<void>((done) => server.close(() => done()));

/** A node process running `code`, started by this test (stopped by its handle): resolves with it and the first line it prints, once up. */
const processes: ChildProcess[] = [];
function node(code: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  processes.push(child);
  return new Promise((done, fail) => {
    child.stdout!.once('data', (data) => done({ child, line: String(data).trim() }));
    child.once('exit', (exitCode) => fail(new Error(`child exited (${exitCode}) before it was up`)));
  });
}
const exited = (child: ChildProcess) => (child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((done) => child.once('exit', () => done())));
/** A process alive but listening nowhere: a gateway still starting, or failing to bind. */
const idle = () => node(`console.log('up'); setInterval(() => {}, 60_000)`);
/** A gateway-like process: HTTP on a port of its own, /ready answering `status`; prints its port. */
const answering = (status: number) =>
  node(`const s = require('node:http').createServer((q, r) => { r.statusCode = ${status}; r.end('{}'); }).listen(0, '127.0.0.1', () => console.log(s.address().port))`);

afterAll(async () => {
  for (const child of processes) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(processes.map(exited));
});

describe('npm start: a port another process holds is refused before anything starts', () => {
  let held: TcpServer;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    held = await listening(createServer(), port); // what another npm start's gateway holds
  });
  afterAll(async () => {
    await closed(held);
  });

  it("the gateway's PORT: named with the variable that moves it", async () => {
    const refused = ensurePortsFree(plannedPorts({ NATS_URL: 'nats://127.0.0.1:1', MONGO_URL: 'mongodb://127.0.0.1:1', PORT: String(port) }));
    await expect(refused).rejects.toBeInstanceOf(PortUnavailable);
    await expect(refused).rejects.toThrow(`port ${port} for the gateway is already in use on 127.0.0.1 (another npm start still running?); stop it or set PORT`);
  });

  onLinux('and on the gateway\'s HOST, however it is written: 0.0.0.0 takes 127.0.0.1\'s port too', async () => {
    await expect(ensureFree({ port, what: 'the gateway', variable: 'PORT', host: '0.0.0.0' })).rejects.toThrow(`port ${port} for the gateway is already in use on 0.0.0.0`);
  });

  it('a metrics port start.ts gives a process (METRICS_PORT + its place): named with METRICS_PORT', async () => {
    const events = plannedPorts({ NATS_URL: 'n', MONGO_URL: 'm', METRICS_PORT: String(port - 3) }).find((p) => p.what === 'the events metrics');
    expect(events?.port).toBe(port);
    await expect(ensureFree(events!)).rejects.toThrow(`port ${port} for the events metrics is already in use on 127.0.0.1 (another npm start still running?); stop it or set METRICS_PORT`);
  });

  it('a free port passes, and is left free', async () => {
    const free = await freePort();
    await expect(ensurePortsFree(plannedPorts({ NATS_URL: 'n', MONGO_URL: 'm', PORT: String(free) }))).resolves.toBeUndefined();
    await expect(ensureFree({ port: free, what: 'the gateway', variable: 'PORT', host: '127.0.0.1' })).resolves.toBeUndefined();
  });

  it('a port that cannot be listened on for another reason says so, not "in use"', async () => {
    await expect(ensureFree({ port: 70_000, what: 'the gateway', variable: 'PORT', host: '127.0.0.1' })).rejects.toThrow(/^port 70000 for the gateway cannot be listened on on 127\.0\.0\.1 \(ERR_SOCKET_BAD_PORT\); set PORT$/);
  });
});

describe('npm start: ready only when its own gateway answers', () => {
  onLinux('tells which process listens on a port', async () => {
    const port = await freePort();
    const server = await listening(createServer(), port);
    try {
      expect(listensOn(process.pid, port)).toBe(true);
      expect(listensOn(process.pid, await freePort())).toBe(false);
      const { child, line } = await answering(200);
      expect(listensOn(child.pid!, Number(line))).toBe(true);
      expect(listensOn(process.pid, Number(line))).toBe(false);
      expect(listensOn(child.pid!, port)).toBe(false);
    } finally {
      await closed(server);
    }
  });

  it('its gateway: alive, and (on Linux) the one listening on the port', async () => {
    const { child, line } = await answering(200);
    expect(ownGatewayListening(child, Number(line))).toBe(true);
    expect(ownGatewayListening(undefined, Number(line))).toBe(false);
    if (linux) expect(ownGatewayListening((await idle()).child, Number(line))).toBe(false);
    child.kill('SIGTERM');
    await exited(child);
    expect(ownGatewayListening(child, Number(line))).toBe(false);
  });

  // The defect: another npm start's gateway answered /ready on the port, and this run said "ready" before its own had started.
  onLinux("not ready while another process answers /ready on the port and this run's gateway is not listening on it", async () => {
    const port = await freePort();
    const other = await listening(createHttpServer((_, res) => res.end('{"status":"ok"}')), port);
    try {
      expect((await fetch(`http://127.0.0.1:${port}/ready`)).status).toBe(200);
      const { child } = await idle();
      const t0 = Date.now();
      expect(await gatewayReady({ base: `http://127.0.0.1:${port}`, port, gateway: () => child, until: Date.now() + 1000, everyMs: 50 })).toBe(false);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    } finally {
      await closed(other);
    }
  });

  it('ready once its own gateway answers /ready 2xx; not while it answers 503, nor once stopping', async () => {
    const up = await answering(200);
    const port = Number(up.line);
    expect(await gatewayReady({ base: `http://127.0.0.1:${port}`, port, gateway: () => up.child, until: Date.now() + 5000, everyMs: 50 })).toBe(true);
    expect(await gatewayReady({ base: `http://127.0.0.1:${port}`, port, gateway: () => up.child, until: Date.now() + 5000, stopped: () => true })).toBe(false);
    const starting = await answering(503);
    const busy = Number(starting.line);
    expect(await gatewayReady({ base: `http://127.0.0.1:${busy}`, port: busy, gateway: () => starting.child, until: Date.now() + 500, everyMs: 50 })).toBe(false);
  });
});
