/**
 * Event store benchmark (no assertions): raw JetStream publish vs appendToStream on the same
 * nats-server, then replay rates. Run: npm run build && node dist/scripts/bench-event-store.js
 * Sizes: BENCH_N (default 2000 sequential ops; 5x that for 100-in-flight runs).
 */
import { StorageType, connect } from 'nats';
import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { startNats } from '../libs/testing/src';

interface Row {
  name: string;
  ops: number;
  ms: number;
  baseline?: string;
}

/** Runs `total` operations with at most `inFlight` pending at once. */
async function inFlight(total: number, width: number, op: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, total) }, async () => {
    while (next < total) await op(next++);
  }));
}

async function timed(name: string, ops: number, run: () => Promise<unknown>, baseline?: string): Promise<Row> {
  const started = process.hrtime.bigint();
  await run();
  return { name, ops, ms: Number(process.hrtime.bigint() - started) / 1e6, baseline };
}

const meta = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'bench', role: 'bench' });
const event = (i: number) => ({ type: 'BenchRecorded', data: { i, note: 'certificate granted to a producer in Banat' } });

export async function main(): Promise<void> {
  const n = Number(process.env.BENCH_N ?? 2000);
  const wide = n * 5;
  const nats = await startNats();
  const nc = await connect({ servers: nats.url });
  try {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: 'BENCH_RAW', subjects: ['bench.raw.>'], storage: StorageType.File });
    const js = nc.jetstream();
    const store = await JetStreamEventStore.connect({ connection: nc });
    const body = new TextEncoder().encode(JSON.stringify([{ type: 'BenchRecorded', data: event(0).data, metadata: meta('x') }]));
    const rows: Row[] = [];

    rows.push(await timed('raw publish, awaited one by one', n, async () => {
      for (let i = 0; i < n; i++) await js.publish('bench.raw.one', body);
    }));
    rows.push(await timed('raw publish, 100 in flight', wide, () => inFlight(wide, 100, (i) => js.publish(`bench.raw.s${i % 100}`, body))));

    rows.push(await timed('appendToStream, one stream, one by one', n, async () => {
      for (let i = 0; i < n; i++) await store.appendToStream('bench-one', [event(i)], { expectedRevision: i === 0 ? NO_STREAM : i - 1, metadata: meta(`one-${i}`) });
    }, 'raw publish, awaited one by one'));
    rows.push(await timed('appendToStream, 100 streams, 100 in flight', wide, async () => {
      const revision = new Array<number>(100).fill(-1);
      await Promise.all(Array.from({ length: 100 }, async (_, s) => {
        for (let i = s; i < wide; i += 100) {
          const expectedRevision = revision[s]! < 0 ? NO_STREAM : revision[s]!;
          revision[s] = (await store.appendToStream(`bench-${s}`, [event(i)], { expectedRevision, metadata: meta(`wide-${i}`) })).nextExpectedRevision;
        }
      }));
    }, 'raw publish, 100 in flight'));

    const total = n + wide + 1;
    rows.push(await timed('readAll replay, pages of 1000', total, async () => {
      let from = 0;
      for (let read = 0; read < total; ) {
        const page = await store.readAll({ fromPosition: from, limit: 1000 });
        if (page.length === 0) break;
        read += page.length;
        from = page[page.length - 1]!.position;
      }
    }));
    const replayed = await store.readAll({ limit: 1 }).then(() => store.headPosition());
    rows.push(await timed('subscribeToAll replay (catch-up)', total, async () => {
      let done!: () => void;
      const caughtUp = new Promise<void>((resolve) => (done = resolve));
      const subscription = await store.subscribeToAll({ onEvent: (e) => void (e.position >= replayed && done()) });
      await caughtUp;
      await subscription.stop();
    }));
    await store.close();

    const rate = (r: Row) => r.ops / (r.ms / 1000);
    console.log(`\nevent store benchmark (nats-server ${nc.info?.version}, file storage, N=${n})`);
    console.log(['scenario'.padEnd(46), 'ops'.padStart(7), 'ms'.padStart(9), 'msgs/s'.padStart(10), 'vs baseline'.padStart(12)].join(' '));
    for (const r of rows) {
      const base = rows.find((b) => b.name === r.baseline);
      const ratio = base ? `${(rate(r) / rate(base)).toFixed(2)}x` : '';
      console.log([r.name.padEnd(46), String(r.ops).padStart(7), r.ms.toFixed(0).padStart(9), rate(r).toFixed(0).padStart(10), ratio.padStart(12)].join(' '));
    }
  } finally {
    await nc.close();
    await nats.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
