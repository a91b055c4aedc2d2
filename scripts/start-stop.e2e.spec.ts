import { ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, projectRoot, testIdentityKeys } from '@banat/testing';
import { ensureFree, stopProcess } from './start';

/**
 * `npm start` stopped with Ctrl-C, for real: the built launcher (dist/scripts/start.js, as `npm start` runs it), starting its own
 * nats-server and FerretDB on PostgreSQL (in a temporary START_DATA_DIR) and every service, all on 127.0.0.1. A terminal's
 * Ctrl-C is a SIGINT to its whole foreground process group: the tests send it so, to the group the launcher leads.
 *
 * The defect: the servers were in that group, so the Ctrl-C stopped nats-server, FerretDB and PostgreSQL while the services
 * were still draining — each of them logging the bus gone (`NatsError: type: "disconnect"`, level 50) on its way out — and the
 * launcher then stopped nats-server and FerretDB together.
 */

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.exitCode !== null || child.signalCode !== null ? done({ code: child.exitCode, signal: child.signalCode }) : child.once('exit', (code, signal) => done({ code, signal })),
  );
/** A process no longer running: no such process, or one exited and not yet reaped. */
const gone = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return true;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Launched {
  launcher: ChildProcess;
  output(): string;
  ports: { NATS_PORT: number; MONGO_PORT: number; PORT: number };
  dataDir: string;
}

const launched: Launched[] = [];

/** The built launcher, leading its own process group (as a terminal's foreground job), once it says it is ready. */
async function startLauncher(): Promise<Launched> {
  const dataDir = mkdtempSync(join(tmpdir(), 'banat-start-stop-'));
  // Run as root, PostgreSQL runs as nobody, who must pass through it to its cluster (as through .data/).
  chmodSync(dataDir, 0o755);
  const ports = { NATS_PORT: await freePort(), MONGO_PORT: await freePort(), PORT: await freePort() };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    START_DATA_DIR: dataDir,
    NATS_PORT: String(ports.NATS_PORT),
    MONGO_PORT: String(ports.MONGO_PORT),
    PORT: String(ports.PORT),
    HOST: '127.0.0.1',
    FERRETDB_BACKEND: 'postgresql',
    // Everything local-secret.ts would otherwise keep in the repository's .data/.
    NATS_AUTH: 'off',
    AUTH_JWT_SECRET: `start-stop-${process.pid}-secret-for-test-tokens-only`,
    ...testIdentityKeys,
    CREDENTIAL_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    LOG_LEVEL: 'info',
  };
  for (const variable of ['NATS_URL', 'MONGO_URL', 'METRICS_PORT', 'PUBLIC_BASE_URL', 'STOP_TIMEOUT_MS']) delete env[variable];
  const launcher = spawn(process.execPath, [join(projectRoot, 'dist', 'scripts', 'start.js')], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  launcher.stdout!.on('data', (d) => (output += d));
  launcher.stderr!.on('data', (d) => (output += d));
  const run = { launcher, output: () => output, ports, dataDir };
  launched.push(run);
  const deadline = Date.now() + 180_000;
  while (!output.includes('[start] ready in') && launcher.exitCode === null && Date.now() < deadline) await sleep(250);
  if (!output.includes('[start] ready in')) throw new Error(`npm start not ready:\n${output}`);
  return run;
}

/** Ctrl-C in the launcher's terminal. */
const ctrlC = (launcher: ChildProcess) => process.kill(-launcher.pid!, 'SIGINT');

/** Everything it started is gone: its ports free, PostgreSQL shut down (it removes its postmaster.pid), the lock released. */
async function expectAllStopped({ ports, dataDir }: Launched): Promise<void> {
  for (const [variable, port] of Object.entries(ports)) {
    await expect(ensureFree({ port, what: variable, variable, host: '127.0.0.1' })).resolves.toBeUndefined();
  }
  expect(existsSync(join(dataDir, 'ferretdb', 'postgresql', 'postmaster.pid'))).toBe(false);
  expect(existsSync(join(dataDir, 'start.pid'))).toBe(false);
}

