import { mongo as driver, Mongoose, type Schema } from 'mongoose';
import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { HISTORY_JS_API } from '../libs/messaging/src/nats-connection';
import { castFlat, castForInsert, type ProjectorRunner } from '../libs/projections/src';
import { eventually, startFerret, startNatsWithAuth } from '../libs/testing/src';
import { certificateNumber, issued, suspended } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { ApplicationFileSchema } from '../services/certification/src/read-models/application-file.schema';
import { ExpertWorkloadSchema } from '../services/certification/src/read-models/expert-workload.schema';
import { ALL_PROJECTORS } from '../services/certification/src/read-models/projectors';
import { RegisterEntrySchema } from '../services/certification/src/read-models/register.schema';
import { SchemeStatisticsSchema, StatisticsSubjectSchema } from '../services/certification/src/read-models/scheme-statistics.schema';
import { registerOrganisation, reviewedFile } from '../services/certification/test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../services/certification/test/certification-test-platform';
import { runAudit } from './audit';
import type { RebuildReport } from './audit-rebuild';

/** `audit rebuild` against the read models a real certification service wrote (nats-server + FerretDB). */
describe('audit rebuild', () => {
  let p: CertificationPlatform;
  let mongo: InstanceType<typeof driver.MongoClient>;
  let certificate: string;
  let refusedApplication: string;
  const live = () => mongo.db('banat-certification');

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await runAudit(['rebuild', '--mongo', p.servers.mongoUrl, ...argv], (l) => lines.push(l), p.natsUrl, undefined, (l) => errors.push(l));
    return { code, lines, text: lines.join('\n'), errors: errors.join('\n') };
  };
  const databases = async () => (await mongo.db().admin().listDatabases()).databases.map((d) => d.name);

  beforeAll(async () => {
    p = await startCertificationPlatform();
    mongo = await driver.MongoClient.connect(p.servers.mongoUrl);
    const dm = p.as('dm-milan', 'decision-maker');
    // A normal run: one file granted (the issuer appends the certificate), the certificate suspended; one file refused.
    const granted = await reviewedFile(p, await registerOrganisation(p, 'RO'));
    const decision = await p.post(`/applications/${granted}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm);
    expect(decision.status).toBe(200);
    certificate = decision.body.certificateNumber;
    await eventually(async () => ((await p.get(`/certificates/${certificate}`)).status === 200 ? true : undefined));
    expect((await p.post(`/certificates/${certificate}/suspension`, { reason: 'raw materials bought outside the region' }, dm)).status).toBe(200);
    p.clock.now = '2026-02-01T09:00:00.000Z';
    refusedApplication = await reviewedFile(p, await registerOrganisation(p, 'RS'));
    expect((await p.post(`/applications/${refusedApplication}/decision`, { outcome: 'refuse', reasons: ['evidence of origin unconvincing'] }, dm)).status).toBe(200);
    for (const token of ALL_PROJECTORS) await p.certification.get<ProjectorRunner>(token).waitUntilCaughtUp();
  });
  afterAll(async () => {
    await mongo?.close();
    await p?.stop();
  });

  it('gives the live digest after a normal run, every collection rebuilt, and drops its scratch database', async () => {
    const { code, text } = await run('--json');
    const report: RebuildReport = JSON.parse(text);
    expect(code).toBe(0);
    expect(report).toMatchObject({ equal: true, liveDb: 'banat-certification', differences: [], failures: [], liveBehind: [], kept: false });
    expect(report.digests.rebuilt).toBe(report.digests.live);
    expect(report.events).toBeGreaterThan(20);
    const counts = Object.fromEntries(report.collections.map((c) => [c.collection, c]));
    expect(counts.certificate_register).toEqual({ collection: 'certificate_register', live: 1, rebuilt: 1 });
    expect(counts.application_files).toEqual({ collection: 'application_files', live: 2, rebuilt: 2 });
    expect(counts.expert_workload).toEqual({ collection: 'expert_workload', live: 2, rebuilt: 2 });
    for (const c of report.collections) expect(c.live).toBeGreaterThan(0);
    expect(await databases()).not.toContain(report.scratchDb);
  });

  it('names each tampered document: changed, deleted and added live; exit 1', async () => {
    const register = live().collection<{ _id: string }>('certificate_register');
    const files = live().collection<{ _id: string }>('application_files');
    const workload = live().collection<{ _id: string }>('expert_workload');
    const original = await files.findOne({ _id: refusedApplication });
    try {
      await register.updateOne({ _id: certificate }, { $set: { status: 'active' }, $unset: { statusReason: '' } });
      await files.deleteOne({ _id: refusedApplication });
      await workload.insertOne({ _id: 'expert-ghost', assigned: 3, scored: 3, removed: 0, applicationIds: [] } as never);

      const { code, lines } = await run();
      expect(code).toBe(1);
      expect(lines).toEqual(expect.arrayContaining([
        `DIFFERS  certificate_register ${certificate}: fields status, statusReason`,
        `MISSING  application_files ${refusedApplication}: rebuilt from the history, absent live`,
        'EXTRA    expert_workload expert-ghost: live only, not in the history',
        'DIFFERENT 3 document(s)',
      ]));
      const digests = lines.filter((l) => l.startsWith('digest '));
      expect(new Set(digests.map((l) => l.split(/\s+/).pop())).size).toBe(2);
    } finally {
      await workload.deleteOne({ _id: 'expert-ghost' });
      await files.insertOne(original!);
      await register.updateOne({ _id: certificate }, { $set: { status: 'suspended', statusReason: 'raw materials bought outside the region' } });
    }
    expect((await run()).code).toBe(0); // restored: equal again
  });

  it('rebuilds every document byte for byte (BSON, its fields in one order) as the live projections wrote it', async () => {
    const kept = await run('--scratch-db', 'audit-bytes', '--keep', '--json');
    expect(kept.code).toBe(0);
    // Fields are put in one order (a document's follows its writes: a field a later batch added comes
    // last live, in the schema's place when the rebuild inserts the document whole); every BSON type
    // is kept as stored (int32, int64 and double told apart), then the document serialised again.
    const { BSON } = driver;
    const ordered = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(ordered);
      if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
      return Object.fromEntries(Object.keys(value).sort().map((k) => [k, ordered((value as Record<string, unknown>)[k])]));
    };
    try {
      const raw = async (db: string, collection: string) =>
        ((await mongo.db(db).collection(collection).find({}, { sort: { _id: 1 }, raw: true }).toArray()) as unknown as Buffer[]).map((bytes) =>
          Buffer.from(BSON.serialize(ordered(BSON.deserialize(bytes, { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true })) as object)).toString('base64'),
        );
      const collections = (JSON.parse(kept.text) as RebuildReport).collections.map((c) => c.collection);
      expect(collections).toHaveLength(5);
      for (const collection of collections) {
        const live = await raw('banat-certification', collection);
        expect(live.length).toBeGreaterThan(0);
        expect({ collection, documents: await raw('audit-bytes', collection) }).toEqual({ collection, documents: live });
      }
    } finally {
      await mongo.db('audit-bytes').dropDatabase();
    }
  });

  it('casts every live document for an insert without mongoose (flat read models), to the bytes mongoose gives', async () => {
    const models = new Mongoose();
    const schemas = { certificate_register: RegisterEntrySchema, application_files: ApplicationFileSchema, scheme_statistics: SchemeStatisticsSchema, scheme_statistics_subjects: StatisticsSubjectSchema, expert_workload: ExpertWorkloadSchema };
    for (const [collection, schema] of Object.entries(schemas)) {
      const model = models.model(collection, schema as Schema);
      const documents = await live().collection(collection).find({}).toArray();
      expect(documents.length).toBeGreaterThan(0);
      for (const document of documents) {
        const viaMongoose = new model(document);
        expect(viaMongoose.validateSync()).toBeUndefined();
        expect(castFlat(model, document)).toBeDefined();
        expect(driver.BSON.serialize(castForInsert(model, document))).toEqual(driver.BSON.serialize(viaMongoose.toBSON()));
      }
    }
  });

  it('keeps the scratch database on --keep and refuses to rebuild into one that is not empty', async () => {
    const kept = await run('--scratch-db', 'audit-kept', '--keep', '--json');
    expect(kept.code).toBe(0);
    expect(await databases()).toContain('audit-kept');
    expect(await mongo.db('audit-kept').collection('certificate_register').countDocuments()).toBe(1);
    const again = await run('--scratch-db', 'audit-kept');
    // Errors go to stderr, once; a database it cannot use is "could not run" (4).
    expect(again.code).toBe(4);
    expect(again.errors).toMatch(/^error: scratch database audit-kept is not empty/);
    expect(await mongo.db('audit-kept').collection('certificate_register').countDocuments()).toBe(1);
    const same = await run('--scratch-db', 'banat-certification');
    expect(same.code).toBe(4);
    expect(same.errors).toMatch(/must not be the live one/);
  });
});

describe('audit rebuild on a secured bus (deploy/nats/auth.conf)', () => {
  it('rebuilds as the read-only auditor and names what the live database lacks', async () => {
    const [nats, ferret] = await Promise.all([startNatsWithAuth(), startFerret()]);
    try {
      const nc = await nats.connectAs('certification');
      const store = await JetStreamEventStore.connect({ connection: nc, apiPrefix: HISTORY_JS_API });
      await store.appendToStream(`certificate-${certificateNumber}`, [issued(), suspended()], { expectedRevision: NO_STREAM, metadata: { commandId: 'c-1', correlationId: 'c-1', actor: 'sec-ana', role: 'secretariat' } });
      await store.close();
      await nc.close();
      const lines: string[] = [];
      const code = await runAudit(['rebuild', '--user', 'auditor', '--mongo', ferret.url, '--live-db', 'never-projected'], (l) => lines.push(l), nats.url, { pass: nats.passwordOf('auditor') });
      expect(code).toBe(1);
      expect(lines).toEqual(expect.arrayContaining([
        `MISSING  certificate_register ${certificateNumber}: rebuilt from the history, absent live`,
        expect.stringMatching(/^BEHIND {3}live projection certification-register is at 0/),
        expect.stringMatching(/^rebuilt 5 collections from 2 events \(1 commits/),
      ]));
    } finally {
      await Promise.all([nats.stop(), ferret.stop()]);
    }
  });
});
