/**
 * `audit rebuild` speed (no assertions): a certification history of about AUDIT_BENCH_EVENTS events
 * (default 100,000, about 13,000 documents: files submitted, assessed by experts, granted or refused; certificates issued,
 * suspended, restored, withdrawn) on a fresh nats-server and FerretDB; the read models are rebuilt
 * once as the "live" database, then `rebuildAndCompare` rebuilds them again and compares. Printed
 * beside a raw ordered replay of the same history (reading every event, no writes).
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-audit-rebuild.js
 * Profile: BENCH_PROFILE=1 node --cpu-prof -r ./scripts/paths.js dist/scripts/bench-audit-rebuild.js
 * (prints the timed rebuild's and the comparison's windows on the profile's clock).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { JetStreamEventStore, NO_STREAM, type DomainEvent } from '../libs/event-store/src';
import { startFerret, startNats } from '../libs/testing/src';
import { reviewedFile, scoresOf } from '../services/certification/src/domain/application/application.fixtures';
import { issued, restored, suspended, withdrawn } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { applicationStream, certificateStream } from '../services/certification/src/domain/streams';
import { DEFAULT_REBUILD_BATCH, REBUILD_BATCH_DOCUMENTS, rebuildAndCompare } from './audit-rebuild';

const REGIONS = [['RO', 'RO-TM'], ['RO', 'RO-AR'], ['RO', 'RO-CS'], ['RS', 'RS-02'], ['RS', 'RS-03'], ['HU', 'HU-CS']] as const;

/** One file's streams: its application events and, when granted, its certificate's; every id made its own. */
function file(i: number): Array<{ stream: string; events: DomainEvent[] }> {
  const applicationId = `app-bench-${i}`;
  const number = `MIB-2026-${String(i).padStart(6, '0')}`;
  const [country, region] = REGIONS[i % REGIONS.length]!;
  const retag = <E>(events: E[]): E[] =>
    JSON.parse(
      JSON.stringify(events)
        .replaceAll('app-2025-001', applicationId)
        .replaceAll('MIB-2025-0001', number)
        .replaceAll('org-ro-cofetaria-timis', `org-bench-${i}`)
        .replaceAll('"RO-TM"', `"${region}"`)
        .replaceAll('"country":"RO"', `"country":"${country}"`)
        .replaceAll('expert-ro', `expert-${i % 40}`)
        .replaceAll('expert-rs', `expert-${(i + 7) % 40}`),
    );
  const grant = i % 4 !== 3;
  const decision = grant
    ? { type: 'CertificationGranted', data: { applicationId: 'app-2025-001', certificateNumber: 'MIB-2025-0001', holder: { organisationId: 'org-ro-cofetaria-timis', country: 'RO', region: 'RO-TM' }, schemeId: 'made-in-banat', schemeVersion: 1, products: [], validFrom: '2025-03-03', validUntil: '2028-03-02', reasons: ['met'], at: '2025-03-03T10:00:00.000Z', actor: 'dm-milan', role: 'decision-maker' } }
    : { type: 'CertificationRefused', data: { applicationId: 'app-2025-001', reasons: ['waste management below threshold'], at: '2025-03-03T10:00:00.000Z', actor: 'dm-milan', role: 'decision-maker' } };
  const streams = [{ stream: applicationStream(applicationId), events: retag([...reviewedFile(scoresOf(8), scoresOf(7)), decision] as DomainEvent[]) }];
  if (grant) streams.push({ stream: certificateStream(number), events: retag([issued(), suspended(), restored(), withdrawn()] as DomainEvent[]) });
  return streams;
}

/** One commit per event, as the service appends them; streams appended side by side so the history interleaves. */
export async function appendHistory(store: JetStreamEventStore, target: number): Promise<number> {
  const streams: Array<{ stream: string; events: DomainEvent[] }> = [];
  let total = 0;
  for (let i = 0; total < target; i++) for (const s of file(i)) (streams.push(s), (total += s.events.length));
  let next = 0;
  const worker = async () => {
    for (let s = streams[next++]; s; s = streams[next++]) {
      let revision: number | typeof NO_STREAM = NO_STREAM;
      for (const [n, event] of s.events.entries()) {
        const actor = (event.data as { actor: string }).actor;
        const result: { nextExpectedRevision: number } = await store.appendToStream(s.stream, [event], { expectedRevision: revision, metadata: { commandId: `${s.stream}-${n}`, correlationId: `${s.stream}-${n}`, actor, role: (event.data as { role: string }).role } });
        revision = result.nextExpectedRevision;
      }
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return total;
}

/** CPU seconds (user + system) of the servers this process started, by program (ferretdb, postgres, nats-server), from /proc; none elsewhere. */
function serversCpuSeconds(): Map<string, number> {
  const byProgram = new Map<string, number>();
  if (!existsSync('/proc/self/stat')) return byProgram;
  const stat = (pid: string) => {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return { name: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')), fields: text.slice(text.lastIndexOf(') ') + 2).split(' ') };
  };
  const parents = new Map<string, string>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      parents.set(pid, stat(pid).fields[1]!);
    } catch {
      // gone meanwhile
    }
  }
  for (let frontier = [String(process.pid)]; frontier.length > 0; ) {
    frontier = [...parents].filter(([, parent]) => frontier.includes(parent)).map(([pid]) => pid);
    for (const pid of frontier) {
      try {
        const { name, fields } = stat(pid);
        const program = name.startsWith('postgres') ? 'postgres' : name; // PostgreSQL's backends name themselves
        // Its own and its ended children's (PostgreSQL's ended backends count for the postmaster), in USER_HZ.
        const ticks = Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
        byProgram.set(program, (byProgram.get(program) ?? 0) + ticks / 100);
      } catch {
        // gone meanwhile
      }
    }
  }
  return byProgram;
}

