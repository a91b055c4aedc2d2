import { connect, type NatsConnection } from 'nats';
import { eventually, startNats, type RunningServer } from '@banat/testing';
import { consumePublicEvents, ensurePublicStream, PUBLIC_STREAM, PublicEventPublisher, type PoisonPublicEvent, type PublicEventConsumer } from './public-events';

/** The consumer's delivery rules on a real nats-server: outages waited out, poison terminated once, later messages unaffected. */
describe('public event consumer: transient failures and poison messages', () => {
  let nats: RunningServer;
  let nc: NatsConnection;
  let publisher: PublicEventPublisher;

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    await ensurePublicStream(nc);
    publisher = new PublicEventPublisher(nc, '/test');
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  const publish = (about: string) => publisher.publish({ subject: 'test.thing.happened.v1', type: 'eu.madeinbanat.test.thing.happened.v1', about, id: `event-${about}`, data: { about } });

  async function consume(durable: string, handle: (about: string) => Promise<void>, reported: PoisonPublicEvent[] = []): Promise<PublicEventConsumer> {
    return consumePublicEvents(nc, {
      durable,
      filterSubjects: ['test.>'],
      maxFailures: 3,
      redeliveryDelayMs: 20,
      maxRedeliveryDelayMs: 100,
      onPoison: (poison) => void reported.push(poison),
      handle: async (event) => handle((event.data as { about: string }).about),
    });
  }

  it('terminates a poison message after maxFailures, reports it, never redelivers it, and goes on with later messages', async () => {
    await publish('poison');
    await publish('good-1');
    const attempts = new Map<string, number>();
    const reported: PoisonPublicEvent[] = [];
    const consumer = await consume(
      'poison-test',
      async (about) => {
        attempts.set(about, (attempts.get(about) ?? 0) + 1);
        if (about === 'poison') throw new TypeError("Cannot read properties of undefined (reading 'name')");
      },
      reported,
    );
    await eventually(async () => (reported.length === 1 && attempts.get('good-1') === 1 ? true : undefined));
    expect(reported[0]).toMatchObject({ id: 'event-poison', attempts: 3, subject: 'banat.public.test.thing.happened.v1', error: "Cannot read properties of undefined (reading 'name')" });
    expect(consumer.poisoned()).toEqual(reported);

    // A later message is handled; by then the server holds nothing unacknowledged for this consumer.
    await publish('good-2');
    const info = await eventually(async () => {
      const state = await (await nc.jetstreamManager()).consumers.info(PUBLIC_STREAM, 'poison-test');
      return attempts.get('good-2') === 1 && state.num_ack_pending === 0 && state.num_pending === 0 ? state : undefined;
    });
    expect(info.num_redelivered).toBe(0);
    expect(attempts.get('poison')).toBe(3);
    await consumer.stop();
  });

  it('redelivers a message failing on an outage for as long as the outage lasts, beyond maxFailures, then handles it', async () => {
    await publish('outage');
    let failuresLeft = 8;
    const handled: string[] = [];
    const reported: PoisonPublicEvent[] = [];
    const consumer = await consume(
      'outage-test',
      async (about) => {
        if (about === 'outage' && failuresLeft-- > 0) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoServerSelectionError' });
        handled.push(about);
      },
      reported,
    );
    await eventually(async () => (handled.includes('outage') ? true : undefined));
    expect(failuresLeft).toBeLessThan(0);
    expect(reported).toEqual([]);
    await consumer.stop();
  });
});
