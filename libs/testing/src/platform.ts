import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { testIdentityKeys } from './identity';
import { startNatsWithAuth } from './nats-auth';
import { freePort, projectRoot, startFerret, startTestServers } from './servers';

export interface RunningPlatform {
  baseUrl: string;
  /** The HS256 secret the gateway verifies tokens with (sign test tokens with it). */
  authSecret: string;
  natsUrl: string;
  mongoUrl: string;
  launcher: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * The whole platform as `npm start` runs it (compiled: run `npm run build` first), on its own
 * nats-server and FerretDB on free ports, for end-to-end tests.
 */
export async function startPlatform(options: { readyTimeoutMs?: number; env?: NodeJS.ProcessEnv; natsAuth?: boolean } = {}): Promise<RunningPlatform> {
  const servers = options.natsAuth ? await securedServers() : { ...(await startTestServers()), credentials: {} };
  // The gateway's HTTP port: the caller's (`env.PORT`), or a free one.
  const port = options.env?.PORT ? Number(options.env.PORT) : await freePort();
  let output = '';
  const authSecret = `e2e-${process.pid}-secret-for-test-tokens-only`;
  const launcher = spawn(process.execPath, [join(projectRoot, 'dist', 'scripts', 'start.js')], {
    env: { ...process.env, NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', RESTART_DELAY_MS: '500', AUTH_JWT_SECRET: authSecret, ...testIdentityKeys, ...servers.credentials, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20000));
  launcher.stdout?.on('data', keep);
  launcher.stderr?.on('data', keep);
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (launcher.exitCode === null && launcher.signalCode === null) {
      const exited = new Promise((r) => launcher.once('exit', r));
      launcher.kill('SIGTERM');
      await exited;
    }
    await servers.stop();
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (launcher.exitCode !== null) break;
    if (await fetch(`${baseUrl}/ready`).then((r) => r.ok, () => false)) {
      return { baseUrl, authSecret, natsUrl: servers.natsUrl, mongoUrl: servers.mongoUrl, launcher, output: () => output, stop };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`platform not ready:\n${output}`);
}

/** nats-server running the project's permissions (deploy/nats/auth.conf), and each service's password. */
async function securedServers() {
  const [nats, mongo] = await Promise.all([startNatsWithAuth(), startFerret()]);
  const services = ['gateway', 'registry', 'certification', 'network', 'events', 'exhibition'];
  const credentials = Object.fromEntries(services.map((s) => [`BANAT_NATS_PASSWORD_${s.toUpperCase()}`, nats.passwordOf(s)]));
  return {
    natsUrl: nats.url,
    mongoUrl: mongo.url,
    credentials,
    stop: async () => {
      await Promise.all([nats.stop(), mongo.stop()]);
    },
  };
}