/** `after` − `before`, by program, and their sum. */
function serversCpuSince(before: Map<string, number>, after = serversCpuSeconds()): { total: number; byProgram: Map<string, number> } {
  const byProgram = new Map([...after].map(([program, seconds]) => [program, seconds - (before.get(program) ?? 0)]));
  return { total: [...byProgram.values()].reduce((a, b) => a + b, 0), byProgram };
}

const programs = (cpu: { byProgram: Map<string, number> }) => [...cpu.byProgram].filter(([, s]) => s >= 0.05).map(([program, s]) => `${program} ${s.toFixed(1)}`).join(', ');

const cpuOfThisProcess = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

export async function main(): Promise<void> {
  const target = Number(process.env.AUDIT_BENCH_EVENTS ?? 100_000);
  const [nats, ferret] = await Promise.all([startNats(), startFerret()]);
  const store = await JetStreamEventStore.connect({ servers: nats.url });
  try {
    let started = Date.now();
    const events = await appendHistory(store, target);
    console.log(`history: ${events} events appended in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    started = Date.now();
    let read = 0;
    for (let after = 0, page; (page = await store.readAll({ fromPosition: after || undefined, limit: 1000 })).length > 0; after = page.at(-1)!.position) read += page.length;
    const rawPerSecond = read / ((Date.now() - started) / 1000);

    // The "live" read models: rebuilt once into the database the audit then compares against.
    const seed = await rebuildAndCompare(store, { mongo: ferret.url, liveDb: 'bench-none', scratchDb: 'banat-certification', keep: true });
    started = Date.now();
    // CPU of the rebuild itself (the replay, up to its last write), measured apart from the comparison
    // (wall-clock time is noisy on a shared machine): this process, and the servers' (FerretDB, PostgreSQL, nats-server).
    const cpuAtStart = { self: cpuOfThisProcess(), servers: serversCpuSeconds() };
    let replayCpu: { self: number; servers: ReturnType<typeof serversCpuSince>; serversAt: Map<string, number> } | undefined;
    // The monotonic clock a CPU profile's samples are timed on (µs): the windows of the rebuild and of the comparison.
    const t0 = process.hrtime.bigint() / 1000n;
    let t1 = t0;
    const report = await rebuildAndCompare(store, {
      mongo: ferret.url,
      liveDb: 'banat-certification',
      onReplayed: () => {
        const serversAt = serversCpuSeconds();
        replayCpu = { self: cpuOfThisProcess() - cpuAtStart.self, servers: serversCpuSince(cpuAtStart.servers, serversAt), serversAt };
        t1 = process.hrtime.bigint() / 1000n;
      },
    });
    if (process.env.BENCH_PROFILE) console.error(`[bench] rebuild ${t0}..${t1} µs, comparison ${t1}..${process.hrtime.bigint() / 1000n} µs`);
    const totalSeconds = (Date.now() - started) / 1000;
    const selfAtEnd = cpuOfThisProcess() - cpuAtStart.self;
    console.log(`\naudit rebuild benchmark (${report.events} events, ${report.commits} commits, 4 projections on one shared reading of the history, JetStream → FerretDB/${process.env.FERRETDB_BACKEND ?? 'postgresql'}, batches of up to ${DEFAULT_REBUILD_BATCH} events / ${REBUILD_BATCH_DOCUMENTS} documents; target >= 5,000 events/s)`);
    console.log(`raw ordered replay, no writes (baseline)     ${rawPerSecond.toFixed(0).padStart(8)} events/s`);
    console.log(`rebuild into the scratch database (seed run) ${seed.eventsPerSecond.toFixed(0).padStart(8)} events/s  ${(seed.eventsPerSecond / rawPerSecond).toFixed(3)}x baseline`);
    console.log(`rebuild into the scratch database            ${report.eventsPerSecond.toFixed(0).padStart(8)} events/s  ${(report.eventsPerSecond / rawPerSecond).toFixed(3)}x baseline (${report.seconds} s)`);
    if (replayCpu) {
      const comparison = serversCpuSince(replayCpu.serversAt);
      console.log(`rebuild CPU: this process ${replayCpu.self.toFixed(1)} s, servers ${replayCpu.servers.total.toFixed(1)} s (${programs(replayCpu.servers)}); ${(report.events / (replayCpu.self + replayCpu.servers.total)) | 0} events per CPU second`);
      console.log(`comparison CPU (digests, documents compared, drop): this process ${(selfAtEnd - replayCpu.self).toFixed(1)} s, servers ${comparison.total.toFixed(1)} s (${programs(comparison)})`);
    }
    console.log(`whole audit (rebuild, digests, per-document comparison, drop): ${totalSeconds.toFixed(1)} s; equal: ${report.equal}; documents: ${report.collections.map((c) => `${c.collection} ${c.live}`).join(', ')}; peak RSS of this process ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  } finally {
    await store.close();
    await Promise.all([nats.stop(), ferret.stop()]);
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
