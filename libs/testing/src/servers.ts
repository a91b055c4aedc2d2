import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

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
  /** FerretDB on PostgreSQL: a statement run on the PostgreSQL behind it (psql -At), its output. */
  readonly sql?: (query: string) => string;
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
async function launch(name: string, bin: string, args: string[], port: number, url: string, verbose: boolean, cleanup?: () => unknown, detached = false, env?: NodeJS.ProcessEnv): Promise<RunningServer> {
  const spawnOnce = async () => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], detached, ...(env ? { env: { ...process.env, ...env } } : {}) });
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
      await cleanup?.();
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
  /** In a process group of its own: a terminal's Ctrl-C reaches only the caller, which stops it in its turn (`npm start`). */
  detached?: boolean;
}

/** Starts a real nats-server with JetStream on 127.0.0.1. */
export async function startNats(options: NatsOptions = {}): Promise<RunningServer> {
  const port = options.port ?? (await freePort());
  const tempDir = options.storeDir ? undefined : mkdtempSync(join(tmpdir(), 'banat-nats-'));
  const storeDir = options.storeDir ?? tempDir!;
  mkdirSync(storeDir, { recursive: true });
  const args = ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir];
  if (options.configFile) args.push('-c', options.configFile);
  return launch('nats-server', toolPath('nats-server'), args, port, `nats://127.0.0.1:${port}`, options.verbose ?? false, () => tempDir && rmSync(tempDir, { recursive: true, force: true }), options.detached);
}

export type FerretBackend = 'postgresql' | 'sqlite';

export interface FerretOptions {
  port?: number;
  /** Directory for the backend's data (PostgreSQL cluster or SQLite files); a temporary one (removed on stop) when absent. */
  dataDir?: string;
  /** `FERRETDB_BACKEND` or `postgresql`: FerretDB on SQLite rewrites scale with the collection's size. */
  backend?: FerretBackend;
  verbose?: boolean;
  /** FerretDB and its PostgreSQL in process groups of their own, as NatsOptions.detached; stop() stops FerretDB, then PostgreSQL. */
  detached?: boolean;
}

export function ferretBackend(value = process.env.FERRETDB_BACKEND): FerretBackend {
  if (value === undefined || value === '' || value === 'postgresql') return 'postgresql';
  if (value === 'sqlite') return 'sqlite';
  throw new Error(`FERRETDB_BACKEND must be postgresql or sqlite, not '${value}'`);
}

/**
 * Starts a real FerretDB 1.x on 127.0.0.1, telemetry disabled, no debug listener: on its own
 * PostgreSQL (default) or on SQLite files (`FERRETDB_BACKEND=sqlite`).
 */
export async function startFerret(options: FerretOptions = {}): Promise<RunningServer> {
  const gogc = ferretGogc();
  const toast = toastCompression();
  const port = options.port ?? (await freePort());
  const tempDir = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'banat-ferret-'));
  const dataDir = options.dataDir ?? tempDir!;
  mkdirSync(dataDir, { recursive: true });
  const backend = options.backend ?? ferretBackend();
  const verbose = options.verbose ?? false;
  const ferretdb = toolPath('ferretdb');
  const postgres = backend === 'postgresql' ? await startPostgres(join(dataDir, 'postgresql'), { durable: !tempDir, verbose, detached: options.detached ?? false, toast }) : undefined;
  const args = [
    ...(postgres
      ? ['--handler=postgresql', `--postgresql-url=${postgres.url}`]
      : ['--handler=sqlite', `--sqlite-url=file:${dataDir.endsWith('/') ? dataDir : dataDir + '/'}`]),
    `--listen-addr=127.0.0.1:${port}`,
    `--state-dir=${dataDir}`,
    '--telemetry=disable',
    '--debug-addr=-',
    '--log-level=WARN',
  ];
  try {
    const server = await launch('ferretdb', ferretdb, args, port, `mongodb://127.0.0.1:${port}`, verbose, async () => {
      await postgres?.stop();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    }, options.detached, { GOGC: gogc });
    return postgres ? Object.assign(server, { sql: postgres.sql }) : server;
  } catch (error) {
    await postgres?.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    throw error;
  }
}

