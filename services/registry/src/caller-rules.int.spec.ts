import { randomUUID } from 'node:crypto';
import { INestMicroservice } from '@nestjs/common';
import mongoose from 'mongoose';
import { connect, headers as natsHeaders, NatsConnection } from 'nats';
import { RegistrySubjects as S } from '@banat/contracts';
import { createService, loadConfig, PUBLIC_STREAM, type CallerIdentity } from '@banat/messaging';
import { signedIdentityHeader, startTestServers, testIdentityKeys, validRomanianCuis } from '@banat/testing';
import { RegistryModule } from './registry.module';

interface Reply {
  err?: { code: string; message: string };
  response?: any;
}

/**
 * The registry's writes on the bus, around the gateway (a bus user such as the certification service may publish to
 * banat.rpc.registry.>): the service judges the caller from the gateway's signed identity, with the roles the HTTP
 * routes allow. No caller is UNAUTHENTICATED, another role FORBIDDEN, and neither stores nor publishes anything.
 */
describe('registry writes on the bus: only the caller the HTTP route allows', () => {
  let env: Awaited<ReturnType<typeof startTestServers>>;
  let registry: INestMicroservice;
  let nc: NatsConnection;
  let db: mongoose.Connection;
  const cuis = validRomanianCuis(8, 44_000_000);
  const secretariat: CallerIdentity = { actor: 'sec-ana', role: 'secretariat' };
  /** An organisation registered by the secretariat in beforeAll, for the deactivations. */
  let target: { id: string; revision: number };

  /** A Nest request straight onto the bus, with the caller's identity signed as the gateway would sign it (none for `{}`). */
  const onTheBus = async (subject: string, data: unknown, caller: CallerIdentity): Promise<Reply> =>
    rawOnTheBus(subject, data, Object.keys(caller).length ? await signedIdentityHeader(subject, caller) : {});
  const rawOnTheBus = async (subject: string, data: unknown, headers: Record<string, string>): Promise<Reply> => {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    const reply = await nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { headers: h, timeout: 8000 });
    return reply.json<Reply>();
  };

  const organisation = (name: string, cui: string) => ({ kind: 'sme', country: 'RO', region: 'RO-TM', name: { ro: name }, legalId: { kind: 'RO-CUI', value: cui } });
  const csv = (rows: [string, string][]) => ['name_ro,kind,country,region,legal_id', ...rows.map(([name, cui]) => `${name},sme,RO,RO-TM,RO${cui}`)].join('\n');

  /** What the registry holds and has published: none of it may move on a refused request. */
  const held = async () => ({
    organisations: await db.collection('organisations').countDocuments({}),
    changes: await db.collection('organisation_changes').countDocuments({}),
    outbox: await db.collection('organisation_outbox').countDocuments({}),
    events: (await (await nc.jetstreamManager()).streams.info(PUBLIC_STREAM)).state.messages,
  });
  const targetNow = async () => db.collection('organisations').findOne({ _id: target.id as never }, { projection: { active: 1, revision: 1, deactivation: 1 } });

  beforeAll(async () => {
    env = await startTestServers();
    const config = loadConfig({ NATS_URL: env.natsUrl, MONGO_URL: env.mongoUrl, LOG_LEVEL: 'silent', ...testIdentityKeys });
    registry = await createService('registry', (c) => RegistryModule.forRoot(c), config);
    await registry.listen();
    nc = await connect({ servers: env.natsUrl });
    db = await mongoose.createConnection(env.mongoUrl, { dbName: 'banat-registry' }).asPromise();
    const created = await onTheBus(S.register, organisation('Moara Veche', cuis[0]!), secretariat);
    expect(created.err).toBeUndefined();
    target = { id: created.response.id, revision: created.response.revision };
  });
  afterAll(async () => {
    await db?.close();
    await nc?.close();
    await registry?.close();
    await env?.stop();
  });

  describe('without a caller: UNAUTHENTICATED, nothing stored or published', () => {
    // No identity header at all (what the security tester sent), and the gateway's own anonymous caller (role 'public', no actor).
    const anonymous: Record<string, CallerIdentity> = { 'no identity': {}, 'the gateway\'s anonymous caller': { role: 'public' } };

    it.each(Object.entries(anonymous))('register, deactivate and import-csv with %s', async (_, caller) => {
      const before = await held();
      const replies = {
        register: await onTheBus(S.register, organisation('Ferma Anonimă', cuis[1]!), caller),
        deactivate: await onTheBus(S.deactivate, { id: target.id, reason: 'pwned by bus', expectedRevision: target.revision }, caller),
        importCsv: await onTheBus(S.importCsv, { csv: csv([['Livada Anonimă', cuis[2]!]]) }, caller),
      };
      for (const [what, reply] of Object.entries(replies)) expect([what, reply.err?.code, reply.response]).toEqual([what, 'UNAUTHENTICATED', undefined]);
      expect(await held()).toEqual(before);
      expect(await targetNow()).toMatchObject({ active: true, revision: target.revision });
      expect((await targetNow())?.deactivation).toBeUndefined();
    });

    it('update too (it answered FORBIDDEN): no caller is UNAUTHENTICATED', async () => {
      const reply = await onTheBus(S.update, { id: target.id, website: 'https://pwned.example', expectedRevision: target.revision }, {});
      expect(reply.err).toMatchObject({ code: 'UNAUTHENTICATED' });
    });

    it('plain caller headers another bus user sets are refused UNAUTHENTICATED before any handler', async () => {
      const before = await held();
      const reply = await rawOnTheBus(S.deactivate, { id: target.id, reason: 'pwned by bus', expectedRevision: target.revision }, { 'x-actor': 'mallory', 'x-role': 'secretariat' });
      expect(reply.err).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect(await held()).toEqual(before);
    });
  });

  describe('with a signed role the HTTP routes forbid: FORBIDDEN, nothing stored or published', () => {
    const roles: Record<string, () => CallerIdentity> = {
      member: () => ({ actor: 'member-1', role: 'member', org: target.id }), // even its own organisation
      expert: () => ({ actor: 'expert-1', role: 'expert' }),
      'decision-maker': () => ({ actor: 'dm-milan', role: 'decision-maker' }),
      auditor: () => ({ actor: 'aud-eva', role: 'auditor' }),
      partner: () => ({ actor: 'partner:acme', role: 'partner' }),
    };

    it.each(Object.keys(roles))('%s', async (role) => {
      const caller = roles[role]!();
      const before = await held();
      const replies = {
        register: await onTheBus(S.register, organisation('Ferma Străină', cuis[3]!), caller),
        deactivate: await onTheBus(S.deactivate, { id: target.id, reason: 'not mine to decide', expectedRevision: target.revision }, caller),
        importCsv: await onTheBus(S.importCsv, { csv: csv([['Livada Străină', cuis[4]!]]) }, caller),
      };
      for (const [what, reply] of Object.entries(replies)) expect([what, reply.err?.code, reply.response]).toEqual([what, 'FORBIDDEN', undefined]);
      expect(replies.register.err?.message).toBe('only the secretariat registers organisations');
      expect(replies.deactivate.err?.message).toBe('only the secretariat deactivates organisations');
      expect(replies.importCsv.err?.message).toBe('only the secretariat imports member lists');
      expect(await held()).toEqual(before);
      expect(await targetNow()).toMatchObject({ active: true, revision: target.revision });
    });
  });

  describe('as the secretariat: carried out as before, the actor recorded', () => {
    it('registers, with its first revision by the actor and its event published', async () => {
      const before = await held();
      const reply = await onTheBus(S.register, organisation('Brutăria Nouă', cuis[5]!), secretariat);
      expect(reply.err).toBeUndefined();
      expect(reply.response).toMatchObject({ name: { ro: 'Brutăria Nouă' }, active: true, revision: 1 });
      expect(await db.collection('organisation_changes').findOne({ _id: `${reply.response.id}:1` as never })).toMatchObject({ kind: 'registered', by: 'sec-ana' });
      expect(await held()).toEqual({ ...before, organisations: before.organisations + 1, changes: before.changes + 1, events: before.events + 1 });
    });

    it('imports a member list', async () => {
      const before = await held();
      const reply = await onTheBus(S.importCsv, { csv: csv([['Livada Mare', cuis[6]!], ['Cifră Rea', '14399841']]) }, secretariat);
      expect(reply.err).toBeUndefined();
      expect(reply.response).toMatchObject({ imported: 1, refused: 1 });
      expect(await held()).toEqual({ ...before, organisations: before.organisations + 1, changes: before.changes + 1, events: before.events + 1 });
    });

    it('deactivates at the revision last seen, naming who did it', async () => {
      const before = await held();
      const reply = await onTheBus(S.deactivate, { id: target.id, reason: 'ceased trading', expectedRevision: target.revision }, secretariat);
      expect(reply.err).toBeUndefined();
      // The secretariat reads which staff member acted.
      expect(reply.response).toMatchObject({ id: target.id, active: false, revision: target.revision + 1, deactivation: { reason: 'ceased trading', by: 'sec-ana' } });
      expect(await targetNow()).toMatchObject({ active: false, revision: target.revision + 1, deactivation: { by: 'sec-ana' } });
      expect(await held()).toEqual({ ...before, changes: before.changes + 1, events: before.events + 1 });
    });
  });
});
