/**
 * How a partner system (a chamber's CRM, a retailer, an export agency) follows the awards:
 * a durable JetStream consumer on the public prefix, CloudEvents in, deduplicated by source + id.
 *
 *   NATS_USER=partner-demo NATS_PASSWORD=… NATS_URL=nats://127.0.0.1:4222 \
 *     node dist/scripts/examples/partner-subscriber.js [--from-start|--since 2026-01-01T00:00:00Z]
 *
 * It acknowledges each event after handling it, so a restart resumes where it stopped; the
 * consumer, named after the partner's NATS user, is its bookmark on the server. Under the
 * deployment's permissions (deploy/nats/auth.conf) a partner reads replies on its own inbox prefix
 * only, and may create only the consumer named after it.
 */
import { AckPolicy, connect, DeliverPolicy } from 'nats';

const STREAM = 'BANAT_PUBLIC';

export interface AwardFact {
  id: string;
  source: string;
  type: string;
  time: string;
  subject: string;
  data: { certificateNumber: string; holderOrganisationId: string; reason?: string };
}

export interface FollowOptions {
  servers: string;
  user?: string;
  pass?: string;
  deliver: 'new' | 'all' | { since: string };
  /** Called once per fact (source + id), in order; the fact is acknowledged after it returns. */
  onFact(fact: AwardFact): Promise<void> | void;
}

/** Follows the certification facts with a durable consumer named after the partner; returns a stop function. */
export async function followAwards(options: FollowOptions): Promise<() => Promise<void>> {
  const nc = await connect({
    servers: options.servers,
    name: 'partner-example',
    user: options.user,
    pass: options.pass,
    // A partner reads replies on its own inbox prefix only (deploy/nats/auth.conf).
    ...(options.user ? { inboxPrefix: `_INBOX_${options.user}` } : {}),
  });
  // On the deployment's bus BANAT_PUBLIC lives in an account of its own, its JetStream API imported
  // under JS.PUBLIC.API (deploy/nats/auth.conf); on an open bus it is the connection's own $JS.API.
  const apiPrefix = process.env.NATS_PUBLIC_API ?? (options.user ? 'JS.PUBLIC.API' : '$JS.API');
  const jsm = await nc.jetstreamManager({ apiPrefix });
  const durable = options.user ?? 'partner-example';
  const since = typeof options.deliver === 'object' ? options.deliver.since : undefined;
  await jsm.consumers.add(STREAM, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: 'banat.public.certification.>',
    deliver_policy: since ? DeliverPolicy.StartTime : options.deliver === 'all' ? DeliverPolicy.All : DeliverPolicy.New,
    ...(since ? { opt_start_time: new Date(since).toISOString() } : {}),
  });
  const consumer = await nc.jetstream({ apiPrefix }).consumers.get(STREAM, durable);
  const seen = new Set<string>(); // a real partner keeps this in its database
  const messages = await consumer.consume();
  const done = (async () => {
    for await (const m of messages) {
      const fact = m.json<AwardFact>();
      const key = `${fact.source} ${fact.id}`;
      if (!seen.has(key)) {
        seen.add(key);
        await options.onFact(fact);
      }
      m.ack();
    }
  })();
  return async () => {
    await messages.close();
    await done;
    await nc.drain();
  };
}

async function main(): Promise<void> {
  const since = process.argv.includes('--since') ? process.argv[process.argv.indexOf('--since') + 1] : undefined;
  const stop = await followAwards({
    servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    user: process.env.NATS_USER,
    pass: process.env.NATS_PASSWORD,
    deliver: since ? { since } : process.argv.includes('--from-start') ? 'all' : 'new',
    onFact: (fact) =>
      console.log(`${fact.time}  ${fact.type.replace('eu.madeinbanat.certification.', '')}  ${fact.data.certificateNumber}  holder ${fact.data.holderOrganisationId}${fact.data.reason ? `  (${fact.data.reason})` : ''}`),
  });
  console.log(`following ${STREAM} — Ctrl-C to stop`);
  process.once('SIGINT', () => void stop());
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