/** PostgreSQL's `default_toast_compression`: `PG_TOAST_COMPRESSION`, `lz4` unless set (`pglz` for a server built without lz4). */
function toastCompression(): string {
  const value = process.env.PG_TOAST_COMPRESSION ?? 'lz4';
  if (value !== 'lz4' && value !== 'pglz') throw new Error(`PG_TOAST_COMPRESSION must be lz4 or pglz, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * FerretDB's garbage collector target (`GOGC`, Go's default 100): FerretDB decodes every document it
 * reads or writes into many small objects, and at 100 its collector took 13-20% of its CPU (perf,
 * `audit rebuild`); at 400 the heap may grow to five times what is live before a collection (its
 * resident peak in `bench-audit-rebuild`: 236 MB at 100, 0.55–0.71 GB at 400). `FERRETDB_GOGC` sets another.
 */
export function ferretGogc(): string {
  const value = process.env.FERRETDB_GOGC ?? '400';
  if (!/^(\d+|off)$/.test(value)) throw new Error(`FERRETDB_GOGC must be a whole number or "off", got ${JSON.stringify(value)}`);
  return value;
}

/** PostgreSQL's server programs: `PG_BIN`, the newest /usr/lib/postgresql/<version>/bin (Debian), or PATH. */
export function postgresBin(): string {
  const candidates = [
    process.env.PG_BIN,
    ...(existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)).map((v) => `/usr/lib/postgresql/${v}/bin`) : []),
    ...(process.env.PATH ?? '').split(':'),
  ].filter((dir): dir is string => !!dir);
  const dir = candidates.find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'postgres')));
  if (dir) return dir;
  throw new Error("PostgreSQL's server programs (initdb, postgres) not found: install them (Debian/Ubuntu: apt-get install postgresql) or set PG_BIN, or use FERRETDB_BACKEND=sqlite");
}

/** PostgreSQL refuses to run as root: then its programs run as `nobody`, owning the cluster's directory. */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const user = process.env.PG_RUN_AS ?? 'nobody';
  const id = (flag: string) => Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL cluster for FerretDB: created in `dir` when missing, listening on a free port of
 * 127.0.0.1 (password logins only, and no role has one) and on a unix socket inside `dir` (the only
 * way in, for its owner: FerretDB connects there). A temporary cluster skips fsync.
 */
async function startPostgres(dir: string, options: { durable: boolean; verbose: boolean; detached: boolean; toast: string }): Promise<{ url: string; stop(): Promise<void>; sql(query: string): string }> {
  const bin = postgresBin();
  const owner = unprivileged();
  const as = owner ? { uid: owner.uid, gid: owner.gid } : {};
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdtemp makes 0700 directories: the owner must be able to pass through the parent.
  if (owner && (statSync(dirname(dir)).mode & 0o001) === 0) chmodSync(dirname(dir), statSync(dirname(dir)).mode | 0o111);
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    try {
      execFileSync(join(bin, 'initdb'), ['-D', dir, '-U', 'banat', '-E', 'UTF8', '--locale=C', '--auth-local=trust', '--auth-host=scram-sha-256'], { ...as, cwd: dir, stdio: 'pipe' });
    } catch (error) {
      const e = error as { stderr?: Buffer; message: string };
      throw new Error(`initdb of ${dir} failed${owner ? ' (run as nobody: every directory above it must be searchable by that user)' : ''}: ${e.stderr?.toString() || e.message}`);
    }
  }
  const port = await freePort();
  const settings = [
    ['listen_addresses', '127.0.0.1'],
    ['port', String(port)],
    ['unix_socket_directories', dir],
    ['unix_socket_permissions', '0700'],
    ['synchronous_commit', 'off'],
    // FerretDB's documents (JSON with a schema beside each value) pass PostgreSQL's 2 kB TOAST threshold
    // and were compressed with pglz: a fifth of PostgreSQL's CPU in an `audit rebuild`. lz4 (in
    // Debian's build) costs a fraction of that; values written before keep their compression.
    ['default_toast_compression', options.toast],
    // Room for FerretDB's pool (pool_max_conns below) beside PostgreSQL's own processes.
    ['max_connections', '500'],
    ...(options.durable ? [] : [['fsync', 'off'], ['full_page_writes', 'off'], ['shared_buffers', '32MB']]),
  ];
  const child = spawn(join(bin, 'postgres'), ['-D', dir, ...settings.flatMap(([k, v]) => ['-c', `${k}=${v}`])], { ...as, cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached });
  const output = collectOutput(child, 'postgres', options.verbose);
  // Fast shutdown (SIGINT): ends the sessions, checkpoints, exits.
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited with code ${child.exitCode} before accepting connections\n${output()}`);
    const ready = await new Promise<boolean>((done) => execFile(join(bin, 'pg_isready'), ['-q', '-h', dir, '-p', String(port), '-U', 'banat', '-d', 'postgres'], (err) => done(!err)));
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`postgres did not accept connections within 30 s\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const sql = (query: string): string =>
    execFileSync(join(bin, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-h', dir, '-p', String(port), '-U', 'banat', '-d', 'postgres', '-Atc', query], { ...as, cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    sql(INDEX_FERRET_IDS);
  } catch (error) {
    await stop();
    const e = error as { stderr?: string; message: string };
    throw new Error(`indexing FerretDB's _id lookups in ${dir} failed: ${e.stderr || e.message}`);
  }
  // FerretDB holds a PostgreSQL connection per client connection in use; its pool's default of 50
  // hangs a process with many mongoose connections (seen: 11 read models' pools in one test file).
  return { url: `postgres://banat@/postgres?host=${encodeURIComponent(dir)}&port=${port}&pool_max_conns=400`, stop, sql };
}

