/**
 * The auditor's tool: replay the certification history straight from the event store, prove its
 * hash chains, and show what any certificate or application was on a past date.
 *
 *   node -r ./scripts/paths.js dist/scripts/audit.js streams
 *   node -r ./scripts/paths.js dist/scripts/audit.js verify [--stream certificate-MIB-2026-000001]
 *   node -r ./scripts/paths.js dist/scripts/audit.js history --stream certificate-MIB-2026-000001
 *   node -r ./scripts/paths.js dist/scripts/audit.js as-of --stream certificate-MIB-2026-000001 --at 2027-01-15
 *   node -r ./scripts/paths.js dist/scripts/audit.js credential verify cred.jwt --keys issuer.json --status-list list-1.json  (offline)
 *   node -r ./scripts/paths.js dist/scripts/audit.js rebuild [--mongo <url>] [--live-db <name>] [--keep]   (scripts/audit-rebuild.ts)
 *
 * Global options, anywhere on the line: --json, --server <url>, --user <name>.
 * Connects to --server or NATS_URL (default nats://127.0.0.1:4222) as --user or NATS_USER / NATS_PASSWORD (the `auditor`
 * user of deploy/nats/auth.conf: read-only; `npm start` keeps its password in .data/nats-passwords.json).
 * With a user, the history's JetStream API is reached under JS.HISTORY.API (NATS_HISTORY_API overrides).
 */
import { Command } from 'commander';
import { connect, NatsConnection } from 'nats';
import { DEFAULT_HISTORY_STREAM, describeSubject, eventsOfCommit, JetStreamEventStore, NotACommit, printable, RecordedEvent, streamIdOfSubject, verifyStream } from '../libs/event-store/src';
import { jetStreamApis } from '../libs/messaging/src/nats-connection';
import { credentialCommands } from './audit-credential';
import { applicationAsOf, certificateAsOf } from '../services/certification/src/domain';
import type { ApplicationEvent, CertificateEvent } from '../services/certification/src/domain';
import { registerRebuild } from './audit-rebuild';

type Out = (line: string) => void;

/** Every stream id of the history; a subject that names none is shown raw (escaped), never decoded into garbage. */
async function streamIds(nc: NatsConnection, apiPrefix: string): Promise<string[]> {
  const jsm = await nc.jetstreamManager({ apiPrefix });
  const info = await jsm.streams.info(DEFAULT_HISTORY_STREAM, { subjects_filter: '>' });
  return Object.keys(info.state.subjects ?? {}).map((s) => streamIdOfSubject(s) ?? describeSubject(s)).sort();
}

interface ChainResult {
  stream: string;
  events: number;
  ok: boolean;
  brokenAt?: number;
  reason?: string;
}

/**
 * One pass over the whole history: every message is either a commit of the stream its subject
 * names (gathered per stream, then its hash chain checked) or a finding (not a commit).
 */
async function verifyHistory(store: JetStreamEventStore, only?: string): Promise<{ chains: ChainResult[]; findings: NotACommit[] }> {
  const byStream = new Map<string, RecordedEvent[]>();
  const findings: NotACommit[] = [];
  for await (const inspected of store.inspectAll()) {
    if (!inspected.ok) {
      if (!only || streamIdOfSubject(inspected.finding.subject) === only) findings.push(inspected.finding);
      continue;
    }
    if (only && inspected.streamId !== only) continue;
    const events = byStream.get(inspected.streamId) ?? [];
    events.push(...eventsOfCommit(inspected.message));
    byStream.set(inspected.streamId, events);
  }
  if (only && !byStream.has(only)) byStream.set(only, []);
  const chains = [...byStream.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stream, events]): ChainResult => {
      const verdict = events.length ? verifyStream(events) : { ok: false as const, brokenAt: 0, reason: 'stream not found' };
      return { stream, events: events.length, ...verdict };
    });
  return { chains, findings };
}

const asDomain = <E>(events: RecordedEvent[]) => events.map((e) => ({ type: e.type, data: e.data }) as unknown as E);

