/**
 * HTTP benchmark (no assertions), each service in its own process as `npm start` runs it, on fresh
 * local servers (FerretDB on the backend FERRETDB_BACKEND picks):
 *  1. the CSV import of a member list through the gateway (BENCH_IMPORT_ROWS rows per file, files
 *     until BENCH_ORGS organisations): rows/s, the report checked row by row;
 *  2. with autocannon against the gateway's `/health` (baseline): organisation search over
 *     BENCH_ORGS organisations, one organisation by id, booth search over BENCH_ORGS booths (each
 *     with its products, written straight into the exhibition's read model), product search over
 *     BENCH_ORGS product pages (one a booth, written straight into theirs): each at saturation
 *     (BENCH_CONNECTIONS connections in a closed loop: the most it answers, its latency mostly the
 *     queue behind the other connections) and, for the searches, at a fixed offered rate
 *     (BENCH_RATE req/s, open loop: the latency a client sees at that load; see fixedRate);
 *  3. idle RSS of every service.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-http.js
 * (BENCH_ORGS=10000 BENCH_IMPORT_ROWS=5000 BENCH_SECONDS=5 BENCH_CONNECTIONS=50 BENCH_RATE=1000 BENCH_PROFILE=<dir> BENCH_PHASES=registry,exhibition,rss)
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { parse as parseCsv } from 'csv-parse/sync';
import mongoose from 'mongoose';
import { CertificationEvents, OrganisationView } from '../libs/contracts/src';
import { changeStamp } from '../libs/messaging/src';
import { freePort, startTestServers, testIdentityKeys, validRomanianCuis } from '../libs/testing/src';
import { issueLocalToken } from '../services/gateway/src/auth/issue-token';
import { derive, emptyBooth, foldText, searchText, toCertificateFact, withCertificateFact, withOrganisation } from '../services/exhibition/src/domain';
import { toFields } from '../services/exhibition/src/read-models/booth.mapping';
import { SERVICE_NODE_FLAGS } from './service-flags';

const root = resolve(__dirname, '..', '..');
const ORGS = Number(process.env.BENCH_ORGS ?? 10_000);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const SECRET = 'bench-http-secret-of-at-least-32-characters';

const TRADES = [['ro', 'Brutăria'], ['ro', 'Vinăria'], ['ro', 'Stupina'], ['ro', 'Moara'], ['sr_latn', 'Mlekara'], ['sr_latn', 'Pekara'], ['sr_cyrl', 'Пекара'], ['sr_cyrl', 'Медара'], ['hu', 'Fűszerpaprika'], ['hu', 'Gazdaság']] as const;
const PLACES = ['Timișoara', 'Arad', 'Reșița', 'Lugoj', 'Zrenjanin', 'Vršac', 'Pančevo', 'Kikinda', 'Szeged', 'Makó', 'Caransebeș', 'Jimbolia'];
const CYRILLIC_PLACES = ['Панчево', 'Кикинда', 'Вршац', 'Зрењанин'];
const nameOf = (i: number) => {
  const [lang, trade] = TRADES[i % TRADES.length];
  const round = Math.floor(i / TRADES.length);
  return { lang, text: `${trade} ${lang === 'sr_cyrl' ? CYRILLIC_PLACES[round % CYRILLIC_PLACES.length] : PLACES[round % PLACES.length]} ${i}` };
};
// An index keeps what recent queries matched: these (a query and a 4-digit number, 9,000 of them, each new in a run) show the cost of a search without it.
const newQueries = (queries: string[]) => Array.from({ length: 9_000 }, (_, i) => `${queries[i % queries.length]} ${1000 + ((i * 7) % 9_000)}`);
const QUERIES = ['brutaria', 'pekara pancevo', 'Пекара', 'mlekara zren', 'fuszerpaprika szeged', 'vinarja arad', 'medara vrsac', 'stup', 'timisoara', 'kikinda'];
const NEW_QUERIES = newQueries(QUERIES);
// Product pages are searched like booths (exhibitor-pages.service.ts): the same queries, spelt right so that the check of the
// exhibition phase finds its product by word prefix alone.
const PRODUCT_QUERIES = QUERIES.map((q) => q.replace('vinarja', 'vinaria'));

function spawnService(service: string, env: NodeJS.ProcessEnv): ChildProcess {
  // BENCH_PROFILE=<dir>: a CPU profile of every service (node --cpu-prof), written when it stops.
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE, '--cpu-prof-name', `${service}-${Date.now()}.cpuprofile`] : [];
  return spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...profile, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', service, 'src', 'main.js')], {
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    stdio: 'inherit',
  });
}

/**
 * Stops the processes in the reverse of their start, one after another: the gateway (started last) answers its last
 * requests while the services behind it still run (stopped all at once, it logged a request a stopped service never answered).
 */
