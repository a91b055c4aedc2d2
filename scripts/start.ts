/**
 * `npm start`: local servers (unless NATS_URL / MONGO_URL point at running ones), every service and
 * the gateway, supervised. Data is kept under .data/ between runs.
 *
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP stops all of it in order: the gateway, then the services (each asked with SIGTERM
 * and waited for, killed after STOP_TIMEOUT_MS), then nats-server, then FerretDB, then its PostgreSQL; exit 0. Its
 * servers and processes run in process groups of their own, so that the terminal's Ctrl-C reaches this process only
 * (not the servers under the services' feet). Ctrl-C again while stopping kills everything at once (PostgreSQL gets its
 * fast shutdown) and exits 130.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, readlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, relative, resolve } from 'node:path';
import { constants } from 'node:os';
import { ferretBackend, projectRoot, RunningServer, startFerret, startNats } from '../libs/testing/src/servers';
import { NATS_AUTH_CONF } from '../libs/testing/src/nats-auth';
import { localAuthSecret, localCredentialKey, localIdentityKeys, localNatsPasswords, natsPasswordsFile } from './local-secret';
import { SERVICE_NODE_FLAGS } from './service-flags';

const root = projectRoot;
const SERVICES = ['registry', 'certification', 'network', 'events', 'exhibition', 'gateway'] as const;
const restartDelayMs = Number(process.env.RESTART_DELAY_MS ?? 2000);
/** How long the gateway, then the services, have to stop once asked (SIGTERM) before they are killed (SIGKILL). */
const stopTimeoutMs = Number(process.env.STOP_TIMEOUT_MS ?? 10_000);
/**
 * Where its servers keep their data and the run's lock: .data/. START_DATA_DIR moves them (its tests); the local secrets
 * (local-secret.ts) stay in .data/ unless their variables are set.
 */
const dataDir = process.env.START_DATA_DIR ? resolve(process.env.START_DATA_DIR) : join(root, '.data');

const log = (line: string) => process.stderr.write(`[start] ${line}\n`);

/**
 * With the bus secured (deploy/nats/auth.conf), each process connects as its own user: the
 * password comes from BANAT_NATS_PASSWORD_<SERVICE>, the variable the server's config reads too.
 */
function natsCredentials(service: string): NodeJS.ProcessEnv {
  const password = process.env[`BANAT_NATS_PASSWORD_${service.toUpperCase()}`];
  return password ? { NATS_USER: service, NATS_PASSWORD: password } : {};
}

/** Told once ready: how to get a token. `-s` keeps npm's own lines out of what `$(…)` captures. */
export const TOKEN_HINT = 'a token for a role: TOKEN=$(npm run -s token -- --role secretariat --sub ana)  (roles: secretariat, expert, decision-maker, auditor, member with --org <organisation id>; partner systems call with an API key, PARTNER_API_KEYS)';

/**
 * Told once ready: the gateway's origin, which answers (the web pages), then the API's path and the docs' and readiness's
 * addresses. (`${base}/api/v1`, printed as the gateway's address before, answered 404: nothing is served at the API's root.)
 */
export function readyLine(base: string, seconds: number): string {
  return `ready in ${seconds.toFixed(1)} s — gateway ${base} (web pages /, API /api/v1, docs ${base}/api/v1/docs, readiness ${base}/ready)`;
}

/** A port this run listens on itself or has one of its processes listen on, and the variable that moves it. */
export interface PlannedPort {
  port: number;
  what: string;
  variable: string;
  host: string;
}

/**
 * Every port this run binds: its nats-server's and FerretDB's (unless NATS_URL / MONGO_URL name running ones), the
 * gateway's (PORT on HOST) and, with METRICS_PORT, each process's metrics port (METRICS_PORT + its place in SERVICES).
 */
export function plannedPorts(env: NodeJS.ProcessEnv): PlannedPort[] {
  const ports: PlannedPort[] = [];
  if (!env.NATS_URL) ports.push({ port: Number(env.NATS_PORT ?? 4222), what: 'nats-server', variable: 'NATS_PORT', host: '127.0.0.1' });
  if (!env.MONGO_URL) ports.push({ port: Number(env.MONGO_PORT ?? 27017), what: 'FerretDB', variable: 'MONGO_PORT', host: '127.0.0.1' });
  ports.push({ port: Number(env.PORT ?? 3000), what: 'the gateway', variable: 'PORT', host: env.HOST ?? '127.0.0.1' });
  if (env.METRICS_PORT) {
    for (const service of SERVICES) {
      const port = metricsPortOf(env.METRICS_PORT, service);
      // Port 0: the system picks a free one.
      if (port !== 0) ports.push({ port, what: `the ${service} metrics`, variable: 'METRICS_PORT', host: env.METRICS_HOST ?? '127.0.0.1' });
    }
  }
  return ports;
}

