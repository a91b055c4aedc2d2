import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { CertificationSubjects as S } from '@banat/contracts';
import { SignJWT } from 'jose';
import type { CallerIdentity } from '@banat/messaging';
import { signedIdentityHeader, testIdentityKeys } from '@banat/testing';
import { allEvidence, expertOrganisations, fileUnderAssessment, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** Who may read which application file, on the real endpoints and on the bus behind them (issue 6). */
describe('application files: a member sees its own, an expert those assigned to them, staff all, the public none', () => {
  let p: CertificationPlatform;
  let orgA: string;
  let orgB: string;
  let fileA: string;
  let fileB: string;
  /** Position of the last event of every file set up so far: reads with `after` see all of them. */
  let settled: number;

  const memberOf = (org: string, actor = `member-${org.slice(0, 4)}`) => p.as(actor, 'member', org);
  const auditor = () => p.as('aud-eva', 'auditor');
  const body = (organisationId: string, extra: Record<string, unknown> = {}) => ({
    schemeId: 'made-in-banat', organisationId, products: [{ name: 'Banat honey' }], declaredRegionalRawMaterialShare: 0.9, evidence: allEvidence, ...extra,
  });
  const lastPosition = async (applicationId: string): Promise<number> => (await p.get(`/applications/${applicationId}/history`, auditor())).body.at(-1).position;
  const read = (applicationId: string, who: Record<string, string>, what = '') => p.get(`/applications/${applicationId}${what}?after=${settled}`, who);
  const reads = ['', '/history', '/as-of'] as const;
  const readAll = async (applicationId: string, who: Record<string, string>) =>
    Promise.all(reads.map(async (what) => (await p.get(`/applications/${applicationId}${what}${what === '/as-of' ? '?when=2030-01-01' : ''}`, who)).status));

  /** A Nest request straight onto the bus, with the caller's identity signed as the gateway would sign it. */
  async function onTheBus(subject: string, data: unknown, caller: CallerIdentity): Promise<{ err?: { code: string; message: string }; response?: any }> {
    return rawOnTheBus(subject, data, Object.keys(caller).length ? await signedIdentityHeader(subject, caller) : {});
  }

  /** The same, with whatever headers another bus user cares to set. */
  async function rawOnTheBus(subject: string, data: unknown, headers: Record<string, string>): Promise<{ err?: { code: string; message: string }; response?: any }> {
    const h = natsHeaders();
    for (const [k, v] of Object.entries(headers)) h.set(k, v);
    const reply = await p.nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { headers: h, timeout: 8000 });
    return reply.json();
  }

  beforeAll(async () => {
    p = await startCertificationPlatform();
    p.clock.now = '2026-01-12T09:00:00.000Z';
    [orgA, orgB] = [await registerOrganisation(p, 'RO'), await registerOrganisation(p, 'RO')];
    fileA = await fileUnderAssessment(p, orgA);
    fileB = await fileUnderAssessment(p, orgB);
    settled = Math.max(await lastPosition(fileA), await lastPosition(fileB));
  });
  afterAll(async () => {
    await p?.stop();
  });

  describe('members', () => {
    it('read their own organisation\'s file, its history and its "as of"; another organisation\'s is a 403 FORBIDDEN', async () => {
      const own = await read(fileA, memberOf(orgA));
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ applicationId: fileA, applicant: { organisationId: orgA } });
      expect(await readAll(fileA, memberOf(orgA))).toEqual([200, 200, 200]);

      const other = await read(fileB, memberOf(orgA));
      expect(other.status).toBe(403);
      expect(other.body).toMatchObject({ code: 'FORBIDDEN', message: 'a member organisation sees only its own applications' });
      expect(await readAll(fileB, memberOf(orgA))).toEqual([403, 403, 403]);
    });

    it('list only their own organisation\'s files, even when the query names another organisation', async () => {
      const own = await p.get(`/applications?after=${settled}`, memberOf(orgA));
      expect(own.status).toBe(200);
      expect(own.body.items.map((f: { applicationId: string }) => f.applicationId)).toEqual([fileA]);
      const widened = await p.get(`/applications?organisationId=${orgB}&after=${settled}`, memberOf(orgA));
      expect(widened.body).toMatchObject({ total: 1, items: [{ applicationId: fileA }] });
      // Staff still see both organisations' files.
      const all = await p.get(`/applications?after=${settled}`, secretariat(p));
      expect(all.body.items.map((f: { applicationId: string }) => f.applicationId)).toEqual(expect.arrayContaining([fileA, fileB]));
    });

    it('submit only for their own organisation: another\'s is a 403 and nothing is appended', async () => {
      const own = await p.post('/applications', body(orgA), memberOf(orgA));
      expect(own.status).toBe(201);
      const afterOwn = (await p.get(`/applications/${own.body.applicationId}/history`, auditor())).body;
      expect(afterOwn).toEqual([expect.objectContaining({ type: 'ApplicationSubmitted', actor: `member-${orgA.slice(0, 4)}`, role: 'member' })]);

      const foreign = await p.post('/applications', body(orgB, { applicationId: 'app-foreign-by-member' }), memberOf(orgA));
      expect(foreign.status).toBe(403);
      expect(foreign.body).toMatchObject({ code: 'FORBIDDEN' });
      expect((await p.get('/applications/app-foreign-by-member/history', auditor())).status).toBe(404);
    });

    it('own their command ids: another organisation reusing one gets its own file, or a 409 — never the first caller\'s file or success', async () => {
      const commandId = `shared-key-${randomUUID()}`;
      const first = await p.post('/applications', body(orgA, { commandId }), memberOf(orgA));
      expect(first.status).toBe(201);
      const retry = await p.post('/applications', body(orgA, { commandId }), memberOf(orgA));
      expect(retry.body).toMatchObject({ applicationId: first.body.applicationId, duplicate: true });

      const other = await p.post('/applications', body(orgB, { commandId }), memberOf(orgB));
      expect(other.status).toBe(201);
      expect(other.body).toMatchObject({ duplicate: false, appended: 1 });
      expect(other.body.applicationId).not.toBe(first.body.applicationId);
      expect((await p.get(`/applications/${other.body.applicationId}?after=${other.body.position}`, memberOf(orgB))).body).toMatchObject({ applicant: { organisationId: orgB } });
      // Aimed at the first caller's file by its id, the reused key is a conflict, not a success.
      const aimed = await p.post('/applications', body(orgB, { commandId, applicationId: first.body.applicationId }), memberOf(orgB));
      expect(aimed.status).toBe(409);
      expect(aimed.body).toMatchObject({ code: 'CONFLICT' });
      expect(JSON.stringify(aimed.body)).not.toContain(orgA);
      expect((await p.get(`/applications/${first.body.applicationId}/history`, auditor())).body).toHaveLength(1);
    });

    it('change only their own files: a supplement to another\'s is a 403, to their own reaches the decider', async () => {
      const before = (await p.get(`/applications/${fileB}/history`, auditor())).body.length;
      const foreign = await p.post(`/applications/${fileB}/supplements`, { evidence: [{ kind: 'product-description', ref: 'doc-9' }] }, memberOf(orgA));
      expect(foreign.status).toBe(403);
      expect((await p.get(`/applications/${fileB}/history`, auditor())).body).toHaveLength(before);
      // Own file, but not returned incomplete: the member got past the ownership check to the domain's rule.
      const own = await p.post(`/applications/${fileA}/supplements`, { evidence: [{ kind: 'product-description', ref: 'doc-9' }] }, memberOf(orgA));
      expect(own.status).toBe(422);
    });
  });

  describe('experts', () => {
    it('read the files assigned to them and no other', async () => {
      expect((await read(fileA, p.as('expert-ro', 'expert'))).status).toBe(200);
      expect(await readAll(fileA, p.as('expert-ro', 'expert'))).toEqual([200, 200, 200]);
      const stranger = await read(fileA, p.as('expert-hu', 'expert'));
      expect(stranger.status).toBe(403);
      expect(stranger.body).toMatchObject({ code: 'FORBIDDEN', message: 'an expert sees only the files assigned to them' });
      expect(await readAll(fileA, p.as('expert-hu', 'expert'))).toEqual([403, 403, 403]);
    });

    it('no longer see a file once removed for a declared conflict of interest', async () => {
      const submitted = await p.post('/applications', body(orgB), secretariat(p));
      const id: string = submitted.body.applicationId;
      expect((await p.post(`/applications/${id}/completeness`, {}, secretariat(p))).status).toBe(200);
      const assigned = await p.post(`/applications/${id}/experts`, { expertId: 'expert-cz', expertOrganisationId: (await expertOrganisations(p)).ro }, secretariat(p));
      expect((await p.get(`/applications/${id}?after=${assigned.body.position}`, p.as('expert-cz', 'expert'))).status).toBe(200);

      const declared = await p.post(`/applications/${id}/conflict-declarations`, { hasConflict: true, statement: 'I advised the applicant last year' }, p.as('expert-cz', 'expert'));
      expect(declared.status).toBe(200);
      const after = declared.body.position;
      expect((await p.get(`/applications/${id}?after=${after}`, p.as('expert-cz', 'expert'))).status).toBe(403);
      expect(await readAll(id, p.as('expert-cz', 'expert'))).toEqual([403, 403, 403]);
      const listed = await p.get(`/applications?after=${after}`, p.as('expert-cz', 'expert'));
      expect(listed.body).toMatchObject({ total: 0, items: [] });
      // Staff still see the file, with the expert gone from it.
      const file = await p.get(`/applications/${id}?after=${after}`, secretariat(p));
      expect(file.body.experts).toEqual([]);
    });

    it('list only the files assigned to them, even when the query names another expert', async () => {
      const listed = await p.get(`/applications?expertId=expert-cz&after=${settled}`, p.as('expert-ro', 'expert'));
      expect(listed.status).toBe(200);
      expect(listed.body.items.map((f: { applicationId: string }) => f.applicationId).sort()).toEqual([fileA, fileB].sort());
      for (const f of listed.body.items) expect(f.experts.map((e: { expertId: string }) => e.expertId)).toContain('expert-ro');
    });

    it('read their own workload, not another expert\'s', async () => {
      expect((await p.get('/experts/expert-ro/workload', p.as('expert-ro', 'expert'))).status).toBe(200);
      expect((await p.get('/experts/expert-rs/workload', p.as('expert-ro', 'expert'))).status).toBe(403);
    });
  });

  it('lets staff read every file: auditor, decision maker, secretariat', async () => {
    for (const who of [auditor(), p.as('dm-milan', 'decision-maker'), secretariat(p)]) {
      expect(await readAll(fileB, who)).toEqual([200, 200, 200]);
    }
  });

  it('answers the public (no token) 401 on files, their history, their "as of" and the listing', async () => {
    expect(await readAll(fileA, {})).toEqual([401, 401, 401]);
    expect((await p.get('/applications')).status).toBe(401);
  });

  describe('on the bus, around the gateway', () => {
    it('refuses a member naming another organisation with FORBIDDEN, for the file, its history and its "as of"', async () => {
      const caller = { actor: 'maria', role: 'member', org: orgB };
      const replies = await Promise.all([
        onTheBus(S.getApplication, { applicationId: fileA }, caller),
        onTheBus(S.applicationHistory, { applicationId: fileA }, caller),
        onTheBus(S.applicationAsOf, { applicationId: fileA, when: '2030-01-01' }, caller),
      ]);
      for (const reply of replies) {
        expect(reply.err).toMatchObject({ code: 'FORBIDDEN' });
        expect(reply.response).toBeUndefined();
      }
      // The same headers with the right organisation are answered: the refusal is the organisation check.
      const own = await onTheBus(S.getApplication, { applicationId: fileA }, { ...caller, org: orgA });
      expect(own.response).toMatchObject({ applicationId: fileA });
    });

    it('narrows a member\'s listing to its organisation and refuses a caller without a role', async () => {
      const listed = await onTheBus(S.listApplications, { organisationId: orgA, after: settled }, { actor: 'maria', role: 'member', org: orgB });
      expect(listed.response.items.length).toBeGreaterThan(0);
      for (const f of listed.response.items) expect(f.applicant.organisationId).toBe(orgB);
      const anonymous = await onTheBus(S.listApplications, {}, {});
      expect(anonymous.err).toMatchObject({ code: 'FORBIDDEN' });
      const noOrg = await onTheBus(S.getApplication, { applicationId: fileA }, { actor: 'maria', role: 'member' });
      expect(noOrg.err).toMatchObject({ code: 'FORBIDDEN' });
    });

    it('refuses an identity another bus user makes up, UNAUTHENTICATED, and appends nothing; the gateway\'s signed requests work', async () => {
      const submitted = await p.post('/applications', body(orgB), secretariat(p));
      const applicationId: string = submitted.body.applicationId;
      const command = { applicationId };
      const forgeries: Record<string, Record<string, string>> = {
        'plain headers': { 'x-actor': 'mallory', 'x-role': 'secretariat' },
        'a made-up assertion': { 'x-identity': 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZSI6InNlY3JldGFyaWF0In0.c2ln', 'x-role': 'secretariat' },
        'an assertion signed with another key': { 'x-identity': await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('mallory').setIssuer('banat-gateway').setAudience(S.checkCompleteness).setIssuedAt().setExpirationTime('1m').sign(generateKeyPairSync('ed25519').privateKey) },
        'an assertion for another subject': await signedIdentityHeader(S.getApplication, { actor: 'sec-ana', role: 'secretariat' }),
        'an expired assertion': { 'x-identity': await new SignJWT({ role: 'secretariat' }).setProtectedHeader({ alg: 'EdDSA' }).setSubject('sec-ana').setIssuer('banat-gateway').setAudience(S.checkCompleteness).setIssuedAt(Math.floor(Date.now() / 1000) - 600).setExpirationTime(Math.floor(Date.now() / 1000) - 300).sign(createPrivateKey(testIdentityKeys.IDENTITY_PRIVATE_KEY)) },
      };
      for (const [forgery, headers] of Object.entries(forgeries)) {
        const reply = await rawOnTheBus(S.checkCompleteness, command, headers);
        expect([forgery, reply.err?.code, reply.response]).toEqual([forgery, 'UNAUTHENTICATED', undefined]);
      }
      // The same request with no caller at all is anonymous: a command needs someone.
      expect((await rawOnTheBus(S.checkCompleteness, command, {})).err).toMatchObject({ code: 'UNAUTHENTICATED' });
      expect((await p.get(`/applications/${applicationId}/history`, auditor())).body).toHaveLength(1);

      const signed = await onTheBus(S.checkCompleteness, command, { actor: 'sec-ana', role: 'secretariat' });
      expect(signed.err).toBeUndefined();
      expect(signed.response).toMatchObject({ appended: 1 });
      const history = await p.get(`/applications/${applicationId}/history`, auditor());
      expect(history.body.map((e: { type: string; actor: string; role: string }) => [e.type, e.actor, e.role])).toEqual([
        ['ApplicationSubmitted', 'sec-ana', 'secretariat'],
        ['CompletenessConfirmed', 'sec-ana', 'secretariat'],
      ]);
    });
  });

  describe('public endpoints: drafts are never public', () => {
    it('the register holds only issued certificates, with no application file data', async () => {
      const draftOrg = await registerOrganisation(p, 'RO');
      const draft = await p.post('/applications', body(draftOrg), memberOf(draftOrg));
      expect(draft.status).toBe(201);
      const grantedOrg = await registerOrganisation(p, 'RO');
      const reviewed = await reviewedFile(p, grantedOrg);
      const granted = await p.post(`/applications/${reviewed}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
      expect(granted.status).toBe(200);
      const after = Math.max(granted.body.position, draft.body.position);

      expect((await p.get(`/register?holderOrganisationId=${draftOrg}&after=${after}`)).body).toMatchObject({ total: 0, items: [] });
      const register = await p.get(`/register?pageSize=100&after=${after}`);
      expect(register.status).toBe(200);
      expect(register.body.items.map((e: { certificateNumber: string }) => e.certificateNumber)).toEqual([granted.body.certificateNumber]);
      const publicFields = ['certificateNumber', 'applicationId', 'status', 'holderOrganisationId', 'holderName', 'holderCountry', 'holderRegion', 'schemeId', 'schemeVersion', 'products', 'validFrom', 'validUntil', 'issuedAt', 'suspendedAt', 'restoredAt', 'withdrawnAt', 'expiredOn', 'renewedAt', 'statusReason', 'statusSince', 'nextSurveillanceDue', 'findings', 'revision'];
      for (const entry of register.body.items) {
        expect(publicFields).toEqual(expect.arrayContaining(Object.keys(entry)));
        expect(entry.status).toBe('active');
      }
      const text = JSON.stringify(register.body);
      for (const fileOnly of [draft.body.applicationId, fileA, fileB, 'expert-ro', 'site visit notes', 'doc-2', 'declaredRegionalRawMaterialShare']) expect(text).not.toContain(fileOnly);

      const certificate = await p.get(`/certificates/${granted.body.certificateNumber}/as-of?when=2030-01-01`);
      expect(certificate.status).toBe(200);
      expect(JSON.stringify(certificate.body)).not.toMatch(/expert-ro|site visit notes|doc-2|scores|evidence/);
    });

    it('the schemes and statistics carry no application file', async () => {
      const schemes = await p.get('/schemes');
      const statistics = await p.get('/statistics/made-in-banat');
      expect([schemes.status, statistics.status]).toEqual([200, 200]);
      for (const text of [JSON.stringify(schemes.body), JSON.stringify(statistics.body)]) {
        for (const fileOnly of [fileA, fileB, orgA, orgB, 'expert-ro', 'site visit notes']) expect(text).not.toContain(fileOnly);
      }
    });
  });
});