async function stopAll(children: ChildProcess[]): Promise<void> {
  for (const c of [...children].reverse()) await new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : (c.once('exit', r), c.kill('SIGTERM'))));
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
// CPU a process has used (user + system, clock ticks of 10 ms): per request it shows a service's cost apart from the
// machine's load (the load tool, nats-server and FerretDB share its 2 cores), which moves req/s.
const cpuMs = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
};

interface Load {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU per answered request (µs) of the gateway and of the service behind it. */
  cpuUs: [number, number];
}

/** Two seconds over every path measured, not counted: the first load would otherwise pay for the gateway's warm-up (JIT, first connections). */
async function warmUp(base: string, paths: string[]): Promise<void> {
  let next = 0;
  await autocannon({ url: base, connections: CONNECTIONS, duration: 2, requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }] });
}

async function load(name: string, base: string, paths: string[], pids: [number, number]): Promise<Load> {
  let next = 0;
  const t0 = process.hrtime.bigint();
  const cpu0 = pids.map(cpuMs);
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
  });
  // The monotonic clock a CPU profile's samples are timed on (µs): this load's window in the profiles.
  if (process.env.BENCH_PROFILE) console.error(`[bench] ${name}: ${t0 / 1000n}..${process.hrtime.bigint() / 1000n} µs`);
  // Nothing answered within the run (every request slower than it): no CPU per request to show (NaN, printed as such).
  const answered = result.requests.total;
  const cpuUs = pids.map((pid, i) => ((cpuMs(pid) - cpu0[i]!) * 1000) / answered) as [number, number];
  return { name, perSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts, cpuUs };
}

