import { allEvidence, expertOrganisations, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
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

  let clusterIds = ['23456708', '23456716', '23456724'];
  const registerCluster = async (): Promise<string> => {
    const value = clusterIds[0];
    clusterIds = clusterIds.slice(1);
    const res = await p.post('/organisations', { kind: 'cluster', name: { en: `Banat cluster ${value}` }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value } }, secretariat(p));
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const escaEvidence = [{ kind: 'cluster-profile', ref: 'doc-c1' }, { kind: 'benchmarking-questionnaire', ref: 'doc-c2' }];

  /** An ESCA Bronze file up to its review, the experts' work done on `assessedAt`. */
  async function reviewedLabel(clusterId: string, body: Record<string, unknown>, assessedAt: string): Promise<string> {
    const submitted = await p.post('/applications', { schemeId: 'esca-bronze', organisationId: clusterId, evidence: escaEvidence, ...body }, secretariat(p));
    expect(submitted.status).toBe(201);
    const id = submitted.body.applicationId;
    p.clock.now = assessedAt;
    const { rs: expertOrganisationId } = await expertOrganisations(p);
    for (const [path, payload, who] of [
      [`/applications/${id}/completeness`, {}, secretariat(p)],
      [`/applications/${id}/experts`, { expertId: 'expert-eu', expertOrganisationId }, secretariat(p)],
      [`/applications/${id}/conflict-declarations`, { hasConflict: false, statement: 'none' }, p.as('expert-eu', 'expert')],
      [`/applications/${id}/scores`, { scores: [{ criterionId: 'benchmarking', score: 60, justification: 'questionnaire complete' }] }, p.as('expert-eu', 'expert')],
      [`/applications/${id}/review`, { remarks: 'procedure followed' }, p.as('reviewer-ion', 'secretariat')],
    ] as const) {
      const res = await p.post(path, payload, who);
      expect([path, res.status, res.body]).toEqual([path, 200, expect.anything()]);
    }
    return id;
  }

  const submit = (body: Record<string, unknown> = {}) =>
    p.post('/applications', { schemeId: 'made-in-banat', organisationId, products: [{ name: 'Banat plum brandy', niceClass: 33 }], declaredRegionalRawMaterialShare: 0.7, evidence: allEvidence, ...body }, secretariat(p));

  it('reads its own writes: one file, certificate or complaint, right after the command, without ?after=', async () => {
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
    const lodged = await p.post('/complaints', { certificateNumber: granted.body.certificateNumber, complainant: { name: 'Piața Timișoara SRL', contact: 'buyer@piata.example' }, grounds: 'sold outside the brand rules' });
    expect(lodged.status).toBe(201);
    const acknowledged = await p.post(`/complaints/${lodged.body.complaintId}/acknowledgement`, {}, secretariat(p));
    expect(acknowledged.status).toBe(200);
    expect((await p.get(`/complaints/${lodged.body.complaintId}`, secretariat(p))).body).toMatchObject({ status: 'acknowledged', revision: acknowledged.body.revision });
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

    // Any command names what it recorded: a declared conflict also removed the expert.
    const id = complete.body.applicationId;
    const assigned = await p.post(`/applications/${id}/experts`, { expertId: 'expert-hu', expertOrganisationId: (await expertOrganisations(p)).ro }, secretariat(p));
    expect(assigned.status).toBe(200);
    const declared = await p.post(`/applications/${id}/conflict-declarations`, { hasConflict: true, statement: 'I advised the applicant last year' }, p.as('expert-hu', 'expert'));
    expect(declared.body.recorded).toEqual(['ConflictOfInterestDeclared', 'ExpertRemoved']);
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

  it('never makes a certificate valid before its grant: ESCA counts the term from the month of assessment, the validity from the decision', async () => {
    const clusterId = await registerCluster();
    const id = await reviewedLabel(clusterId, {}, '2026-02-03T10:00:00.000Z');
    p.clock.now = '2026-03-10T09:00:00.000Z';
    const granted = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['benchmarking completed'] }, dm());
    expect(granted.status).toBe(200);
    const certificate = await p.get(`/certificates/${granted.body.certificateNumber}`);
    expect(certificate.body).toMatchObject({ validFrom: '2026-03-10', validUntil: '2028-01-31' });
    const before = await p.get(`/certificates/${granted.body.certificateNumber}/as-of?when=2026-03-01`);
    expect(before.body.inForce).toBe(false);
  });

  it('gives ESCA labels to clusters only, and asks each scheme only for its own fields', async () => {
    const sme = await p.post('/applications', { schemeId: 'esca-bronze', organisationId, evidence: escaEvidence }, secretariat(p));
    expect(sme.status).toBe(422);
    expect(sme.body).toMatchObject({ rule: 'ApplicantKindNotEligible', message: expect.stringContaining('cluster') });
    const cluster = await p.post('/applications', { schemeId: 'esca-bronze', organisationId: await registerCluster(), evidence: escaEvidence }, secretariat(p));
    expect(cluster.status).toBe(201);
    const noShare = await submit({ declaredRegionalRawMaterialShare: undefined });
    expect(noShare.status).toBe(422);
    expect(noShare.body).toMatchObject({ rule: 'RegionalRawMaterialShareRequired' });
    const noProducts = await submit({ products: undefined });
    expect(noProducts.body).toMatchObject({ rule: 'NoProductsDeclared' });
  });

  it('names in the certificate\'s own history who decided the grant, beside the service that issued it', async () => {
    const applicationId = await reviewedFile(p, organisationId);
    p.clock.now = '2026-03-12T11:00:00.000Z';
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-vesna'));
    expect(granted.status).toBe(200);
    const history = await p.get(`/certificates/${granted.body.certificateNumber}/history`, p.as('aud-eva', 'auditor'));
    expect(history.body[0]).toMatchObject({
      type: 'CertificateIssued',
      actor: 'certification-service',
      data: { grantedBy: { actor: 'dm-vesna', role: 'decision-maker', at: '2026-03-12T11:00:00.000Z', applicationId } },
    });
  });

  it('shows each holder\'s name, country and region in the public register, filtered by parameters named as its fields', async () => {
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
    expect(granted.status).toBe(200);
    const register = await p.get(`/register?holderCountry=RO&holderRegion=RO-TM&certificateNumber=${granted.body.certificateNumber}&after=${granted.body.position}`);
    expect(register.status).toBe(200);
    expect(register.body.items).toEqual([
      expect.objectContaining({ certificateNumber: granted.body.certificateNumber, holderName: { en: expect.stringContaining('Banat producer RO') }, holderCountry: 'RO', holderRegion: 'RO-TM' }),
    ]);
    expect((await p.get(`/register?holderCountry=RS&certificateNumber=${granted.body.certificateNumber}`)).body.items).toEqual([]);
    const unknown = await p.get('/register?holderCountry=XX');
    expect(unknown.status).toBe(400);
    expect(unknown.body.fields).toEqual([expect.objectContaining({ field: 'holderCountry' })]);
  });

  it.each([['/organisations'], ['/exhibition/booths']])('refuses on %s a search text made only of punctuation or spaces (400 naming q), never matching everything', async (path) => {
    for (const q of ['%20%20', '!!!', '-', '%22%27%2C.%3B']) {
      const res = await p.get(`${path}?q=${q}`);
      expect([q, res.status]).toEqual([q, 400]);
      expect(res.body.fields).toEqual([expect.objectContaining({ field: 'q' })]);
    }
    expect((await p.get('/organisations?q=Banat')).status).toBe(200);
  });

  it('names every missing required field at once, each once, as the caller sent it (not legalId.kind for a missing legalId)', async () => {
    const res = await p.post('/organisations', { kind: 'sme', country: 'RO' }, secretariat(p));
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([
      { field: 'name', reason: 'name is required' },
      { field: 'region', reason: 'region is required' },
      { field: 'legalId', reason: 'legalId is required' },
    ]);
    const application = await p.post('/applications', {}, secretariat(p));
    expect(application.body.fields).toEqual([
      { field: 'schemeId', reason: 'schemeId is required' },
      { field: 'organisationId', reason: 'organisationId is required' },
      { field: 'evidence', reason: 'evidence is required' },
    ]);
  });
});
