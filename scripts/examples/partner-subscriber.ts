/**
 * How a partner system (a chamber's CRM, a retailer, an export agency) follows the awards:
 * a durable JetStream consumer on the certificate facts of the public stream (granted, renewed,
 * suspended, restored, withdrawn, expired), CloudEvents in, deduplicated by source + id.
 *
 *   NATS_USER=partner-demo NATS_PASSWORD=… NATS_URL=nats://127.0.0.1:4222 \
 *     node dist/scripts/examples/partner-subscriber.js [--from-start | --since 2026-01-01T00:00:00Z]
 *
 * It acknowledges each fact after handling it, so a restart without a flag resumes where it stopped
 * (its first run starts with the facts published from then on); the consumer, named after the
 * partner's NATS user, is its bookmark on the server. --from-start or --since replays: the consumer
 * is created, or deleted and created again from that point (facts the partner already has come again,
 * and its deduplication by source + id takes care of them). Either way it says in one line what it did.
 * Facts are handled one at a time in the stream's order (the consumer's max_ack_pending is 1): a fact
 * whose handling fails comes again 5 s later, before any later fact, so a certificate's facts are
 * never applied out of order. A certificate fact's id ends with the revision of the certificate's
 * history it comes from (`certificate-<number>-<revision>`): a fact the stream holds after a later one
 * of the same certificate (a publication retried after a failure) is skipped, said in one line; a
 * partner handling facts in parallel orders them by that revision.
 * Under the deployment's permissions (deploy/nats/auth.conf) a partner reads replies on its own
 * inbox prefix only, and may create, read and delete only the consumer named after it.
 * Exit codes: 0 stopped (Ctrl-C), 1 could not follow, 2 a wrong command line.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { AckPolicy, connect, DeliverPolicy, ErrorCode, NatsError, type ConsumerConfig, type ConsumerInfo, type JetStreamManager } from 'nats';

const STREAM = 'BANAT_PUBLIC';
/**
 * One fact handed out at a time: the next is delivered only once this one is acknowledged. A fact
 * not handled (nak) therefore comes again before any later one, so a certificate's facts are applied
 * in the order of its history (with more in flight, a suspension could be applied before the grant
 * that failed and came again after it, leaving the certificate shown as granted).
 */
const IN_ORDER: Pick<ConsumerConfig, 'max_ack_pending'> = { max_ack_pending: 1 };
/** The awards: every certificate fact. Applications (certification.application.*) are not awards. */
export const AWARD_SUBJECTS = 'banat.public.certification.certificate.>';
/** JetStream API error codes. */
const CONSUMER_NOT_FOUND = 10014;
const STREAM_NOT_FOUND = 10059;

/** A certificate fact: `data` is the certificate as it stands after it (libs/contracts CertificateFactData). */
export interface AwardFact {
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  data: {
    certificateNumber: string;
    holderOrganisationId: string;
    holderCountry?: string;
    holderRegion?: string;
    schemeId?: string;
    schemeVersion?: number;
    products?: { name: string; niceClass?: number }[];
    validFrom?: string;
    validUntil?: string;
    reason?: string;
    at?: string;
  };
}

/** Where to start: where it stopped (`resume`; the facts from now on when there is no consumer yet), from the start (`all`), or from an instant. */
export type Delivery = 'resume' | 'all' | { since: Date };

export interface FollowOptions {
  servers: string;
  user?: string;
  pass?: string;
  deliver: Delivery;
  /**
   * Called once per fact (source + id), in the order of the stream; the fact is acknowledged after it returns.
   * When it throws, the same fact comes again 5 s later, before any later fact.
   */
  onFact(fact: AwardFact): Promise<void> | void;
  /** Told, one line each, what became of the consumer (created, resumed, re-created to replay) and of a fact not handled. */
  onNotice?(line: string): void;
}