function printLoads(title: string, service: string, rows: Load[], targets: Record<string, string>): void {
  console.log(`\n${title}: SATURATION (autocannon, ${CONNECTIONS} connections in a closed loop, ${SECONDS} s each: the most it answers; latency mostly the queue behind the other connections)`);
  console.log(`CPU per request of the gateway and the ${service} service, µs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('path'.padEnd(52), 'req/s'.padStart(8), 'p50 ms'.padStart(7), 'p99 ms'.padStart(7), 'x /health'.padStart(10), 'errors'.padStart(7), 'gw CPU'.padStart(7), 'svc CPU'.padStart(8), '  target');
  for (const r of rows) {
    console.log(r.name.padEnd(52), r.perSecond.toFixed(0).padStart(8), String(r.p50).padStart(7), String(r.p99).padStart(7), (r.perSecond / rows[0].perSecond).toFixed(2).padStart(10), String(r.errors).padStart(7), r.cpuUs[0].toFixed(0).padStart(7), r.cpuUs[1].toFixed(0).padStart(8), `  ${targets[r.name] ?? ''}`);
  }
}

interface FixedLoad {
  name: string;
  /** Why it was not run: its saturation rate is far below the offered rate (the queue would only grow). */
  skipped?: string;
  /** Requests answered per second over the run (the offered rate when the gateway keeps up). */
  perSecond: number;
  /** Latency from the time each request was due to be sent to its whole answer (ms). */
  p50: number;
  p975: number;
  p99: number;
  max: number;
  errors: number;
  cpuUs: [number, number];
  /** The load tool itself: how late it sent its 99th percentile and its latest request (ms), its CPU per request (µs). */
  tool: { lateP99: number; lateMax: number; cpuUs: number };
}

/** The value at quantile `q` of sorted values (nearest rank). */
const quantile = (sorted: Float64Array, q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;

/** The pinned load tool of the fixed-rate runs (scripts/tools.sh --bench builds it). */
const VEGETA = join(root, '.tools', 'bin', 'vegeta');

/**
 * `rate` requests a second over `paths` with vegeta (`attack -rate`), each sent at its own time (one every 1/rate s), whether or
 * not earlier ones were answered (open loop), on as many keep-alive connections as are busy at once: the load a crowd of
 * clients offers. Each latency is counted from the time its request was due (the first request's start plus seq/rate), not
 * from when it went out, so a gateway (or a load tool) that falls behind shows it in full: no coordinated omission. vegeta is
 * a well-kept load tool made for this (it replaced a hand-written node:http client), in a process of its own; its CPU per
 * request (250–440 µs here, against the node:http client's 360–390) is taken from the cores the gateway and the service
 * share, so it is printed. Not autocannon's `overallRate`: its connections
 * each send their share of a second back to back as soon as the second starts (bursts of every connection at once, then
 * idle: the saturation run's queue again), and its correction of coordinated omission takes 1/rate seconds as the interval
 * between requests in milliseconds (1 ms whatever the rate), adding made-up samples to every latency above 1 ms. The
 * first second (connections opening) is not counted.
 */
async function fixedRate(name: string, base: string, paths: string[], pids: [number, number], saturation?: Load, rate = RATE): Promise<FixedLoad> {
  if (saturation && saturation.perSecond < rate / 2) {
    return { name, skipped: `not run: ${saturation.perSecond.toFixed(0)} req/s at saturation, under half the offered rate`, perSecond: 0, p50: 0, p975: 0, p99: 0, max: 0, errors: 0, cpuUs: [0, 0], tool: { lateP99: 0, lateMax: 0, cpuUs: 0 } };
  }
  if (!existsSync(VEGETA)) throw new Error(`${VEGETA} is missing: build it with 'bash scripts/tools.sh --bench' (npm run bench does)`);
  const dir = mkdtempSync(join(tmpdir(), 'banat-vegeta-'));
  try {
    return await offerRate(dir, name, base, paths, pids, rate);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function offerRate(dir: string, name: string, base: string, paths: string[], pids: [number, number], rate: number): Promise<FixedLoad> {
  const warm = rate;
  const targets = join(dir, 'targets');
  writeFileSync(targets, paths.map((path) => `GET ${base}${path}\n`).join('\n'));
  const results = join(dir, 'results.bin');
  // bash's `times` prints the CPU its children used (user, then system): vegeta's own cost, read once it has exited.
  const script = '"$0" attack -rate "$1/1s" -duration "$2s" -targets "$3" -format http -keepalive -max-body 0 -timeout 10s -output "$4" && times';
  // One Go thread: at this rate two only add the scheduler's spinning (5,000 requests: 1.26 s of CPU with one, 1.71 s with two).
  const attack = spawn('bash', ['-c', script, VEGETA, String(rate), String(SECONDS + 1), targets, results], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GOMAXPROCS: '1' } });
  let out = '';
  attack.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // The services' CPU from the end of the uncounted first second to the end of the run.
  let cpu0 = pids.map(cpuMs);
  const counting = setTimeout(() => (cpu0 = pids.map(cpuMs)), 1000);
  const code = await new Promise<number | null>((resolveExit) => attack.once('exit', resolveExit));
  clearTimeout(counting);
  const cpu1 = pids.map(cpuMs);
  if (code !== 0) throw new Error(`vegeta attack ${name}: exited with ${code}`);
  const children = /\n(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(out);
  const toolSeconds = children ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4]) : NaN;
  const csv = await new Promise<string>((resolveCsv, reject) =>
    execFile(VEGETA, ['encode', '--to', 'csv', results], { maxBuffer: 1 << 30 }, (error, stdout) => (error ? reject(error) : resolveCsv(stdout))),
  );
  // Columns: start (Unix ns), status code, latency (ns), bytes out, bytes in, error, body (base64, empty: -max-body 0), attack, seq, …
  const rows = parseCsv(csv, { relax_column_count: true }) as string[][];
  const bySeq = new Map(rows.map((row) => [Number(row[8]), row]));
  const first = bySeq.get(0);
  // vegeta stops when the duration is over: the last request due at its very end may not have been sent (5,999 of 6,000).
  if (!first || rows.length < warm + rate * SECONDS - rate / 100) throw new Error(`vegeta attack ${name}: ${rows.length} results of ${warm + rate * SECONDS} due`);
  // The schedule's start: request seq was due seq/rate after it, and the earliest of them against that schedule went out on time.
  const base0 = BigInt(first[0]!);
  const msSince = (ns: bigint) => Number(ns - base0) / 1e6;
  let start = 0;
  for (const row of rows) start = Math.min(start, msSince(BigInt(row[0]!)) - (Number(row[8]) * 1000) / rate);
  const count = rows.length - warm;
  const latencies = new Float64Array(count);
  const late = new Float64Array(count);
  let errors = 0;
  let firstDue = Infinity;
  let lastEnd = 0;
  for (let seq = warm; seq < warm + count; seq++) {
    const row = bySeq.get(seq)!;
    const due = start + (seq * 1000) / rate;
    const began = msSince(BigInt(row[0]!));
    const end = began + Number(row[2]) / 1e6;
    latencies[seq - warm] = end - due;
    late[seq - warm] = began - due;
    if (row[1] !== '200') errors++;
    firstDue = Math.min(firstDue, due);
    lastEnd = Math.max(lastEnd, end);
  }
  const cpuUs = pids.map((_, i) => ((cpu1[i]! - cpu0[i]!) * 1000) / count) as [number, number];
  latencies.sort();
  late.sort();
  const tool = { lateP99: quantile(late, 0.99), lateMax: late[count - 1]!, cpuUs: (toolSeconds * 1e6) / rows.length };
  return { name, perSecond: count / ((lastEnd - firstDue) / 1000), p50: quantile(latencies, 0.5), p975: quantile(latencies, 0.975), p99: quantile(latencies, 0.99), max: latencies[count - 1]!, errors, cpuUs, tool };
}

function printFixedRate(title: string, service: string, rows: FixedLoad[], targets: Record<string, string>): void {
  console.log(`\n${title}: FIXED OFFERED RATE, ${RATE} req/s for ${SECONDS} s, open loop (each request sent on time, answered or not), keep-alive connections as needed`);
  console.log(`latency: from the time a request was due to its whole answer, ms (no coordinated omission); CPU per request of the gateway and the ${service} service, µs; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`(the load tool, vegeta in its own process: how late it sent the 99th percentile and the latest of its requests, ms, and its CPU per request, µs: a late tool counts against the gateway)`);
  console.log('path'.padEnd(52), 'req/s'.padStart(8), 'p50'.padStart(7), 'p97.5'.padStart(7), 'p99'.padStart(7), 'max'.padStart(7), 'errors'.padStart(7), 'gw CPU'.padStart(7), 'svc CPU'.padStart(8), 'tool late p99/max, CPU'.padStart(24), '  target');
  for (const r of rows) {
    if (r.skipped) console.log(r.name.padEnd(52), ` ${r.skipped}`);
    else console.log(r.name.padEnd(52), r.perSecond.toFixed(0).padStart(8), ...[r.p50, r.p975, r.p99, r.max].map((v) => v.toFixed(1).padStart(7)), String(r.errors).padStart(7), r.cpuUs[0].toFixed(0).padStart(7), r.cpuUs[1].toFixed(0).padStart(8), `${r.tool.lateP99.toFixed(1)}/${r.tool.lateMax.toFixed(1)}, ${r.tool.cpuUs.toFixed(0)}`.padStart(24), `  ${targets[r.name] ?? ''}`);
  }
}

