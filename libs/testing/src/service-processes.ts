import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { testIdentityKeys } from './identity';
import { freePort, projectRoot } from './servers';

export const PLATFORM_SERVICES = ['registry', 'certification', 'network', 'events', 'exhibition', 'gateway'] as const;
export type PlatformService = (typeof PLATFORM_SERVICES)[number];

/** One service as its own OS process (compiled, from dist/), as `npm start` runs it, that a fault test may kill. */
export interface ServiceProcess {
  readonly name: PlatformService;
  /** The current process (a new one after `start`). */
  readonly process: ChildProcess;
  /** Sends a signal (SIGKILL: no chance to clean up) and waits until the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts the service again (after `kill`), with the same environment. */
  start(): void;
}

export interface ServiceProcesses {
  baseUrl: string;
  /** The HS256 secret the gateway verifies tokens with (sign test tokens with it). */
  authSecret: string;
  services: Record<PlatformService, ServiceProcess>;
  /** The tail of each service's output. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Every service and the gateway as separate child processes on the given servers (no supervisor:
 * the test decides when a killed one comes back). Run `npm run build` first. Resolves when /ready is green.
 */
export async function startServiceProcesses(options: { natsUrl: string; mongoUrl: string; env?: NodeJS.ProcessEnv; readyTimeoutMs?: number }): Promise<ServiceProcesses> {
  const port = await freePort();
  const authSecret = `fault-${process.pid}-secret-for-test-tokens-only`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NATS_URL: options.natsUrl,
    MONGO_URL: options.mongoUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    AUTH_JWT_SECRET: authSecret,
    ...testIdentityKeys,
    ...options.env,
  };
  // A tail per service: one chatty process does not push out what the others said.
  const tails = new Map<string, string>();
  const keep = (name: string) => (chunk: Buffer) => tails.set(name, ((tails.get(name) ?? '') + `[${name}] ${chunk}`).slice(-10000));
  const output = () => [...tails.values()].join('\n');
  const handle = (name: PlatformService): ServiceProcess => {
    let child: ChildProcess;
    const start = () => {
      child = spawn(process.execPath, ['-r', join(projectRoot, 'scripts', 'paths.js'), join(projectRoot, 'dist', 'services', name, 'src', 'main.js')], {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout?.on('data', keep(name));
      child.stderr?.on('data', keep(name));
    };
    start();
    return {
      name,
      get process() {
        return child;
      },
      start,
      kill: async (signal = 'SIGTERM') => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill(signal);
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      },
    };
  };
  const services = Object.fromEntries(PLATFORM_SERVICES.map((name) => [name, handle(name)])) as Record<PlatformService, ServiceProcess>;
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await Promise.all(Object.values(services).map((s) => s.kill('SIGTERM')));
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  while (Date.now() < deadline) {
    const exited = Object.values(services).find((s) => s.process.exitCode !== null);
    if (exited) break;
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) return { baseUrl, authSecret, services, output, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`services not ready:\n${output()}`);
}
