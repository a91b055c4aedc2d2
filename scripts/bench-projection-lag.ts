/**
 * Live projection lag (no assertions): 10,000 certificates in the history and in the read models
 * (register entries and statistics subjects), then the certification service with its projectors in
 * process (as `npm start` runs it) receives RecordSurveillanceFinding commands over NATS RPC at a
 * steady rate (PROJECTION_LAG_RATE, default 200/s, for PROJECTION_LAG_SECONDS, default 20). Per
 * command: the time from its reply until the register projection's stored checkpoint (saved after
 * the documents it covers) includes its event, beside the command's own round trip.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-projection-lag.js
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { connect, headers as natsHeaders } from 'nats';
import { CertificationSubjects, pingSubject } from '../libs/contracts/src';
import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { signedIdentityHeader, startTestServers, testIdentityKeys } from '../libs/testing/src';
import { issued } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { REGISTER_PROJECTION } from '../services/certification/src/read-models/projection-status';
import { ALL_PROJECTORS } from '../services/certification/src/read-models/projectors';
import { percentiles, timePages } from './bench-pages';
import { SERVICE_NODE_FLAGS } from './service-flags';
import { untilAnswered } from './until-answered';

const root = resolve(__dirname, '..', '..');
const numberOf = (i: number) => `MIB-2027-${String(i).padStart(6, '0')}`;

/**
 * The public register's page (the second page of 20, with the count), one request at a time over NATS RPC, from the
 * service (its copy of the register, RegisterMirror), beside the baseline: the store's own answer to the queries the
 * service ran before, a page sorted by number and a count, in parallel, on the same entries (FerretDB sorts and counts
 * in its own memory). REGISTER_PAGES (default 300) requests to the service, REGISTER_STORE_PAGES (default 5) to the store.
 */
async function registerPages(mongo: MongoClient, rpc: (subject: string, data: unknown) => Promise<{ total: number }>, documents: number): Promise<void> {
  const filters: Array<Record<string, string>> = [{}, { status: 'active' }, { holderCountry: 'RO' }];
  const register = mongo.db('banat-certification').collection<{ _id: string }>('certificate_register');
  const timed = (count: number, one: (filter: Record<string, string>) => Promise<number>) => timePages(filters, count, one);
  const fromStore = await timed(Number(process.env.REGISTER_STORE_PAGES ?? 5), async (filter) => {
    const [, total] = await Promise.all([register.find(filter, { projection: { _position: 0 } }).sort({ _id: 1 }).skip(20).limit(20).toArray(), register.countDocuments(filter)]);
    return total;
  });
  // The service's first page after the catch-up reads the whole register into its copy (more than 64 spans behind).
  const first = performance.now();
  await rpc(CertificationSubjects.searchRegister, { page: 2, pageSize: 20 });
  const firstMs = performance.now() - first;
  const fromService = await timed(Number(process.env.REGISTER_PAGES ?? 300), async (filter) => (await rpc(CertificationSubjects.searchRegister, { ...filter, page: 2, pageSize: 20 })).total);
  const f = (n: number) => n.toFixed(1).padStart(8);
  console.log(`\npublic register page (2nd page of 20 and the count, filters: none, status, holder country; ${documents} entries; one request at a time)`);
  console.log('ms'.padEnd(60), 'p50'.padStart(8), 'p99'.padStart(8), 'pages/s'.padStart(8));
  console.log('the store answering the former queries (baseline)'.padEnd(60), f(fromStore.p50), f(fromStore.p99), f(fromStore.perSecond));
  console.log('the service over NATS RPC (its copy of the register)'.padEnd(60), f(fromService.p50), f(fromService.p99), f(fromService.perSecond));
  console.log(`service ${(fromService.perSecond / fromStore.perSecond).toFixed(0)}x the store's pages/s, after a first page of ${firstMs.toFixed(0)} ms (its copy loaded); totals ${fromService.totals === fromStore.totals ? 'equal' : `DIFFER: service ${fromService.totals}, store ${fromStore.totals}`}`);
}