/** Phase 1 and 2 (registry): import, then search and read by id. */
async function registryPhase(): Promise<void> {
  const env = await startTestServers();
  const port = await freePort();
  const common = { NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, AUTH_JWT_SECRET: SECRET, ...testIdentityKeys };
  // The throttler (in-memory storage) filters every hit still in its window on each request: one client with a limit
  // of 10^9 over 60 s would make that O(requests per minute), a cost no real client (300 per minute) causes. A 1 s
  // window keeps the load tool's single address near a real client's cost while never refusing it.
  const children = [spawnService('registry', common), spawnService('gateway', { ...common, PORT: String(port), HTTP_BODY_LIMIT: '4mb', THROTTLE_LIMIT: '1000000000', THROTTLE_TTL_MS: '1000' })];
  const base = `http://127.0.0.1:${port}`;
  try {
    await until('registry through the gateway', async () => (await fetch(`${base}/api/v1/organisations?pageSize=1`)).ok);
    const auth = { authorization: `Bearer ${await issueLocalToken({ AUTH_JWT_SECRET: SECRET, AUTH_ISSUER: 'made-in-banat-local', AUTH_AUDIENCE: 'made-in-banat-api' }, { role: 'secretariat', sub: 'bench' })}`, 'content-type': 'application/json' };
    const cuis = validRomanianCuis(ORGS);
    const imports: string[] = [];
    for (let from = 0; from < ORGS; from += IMPORT_ROWS) {
      const lines = ['name_ro,name_sr_latn,name_sr_cyrl,name_hu,kind,country,region,legal_id,nace_codes'];
      for (let i = from; i < Math.min(ORGS, from + IMPORT_ROWS); i++) {
        const { lang, text } = nameOf(i);
        const cells = { ro: '', sr_latn: '', sr_cyrl: '', hu: '', [lang]: text };
        lines.push(`${cells.ro},${cells.sr_latn},${cells.sr_cyrl},${cells.hu},sme,RO,${['RO-TM', 'RO-AR', 'RO-CS'][i % 3]},RO${cuis[i]},10.71`);
      }
      const t0 = Date.now();
      const res = await fetch(`${base}/api/v1/organisations/import`, { method: 'POST', headers: auth, body: JSON.stringify({ csv: lines.join('\n') }) });
      const report = (await res.json()) as { imported: number; refused: number; rows: { row: number; status: string }[] };
      const seconds = (Date.now() - t0) / 1000;
      if (!res.ok || report.imported !== lines.length - 1 || report.rows.length !== lines.length - 1) throw new Error(`import: ${res.status} ${JSON.stringify(report.rows.filter((r) => r.status !== "imported").slice(0, 5))}`);
      imports.push(`${String(lines.length - 1).padStart(6)} rows onto ${String(from).padStart(6)} registered: ${seconds.toFixed(1).padStart(6)} s, ${((lines.length - 1) / seconds).toFixed(0).padStart(5)} rows/s, a report per row (target: 5,000 rows < 60 s)`);
    }
    console.log(`\nCSV import through the gateway (FerretDB/${process.env.FERRETDB_BACKEND ?? 'postgresql'})`);
    imports.forEach((line) => console.log(line));

    const ids = ((await (await fetch(`${base}/api/v1/organisations?pageSize=100&sort=-registeredAt`)).json()) as { items: { id: string }[] }).items.map((o) => o.id);
    for (const q of QUERIES) {
      const page = (await (await fetch(`${base}/api/v1/organisations?q=${encodeURIComponent(q)}&pageSize=1`)).json()) as { total: number };
      if (!page.total) throw new Error(`search '${q}' found nothing`);
    }
    const pids: [number, number] = [children[1]!.pid!, children[0]!.pid!];
    await warmUp(base, ['/health', ...QUERIES.map((q) => `/api/v1/organisations?q=${encodeURIComponent(q)}`), ...ids.map((id) => `/api/v1/organisations/${id}`)]);
    const searches = QUERIES.map((q) => `/api/v1/organisations?q=${encodeURIComponent(q)}`);
    const rows = [
      await load('gateway /health (baseline)', base, ['/health'], pids),
      await load(`organisation search, ${ORGS} organisations`, base, searches, pids),
      await load('  the same, every query new (no recent match)', base, NEW_QUERIES.map((q) => `/api/v1/organisations?q=${encodeURIComponent(q)}`), pids),
      await load('one organisation by id', base, ids.map((id) => `/api/v1/organisations/${id}`), pids),
    ];
    printLoads('registry through the gateway', 'registry', rows, { [`organisation search, ${ORGS} organisations`]: '>= 1,000 req/s (p99 at the fixed rate below)', 'one organisation by id': '>= 2,000 req/s' });
    const fixed = [
      await fixedRate('gateway /health (baseline)', base, ['/health'], pids),
      await fixedRate(`organisation search, ${ORGS} organisations`, base, searches, pids, rows[1]),
    ];
    printFixedRate('registry through the gateway', 'registry', fixed, { [`organisation search, ${ORGS} organisations`]: `${RATE >= 1000 ? '' : '(below the target rate) '}p99 <= 50 ms at 1,000 req/s` });
  } finally {
    await stopAll(children);
    await env.stop();
  }
}