async function consumerInfo(jsm: JetStreamManager, durable: string): Promise<ConsumerInfo | undefined> {
  try {
    return await jsm.consumers.info(STREAM, durable);
  } catch (error) {
    if (error instanceof NatsError && error.api_error?.err_code === CONSUMER_NOT_FOUND) return undefined;
    throw error;
  }
}

/**
 * The durable consumer as asked: resumed when it exists and no replay is asked; else created, after
 * deleting the one there (a durable's start cannot be changed). Returns what it did, in one line.
 */
async function prepareConsumer(jsm: JetStreamManager, durable: string, deliver: Delivery): Promise<string> {
  const existing = await consumerInfo(jsm, durable);
  if (existing && deliver === 'resume') {
    let info = existing;
    const changes: string[] = [];
    // A consumer made by an earlier version of this example: on a wider filter, or handing out many facts at once. Its position stays.
    if (existing.config.filter_subject !== AWARD_SUBJECTS) changes.push(`its filter narrowed from ${existing.config.filter_subject ?? existing.config.filter_subjects?.join(',') ?? 'everything'} to ${AWARD_SUBJECTS}`);
    if (existing.config.max_ack_pending !== IN_ORDER.max_ack_pending) changes.push(`one fact at a time now (max_ack_pending ${existing.config.max_ack_pending ?? 'default'} to 1)`);
    if (changes.length) info = await jsm.consumers.update(STREAM, durable, { filter_subject: AWARD_SUBJECTS, ...IN_ORDER });
    return `consumer ${durable} resumed after stream sequence ${info.ack_floor.stream_seq}: ${info.num_pending} fact(s) waiting${changes.map((c) => `, ${c}`).join('')}`;
  }
  const start: Pick<ConsumerConfig, 'deliver_policy' | 'opt_start_time'> =
    deliver === 'all' ? { deliver_policy: DeliverPolicy.All } : deliver === 'resume' ? { deliver_policy: DeliverPolicy.New } : { deliver_policy: DeliverPolicy.StartTime, opt_start_time: deliver.since.toISOString() };
  const from = deliver === 'all' ? 'from the start' : deliver === 'resume' ? '' : `from ${deliver.since.toISOString()}`;
  if (existing) await jsm.consumers.delete(STREAM, durable);
  await jsm.consumers.add(STREAM, { durable_name: durable, ack_policy: AckPolicy.Explicit, filter_subject: AWARD_SUBJECTS, ...IN_ORDER, ...start });
  if (existing) return `consumer ${durable} re-created to replay ${from} (it had acknowledged up to stream sequence ${existing.ack_floor.stream_seq})`;
  return deliver === 'resume' ? `consumer ${durable} created: the facts from now on (--from-start or --since replays earlier ones)` : `consumer ${durable} created to replay ${from}`;
}