/** METRICS_PORT is the first of consecutive ports, one per process in SERVICES' order. */
const metricsPortOf = (first: string, service: string) => Number(first) + SERVICES.indexOf(service as (typeof SERVICES)[number]);

/** A port this run cannot have: refused before anything starts, with the variable that moves it (no stack: nothing went wrong in here). */
export class PortUnavailable extends Error {}

/** .data/ held by another run: refused before anything starts (no stack either). */
export class DataDirInUse extends Error {}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims the data directory for this run's servers (`.data/start.pid`): two runs on one .data/ would start a second
 * nats-server on the first one's JetStream store, whatever their ports. Refused, naming the other run's pid, while it
 * lives; a lock left by a run that died is taken over. Returns what releases it.
 */
export function claimDataDir(lockFile = join(dataDir, 'start.pid'), pid = process.pid): () => void {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lockFile, `${pid}\n`, { flag: 'wx' });
      return () => {
        try {
          if (readFileSync(lockFile, 'utf8').trim() === String(pid)) unlinkSync(lockFile);
        } catch {
          // already gone
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(readFileSync(lockFile, 'utf8').trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== pid && isAlive(holder)) {
      throw new DataDirInUse(`${dirname(lockFile)} is in use by another npm start (pid ${holder}): stop it first (Ctrl-C there, or kill ${holder}); two runs cannot share their servers' data (if pid ${holder} is no npm start, delete ${lockFile})`);
    }
    unlinkSync(lockFile); // left by a run that died
  }
}
let releaseDataDir: () => void = () => undefined;

/**
 * Refuses a port another process holds (say, an earlier `npm start`): a server that cannot bind exits, and waiting for
 * the port would find the other one — the gateway restarting on EADDRINUSE for ever while the other's /ready answered.
 */
export async function ensureFree({ port, what, variable, host }: PlannedPort): Promise<void> {
  const failure = await new Promise<string | undefined>((done) => {
    const probe = createServer().once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    try {
      probe.listen(port, host, () => probe.close(() => done(undefined)));
    } catch (error) {
      done((error as NodeJS.ErrnoException).code ?? (error as Error).message); // a port out of range
    }
  });
  if (failure === 'EADDRINUSE') throw new PortUnavailable(`port ${port} for ${what} is already in use on ${host} (another npm start still running?); stop it or set ${variable}`);
  if (failure) throw new PortUnavailable(`port ${port} for ${what} cannot be listened on on ${host} (${failure}); set ${variable}`);
}

/** Every planned port free, and no two of this run's listeners on one port (the second would fail to bind on every restart). */
export async function ensurePortsFree(ports: readonly PlannedPort[]): Promise<void> {
  for (const [i, a] of ports.entries()) {
    const b = ports.slice(i + 1).find((other) => other.port === a.port);
    if (b) throw new PortUnavailable(`port ${a.port} is given both to ${a.what} (${a.variable}) and to ${b.what} (${b.variable}); set one of them to another port`);
  }
  for (const planned of ports) await ensureFree(planned);
}

/**
 * Whether process `pid` holds a TCP socket listening on `port`: the listening sockets of /proc/net/tcp{,6} on that port
 * (state 0A) among the sockets of /proc/<pid>/fd. Undefined where that cannot be read (no /proc: not Linux).
 */
export function listensOn(pid: number, port: number): boolean | undefined {
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const ipv4 = read('/proc/net/tcp');
  if (ipv4 === undefined) return undefined;
  const table = `${ipv4}\n${read('/proc/net/tcp6') ?? ''}`; // no tcp6 where IPv6 is off
  const listening = new Set<string>();
  for (const line of table.split('\n')) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10 || fields[3] !== '0A') continue;
    if (parseInt(fields[1]!.slice(fields[1]!.lastIndexOf(':') + 1), 16) === port) listening.add(`socket:[${fields[9]}]`);
  }
  if (listening.size === 0) return false;
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return listening.has(readlinkSync(`/proc/${pid}/fd/${fd}`));
      } catch {
        return false; // closed meanwhile
      }
    });
  } catch {
    return undefined;
  }
}

/**
 * This run's gateway is the one on the port: its process alive and, where the system says (Linux), itself listening on
 * it — not another process answering there. Without /proc, alive is all that is known; the port was free at the start.
 */
export function ownGatewayListening(gateway: ChildProcess | undefined, port: number): boolean {
  if (!gateway?.pid || gateway.exitCode !== null || gateway.signalCode !== null) return false;
  return listensOn(gateway.pid, port) ?? true;
}

