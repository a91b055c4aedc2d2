/**
 * Command path benchmark (no assertions): a certification command over NATS RPC — validation,
 * load stream, decide, append with expected revision — against raw JetStream publish measured in
 * the same run on the same nats-server. The certification service runs in its own process.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-commands.js (BENCH_N=1000;
 * BENCH_ROUNDS=5: rounds with fresh processes, the targets judged on the median; BENCH_ONLY=off|on: one replica only; BENCH_WARM_UP=6000: untimed commands first, then one on every stream of the timed runs, then as many with 100 in flight; BENCH_SEGMENTS=5: each timed run of the command-only replica cut into segments taken in turn with the bare responder's; BENCH_PROFILE=<dir>: CPU profiles of the bare responder and the service, sampled every BENCH_PROFILE_INTERVAL µs, default 1000)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { connect, headers as natsHeaders, MsgHdrs } from 'nats';
import { CertificationSubjects, pingSubject } from '../libs/contracts/src';
import { CORRELATION_HEADER } from '../libs/messaging/src/correlation';
import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { freePort, signedIdentityHeader, startTestServers, testIdentityKeys } from '../libs/testing/src';
import { issued } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { BARE_STREAM, BARE_SUBJECT } from './bench-bare-command';
import { GUARDED_SUBJECT } from './bench-guarded-command';
import { childNamed, treeCpuMs } from './process-cpu';
import { untilAnswered } from './until-answered';
import { SERVICE_NODE_FLAGS } from './service-flags';

const root = resolve(__dirname, '..', '..');
const N = Number(process.env.BENCH_N ?? 1000);
const WIDTH = 100;
/**
 * Rounds, each with fresh responder processes (the bare responder, alive through the round, timed in turn with
 * the service with its projectors, then with a command-only replica): on a shared machine one round's ratios swing by a tenth or more, so the
 * targets are judged on the median of the rounds' ratios. Five by default: three rounds' medians of the one-at-a-time ratio
 * went from 0.68x to 0.91x between runs of the same build on an idle machine (a single slow round in three moves the median);
 * seven rounds gave 0.84x, its rounds 0.63 to 0.90.
 */
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));

/** A scenario's figures: name, raw publish/s, bare cmd/s, commands/s, Emmett's reference, CPU µs/cmd of the bare responder and of the service, the servers' CPU µs/cmd over the service's run, nats-server's over the bare responder's. */
type Row = [string, number, number, number, number, number, number, Record<string, number>, number];

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
/**
 * Commands each responder handles before the timed runs. With one, the first timed run (one at a
 * time) was also the run in which V8 compiled the command path: the service's CPU per command in it
 * was 2-3x that of the same run repeated (its compiler threads busy, its code still interpreted),
 * and the bare responder, with far less code to compile, paid much less of it. V8 still optimised
 * 89 more of the service's functions over the 2,000 commands after a first 1,000 (--trace-opt).
 * Steady state comes later than that: runs of 1,000 commands one at a time, one after another from
 * start, cost the command-only replica 800, 610, 420, 380, 340, 340, 290 µs of CPU a command and the
 * bare responder 490, 280, 290, 270, 230, 200, 220 µs (then both level off, give or take a tenth):
 * after 1,000 the service was measured while V8 was still at work on it. 6,000 it is, one at a time,
 * then as many with 100 in flight: the bare responder, which lives through the round, had otherwise met
 * the command-only replica's run with 100 in flight after the projecting service's (5,000 more commands
 * that way), a fresh replica not, and used 54 µs a command there against 68-78 µs without them.
 */
const WARM_UP = Number(process.env.BENCH_WARM_UP ?? 6000);
/** Segments each timed run of the command-only replica is cut into, taken in turn with the bare responder's (see `interleaved`). */
const SEGMENTS = Math.max(1, Number(process.env.BENCH_SEGMENTS ?? 5));

async function timed(ops: number, run: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await run();
  const t1 = process.hrtime.bigint();
  // The monotonic clock a CPU profile's samples are timed on (µs): the window of this run in the profiles.
  if (process.env.BENCH_PROFILE) console.error(`[bench] timed run ${t0 / 1000n}..${t1 / 1000n} µs`);
  return ops / (Number(t1 - t0) / 1e9);
}

