/**
 * The network's public listing search (no assertions): LISTINGS_BENCH_DOCUMENTS listings (default 10,000, a tenth of
 * them open, the rest past their last day: an exchange keeps every listing it ever had) in the embedded store, the
 * network service started as `npm start` runs it, then a page of open listings newest first with its count, one request
 * at a time over NATS RPC, from the service (its listing index, ListingIndex), beside the baseline: the store's own
 * answer to the queries the service ran before (a range on the last day, a sort, a count; FerretDB does all three in
 * its own memory, over every listing). LISTINGS_PAGES (default 300) requests to the service, LISTINGS_STORE_PAGES
 * (default 5) to the store.
 * Run: npm run build && node -r ./scripts/paths.js dist/scripts/bench-listings.js
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join, resolve } from 'node:path';
import { MongoClient } from 'mongodb';
import { connect, headers as natsHeaders } from 'nats';
import { COUNTRIES, LISTING_KINDS, NetworkExchangeSubjects, pingSubject, programmeToday } from '../libs/contracts/src';
import { changeStamp } from '../libs/messaging/src';
import { signedIdentityHeader, startTestServers, testIdentityKeys } from '../libs/testing/src';
import { timePages } from './bench-pages';
import { SERVICE_NODE_FLAGS } from './service-flags';
import { untilAnswered } from './until-answered';

const root = resolve(__dirname, '..', '..');

const dayOffset = (days: number) => new Date(Date.parse(`${programmeToday()}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

export async function main(): Promise<void> {
  const documents = Number(process.env.LISTINGS_BENCH_DOCUMENTS ?? 10_000);
  const env = await startTestServers({ verbose: Boolean(process.env.BENCH_VERBOSE) });
  const nc = await connect({ servers: env.natsUrl, noAsyncTraces: true });
  const mongo = await new MongoClient(env.mongoUrl).connect();
  let child: ChildProcess | undefined;
  try {
    const listings = mongo.db('banat-network').collection<{ _id: string } & Record<string, unknown>>('listings');
    const now = new Date().toISOString();
    const docs = Array.from({ length: documents }, (_, i) => {
      const open = i % 10 === 0;
      return {
        _id: randomUUID(),
        organisationId: randomUUID(),
        organisationCountry: COUNTRIES[i % COUNTRIES.length],
        kind: LISTING_KINDS[i % LISTING_KINDS.length],
        title: `Listing ${i}: bread, pastry and catering for hotels`,
        description: 'Daily deliveries across the Banat region, in Romanian, Serbian and Hungarian. '.repeat(4),
        naceCodes: [['10.71', '56.10', '62.01'][i % 3]],
        niceClasses: [30],
        countriesWanted: ['RO', 'RS'],
        languages: ['ro', 'sr'],
        expiresOn: open ? dayOffset(30 + (i % 300)) : dayOffset(-1 - (i % 700)),
        status: 'published',
        publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
        version: 1,
        ...changeStamp(now),
      };
    });
    for (let i = 0; i < docs.length; i += 1000) await listings.insertMany(docs.slice(i, i + 1000));

    child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, '-r', join(root, 'scripts', 'paths.js'), join(root, 'dist', 'services', 'network', 'src', 'main.js')], {
      env: { ...process.env, NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'warn', IDENTITY_PUBLIC_KEY: testIdentityKeys.IDENTITY_PUBLIC_KEY },
      stdio: 'inherit',
    });
    const rpc = async (subject: string, data: unknown) => {
      const h = natsHeaders();
      for (const [k, v] of Object.entries(await signedIdentityHeader(subject, { actor: 'anonymous', role: 'public' }))) h.set(k, v);
      const reply = JSON.parse(new TextDecoder().decode((await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 30_000, headers: h })).data));
      if (reply.err) throw new Error(`${subject}: ${JSON.stringify(reply.err)}`);
      return reply.response as { total: number };
    };
    await untilAnswered(() => rpc(pingSubject('network'), {}), 300);

    const filters: Array<Record<string, string>> = [{}, { kind: 'business-offer' }, { country: 'RS' }];
    const timed = (count: number, one: (filter: Record<string, string>) => Promise<number>) => timePages(filters, count, one);
    const day = programmeToday();
    const fromStore = await timed(Number(process.env.LISTINGS_STORE_PAGES ?? 5), async (filter) => {
      const query = { status: 'published', expiresOn: { $gte: day }, ...(filter.kind ? { kind: filter.kind } : {}), ...(filter.country ? { organisationCountry: filter.country } : {}) };
      const [, total] = await Promise.all([listings.find(query).sort({ publishedAt: -1, _id: 1 }).skip(20).limit(20).toArray(), listings.countDocuments(query)]);
      return total;
    });
    const fromService = await timed(Number(process.env.LISTINGS_PAGES ?? 300), async (filter) => (await rpc(NetworkExchangeSubjects.searchListings, { ...filter, page: 2, pageSize: 20 })).total);
    const f = (n: number) => n.toFixed(1).padStart(8);
    console.log(`\nnetwork listing search (2nd page of 20 open listings newest first, and the count; filters: none, kind, country; ${documents} listings, ${docs.filter((_, i) => i % 10 === 0).length} open; one request at a time)`);
    console.log('ms'.padEnd(60), 'p50'.padStart(8), 'p99'.padStart(8), 'pages/s'.padStart(8));
    console.log('the store answering the former queries (baseline)'.padEnd(60), f(fromStore.p50), f(fromStore.p99), f(fromStore.perSecond));
    console.log('the service over NATS RPC (its listing index)'.padEnd(60), f(fromService.p50), f(fromService.p99), f(fromService.perSecond));
    console.log(`service ${(fromService.perSecond / fromStore.perSecond).toFixed(0)}x the store's pages/s; totals ${fromService.totals === fromStore.totals ? 'equal' : `DIFFER: service ${fromService.totals}, store ${fromStore.totals}`}`);
  } finally {
    if (child && child.exitCode === null) await new Promise((r) => (child!.once('exit', r), child!.kill('SIGTERM')));
    await mongo.close();
    await nc.close();
    await env.stop();
  }
}

if (require.main === module) {
  main().then(() => process.exit(0), (error) => (console.error(error), process.exit(1)));
}