/** Polls `${base}/ready` until this run's own gateway answers it 2xx: true; false at the deadline or once stopped. */
export async function gatewayReady(options: { base: string; port: number; gateway: () => ChildProcess | undefined; until: number; stopped?: () => boolean; everyMs?: number }): Promise<boolean> {
  while (!options.stopped?.() && Date.now() < options.until) {
    if (ownGatewayListening(options.gateway(), options.port) && (await fetch(`${options.base}/ready`).then((r) => r.ok, () => false))) return true;
    await new Promise((r) => setTimeout(r, options.everyMs ?? 250));
  }
  return false;
}

/** A service's command line: its dist/services/<name>/src/main.js with the aliases of scripts/paths.js. */
export function serviceArgs(service: string): string[] {
  return [...SERVICE_NODE_FLAGS, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', service, 'src', 'main.js')];
}

/** Asks a process to stop (SIGTERM) and resolves once it has exited: killed (SIGKILL) after `timeoutMs`, which the log says. */
export function stopProcess(name: string, child: ChildProcess | undefined, timeoutMs = stopTimeoutMs): Promise<void> {
  return new Promise((done) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    const timer = setTimeout(() => {
      log(`${name} still running ${timeoutMs} ms after SIGTERM: killed (STOP_TIMEOUT_MS)`);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill('SIGTERM');
  });
}

/** A server this run started, with its name for the log. */
interface OwnServer {
  name: string;
  server: RunningServer;
}

/** A signal this soon after the first is the same Ctrl-C told twice (by a wrapper forwarding the terminal's), not a second one. */
const SAME_SIGNAL_MS = 1000;

async function main(): Promise<void> {
  const t0 = Date.now();
  // In the order started, which is the order they stop in: nats-server, then FerretDB (which stops its PostgreSQL after it).
  const servers: OwnServer[] = [];
  const children = new Map<string, ChildProcess>();
  let stopping: NodeJS.Signals | undefined;
  let signalledAt = 0;
  let forced = false;
  // The servers' start while under way: a stop waits for it, then stops what it started.
  let serversStarting: Promise<unknown> = Promise.resolve();

  const stopServers = async () => {
    for (const { name, server } of servers) {
      const t = Date.now();
      await server.stop().then(
        () => log(`${name} stopped (${Date.now() - t} ms)`),
        (error: Error) => log(`${name} did not stop cleanly: ${error.message}`),
      );
    }
  };

  /** The gateway first (it answers the requests it has taken, the services still there), then the services, then the servers. */
  const stopInOrder = async (signal: NodeJS.Signals) => {
    const t = Date.now();
    log(`${signal}: stopping the gateway, then the services, then the servers (Ctrl-C again to kill them at once)`);
    if (children.has('gateway')) {
      await stopProcess('gateway', children.get('gateway'));
      log(`gateway stopped (${Date.now() - t} ms)`);
    }
    const services = SERVICES.filter((s) => s !== 'gateway' && children.has(s));
    if (services.length > 0) {
      const ts = Date.now();
      await Promise.all(services.map((s) => stopProcess(s, children.get(s))));
      log(`services stopped (${Date.now() - ts} ms)`);
    }
    await serversStarting;
    await stopServers();
    releaseDataDir();
    log(`stopped in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    process.exit(0);
  };

  /** Ctrl-C again: no more waiting. Processes and servers killed; PostgreSQL gets its fast shutdown, which keeps its data whole. */
  const stopAtOnce = async (signal: NodeJS.Signals) => {
    forced = true;
    log(`${signal} again: killing the services and servers at once`);
    for (const child of children.values()) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const { server } of servers) server.process.kill('SIGKILL');
    await Promise.allSettled(servers.map(({ server }) => server.stop()));
    releaseDataDir();
    process.exit(128 + (constants.signals[signal] ?? 2));
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (!stopping) {
      stopping = signal;
      signalledAt = Date.now();
      void stopInOrder(signal);
    } else if (!forced && Date.now() - signalledAt >= SAME_SIGNAL_MS) void stopAtOnce(signal);
  };
  // From the start: a Ctrl-C while the servers start stops them too (in groups of their own, the terminal's does not reach them).
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, onSignal);
  // The terminal closed (SIGHUP): the stop goes on without it.
  process.stderr.on('error', () => undefined);

  const launch = (service: string, env: NodeJS.ProcessEnv) => {
    const { IDENTITY_PRIVATE_KEY, CREDENTIAL_SIGNING_KEY, ...shared } = env;
    const own = service === 'gateway' ? { IDENTITY_PRIVATE_KEY } : service === 'certification' ? { CREDENTIAL_SIGNING_KEY } : {};
    if (env.METRICS_PORT) Object.assign(own, { METRICS_PORT: String(metricsPortOf(env.METRICS_PORT, service)) });
    const child = spawn(process.execPath, serviceArgs(service), {
      env: { ...shared, ...own, ...natsCredentials(service), BANAT_SUPERVISOR_PID: String(process.pid) },
      stdio: ['ignore', 'inherit', 'inherit'],
      // Its own process group: stopped by this process, in its turn, not by the terminal's Ctrl-C.
      detached: true,
    });
    children.set(service, child);
    child.on('exit', (code, signal) => {
      if (stopping) return;
      log(`${service} exited (${signal ?? code}); restarting in ${restartDelayMs} ms`);
      setTimeout(() => !stopping && launch(service, env), restartDelayMs);
    });
  };

  try {
    // Before anything starts: every port this run needs is free (or the variable that moves it is named).
    await ensurePortsFree(plannedPorts(process.env));
    // And no other run is using the data directory for its servers.
    if (!process.env.NATS_URL || !process.env.MONGO_URL) releaseDataDir = claimDataDir();
    const started = startServers(servers);
    serversStarting = started.catch(() => undefined);
    const env = await started;
    if (stopping) return;

    SERVICES.forEach((service) => launch(service, env));

    const port = Number(process.env.PORT ?? 3000);
    const host = process.env.HOST ?? '127.0.0.1';
    const base = `http://${host}:${port}`;
    // Ready when this run's gateway answers: not whatever else answers on the port.
    if (await gatewayReady({ base, port, gateway: () => children.get('gateway'), until: Date.now() + 120_000, stopped: () => stopping !== undefined })) {
      log(readyLine(base, (Date.now() - t0) / 1000));
      log(TOKEN_HINT);
      return;
    }
    if (stopping) return;
    const taken = await ensureFree({ port, what: 'the gateway', variable: 'PORT', host }).then(() => false, () => true);
    if (taken && !ownGatewayListening(children.get('gateway'), port)) log(`not ready after 120 s: port ${port} on ${host} is held by another process, not this run's gateway; stop it or set PORT`);
    else log(`not ready after 120 s: see ${base}/ready`);
  } catch (error) {
    // Stopping already: that stop ends the process.
    if (stopping) return;
    // Whatever was started before the failure stops with it, in order: a retry finds its ports free.
    await stopServers();
    releaseDataDir();
    throw error;
  }
}

/** Its own nats-server and FerretDB (unless NATS_URL / MONGO_URL name running ones), each added to `servers` once up; the services' environment. */
async function startServers(servers: OwnServer[]): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!process.env.NATS_URL) {
    const secured = process.env.NATS_AUTH !== 'off';
    // The local bus runs the deployment's permissions: each process connects as its own user.
    if (secured) Object.assign(process.env, localNatsPasswords());
    const nats = await startNats({ port: Number(process.env.NATS_PORT ?? 4222), storeDir: join(dataDir, 'nats'), configFile: secured ? NATS_AUTH_CONF : undefined, detached: true });
    servers.push({ name: 'nats-server', server: nats });
    env.NATS_URL = nats.url;
    log(`nats-server (JetStream) on ${nats.url}, data in ${relative(process.cwd(), join(dataDir, 'nats'))}${secured ? `; permissions of deploy/nats/auth.conf, passwords in ${relative(process.cwd(), natsPasswordsFile)}` : ''}`);
  }
  if (!process.env.MONGO_URL) {
    const backend = ferretBackend();
    const dir = join(dataDir, 'ferretdb');
    const mongo = await startFerret({ port: Number(process.env.MONGO_PORT ?? 27017), dataDir: dir, backend, detached: true });
    servers.push({ name: backend === 'postgresql' ? 'FerretDB, then its PostgreSQL,' : 'FerretDB', server: mongo });
    env.MONGO_URL = mongo.url;
    log(`FerretDB on ${backend === 'postgresql' ? `its own PostgreSQL (${relative(process.cwd(), join(dir, 'postgresql'))})` : `SQLite (${relative(process.cwd(), dir)})`} on ${mongo.url}`);
  }

  // Tokens for local use are signed with a secret kept in .data/ unless one is configured.
  if (!process.env.AUTH_JWT_SECRET && !process.env.AUTH_JWT_PUBLIC_KEY && !process.env.AUTH_JWKS_URL) env.AUTH_JWT_SECRET = localAuthSecret(true);
  // Who a request acts for is signed by the gateway and checked by the services; only the gateway gets the private key.
  Object.assign(env, localIdentityKeys());
  // Certificates are issued as verifiable credentials signed with the programme's key; only certification gets it.
  env.CREDENTIAL_SIGNING_KEY = localCredentialKey();
  // Their issuer id is PUBLIC_BASE_URL, read by each start (unset: http://127.0.0.1:$PORT); never kept in .data/.
  return env;
}

// Run as a program (`node dist/scripts/start.js`); imported (its tests), it only defines.
if (require.main === module) {
  main().catch((error) => {
    log(`failed: ${error instanceof PortUnavailable || error instanceof DataDirInUse ? error.message : ((error as Error).stack ?? error)}`);
    process.exit(1);
  });
}
