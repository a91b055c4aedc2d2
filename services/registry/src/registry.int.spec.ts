import { INestApplication, INestMicroservice } from '@nestjs/common';
import { eventually, freePort, httpGet, httpPost, startTestServers, testIdentityKeys, validRomanianCuis } from '@banat/testing';
import mongoose from 'mongoose';
import { connect, NatsConnection } from 'nats';
import { createGateway } from '../../gateway/src/app';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { createService, loadConfig, PUBLIC_STREAM } from '@banat/messaging';
import { RegistryModule } from './registry.module';

/** The registry through the gateway, on a real nats-server and FerretDB. */
describe('registry over HTTP → NATS → FerretDB', () => {
  let env: Awaited<ReturnType<typeof startTestServers>>;
  let registry: INestMicroservice;
  let gateway: INestApplication;
  let nc: NatsConnection;
  let api: (path: string) => string;
  let secretariat: Record<string, string>;
  let tokenFor: (role: 'member' | 'expert', org?: string) => Promise<Record<string, string>>;

  beforeAll(async () => {
    env = await startTestServers();
    const port = await freePort();
    const config = loadConfig({ NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'silent', PORT: String(port), AUTH_JWT_SECRET: 'registry-tests-secret-of-at-least-32-chars', ...testIdentityKeys });
    tokenFor = async (role, org) => ({ authorization: `Bearer ${await issueLocalToken(config, { role, sub: `${role}-1`, org })}` });
    secretariat = { authorization: `Bearer ${await issueLocalToken(config, { role: 'secretariat', sub: 'sec-ana' })}` };
    registry = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await registry.listen();
    gateway = await createGateway(config);
    await gateway.listen(port, '127.0.0.1');
    api = (path) => `http://127.0.0.1:${port}/api/v1${path}`;
    nc = await connect({ servers: env.natsUrl });
  });
  afterAll(async () => {
    await nc?.close();
    await gateway?.close();
    await registry?.close();
    await env?.stop();
  });

  const org = (over: Record<string, unknown>) => ({ kind: 'sme', country: 'RO', region: 'RO-TM', ...over });
  /** Which of these organisations have a `registered` event on the public stream (sorted ids). */
  const publishedAbout = async (ids: string[]) => {
    const jsm = await nc.jetstreamManager();
    const last = (await jsm.streams.info(PUBLIC_STREAM)).state.last_seq;
    const seen = new Set<string>();
    for (let seq = 1; seq <= last; seq++) {
      const event = (await jsm.streams.getMessage(PUBLIC_STREAM, { seq })).json<{ type: string; data: { id: string } }>();
      if (event.type.endsWith('organisation.registered.v1') && ids.includes(event.data.id)) seen.add(event.data.id);
    }
    return [...seen].sort();
  };

  it('lets only the secretariat register, and a member change only its own record', async () => {
    const body = org({ name: { en: 'Nobody Ltd' }, legalId: { kind: 'RO-CUI', value: '14399840' } });
    expect((await httpPost(api('/organisations'), body)).status).toBe(401);
    expect((await httpPost(api('/organisations'), body, await tokenFor('expert'))).status).toBe(403);
    const someone = '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a';
    const patch = await fetch(api(`/organisations/${someone}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...(await tokenFor('member', '0b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a')) }, body: JSON.stringify({ website: 'https://example.ro', expectedRevision: 1 }) });
    expect(patch.status).toBe(403);
  });

  it('finds a Serbian name from either script, and Romanian names without diacritics', async () => {
    const cyr = await httpPost(api('/organisations'), org({ name: { 'sr-Cyrl': 'Млекара Зрењанин' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } }), secretariat);
    expect(cyr.status).toBe(201);
    const ro = await httpPost(api('/organisations'), org({ name: { ro: 'Cooperativa Știința Timișoara' }, legalId: { kind: 'RO-CUI', value: '18547290' } }), secretariat);
    expect(ro.status).toBe(201);

    const byLatin = await httpGet(api('/organisations?q=mlekara%20zren'));
    expect(byLatin.body.items.map((o: { id: string }) => o.id)).toEqual([cyr.body.id]);
    const byCyrillic = await httpGet(api(`/organisations?q=${encodeURIComponent('Млекара')}`));
    expect(byCyrillic.body.items.map((o: { id: string }) => o.id)).toEqual([cyr.body.id]);
    const byFolded = await httpGet(api('/organisations?q=stiinta'));
    expect(byFolded.body.items.map((o: { id: string }) => o.id)).toEqual([ro.body.id]);
    const notAWordStart = await httpGet(api('/organisations?q=ekara'));
    expect(notAWordStart.body.total).toBe(0);
  });

  it('filters by country, kind and sector, and pages and sorts', async () => {
    const rs = await httpGet(api('/organisations?country=RS'));
    expect(rs.body.total).toBe(1);
    const page = await httpGet(api('/organisations?pageSize=1&page=2&sort=name'));
    expect(page.body).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page.body.items).toHaveLength(1);
    expect((await httpGet(api('/organisations?pageSize=1000'))).status).toBe(400);
  });

  it('imports a CSV member list, reporting each row: valid rows land, broken ones say why', async () => {
    const csv = [
      'name_ro,name_en,kind,country,region,legal_id,nace_codes,email',
      'Ferma Verde,Green Farm,sme,RO,RO-AR,RO14399840,01.13,office@fermaverde.ro',
      'Fără Regiune,,sme,RO,RO-XX,RO18547290,,',
      'Cifră Greșită,,sme,RO,RO-TM,RO14399841,,',
      '"Ghilimele,sme,RO,RO-TM,RO1',
    ].join('\n');
    const res = await httpPost(api('/organisations/import'), { csv }, secretariat);
    expect(res.status).toBe(200);
    expect(res.body.imported).toBe(1);
    expect(res.body.refused).toBe(3);
    const byRow = Object.fromEntries(res.body.rows.map((r: { row: number }) => [r.row, r]));
    expect(byRow[2]).toMatchObject({ status: 'imported' });
    expect(byRow[3].errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'region' })]));
    expect(byRow[4].errors).toEqual(expect.arrayContaining([{ field: 'legalId.value', reason: 'wrong check digit' }]));
    expect(byRow[5]).toMatchObject({ status: 'refused' });
    const found = await httpGet(api('/organisations?q=green%20farm'));
    expect(found.body.total).toBe(1);
  });

  it('imports a mixed member list in one batch: valid rows land and publish, invalid, repeated and known ones are refused by row', async () => {
    const [a, b, known] = validRomanianCuis(3, 42_000_000);
    const existing = await httpPost(api('/organisations'), org({ name: { ro: 'Deja Înregistrată' }, legalId: { kind: 'RO-CUI', value: known } }), secretariat);
    expect(existing.status).toBe(201);
    const csv = [
      'name_ro,kind,country,region,legal_id',
      `Livada Mare,sme,RO,RO-TM,RO${a}`,
      'Cifră Rea,sme,RO,RO-TM,RO14399841',
      `Livada Repetată,sme,RO,RO-TM,${a}`,
      `Deja Din Nou,sme,RO,RO-TM,RO${known}`,
      `Grădina Veche,sme,RO,RO-AR,RO${b}`,
    ].join('\n');
    const res = await httpPost(api('/organisations/import'), { csv }, secretariat);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 2, refused: 3 });
    expect(res.body.rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [2, 'imported'],
      [3, 'refused'],
      [4, 'refused'],
      [5, 'refused'],
      [6, 'imported'],
    ]);
    const [livada, , repeated, again, gradina] = res.body.rows;
    expect(res.body.rows[1].errors).toEqual([{ field: 'legalId.value', reason: 'wrong check digit' }]);
    expect(repeated.errors).toEqual([{ field: 'legalId.value', reason: 'duplicate of row 2' }]);
    expect(again.errors).toEqual([{ field: 'legalId', reason: `already registered as ${existing.body.id}` }]);
    expect((await httpGet(api(`/organisations/${livada.id}`))).body).toMatchObject({ name: { ro: 'Livada Mare' }, revision: 1, active: true });
    expect((await httpGet(api('/organisations?q=gradina%20veche'))).body.items.map((o: { id: string }) => o.id)).toEqual([gradina.id]);
    // Their registered events are on the public stream, and the batch owes nothing any more.
    const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    try {
      expect(await conn.collection('organisation_outbox').countDocuments({})).toBe(0);
    } finally {
      await conn.close();
    }
    expect(await publishedAbout([livada.id, gradina.id])).toEqual([livada.id, gradina.id].sort());
  });

  it('publishes the events a bulk registration still owed when its writer stopped', async () => {
    const [cui] = validRomanianCuis(1, 43_000_000);
    const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    const id = '5d0c2b9e-3a4d-4e5f-8a7b-1c2d3e4f5a6b';
    try {
      const at = new Date(Date.now() - 10 * 60_000).toISOString();
      // As a batch leaves them when its process stops between the organisations' insert and their events.
      await conn.collection('organisation_outbox').insertOne({ _id: 'stopped-batch' as never, organisationIds: [id], at });
      await conn.collection('organisations').insertOne({
        _id: id as never, kind: 'sme', name: { ro: 'Ferma Oprită' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cui }, legalIdKey: `RO-CUI:${cui}`,
        naceCodes: [], contacts: [], products: [], memberIds: [], searchText: 'ferma oprita', sortName: 'ferma oprita', active: true, revision: 1, eventPending: false, registeredAt: at, updatedAt: at,
      });
      await eventually(async () => ((await conn.collection('organisation_outbox').countDocuments({})) === 0 ? true : undefined), 150, 100);
    } finally {
      await conn.close();
    }
    expect(await publishedAbout([id])).toEqual([id]);
  });

  it('deactivates with a reason at the revision last seen; a stale revision is a 409 and nothing is deleted', async () => {
    const created = await httpPost(api('/organisations'), org({ name: { en: 'Short-lived Ltd' }, legalId: { kind: 'RO-CUI', value: '14399840' }, region: 'RO-CS' }), secretariat);
    // 14399840 was imported above from CSV: the duplicate is refused with a pointer.
    expect(created.status).toBe(409);
    const id = created.body.details.existingId;
    const stale = await httpPost(api(`/organisations/${id}/deactivation`), { reason: 'ceased trading', expectedRevision: 7 }, secretariat);
    expect(stale.status).toBe(409);
    const ok = await httpPost(api(`/organisations/${id}/deactivation`), { reason: 'ceased trading', expectedRevision: 1 }, secretariat);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ active: false, revision: 2, deactivation: { reason: 'ceased trading' } });
    expect((await httpGet(api(`/organisations/${id}`))).body.active).toBe(false);
    expect((await httpGet(api('/organisations?q=green'))).body.total).toBe(0);
    expect((await httpGet(api('/organisations?q=green&includeInactive=true'))).body.total).toBe(1);
  });

  it('changes an organisation at the revision last seen; a concurrent change at the same revision gets 409', async () => {
    const found = await httpGet(api('/organisations?q=stiinta'));
    const { id, revision } = found.body.items[0];
    const patch = (body: object) => fetch(api(`/organisations/${id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify(body) });
    const [a, b] = await Promise.all([
      patch({ name: { ro: 'Cooperativa Știința Banatului' }, expectedRevision: revision }),
      patch({ name: { ro: 'Cooperativa Știința Nouă' }, expectedRevision: revision }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const after = await httpGet(api(`/organisations/${id}`));
    expect(after.body.revision).toBe(revision + 1);
    expect((await httpGet(api('/organisations?q=banatului'))).body.total + (await httpGet(api('/organisations?q=noua'))).body.total).toBe(1);
    const bad = await patch({ region: 'RO-XX', expectedRevision: revision + 1 });
    expect(bad.status).toBe(400);
    expect((await httpGet(api(`/organisations/${id}`))).body.revision).toBe(revision + 1);
    const identity = await patch({ country: 'HU', expectedRevision: revision + 1 });
    expect(identity.status).toBe(400);
  });

  it('finishes a change whose writer stopped between claiming the revision and applying it', async () => {
    const target = (await httpGet(api('/organisations?q=mlekara'))).body.items[0];
    const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    try {
      const revision = target.revision + 1;
      const at = new Date(Date.now() - 60_000).toISOString();
      await conn.collection('organisation_changes').insertOne({
        _id: `${target.id}:${revision}` as never,
        organisationId: target.id,
        revision,
        kind: 'updated',
        at,
        by: 'crashed-writer',
        state: { website: 'https://mlekara.rs', revision, updatedAt: at, eventPending: true },
        applied: false,
      });
      // Until it is finished, the claimed revision makes a change at the old one a conflict.
      const patch = await fetch(api(`/organisations/${target.id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify({ sizeClass: 'micro', expectedRevision: target.revision }) });
      expect(patch.status).toBe(409);
      const finished = await eventually(async () => {
        const res = await httpGet(api(`/organisations/${target.id}`));
        return res.body.revision === revision ? res.body : undefined;
      }, 80, 100);
      expect(finished.website).toBe('https://mlekara.rs');
    } finally {
      await conn.close();
    }
  });

  it('lists no organisation as a cluster\'s member without its consent: a cluster is registered without members, a change cannot add one', async () => {
    const member = (await httpGet(api('/organisations?q=mlekara'))).body.items[0].id;
    const cluster = org({ kind: 'cluster', name: { en: 'Banat Food Cluster' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '100002887' } });
    const invite = 'an organisation joins a cluster by accepting its invitation (POST /api/v1/network/clusters/{id}/invitations), not by being listed here';
    const refused = await httpPost(api('/organisations'), { ...cluster, memberIds: [member] }, secretariat);
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'memberIds[0]', reason: `${member} was not listed: ${invite}` }]);
    const created = await httpPost(api('/organisations'), cluster, secretariat);
    expect(created.status).toBe(201);
    expect(created.body.memberIds).toEqual([]);
    const patch = (body: object) => fetch(api(`/organisations/${created.body.id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify(body) });
    const adding = await patch({ memberIds: [member], expectedRevision: 1 });
    expect(adding.status).toBe(400);
    expect(((await adding.json()) as { fields: unknown }).fields).toEqual([{ field: 'memberIds[0]', reason: `${member} was not listed: ${invite}` }]);
    expect((await httpGet(api(`/organisations/${created.body.id}`))).body).toMatchObject({ memberIds: [], revision: 1 });
  });

  it('publishes registered, updated and deactivated as CloudEvents on the public stream, replayable from the start', async () => {
    const jsm = await nc.jetstreamManager();
    // Replay from the first message, as a partner would.
    const last = await eventually(async () => {
      const info = await jsm.streams.info(PUBLIC_STREAM);
      return info.state.messages >= 11 ? info.state.last_seq : undefined;
    });
    const seen: { type: string; source: string; id: string; subject: string; specversion: string }[] = [];
    for (let seq = 1; seq <= last; seq++) seen.push((await jsm.streams.getMessage(PUBLIC_STREAM, { seq })).json());
    expect(seen.filter((e) => e.type === 'eu.madeinbanat.registry.organisation.deactivated.v1')).toHaveLength(1);
    expect(seen.filter((e) => e.type === 'eu.madeinbanat.registry.organisation.updated.v1')).toHaveLength(2);
    expect(seen.filter((e) => e.type === 'eu.madeinbanat.registry.organisation.registered.v1')).toHaveLength(8);
    expect(seen[0]).toMatchObject({ specversion: '1.0', source: 'urn:madeinbanat:registry', subject: expect.stringMatching(/^organisation\//) });
    expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
  });

  it('a member cannot move its own organisation to another region (it decides eligibility); the secretariat can', async () => {
    const created = await httpPost(api('/organisations'), org({ name: { ro: 'Brutăria Lugojeană' }, legalId: { kind: 'RO-CUI', value: '18547303' } }), secretariat);
    expect(created.status).toBe(201);
    const { id } = created.body;
    const member = await tokenFor('member', id);
    const patch = (body: object, who: Record<string, string>) => fetch(api(`/organisations/${id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...who }, body: JSON.stringify(body) });

    const moved = await patch({ region: 'RS-02', expectedRevision: 1 }, member);
    expect(moved.status).toBe(422);
    expect(await moved.json()).toMatchObject({ code: 'RULE_VIOLATED', rule: 'EligibilityFactsSetBySecretariat' });
    expect((await httpGet(api(`/organisations/${id}`))).body).toMatchObject({ region: 'RO-TM', revision: 1 });
    // What does not decide eligibility the member changes itself, naming its unchanged region too.
    const own = await patch({ region: 'RO-TM', website: 'https://brutaria.example.ro', sizeClass: 'micro', expectedRevision: 1 }, member);
    expect(own.status).toBe(200);
    const bySecretariat = await patch({ region: 'RO-CS', expectedRevision: 2 }, secretariat);
    expect(bySecretariat.status).toBe(200);
    expect(await bySecretariat.json()).toMatchObject({ region: 'RO-CS', revision: 3 });
  });

  it('refuses a NACE code that NACE Rev.2 does not have, naming the field and the code, and stores nothing', async () => {
    const [cui] = validRomanianCuis(1, 44_000_000);
    const body = org({ name: { ro: 'Patiseria Inexistentă' }, legalId: { kind: 'RO-CUI', value: cui }, naceCodes: ['10.71', '10.79'] });
    const refused = await httpPost(api('/organisations'), body, secretariat);
    expect([refused.status, refused.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(refused.body.fields).toEqual([{ field: 'naceCodes[1]', reason: '10.79 is not a NACE Rev.2 class' }]);
    expect((await httpGet(api('/organisations?q=patiseria%20inexistenta'))).body.total).toBe(0);
    const created = await httpPost(api('/organisations'), { ...body, naceCodes: ['10.71', '1072'] }, secretariat);
    expect(created.status).toBe(201);
    expect(created.body.naceCodes).toEqual(['10.71', '10.72']);
    const patch = await fetch(api(`/organisations/${created.body.id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify({ naceCodes: ['01.9'], expectedRevision: 1 }) });
    expect(patch.status).toBe(400);
    expect(((await patch.json()) as { fields: unknown }).fields).toEqual([{ field: 'naceCodes[0]', reason: '01.9 is not a NACE Rev.2 group' }]);
    expect((await httpGet(api(`/organisations/${created.body.id}`))).body).toMatchObject({ naceCodes: ['10.71', '10.72'], revision: 1 });
  });

  it('refuses a CSV row with a NACE code NACE Rev.2 does not have, with its reason, and imports the other rows', async () => {
    const [good, bad] = validRomanianCuis(2, 45_000_000);
    const csv = ['name_ro,kind,country,region,legal_id,nace_codes', `Moara Bună,sme,RO,RO-TM,RO${good},10.61`, `Moara Rea,sme,RO,RO-TM,RO${bad},10.61 99.99`].join('\n');
    const res = await httpPost(api('/organisations/import'), { csv }, secretariat);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ imported: 1, refused: 1 });
    expect(res.body.rows).toEqual([
      { row: 2, status: 'imported', id: expect.any(String) },
      { row: 3, status: 'refused', errors: [{ field: 'naceCodes[1]', reason: '99.99 is not a NACE Rev.2 class' }] },
    ]);
    expect((await httpGet(api(`/organisations/${res.body.rows[0].id}`))).body.naceCodes).toEqual(['10.61']);
    expect((await httpGet(api('/organisations?q=moara%20rea'))).body.total).toBe(0);
  });

  it('refuses a sector filter NACE Rev.2 does not have rather than finding nothing; a section finds its divisions\' codes', async () => {
    const refused = await httpGet(api('/organisations?sector=10.79'));
    expect([refused.status, refused.body.fields]).toEqual([400, [{ field: 'sector', reason: 'sector: 10.79 is not a NACE Rev.2 class' }]]);
    const found = await httpGet(api('/organisations?sector=10.6'));
    expect(found.status).toBe(200);
    expect(found.body.items.map((o: { name: { ro?: string } }) => o.name.ro)).toContain('Moara Bună');
    // A section letter finds the codes of its divisions (10.61 is in C, Manufacturing).
    expect((await httpGet(api('/organisations?sector=C'))).body.items.map((o: { name: { ro?: string } }) => o.name.ro)).toContain('Moara Bună');
    expect((await httpGet(api('/organisations?sector=J'))).body.items.map((o: { name: { ro?: string } }) => o.name.ro)).not.toContain('Moara Bună');
  });

  it('keeps a stored NACE code NACE Rev.2 does not have readable and the record changeable; a change naming it is refused', async () => {
    const [cui] = validRomanianCuis(1, 46_000_000);
    const id = '6e1d3c0f-4b5e-4f60-9b8c-2d3e4f5a6b7c';
    const at = new Date(Date.now() - 60_000).toISOString();
    const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    try {
      // As stored before codes were checked against the list.
      await conn.collection('organisations').insertOne({
        _id: id as never, kind: 'sme', name: { ro: 'Cofetăria Veche' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cui }, legalIdKey: `RO-CUI:${cui}`,
        naceCodes: ['10.79'], contacts: [], products: [], memberIds: [], searchText: 'cofetaria veche', sortName: 'cofetaria veche', active: true, revision: 1, eventPending: false, registeredAt: at, updatedAt: at,
      });
    } finally {
      await conn.close();
    }
    expect((await httpGet(api(`/organisations/${id}`))).body).toMatchObject({ naceCodes: ['10.79'], revision: 1 });
    const patch = (body: object) => fetch(api(`/organisations/${id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify(body) });
    const changed = await patch({ website: 'https://cofetaria.example.ro', expectedRevision: 1 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ website: 'https://cofetaria.example.ro/', naceCodes: ['10.79'], revision: 2 });
    const naming = await patch({ naceCodes: ['10.79', '10.71'], expectedRevision: 2 });
    expect(naming.status).toBe(400);
    expect(((await naming.json()) as { fields: unknown }).fields).toEqual([{ field: 'naceCodes[0]', reason: '10.79 is not a NACE Rev.2 class' }]);
    const mended = await patch({ naceCodes: ['10.71'], expectedRevision: 2 });
    expect(await mended.json()).toMatchObject({ naceCodes: ['10.71'], revision: 3 });
  });

  it('keeps a cluster\'s members listed before consent was asked; a change may drop them, not add one back', async () => {
    const [cui] = validRomanianCuis(1, 47_000_000);
    const id = '7f2e4d1a-5c6f-4a71-8c9d-3e4f5a6b7c8d';
    const members = (await httpGet(api('/organisations?kind=sme&pageSize=2'))).body.items.map((o: { id: string }) => o.id);
    expect(members).toHaveLength(2);
    const at = new Date(Date.now() - 60_000).toISOString();
    const conn = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    try {
      // As a cluster was registered before its members' consent was asked.
      await conn.collection('organisations').insertOne({
        _id: id as never, kind: 'cluster', name: { ro: 'Clusterul Vechi' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: cui }, legalIdKey: `RO-CUI:${cui}`,
        naceCodes: [], contacts: [], products: [], memberIds: members, searchText: 'clusterul vechi', sortName: 'clusterul vechi', active: true, revision: 1, eventPending: false, registeredAt: at, updatedAt: at,
      });
    } finally {
      await conn.close();
    }
    const patch = (body: object) => fetch(api(`/organisations/${id}`), { method: 'PATCH', headers: { 'content-type': 'application/json', ...secretariat }, body: JSON.stringify(body) });
    const renamed = await patch({ website: 'https://cluster.example.ro', expectedRevision: 1 });
    expect(renamed.status).toBe(200);
    expect(await renamed.json()).toMatchObject({ memberIds: members, revision: 2 });
    const dropped = await patch({ memberIds: [members[1]], expectedRevision: 2 });
    expect(await dropped.json()).toMatchObject({ memberIds: [members[1]], revision: 3 });
    const again = await patch({ memberIds: [members[1], members[0]], expectedRevision: 3 });
    expect(again.status).toBe(400);
    expect(((await again.json()) as { fields: { field: string }[] }).fields.map((f) => f.field)).toEqual(['memberIds[1]']);
  });
});
