/**
 * The bare command path for bench-commands (its baseline), no framework: a raw NATS responder that
 * appends one event per command to JetStream with the expected last subject sequence (cached per
 * stream, as the service caches revisions) and the command id as message id, then replies.
 * Commands on one stream are queued, as in the service. Started by bench-commands with NATS_URL.
 */
import { connect, headers, JSONCodec, Msg } from 'nats';

export const BARE_STREAM = 'BENCH_BARE';
export const BARE_SUBJECT = 'bench.bare.command';

async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });
  const js = nc.jetstream();
  const jsm = await nc.jetstreamManager();
  const codec = JSONCodec<{ stream: string; commandId: string; summary: string }>();
  const lastSequence = new Map<string, number>();
  const queues = new Map<string, Promise<void>>();

  const lastOf = async (subject: string): Promise<number> => {
    const cached = lastSequence.get(subject);
    if (cached !== undefined) return cached;
    const last = await jsm.streams.getMessage(BARE_STREAM, { last_by_subj: subject }).then((m) => m.seq, () => 0);
    lastSequence.set(subject, last);
    return last;
  };

  const append = async (msg: Msg): Promise<void> => {
    const command = codec.decode(msg.data);
    const subject = `bench.bare.es.${command.stream}`;
    try {
      const expected = await lastOf(subject);
      const h = headers();
      h.set('x-actor', 'bench');
      const event = JSON.stringify({ type: 'SurveillanceFindingRecorded', data: { summary: command.summary }, commandId: command.commandId, at: new Date().toISOString() });
      const ack = await js.publish(subject, event, { msgID: command.commandId, expect: { lastSubjectSequence: expected }, headers: h });
      lastSequence.set(subject, ack.seq);
      msg.respond(JSON.stringify({ sequence: ack.seq }));
    } catch (error) {
      lastSequence.delete(subject);
      msg.respond(JSON.stringify({ error: (error as Error).message }));
    }
  };

  for await (const msg of nc.subscribe(BARE_SUBJECT, { queue: 'bare' })) {
    const stream = codec.decode(msg.data).stream;
    const next = (queues.get(stream) ?? Promise.resolve()).then(() => append(msg));
    queues.set(stream, next);
    void next.then(() => queues.get(stream) === next && queues.delete(stream));
  }
}

if (require.main === module) {
  process.once('SIGTERM', () => process.exit(0)); // a clean exit, so `--cpu-prof` (BENCH_PROFILE) writes its profile
  main().catch((error) => (console.error(error), process.exit(1)));
}
