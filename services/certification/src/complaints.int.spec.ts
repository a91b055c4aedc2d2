import { createHash } from 'node:crypto';
import { canonicalJson } from '@banat/event-store';
import { historyLength, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** A complaint from the public, handled through its own stream, upheld into a finding on the certificate. */
describe('complaints over HTTP', () => {
  let p: CertificationPlatform;
  let certificateNumber: string;
  const complaint = () => ({ certificateNumber, complainant: { name: 'Piața Timișoara SRL', contact: 'buyer@piata.example' }, grounds: 'the brandy sold under the brand was distilled outside Banat' });

  beforeAll(async () => {
    p = await startCertificationPlatform({ env: { COMPLAINT_THROTTLE_LIMIT: '100' } });
    const organisationId = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-01-10T10:00:00.000Z';
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
    if (granted.status !== 200) throw new Error(`grant refused: ${JSON.stringify(granted.body)}`);
    certificateNumber = granted.body.certificateNumber;
    // The certificate is issued by a projector after the grant: wait until its stream exists.
    for (let i = 0; i < 100 && (await historyLength(p, `/certificates/${certificateNumber}`)) === 0; i++) await new Promise((r) => setTimeout(r, 100));
  });
  afterAll(async () => {
    await p?.stop();
  });

  /** Lodged without a token, acknowledged, an investigator assigned and the investigation recorded. */
  async function investigatedComplaint(): Promise<string> {
    p.clock.now = '2026-02-02T09:00:00.000Z';
    const lodged = await p.post('/complaints', complaint());
    expect(lodged.status).toBe(201);
    const id: string = lodged.body.complaintId;
    for (const [path, body, who] of [
      [`/complaints/${id}/acknowledgement`, {}, secretariat(p)],
      [`/complaints/${id}/investigator`, { investigatorId: 'expert-dana' }, secretariat(p)],
      [`/complaints/${id}/investigation`, { summary: 'supplier invoices show distilling in Arad' }, p.as('expert-dana', 'expert')],
    ] as const) {
      const res = await p.post(path, body, who);
      expect([path, res.status, res.body]).toEqual([path, 200, expect.anything()]);
    }
    return id;
  }

  it('a buyer complains without a token; upheld by an independent decision maker, it becomes a complaint finding on the certificate', async () => {
    const id = await investigatedComplaint();
    p.clock.now = '2026-02-20T09:00:00.000Z';
    const decided = await p.post(`/complaints/${id}/decision`, { outcome: 'upheld', reasons: ['distilled outside the region'], findingSeverity: 'major' }, p.as('dm-ana', 'decision-maker'));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ outcome: 'upheld', appended: 1, finding: { appended: 1 } });

    const view = await p.get(`/complaints/${id}`, p.as('aud-eva', 'auditor'));
    expect(view.body).toMatchObject({
      status: 'decided',
      certificateNumber,
      lodgedBy: 'public',
      decideBy: '2026-04-03',
      investigatorId: 'expert-dana',
      decision: { outcome: 'upheld', decidedBy: 'dm-ana', decidedWithinDeadline: true, findingSeverity: 'major' },
    });
    const history = await p.get(`/complaints/${id}/history`, p.as('aud-eva', 'auditor'));
    expect(history.body.map((e: { type: string; role: string }) => [e.type, e.role])).toEqual([
      ['ComplaintLodged', 'public'],
      ['ComplaintAcknowledged', 'secretariat'],
      ['ComplaintInvestigatorAssigned', 'secretariat'],
      ['ComplaintInvestigated', 'expert'],
      ['ComplaintDecided', 'decision-maker'],
    ]);
    const certificate = await p.get(`/certificates/${certificateNumber}/history`, p.as('aud-eva', 'auditor'));
    const findings = certificate.body.filter((e: { type: string }) => e.type === 'SurveillanceFindingRecorded');
    expect(findings).toEqual([expect.objectContaining({ actor: 'dm-ana', data: expect.objectContaining({ source: 'complaint', severity: 'major', findingId: `complaint-${id}` }) })]);

    // Deciding again, under a new command id, is refused and records no second finding.
    const again = await p.post(`/complaints/${id}/decision`, { outcome: 'upheld', reasons: ['distilled outside the region'], commandId: 'never-used' }, p.as('dm-ana', 'decision-maker'));
    expect(again).toMatchObject({ status: 422, body: { rule: 'ComplaintAlreadyDecided' } });
    expect(await historyLength(p, `/certificates/${certificateNumber}`)).toBe(certificate.body.length);
  });

  it('a retried decision (same command id) answers as the first and records the finding once', async () => {
    const id = await investigatedComplaint();
    const body = { outcome: 'upheld', reasons: ['labels misleading'], commandId: `decide-${id}` };
    const first = await p.post(`/complaints/${id}/decision`, body, p.as('dm-ana', 'decision-maker'));
    const retry = await p.post(`/complaints/${id}/decision`, body, p.as('dm-ana', 'decision-maker'));
    expect(first.body).toMatchObject({ appended: 1, finding: { appended: 1, duplicate: false } });
    expect(retry.body).toMatchObject({ appended: 0, duplicate: true, finding: { appended: 0, duplicate: true } });
    const certificate = await p.get(`/certificates/${certificateNumber}/history`, p.as('aud-eva', 'auditor'));
    expect(certificate.body.filter((e: { data: { findingId?: string } }) => e.data.findingId === `complaint-${id}`)).toHaveLength(1);
  });

  it('a decision sent again under its commandId with another outcome is a 409: the first decision and its finding stand alone', async () => {
    const id = await investigatedComplaint();
    const upheld = { outcome: 'upheld', reasons: ['labels misleading'], commandId: `decide-${id}` };
    expect(await p.post(`/complaints/${id}/decision`, upheld, p.as('dm-ana', 'decision-maker'))).toMatchObject({ status: 200, body: { outcome: 'upheld', appended: 1 } });
    const complaintHistory = await historyLength(p, `/complaints/${id}`);
    const certificateHistory = await historyLength(p, `/certificates/${certificateNumber}`);
    const rejected = await p.post(`/complaints/${id}/decision`, { ...upheld, outcome: 'rejected', reasons: ['no evidence'] }, p.as('dm-ana', 'decision-maker'));
    expect(rejected).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { commandId: `decide-${id}` } } });
    expect((await p.get(`/complaints/${id}`, p.as('aud-eva', 'auditor'))).body.decision).toMatchObject({ outcome: 'upheld', reasons: ['labels misleading'] });
    expect([await historyLength(p, `/complaints/${id}`), await historyLength(p, `/certificates/${certificateNumber}`)]).toEqual([complaintHistory, certificateHistory]);
  });

  it('the decision maker who granted the certificate may not decide a complaint about it: 422 and nothing appended', async () => {
    const id = await investigatedComplaint();
    const before = await historyLength(p, `/complaints/${id}`);
    const res = await p.post(`/complaints/${id}/decision`, { outcome: 'upheld', reasons: ['distilled outside the region'] }, p.as('dm-milan', 'decision-maker'));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'ComplaintDeciderNotIndependent' });
    expect(await historyLength(p, `/complaints/${id}`)).toBe(before);
  });

  it('nor investigate it: 422 InvestigatorNotIndependent', async () => {
    const lodged = await p.post('/complaints', complaint());
    await p.post(`/complaints/${lodged.body.complaintId}/acknowledgement`, {}, secretariat(p));
    const res = await p.post(`/complaints/${lodged.body.complaintId}/investigator`, { investigatorId: 'dm-milan' }, secretariat(p));
    expect(res).toMatchObject({ status: 422, body: { rule: 'InvestigatorNotIndependent' } });
  });

  it('answers malformed input with 400 naming the fields', async () => {
    const res = await p.post('/complaints', { certificateNumber: 'not-a-number', complainant: { name: '' }, grounds: 42 });
    expect(res.status).toBe(400);
    expect(res.body.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['certificateNumber', 'complainant.name', 'complainant.contact', 'grounds']));
    const decision = await p.post('/complaints/some-complaint/decision', { outcome: 'maybe', reasons: [] }, p.as('dm-ana', 'decision-maker'));
    expect(decision.status).toBe(400);
    expect(decision.body.fields.map((f: { field: string }) => f.field)).toContain('outcome');
  });

  it('a complaint about a certificate never issued is refused: 422', async () => {
    const res = await p.post('/complaints', { ...complaint(), certificateNumber: 'MIB-2026-999999' });
    expect(res).toMatchObject({ status: 422, body: { rule: 'ComplaintAboutUnknownCertificate' } });
  });

  it('only the named roles handle a complaint; the public reads nothing', async () => {
    const lodged = await p.post('/complaints', complaint());
    expect((await p.get(`/complaints/${lodged.body.complaintId}`)).status).toBe(401);
    expect((await p.post(`/complaints/${lodged.body.complaintId}/acknowledgement`, {}, p.as('expert-dana', 'expert'))).status).toBe(403);
  });

  it("a commandId reused by another visitor with other words gets a complaint of its own: never the first one's id, nor told it was recorded", async () => {
    p.clock.now = '2026-02-03T09:00:00.000Z';
    const first = await p.post('/complaints', { ...complaint(), commandId: '1' });
    expect(first.status).toBe(201);
    const retry = await p.post('/complaints', { ...complaint(), commandId: '1' });
    expect(retry.body).toMatchObject({ complaintId: first.body.complaintId, appended: 0 });
    const other = await p.post('/complaints', { certificateNumber, complainant: { name: 'Another Buyer', contact: 'other@buyer.example' }, grounds: 'labels in the shop were misleading', commandId: '1' });
    expect(other.status).toBe(201);
    expect(other.body.complaintId).not.toBe(first.body.complaintId);
    expect(other.body.appended).toBe(1);
    const firstFile = await p.get(`/complaints/${first.body.complaintId}`, p.as('aud-eva', 'auditor'));
    expect(firstFile.body.grounds).toBe(complaint().grounds);
    expect(await historyLength(p, `/complaints/${first.body.complaintId}`)).toBe(1);
  });

  it("a complaint's id holds its complainant only under their key: once erased, a guess of who complained is not confirmed by the id", async () => {
    p.clock.now = '2026-02-04T09:00:00.000Z';
    const complainant = { name: 'Ilona Kovács', contact: 'ilona.kovacs@example.hu' };
    const lodging = { certificateNumber, complainant, grounds: 'the cheese was ripened in Szeged', commandId: 'ilona-1' };
    const first = await p.post('/complaints', lodging);
    expect(first).toMatchObject({ status: 201, body: { appended: 1 } });
    expect(await p.post('/complaints', lodging)).toMatchObject({ status: 201, body: { complaintId: first.body.complaintId, appended: 0, duplicate: true } });
    // What anyone holding the history could compute from a guessed complainant with the fields the history shows in clear.
    const guess = `cmp-${createHash('sha256').update(`complaint\u0000public\u0000ilona-1\u0000${canonicalJson({ certificateNumber, grounds: lodging.grounds, complainant })}`).digest('hex').slice(0, 24)}`;
    expect(first.body.complaintId).not.toBe(guess);

    expect(await p.post('/personal-data/erasure', { contact: complainant.contact }, secretariat(p))).toMatchObject({ status: 200, body: { erased: [expect.any(String)] } });
    // The key that bound the id to her is gone: the same lodging now reaches a complaint of its own, and the first one stays as it was.
    const after = await p.post('/complaints', lodging);
    expect(after).toMatchObject({ status: 201, body: { appended: 1 } });
    expect(after.body.complaintId).not.toBe(first.body.complaintId);
    expect(await historyLength(p, `/complaints/${first.body.complaintId}`)).toBe(1);
  });
});