/** Runs one audit command; returns the process exit code (1 when a chain is broken). */
export async function runAudit(
  argv: string[],
  out: Out = (l) => process.stdout.write(`${l}\n`),
  natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  credentials: { user?: string; pass?: string } = { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD },
): Promise<number> {
  let code = 0;
  // Global options are read wherever they stand on the line, before or after the command.
  const program = new Command('audit')
    .exitOverride()
    .description('Replay and verify the certification history')
    .option('--json', 'machine-readable output')
    .option('--server <url>', 'NATS server (default: NATS_URL, else nats://127.0.0.1:4222)')
    .option('--user <name>', 'NATS user (default: NATS_USER); the password comes from NATS_PASSWORD');
  const json = () => Boolean(program.opts().json);
  let nc!: NatsConnection;
  let store!: JetStreamEventStore;
  let apiPrefix!: string;
  program.hook('preAction', async (_program, action) => {
    if (action.parent?.name() === 'credential') return; // offline: no bus
    const { server = natsUrl, user = credentials.user } = program.opts<{ server?: string; user?: string }>();
    // On a secured bus the auditor reads replies on its own inbox prefix (deploy/nats/auth.conf).
    nc = await connect({ servers: server, name: 'banat-auditor', user, pass: credentials.pass, ...(user ? { inboxPrefix: `_INBOX_${user}` } : {}) });
    apiPrefix = jetStreamApis({ NATS_USER: user, NATS_HISTORY_API: process.env.NATS_HISTORY_API }).history;
    store = await JetStreamEventStore.connect({ connection: nc, readOnly: true, apiPrefix });
  });

  program
    .command('streams')
    .description('list every stream of the history')
    .action(async () => {
      const ids = await streamIds(nc, apiPrefix);
      json() ? out(JSON.stringify(ids)) : ids.forEach((id) => out(id));
    });

  program
    .command('verify')
    .description('verify the SHA-256 hash chain of one stream, or of all, and that the history holds nothing but commits of the streams their subjects name')
    .option('--stream <id>')
    .action(async (opts: { stream?: string }) => {
      const { chains, findings } = await verifyHistory(store, opts.stream);
      if (findings.length || chains.some((c) => !c.ok)) code = 1;
      if (json()) return out(JSON.stringify([...chains, ...findings.map((f) => ({ ok: false, notACommit: f }))]));
      for (const r of chains) out(r.ok ? `OK      ${printable(r.stream)} (${r.events} events)` : `BROKEN  ${printable(r.stream)} at revision ${r.brokenAt}: ${r.reason}`);
      for (const f of findings) out(`FOREIGN #${f.seq} under ${f.under}: not a commit (${f.kind}): ${f.reason}`);
    });

  program
    .command('history')
    .description('every event of a stream: when, who (role), what, why')
    .requiredOption('--stream <id>')
    .action(async (opts: { stream: string }) => {
      const events = await store.readStream(opts.stream);
      if (json()) return out(JSON.stringify(events));
      for (const e of events) {
        const data = e.data as { at?: string; reason?: string; reasons?: string[] };
        const why = data.reason ?? data.reasons?.join('; ') ?? '';
        out(`${String(e.revision).padStart(4)}  ${data.at ?? e.metadata.recordedAt}  ${e.type.padEnd(30)} ${e.metadata.actor} (${e.metadata.role})${why ? `  — ${why}` : ''}  #${e.metadata.hash.slice(0, 12)}`);
      }
    });

  program
    .command('as-of')
    .description('the state of a certificate or application on a past date or instant')
    .requiredOption('--stream <id>')
    .requiredOption('--at <date>', 'YYYY-MM-DD (end of that day, UTC) or an ISO instant')
    .action(async (opts: { stream: string; at: string }) => {
      const when = /^\d{4}-\d{2}-\d{2}$/.test(opts.at) ? `${opts.at}T23:59:59.999Z` : new Date(opts.at).toISOString();
      const events = await store.readStream(opts.stream);
      const state = opts.stream.startsWith('certificate-')
        ? certificateAsOf(asDomain<CertificateEvent>(events), when)
        : applicationAsOf(asDomain<ApplicationEvent>(events), when);
      out(JSON.stringify({ stream: opts.stream, asOf: when, state }, null, json() ? 0 : 2));
    });

  credentialCommands(program, out, json, () => (code = 1));
  registerRebuild(program, { store: () => store, json, out, exit: (exitCode) => (code = exitCode) });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    const e = error as { code?: string; message: string };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') code = 0;
    else {
      out(e.message);
      code = 2;
    }
  } finally {
    await store?.close();
    await nc?.close();
  }
  return code;
}

if (require.main === module) {
  runAudit(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    console.error(error);
    process.exit(2);
  });
}