/** Follows the certificate facts with a durable consumer named after the partner; returns a stop function. */
export async function followAwards(options: FollowOptions): Promise<() => Promise<void>> {
  const nc = await connect({
    servers: options.servers,
    name: 'partner-example',
    user: options.user,
    pass: options.pass,
    // A partner reads replies on its own inbox prefix only (deploy/nats/auth.conf).
    ...(options.user ? { inboxPrefix: `_INBOX_${options.user}` } : {}),
  });
  const notice = options.onNotice ?? (() => undefined);
  try {
    // On the deployment's bus BANAT_PUBLIC lives in an account of its own, its JetStream API imported
    // under JS.PUBLIC.API (deploy/nats/auth.conf); on an open bus it is the connection's own $JS.API.
    const apiPrefix = process.env.NATS_PUBLIC_API ?? (options.user ? 'JS.PUBLIC.API' : '$JS.API');
    const jsm = await nc.jetstreamManager({ apiPrefix });
    const durable = options.user ?? 'partner-example';
    notice(await prepareConsumer(jsm, durable, options.deliver));
    const consumer = await nc.jetstream({ apiPrefix }).consumers.get(STREAM, durable);
    const seen = new Set<string>(); // a real partner keeps this in its database
    // The latest revision applied per certificate (a real partner keeps it beside the certificate): a fact's
    // data is the certificate as it stands after it, so an older fact arriving later must not undo a newer one.
    const applied = new Map<string, number>();
    const messages = await consumer.consume();
    const done = (async () => {
      for await (const m of messages) {
        let fact: AwardFact;
        try {
          fact = m.json<AwardFact>();
        } catch {
          notice(`stream sequence ${m.seq} skipped: not a JSON CloudEvent`);
          m.term();
          continue;
        }
        const key = `${fact.source} ${fact.id}`;
        const revision = revisionOf(fact.id);
        const number = fact.data?.certificateNumber;
        const latest = number === undefined ? undefined : applied.get(number);
        if (!seen.has(key) && revision !== undefined && latest !== undefined && revision < latest) {
          // Stored after a later fact of the same certificate (a publication retried after a failure): superseded.
          notice(`stream sequence ${m.seq}: ${describeType(fact.type)} ${number} revision ${revision} skipped: revision ${latest} of that certificate is already applied`);
          seen.add(key);
        } else if (!seen.has(key)) {
          try {
            await options.onFact(fact);
          } catch (error) {
            notice(`${fact.type} ${fact.id} not handled, to come again in 5 s: ${error instanceof Error ? error.message : String(error)}`);
            m.nak(5000);
            continue;
          }
          seen.add(key);
          if (number !== undefined && revision !== undefined) applied.set(number, revision);
        }
        m.ack();
      }
    })().catch((error: unknown) => notice(`stopped following (${error instanceof Error ? error.message : String(error)}); run it again to resume`));
    return async () => {
      await messages.close();
      await done;
      await nc.drain();
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}

/**
 * The certificate stream revision a certificate fact's id ends with (`certificate-<number>-<revision>`):
 * the order of a certificate's facts, whatever order they reach the stream in.
 */
export function revisionOf(id: string): number | undefined {
  const match = /^certificate-.+-(\d+)$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

const describeType = (type: string | undefined) => String(type ?? 'unknown type').replace(/^eu\.madeinbanat\.certification\./, '');

/** One line for any fact: when, what, the certificate and the fields it carries (any other event: what it is about and its fields). */
export function describeFact(fact: { time?: string; type?: string; subject?: string; id?: string; data?: unknown }): string {
  const type = describeType(fact.type);
  const d = (fact.data && typeof fact.data === 'object' ? fact.data : {}) as Record<string, unknown>;
  if (typeof d.certificateNumber !== 'string') {
    const fields = Object.entries(d).filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object').map(([k, v]) => `${k}=${String(v)}`);
    return [fact.time, type, fact.subject ?? fact.id, ...fields].filter(Boolean).join('  ');
  }
  const products = Array.isArray(d.products) ? (d.products as { name?: string }[]).map((p) => p.name).filter(Boolean) : [];
  return [
    fact.time,
    type,
    d.certificateNumber,
    d.holderOrganisationId && `holder ${String(d.holderOrganisationId)}${d.holderRegion ? ` (${String(d.holderRegion)})` : d.holderCountry ? ` (${String(d.holderCountry)})` : ''}`,
    d.schemeId && `scheme ${String(d.schemeId)}${d.schemeVersion ? ` v${String(d.schemeVersion)}` : ''}`,
    d.validFrom && d.validUntil && `valid ${String(d.validFrom)} to ${String(d.validUntil)}`,
    products.length && `products: ${products.join(', ')}`,
    d.reason && `(${String(d.reason)})`,
  ]
    .filter(Boolean)
    .join('  ');
}

export const SINCE_FORMAT = 'an ISO 8601 instant with its zone, e.g. 2026-01-01T00:00:00Z, or a day, e.g. 2026-01-01 (from 00:00 UTC)';

/** Commander argument parser of --since: a real instant or day (not "yesterday", not 2026-02-30). */
export function parseSince(value: string): Date {
  const day = /^(\d{4}-\d{2}-\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/i.exec(value)?.[1];
  const when = new Date(day === value ? `${value}T00:00:00Z` : value);
  const real = day !== undefined && !Number.isNaN(when.getTime()) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
  if (!real) throw new InvalidArgumentError(`Expected ${SINCE_FORMAT}.`);
  return when;
}

/** Why it could not follow, with the server, the user and what to check. */
function cannotFollow(error: unknown, servers: string, user: string | undefined): string {
  const as = user ? `user ${user}` : 'no user (NATS_USER unset)';
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof NatsError ? error.code : undefined;
  if (code === ErrorCode.ConnectionRefused) return `cannot connect to NATS at ${servers}: connection refused; check NATS_URL and that nats-server runs there`;
  if (code === ErrorCode.AuthorizationViolation || code === ErrorCode.AuthenticationTimeout) return `NATS at ${servers} refused ${as} (authorization violation); check NATS_USER and NATS_PASSWORD (with npm start: BANAT_NATS_PASSWORD_PARTNER_DEMO in .data/nats-passwords.json)`;
  if (error instanceof NatsError && error.api_error?.err_code === STREAM_NOT_FOUND) return `NATS at ${servers} has no stream ${STREAM} yet (${message}); the services create it when they first start`;
  if (code === ErrorCode.NoResponders || code === ErrorCode.Timeout || code === ErrorCode.PermissionsViolation)
    return `NATS at ${servers} did not let ${as} use its consumer on ${STREAM} (${message}); check that the user has its account and exports in deploy/nats/auth.conf (the consumer is named after the user), or NATS_PUBLIC_API`;
  return `cannot follow ${STREAM} at ${servers} as ${as}: ${message}`;
}

export interface SubscriberIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  /** Resolves when it should stop (default: SIGINT or SIGTERM). */
  until?: Promise<unknown>;
}

/** The example's command line; resolves with the exit code (0 stopped, 1 could not follow, 2 a wrong command line). */
export async function main(argv: string[], io: SubscriberIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env }): Promise<number> {
  const program = new Command('partner-subscriber')
    .description(`Follows the awards (${AWARD_SUBJECTS} on ${STREAM}) with a durable consumer named after NATS_USER.\nWithout a flag it resumes where it stopped (its first run: the facts from then on); --from-start or --since replays, re-creating the consumer.`)
    .addOption(new Option('--from-start', 'replay every award from the start of the stream').conflicts('since'))
    .addOption(new Option('--since <instant>', `replay from ${SINCE_FORMAT}`).argParser(parseSince))
    .addHelpText('after', '\nEnvironment: NATS_URL (default nats://127.0.0.1:4222), NATS_USER (also names the consumer), NATS_PASSWORD, NATS_PUBLIC_API.\nExit codes: 0 stopped (Ctrl-C), 1 could not follow (NATS unreachable, the user refused, no stream), 2 a wrong command line.')
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text.replace(/\n$/, '')), writeErr: (text) => io.err(text.replace(/\n$/, '')) });
  let opts: { fromStart?: boolean; since?: Date };
  try {
    opts = program.parse(argv, { from: 'user' }).opts();
  } catch (error) {
    // Commander has said what is wrong, in one line, naming the flag (or shown --help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const servers = io.env.NATS_URL ?? 'nats://127.0.0.1:4222';
  const user = io.env.NATS_USER;
  let stop: () => Promise<void>;
  try {
    stop = await followAwards({
      servers,
      user,
      pass: io.env.NATS_PASSWORD,
      deliver: opts.since ? { since: opts.since } : opts.fromStart ? 'all' : 'resume',
      onFact: (fact) => io.out(describeFact(fact)),
      onNotice: (line) => io.out(line),
    });
  } catch (error) {
    io.err(`error: ${cannotFollow(error, servers, user)}`);
    return 1;
  }
  io.out(`following the awards on ${STREAM} — Ctrl-C to stop`);
  await (io.until ?? new Promise((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve)));
  await stop();
  return 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
