import { generateKeyPairSync } from 'node:crypto';
import { JetStreamEventStore, NO_STREAM } from '@banat/event-store';
import type { PlatformConfig } from '@banat/messaging';
import { issued, suspended } from '../domain/certificate/certificate.fixtures';
import { CREDENTIALS_PROJECTION } from '../read-models/projection-status';
import { readStatus } from './bitstring-status-list';
import { CredentialTestBed } from './credential-test-bed';

const numberOf = (i: number) => `MIB-2027-${String(i).padStart(6, '0')}`;
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'test', role: 'secretariat' });
const config = {
  CREDENTIAL_SIGNING_KEY: generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  CREDENTIAL_ISSUER: 'https://made-in-banat.example',
  RPC_TIMEOUT_MS: 5_000,
} as PlatformConfig;

/**
 * The credential issuer, batched, on a real nats-server (history, registry lookups) and FerretDB: a
 * process that dies inside a batch's write, its credentials stored and its status list not, is
 * followed by one that issues every credential once, each at its own status index.
 */
describe('credentials issued in batches (real nats-server and FerretDB): a crash mid-batch', () => {
  let bed: CredentialTestBed;
  let store: JetStreamEventStore;

  beforeAll(async () => {
    bed = await CredentialTestBed.start();
    store = bed.store;
  });
  afterAll(() => bed?.stop());

  const issuerOn = () => bed.issuer(config, 'credentials', { maxEvents: 20, maxDelayMs: 500 });

  it('neither loses nor duplicates a credential: the restarted projector issues the unfinished batch again and hands out each index once', async () => {
    for (let i = 0; i < 60; i++) {
      const e = issued();
      await store.appendToStream(`certificate-${numberOf(i)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(i) } }], { expectedRevision: NO_STREAM, metadata: metadata(`issue-${i}`) });
    }
    for (let i = 0; i < 10; i++) {
      const e = suspended();
      await store.appendToStream(`certificate-${numberOf(i * 5)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(i * 5) } }], { expectedRevision: 0, metadata: metadata(`suspend-${i}`) });
    }
    const history = await store.readAll();

    // The first process dies writing its second batch: the credentials are stored, the status list is not.
    const first = await issuerOn();
    let listWrites = 0;
    let died = false;
    let die!: (error: Error) => void;
    const dead = new Promise<never>((_, reject) => (die = reject));
    dead.catch(() => undefined);
    const hangSecond = <F extends (...args: never[]) => unknown>(owner: object, write: F) =>
      ((...args: Parameters<F>) => (++listWrites === 1 ? write.apply(owner, args) : ((died = true), dead))) as unknown as F;
    // A batch inserts through the driver's collection (castForInsert), replaces through the model.
    first.lists.collection.bulkWrite = hangSecond(first.lists.collection, first.lists.collection.bulkWrite);
    first.lists.replaceOne = hangSecond(first.lists, first.lists.replaceOne);
    await first.runner.start();
    while (!died) await new Promise((r) => setTimeout(r, 10));
    const halted = first.runner.stop();
    die(Object.assign(new Error('connection closed: process killed'), { name: 'MongoNetworkError' }));
    await halted;
    expect(await first.checkpoints.load(CREDENTIALS_PROJECTION)).toBe(history[19]!.position);
    expect(await first.credentials.countDocuments()).toBe(40);
    expect((await first.lists.findById('1').lean())?.allocated).toBe(20);

    const second = await issuerOn();
    await second.runner.start();
    await second.runner.waitUntilCaughtUp();
    await second.runner.stop();

    const credentials = await second.credentials.find().sort({ _id: 1 }).lean();
    expect(credentials.map((c) => c._id)).toEqual(Array.from({ length: 60 }, (_, i) => numberOf(i)));
    expect(credentials.map((c) => c.statusIndex)).toEqual(Array.from({ length: 60 }, (_, i) => i)); // each once, in order of issue
    const list = (await second.lists.findById('1').lean())!;
    expect(list.allocated).toBe(60);
    const bits = Buffer.from(list.bits, 'base64');
    expect(credentials.filter((c) => readStatus(bits, c.statusIndex) === 1).map((c) => c._id)).toEqual(Array.from({ length: 10 }, (_, i) => numberOf(i * 5)));
    const verification = await second.issuer.verify(credentials[5]!.jwt);
    expect(verification).toMatchObject({ verified: false, status: 'suspended' });
    expect(await second.issuer.verify(credentials[6]!.jwt)).toMatchObject({ verified: true, status: 'valid' });
    expect(await second.checkpoints.load(CREDENTIALS_PROJECTION)).toBe(history.at(-1)!.position);
  });
});
