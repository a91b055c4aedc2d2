import { spawn } from 'node:child_process';
import { createServer, Server } from 'node:net';
import { join } from 'node:path';
import { freePort, projectRoot } from '@banat/testing';

/**
 * `npm start` (compiled: dist/scripts/start.js) with a port it needs held by another process, as another `npm start`'s
 * gateway holds 3000: refused before anything starts, naming the variable that moves it, exit 1 — not "ready" on the
 * other one's /ready while its own gateway restarts on EADDRINUSE for ever.
 */
describe('npm start: a port of its own already in use', () => {
  let held: Server;
  let port: number;

  beforeAll(async () => {
    port = await freePort();
    held = createServer((socket) => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}'));
    await new Promise<void>((done) => held.listen(port, '127.0.0.1', () => done()));
  });
  afterAll(async () => {
    await new Promise<void>((done) => held.close(() => done()));
  });

  /** The launcher's exit code and output; SIGTERM (it stops what it started) if it has not exited within 20 s. */
  async function launch(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
    // NATS_URL and MONGO_URL name servers (unreachable ones): the launcher starts none of its own.
    const launcher = spawn(process.execPath, [join(projectRoot, 'dist', 'scripts', 'start.js')], {
      env: { ...process.env, NATS_URL: 'nats://127.0.0.1:1', MONGO_URL: 'mongodb://127.0.0.1:1', HOST: '127.0.0.1', LOG_LEVEL: 'warn', RESTART_DELAY_MS: '500', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    launcher.stdout.on('data', (d) => (output += d));
    launcher.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => launcher.kill('SIGTERM'), 20_000);
    const code = await new Promise<number | null>((done) => launcher.once('exit', (c) => done(c)));
    clearTimeout(timer);
    return { code, output };
  }

  it("the gateway's PORT", async () => {
    const { code, output } = await launch({ PORT: String(port) });
    expect(output).toContain(`[start] failed: port ${port} for the gateway is already in use on 127.0.0.1 (another npm start still running?); stop it or set PORT`);
    expect(code).toBe(1);
    expect(output).not.toContain('[start] ready in'); // not "already in use"
    expect(output).not.toContain('restarting'); // no service was started
  });

  it('a metrics port it gives a process (METRICS_PORT + its place)', async () => {
    const { code, output } = await launch({ PORT: String(await freePort()), METRICS_PORT: String(port - 5) });
    // The held port is the gateway's metrics port; one of the five before it may be taken by something else on a busy machine.
    expect(output).toMatch(/\[start\] failed: port \d+ for the \w+ metrics is already in use on 127\.0\.0\.1 \(another npm start still running\?\); stop it or set METRICS_PORT/);
    expect(code).toBe(1);
  });
});
