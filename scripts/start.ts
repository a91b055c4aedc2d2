/**
 * `npm start`: local servers (unless NATS_URL / MONGO_URL point at running ones), every service and
 * the gateway, supervised. Ctrl-C stops all of it. Data is kept under .data/ between runs.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join, relative, resolve } from 'node:path';
import { ferretBackend, RunningServer, startFerret, startNats } from '../libs/testing/src/servers';
import { NATS_AUTH_CONF } from '../libs/testing/src/nats-auth';
import { localAuthSecret, localCredentialKey, localIdentityKeys, localNatsPasswords, natsPasswordsFile } from './local-secret';
import { SERVICE_NODE_FLAGS } from './service-flags';

const root = resolve(__dirname, '..', '..');
const SERVICES = ['registry', 'certification', 'network', 'events', 'exhibition', 'gateway'] as const;
const restartDelayMs = Number(process.env.RESTART_DELAY_MS ?? 2000);

const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

/**
 * With the bus secured (deploy/nats/auth.conf), each process connects as its own user: the
 * password comes from BANAT_NATS_PASSWORD_<SERVICE>, the variable the server's config reads too.
 */
function natsCredentials(service: string): NodeJS.ProcessEnv {
  const password = process.env[`BANAT_NATS_PASSWORD_${service.toUpperCase()}`];
  return password ? { NATS_USER: service, NATS_PASSWORD: password } : {};
}

/** Refuses a port another process holds (say, an earlier `npm start`): a server that cannot bind exits, and waiting for the port would find the other one. */
async function ensureFree(port: number, what: string, variable: string): Promise<void> {
  const free = await new Promise<boolean>((done) => {
    const probe = createServer().once('error', () => done(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => done(true)));
  });
  if (!free) throw new Error(`port ${port} for ${what} is already in use on 127.0.0.1 (another npm start still running?); stop it or set ${variable}`);
}

async function main(): Promise<void> {
  const t0 = Date.now();
  const servers: RunningServer[] = [];
  try {
    return await run(t0, servers);
  } catch (error) {
    // Whatever was started before the failure stops with it: a retry finds its ports free.
    await Promise.allSettled(servers.map((s) => s.stop()));
    throw error;
  }
}

async function run(t0: number, servers: RunningServer[]): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!process.env.NATS_URL) {
    const secured = process.env.NATS_AUTH !== 'off';
    // The local bus runs the deployment's permissions: each process connects as its own user.
    if (secured) Object.assign(process.env, localNatsPasswords());
    await ensureFree(Number(process.env.NATS_PORT ?? 4222), 'nats-server', 'NATS_PORT');
    const nats = await startNats({ port: Number(process.env.NATS_PORT ?? 4222), storeDir: join(root, '.data', 'nats'), configFile: secured ? NATS_AUTH_CONF : undefined });
    servers.push(nats);
    env.NATS_URL = nats.url;
    log(`nats-server (JetStream) on ${nats.url}, data in .data/nats${secured ? `; permissions of deploy/nats/auth.conf, passwords in ${relative(process.cwd(), natsPasswordsFile)}` : ''}`);
  }
  if (!process.env.MONGO_URL) {
    const backend = ferretBackend();
    await ensureFree(Number(process.env.MONGO_PORT ?? 27017), 'FerretDB', 'MONGO_PORT');
    const mongo = await startFerret({ port: Number(process.env.MONGO_PORT ?? 27017), dataDir: join(root, '.data', 'ferretdb'), backend });
    servers.push(mongo);
    env.MONGO_URL = mongo.url;
    log(`FerretDB on ${backend === 'postgresql' ? 'its own PostgreSQL (.data/ferretdb/postgresql)' : 'SQLite (.data/ferretdb)'} on ${mongo.url}`);
  }

  // Tokens for local use are signed with a secret kept in .data/ unless one is configured.
  if (!process.env.AUTH_JWT_SECRET && !process.env.AUTH_JWT_PUBLIC_KEY && !process.env.AUTH_JWKS_URL) env.AUTH_JWT_SECRET = localAuthSecret(true);
  // Who a request acts for is signed by the gateway and checked by the services; only the gateway gets the private key.
  Object.assign(env, localIdentityKeys());
  // Certificates are issued as verifiable credentials signed with the programme's key; only certification gets it.
  env.CREDENTIAL_SIGNING_KEY = localCredentialKey();
  env.CREDENTIAL_ISSUER ??= `http://127.0.0.1:${process.env.PORT ?? 3000}`;

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  const launch = (service: string) => {
    const { IDENTITY_PRIVATE_KEY, CREDENTIAL_SIGNING_KEY, ...shared } = env;
    const own = service === 'gateway' ? { IDENTITY_PRIVATE_KEY } : service === 'certification' ? { CREDENTIAL_SIGNING_KEY } : {};
    // METRICS_PORT is the first of consecutive ports, one per process in SERVICES' order.
    if (env.METRICS_PORT) Object.assign(own, { METRICS_PORT: String(Number(env.METRICS_PORT) + SERVICES.indexOf(service as (typeof SERVICES)[number])) });
    const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', service, 'src', 'main.js')], {
      env: { ...shared, ...own, ...natsCredentials(service), BANAT_SUPERVISOR_PID: String(process.pid) },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.set(service, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log(`${service} exited (${signal ?? code}); restarting in ${restartDelayMs} ms`);
      setTimeout(() => !stopping && launch(service), restartDelayMs);
    });
  };
  SERVICES.forEach(launch);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping services and servers`);
    await Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => (clearTimeout(timer), done()));
            child.kill('SIGTERM');
          }),
      ),
    );
    await Promise.all(servers.map((s) => s.stop()));
    log('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? '127.0.0.1';
  const base = `http://${host}:${port}`;
  const deadline = Date.now() + 120_000;
  while (!stopping && Date.now() < deadline) {
    const ready = await fetch(`${base}/ready`).then((r) => r.ok, () => false);
    if (ready) {
      log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s — gateway ${base}/api/v1 (docs ${base}/api/v1/docs, readiness ${base}/ready)`);
      log(`a token for a role: npm run token -- --role secretariat --sub ana  (roles: secretariat, expert, decision-maker, auditor, member, partner)`);
      return;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  if (!stopping) log(`not ready after 120 s: see ${base}/ready`);
}

main().catch((error) => {
  log(`failed: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
