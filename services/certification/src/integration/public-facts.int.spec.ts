import { JetStreamEventStore, NO_STREAM } from '@banat/event-store';
import { ensurePublicStream, PUBLIC_STREAM, PublicEventPublisher } from '@banat/messaging';
import { CheckpointStore, ProjectorRunner, type ProjectorLogger } from '@banat/projections';
import { startFerret, startNats, type RunningServer } from '@banat/testing';
import mongoose, { type Connection, type Model } from 'mongoose';
import { connect, type NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE } from '@banat/contracts';
import { issued, suspended } from '../domain/certificate/certificate.fixtures';
import { publicFactId, publicFactsProjection } from './public-facts.projection';
import { PUBLISHED_FACT, PublishedFactSchema, type PublishedFactDocument } from './published-fact.schema';

const silent: ProjectorLogger = { warn: () => undefined, error: () => undefined };
const numberOf = (i: number) => `MIB-2027-${String(i).padStart(6, '0')}`;
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'test', role: 'secretariat' });

/**
 * The public-facts projector, batched, on a real nats-server and FerretDB: a process that dies with a
 * batch's facts half published leaves its checkpoint before that batch; the one started after it
 * publishes every fact once (JetStream drops the repeats by Nats-Msg-Id), in the order of the history.
 */
describe('public facts published in batches (real nats-server and FerretDB): a crash mid-batch', () => {
  let nats: RunningServer;
  let ferret: RunningServer;
  let nc: NatsConnection;
  let store: JetStreamEventStore;
  let connection: Connection;
  let log: Model<PublishedFactDocument>;

  beforeAll(async () => {
    [nats, ferret] = await Promise.all([startNats(), startFerret()]);
    nc = await connect({ servers: nats.url });
    store = await JetStreamEventStore.connect({ connection: nc });
    await ensurePublicStream(nc);
    connection = await mongoose.createConnection(ferret.url, { dbName: 'public-facts' }).asPromise();
    log = connection.model<PublishedFactDocument>(PUBLISHED_FACT, PublishedFactSchema);
    await log.init();
  });
  afterAll(async () => {
    await connection?.close(true);
    await store?.close();
    await nc?.close();
    await Promise.all([nats?.stop(), ferret?.stop()]);
  });

  it('neither loses nor duplicates a fact: the restarted projector republishes the unfinished batch, deduplicated, and goes on', async () => {
    // 150 certificates issued, 30 of them then suspended (that fact reads the certificate's history).
    const certificates = 150;
    for (let i = 0; i < certificates; i++) {
      const e = issued();
      await store.appendToStream(`certificate-${numberOf(i)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(i) } }], { expectedRevision: NO_STREAM, metadata: metadata(`issue-${i}`) });
    }
    for (let i = 0; i < 30; i++) {
      const e = suspended();
      await store.appendToStream(`certificate-${numberOf(i)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(i) } }], { expectedRevision: 0, metadata: metadata(`suspend-${i}`) });
    }
    const history = await store.readAll();
    const expectedIds = history.map((e) => publicFactId(e.streamId, e.revision));
    const checkpoints = new CheckpointStore(connection);
    const publisher = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
    const batch = { maxEvents: 100, maxDelayMs: 1_000 };

    // The first process: 130 facts reach JetStream, then it dies with the rest of its second batch in flight.
    let published = 0;
    let die!: (error: Error) => void;
    const dead = new Promise<never>((_, reject) => (die = reject));
    dead.catch(() => undefined);
    const dying: PublicEventPublisher = Object.create(publisher);
    dying.publish = (event) => (++published <= 130 ? publisher.publish(event) : dead);
    const first = new ProjectorRunner({ store, projection: publicFactsProjection(store, dying, log), checkpoints, logger: silent, batch });
    await first.start();
    while (published < certificates + 30) await new Promise((r) => setTimeout(r, 10));
    await new Promise((r) => setTimeout(r, 200)); // anything it would still write, it has written
    // Halting it writes nothing more: its batch's effects never finished (as if the process were killed).
    const halted = first.stop();
    die(new Error('process killed'));
    await halted;

    const jsm = await nc.jetstreamManager();
    expect((await jsm.streams.info(PUBLIC_STREAM)).state.messages).toBe(130);
    // The checkpoint and the log cover the first batch only: what is not known done is done again.
    expect(await checkpoints.load(publicFactsProjection(store, publisher, log).name)).toBe(history[99]!.position);
    expect(await log.countDocuments()).toBe(100);

    // The process started after it: the unfinished batch again, then the rest.
    const second = new ProjectorRunner({ store, projection: publicFactsProjection(store, publisher, log), checkpoints, logger: silent, batch });
    await second.start();
    await second.waitUntilCaughtUp();
    await second.stop();

    const { messages } = (await jsm.streams.info(PUBLIC_STREAM)).state;
    const stored: string[] = [];
    for (let seq = 1; seq <= messages; seq++) stored.push(JSON.parse((await jsm.streams.getMessage(PUBLIC_STREAM, { seq })).string()).id);
    expect(stored).toEqual(expectedIds); // each fact once, in the order of the history
    expect((await log.find({}, { _id: 1 }).lean()).map((d) => d._id).sort()).toEqual([...expectedIds].sort());
    expect(await checkpoints.load(second.name)).toBe(history.at(-1)!.position);
    const suspension = JSON.parse((await jsm.streams.getMessage(PUBLIC_STREAM, { seq: certificates + 1 })).string());
    expect(suspension).toMatchObject({ type: 'eu.madeinbanat.certification.certificate.suspended.v1', subject: numberOf(0), data: { certificateNumber: numberOf(0), holderOrganisationId: 'org-ro-cofetaria-timis', reason: 'raw materials bought outside the region' } });
  });
});
