import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JetStreamEventStore, NO_STREAM } from '@banat/event-store';
import { loadConfig } from '@banat/messaging';
import { verifyCredentialOffline } from '../../../../scripts/audit-credential';
import { issued, suspended } from '../domain/certificate/certificate.fixtures';
import { certificateCredential } from './certificate-credential';
import { CredentialSigner } from './credential-signer';
import { CredentialTestBed } from './credential-test-bed';

const numberOf = (i: number) => `MIB-2027-${String(i).padStart(6, '0')}`;
const metadata = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'test', role: 'secretariat' });
const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const FIRST = 'http://127.0.0.1:3000';
const claimsOf = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
const SECOND = 'http://127.0.0.1:4000';

/**
 * The issuer id is this start's PUBLIC_BASE_URL (by default http://127.0.0.1:$PORT), on a real nats-server and
 * FerretDB: after a start under another address, credentials signed under the earlier one still verify (their
 * status read from the same list, re-signed under the new id), online and offline, and the issuer names them.
 */
describe('credential issuer id from each start\'s PUBLIC_BASE_URL (real nats-server and FerretDB)', () => {
  let bed: CredentialTestBed;
  let store: JetStreamEventStore;
  const dir = mkdtempSync(join(tmpdir(), 'banat-issuer-'));

  beforeAll(async () => {
    bed = await CredentialTestBed.start();
    store = bed.store;
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await bed?.stop();
  });

  /** A certification process started with this environment, on the same database each time, caught up with the history. */
  async function startWith(env: Record<string, string>) {
    const config = loadConfig({ CREDENTIAL_SIGNING_KEY: SIGNING_KEY, RPC_TIMEOUT_MS: '5000', ...env });
    const { issuer, issuerIds, credentials, lists, runner } = await bed.issuer(config, 'issuer-base-url', { maxEvents: 20, maxDelayMs: 100 });
    await runner.start();
    await runner.waitUntilCaughtUp();
    await runner.stop();
    const jwtOf = async (i: number) => (await credentials.findById(numberOf(i)).lean())!.jwt;
    return { issuer, issuerIds, jwtOf, lists };
  }
  const issue = async (i: number) => {
    const e = issued();
    await store.appendToStream(`certificate-${numberOf(i)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(i) } }], { expectedRevision: NO_STREAM, metadata: metadata(`issue-${i}`) });
  };

  it('signs under the address of each start; what was signed under an earlier one verifies, online and offline; another issuer id does not', async () => {
    await issue(0);
    await issue(1);
    // First started on port 3000 with no address set: the issuer id is http://127.0.0.1:3000.
    const first = await startWith({ PORT: '3000' });
    expect(first.issuer.issuer).toBe(FIRST);
    const old0 = await first.jwtOf(0);
    const old1 = await first.jwtOf(1);
    expect(await first.issuer.verify(old0)).toMatchObject({ verified: true });

    // Started again on port 4000: the issuer id follows, and the credentials of the first start still verify.
    const second = await startWith({ PORT: '4000' });
    expect(second.issuer.issuer).toBe(SECOND);
    const keys = await second.issuer.keys();
    expect(keys).toMatchObject({ issuer: SECOND, formerIssuers: [FIRST], didDocument: { id: 'did:web:127.0.0.1%3A4000', alsoKnownAs: [SECOND, FIRST] } });
    expect(await second.issuer.verify(old0)).toMatchObject({ verified: true, status: 'valid' });
    // Served under the new id (the stored one is signed anew, same claims), and so is the status list.
    const served = (await second.issuer.credentialOf(numberOf(0))).credential;
    expect(claimsOf(served)).toEqual(JSON.parse(JSON.stringify(claimsOf(old0)).split(FIRST).join(SECOND)));
    expect(claimsOf(served)).toMatchObject({ issuer: { id: SECOND }, credentialStatus: { statusListCredential: `${SECOND}/api/v1/credentials/status/1` } });
    expect(await second.issuer.verify(served)).toMatchObject({ verified: true, status: 'valid' });
    const servedList = await second.issuer.statusList('1');
    expect(claimsOf(servedList.credential)).toMatchObject({ issuer: SECOND, id: `${SECOND}/api/v1/credentials/status/1` });
    expect(servedList.etag).not.toBe((await second.lists.findById('1').lean())!.etag);

    // A suspension re-signs the list under the new id; the old credential's status is read from it.
    const e = suspended();
    await store.appendToStream(`certificate-${numberOf(1)}`, [{ type: e.type, data: { ...e.data, certificateNumber: numberOf(1) } }], { expectedRevision: 0, metadata: metadata('suspend-1') });
    await issue(2);
    const third = await startWith({ PUBLIC_BASE_URL: `${SECOND}/` });
    expect(third.issuer.issuer).toBe(SECOND);
    const listJwt = (await third.lists.findById('1').lean())!.jwt;
    expect(claimsOf(listJwt)).toMatchObject({ issuer: SECOND, id: `${SECOND}/api/v1/credentials/status/1` });
    const oldSuspended = await third.issuer.verify(old1);
    expect(oldSuspended).toMatchObject({ verified: false, status: 'suspended' });
    expect(oldSuspended.checks.filter((c) => !c.ok)).toEqual([{ check: 'status', ok: false, reason: 'suspended', code: 'suspended', value: 'suspended' }]);
    const fresh = await third.jwtOf(2);
    expect(claimsOf(fresh)).toMatchObject({ issuer: { id: SECOND } });
    expect(await third.issuer.verify(fresh)).toMatchObject({ verified: true });

    // Offline, from the issuer document and the status list as the gateway serves them now.
    writeFileSync(join(dir, 'issuer.json'), JSON.stringify(await third.issuer.keys()));
    writeFileSync(join(dir, 'list-1.jwt'), listJwt);
    for (const [jwt, verified] of [[old0, true], [old1, false], [fresh, true]] as const) {
      writeFileSync(join(dir, 'cred.jwt'), jwt);
      expect(await verifyCredentialOffline(join(dir, 'cred.jwt'), { keys: join(dir, 'issuer.json'), statusList: [join(dir, 'list-1.jwt')], at: '2027-06-01T00:00:00Z' })).toMatchObject({ verified });
    }

    // The same key naming an issuer id the programme never had is refused on the issuer check.
    const signer = await CredentialSigner.fromPem(SIGNING_KEY);
    const elsewhere = await signer.sign(certificateCredential('https://elsewhere.example', { certificateNumber: numberOf(9), holder: { organisationId: 'org-x', country: 'RO', region: 'RO-TM' }, schemeId: 'made-in-banat', schemeVersion: 1, products: [], validFrom: '2025-03-03', validUntil: '2028-03-02', issuedAt: '2025-03-03T12:00:00.000Z' }, { listId: '1', index: 0 }));
    const refused = await third.issuer.verify(elsewhere);
    expect(refused.checks.find((c) => c.check === 'issuer')).toEqual({ check: 'issuer', ok: false, reason: `issued by https://elsewhere.example, not ${SECOND}`, code: 'other-issuer', value: 'https://elsewhere.example' });
  });

  it('finds the issuer ids of credentials stored before the ids were recorded', async () => {
    const before = await startWith({ PORT: '4000' });
    await before.issuerIds.deleteMany({});
    const later = await startWith({ PUBLIC_BASE_URL: 'https://made-in-banat.example' });
    expect((await later.issuer.formerIssuers()).sort()).toEqual([FIRST, SECOND]);
    expect(await later.issuer.verify(await later.jwtOf(0))).toMatchObject({ verified: true });
  });
});