export async function main(): Promise<void> {
  const documents = Number(process.env.PROJECTION_LAG_DOCUMENTS ?? 10_000);
  const rate = Number(process.env.PROJECTION_LAG_RATE ?? 200);
  const seconds = Number(process.env.PROJECTION_LAG_SECONDS ?? 20);
  const commands = Math.min(documents, rate * seconds);
  const env = await startTestServers({ verbose: Boolean(process.env.BENCH_VERBOSE) });
  const nc = await connect({ servers: env.natsUrl, noAsyncTraces: true });
  const mongo = await new MongoClient(env.mongoUrl).connect();
  let child: ChildProcess | undefined;
  try {
    // 10,000 certificates issued straight into the history (one stream each).
    const store = await JetStreamEventStore.connect({ connection: nc });
    let next = 0;
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < documents; i = next++) {
          const e = issued();
          const data = { ...e.data, certificateNumber: numberOf(i), applicationId: `app-lag-${i}`, validUntil: '2099-12-31' };
          await store.appendToStream(`certificate-${numberOf(i)}`, [{ type: e.type, data }], { expectedRevision: NO_STREAM, metadata: { commandId: `seed-${i}`, correlationId: `seed-${i}`, actor: 'bench', role: 'secretariat' } });
        }
      }),
    );
    const seeded = await store.headPosition();

    const checkpoints = mongo.db('banat-certification').collection<{ _id: string; position: number }>('projection_checkpoints');
    const registerCheckpoint = async () => (await checkpoints.findOne({ _id: REGISTER_PROJECTION }))?.position ?? 0;
    child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', 'certification', 'src', 'main.js')], {
      env: { ...process.env, NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'warn', CERTIFICATION_PROJECTORS: 'on', IDENTITY_PUBLIC_KEY: testIdentityKeys.IDENTITY_PUBLIC_KEY },
      stdio: 'inherit',
    });
    const rpc = async (subject: string, data: unknown, headers?: ReturnType<typeof natsHeaders>) => {
      const reply = JSON.parse(new TextDecoder().decode((await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 10_000, headers })).data));
      if (reply.err) throw new Error(`${subject}: ${JSON.stringify(reply.err)}`);
      return reply.response;
    };
    await untilAnswered(() => rpc(pingSubject('certification'), {}), 200);
    // The read models hold the 10,000 documents before the load starts.
    const catchUpStarted = Date.now();
    while ((await registerCheckpoint()) < seeded) await new Promise((r) => setTimeout(r, 50));
    const catchUpSeconds = (Date.now() - catchUpStarted) / 1000;
    // Every projector of the process through the seeded history too (they share one reading of it: one
    // still catching up would hold the register back, and the lag measured would be the catch-up's).
    const allStarted = Date.now();
    let behind: string[] = [];
    for (let i = 0; i < 2_400; i++) {
      const all = await checkpoints.find().toArray();
      behind = all.filter((c) => c.position < seeded).map((c) => c._id);
      if (all.length >= ALL_PROJECTORS.length && behind.length === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const allCaughtUpSeconds = (Date.now() - allStarted) / 1000;

    const h = natsHeaders();
    for (const [k, v] of Object.entries(await signedIdentityHeader(CertificationSubjects.recordFinding, { actor: 'bench-secretariat', role: 'secretariat' }))) h.set(k, v);
    const sent: number[] = [];
    const replied: number[] = [];
    let failures = 0;
    // The checkpoint as seen over time: [time, position], polled every 5 ms.
    const seen: Array<[number, number]> = [];
    let polling = true;
    const poller = (async () => {
      while (polling) {
        seen.push([performance.now(), await registerCheckpoint()]);
        await new Promise((r) => setTimeout(r, 5));
      }
    })();
    // Open loop: one command every 1/rate s, whatever the replies.
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < commands; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      sent[i] = performance.now();
      inFlight.push(
        rpc(CertificationSubjects.recordFinding, { certificateNumber: numberOf(i), source: 'surveillance', severity: 'observation', summary: `lag finding ${i}` }, h).then(
          () => void (replied[i] = performance.now()),
          () => void failures++,
        ),
      );
    }
    await Promise.all(inFlight);
    const sendSeconds = (performance.now() - started) / 1000;
    const head = await store.headPosition();
    const drainBy = Date.now() + 60_000; // a projector that cannot keep up: what it covered after a minute
    while ((await registerCheckpoint()) < head && Date.now() < drainBy) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 20));
    polling = false;
    await poller;

    // Each command's event position, from the history; then the first poll whose checkpoint covers it.
    const lags: number[] = [];
    const trips: number[] = [];
    let uncovered = 0;
    for (let i = 0; i < commands; i++) {
      if (replied[i] === undefined) continue;
      const [finding] = await store.readStream(`certificate-${numberOf(i)}`, { from: 1 });
      if (!finding) continue;
      if (seen.at(-1)![1] < finding.position) {
        uncovered++;
        continue;
      }
      let low = 0;
      let high = seen.length - 1;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (seen[mid]![1] >= finding.position) high = mid;
        else low = mid + 1;
      }
      lags.push(Math.max(0, seen[low]![0] - replied[i]!));
      trips.push(replied[i]! - sent[i]!);
    }
    const lag = percentiles(lags);
    const trip = percentiles(trips);
    const f = (n: number) => n.toFixed(0).padStart(7);
    console.log(`\nlive projection lag (${documents} certificates in the read models, caught up from empty in ${catchUpSeconds.toFixed(1)} s, every projector ${allCaughtUpSeconds.toFixed(1)} s later${behind.length ? ` (still behind: ${behind.join(', ')})` : ''}; ${commands} RecordSurveillanceFinding at ${rate}/s over NATS RPC, sent in ${sendSeconds.toFixed(1)} s, ${failures} failed; target p99 <= 1000 ms)`);
    console.log('ms'.padEnd(60), 'p50'.padStart(7), 'p95'.padStart(7), 'p99'.padStart(7), 'max'.padStart(7));
    console.log('command round trip, send to reply (baseline)'.padEnd(60), f(trip.p50), f(trip.p95), f(trip.p99), f(trip.max));
    console.log('reply to register checkpoint covering the event (lag)'.padEnd(60), f(lag.p50), f(lag.p95), f(lag.p99), f(lag.max));
    console.log(`lag p99 ${(lag.p99 / trip.p99).toFixed(1)}x the round trip's p99; checkpoint polled every 5 ms (${seen.length} polls)${uncovered ? `; ${uncovered} commands not yet in the read model 60 s after the last was sent (left out of the lag figures)` : ''}`);
    await registerPages(mongo, rpc, documents);
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await mongo.close();
    await nc.close();
    await env.stop();
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
