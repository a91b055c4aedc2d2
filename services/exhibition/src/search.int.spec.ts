import { INestApplication, INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connect, NatsConnection } from 'nats';
import { CERTIFICATION_EVENT_SOURCE, CertificationEventName, CertificationEvents, OrganisationView, REGISTRY_EVENT_SOURCE, RegistryEvents } from '@banat/contracts';
import { createService, ensurePublicStream, loadConfig, PlatformConfig, PublicEventPublisher } from '@banat/messaging';
import { closeAll, eventually, freePort, httpGet, startTestServers, testIdentityKeys, organisationView } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { BoothProjectionService } from './application/booth-projection.service';
import { BoothsService } from './application/booths.service';
import { ExhibitionModule } from './exhibition.module';

const organisation = (name: Record<string, string>, country: 'RO' | 'RS' | 'HU', region: string): OrganisationView =>
  organisationView({ id: randomUUID(), name, country, region, products: [{ name: { en: 'Product' }, niceClasses: [30] }] });

/** Booth search from each exhibition replica's full-text index, fed by real public events on a real JetStream and FerretDB. */
describe('exhibition search: ranked, prefix and typo tolerant, across languages and scripts', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  let apps: Array<INestApplication | INestMicroservice> = [];
  let config: PlatformConfig;
  let nc: NatsConnection;
  let base: string;
  let registry: PublicEventPublisher;
  let certification: PublicEventPublisher;

  const bakery = organisation({ ro: 'Brutăria Bănățeană' }, 'RO', 'RO-TM');
  const dairy = organisation({ 'sr-Cyrl': 'Млекара Панчево' }, 'RS', 'RS-VO');
  const apiary = organisation({ 'sr-Latn': 'Medara Đurđević' }, 'RS', 'RS-VO');
  const paprika = organisation({ hu: 'Szegedi Fűszerpaprika' }, 'HU', 'HU-CS');
  const all = [bakery, dairy, apiary, paprika];

  const certificate = (kind: CertificationEventName, number: string, holder: OrganisationView, revision: number) =>
    certification.publish({
      id: `certificate-${number}-${revision}`,
      subject: CertificationEvents[kind].subject,
      type: CertificationEvents[kind].type,
      about: number,
      data: {
        certificateNumber: number,
        holderOrganisationId: holder.id,
        holderCountry: holder.country,
        holderRegion: holder.region,
        schemeId: 'made-in-banat',
        schemeVersion: 1,
        products: [{ name: 'Product', niceClass: 30 }],
        validFrom: '2026-01-05',
        validUntil: '2099-01-04',
        ...(kind === 'granted' ? {} : { reason: `${kind} by the decision-maker` }),
        at: '2026-01-05T09:00:00.000Z',
      },
    });
  const search = async (query: string) => {
    const res = await httpGet(`${base}/exhibition/booths?${query}`);
    expect(res.status).toBe(200);
    return (res.body.items as { organisationId: string }[]).map((b) => b.organisationId);
  };
  const found = (q: string, extra = '') => search(`q=${encodeURIComponent(q)}${extra}`);

  beforeAll(async () => {
    servers = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), THROTTLE_LIMIT: '100000', SEARCH_REFRESH_MS: '200', ...testIdentityKeys });
    const exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    await exhibition.listen();
    apps.push(exhibition);
    const gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    apps.push(gateway);
    base = `http://127.0.0.1:${port}/api/v1`;
    nc = await connect({ servers: servers.natsUrl });
    await ensurePublicStream(nc);
    registry = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
    certification = new PublicEventPublisher(nc, CERTIFICATION_EVENT_SOURCE);
    for (const [i, org] of all.entries()) {
      await registry.publish({ id: `organisation-${org.id}-1`, subject: RegistryEvents.registered.subject, type: RegistryEvents.registered.type, about: org.id, data: org });
      await certificate('granted', `MIB-2026-00010${i}`, org, 0);
    }
    await eventually(async () => ((await search('brandHolder=true')).length === all.length ? true : undefined));
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    apps = [];
    await servers?.stop();
  });

  it('finds a Cyrillic name from Latin and a Latin name from Cyrillic', async () => {
    expect(await found('mlekara pancevo')).toEqual([dairy.id]);
    expect(await found('Медара')).toEqual([apiary.id]);
    expect(await found('Ђурђевић')).toEqual([apiary.id]);
  });

  it('finds names without diacritics in Romanian, Serbian and Hungarian', async () => {
    expect(await found('brutaria banateana')).toEqual([bakery.id]);
    expect(await found('durdevic')).toEqual([apiary.id]);
    expect(await found('fuszerpaprika')).toEqual([paprika.id]);
  });

  it('tolerates typos and finds word prefixes', async () => {
    expect(await found('brutarja')).toEqual([bakery.id]);
    expect(await found('szegdi')).toEqual([paprika.id]);
    expect(await found('medra')).toEqual([apiary.id]);
    expect(await found('bănă')).toEqual([bakery.id]);
    expect(await found('fűsz')).toEqual([paprika.id]);
    expect(await found('qwxz')).toEqual([]);
  });

  it('refuses a query with nothing to search for instead of listing every booth', async () => {
    for (const q of [' ', '*', '-- !!']) expect((await httpGet(`${base}/exhibition/booths?q=${encodeURIComponent(q)}`)).status).toBe(400);
  });

  it('keeps the filters: country, region and brand holders now', async () => {
    expect(await found('medara', '&country=RO')).toEqual([]);
    expect(await found('medara', '&region=RS-VO&brandHolder=true')).toEqual([apiary.id]);
  });

  it('answers a search asked again with the same bytes, kept apart by filter (the page and its JSON kept until a booth changes)', async () => {
    const text = async (query: string) => {
      const res = await fetch(`${base}/exhibition/booths?${query}`);
      expect(res.status).toBe(200);
      return res.text();
    };
    const first = await text('q=medara&region=RS-VO');
    expect(await text('q=medara&region=RS-VO')).toBe(first);
    expect(JSON.parse(first).items.map((b: { organisationId: string }) => b.organisationId)).toEqual([apiary.id]);
    // Another filter is another page, not the kept one.
    expect(JSON.parse(await text('q=medara&region=RO-TM')).items).toEqual([]);
    expect(JSON.parse(await text('q=medara&brandHolder=false')).items).toEqual([]);
  });

  it("drops a suspended holder's booth from the brand holders' search within a second (a page kept before the change is not served)", async () => {
    expect(await found('szegedi', '&brandHolder=true')).toEqual([paprika.id]);
    await certificate('suspended', 'MIB-2026-000103', paprika, 1);
    // Polled (a generous 5 s on a loaded machine): the suspension reaches the index with the projector's write.
    await eventually(async () => ((await found('szegedi', '&brandHolder=true')).length === 0 ? true : undefined), 50, 100);
    expect(await found('szegedi', '&brandHolder=false')).toEqual([paprika.id]);
  });

  it('a second replica builds its index at start and reads back what the first one projects', async () => {
    const second = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), config);
    apps.push(second);
    await second.init();
    // Only the first replica applies events: the second one's projector leaves the durable consumer.
    await second.get(BoothProjectionService).onApplicationShutdown();
    const booths = second.get(BoothsService);
    expect((await booths.search({ q: 'pancevo' })).items.map((b) => b.organisationId)).toEqual([dairy.id]);
    // The second replica does not listen: the first one's projector applies the restoration.
    await certificate('restored', 'MIB-2026-000103', paprika, 2);
    await eventually(async () => ((await booths.search({ q: 'szegedi', brandHolder: true })).total === 1 ? true : undefined), 50, 100);
  });
});