/** One side of an interleaved measurement: the process trees whose CPU it counts (the first is the responder), and one segment of its run. */
interface Side {
  label: string;
  roots: Record<string, number | undefined>;
  run: (segment: number) => Promise<unknown>;
  /** Waited for after each of its segments, untimed: until the work it leaves behind (projections) is done, so that none of it lands in the next side's segment. */
  settle?: () => Promise<void>;
}

/**
 * Segments of several runs taken in turn (the bare responder's, then the service's, again and again), each
 * side's rate and CPU per operation summed over its segments. On this shared machine the same build's
 * command-only replica used 98 to 158 µs of CPU a command with 100 in flight from one run to the next, and
 * its rate over the bare responder's, timed seconds before it, went from 0.48x to 0.90x: runs taken one
 * after the other compared the machine's moments as much as the code. Taken in turn, both sides meet the
 * same moments (the rounds' ratios then stay within a tenth or so of each other).
 */
async function interleaved(segments: number, opsPerSegment: number, sides: Side[]): Promise<Array<[number, Record<string, number>]>> {
  const totals = sides.map((side) => ({ ns: 0n, cpu: Object.fromEntries(Object.keys(side.roots).map((k) => [k, 0])) as Record<string, number> }));
  for (let segment = 0; segment < segments; segment++) {
    for (const [index, side] of sides.entries()) {
      const before = treeCpuMs(side.roots);
      const t0 = process.hrtime.bigint();
      await side.run(segment);
      const t1 = process.hrtime.bigint();
      const after = treeCpuMs(side.roots);
      // The monotonic clock a CPU profile's samples are timed on (µs): this segment's window in the profiles.
      if (process.env.BENCH_PROFILE) console.error(`[bench] timed run ${t0 / 1000n}..${t1 / 1000n} µs (${side.label}, segment ${segment + 1} of ${segments})`);
      totals[index]!.ns += t1 - t0;
      for (const k of Object.keys(side.roots)) totals[index]!.cpu[k]! += after[k]! - before[k]!;
      await side.settle?.();
    }
  }
  const ops = segments * opsPerSegment;
  return totals.map(({ ns, cpu }) => [ops / (Number(ns) / 1e9), Object.fromEntries(Object.entries(cpu).map(([k, ms]) => [k, (ms * 1000) / ops]))]);
}

async function wide(total: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: WIDTH }, async () => {
    while (next < total) await op(next++);
  }));
}

