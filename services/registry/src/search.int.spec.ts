import { INestApplication, INestMicroservice } from '@nestjs/common';
import { eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, validRomanianCuis } from '@banat/testing';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { createService, loadConfig, PlatformConfig, requestContext } from '@banat/messaging';
import { RegisterOrganisationDto } from '@banat/contracts';
import { OrganisationsService } from './application/organisations.service';
import { RegistryModule } from './registry.module';

/** Organisation search from each replica's full-text index, through the gateway, on a real nats-server and FerretDB. */
describe('registry search: ranked, prefix and typo tolerant, across languages and scripts', () => {
  let env: Awaited<ReturnType<typeof startTestServers>>;
  let config: PlatformConfig;
  let replicaA: INestMicroservice;
  let replicaB: INestMicroservice | undefined;
  let gateway: INestApplication;
  let api: (path: string) => string;
  let secretariat: Record<string, string>;
  const ids: Record<string, string> = {};
  const cuis = validRomanianCuis(12, 31_000_000);

  const register = async (key: string, body: Record<string, unknown>) => {
    const res = await httpPost(api('/organisations'), { kind: 'sme', country: 'RO', region: 'RO-TM', ...body }, secretariat);
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  };
  /** Called in-process, as the secretariat would through the gateway (the service judges the caller itself). */
  const asSecretariat = <T>(call: () => Promise<T>): Promise<T> => requestContext.run({ correlationId: 'search-test', actor: 'sec-ana', role: 'secretariat' }, call);
  const found = async (q: string, extra = '') => {
    const res = await httpGet(api(`/organisations?q=${encodeURIComponent(q)}${extra}`));
    expect(res.status).toBe(200);
    return res.body.items.map((o: { id: string }) => o.id) as string[];
  };

  beforeAll(async () => {
    env = await startTestServers();
    const port = await freePort();
    config = loadConfig({ NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), AUTH_JWT_SECRET: 'registry-search-secret-of-at-least-32-chars', SEARCH_REFRESH_MS: '200', ...testIdentityKeys });
    secretariat = { authorization: `Bearer ${await issueLocalToken(config, { role: 'secretariat', sub: 'sec-ana' })}` };
    replicaA = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await replicaA.listen();
    gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    api = (path) => `http://127.0.0.1:${port}/api/v1${path}`;

    await register('brutaria', { name: { ro: 'Brutăria Bănățeană' }, legalId: { kind: 'RO-CUI', value: cuis[0] } });
    await register('honey', { name: { en: 'Banat Honey Cooperative' }, legalId: { kind: 'RO-CUI', value: cuis[1] }, region: 'RO-AR' });
    await register('pekara', { name: { 'sr-Cyrl': 'Пекара Панчево' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } });
    await register('mlekara', { name: { 'sr-Latn': 'Mlekara Đurđevo' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '104052135' } });
    await register('paprika', { name: { hu: 'Szegedi Fűszerpaprika Kft' }, country: 'HU', region: 'HU-CS', legalId: { kind: 'HU-TAX', value: '10625790-4-44' } });
    for (let i = 0; i < 5; i++) await register(`vin${i}`, { name: { ro: `Vinăria Recaș ${i}` }, legalId: { kind: 'RO-CUI', value: cuis[2 + i] } });
  });
  afterAll(async () => {
    await gateway?.close();
    await replicaB?.close();
    await replicaA?.close();
    await env?.stop();
  });

  it('finds Cyrillic names from Latin queries and Latin names from Cyrillic ones', async () => {
    expect(await found('pekara pancevo')).toEqual([ids.pekara]);
    expect(await found('Ђурђево')).toEqual([ids.mlekara]);
    expect(await found('Млекара')).toEqual([ids.mlekara]);
  });

  it('finds names without their diacritics, in Romanian, Serbian and Hungarian, with Đ as dj or d', async () => {
    expect(await found('brutaria banateana')).toEqual([ids.brutaria]);
    expect(await found('fuszerpaprika')).toEqual([ids.paprika]);
    expect(await found('djurdjevo')).toEqual([ids.mlekara]);
    expect(await found('durdevo')).toEqual([ids.mlekara]);
  });

  it('tolerates typos and finds word prefixes', async () => {
    expect(await found('brutarja')).toEqual([ids.brutaria]);
    expect(await found('mlekra')).toEqual([ids.mlekara]);
    expect(await found('szegdi')).toEqual([ids.paprika]);
    expect(await found('fűszer')).toEqual([ids.paprika]);
    expect(await found('panč')).toEqual([ids.pekara]);
    expect(await found('xyzzy')).toEqual([]);
  });

  it('ranks a whole-word match above a prefix match', async () => {
    const hits = await found('banat');
    expect(hits).toEqual([ids.honey, ids.brutaria]);
  });

  it('refuses a query with nothing to search for instead of listing everything', async () => {
    for (const q of ['   ', '?!', '...', '— –']) {
      const res = await httpGet(api(`/organisations?q=${encodeURIComponent(q)}`));
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'q' })]);
    }
  });

  it('applies the filters to the matches and pages them without overlap', async () => {
    expect(await found('banat', '&region=RO-AR')).toEqual([ids.honey]);
    expect(await found('pekara', '&country=RO')).toEqual([]);
    const pages = [];
    for (const page of [1, 2, 3]) {
      const res = await httpGet(api(`/organisations?q=vinaria%20recas&pageSize=2&page=${page}`));
      expect(res.body).toMatchObject({ total: 5, page, pageSize: 2 });
      pages.push(...res.body.items.map((o: { id: string }) => o.id));
    }
    expect(new Set(pages)).toEqual(new Set([0, 1, 2, 3, 4].map((i) => ids[`vin${i}`])));
    const sorted = await httpGet(api('/organisations?q=vinaria&sort=-name&pageSize=5'));
    expect(sorted.body.items.map((o: { name: { ro: string } }) => o.name.ro)).toEqual([4, 3, 2, 1, 0].map((i) => `Vinăria Recaș ${i}`));
  });

  it('answers a page asked again from its kept JSON, per reader, and a change after it with the new bytes', async () => {
    await register('moara', { name: { ro: 'Moara Jimbolia' }, contacts: [{ name: 'Ioana Pop', email: 'ioana@moara.example' }], legalId: { kind: 'RO-CUI', value: cuis[9] } });
    const page = (headers?: Record<string, string>) => fetch(api('/organisations?q=moara%20jimbolia'), { headers }).then(async (res) => ({ status: res.status, text: await res.text() }));
    const first = await page();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toMatchObject({ total: 1, page: 1, pageSize: 20, items: [{ id: ids.moara, name: { ro: 'Moara Jimbolia' }, revision: 1 }] });
    expect(JSON.parse(first.text).items[0].contacts).toBeUndefined();
    expect(await page()).toEqual(first);
    // The same kept page for the secretariat holds the contact people; the public's answer still does not.
    const staff = JSON.parse((await page(secretariat)).text);
    expect(staff.items[0].contacts).toEqual([{ name: 'Ioana Pop', email: 'ioana@moara.example' }]);
    expect(await page()).toEqual(first);

    const changed = await fetch(api(`/organisations/${ids.moara}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify({ website: 'https://moara.example', expectedRevision: 1 }) });
    expect(changed.status).toBe(200);
    const after = await page();
    expect(after.text).not.toBe(first.text);
    expect(JSON.parse(after.text).items).toEqual([expect.objectContaining({ id: ids.moara, website: 'https://moara.example/', revision: 2 })]);
    expect(JSON.parse((await page(secretariat)).text).items[0]).toMatchObject({ revision: 2, contacts: [{ name: 'Ioana Pop' }] });
  });

  it('bulk registration: a legal identifier that lands meanwhile refuses only its own row, through the unique index', async () => {
    const service = replicaA.get(OrganisationsService);
    const dto = (name: string) => ({ kind: 'sme', country: 'RO', region: 'RO-TM', name: { ro: name }, legalId: { kind: 'RO-CUI', value: cuis[11] } }) as RegisterOrganisationDto;
    // Both pass the batched lookup (neither is registered yet); the insert decides.
    const [first, second] = await asSecretariat(() => service.registerMany([dto('Ferma Întâi'), dto('Ferma A Doua')]));
    expect(first).toEqual({ ok: true, id: expect.any(String) });
    expect(second).toEqual({ ok: false, errors: [{ field: 'legalId', reason: `already registered as ${(first as { id: string }).id}` }] });
    expect((await found('ferma intai')).length + (await found('ferma doua')).length).toBe(1);
  });

  it('a replica builds its index from the database at start and reads back what another replica writes', async () => {
    replicaB = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await replicaB.listen();
    const a = replicaA.get(OrganisationsService);
    const b = replicaB.get(OrganisationsService);
    expect((await b.search({ q: 'pekara' })).items.map((o) => o.id)).toEqual([ids.pekara]);

    const written = await asSecretariat(() => a.register({ kind: 'sme', country: 'RO', region: 'RO-TM', name: { ro: 'Stupina Lugojeană' }, legalId: { kind: 'RO-CUI', value: cuis[10] } } as RegisterOrganisationDto));
    await eventually(async () => ((await b.search({ q: 'stupina lugojeana' })).total === 1 ? true : undefined), 50, 100);

    await asSecretariat(() => a.update({ id: written.id, name: { ro: 'Stupina Făget' }, expectedRevision: 1 } as never));
    await eventually(async () => ((await b.search({ q: 'faget' })).total === 1 && (await b.search({ q: 'lugojeana' })).total === 0 ? true : undefined), 50, 100);
  });
});