/** Booths for `count` organisations, each granted the brand for its products, as the projector would store them. */
function booths(count: number) {
  const now = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => {
    const { lang, text } = nameOf(i);
    const org: OrganisationView = {
      id: randomUUID(),
      kind: 'sme',
      name: { [lang.replace('sr_latn', 'sr-Latn').replace('sr_cyrl', 'sr-Cyrl')]: text },
      country: 'RO',
      region: ['RO-TM', 'RO-AR', 'RO-CS'][i % 3],
      legalId: { kind: 'RO-CUI', value: `RO${i}` },
      naceCodes: ['10.71'],
      contacts: [],
      products: [{ name: { ro: `Produs ${i}` }, niceClasses: [29 + (i % 3)] }],
      memberIds: [],
      active: true,
      revision: 1,
      registeredAt: now,
      updatedAt: now,
    } as OrganisationView;
    const fact = toCertificateFact({
      id: `certificate-MIB-2026-${String(i).padStart(6, '0')}-0`,
      type: CertificationEvents.granted.type,
      data: { certificateNumber: `MIB-2026-${String(i).padStart(6, '0')}`, holderOrganisationId: org.id, holderCountry: 'RO', holderRegion: org.region, schemeId: 'made-in-banat', schemeVersion: 1, products: [{ name: `Produs ${i}`, niceClass: 30 }], validFrom: '2026-01-05', validUntil: '2099-01-04', at: now },
    })!;
    const state = withCertificateFact(withOrganisation(emptyBooth(org.id), org)!, fact)!;
    return { _id: org.id, ...toFields(state, derive(state), now), version: 2 };
  });
}

