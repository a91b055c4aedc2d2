/**
 * The auditor's tool: replay the certification history straight from the event store, prove its
 * hash chains, and show what any certificate or application was on a past date.
 *
 *   node -r ./scripts/paths.js dist/scripts/audit.js streams
 *   node -r ./scripts/paths.js dist/scripts/audit.js verify [--stream certificate-MIB-2026-000001] [--heads heads-2027-01-15.json]
 *   node -r ./scripts/paths.js dist/scripts/audit.js heads --out heads-2027-01-15.json   (scripts/audit-heads.ts)
 *   node -r ./scripts/paths.js dist/scripts/audit.js history --stream certificate-MIB-2026-000001
 *   node -r ./scripts/paths.js dist/scripts/audit.js as-of --stream certificate-MIB-2026-000001 --at 2027-01-15
 *   node -r ./scripts/paths.js dist/scripts/audit.js credential verify cred.jwt --keys issuer.json --status-list list-1.json  (offline)
 *   node -r ./scripts/paths.js dist/scripts/audit.js rebuild [--mongo <url>] [--live-db <name>] [--keep]   (scripts/audit-rebuild.ts)
 *
 * Global options, anywhere on the line: --json, --server <url>, --user <name>.
 * --at (as-of, credential verify): a day means its end in Europe/Bucharest, as the HTTP API's as-of; an instant, itself.
 * Exit codes (scripts/audit-cli.ts EXIT): 0 done, 1 a finding, 2 usage, 3 stream not found, 4 could not run.
 * Errors go to stderr, once; with --json an error is `{ "error": { "code", "message" } }` on stdout.
 * Connects to --server or NATS_URL (default nats://127.0.0.1:4222) as --user or NATS_USER / NATS_PASSWORD (the `auditor`
 * user of deploy/nats/auth.conf: read-only; `npm start` keeps its password in .data/nats-passwords.json).
 * With a user, the history's JetStream API is reached under JS.HISTORY.API (NATS_HISTORY_API overrides).
 */
import { Command, CommanderError } from 'commander';
import { connect, NatsConnection } from 'nats';
import { DEFAULT_HISTORY_STREAM, describeSubject, eventsOfCommit, JetStreamEventStore, NotACommit, printable, RecordedEvent, streamIdOfSubject, verifyStream } from '../libs/event-store/src';
import { jetStreamApis } from '../libs/messaging/src/nats-connection';
import { AT_MEANING, AuditError, connectionFailure, eventCount, DATE_FORMAT, EXIT, exitCodesHelp, parseAt, streamNotFound } from './audit-cli';
import { credentialCommands } from './audit-credential';
import { applicationAsOf, certificateAsOf, evolveComplaint, initialComplaintState, stateAsOf } from '../services/certification/src/domain';
import type { ApplicationEvent, CertificateEvent, ComplaintEvent } from '../services/certification/src/domain';
import { registerRebuild } from './audit-rebuild';
import { compareWithHeads, headsOf, readHeadsFile } from './audit-heads';
import { writeFileSync } from 'node:fs';

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
  /** false: `--stream` names a stream with no commit, only what is not one under its subject (the findings). */
  found?: false;
}

/**
 * One pass over the whole history: every message is either a commit of the stream its subject
 * names (gathered per stream, then its hash chain checked) or a finding (not a commit).
 */
async function verifyHistory(store: JetStreamEventStore, only?: string): Promise<{ chains: ChainResult[]; findings: NotACommit[]; byStream: Map<string, RecordedEvent[]> }> {
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
  // A stream with no commit is not a broken chain: with nothing else under its subject, it does not exist.
  if (only && !byStream.has(only)) {
    if (!findings.length) throw streamNotFound(printable(only));
    return { chains: [{ stream: only, events: 0, ok: false, found: false }], findings, byStream };
  }
  const chains = [...byStream.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([stream, events]): ChainResult => ({ stream, events: events.length, ...verifyStream(events) }));
  return { chains, findings, byStream };
}

/** verify's line for a stream: OK, BROKEN at a revision, or MISSING (also heads', for the streams it refuses to vouch for). */
function chainLine(r: ChainResult): string {
  if (r.found === false) return `MISSING ${printable(r.stream)}: no commit of this stream, only what follows under its subject`;
  return r.ok ? `OK      ${printable(r.stream)} (${eventCount(r.events)})` : `BROKEN  ${printable(r.stream)} at revision ${r.brokenAt}: ${r.reason}`;
}

