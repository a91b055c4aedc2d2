import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyStatusList, encodeStatusList, statusValue, writeStatus } from '../services/certification/src/credentials/bitstring-status-list';
import { certificateCredential, statusListCredential } from '../services/certification/src/credentials/certificate-credential';
import { CredentialSigner } from '../services/certification/src/credentials/credential-signer';
import { runAudit } from './audit';

/** `audit credential verify`, offline, on files made here with a key of our own. */
describe('audit credential verify (offline)', () => {
  const ISSUER = 'https://made-in-banat.example';
  const dir = mkdtempSync(join(tmpdir(), 'banat-audit-credential-'));
  const files = { credential: join(dir, 'cred.jwt'), renewal: join(dir, 'renewal.jwt'), keys: join(dir, 'issuer.json'), valid: join(dir, 'list-valid.jwt'), withdrawn: join(dir, 'list-withdrawn.jwt') };

  beforeAll(async () => {
    const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const signer = await CredentialSigner.fromPem(pem);
    const certificate = {
      certificateNumber: 'MIB-2026-000001',
      holder: { organisationId: 'org-1', country: 'RO', region: 'RO-TM' },
      schemeId: 'made-in-banat',
      schemeVersion: 1,
      products: [{ name: 'Banat plum brandy', niceClass: 33 }],
      validFrom: '2026-06-01',
      validUntil: '2029-05-31',
      issuedAt: '2026-06-01T09:00:00.000Z',
    };
    writeFileSync(files.credential, await signer.sign(certificateCredential(ISSUER, certificate, { listId: '1', index: 7 })));
    // A renewal issued before its term: valid from the instant of issue, 12:00 in Bucharest.
    const renewal = { ...certificate, validFrom: '2029-06-01', validUntil: '2032-05-31', issuedAt: '2029-05-20T09:00:00.000Z' };
    writeFileSync(files.renewal, await signer.sign(certificateCredential(ISSUER, renewal, { listId: '1', index: 8 })));
    writeFileSync(files.keys, JSON.stringify({ issuer: ISSUER, jwks: signer.jwks() }));
    const list = (bits: Buffer) => signer.sign(statusListCredential(ISSUER, '1', encodeStatusList(bits), '2026-06-01T09:00:00Z'));
    writeFileSync(files.valid, await list(emptyStatusList()));
    writeFileSync(files.withdrawn, await list(writeStatus(emptyStatusList(), 7, statusValue('withdrawn'))));
  });

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAudit(argv, (l) => out.push(l), undefined, {}, (l) => err.push(l));
    return { code, out, err };
  };
  const verify = (list: string, ...extra: string[]) => run('credential', 'verify', files.credential, '--keys', files.keys, '--status-list', list, ...extra);

  it('shows "(valid)" only when verified', async () => {
    expect(await verify(files.valid, '--at', '2027-01-15T00:00:00Z')).toEqual({ code: 0, err: [], out: ['VERIFIED  MIB-2026-000001  (valid)', 'OK      signature', 'OK      issuer', 'OK      validity', LISTED('valid')] });
  });

  // A status list tells the status on its own date: with --at, the status check says which (here the list of 2026-06-01).
  const LISTED = (status: string) => `${status === 'valid' ? 'OK    ' : 'FAILED'}  status: ${status} as listed on 2026-06-01T09:00:00Z (the list's date, not --at; audit as-of gives the status on a past date)`;

  it('says with --at that the status is the status list’s, of the list’s own date, not the status on --at', async () => {
    // The certificate was withdrawn by the list of 2026-06-01: judged --at a day before it, the status said is still that list's.
    const before = await verify(files.withdrawn, '--at', '2026-06-01T08:00:00Z');
    expect(before.out.at(-1)).toBe(LISTED('withdrawn'));
    expect(JSON.parse((await verify(files.withdrawn, '--at', '2026-06-01T08:00:00Z', '--json')).out.join(''))).toMatchObject({ statusListedAt: '2026-06-01T09:00:00Z' });
    // Without --at (now): the status as the list has it, no remark.
    expect((await verify(files.valid)).out.at(-1)).toBe('OK      status');
  });

  it('shows the status as of --at when the dates fail: expired, not yet valid (never "valid" beside NOT VERIFIED)', async () => {
    const expired = await verify(files.valid, '--at', '2030-01-15T00:00:00Z');
    expect(expired.code).toBe(1);
    expect(expired.out).toEqual(['NOT VERIFIED  MIB-2026-000001  (expired)', 'OK      signature', 'OK      issuer', 'FAILED  validity: expired at 2029-05-31T20:59:59Z', LISTED('valid')]);
    expect((await verify(files.valid, '--at', '2026-01-15')).out[0]).toBe('NOT VERIFIED  MIB-2026-000001  (not yet valid)');
    const json = await verify(files.valid, '--at', '2030-01-15T00:00:00Z', '--json');
    expect(JSON.parse(json.out.join(''))).toMatchObject({ verified: false, status: 'expired' });
  });

  it('reads a bare --at day as the end of that day in Bucharest (the HTTP API\'s reading), an instant as itself', async () => {
    const status = async (credential: string, at: string) => (await run('credential', 'verify', credential, '--keys', files.keys, '--status-list', files.valid, '--at', at)).out[0];
    // The term's last day counts whole: the credential ends at its 23:59:59 there (2029-05-31T20:59:59Z).
    expect(await status(files.credential, '2029-05-31')).toBe('VERIFIED  MIB-2026-000001  (valid)');
    expect(await status(files.credential, '2029-05-31T20:59:59Z')).toBe('VERIFIED  MIB-2026-000001  (valid)');
    expect(await status(files.credential, '2029-05-31T21:00:00Z')).toBe('NOT VERIFIED  MIB-2026-000001  (expired)');
    expect(await status(files.credential, '2029-06-01')).toBe('NOT VERIFIED  MIB-2026-000001  (expired)');
    // Valid from 09:00Z on the day of issue: by that day's end, not at its start.
    expect(await status(files.renewal, '2029-05-20')).toBe('VERIFIED  MIB-2026-000001  (valid)');
    expect(await status(files.renewal, '2029-05-20T08:59:59Z')).toBe('NOT VERIFIED  MIB-2026-000001  (not yet valid)');
    expect(await status(files.renewal, '2029-05-19')).toBe('NOT VERIFIED  MIB-2026-000001  (not yet valid)');
  });

  it('shows what the status list says when it fails, and both when the dates fail too; nothing when neither says', async () => {
    expect((await verify(files.withdrawn, '--at', '2027-01-15T00:00:00Z')).out[0]).toBe('NOT VERIFIED  MIB-2026-000001  (withdrawn)');
    expect((await verify(files.withdrawn, '--at', '2030-01-15T00:00:00Z')).out[0]).toBe('NOT VERIFIED  MIB-2026-000001  (expired, withdrawn)');
    const otherIssuer = await verify(files.valid, '--issuer', 'https://elsewhere.example', '--at', '2027-01-15T00:00:00Z');
    expect(otherIssuer.out[0]).toBe('NOT VERIFIED  MIB-2026-000001');
    expect(JSON.parse((await verify(files.valid, '--issuer', 'https://elsewhere.example', '--json')).out.join(''))).not.toHaveProperty('status');
  });

  it('names the status list a credential needs when no --status-list file holds it, and where to save it from (exit 1)', async () => {
    const url = `${ISSUER}/api/v1/credentials/status/1`;
    const none = await run('credential', 'verify', files.credential, '--keys', files.keys, '--at', '2027-01-15T00:00:00Z');
    expect([none.code, none.out.at(-1)]).toEqual([1, `FAILED  status: status list ${url} is not among the --status-list files (none given); save it with: curl -o list.json ${url}`]);
    const json = await run('credential', 'verify', files.credential, '--keys', files.keys, '--json');
    expect(JSON.parse(json.out.join('')).checks).toContainEqual({ check: 'status', ok: false, code: 'status-list-missing', value: url, reason: expect.stringContaining('(none given)') });
  });

  it('says a missing --keys once, on stderr (exit 2), and as JSON on stdout with --json', async () => {
    expect(await run('credential', 'verify', files.credential)).toEqual({ code: 2, out: [], err: ["error: required option '--keys <file>' not specified"] });
    const json = await run('credential', 'verify', files.credential, '--json');
    expect([json.code, json.err]).toEqual([2, []]);
    expect(json.out.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'usage', message: "required option '--keys <file>' not specified" } }]);
  });

  it('names a file it cannot read (exit 4)', async () => {
    const missing = join(dir, 'nope.jwt');
    expect(await run('credential', 'verify', missing, '--keys', files.keys)).toEqual({ code: 4, out: [], err: [expect.stringMatching(new RegExp(`^error: cannot read the credential ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT`))] });
  });
});