/** Resolves once every projection of the service reports no lag (`banat_projection_lag_events`). */
async function caughtUp(port: number): Promise<void> {
  for (let i = 0; ; i++) {
    const lags = (await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).split('\n').filter((line) => line.startsWith('banat_projection_lag_events{'));
    if (lags.length > 0 && lags.every((line) => line.endsWith(' 0'))) return;
    if (i > 600) throw new Error(`the service's projections did not catch up: ${lags.join('; ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The projection counters of a service's `/metrics`, summed over its projections (events applied, batches, documents written, checkpoint saves). */
async function projectionCounters(port: number): Promise<Record<'events' | 'batches' | 'documents' | 'checkpoints', number>> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const sum = (name: string) => text.split('\n').filter((line) => line.startsWith(`${name}{`)).reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  return { events: sum('banat_projection_events_applied_total'), batches: sum('banat_projection_batches_total'), documents: sum('banat_projection_documents_written_total'), checkpoints: sum('banat_projection_checkpoint_saves_total') };
}

/** Each round acts on certificates (and bare streams) of its own: a round's streams start as short as the first round's. */
const numberOf = (round: number, i: number) => `MIB-2026-${String(round * 1000 + i).padStart(6, '0')}`;
/** The first certificate of the guarded responder's in a round. */
const GUARDED = 500;

export async function main(): Promise<void> {
  const env = await startTestServers({ verbose: Boolean(process.env.BENCH_VERBOSE) });
  let child: ChildProcess | undefined;
  let bareChild: ChildProcess | undefined;
  let guardedChild: ChildProcess | undefined;
  const nc = await connect({ servers: env.natsUrl, noAsyncTraces: true });
  try {
    const store = await JetStreamEventStore.connect({ connection: nc });
    const rounds: Row[][] = [];
    const projectorNotes: string[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // Certificates to act on, issued straight into the history.
      // The guarded responder's (`bench-guarded-command`) are numbered from GUARDED on.
      for (const first of [0, GUARDED]) {
        for (let i = first; i <= first + WIDTH; i++) {
          const e = issued();
          const data = { ...e.data, certificateNumber: numberOf(round, i), validUntil: '2099-12-31' };
          await store.appendToStream(`certificate-${numberOf(round, i)}`, [{ type: e.type, data }], { expectedRevision: NO_STREAM, metadata: { commandId: `seed-${round}-${i}`, correlationId: `seed-${round}-${i}`, actor: 'bench', role: 'secretariat' } });
        }
      }
      const js = nc.jetstream();
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: 'BENCH_RAW', subjects: ['bench.raw.>'] });
      const payload = new TextEncoder().encode(JSON.stringify({ type: 'SurveillanceFindingRecorded', data: { summary: 'bench finding' } }));
      const rawSeq = await timed(N, async () => {
        for (let i = 0; i < N; i++) await js.publish(`bench.raw.one`, payload);
      });
      const rawWide = await timed(N * 5, () => wide(N * 5, (i) => js.publish(`bench.raw.s${i % WIDTH}`, payload)));

      // The bare command path (no framework) in its own process: the baseline of the command path, alive
      // through the round and timed in turn with each service (see `interleaved`).
      await jsm.streams.add({ name: BARE_STREAM, subjects: ['bench.bare.es.>'] });
      const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE, `--cpu-prof-interval=${process.env.BENCH_PROFILE_INTERVAL ?? 1000}`] : [];
      bareChild = spawn(process.execPath, [...profile, join(root, 'dist', 'scripts', 'bench-bare-command.js')], { env: { ...process.env, NATS_URL: env.natsUrl }, stdio: 'inherit' });
      const barePid = bareChild.pid;
      // Each command id is new (the message id JetStream deduplicates on).
      let bareCommands = 0;
      const bare = async (stream: number) => {
        const i = bareCommands++;
        const reply = JSON.parse(new TextDecoder().decode((await nc.request(BARE_SUBJECT, JSON.stringify({ stream: `r${round}s${stream}`, commandId: `bare-${round}-${i}`, summary: `bench finding ${i}` }), { timeout: 10_000 })).data));
        if (reply.error) throw new Error(`bare command: ${reply.error}`);
      };
      await untilAnswered(() => bare(WIDTH)); // the responder is up
      for (let i = 0; i < WARM_UP; i++) await bare(WIDTH);
      for (let stream = 0; stream < WIDTH; stream++) await bare(stream); // every stream of the timed runs touched once
      let bareWarm = 0;
      await wide(WARM_UP, () => bare(1 + (bareWarm++ % (WIDTH - 1))));

      const rows: Row[] = [];
      // The servers' CPU per command: FerretDB, the PostgreSQL cluster under it (its backends are the postmaster's children) and nats-server.
      const servers = { ferretdb: env.mongo.process.pid, postgres: childNamed('postgres'), nats: env.nats.process.pid };
      // The same client as the bare path's (a plain NATS request), speaking Nest's packet format: the
      // client's own cost is then equal on both sides and the ratio is the service's.
      const rpc = async (subject: string, data: unknown, headers?: MsgHdrs) => {
        const reply = JSON.parse(new TextDecoder().decode((await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 10_000, headers })).data));
        if (reply.err) throw new Error(`${subject}: ${JSON.stringify(reply.err)}`);
        return reply.response;
      };
      // Signed as the gateway signs (an assertion is valid for 90 s: made anew before each timed run), with
      // the correlation id the gateway sends on every request (without one, the service makes one per command).
      let h = natsHeaders();
      const signAnew = async () => {
        h = natsHeaders();
        for (const [k, v] of Object.entries(await signedIdentityHeader(CertificationSubjects.recordFinding, { actor: 'bench-secretariat', role: 'secretariat' }))) h.set(k, v);
        h.set(CORRELATION_HEADER, randomUUID());
      };
      const finding = (certificate: number, i: number) =>
        rpc(CertificationSubjects.recordFinding, { certificateNumber: numberOf(round, certificate), source: 'surveillance', severity: 'observation', summary: `bench finding ${i}` }, h);
      let findings = 0;
      const guardedFinding = (certificate: number, i: number) =>
        rpc(GUARDED_SUBJECT, { certificateNumber: numberOf(round, GUARDED + certificate), source: 'surveillance', severity: 'observation', summary: `bench finding ${i}` }, h);
      // The service as `npm start` runs it (projectors in the same process), then a command-only replica.
      for (const [label, projectors] of ([['service with its projectors', 'on'], ['command-only replica', 'off']] as const).filter(([, p]) => !process.env.BENCH_ONLY || p === process.env.BENCH_ONLY)) {
        const metricsPort = await freePort();
        child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...profile, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', 'certification', 'src', 'main.js')], {
          env: { ...process.env, NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'warn', CERTIFICATION_PROJECTORS: projectors, IDENTITY_PUBLIC_KEY: testIdentityKeys.IDENTITY_PUBLIC_KEY, METRICS_PORT: String(metricsPort) },
          stdio: 'inherit',
        });
        await untilAnswered(() => rpc(pingSubject('certification'), {}));
        // A later round's service first projects what the rounds before appended: done before anything is timed.
        if (projectors === 'on') await caughtUp(metricsPort);
        // Beside the command-only replica, the same guarantees without the framework (`bench-guarded-command`), with the service's Node flags.
        if (projectors === 'off') {
          guardedChild = spawn(process.execPath, [...SERVICE_NODE_FLAGS, ...profile, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'scripts', 'bench-guarded-command.js')], {
            env: { ...process.env, NATS_URL: env.natsUrl, IDENTITY_PUBLIC_KEY: testIdentityKeys.IDENTITY_PUBLIC_KEY },
            stdio: 'inherit',
          });
        }
        await signAnew();
        for (let i = 0; i < WARM_UP; i++) await finding(WIDTH, findings++); // warm-up on a certificate of its own
        // Every certificate of the timed runs touched once, as the bare responder's streams are: a replica reads a
        // stream's whole history on its first command there (then keeps its state), a once-per-process cost that
        // would otherwise land in the timed run (the second replica meets streams already ~50 findings long).
        for (let certificate = 0; certificate < WIDTH; certificate++) await finding(certificate, findings++);
        await wide(WARM_UP, () => { const i = findings++; return finding(1 + (i % (WIDTH - 1)), i); });
        if (guardedChild) {
          await untilAnswered(() => guardedFinding(WIDTH, findings++)); // the responder is up
          for (let i = 0; i < WARM_UP; i++) await guardedFinding(WIDTH, findings++);
          for (let certificate = 0; certificate < WIDTH; certificate++) await guardedFinding(certificate, findings++);
          await wide(WARM_UP, () => { const i = findings++; return guardedFinding(1 + (i % (WIDTH - 1)), i); });
        }
        const guardedPid = guardedChild?.pid;
        // Projections of the warm-up written before the bare responder's run (that starts the timing), and after each timed run.
        const settle = projectors === 'on' ? () => caughtUp(metricsPort) : undefined;
        await settle?.();
        // The service with its projectors is timed in one piece, after the bare responder's: its projectors write
        // behind its replies (batches of up to 500 ms under load), so in short segments their work would fall
        // outside its own segments and into the bare responder's.
        const segments = projectors === 'on' ? 1 : SEGMENTS;
        const seqPerSegment = Math.ceil(N / segments);
        const [[bareSeq, { bare: bareSeqCpu, nats: bareSeqNats }], [cmdSeq, { service: cmdSeqCpu, ...seqServers }], guardedSeq] = await interleaved(segments, seqPerSegment, [
          { label: 'bare', roots: { bare: barePid, nats: servers.nats }, run: async () => { for (let i = 0; i < seqPerSegment; i++) await bare(0); } },
          { label, roots: { service: child.pid, ...servers }, run: async () => { for (let i = 0; i < seqPerSegment; i++) await finding(0, findings++); }, settle },
          ...(guardedPid ? [{ label: 'guarded', roots: { service: guardedPid, ...servers }, run: async () => { for (let i = 0; i < seqPerSegment; i++) await guardedFinding(0, findings++); } }] : []),
        ]);
        let done = 0;
        const progress = process.env.BENCH_VERBOSE ? setInterval(() => console.error(`[bench] ${new Date().toISOString()} wide commands done: ${done}`), 1000) : undefined;
        await signAnew();
        const counters0 = projectors === 'on' ? await projectionCounters(metricsPort) : undefined;
        const widePerSegment = Math.ceil((N * 5) / segments);
        // Streams 1..99 in turn: with 100 in flight, one command on each stream is queued behind another.
        let bareNext = 0;
        const [[bareWide, { bare: bareWideCpu, nats: bareWideNats }], [cmdWide, { service: cmdWideCpu, ...wideServers }], guardedWide] = await interleaved(segments, widePerSegment, [
          { label: 'bare', roots: { bare: barePid, nats: servers.nats }, run: () => wide(widePerSegment, () => bare(1 + (bareNext++ % (WIDTH - 1)))) },
          { label, roots: { service: child.pid, ...servers }, run: () => wide(widePerSegment, () => { const i = findings++; return finding(1 + (i % (WIDTH - 1)), i).then(() => done++); }), settle },
          ...(guardedPid ? [{ label: 'guarded', roots: { service: guardedPid, ...servers }, run: () => wide(widePerSegment, () => { const i = findings++; return guardedFinding(1 + (i % (WIDTH - 1)), i); }) }] : []),
        ]);
        clearInterval(progress);
        const commands = segments * widePerSegment;
        if (counters0) {
          const counters1 = await projectionCounters(metricsPort);
          // What the projectors wrote over the run with 100 in flight (read once they have caught up).
          const d = Object.fromEntries(Object.entries(counters1).map(([k, v]) => [k, v - counters0[k as keyof typeof counters0]])) as typeof counters1;
          projectorNotes.push(`round ${round}: projectors over the ${label}'s run with ${WIDTH} in flight (${commands} commands): ${d.batches} batches written (${(d.events / Math.max(1, d.batches)).toFixed(0)} events each, counting every projection's), ${(d.documents / commands).toFixed(3)} documents and ${(d.checkpoints / commands).toFixed(3)} checkpoint saves per command`);
        }
        rows.push(
          [`${label}: one at a time, one stream`, rawSeq, bareSeq, cmdSeq, 700, bareSeqCpu!, cmdSeqCpu!, seqServers, bareSeqNats!],
          [`${label}: ${WIDTH} in flight, ${WIDTH - 1} streams`, rawWide, bareWide, cmdWide, 1500, bareWideCpu!, cmdWideCpu!, wideServers, bareWideNats!],
        );
        if (guardedSeq && guardedWide) {
          const { service: seqCpu, ...seqRest } = guardedSeq[1];
          const { service: wideCpu, ...wideRest } = guardedWide[1];
          rows.push(
            [`guarantees, no framework: one at a time, one stream`, rawSeq, bareSeq, guardedSeq[0], 700, bareSeqCpu!, seqCpu!, seqRest, bareSeqNats!],
            [`guarantees, no framework: ${WIDTH} in flight, ${WIDTH - 1} streams`, rawWide, bareWide, guardedWide[0], 1500, bareWideCpu!, wideCpu!, wideRest, bareWideNats!],
          );
          const guardedExited = new Promise((r) => guardedChild!.once('exit', r));
          guardedChild!.kill('SIGTERM');
          await guardedExited;
          guardedChild = undefined;
        }
        const exited = new Promise((r) => child!.once('exit', r));
        child.kill('SIGTERM');
        await exited;
        child = undefined;
      }
      const bareExited = new Promise((r) => bareChild!.once('exit', r));
      bareChild.kill('SIGTERM');
      await bareExited;
      bareChild = undefined;

      rounds.push(rows);
    }

    for (const [index, rows] of rounds.entries()) {
      console.log(`\ncommand path benchmark${ROUNDS > 1 ? `, round ${index + 1} of ${ROUNDS}` : ''}: RecordSurveillanceFinding over NATS RPC → certification service → JetStream (N=${N}; ${N * 5} in flight)`);
      console.log('scenario'.padEnd(56), 'raw publish/s'.padStart(14), 'bare cmd/s'.padStart(11), 'commands/s'.padStart(11), 'x raw'.padStart(7), 'x bare'.padStart(7), 'x Emmett PG append*'.padStart(20), 'CPU µs/cmd bare'.padStart(16), 'service'.padStart(8), 'FerretDB'.padStart(9), 'PostgreSQL'.padStart(11), 'nats'.padStart(6), 'nats (bare)'.padStart(12));
      for (const [name, raw, bare, cmd, emmett, bareCpu, cmdCpu, serverCpu, bareNats] of rows) {
        console.log(name.padEnd(56), raw.toFixed(0).padStart(14), bare.toFixed(0).padStart(11), cmd.toFixed(0).padStart(11), (cmd / raw).toFixed(2).padStart(7), (cmd / bare).toFixed(2).padStart(7), (cmd / emmett).toFixed(1).padStart(20), bareCpu.toFixed(0).padStart(16), cmdCpu.toFixed(0).padStart(8), serverCpu.ferretdb!.toFixed(0).padStart(9), serverCpu.postgres!.toFixed(0).padStart(11), serverCpu.nats!.toFixed(0).padStart(6), bareNats.toFixed(0).padStart(12));
      }
    }
    if (!process.env.BENCH_ONLY) {
      // Rows: [0] with projectors one at a time, [1] with 100 in flight, [2] command-only one at a time, [3] with 100 in flight.
      const ratio = (label: string, of: (rows: Row[]) => number) => {
        const each = rounds.map(of);
        return `${label} ${median(each).toFixed(2)}x${ROUNDS > 1 ? ` [${each.map((r) => r.toFixed(2)).join(', ')}]` : ''}`;
      };
      console.log(
        `targets${ROUNDS > 1 ? ` (median of ${ROUNDS} rounds, each round's in brackets)` : ''}: command-only >= 0.8x bare (${ratio('one at a time', (r) => r[2]![3] / r[2]![2])}, ${ratio(`${WIDTH} in flight`, (r) => r[3]![3] / r[3]![2])}); ` +
          `with projectors >= 0.6x command-only (${ratio('one at a time', (r) => r[0]![3] / r[2]![3])}, ${ratio(`${WIDTH} in flight`, (r) => r[1]![3] / r[3]![3])})`,
      );
      // The command-only replica's gap to the bare path, in two parts: the guarantees (without the framework), then the framework.
      console.log(
        `of which: the guarantees without the framework ÷ bare (${ratio('one at a time', (r) => r[4]![3] / r[4]![2])}, ${ratio(`${WIDTH} in flight`, (r) => r[5]![3] / r[5]![2])}); ` +
          `command-only ÷ the guarantees without the framework (${ratio('one at a time', (r) => r[2]![3] / r[4]![3])}, ${ratio(`${WIDTH} in flight`, (r) => r[3]![3] / r[5]![3])})`,
      );
    }
    for (const note of projectorNotes) console.log(note);
    console.log('CPU µs/cmd: CPU time (user + system, from /proc) of the responding process over the timed run, per command: far less skewed by other load than the rates; one at a time it includes the cost of each wake-up, which grows with load (compare with the bare responder in the same row)');
    console.log('FerretDB, PostgreSQL, nats: CPU time of each server (PostgreSQL: the cluster, its backends included) over the same timed run, per command of the service; nats (bare): nats-server\'s over the bare responder\'s run, per bare command');
    console.log('bare cmd: a raw nats responder doing the same JetStream append (expected last subject sequence, message id), then replying; no framework');
    console.log(`bare cmd/s and the command-only replica's commands/s in a row: ${SEGMENTS} segments each, taken in turn (bare, replica, bare, ...), so both meet the machine's same moments; the service with its projectors: one piece after the bare responder's (its projectors write behind its replies); the bare responder lives through the round`);
    console.log("* reference figures for Emmett's PostgreSQL event store bare append on this machine kind (700/s one at a time, 1,500/s with 50 in flight), not measured in this run");
  } finally {
    for (const process of [child, bareChild, guardedChild]) {
      process?.kill('SIGTERM');
      if (process && process.exitCode === null) await new Promise((r) => process.once('exit', r));
    }
    await nc.close();
    await env.stop();
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
