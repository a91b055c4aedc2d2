import { INestApplication, INestMicroservice } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificationEventName, CertificationEvents, IMAGE_MAX_BYTES, IMAGE_MAX_PER_BOOTH, OrganisationView, PRODUCT_PAGES_MAX_PER_BOOTH, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, httpPost, HttpReply, startTestServers, testIdentityKeys, organisationView } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { ExhibitionModule } from './exhibition.module';
import { ExhibitionImage, ProductPage } from './read-models/exhibitor-pages.schema';

const HONEY = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
const WINERY = '4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a';
const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 7)]);

const organisation = (id: string, name: Record<string, string>, country: 'RO' | 'RS', region: string): OrganisationView => organisationView({ id, name, country, region });

const send = async (method: string, url: string, body: unknown, headers: Record<string, string>): Promise<HttpReply> => {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
};

/** Exhibitors' booth and product pages, images and themed exhibitions, through the gateway to the exhibition service (real NATS + FerretDB). */
describe('exhibition: booth pages, product pages, images, moderation, themed exhibitions', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let nc: NatsConnection;
  let base: string;
  let as: Record<'secretariat' | 'honey' | 'winery' | 'expert', Record<string, string>>;
  let exhibition: INestMicroservice;

  const honey = organisation(HONEY, { 'sr-Latn': 'Medara Banat', 'sr-Cyrl': 'Медара Банат' }, 'RS', 'RS-VO');
  const winery = organisation(WINERY, { ro: 'Crama Recaș' }, 'RO', 'RO-TM');

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', AUTH_JWT_SECRET: 'exhibitor-pages-tests-secret-of-32-chars', ...testIdentityKeys });
    exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    await exhibition.listen();
    apps.push(exhibition);
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    const bearer = async (claims: Parameters<typeof issueLocalToken>[1]) => ({ authorization: `Bearer ${await issueLocalToken(config, { ttl: '1h', ...claims })}` });
    as = {
      secretariat: await bearer({ sub: 'ana', role: 'secretariat' }),
      honey: await bearer({ sub: 'mila', role: 'member', org: HONEY }),
      winery: await bearer({ sub: 'ion', role: 'member', org: WINERY }),
      expert: await bearer({ sub: 'eva', role: 'expert' }),
    };
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    const registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    const certification = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
    const grant = (kind: CertificationEventName, org: OrganisationView, number: string) =>
      certification.publish({
        id: `certificate-${number}-0`,
        subject: CertificationEvents[kind].subject,
        type: CertificationEvents[kind].type,
        about: number,
        data: { certificateNumber: number, holderOrganisationId: org.id, holderCountry: org.country, holderRegion: org.region, schemeId: 'made-in-banat', schemeVersion: 1, products: [], validFrom: '2026-01-05', validUntil: '2099-01-04', at: '2026-01-05T09:00:00.000Z' },
      });
    for (const org of [honey, winery]) {
      await registry.publish({ id: `organisation-${org.id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: org.id, data: org });
    }
    await grant('granted', honey, 'MIB-2026-000101');
    await grant('granted', winery, 'MIB-2026-000102');
    await eventually(async () => ((await httpGet(`${base}/exhibition/booths/${WINERY}`)).status === 200 && (await httpGet(`${base}/exhibition/booths/${HONEY}`)).status === 200 ? true : undefined));
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  let logo: string;
  it('takes an image checked by its first bytes, and refuses a non-image and one too large by name', async () => {
    const uploaded = await httpPost(`${base}/exhibition/booths/${HONEY}/images`, { data: png.toString('base64') }, as.honey);
    expect(uploaded.status).toBe(201);
    expect(uploaded.body).toMatchObject({ organisationId: HONEY, contentType: 'image/png', size: png.length, etag: expect.stringMatching(/^[0-9a-f]{64}$/) });
    logo = uploaded.body.id;

    const text = await httpPost(`${base}/exhibition/booths/${HONEY}/images`, { data: Buffer.from('<svg onload="alert(1)"/>').toString('base64') }, as.honey);
    expect(text.status).toBe(422);
    expect(text.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'NotAnImage', fields: [{ field: 'data', reason: expect.stringMatching(/first bytes/) }] });

    const big = Buffer.concat([png, Buffer.alloc(IMAGE_MAX_BYTES)]);
    const tooLarge = await httpPost(`${base}/exhibition/booths/${HONEY}/images`, { data: big.toString('base64') }, as.honey);
    expect(tooLarge.status).toBe(422);
    expect(tooLarge.body).toMatchObject({ rule: 'ImageTooLarge', message: expect.stringContaining(`at most ${IMAGE_MAX_BYTES}`) });
  });

  it("lets members edit their own booth page only: another's is a 403 OwnOrganisationOnly, a stale revision a 409", async () => {
    const page = { description: { 'sr-Latn': 'Bagremov med sa Fruške gore', en: 'Acacia honey' }, contacts: { email: 'prodaja@medara.rs', phone: '+381 21 000 000' }, logoImageId: logo, expectedRevision: 0 };
    const written = await send('PUT', `${base}/exhibition/booths/${HONEY}/page`, page, as.honey);
    expect(written.status).toBe(200);
    expect(written.body).toMatchObject({ organisationId: HONEY, revision: 1, logoImageId: logo, contacts: { email: 'prodaja@medara.rs' } });

    const foreign = await send('PUT', `${base}/exhibition/booths/${HONEY}/page`, { ...page, expectedRevision: 1 }, as.winery);
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatchObject({ code: 'FORBIDDEN', rule: 'OwnOrganisationOnly' });
    expect((await send('PUT', `${base}/exhibition/booths/${HONEY}/page`, page, as.expert)).status).toBe(403);
    const stale = await send('PUT', `${base}/exhibition/booths/${HONEY}/page`, page, as.honey);
    expect(stale.status).toBe(409);
    // Another booth's image may not be its logo.
    const stolen = await send('PUT', `${base}/exhibition/booths/${WINERY}/page`, { logoImageId: logo }, as.winery);
    expect(stolen.body).toMatchObject({ rule: 'ImageOfAnotherBooth' });
  });

  let productId: string;
  it('keeps multilingual product pages; a product with no name in any language is 422 ProductNeedsAName', async () => {
    const unnamed = await httpPost(`${base}/exhibition/booths/${HONEY}/products`, { name: { ro: ' ', en: '' }, niceClasses: [30] }, as.honey);
    expect(unnamed.status).toBe(422);
    expect(unnamed.body).toMatchObject({ rule: 'ProductNeedsAName', fields: [{ field: 'name' }] });
    const created = await httpPost(`${base}/exhibition/booths/${HONEY}/products`, { name: { 'sr-Cyrl': 'Багремов мед', en: 'Acacia honey' }, niceClasses: [30], imageIds: [logo] }, as.honey);
    expect(created.status).toBe(201);
    productId = created.body.id;
    expect((await httpPost(`${base}/exhibition/booths/${HONEY}/products`, { name: { en: 'Stolen' }, niceClasses: [30] }, as.winery)).body).toMatchObject({ rule: 'OwnOrganisationOnly' });
    await httpPost(`${base}/exhibition/booths/${WINERY}/products`, { name: { ro: 'Fetească neagră' }, niceClasses: [33] }, as.winery);

    const found = await httpGet(`${base}/exhibition/products?q=${encodeURIComponent('bagrem')}`);
    expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
    expect(found.body.items[0].booth).toMatchObject({ organisationId: HONEY, country: 'RS', brandMark: { shown: true } });
    expect((await httpGet(`${base}/exhibition/products?niceClass=33`)).body.items.map((p: { name: { ro: string } }) => p.name.ro)).toEqual(['Fetească neagră']);
    expect((await httpGet(`${base}/exhibition/products?country=RS`)).body.total).toBe(1);

    const renamed = await send('PATCH', `${base}/exhibition/products/${productId}`, { name: { en: 'Acacia honey', hu: 'Akácméz' }, expectedRevision: 1 }, as.honey);
    expect(renamed.body).toMatchObject({ revision: 2, name: { en: 'Acacia honey', hu: 'Akácméz' } });
    expect((await send('PATCH', `${base}/exhibition/products/${productId}`, { name: {}, expectedRevision: 2 }, as.honey)).body).toMatchObject({ rule: 'ProductNeedsAName' });
    expect((await send('PATCH', `${base}/exhibition/products/${productId}`, { niceClasses: [29, 30], expectedRevision: 1 }, as.honey)).status).toBe(409);

    const booth = await httpGet(`${base}/exhibition/booths/${HONEY}`);
    expect(booth.body).toMatchObject({ page: { revision: 1, description: { en: 'Acacia honey' } }, productPages: [{ id: productId, name: { hu: 'Akácméz' } }] });
  });

  it('lets the secretariat hide and show a product and a booth; members may not moderate', async () => {
    expect((await httpPost(`${base}/exhibition/products/${productId}/moderation`, { hidden: true, reason: 'misleading claim' }, as.honey)).status).toBe(403);
    expect((await httpPost(`${base}/exhibition/products/${productId}/moderation`, { hidden: true, reason: 'misleading claim' }, as.secretariat)).status).toBe(200);
    expect((await httpGet(`${base}/exhibition/products/${productId}`)).status).toBe(404);
    expect((await httpGet(`${base}/exhibition/booths/${HONEY}`)).body.productPages).toEqual([]);
    await httpPost(`${base}/exhibition/products/${productId}/moderation`, { hidden: false, reason: 'claim corrected' }, as.secretariat);
    expect((await httpGet(`${base}/exhibition/products/${productId}`)).status).toBe(200);

    expect((await httpPost(`${base}/exhibition/booths/${WINERY}/moderation`, { hidden: true, reason: 'under review' }, as.secretariat)).status).toBe(200);
    expect((await httpGet(`${base}/exhibition/booths/${WINERY}`)).status).toBe(404);
    expect((await httpGet(`${base}/exhibition/booths?pageSize=100`)).body.items.map((b: { organisationId: string }) => b.organisationId)).toEqual([HONEY]);
    expect((await httpGet(`${base}/exhibition/products?niceClass=33`)).body.total).toBe(0);
    await httpPost(`${base}/exhibition/booths/${WINERY}/moderation`, { hidden: false, reason: 'review done' }, as.secretariat);
    expect((await httpGet(`${base}/exhibition/booths/${WINERY}`)).status).toBe(200);
  });

  it('runs themed exhibitions that brand holders opt into while they last, with a product in the category', async () => {
    const bad = await httpPost(`${base}/exhibition/themes`, { title: { en: 'Honey' }, kind: 'category', startsOn: '2026-01-01', endsOn: '2099-01-01' }, as.secretariat);
    expect(bad.body).toMatchObject({ rule: 'CategoryThemeNeedsNiceClass' });
    expect((await httpPost(`${base}/exhibition/themes`, { title: { en: 'Honey' }, kind: 'category', niceClass: 30, startsOn: '2026-01-01', endsOn: '2099-01-01' }, as.honey)).status).toBe(403);
    const theme = await httpPost(`${base}/exhibition/themes`, { title: { en: 'Honey month', ro: 'Luna mierii' }, kind: 'category', niceClass: 30, startsOn: '2026-01-01', endsOn: '2099-01-01' }, as.secretariat);
    expect(theme.status).toBe(201);
    const past = await httpPost(`${base}/exhibition/themes`, { title: { en: 'Winter fair 2025' }, kind: 'season', startsOn: '2025-12-01', endsOn: '2025-12-31' }, as.secretariat);

    const joined = await httpPost(`${base}/exhibition/themes/${theme.body.id}/participants`, { organisationId: HONEY }, as.honey);
    expect(joined.body).toMatchObject({ current: true, participants: [HONEY] });
    expect((await httpPost(`${base}/exhibition/themes/${theme.body.id}/participants`, { organisationId: WINERY }, as.winery)).body).toMatchObject({ rule: 'NoProductInTheCategory' });
    expect((await httpPost(`${base}/exhibition/themes/${theme.body.id}/participants`, { organisationId: WINERY }, as.honey)).body).toMatchObject({ rule: 'OwnOrganisationOnly' });
    expect((await httpPost(`${base}/exhibition/themes/${past.body.id}/participants`, { organisationId: WINERY }, as.winery)).body).toMatchObject({ rule: 'ThemedExhibitionEnded' });

    expect((await httpGet(`${base}/exhibition/themes?current=true`)).body.map((t: { id: string }) => t.id)).toEqual([theme.body.id]);
    expect((await httpGet(`${base}/exhibition/products?themedExhibitionId=${theme.body.id}`)).body.items.map((p: { id: string }) => p.id)).toEqual([productId]);
  });

  it(`keeps at most ${IMAGE_MAX_PER_BOOTH} images a booth: the next is a 422 TooManyImages (other booths go on)`, async () => {
    // (Images are kept for good: without a bound a member's script stored half a megabyte per request for as long as it ran.)
    const upload = (booth: string, who: Record<string, string>, i: number) => httpPost(`${base}/exhibition/booths/${booth}/images`, { data: Buffer.concat([png, Buffer.from(String(i))]).toString('base64') }, who);
    // (The booth may hold some from the tests above: it takes new ones up to the bound, then refuses.)
    const statuses: number[] = [];
    for (let i = 0; i <= IMAGE_MAX_PER_BOOTH && statuses.at(-1) !== 422; i++) statuses.push((await upload(WINERY, as.winery, i)).status);
    expect(statuses.at(-1)).toBe(422);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    const refused = await upload(WINERY, as.winery, 9999);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'TooManyImages', fields: [{ field: 'data', reason: expect.stringContaining(`${IMAGE_MAX_PER_BOOTH} images`) }] });
    // The secretariat is held to it too; the booth's images stay as they were, and another booth still takes its own.
    expect((await upload(WINERY, as.secretariat, 10_000)).body).toMatchObject({ rule: 'TooManyImages' });
    expect((await upload(HONEY, as.honey, 10_001)).status).toBe(201);
  });

  it(`keeps at most ${PRODUCT_PAGES_MAX_PER_BOOTH} product pages a booth: the next is a 422 TooManyProductPages, the booth's pages as they were`, async () => {
    // (Every replica indexes them in memory and the booth's page shows them all: without a bound a member's script added pages for as long as it ran.)
    const create = (i: number, who = as.winery) => httpPost(`${base}/exhibition/booths/${WINERY}/products`, { name: { ro: `Vin ${i}` }, niceClasses: [33] }, who);
    const statuses: number[] = [];
    for (let i = 0; i <= PRODUCT_PAGES_MAX_PER_BOOTH && statuses.at(-1) !== 422; i++) statuses.push((await create(i)).status);
    expect(statuses.at(-1)).toBe(422);
    expect(statuses.slice(0, -1).every((s) => s === 201)).toBe(true);
    const refused = await create(9999, as.secretariat);
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'TooManyProductPages', fields: [{ field: 'organisationId', reason: expect.stringContaining(`${PRODUCT_PAGES_MAX_PER_BOOTH} product pages`) }] });
    const booth = await httpGet(`${base}/exhibition/booths/${WINERY}`);
    expect(booth.body.productPages.length).toBeLessThanOrEqual(PRODUCT_PAGES_MAX_PER_BOOTH);
    expect(booth.body.productPages.some((p: { name: Record<string, string> }) => p.name.ro === 'Vin 9999')).toBe(false);
  });

  it('stores one of many product pages and images sent at once for the last place of a booth; the others are a 409 or 422, never past the bound', async () => {
    // HONEY: filled up to one place below each bound, then ten sent at once. (Counted before the insert, each used to pass it.)
    const products = exhibition.get<Model<ProductPage>>(getModelToken(ProductPage.name));
    const images = exhibition.get<Model<ExhibitionImage>>(getModelToken(ExhibitionImage.name));
    const create = (i: number) => httpPost(`${base}/exhibition/booths/${HONEY}/products`, { name: { en: `Honey ${i}` }, niceClasses: [30] }, as.honey);
    const upload = (i: number) => httpPost(`${base}/exhibition/booths/${HONEY}/images`, { data: Buffer.concat([png, Buffer.from(`race ${i}`)]).toString('base64') }, as.honey);
    const held = [() => products.countDocuments({ organisationId: HONEY }), () => images.countDocuments({ organisationId: HONEY })];
    for (const [send, count, max] of [[create, held[0], PRODUCT_PAGES_MAX_PER_BOOTH], [upload, held[1], IMAGE_MAX_PER_BOOTH]] as const) {
      for (let i = await count(); i < max - 1; i++) expect((await send(i)).status).toBe(201);
      const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => send(1000 + i)));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
      expect(await count()).toBe(max);
      expect((await send(2000)).status).toBe(422);
    }
  });
});
