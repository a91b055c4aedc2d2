/**
 * The guarantees without the framework, for bench-commands: a raw NATS responder (as the bare one)
 * that does what the certification service does for a finding, with the service's own parts but
 * none of Nest's dispatch, the request context, metrics or logging: it reads the request in Nest's
 * packet format, checks the signed identity (IdentityVerifier, its cache included), validates the
 * body (the service's validation pipe and DTO), decides with the certificate decider on the cached
 * state (the command id checked against the stream's, as a retry would be), appends through the
 * JetStream event store (hash chain, commit encoding, expected revision, message id) and replies
 * with the command's result in Nest's packet format. It is built as the bare responder is (nats.js's
 * async iterator over the subscription, a queue per stream), so the two differ by the guarantees
 * alone: what it costs beyond the bare responder is what the guarantees cost, done by the service's
 * own code. (That structure hands each reply and append to the socket in a write of its own, where
 * the service's callback dispatch gathers those of a whole read into one: with 100 in flight the
 * bare and this responder spend ~25% of their CPU in socket writes, the service ~6%.)
 * Started by bench-commands with NATS_URL and IDENTITY_PUBLIC_KEY.
 */
import { randomUUID } from 'node:crypto';
import { connect, Msg } from 'nats';
import { CertificationSubjects, nowInstant, RecordFindingDto } from '../libs/contracts/src';
import { acceptCorrelationId, CORRELATION_HEADER } from '../libs/messaging/src/correlation';
import { identityVerifierFrom } from '../libs/messaging/src/identity';
import { rpcValidationPipe } from '../libs/messaging/src/validation';
import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { certificateDecider, certificateStream, type CertificateState } from '../services/certification/src/domain';

export const GUARDED_SUBJECT = 'bench.guarded.command';

interface View {
  revision: number;
  position: number;
  state: CertificateState;
  commandIds: Set<string>;
}

async function main(): Promise<void> {
  const nc = await connect({ servers: process.env.NATS_URL, noAsyncTraces: true });
  const store = await JetStreamEventStore.connect({ connection: nc });
  const verifier = identityVerifierFrom({ IDENTITY_PUBLIC_KEY: process.env.IDENTITY_PUBLIC_KEY });
  const pipe = rpcValidationPipe();
  const views = new Map<string, View>();
  const queues = new Map<string, Promise<void>>();

  const load = async (streamId: string): Promise<View> => {
    const history = await store.readStream(streamId);
    const view: View = {
      revision: history.length - 1,
      position: history.at(-1)?.position ?? 0,
      state: history.reduce((s, e) => certificateDecider.evolve(s, e as never), certificateDecider.initialState()),
      commandIds: new Set(history.map((e) => e.metadata.commandId)),
    };
    views.set(streamId, view);
    return view;
  };

  const handle = async (msg: Msg, packet: { id: string; data: unknown }): Promise<void> => {
    try {
      // The identity is checked against the service's subject: the assertion the bench signs is for it.
      const checked = await verifier.check(CertificationSubjects.recordFinding, msg.headers);
      if (!checked.ok || !checked.identity.actor || !checked.identity.role) throw new Error(checked.ok ? 'no actor' : checked.reason);
      const { actor, role } = checked.identity;
      const correlationId = acceptCorrelationId(msg.headers?.get(CORRELATION_HEADER));
      const dto = (await pipe.transform(packet.data, { type: 'body', metatype: RecordFindingDto })) as RecordFindingDto;
      const streamId = certificateStream(dto.certificateNumber);
      const commandId = dto.commandId ?? randomUUID();
      const view = views.get(streamId) ?? (await load(streamId));
      if (view.commandIds.has(commandId)) throw new Error('a retry: not part of this bench');
      const { certificateNumber, source, severity, summary } = dto;
      const events = certificateDecider.decide(
        { type: 'RecordSurveillanceFinding', data: { certificateNumber, findingId: dto.findingId ?? `finding-${randomUUID()}`, source, severity, summary }, metadata: { actor, role: role as never, now: nowInstant() } },
        view.state,
      );
      const appended = await store.appendToStream(streamId, events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> })), {
        expectedRevision: view.revision < 0 ? NO_STREAM : view.revision,
        metadata: { commandId, correlationId, actor, role },
      });
      view.revision = appended.nextExpectedRevision;
      view.position = appended.position;
      view.state = events.reduce(certificateDecider.evolve, view.state);
      view.commandIds.add(commandId);
      const response = { streamId, revision: appended.nextExpectedRevision, position: appended.position, appended: events.length, duplicate: false, recorded: events.map((e) => e.type) };
      msg.respond(JSON.stringify({ response, isDisposed: true, id: packet.id }));
    } catch (error) {
      msg.respond(JSON.stringify({ err: { message: (error as Error).message }, isDisposed: true, id: packet.id }));
    }
  };

  for await (const msg of nc.subscribe(GUARDED_SUBJECT, { queue: 'guarded' })) {
    const packet = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string; data: { certificateNumber?: string } };
    const stream = String(packet.data?.certificateNumber);
    const next = (queues.get(stream) ?? Promise.resolve()).then(() => handle(msg, packet));
    queues.set(stream, next);
    void next.then(() => queues.get(stream) === next && queues.delete(stream));
  }
}

if (require.main === module) {
  process.once('SIGTERM', () => process.exit(0)); // a clean exit, so `--cpu-prof` (BENCH_PROFILE) writes its profile
  main().catch((error) => (console.error(error), process.exit(1)));
}
