import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A local server process started for tests or for `npm start`. */
export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** The current process (a new one after `restart`). */
  readonly process: ChildProcess;
  stop(): Promise<void>;
  /** Stops the process (data kept) and starts it again on the same port and data directory. */
  restart(): Promise<void>;
  /** Stops the process only, keeping its data; `restart()` brings it back. */
  kill(): Promise<void>;
}

export const projectRoot = resolve(__dirname, '../../..').replace(/\/dist$/, '');
const toolsBin = join(projectRoot.replace(/\/dist$/, ''), '.tools', 'bin');

export function toolPath(name: 'nats-server' | 'ferretdb'): string {
  const local = join(toolsBin, name);
  if (existsSync(local)) return local;
  throw new Error(`${name} not found in ${toolsBin}: run 'npm run tools' (bash scripts/tools.sh) first`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode} before listening`);
    const ok = await new Promise<boolean>((done) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        done(true);
      });
      socket.on('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

/** Spawns `bin args` and waits for the port; `restart` re-spawns the same command on the same port. */
async function launch(name: string, bin: string, args: string[], port: number, url: string, verbose: boolean, cleanup?: () => void): Promise<RunningServer> {
  const spawnOnce = async () => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child, name, verbose);
    try {
      await waitForPort(port, child, name);
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${(error as Error).message}\n${output()}`);
    }
    return child;
  };
  let child = await spawnOnce();
  return {
    url,
    port,
    get process() {
      return child;
    },
    kill: () => terminate(child),
    restart: async () => {
      await terminate(child);
      child = await spawnOnce();
    },
    stop: async () => {
      await terminate(child);
      cleanup?.();
    },
  };
}

function collectOutput(child: ChildProcess, name: string, verbose: boolean): () => string {
  let tail = '';
  const keep = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-4000);
    if (verbose) process.stderr.write(`[${name}] ${chunk}`);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => tail;
}

export interface NatsOptions {
  port?: number;
  /** JetStream storage directory; a temporary one (removed on stop) when absent. */
  storeDir?: string;
  /** Extra nats-server config file (accounts, permissions). */
  configFile?: string;
  verbose?: boolean;
}

/** Starts a real nats-server with JetStream on 127.0.0.1. */
export async function startNats(options: NatsOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const tempDir = options.storeDir ? undefined : mkdtempSync(join(tmpdir(), 'banat-nats-'));
  const storeDir = options.storeDir ?? tempDir!;
  mkdirSync(storeDir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  if (options.configFile) args.push('-c', options.configFile);
  return launch('nats-server', toolPath('nats-server'), args, port, `nats://127.0.0.1:${port}`, options.verbose ?? false, () => tempDir && rmSync(tempDir, { recursive: true, force: true }));
}

export interface FerretOptions {
  port?: number;
  /** Directory for the SQLite files; a temporary one (removed on stop) when absent. */
  dataDir?: string;
  verbose?: boolean;
}

/** Starts a real FerretDB 1.x (SQLite backend) on 127.0.0.1, telemetry disabled, no debug listener. */
export async function startFerret(options: FerretOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const tempDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'banat-ferret-'));
  const dataDir = options.dataDir ?? tempDir!;
  mkdirSync(dataDir, { recursive: true });
  const args = [
    '--handler=sqlite',
    `--sqlite-url=file:${dataDir.endsWith('/') ? dataDir : dataDir + '/'}`,
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dataDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=WARN',
  ];
  return launch('ferretdb', toolPath('ferretdb'), args, port, `mongodb://127.0.0.1:${port}`, options.verbose ?? false, () => tempDir && rmSync(tempDir, { recursive: true, force: true }));
}

/** Both servers, for an integration test file: `const env = await startTestServers(); ... await env.stop()`. */
export async function startTestServers(options: { verbose?: boolean } = {}) {
  const [nats, mongo] = await Promise.all([startNats(options), startFerret(options)]);
  return {
    natsUrl: nats.url,
    mongoUrl: mongo.url,
    nats,
    mongo,
    stop: async () => {
      await Promise.all([nats.stop(), mongo.stop()]);
    },
  };
}