const foreignLine = (f: NotACommit) => `FOREIGN #${f.seq} under ${f.under}: not a commit (${f.kind}): ${f.reason}`;

const asDomain = <E>(events: RecordedEvent[]) => events.map((e) => ({ type: e.type, data: e.data }) as unknown as E);

const usage = 'usage: an unknown command or option, a missing or invalid value';
const couldNotRun = 'could not run: NATS unreachable or refusing the user, no history stream, a file or database unreadable';

/**
 * Runs one audit command; returns the process exit code (EXIT: 1 on a finding, 2 on a usage error,
 * 3 when the stream asked for does not exist, 4 when it could not run). Results go to `out`; an
 * error goes to `err` once, or with --json to `out` as `{ "error": { "code", "message" } }`.
 */
export async function runAudit(
  argv: string[],
  out: Out = (l) => process.stdout.write(`${l}\n`),
  natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
  credentials: { user?: string; pass?: string } = { user: process.env.NATS_USER, pass: process.env.NATS_PASSWORD },
  err: Out = (l) => process.stderr.write(`${l}\n`),
): Promise<number> {
  let code: number = EXIT.ok;
  // Global options are read wherever they stand on the line, before or after the command.
  const program = new Command('audit')
    .exitOverride()
    .description('Replay and verify the certification history')
    .option('--json', 'machine-readable output; an error is {"error":{"code","message"}} on stdout')
    .option('--server <url>', 'NATS server (default: NATS_URL, else nats://127.0.0.1:4222)')
    .option('--user <name>', 'NATS user (default: NATS_USER); the password comes from NATS_PASSWORD');
  const json = () => Boolean(program.opts().json);
  // Also before Commander has read the line (an error in it): then --json anywhere counts.
  const jsonErrors = () => json() || argv.includes('--json');
  // Commander's own messages (usage errors, help after one) go to stderr once; under --json the
  // error is reported as JSON instead (below). Set before the commands are added: they inherit it.
  program.configureOutput({
    writeOut: (text) => out(text.replace(/\n$/, '')),
    writeErr: (text) => (jsonErrors() ? undefined : err(text.replace(/\n$/, ''))),
  });
  program.addHelpText(
    'after',
    `${exitCodesHelp({
      ok: 'done (verify: every chain intact; credential verify: verified; rebuild: equal)',
      finding: 'a finding (verify: a broken chain or a message that is not a commit; heads: the same, and no heads written; credential verify: a failed check; rebuild: a difference)',
      usage,
      streamNotFound: 'the stream asked for does not exist (history, as-of, verify --stream)',
      failed: couldNotRun,
    })}\nErrors go to stderr, once. With --json an error is {"error":{"code","message"}} on stdout, code one of usage, stream-not-found, connection, failed.\n--at (as-of, credential verify): ${DATE_FORMAT}; ${AT_MEANING}.`,
  );
  let nc!: NatsConnection;
  let store!: JetStreamEventStore;
  let apiPrefix!: string;
  /** The server read from (named when the history there holds nothing: the wrong --server, or too early). */
  let connectedTo = natsUrl;
  program.hook('preAction', async (_program, action) => {
    if (action.parent?.name() === 'credential') return; // offline: no bus
    const { server = natsUrl, user = credentials.user } = program.opts<{ server?: string; user?: string }>();
    connectedTo = server;
    try {
      // On a secured bus the auditor reads replies on its own inbox prefix (deploy/nats/auth.conf).
      nc = await connect({ servers: server, name: 'banat-auditor', user, pass: credentials.pass, ...(user ? { inboxPrefix: `_INBOX_${user}` } : {}) });
      apiPrefix = jetStreamApis({ NATS_USER: user, NATS_HISTORY_API: process.env.NATS_HISTORY_API }).history;
      store = await JetStreamEventStore.connect({ connection: nc, readOnly: true, apiPrefix });
    } catch (error) {
      throw connectionFailure(error, server, user);
    }
  });

  program
    .command('streams')
    .description('list every stream of the history')
    .action(async () => {
      const ids = await streamIds(nc, apiPrefix);
      if (!ids.length && !json()) err(`no stream in the history at ${connectedTo} yet`);
      json() ? out(JSON.stringify(ids)) : ids.forEach((id) => out(id));
    });

  program
    .command('verify')
    .description('verify the SHA-256 hash chain of one stream, or of all, and that the history holds nothing but commits of the streams their subjects name')
    .option('--stream <id>', 'only this stream (and whatever is under its subject)')
    .option('--heads <file>', 'also compare with heads written earlier by `audit heads`: a stream gone, cut short or rewritten since is a finding')
    .addHelpText('after', exitCodesHelp({ ok: 'every chain intact, nothing but commits (and with --heads: nothing lost since)', finding: 'a broken chain, a message that is not a commit, or with --heads a stream gone, cut short or rewritten', usage: `${usage}; a --heads file that is not one or was changed`, streamNotFound: 'no stream --stream in the history (nothing under its subject)', failed: couldNotRun }))
    .action(async (opts: { stream?: string; heads?: string }) => {
      // Read first: a heads file that cannot be trusted stops the run before the history is read.
      const heads = opts.heads === undefined ? undefined : readHeadsFile(opts.heads);
      const { chains, findings, byStream } = await verifyHistory(store, opts.stream);
      const onlyHeads = heads && opts.stream !== undefined ? { ...heads, streams: Object.fromEntries(Object.entries(heads.streams).filter(([s]) => s === opts.stream)) } : heads;
      const lost = onlyHeads ? compareWithHeads(onlyHeads, byStream) : [];
      if (findings.length || lost.length || chains.some((c) => !c.ok)) code = EXIT.finding;
      if (json()) return out(JSON.stringify([...chains, ...findings.map((f) => ({ ok: false, notACommit: f })), ...lost.map((l) => ({ ok: false, sinceHeads: l }))]));
      for (const r of chains) out(chainLine(r));
      if (!chains.length && !findings.length && !lost.length) out(`no stream in the history at ${connectedTo} yet: nothing to verify`);
      for (const f of findings) out(foreignLine(f));
      for (const l of lost) out(`${l.kind.toUpperCase().padEnd(7)} ${printable(l.stream)} since the heads file: ${l.reason}`);
      if (heads) out(`compared with the heads of ${heads.takenAt} (${Object.keys(onlyHeads!.streams).length} streams, ${heads.digest})`);
    });

  program
    .command('heads')
    .description('the head of every stream (its number of events and last hash) and a digest over them: keep the file where the platform cannot reach it, and later run verify --heads <file>')
    .option('--out <file>', 'write the heads to this file (default: print them)')
    .addHelpText('after', exitCodesHelp({ ok: 'the heads were written', finding: 'no heads written: a broken chain or a message that is not a commit (named as verify names them)', usage, failed: couldNotRun }))
    .action(async (opts: { out?: string }) => {
      const { chains, findings, byStream } = await verifyHistory(store);
      // Heads are what a later verify --heads trusts: taken over a history that does not verify, they would make its damage the reference.
      const broken = chains.filter((c) => !c.ok);
      if (broken.length || findings.length) {
        code = EXIT.finding;
        if (json()) return out(JSON.stringify([...broken, ...findings.map((f) => ({ ok: false, notACommit: f }))]));
        for (const r of broken) out(chainLine(r));
        for (const f of findings) out(foreignLine(f));
        return out('no heads written: the history does not verify (audit verify shows it whole); heads taken now would vouch for the damage');
      }
      const heads = headsOf(byStream);
      const text = JSON.stringify(heads, null, 2);
      if (opts.out === undefined) return out(json() ? JSON.stringify(heads) : text);
      try {
        writeFileSync(opts.out, `${text}\n`, { flag: 'wx' });
      } catch (error) {
        throw new AuditError('failed', `cannot write ${opts.out}: ${(error as Error).message}${(error as NodeJS.ErrnoException).code === 'EEXIST' ? ' (a heads file is never overwritten: name a new one)' : ''}`, EXIT.failed);
      }
      const summary = { file: opts.out, streams: Object.keys(heads.streams).length, position: heads.position, digest: heads.digest };
      out(json() ? JSON.stringify(summary) : `wrote the heads of ${summary.streams} streams (position ${summary.position}) to ${summary.file}; digest ${summary.digest}`);
    });

  program
    .command('history')
    .description('every event of a stream: when, who (role), what, why')
    .requiredOption('--stream <id>', 'the stream, e.g. certificate-MIB-2026-000001 (audit streams lists them)')
    .addHelpText('after', exitCodesHelp({ ok: 'the history was shown', usage, streamNotFound: 'no stream --stream in the history', failed: couldNotRun }))
    .action(async (opts: { stream: string }) => {
      const events = await store.readStream(opts.stream);
      if (!events.length) throw streamNotFound(printable(opts.stream));
      if (json()) return out(JSON.stringify(events));
      for (const e of events) {
        const data = e.data as { at?: string; reason?: string; reasons?: string[] };
        const why = data.reason ?? data.reasons?.join('; ') ?? '';
        out(`${String(e.revision).padStart(4)}  ${data.at ?? e.metadata.recordedAt}  ${e.type.padEnd(30)} ${e.metadata.actor} (${e.metadata.role})${why ? `  — ${why}` : ''}  #${e.metadata.hash.slice(0, 12)}`);
      }
    });

  program
    .command('as-of')
    .description('the state of a certificate, application or complaint on a past date or instant')
    .requiredOption('--stream <id>', 'the stream, e.g. certificate-MIB-2026-000001 (audit streams lists them)')
    .requiredOption('--at <date>', `${DATE_FORMAT} (${AT_MEANING})`, parseAt)
    .addHelpText('after', exitCodesHelp({ ok: 'the state was shown', usage, streamNotFound: 'no stream --stream in the history', failed: couldNotRun }))
    .action(async (opts: { stream: string; at: string }) => {
      const when = opts.at; // the instant parseAt read --at as
      const events = await store.readStream(opts.stream);
      if (!events.length) throw streamNotFound(printable(opts.stream));
      // Each kind of stream by its own fold: a complaint folded as an application was no state at all.
      const kind = /^(certificate|application|complaint)-/.exec(opts.stream)?.[1];
      if (!kind) throw new AuditError('usage', `as-of folds certificate-, application- and complaint- streams; ${printable(opts.stream)} is none of them (history --stream ${printable(opts.stream)} shows its events)`, EXIT.usage);
      const state =
        kind === 'certificate'
          ? certificateAsOf(asDomain<CertificateEvent>(events), when)
          : kind === 'complaint'
            ? stateAsOf({ evolve: evolveComplaint, initialState: initialComplaintState }, asDomain<ComplaintEvent>(events), when)
            : applicationAsOf(asDomain<ApplicationEvent>(events), when);
      out(JSON.stringify({ stream: opts.stream, asOf: when, state }, null, json() ? 0 : 2));
    });

  credentialCommands(program, out, json, () => (code = EXIT.finding));
  registerRebuild(program, { store: () => store, json, out, exit: (exitCode) => (code = exitCode) });
  program.commands
    .find((c) => c.name() === 'rebuild')
    ?.addHelpText('after', exitCodesHelp({ ok: 'the live read models are what the history gives', finding: 'a document differs, is missing or extra', usage, failed: couldNotRun }));

  /** One error, once: on stderr, or with --json as a JSON object on stdout. */
  const report = (error: AuditError) => (jsonErrors() ? out(JSON.stringify({ error: { code: error.code, message: error.message } })) : err(`error: ${error.message}`));
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help, or help shown for a missing command; Commander has written any usage error itself (not under --json).
      if (error.exitCode === 0) code = EXIT.ok;
      else {
        code = EXIT.usage;
        const message = error.code === 'commander.help' ? 'no command given; --help lists them' : error.message.replace(/^error: /, '');
        if (jsonErrors()) report(new AuditError('usage', message, code));
      }
    } else {
      const failure = error instanceof AuditError ? error : new AuditError('failed', error instanceof Error ? error.message : String(error), EXIT.failed);
      report(failure);
      code = failure.exitCode;
    }
  } finally {
    await store?.close();
    await nc?.close();
  }
  return code;
}

if (require.main === module) {
  runAudit(process.argv.slice(2)).then((code) => process.exit(code), (error) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(EXIT.failed);
  });
}
