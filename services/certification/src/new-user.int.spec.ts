import { allEvidence, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** What a new user met over HTTP (issue 12): each point through the gateway on real servers. */
describe('a new user over HTTP', () => {
  let p: CertificationPlatform;
  let organisationId: string;
  const dm = (name = 'dm-milan') => p.as(name, 'decision-maker');

  beforeAll(async () => {
    p = await startCertificationPlatform();
    organisationId = await registerOrganisation(p, 'RO');
  });
  afterAll(async () => {
    await p?.stop();
  });

  const submit = (body: Record<string, unknown> = {}) =>
    p.post('/applications', { schemeId: 'made-in-banat', organisationId, products: [{ name: 'Banat plum brandy', niceClass: 33 }], declaredRegionalRawMaterialShare: 0.7, evidence: allEvidence, ...body }, secretariat(p));

  it('reads its own writes: one file or certificate, right after the command, without ?after=', async () => {
    for (let i = 0; i < 10; i++) {
      const submitted = await submit();
      expect(submitted.status).toBe(201);
      const id = submitted.body.applicationId;
      const read = await p.get(`/applications/${id}`, secretariat(p));
      expect(read.status).toBe(200);
      expect(read.body.revision).toBe(submitted.body.revision);
      const checked = await p.post(`/applications/${id}/completeness`, {}, secretariat(p));
      expect(checked.status).toBe(200);
      const again = await p.get(`/applications/${id}`, secretariat(p));
      expect(again.body).toMatchObject({ revision: checked.body.revision, status: 'complete' });
    }
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
    expect(granted.status).toBe(200);
    const certificate = await p.get(`/certificates/${granted.body.certificateNumber}`);
    expect(certificate.status).toBe(200);
    expect(certificate.body).toMatchObject({ status: 'active', applicationId });
    const suspended = await p.post(`/certificates/${granted.body.certificateNumber}/suspension`, { reason: 'surveillance finding' }, dm('dm-ana'));
    expect(suspended.status).toBe(200);
    expect((await p.get(`/certificates/${granted.body.certificateNumber}`)).body.status).toBe('suspended');
  });

  it('answers each command with the outcome it recorded: complete, or returned-incomplete with what is missing', async () => {
    const complete = await submit();
    const checked = await p.post(`/applications/${complete.body.applicationId}/completeness`, {}, secretariat(p));
    expect(checked.body).toMatchObject({ outcome: 'complete', missingEvidence: [], appended: 1 });

    const partial = await submit({ evidence: [{ kind: 'product-description', ref: 'doc-1' }] });
    const returned = await p.post(`/applications/${partial.body.applicationId}/completeness`, { commandId: 'completeness-partial' }, secretariat(p));
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ outcome: 'returned-incomplete', missingEvidence: ['raw-material-origin', 'financial-statement'] });
    // A retry answers the same outcome, from the first call.
    const retried = await p.post(`/applications/${partial.body.applicationId}/completeness`, { commandId: 'completeness-partial' }, secretariat(p));
    expect(retried.body).toMatchObject({ duplicate: true, outcome: 'returned-incomplete', missingEvidence: ['raw-material-origin', 'financial-statement'] });
  });

  it('does not claim an expected revision the caller never sent: two decisions at once, one granted, the other refused by the rule', async () => {
    const applicationId = await reviewedFile(p, organisationId);
    const decisions = await Promise.all([
      p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-milan')),
      p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-ana')),
    ]);
    const statuses = decisions.map((d) => d.status).sort();
    expect(statuses[0]).toBe(200);
    const loser = decisions.find((d) => d.status !== 200)!;
    expect(loser.body.details?.expectedRevision).toBeUndefined();
    expect(loser.status).toBe(422);
  });

  it('spends certificate numbers only on issued certificates: no gap after a lost race', async () => {
    const raced = await reviewedFile(p, organisationId);
    const decisions = await Promise.all(['dm-milan', 'dm-ana', 'dm-ion'].map((who) => p.post(`/applications/${raced}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm(who))));
    expect(decisions.filter((d) => d.status === 200)).toHaveLength(1);
    const next = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${next}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
    expect(granted.status).toBe(200);
    const register = await p.get(`/register?schemeId=made-in-banat&pageSize=100&after=${granted.body.position}`);
    const sequences = register.body.items.map((c: { certificateNumber: string }) => Number(c.certificateNumber.slice(-6)));
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, i) => i + 1));
  });

  it('refuses at submission a regional raw-material share below the scheme\'s minimum, naming the rule', async () => {
    const refused = await submit({ declaredRegionalRawMaterialShare: 0.4 });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'RegionalRawMaterialShareTooLow' });
  });
});
