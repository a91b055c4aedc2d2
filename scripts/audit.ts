/**
 * The auditor's tool: replay the certification history straight from the event store, prove its
 * hash chains, and show what any certificate or application was on a past date.
 *
 *   node -r ./scripts/paths.js dist/scripts/audit.js streams
 *   node -r ./scripts/paths.js dist/scripts/audit.js verify [--stream certificate-MIB-2026-000001]
 *   node -r ./scripts/paths.js dist/scripts/audit.js history --stream certificate-MIB-2026-000001
 *   node -r ./scripts/paths.js dist/scripts/audit.js as-of --stream certificate-MIB-2026-000001 --at 2027-01-15
 *
 * Global options, anywhere on the line: --json, --server <url>, --user <name>.
 * Connects to --server or NATS_URL (default nats://127.0.0.1:4222) as --user or NATS_USER / NATS_PASSWORD (the `auditor`
 * user of deploy/nats/auth.conf: read-only; `npm start` keeps its password in .data/nats-passwords.json).
 */
import { Command } from 'commander';
import { connect, NatsConnection } from 'nats';
import { DEFAULT_HISTORY_STREAM, JetStreamEventStore, RecordedEvent, streamIdFromSubject, verifyStream } from '../libs/event-store/src';
import { applicationAsOf, certificateAsOf } from '../services/certification/src/domain';
import type { ApplicationEvent, CertificateEvent } from '../services/certification/src/domain';

type Out = (line: string) => void;

async function streamIds(nc: NatsConnection): Promise<string[]> {
  const jsm = await nc.jetstreamManager();
  const info = await jsm.streams.info(DEFAULT_HISTORY_STREAM, { subjects_filter: '>' });
  return Object.keys(info.state.subjects ?? {}).map((s) => streamIdFromSubject(s)).sort();
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
  program.hook('preAction', async () => {
    const { server = natsUrl, user = credentials.user } = program.opts<{ server?: string; user?: string }>();
    // On a secured bus the auditor reads replies on its own inbox prefix (deploy/nats/auth.conf).
    nc = await connect({ servers: server, name: 'banat-auditor', user, pass: credentials.pass, ...(user ? { inboxPrefix: `_INBOX_${user}` } : {}) });
    store = await JetStreamEventStore.connect({ connection: nc, readOnly: true });
  });

  program
    .command('streams')
    .description('list every stream of the history')
    .action(async () => {
      const ids = await streamIds(nc);
      json() ? out(JSON.stringify(ids)) : ids.forEach((id) => out(id));
    });

  program
    .command('verify')
    .description('verify the SHA-256 hash chain of one stream, or of all')
    .option('--stream <id>')
    .action(async (opts: { stream?: string }) => {
      const ids = opts.stream ? [opts.stream] : await streamIds(nc);
      const results = [];
      for (const id of ids) {
        const events = await store.readStream(id);
        const verdict = events.length ? verifyStream(events) : { ok: false as const, brokenAt: 0, reason: 'stream not found' };
        results.push({ stream: id, events: events.length, ...verdict });
        if (!verdict.ok) code = 1;
      }
      if (json()) out(JSON.stringify(results));
      else for (const r of results) out(r.ok ? `OK      ${r.stream} (${r.events} events)` : `BROKEN  ${r.stream} at revision ${(r as { brokenAt: number }).brokenAt}: ${(r as { reason: string }).reason}`);
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
