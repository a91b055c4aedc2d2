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

async function main(): Promise<void> {
  const user = process.env.NATS_USER;
  const nc = await connect({
    servers: process.env.NATS_URL ?? 'nats://127.0.0.1:4222',
    name: 'partner-example',
    user,
    pass: process.env.NATS_PASSWORD,
    ...(user ? { inboxPrefix: `_INBOX_${user}` } : {}),
  });
  const jsm = await nc.jetstreamManager();
  const durable = user ?? 'partner-example';
  const since = process.argv.includes('--since') ? process.argv[process.argv.indexOf('--since') + 1] : undefined;
  await jsm.consumers.add(STREAM, {
    durable_name: durable,
    ack_policy: AckPolicy.Explicit,
    filter_subject: 'banat.public.certification.>',
    deliver_policy: since ? DeliverPolicy.StartTime : process.argv.includes('--from-start') ? DeliverPolicy.All : DeliverPolicy.New,
    ...(since ? { opt_start_time: new Date(since).toISOString() } : {}),
  });
  const consumer = await nc.jetstream().consumers.get(STREAM, durable);
  const seen = new Set<string>(); // a real partner keeps this in its database
  console.log(`following ${STREAM} as '${durable}' — Ctrl-C to stop`);
  const messages = await consumer.consume();
  process.once('SIGINT', () => void messages.close().then(() => nc.drain()));
  for await (const m of messages) {
    const event = m.json<{ id: string; source: string; type: string; time: string; subject: string; data: { certificateNumber: string; holderOrganisationId: string; reason?: string } }>();
    const key = `${event.source} ${event.id}`;
    if (!seen.has(key)) {
      seen.add(key);
      console.log(`${event.time}  ${event.type.replace('eu.madeinbanat.certification.', '')}  ${event.data.certificateNumber}  holder ${event.data.holderOrganisationId}${event.data.reason ? `  (${event.data.reason})` : ''}`);
    }
    m.ack();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
