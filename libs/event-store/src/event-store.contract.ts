import { randomUUID } from 'node:crypto';
import { deterministicEventId } from './event-ids';
import {
  ANY,
  MAX_EVENTS_PER_APPEND,
  NO_STREAM,
  STREAM_EXISTS,
  WrongExpectedRevision,
  type AppendOptions,
  type DomainEvent,
  type EventStore,
  type RecordedEvent,
} from './event-store';
import { GENESIS_HASH, verifyStream } from './hash-chain';
import { Upcasters } from './upcasting';

export interface ContractSubject {
  /** A store on the shared backend; every call is a separate "replica" with its own caches. */
  open(options?: { upcasters?: Upcasters }): Promise<EventStore>;
}

const newStream = (category = 'certificate') => `${category}-${randomUUID()}`;
const meta = (commandId = randomUUID(), extra: Partial<AppendOptions['metadata']> = {}): AppendOptions['metadata'] => ({
  commandId,
  correlationId: `corr-${commandId}`,
  actor: 'assessor@banat.example',
  role: 'assessor',
  ...extra,
});
const granted = (n: number): DomainEvent => ({ type: 'CertificateGranted', data: { n } });

async function expectWrongRevision(attempt: Promise<unknown>): Promise<WrongExpectedRevision> {
  const error = await attempt.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WrongExpectedRevision);
  return error as WrongExpectedRevision;
}

/** Resolves once `count` events were delivered; the handler records the order. */
function collector(count: number) {
  const received: RecordedEvent[] = [];
  let done!: () => void;
  const reached = new Promise<void>((resolve) => (done = resolve));
  return {
    received,
    reached,
    onEvent: async (event: RecordedEvent) => {
      await new Promise((r) => setImmediate(r)); // a slow handler: the next event must wait for it
      received.push(event);
      if (received.length === count) done();
    },
  };
}

