import { INestApplication, INestMicroservice } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { randomUUID } from 'node:crypto';
import { Model } from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificationEvents, OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { changeStamp, createService, ensurePublicStream, loadConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, organisationView } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { ExhibitorPagesService } from './application/exhibitor-pages.service';
import { foldText, searchText } from './domain';
import { ExhibitionModule } from './exhibition.module';
import { ProductPage } from './read-models/exhibitor-pages.schema';

const organisation = (name: Record<string, string>, country: 'RO' | 'RS', region: string): OrganisationView => organisationView({ id: randomUUID(), name, country, region });

/** Product search from the exhibition replica's product index, kept by its own writes and read back from FerretDB (real NATS + FerretDB, through the gateway). */
describe('exhibition product search: from the in-process index, across scripts and diacritics', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let nc: NatsConnection;
  let base: string;
  let products: Model<ProductPage>;
  let pages: ExhibitorPagesService;
  let as: Record<'secretariat' | 'apiary' | 'bakery', Record<string, string>>;

  const apiary = organisation({ 'sr-Latn': 'Medara Đurđević' }, 'RS', 'RS-VO');
  const bakery = organisation({ ro: 'Brutăria Bănățeană' }, 'RO', 'RO-TM');

  const ids = async (query: string): Promise<string[]> => {
    const res = await httpGet(`${base}/exhibition/products?${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as { id: string }[]).map((p) => p.id);
  };
  const found = (q: string, extra = '') => ids(`q=${encodeURIComponent(q)}${extra}`);
  const create = async (org: OrganisationView, name: Record<string, string>, niceClasses: number[]): Promise<string> => {
    const res = await httpPost(`${base}/exhibition/booths/${org.id}/products`, { name, niceClasses }, org === apiary ? as.apiary : as.bakery);
    expect(res.status).toBe(201);
    return res.body.id;
  };

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', SEARCH_REFRESH_MS: '200', AUTH_JWT_SECRET: 'product-search-tests-secret-of-32-chars', ...testIdentityKeys });
    const exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    await exhibition.listen();
    apps.push(exhibition);
    pages = exhibition.get(ExhibitorPagesService);
    products = exhibition.get<Model<ProductPage>>(getModelToken(ProductPage.name));
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    const bearer = async (claims: Parameters<typeof issueLocalToken>[1]) => ({ authorization: `Bearer ${await issueLocalToken(config, { ttl: '1h', ...claims })}` });
    as = { secretariat: await bearer({ sub: 'ana', role: 'secretariat' }), apiary: await bearer({ sub: 'mila', role: 'member', org: apiary.id }), bakery: await bearer({ sub: 'ion', role: 'member', org: bakery.id }) };
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    const registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    const certification = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
    for (const [i, org] of [apiary, bakery].entries()) {
      await registry.publish({ id: `organisation-${org.id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: org.id, data: org });
      const number = `MIB-2026-00020${i}`;
      await certification.publish({
        id: `certificate-${number}-0`,
        subject: CertificationEvents.granted.subject,
        type: CertificationEvents.granted.type,
        about: number,
        data: { certificateNumber: number, holderOrganisationId: org.id, holderCountry: org.country, holderRegion: org.region, schemeId: 'made-in-banat', schemeVersion: 1, products: [], validFrom: '2026-01-05', validUntil: '2099-01-04', at: '2026-01-05T09:00:00.000Z' },
      });
    }
    await eventually(async () => ((await httpGet(`${base}/exhibition/booths?brandHolder=true`)).body.total === 2 ? true : undefined));
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  let honey: string;
  it('finds a product as soon as it is written, from Latin, Cyrillic and without diacritics; a rename drops the old name', async () => {
    honey = await create(apiary, { 'sr-Cyrl': 'Багремов мед Ђурђевић' }, [30]);
    const bread = await create(bakery, { ro: 'Pâine de casă bănățeană' }, [30]);
    const cheese = await create(bakery, { hu: 'Füstölt sajt', ro: 'Brânză afumată' }, [29]);
    expect(await found('bagremov med')).toEqual([honey]);
    expect(await found('Багрем')).toEqual([honey]);
    expect(await found('djurdj')).toEqual([honey]);
    expect(await found('ђурђ')).toEqual([honey]);
    expect(await found('paine banat')).toEqual([bread]);
    expect(await found('füst')).toEqual([cheese]);
    expect(await found('fustolt')).toEqual([cheese]);
    expect(await found('branza')).toEqual([cheese]);
    expect(await found('ateana')).toEqual([]); // not the start of a word

    const patch = await fetch(`${base}/exhibition/products/${cheese}`, { method: 'PATCH', headers: { 'content-type': 'application/json', ...as.bakery }, body: JSON.stringify({ name: { ro: 'Caș afumat' }, expectedRevision: 1 }) });
    expect(patch.status).toBe(200);
    expect(await found('branza')).toEqual([]);
    expect(await found('cas afumat')).toEqual([cheese]);
  });

  it('drops a hidden product at once and shows it again when the secretariat does', async () => {
    expect((await httpPost(`${base}/exhibition/products/${honey}/moderation`, { hidden: true, reason: 'misleading claim' }, as.secretariat)).status).toBe(200);
    expect(await found('bagremov')).toEqual([]);
    expect(await ids(`organisationId=${apiary.id}`)).toEqual([]);
    expect((await httpPost(`${base}/exhibition/products/${honey}/moderation`, { hidden: false, reason: 'claim corrected' }, as.secretariat)).status).toBe(200);
    expect(await found('bagremov')).toEqual([honey]);
  });

  it('orders by folded name then id, pages and counts, and keeps the filters', async () => {
    const more = [];
    for (const name of ['Miere de salcâm', 'Miere de tei', 'Miere polifloră']) more.push(await create(bakery, { ro: name }, [30]));
    const page1 = await httpGet(`${base}/exhibition/products?q=miere&pageSize=2`);
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    const page2 = await httpGet(`${base}/exhibition/products?q=miere&pageSize=2&page=2`);
    expect([...page1.body.items, ...page2.body.items].map((p: { id: string }) => p.id)).toEqual(more);
    expect(await found('miere', '&niceClass=29')).toEqual([]);
    expect(await found('miere', '&country=RS')).toEqual([]);
    expect(await found('miere', `&organisationId=${apiary.id}`)).toEqual([]);
    expect((await httpGet(`${base}/exhibition/products?q=miere&region=RO-TM`)).body.total).toBe(3);
    expect((await httpGet(`${base}/exhibition/products?country=RO&pageSize=100`)).body.total).toBe(5);
    // A booth hidden by the secretariat takes its products out of a search asked before (no stale page).
    expect((await httpPost(`${base}/exhibition/booths/${bakery.id}/moderation`, { hidden: true, reason: 'under review' }, as.secretariat)).status).toBe(200);
    expect(await found('miere')).toEqual([]);
    expect((await httpPost(`${base}/exhibition/booths/${bakery.id}/moderation`, { hidden: false, reason: 'review done' }, as.secretariat)).status).toBe(200);
    expect(await found('miere')).toEqual(more);
  });

  it('refuses a query with no letters or digits', async () => {
    for (const q of [' ', '*', '-- !!']) {
      const res = await httpGet(`${base}/exhibition/products?q=${encodeURIComponent(q)}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'q', reason: expect.stringMatching(/letter or digit/) }] });
    }
    // The service refuses it too, for a caller other than the gateway.
    await expect(pages.searchProducts({ q: '-- !!' })).rejects.toMatchObject({ body: { code: 'VALIDATION_FAILED', fields: [{ field: 'q', reason: 'has no letters or digits to search for' }] } });
  });

  it('finds a product another replica wrote into the database after the refresh interval, and drops it when hidden there', async () => {
    const now = new Date().toISOString();
    const name = { 'sr-Cyrl': 'Шљивовица Ђурђевић' };
    const id = randomUUID();
    await products.collection.insertOne({ _id: id as never, organisationId: apiary.id, name, niceClasses: [33], imageIds: [], hidden: false, searchText: searchText(Object.values(name)), sortName: foldText(name['sr-Cyrl']), revision: 1, createdAt: now, ...changeStamp(now) });
    // Polled (SEARCH_REFRESH_MS is 200 here; a generous 5 s on a loaded machine).
    await eventually(async () => ((await found('sljivovica')).length === 1 ? true : undefined), 50, 100);
    expect(await found('шљив', '&niceClass=33')).toEqual([id]);
    await products.collection.updateOne({ _id: id as never }, { $set: { hidden: true, revision: 2, ...changeStamp(new Date().toISOString()) } });
    await eventually(async () => ((await found('sljivovica')).length === 0 ? true : undefined), 50, 100);
  });
});