/**
 * FerretDB 1.24 on PostgreSQL looks a document up by `_id` with `_jsonb->'_id' @> $value`, which its
 * own unique btree index on `_jsonb->'_id'` cannot serve: every findOne, replaceOne and conditional
 * update by `_id` read the whole table (30 ms a lookup at 10,000 documents of 3 KB; 3.9 ms with this
 * index). A GIN index on the same expression serves `@>`: an event trigger adds it to every table
 * FerretDB creates (a table with its `_jsonb` column), and the statement adds it to tables made
 * before. Idempotent; run at every start of the cluster.
 */
const INDEX_FERRET_IDS = `
CREATE OR REPLACE FUNCTION banat_index_ferret_table(rel regclass) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = rel AND attname = '_jsonb' AND NOT attisdropped) THEN
    EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb->''_id''))', left((SELECT relname FROM pg_class WHERE oid = rel), 50) || '_id_gin', rel);
  END IF;
END $fn$;
CREATE OR REPLACE FUNCTION banat_index_ferret_tables() RETURNS event_trigger LANGUAGE plpgsql AS $fn$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid FROM pg_event_trigger_ddl_commands() WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    PERFORM banat_index_ferret_table(r.objid::regclass);
  END LOOP;
END $fn$;
DROP EVENT TRIGGER IF EXISTS banat_index_ferret_tables;
CREATE EVENT TRIGGER banat_index_ferret_tables ON ddl_command_end WHEN TAG IN ('CREATE TABLE') EXECUTE FUNCTION banat_index_ferret_tables();
SELECT count(banat_index_ferret_table(c.oid)) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind = 'r' AND n.nspname NOT IN ('pg_catalog', 'information_schema');
`;

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