/** The behaviour every EventStore adapter must show (run by each adapter's spec). */
export function eventStoreContract(name: string, subject: () => ContractSubject): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    const opened: EventStore[] = [];
    const open = async (options?: { upcasters?: Upcasters }) => {
      const s = await subject().open(options);
      opened.push(s);
      return s;
    };

    beforeAll(async () => {
      store = await open();
    });
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
    });

    it('appends at NO_STREAM, a number, STREAM_EXISTS and ANY, numbering revisions from 0', async () => {
      const stream = newStream();
      const first = await store.appendToStream(stream, [granted(0), granted(1)], { expectedRevision: NO_STREAM, metadata: meta() });
      expect(first).toMatchObject({ nextExpectedRevision: 1, duplicate: false });
      const second = await store.appendToStream(stream, [granted(2)], { expectedRevision: 1, metadata: meta() });
      expect(second.nextExpectedRevision).toBe(2);
      const third = await store.appendToStream(stream, [granted(3)], { expectedRevision: STREAM_EXISTS, metadata: meta() });
      expect(third.nextExpectedRevision).toBe(3);
      const fourth = await store.appendToStream(stream, [granted(4)], { expectedRevision: ANY, metadata: meta() });
      expect(fourth.nextExpectedRevision).toBe(4);
      const fifth = await store.appendToStream(newStream(), [granted(5)], { expectedRevision: ANY, metadata: meta() });
      expect(fifth.nextExpectedRevision).toBe(0);

      const events = await store.readStream(stream);
      expect(events.map((e) => [e.revision, e.data])).toEqual([0, 1, 2, 3, 4].map((n) => [n, { n }]));
      const positions = events.map((e) => e.position);
      expect(new Set(positions).size).toBe(5);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(first.position).toBe(events[1]!.position);
      expect(fourth.position).toBe(events[4]!.position);
      expect(fifth.position).toBeGreaterThan(fourth.position);
    });

    it('rejects a wrong expected revision with expected and actual, and appends nothing', async () => {
      const stream = newStream();
      await store.appendToStream(stream, [granted(0), granted(1)], { expectedRevision: NO_STREAM, metadata: meta() });

      const numeric = await expectWrongRevision(store.appendToStream(stream, [granted(9)], { expectedRevision: 5, metadata: meta() }));
      expect(numeric).toMatchObject({ streamId: stream, expected: 5, actual: 1 });
      const noStream = await expectWrongRevision(store.appendToStream(stream, [granted(9)], { expectedRevision: NO_STREAM, metadata: meta() }));
      expect(noStream).toMatchObject({ expected: NO_STREAM, actual: 1 });
      const missing = newStream();
      const exists = await expectWrongRevision(store.appendToStream(missing, [granted(9)], { expectedRevision: STREAM_EXISTS, metadata: meta() }));
      expect(exists).toMatchObject({ expected: STREAM_EXISTS, actual: NO_STREAM });
      const onMissing = await expectWrongRevision(store.appendToStream(missing, [granted(9)], { expectedRevision: 0, metadata: meta() }));
      expect(onMissing).toMatchObject({ expected: 0, actual: NO_STREAM });

      expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
      expect(await store.readStream(missing)).toEqual([]);
    });

    it('lets exactly one of 50 concurrent appends at the same revision win, without gap or duplicate', async () => {
      const stream = newStream();
      await store.appendToStream(stream, [granted(0)], { expectedRevision: NO_STREAM, metadata: meta() });
      // Two replicas race, each with its own cached head.
      const replicas = [store, await open()];
      await replicas[replicas.length - 1]!.readStream(stream);
      const commands = Array.from({ length: 50 }, () => randomUUID());
      const outcomes = await Promise.allSettled(
        commands.map((commandId, i) =>
          replicas[i % replicas.length]!.appendToStream(stream, [granted(100 + i), granted(200 + i)], { expectedRevision: 0, metadata: meta(commandId) }),
        ),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(49);
      for (const loss of lost) {
        expect(loss.reason).toBeInstanceOf(WrongExpectedRevision);
        expect(loss.reason).toMatchObject({ expected: 0, actual: 2 });
      }

      const events = await store.readStream(stream);
      expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
      const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
      expect(events.slice(1).map((e) => e.metadata.commandId)).toEqual([commands[winner], commands[winner]]);
      expect(verifyStream(events)).toEqual({ ok: true });

      const next = await store.appendToStream(stream, [granted(3)], { expectedRevision: 2, metadata: meta() });
      expect(next.nextExpectedRevision).toBe(3);
    });

    it('lets only one of two replicas create a stream at NO_STREAM', async () => {
      const stream = newStream();
      const other = await open();
      const outcomes = await Promise.allSettled(
        [store, other].map((s, n) => s.appendToStream(stream, [granted(n)], { expectedRevision: NO_STREAM, metadata: meta() })),
      );
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const loss = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect(loss.reason).toMatchObject({ expected: NO_STREAM, actual: 0 });
      expect((await other.readStream(stream)).map((e) => e.revision)).toEqual([0]);
    });

    it('stores a retried command once and answers the retry with the original result', async () => {
      const stream = newStream();
      const commandId = randomUUID();
      const command = { expectedRevision: NO_STREAM, metadata: meta(commandId) } as const;
      const original = await store.appendToStream(stream, [granted(1), granted(2)], command);
      const retry = await store.appendToStream(stream, [granted(1), granted(2)], command);
      expect(retry).toEqual({ ...original, duplicate: true });

      await store.appendToStream(stream, [granted(3)], { expectedRevision: 1, metadata: meta() });
      // A retry after the stream moved on, with ANY, on another replica (cold cache): still nothing new.
      const replica = await open();
      const late = await replica.appendToStream(stream, [granted(1), granted(2)], { expectedRevision: ANY, metadata: meta(commandId) });
      expect(late).toEqual({ ...original, duplicate: true });

      const events = await store.readStream(stream);
      expect(events.map((e) => e.metadata.commandId)).toEqual([commandId, commandId, events[2]!.metadata.commandId]);
      expect(events.slice(0, 2).map((e) => e.metadata.eventId)).toEqual([0, 1].map((i) => deterministicEventId(stream, commandId, i)));
    });

    it('recognises a retry on a replica whose cached head is stale', async () => {
      const stream = newStream();
      const stale = await open();
      await stale.appendToStream(stream, [granted(0)], { expectedRevision: NO_STREAM, metadata: meta() });
      const commandId = randomUUID();
      const original = await store.appendToStream(stream, [granted(1)], { expectedRevision: 0, metadata: meta(commandId) });
      const retry = await stale.appendToStream(stream, [granted(1)], { expectedRevision: ANY, metadata: meta(commandId) });
      expect(retry).toEqual({ ...original, duplicate: true });
      expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('reads a stream between revisions, and nothing for an unknown stream', async () => {
      const stream = newStream();
      for (let n = 0; n < 6; n += 2) await store.appendToStream(stream, [granted(n), granted(n + 1)], { expectedRevision: ANY, metadata: meta() });
      expect((await store.readStream(stream, { from: 1, to: 4 })).map((e) => e.revision)).toEqual([1, 2, 3, 4]);
      expect((await store.readStream(stream, { from: 4 })).map((e) => e.data)).toEqual([{ n: 4 }, { n: 5 }]);
      expect((await store.readStream(stream, { to: 0 })).map((e) => e.revision)).toEqual([0]);
      expect(await store.readStream(newStream())).toEqual([]);
    });

    it('reads all streams from a position, in position order, with a limit', async () => {
      const start = await store.headPosition();
      const a = newStream('exhibition');
      const b = newStream('network');
      await store.appendToStream(a, [granted(1), granted(2)], { expectedRevision: NO_STREAM, metadata: meta() });
      const mid = await store.appendToStream(b, [granted(3)], { expectedRevision: NO_STREAM, metadata: meta() });
      await store.appendToStream(a, [granted(4)], { expectedRevision: 1, metadata: meta() });
      expect(await store.headPosition()).toBeGreaterThan(mid.position);

      const ours = (events: RecordedEvent[]) => events.filter((e) => e.streamId === a || e.streamId === b).map((e) => (e.data as { n: number }).n);
      const all = await store.readAll({ fromPosition: start });
      expect(ours(all)).toEqual([1, 2, 3, 4]);
      const positions = all.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(all.every((e) => e.position > start)).toBe(true);

      const firstOfA = all.find((e) => e.streamId === a)!;
      expect(ours(await store.readAll({ fromPosition: firstOfA.position }))).toEqual([2, 3, 4]);
      expect(ours(await store.readAll({ fromPosition: mid.position }))).toEqual([4]);
      expect(await store.readAll({ fromPosition: start, limit: 2 })).toHaveLength(2);
    });

    it('subscribes from a checkpoint: catches up, then receives live events in order', async () => {
      const stream = newStream('events');
      const before = await store.appendToStream(stream, [granted(0), granted(1), granted(2)], { expectedRevision: NO_STREAM, metadata: meta() });
      const checkpoint = (await store.readStream(stream))[0]!.position;
      const collect = collector(4);
      const subscription = await store.subscribeToAll({
        fromPosition: checkpoint,
        onEvent: (event) => (event.streamId === stream ? collect.onEvent(event) : undefined),
      });
      try {
        await store.appendToStream(stream, [granted(3)], { expectedRevision: before.nextExpectedRevision, metadata: meta() });
        await store.appendToStream(stream, [granted(4)], { expectedRevision: 3, metadata: meta() });
        await collect.reached;
      } finally {
        await subscription.stop();
      }
      expect(collect.received.map((e) => e.revision)).toEqual([1, 2, 3, 4]);
      expect(collect.received.every((e) => e.position > checkpoint)).toBe(true);
    });

    it('keeps who, why and when on every event', async () => {
      const stream = newStream();
      const commandId = randomUUID();
      await store.appendToStream(stream, [granted(0)], { expectedRevision: NO_STREAM, metadata: meta(commandId) });
      await store.appendToStream(stream, [{ type: 'CertificateRenewed', data: { until: '2030' }, schemaVersion: 3 }], {
        expectedRevision: 0,
        metadata: meta(randomUUID(), { causationId: commandId }),
      });
      const [first, second] = await store.readStream(stream);
      expect(first!.metadata).toEqual({
        eventId: deterministicEventId(stream, commandId, 0),
        commandId,
        correlationId: `corr-${commandId}`,
        causationId: commandId,
        actor: 'assessor@banat.example',
        role: 'assessor',
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        schemaVersion: 1,
        prevHash: GENESIS_HASH,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(first!.metadata.eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(second!.metadata).toMatchObject({ causationId: commandId, schemaVersion: 3, prevHash: first!.metadata.hash });
    });

    it('chains hashes so that a changed, removed or reordered event is found', async () => {
      const stream = newStream();
      await store.appendToStream(stream, [granted(0), granted(1), granted(2)], { expectedRevision: NO_STREAM, metadata: meta() });
      await store.appendToStream(stream, [granted(3)], { expectedRevision: 2, metadata: meta() });
      const events = await store.readStream(stream);
      expect(verifyStream(events)).toEqual({ ok: true });

      const copy = () => structuredClone(events);
      const changed = copy();
      changed[2]!.data = { n: 99 };
      expect(verifyStream(changed)).toMatchObject({ ok: false, brokenAt: 2 });
      const reattributed = copy();
      reattributed[3]!.metadata.actor = 'someone-else';
      expect(verifyStream(reattributed)).toMatchObject({ ok: false, brokenAt: 3 });
      const removed = copy();
      removed.splice(1, 1);
      expect(verifyStream(removed)).toMatchObject({ ok: false, brokenAt: 1 });
      const renumbered = removed.map((e, i) => ({ ...e, revision: i }));
      expect(verifyStream(renumbered)).toMatchObject({ ok: false, brokenAt: 1 });
      const reordered = copy();
      [reordered[1], reordered[2]] = [reordered[2]!, reordered[1]!];
      expect(verifyStream(reordered)).toMatchObject({ ok: false, brokenAt: 1 });
    });

    it('upcasts old schema versions on every read, and verifies the chain over the stored form', async () => {
      const upcasters = new Upcasters().register('ProducerRegistered', 1, (data: { name: string }) => ({
        legalName: data.name,
        country: 'RO',
      }));
      const reader = await open({ upcasters });
      const stream = newStream('registry');
      const start = await reader.headPosition();
      await store.appendToStream(stream, [{ type: 'ProducerRegistered', data: { name: 'Ferma Banat' }, schemaVersion: 1 }], {
        expectedRevision: NO_STREAM,
        metadata: meta(),
      });
      await store.appendToStream(stream, [{ type: 'ProducerRegistered', data: { legalName: 'Pekara', country: 'RS' }, schemaVersion: 2 }], {
        expectedRevision: 0,
        metadata: meta(),
      });
      const [old, current] = await reader.readStream(stream);
      expect(old!.data).toEqual({ legalName: 'Ferma Banat', country: 'RO' });
      expect(old!.metadata.schemaVersion).toBe(2);
      expect(old!.stored).toEqual({ data: { name: 'Ferma Banat' }, schemaVersion: 1 });
      expect(current!.data).toEqual({ legalName: 'Pekara', country: 'RS' });
      expect(current!.stored).toBeUndefined();
      expect(verifyStream([old!, current!])).toEqual({ ok: true });

      const fromAll = (await reader.readAll({ fromPosition: start })).filter((e) => e.streamId === stream);
      expect(fromAll.map((e) => e.data)).toEqual([old!.data, current!.data]);
      const collect = collector(2);
      const subscription = await reader.subscribeToAll({ fromPosition: start, onEvent: (e) => (e.streamId === stream ? collect.onEvent(e) : undefined) });
      await collect.reached;
      await subscription.stop();
      expect(collect.received.map((e) => e.data)).toEqual([old!.data, current!.data]);
      // Without upcasters the stored form is what comes back: nothing was rewritten.
      expect((await store.readStream(stream))[0]!.data).toEqual({ name: 'Ferma Banat' });
    });

    it('refuses an empty append and one over the per-commit limit', async () => {
      const stream = newStream();
      await expect(store.appendToStream(stream, [], { metadata: meta() })).rejects.toThrow(RangeError);
      const tooMany = Array.from({ length: MAX_EVENTS_PER_APPEND + 1 }, (_, n) => granted(n));
      await expect(store.appendToStream(stream, tooMany, { metadata: meta() })).rejects.toThrow(RangeError);
      expect(await store.readStream(stream)).toEqual([]);
    });
  });
}