afterAll(async () => {
  // A failed test's launcher: stopped, then killed at once (a second Ctrl-C), so that no server is left behind.
  for (const { launcher, dataDir } of launched) {
    if (launcher.exitCode === null && launcher.signalCode === null) {
      ctrlC(launcher);
      await sleep(1500);
      if (launcher.exitCode === null && launcher.signalCode === null) ctrlC(launcher);
      await exited(launcher);
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('npm start: Ctrl-C stops it in order', () => {
  it('the gateway, then the services, then nats-server, FerretDB and its PostgreSQL; no error on the way out; exit 0', async () => {
    const run = await startLauncher();
    // Something done across the platform before the stop: a public read through the gateway to a service and its database.
    expect((await fetch(`http://127.0.0.1:${run.ports.PORT}/api/v1/register`)).status).toBe(200);
    const before = run.output().length;

    ctrlC(run.launcher);
    // The same Ctrl-C told twice, as a wrapper forwarding the terminal's would: one stop in order, not a kill.
    ctrlC(run.launcher);
    const { code, signal } = await exited(run.launcher);
    const stop = run.output().slice(before);

    expect({ code, signal }).toEqual({ code: 0, signal: null });
    // In order, each once the one before it is gone.
    const steps = ['[start] SIGINT: stopping', '[start] gateway stopped', '[start] services stopped', '[start] nats-server stopped', '[start] FerretDB, then its PostgreSQL, stopped', '[start] stopped in'];
    const at = steps.map((step) => stop.indexOf(step));
    expect(at.every((i) => i >= 0) ? at : stop).toEqual([...at].sort((a, b) => a - b));
    // Nothing on the way out says something went wrong: no error or warning from a service (pino: level 40 and above), no
    // connection lost, no process killed.
    const complaints = stop.split('\n').filter((line) => /"level":\s*([4-9]\d)|\b(error|ERR|disconnect|ECONNREFUSED|ECONNRESET|killed|exited)\b/i.test(line));
    expect(complaints).toEqual([]);
    expect(stop).not.toContain('SIGINT again');
    await expectAllStopped(run);
  }, 300_000);

  // Which child is the registry service: from /proc (Linux, where the platform runs).
  it('Ctrl-C again while a service holds the stop up: everything killed at once, PostgreSQL shut down, exit 130', async () => {
    const run = await startLauncher();
    // The registry service, frozen: it cannot stop when asked, and the launcher waits for it (STOP_TIMEOUT_MS, 10 s).
    const children = readFileSync(`/proc/${run.launcher.pid}/task/${run.launcher.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
    const registry = children.find((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('/services/registry/'));
    expect(registry).toBeDefined();
    process.kill(registry!, 'SIGSTOP');

    ctrlC(run.launcher);
    await sleep(1500);
    expect(run.launcher.exitCode).toBeNull(); // still waiting for the registry
    const t0 = Date.now();
    ctrlC(run.launcher);
    const { code } = await exited(run.launcher);

    expect(code).toBe(130);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(run.output()).toContain('[start] SIGINT again: killing the services and servers at once');
    expect(gone(registry!)).toBe(true); // killed, frozen as it was
    await expectAllStopped(run);
  }, 300_000);
});

describe('npm start: a process that does not stop when asked', () => {
  it('is killed after the timeout: the stop waits for it no longer', async () => {
    const stubborn = spawn(process.execPath, ['-e', `process.on('SIGTERM', () => {}); console.log('up'); setInterval(() => {}, 60_000)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((up) => stubborn.stdout!.once('data', up));
    const t0 = Date.now();
    await stopProcess('stubborn', stubborn, 500);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(500);
    expect(stubborn.signalCode).toBe('SIGKILL');

    const willing = spawn(process.execPath, ['-e', `console.log('up'); setInterval(() => {}, 60_000)`], { stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise((up) => willing.stdout!.once('data', up));
    await stopProcess('willing', willing, 10_000);
    expect(willing.signalCode).toBe('SIGTERM');
  });
});