/** A product page for each booth, as the exhibition service stores one (exhibitor-pages.service.ts), named after its organisation. */
function productPages(boothDocs: { _id: string; name?: Record<string, string> }[]) {
  const now = new Date().toISOString();
  const goods = ['pâine', 'miere', 'vin', 'brânză'];
  return boothDocs.map((booth, i) => {
    const name = Object.fromEntries(Object.entries(booth.name ?? {}).map(([lang, text]) => [lang, `${text} ${goods[i % goods.length]}`]));
    const names = Object.values(name);
    return { _id: randomUUID(), organisationId: booth._id, name, niceClasses: [29 + (i % 3)], imageIds: [], hidden: false, searchText: searchText(names), sortName: foldText(names[0] ?? ''), revision: 1, createdAt: now, ...changeStamp(now) };
  });
}

/** Booth and product search over booths and product pages written straight into the exhibition's read models (the projector is not measured here). */
async function exhibitionPhase(): Promise<void> {
  const env = await startTestServers();
  const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-exhibition' }).asPromise();
  const docs = booths(ORGS);
  for (let i = 0; i < docs.length; i += 1000) await conn.collection('booths').insertMany(docs.slice(i, i + 1000) as never[]);
  const products = productPages(docs);
  for (let i = 0; i < products.length; i += 1000) await conn.collection('product_pages').insertMany(products.slice(i, i + 1000) as never[]);
  await conn.close();
  const port = await freePort();
  const common = { NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, AUTH_JWT_SECRET: SECRET, ...testIdentityKeys };
  const children = [spawnService('exhibition', common), spawnService('gateway', { ...common, PORT: String(port), THROTTLE_LIMIT: '1000000000', THROTTLE_TTL_MS: '1000' })];
  const base = `http://127.0.0.1:${port}`;
  try {
    await until('exhibition through the gateway', async () => (await fetch(`${base}/api/v1/exhibition/booths?q=brutaria&pageSize=1`)).ok);
    // Each query checked within one booth's products: the product of that booth named for it is found.
    for (const q of PRODUCT_QUERIES) {
      const words = foldText(q).split(' ');
      const product = products.find((p) => words.every((w) => ` ${p.searchText}`.includes(` ${w}`)));
      if (!product) throw new Error(`no product named for '${q}'`);
      const page = (await (await fetch(`${base}/api/v1/exhibition/products?q=${encodeURIComponent(q)}&organisationId=${product.organisationId}&pageSize=1`)).json()) as { total: number };
      if (page.total !== 1) throw new Error(`product search '${q}' did not find the product of booth ${product.organisationId}: ${JSON.stringify(page)}`);
    }
    const pids: [number, number] = [children[1]!.pid!, children[0]!.pid!];
    const boothSearches = QUERIES.map((q) => `/api/v1/exhibition/booths?q=${encodeURIComponent(q)}&brandHolder=true`);
    const productSearches = PRODUCT_QUERIES.map((q) => `/api/v1/exhibition/products?q=${encodeURIComponent(q)}`);
    await warmUp(base, ['/health', ...boothSearches, ...productSearches]);
    const rows = [
      await load('gateway /health (baseline)', base, ['/health'], pids),
      await load(`booth search, ${ORGS} booths with their products`, base, boothSearches, pids),
      await load('  the same, every query new (no recent match)', base, NEW_QUERIES.map((q) => `/api/v1/exhibition/booths?q=${encodeURIComponent(q)}&brandHolder=true`), pids),
      await load(`product search, ${ORGS} product pages`, base, productSearches, pids),
    ];
    const target = '>= 1,000 req/s (p99 at the fixed rate below)';
    printLoads('exhibition through the gateway', 'exhibition', rows, { [`booth search, ${ORGS} booths with their products`]: target, [`product search, ${ORGS} product pages`]: target });
    const fixed = [
      await fixedRate('gateway /health (baseline)', base, ['/health'], pids),
      await fixedRate(`booth search, ${ORGS} booths with their products`, base, boothSearches, pids, rows[1]),
      await fixedRate(`product search, ${ORGS} product pages`, base, productSearches, pids, rows[3]),
    ];
    const p99 = 'p99 <= 50 ms at 1,000 req/s';
    printFixedRate('exhibition through the gateway', 'exhibition', fixed, { [`booth search, ${ORGS} booths with their products`]: p99, [`product search, ${ORGS} product pages`]: p99 });
  } finally {
    await stopAll(children);
    await env.stop();
  }
}

/** Every service as `npm start` runs it, idle after start. */
async function idleRss(): Promise<void> {
  const env = await startTestServers();
  const port = await freePort();
  const common = { NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, AUTH_JWT_SECRET: SECRET, ...testIdentityKeys };
  const services = ['registry', 'certification', 'network', 'events', 'exhibition', 'gateway'];
  const children = services.map((s) => spawnService(s, s === 'gateway' ? { ...common, PORT: String(port) } : common));
  try {
    await until('platform ready', async () => (await fetch(`http://127.0.0.1:${port}/ready`)).ok);
    await new Promise((r) => setTimeout(r, 3000));
    console.log('\nidle RSS after start (target <= 120 MB each)');
    services.forEach((s, i) => console.log(`${s.padEnd(14)} ${rssMb(children[i].pid!).toFixed(0).padStart(5)} MB`));
  } finally {
    await stopAll(children);
    await env.stop();
  }
}

export async function main(): Promise<void> {
  const phases = (process.env.BENCH_PHASES ?? 'registry,exhibition,rss').split(',');
  if (phases.includes('registry')) await registryPhase();
  if (phases.includes('exhibition')) await exhibitionPhase();
  if (phases.includes('rss')) await idleRss();
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
