import { generateKeyPairSync } from 'node:crypto';
import { verifyJWS } from 'did-jwt';
import { decodeJwt } from 'jose';
import { createService, loadConfig } from '@banat/messaging';
import { eventually } from '@banat/testing';
import { CertificationModule } from './certification.module';
import { registerOrganisation, reviewedFile } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** Certificates granted (and suspended) before credentials existed get theirs by replay of the history. */
describe('verifiable certificates for certificates granted before the feature', () => {
  let p: CertificationPlatform;
  beforeAll(async () => {
    p = await startCertificationPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a service started with a signing key issues credentials for the earlier grants, with their current status', async () => {
    const dm = p.as('dm-milan', 'decision-maker');
    p.clock.now = '2026-06-01T09:00:00.000Z';
    const numbers: string[] = [];
    const orgs: string[] = [];
    for (const country of ['RO', 'RS'] as const) {
      orgs.push(await registerOrganisation(p, country));
      const id = await reviewedFile(p, orgs[orgs.length - 1]);
      numbers.push((await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm)).body.certificateNumber);
    }
    expect((await p.post(`/certificates/${numbers[1]}/suspension`, { reason: 'labels misused' }, dm)).status).toBe(200);
    // Without a key there is no credential to be had.
    expect((await p.get(`/certificates/${numbers[0]}/credential`)).status).toBe(503);

    // The keyless service is replaced by one with the programme's key: its projector replays the history.
    await p.certification.close();
    const key = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const config = loadConfig({ ...p.config, CREDENTIAL_SIGNING_KEY: key, CREDENTIAL_ISSUER: 'https://made-in-banat.example' });
    await p.start(await createService('certification', (c) => CertificationModule.forRoot(c, { clock: () => p.clock.now, expiryIntervalMs: 0 }), config));

    const verified = await Promise.all(
      numbers.map((number) =>
        eventually(async () => {
          const res = await p.get(`/certificates/${number}/credential`);
          if (res.status !== 200) return undefined;
          const result = await p.post('/credentials/verify', { credential: res.body.credential });
          return result.body.status ? { number, jwt: res.body.credential as string, ...result.body } : undefined;
        }),
      ),
    );
    expect(verified.map((v) => [v.number, v.verified, v.status])).toEqual([[numbers[0], true, 'valid'], [numbers[1], false, 'suspended']]);
    expect(verified.map((v) => JSON.parse(Buffer.from(v.jwt.split('.')[0], 'base64url').toString()).alg)).toEqual(['ES256', 'ES256']);
    // P-256 too verifies with a second library against the published DID document.
    const { didDocument } = (await p.get('/credentials/issuer')).body;
    for (const v of verified) expect(verifyJWS(v.jwt, didDocument.verificationMethod).id).toBe(didDocument.assertionMethod[0]);
    expect(verified.map((v) => (decodeJwt(v.jwt).credentialStatus as { statusListIndex: string }).statusListIndex)).toEqual(['0', '1']);

    // A renewal re-issues the credential for the new term, at the same status index, valid from the renewal on.
    p.clock.now = '2029-04-15T09:00:00.000Z';
    const renewal = await reviewedFile(p, orgs[0]);
    expect((await p.post(`/applications/${renewal}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm)).status).toBe(200);
    p.clock.now = '2029-04-20T09:00:00.000Z';
    expect((await p.post(`/certificates/${numbers[0]}/renewal`, { renewalApplicationId: renewal, reason: 'renewal assessment granted' }, dm)).status).toBe(200);
    const renewed = await eventually(async () => {
      const res = await p.get(`/certificates/${numbers[0]}/credential`);
      const credential = decodeJwt(res.body.credential);
      return credential.validUntil === '2032-05-31T20:59:59Z' ? { jwt: res.body.credential as string, credential } : undefined;
    });
    expect(renewed.credential).toMatchObject({ validFrom: '2029-04-20T09:00:00Z', credentialStatus: { statusListIndex: '0' } });
    expect((await p.post('/credentials/verify', { credential: renewed.jwt })).body).toMatchObject({ verified: true, status: 'valid' });
  });
});
