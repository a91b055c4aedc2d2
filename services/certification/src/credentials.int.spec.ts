import { createPublicKey, generateKeyPairSync, verify as cryptoVerify } from 'node:crypto';
import { verifyJWS } from 'did-jwt';
import { SignJWT, decodeJwt } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '@banat/testing';
import { runAudit } from '../../../scripts/audit';
import { registerOrganisation, reviewedFile } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

const signingKey = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ISSUER = 'https://made-in-banat.example';

type Check = { check: string; ok: boolean; reason?: string };

/** Certificates as verifiable credentials, on real nats-server and FerretDB, granted and changed through the gateway. */
describe('verifiable certificates', () => {
  let p: CertificationPlatform;
  let number: string;
  let jwt: string;
  const dm = () => p.as('dm-milan', 'decision-maker');
  const verify = async (credential: string) => {
    const res = await p.post('/credentials/verify', { credential });
    expect(res.status).toBe(200);
    return res.body as { verified: boolean; checks: Check[]; status?: string };
  };
  const failing = (result: { checks: Check[] }) => result.checks.filter((c) => !c.ok).map((c) => [c.check, c.reason]);
  /** Polls the verifier until the credential's status check says `reason` (or passes, for undefined). */
  const statusBecomes = (reason: string | undefined) =>
    eventually(async () => {
      const result = await verify(jwt);
      const status = result.checks.find((c) => c.check === 'status');
      return status?.reason === reason ? result : undefined;
    });

  beforeAll(async () => {
    p = await startCertificationPlatform({ env: { CREDENTIAL_SIGNING_KEY: signingKey, CREDENTIAL_ISSUER: ISSUER } });
    const org = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-06-01T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    number = (await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm())).body.certificateNumber;
    jwt = await eventually(async () => {
      const res = await p.get(`/certificates/${number}/credential`);
      return res.status === 200 ? (res.body.credential as string) : undefined;
    });
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await p?.stop();
  });

  it('issues the grant as an Open Badges 3.0 credential about the holder organisation, signed as a VC-JWT, that verifies', async () => {
    const credential = decodeJwt(jwt) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(credential).toMatchObject({
      '@context': ['https://www.w3.org/ns/credentials/v2', expect.stringContaining('purl.imsglobal.org/spec/ob/v3p0/context')],
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: ISSUER },
      validFrom: '2026-05-31T21:00:00Z',
      validUntil: '2029-05-31T20:59:59Z',
      credentialSubject: {
        type: ['AchievementSubject'],
        licenseNumber: number,
        achievement: { type: ['Achievement'], name: 'Made in Banat' },
        holder: { legalId: { kind: 'RO-CUI', value: expect.any(String) }, country: 'RO', region: 'RO-TM' },
        products: [{ name: 'Banat plum brandy', niceClass: 33 }],
      },
      credentialStatus: { type: 'BitstringStatusListEntry', statusPurpose: 'message', statusSize: 2, statusListCredential: `${ISSUER}/api/v1/credentials/status/1` },
    });
    // No person in it: no actor, decision maker or expert.
    expect(JSON.stringify(credential)).not.toMatch(/dm-milan|expert-r|sec-ana/);
    const raw = await fetch(`${p.origin}/api/v1/certificates/${number}/credential`, { headers: { accept: 'application/vc+jwt' } });
    expect([raw.headers.get('content-type'), await raw.text()]).toEqual([expect.stringContaining('application/vc+jwt'), jwt]);
    expect(await verify(jwt)).toMatchObject({ verified: true, status: 'valid', checks: [{ check: 'signature', ok: true }, { check: 'issuer', ok: true }, { check: 'validity', ok: true }, { check: 'status', ok: true }] });
  });

  /** `audit credential verify` on files saved from the gateway: offline, with the status list as it was saved. */
  const dir = mkdtempSync(join(tmpdir(), 'banat-credential-'));
  const auditVerify = async (...extra: string[]) => {
    const save = async (name: string, path: string, accept = 'application/json') => {
      writeFileSync(join(dir, name), await (await fetch(`${p.origin}/api/v1${path}`, { headers: { accept } })).text());
      return join(dir, name);
    };
    const files = [await save('credential.jwt', `/certificates/${number}/credential`, 'application/vc+jwt'), '--keys', await save('issuer.json', '/credentials/issuer'), '--status-list', await save('list-1.jwt', '/credentials/status/1', 'application/vc+jwt')];
    const lines: string[] = [];
    const code = await runAudit(['credential', 'verify', ...files, ...extra], (l) => lines.push(l));
    return { code, lines };
  };

  it('audit credential verify checks a saved credential offline against the saved keys and status list', async () => {
    // With --at the status is said to be the saved list's, of the list's own date (it may differ from the status on --at).
    expect(await auditVerify('--at', '2026-12-01T00:00:00Z')).toEqual({ code: 0, lines: [`VERIFIED  ${number}  (valid)`, 'OK      signature', 'OK      issuer', 'OK      validity', expect.stringMatching(/^OK {6}status: valid as listed on \d{4}-\d{2}-\d{2}T[\d:.]+Z \(the list's date, not --at; audit as-of gives the status on a past date\)$/)] });
    expect(await auditVerify('--at', '2030-01-01T00:00:00Z')).toMatchObject({ code: 1, lines: expect.arrayContaining(['FAILED  validity: expired at 2029-05-31T20:59:59Z']) });
    expect(await auditVerify('--issuer', 'https://elsewhere.example', '--at', '2026-12-01T00:00:00Z')).toMatchObject({ code: 1, lines: expect.arrayContaining([`FAILED  issuer: issued by ${ISSUER}, not https://elsewhere.example`]) });
  });

  it('verifies with a second library (did-jwt) against the did:web document, and with node:crypto alone against the JWKS', async () => {
    const issuer = (await p.get('/credentials/issuer')).body;
    const [header, payload, signature] = jwt.split('.');
    const { kid, alg, typ } = JSON.parse(Buffer.from(header, 'base64url').toString());
    expect([alg, typ]).toEqual(['EdDSA', 'vc+jwt']);
    const jwk = issuer.jwks.keys.find((k: { kid: string }) => k.kid === kid);
    expect(issuer.didDocument.verificationMethod[0].publicKeyJwk).toEqual(jwk);
    const key = createPublicKey({ key: jwk, format: 'jwk' });
    expect(cryptoVerify(null, Buffer.from(`${header}.${payload}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
    expect(cryptoVerify(null, Buffer.from(`${header}.${payload}x`), key, Buffer.from(signature, 'base64url'))).toBe(false);
    // did-jwt (independent of jose) finds the verification method of the DID document that signed it.
    expect(verifyJWS(jwt, issuer.didDocument.verificationMethod).id).toBe(issuer.didDocument.assertionMethod[0]);
    expect(issuer.didDocument.id).toBe('did:web:made-in-banat.example');
    expect(() => verifyJWS(`${header}.${payload.slice(0, -2)}AA.${signature}`, issuer.didDocument.verificationMethod)).toThrow(/invalid_signature/);
  });

  it('reports a suspended certificate within seconds, valid again once restored, then withdrawn; the list is cached and revalidated by ETag', async () => {
    const before = await p.get('/credentials/status/1');
    expect(before.headers.get('cache-control')).toMatch(/max-age=60/);
    const etag = before.headers.get('etag')!;
    expect((await fetch(`${p.origin}/api/v1/credentials/status/1`, { headers: { 'if-none-match': etag } })).status).toBe(304);

    expect((await p.post(`/certificates/${number}/suspension`, { reason: 'raw materials bought outside the region' }, dm())).status).toBe(200);
    const suspended = await statusBecomes('suspended');
    expect(suspended).toMatchObject({ verified: false, status: 'suspended' });
    expect(failing(suspended)).toEqual([['status', 'suspended']]);
    const after = await p.get('/credentials/status/1');
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(decodeJwt(after.body.credential)).toMatchObject({ type: ['VerifiableCredential', 'BitstringStatusListCredential'], credentialSubject: { statusPurpose: 'message', encodedList: expect.stringMatching(/^u/) } });

    expect((await p.post(`/certificates/${number}/restoration`, { reason: 'regional suppliers documented' }, dm())).status).toBe(200);
    expect(await statusBecomes(undefined)).toMatchObject({ verified: true, status: 'valid' });

    expect((await p.post(`/certificates/${number}/withdrawal`, { reason: 'brand mark used on non-certified products' }, dm())).status).toBe(200);
    const withdrawn = await statusBecomes('withdrawn');
    expect(failing(withdrawn)).toEqual([['status', 'withdrawn']]);
    expect(await auditVerify('--at', '2026-12-01T00:00:00Z')).toMatchObject({ code: 1, lines: expect.arrayContaining(['NOT VERIFIED  ' + number + '  (withdrawn)', expect.stringMatching(/^FAILED {2}status: withdrawn as listed on /)]) });
  });

  it('fails an altered credential or one signed by another key on the signature check, and junk without crashing', async () => {
    const [h, payload, s] = jwt.split('.');
    const body = Buffer.from(payload, 'base64url');
    body[body.indexOf('Banat plum')] ^= 0x01;
    const altered = await verify(`${h}.${body.toString('base64url')}.${s}`);
    expect(altered).toMatchObject({ verified: false, checks: [{ check: 'signature', ok: false, reason: 'the signature does not match the content' }] });

    const credential = decodeJwt(jwt);
    const other = generateKeyPairSync('ed25519').privateKey;
    const { kid } = JSON.parse(Buffer.from(h, 'base64url').toString());
    const forged = await new SignJWT(credential).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid }).sign(other);
    expect(failing(await verify(forged))).toEqual([['signature', 'the signature does not match the content']]);
    const strangerKey = await new SignJWT(credential).setProtectedHeader({ alg: 'EdDSA', typ: 'vc+jwt', kid: 'stranger' }).sign(other);
    expect(failing(await verify(strangerKey))).toEqual([['signature', "signed with key stranger, which is not one of the issuer's keys"]]);

    expect(failing(await verify('not-a-jwt'))).toEqual([['signature', 'not a compact JWS']]);
    const empty = await p.post('/credentials/verify', {});
    expect(empty.status).toBe(400);
  });

  it('fails the validity check of a credential past its term', async () => {
    const saved = p.clock.now;
    p.clock.now = '2029-06-01T09:00:00.000Z';
    try {
      const result = await verify(jwt);
      expect(result.checks.find((c) => c.check === 'validity')).toEqual({ check: 'validity', ok: false, reason: 'expired at 2029-05-31T20:59:59Z', code: 'expired', value: '2029-05-31T20:59:59Z' });
    } finally {
      p.clock.now = saved;
    }
  });

  it('reports the credential issuer among the projections, caught up', async () => {
    const status = await eventually(async () => {
      const res = await p.get('/certification/projections', p.as('aud-eva', 'auditor'));
      const issuer = res.body.find?.((s: { projection: string }) => s.projection === 'certification-credential-issuer');
      return issuer?.lag === 0 ? issuer : undefined;
    });
    expect(status).toMatchObject({ state: 'ok', checkpoint: status.head });
  });

  it('answers 404 for a certificate without a credential and for an unknown status list, 400 for a bad list id', async () => {
    expect((await p.get('/certificates/MIB-2026-999999/credential')).status).toBe(404);
    expect((await p.get('/credentials/status/7')).status).toBe(404);
    expect((await p.get('/credentials/status/abc')).status).toBe(400);
  });
});
