import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { AckPolicy, DeliverPolicy } from 'nats';
import { CertificationEvents, CertificationEventSchemas, PUBLIC_PREFIX } from '@banat/contracts';
import { PUBLIC_STREAM } from '@banat/messaging';
import { ExpiryScheduler } from './application/expiry-scheduler';
import { allEvidence, deactivatedOrganisation, expertOrganisations, fileUnderAssessment, historyLength, registerOrganisation, reviewedFile, scores, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** HTTP → gateway → NATS → decider → JetStream event store → projections → HTTP read, on real servers. */
describe('certification over HTTP', () => {
  let p: CertificationPlatform;
  const dm = (name = 'dm-milan') => p.as(name, 'decision-maker');
  const auditor = () => p.as('aud-eva', 'auditor');

  beforeAll(async () => {
    p = await startCertificationPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  type Published = { subject: string; msgId?: string; ce: any };

  /** The CloudEvents on the public certification subjects, read from the start with an ephemeral JetStream consumer until `enough`. */
  async function publicCertificationEvents(enough: (events: Published[]) => boolean): Promise<Published[]> {
    const jsm = await p.nc.jetstreamManager();
    const info = await jsm.consumers.add(PUBLIC_STREAM, { ack_policy: AckPolicy.None, deliver_policy: DeliverPolicy.All, filter_subject: `${PUBLIC_PREFIX}.certification.>`, inactive_threshold: 10_000_000_000 });
    const consumer = await p.nc.jetstream().consumers.get(PUBLIC_STREAM, info.name);
    const seen: Published[] = [];
    // Publishing trails the command by one projection step: keep fetching until the facts are there.
    while (!enough(seen)) {
      const batch = await consumer.fetch({ max_messages: 100, expires: 1000 });
      for await (const m of batch) seen.push({ subject: m.subject, msgId: m.headers?.get('Nats-Msg-Id'), ce: m.json() });
    }
    await jsm.consumers.delete(PUBLIC_STREAM, info.name);
    return seen;
  }
  const typesFor = (events: Published[], number: string) => events.filter((e) => e.ce.subject === number).map((e) => e.ce.type);

  let grantedNumber: string;
  let romanianOrg: string;

  it('takes a file from submission to grant; the certificate is in the public register, the file, the statistics and the workload', async () => {
    romanianOrg = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-01-10T10:00:00.000Z';
    const applicationId = await reviewedFile(p, romanianOrg);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
    expect(granted.status).toBe(200);
    expect(granted.body).toMatchObject({ outcome: 'granted', certificateNumber: expect.stringMatching(/^MIB-2026-\d{6}$/) });
    grantedNumber = granted.body.certificateNumber;
    const after = granted.body.position;

    const register = await p.get(`/register?holderOrganisationId=${romanianOrg}&after=${after}`);
    expect(register.status).toBe(200);
    expect(register.body.items).toEqual([
      expect.objectContaining({ certificateNumber: grantedNumber, applicationId, status: 'active', holderCountry: 'RO', holderRegion: 'RO-TM', schemeId: 'made-in-banat', validFrom: '2026-01-10', validUntil: '2029-01-09', issuedAt: '2026-01-10T10:00:00.000Z' }),
    ]);

    const file = await p.get(`/applications/${applicationId}?after=${after}`, secretariat(p));
    expect(file.body).toMatchObject({ status: 'granted', decision: { outcome: 'granted', decidedBy: 'dm-milan' } });
    expect(file.body.experts.map((e: { expertId: string; scores: unknown[] }) => [e.expertId, e.scores.length])).toEqual([['expert-ro', 7], ['expert-rs', 7]]);
    expect(file.body.history.map((h: { type: string }) => h.type)).toEqual([
      'ApplicationSubmitted', 'CompletenessConfirmed', 'ExpertAssigned', 'ExpertAssigned', 'ConflictOfInterestDeclared', 'ConflictOfInterestDeclared', 'ScoresSubmitted', 'ScoresSubmitted', 'ReviewCompleted', 'CertificationGranted',
    ]);

    const stats = await p.get(`/statistics/made-in-banat?after=${after}`);
    expect(stats.body.byRegion['RO-TM']).toMatchObject({ submitted: 1, granted: 1, refused: 0 });
    const workload = await p.get(`/experts/expert-ro/workload?after=${after}`, secretariat(p));
    expect(workload.body).toEqual([{ expertId: 'expert-ro', assigned: 1, scored: 1, removed: 0, open: 0, applicationIds: [applicationId] }]);
  });

  it('publishes the grant as a CloudEvent on banat.public.certification.>, valid against its JSON Schema, with a deterministic id', async () => {
    const events = await publicCertificationEvents((seen) => typesFor(seen, grantedNumber).length >= 1);
    const granted = events.find((e) => e.ce.subject === grantedNumber);
    expect(granted).toMatchObject({
      subject: `${PUBLIC_PREFIX}.${CertificationEvents.granted.subject}`,
      msgId: `certificate-${grantedNumber}-0`,
      ce: { id: `certificate-${grantedNumber}-0`, type: CertificationEvents.granted.type, specversion: '1.0' },
    });
    const ajv = new Ajv({ strict: false });
    addFormats(ajv);
    const validate = ajv.compile(CertificationEventSchemas[CertificationEvents.granted.type]);
    expect(validate(granted!.ce.data)).toBe(true);
    expect(granted!.ce.data).toMatchObject({ holderOrganisationId: romanianOrg, validUntil: '2029-01-09' });
  });

  it('suspends, restores and withdraws: the register and the "as of" answers between the steps are right', async () => {
    const steps: Array<[string, string, string]> = [
      ['2026-02-10T08:00:00.000Z', 'suspension', 'raw materials bought outside the region'],
      ['2026-03-10T08:00:00.000Z', 'restoration', 'regional suppliers documented'],
      ['2026-04-10T08:00:00.000Z', 'withdrawal', 'brand mark used on non-certified products'],
    ];
    const statuses: string[] = [];
    for (const [at, step, reason] of steps) {
      p.clock.now = at;
      const res = await p.post(`/certificates/${grantedNumber}/${step}`, { reason }, dm());
      expect(res.status).toBe(200);
      const entry = await p.get(`/certificates/${grantedNumber}?after=${res.body.position}`);
      statuses.push(entry.body.status);
    }
    expect(statuses).toEqual(['suspended', 'active', 'withdrawn']);
    const entry = await p.get(`/certificates/${grantedNumber}`);
    expect(entry.body).toMatchObject({ suspendedAt: '2026-02-10T08:00:00.000Z', restoredAt: '2026-03-10T08:00:00.000Z', withdrawnAt: '2026-04-10T08:00:00.000Z', statusReason: 'brand mark used on non-certified products' });

    const asOf = async (when: string) => (await p.get(`/certificates/${grantedNumber}/as-of?when=${encodeURIComponent(when)}`)).body;
    expect(await asOf('2026-01-09')).toMatchObject({ status: 'not-issued', inForce: false });
    expect(await asOf('2026-01-20')).toMatchObject({ status: 'active', inForce: true, validUntil: '2029-01-09' });
    expect(await asOf('2026-02-10T07:59:59.999Z')).toMatchObject({ status: 'active', inForce: true });
    expect(await asOf('2026-02-10')).toMatchObject({ status: 'suspended', inForce: false, statusReason: 'raw materials bought outside the region' });
    expect(await asOf('2026-03-01')).toMatchObject({ status: 'suspended', inForce: false });
    expect(await asOf('2026-03-20')).toMatchObject({ status: 'active', inForce: true });
    expect(await asOf('2026-04-20')).toMatchObject({ status: 'withdrawn', inForce: false });

    const facts = await publicCertificationEvents((seen) => typesFor(seen, grantedNumber).length >= 4);
    expect(typesFor(facts, grantedNumber)).toEqual([
      CertificationEvents.granted.type, CertificationEvents.suspended.type, CertificationEvents.restored.type, CertificationEvents.withdrawn.type,
    ]);
  });

  it('refuses a suspension of a withdrawn certificate with 422 CertificateWithdrawn and appends nothing', async () => {
    const before = await historyLength(p, `/certificates/${grantedNumber}`);
    const res = await p.post(`/certificates/${grantedNumber}/suspension`, { reason: 'again' }, dm());
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'CertificateWithdrawn' });
    expect(await historyLength(p, `/certificates/${grantedNumber}`)).toBe(before);
    expect(before).toBe(4);
  });

  it('answers malformed input with 400 naming the fields', async () => {
    const submission = await p.post('/applications', { organisationId: 'not-a-uuid', products: [{ name: '' }], declaredRegionalRawMaterialShare: 'most', evidence: [] }, secretariat(p));
    expect(submission.status).toBe(400);
    const fields = submission.body.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['schemeId', 'organisationId', 'products[0].name', 'declaredRegionalRawMaterialShare']));
    const badScore = await p.post('/applications/app-x/scores', { scores: [{ criterionId: 'competitiveness', score: 'high', justification: 'x' }] }, p.as('expert-ro', 'expert'));
    expect(badScore.status).toBe(400);
    expect(badScore.body.fields.map((f: { field: string }) => f.field)).toContain('scores[0].score');
  });

  it('refuses an application from an organisation the registry does not know: 422 ApplicantNotRegistered', async () => {
    const res = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: '1b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a', products: [{ name: 'Brandy' }], declaredRegionalRawMaterialShare: 0.7, evidence: allEvidence }, secretariat(p));
    expect(res.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'ApplicantNotRegistered' });
    expect(res.status).toBe(422);
  });

  it('documents the certification endpoints in the OpenAPI document', async () => {
    const doc = await p.get('/openapi.json');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/applications/{id}/decision', '/api/v1/certificates/{number}/suspension', '/api/v1/register', '/api/v1/statistics/{schemeId}', '/api/v1/experts/{expertId}/workload']));
  });

  it('refuses a command without an authenticated caller with 401', async () => {
    const res = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: romanianOrg, products: [{ name: 'Brandy' }], declaredRegionalRawMaterialShare: 0.7, evidence: allEvidence });
    expect(res.status).toBe(401);
  });

  describe('rule violations: 422 with the rule name, nothing appended', () => {
    let serbianOrg: string;
    beforeAll(async () => {
      p.clock.now = '2026-05-04T09:00:00.000Z';
      serbianOrg = await registerOrganisation(p, 'RS');
    });

    const refusedWithoutAppending = async (streamPath: string, send: () => Promise<{ status: number; body: any }>, rule: string) => {
      const before = await historyLength(p, streamPath);
      const res = await send();
      expect({ status: res.status, rule: res.body.rule }).toEqual({ status: 422, rule });
      expect(await historyLength(p, streamPath)).toBe(before);
    };

    it('a decision on an incomplete file: FileIncomplete', async () => {
      const submitted = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: serbianOrg, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence.slice(0, 1) }, secretariat(p));
      expect(submitted.status).toBe(201);
      const id = submitted.body.applicationId;
      await refusedWithoutAppending(`/applications/${id}`, () => p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['looks good'] }, dm()), 'FileIncomplete');
    });

    it('an expert whose organisation the registry does not know: ExpertOrganisationUnknown naming it; a malformed id: 400 naming the field', async () => {
      const submitted = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: serbianOrg, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence }, secretariat(p));
      expect(submitted.status).toBe(201);
      const id = submitted.body.applicationId;
      expect((await p.post(`/applications/${id}/completeness`, {}, secretariat(p))).status).toBe(200);
      const nobody = '0f8d7c6b-5a49-4e3d-9c2b-1a0f9e8d7c6b';
      const before = await historyLength(p, `/applications/${id}`);
      const unknown = await p.post(`/applications/${id}/experts`, { expertId: 'expert-ro', expertOrganisationId: nobody }, secretariat(p));
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'ExpertOrganisationUnknown', message: expect.stringContaining('expertOrganisationId'), details: { expertOrganisationId: nobody } });
      const malformed = await p.post(`/applications/${id}/experts`, { expertId: 'expert-ro', expertOrganisationId: 'org-uvt' }, secretariat(p));
      expect(malformed.status).toBe(400);
      expect(malformed.body.fields.map((f: { field: string }) => f.field)).toEqual(['expertOrganisationId']);
      expect(await historyLength(p, `/applications/${id}`)).toBe(before);
      // Not refused for some other reason: the same expert, from an organisation in the registry, is assigned.
      const known = await p.post(`/applications/${id}/experts`, { expertId: 'expert-ro', expertOrganisationId: (await expertOrganisations(p)).ro }, secretariat(p));
      expect([known.status, known.body.recorded]).toEqual([200, ['ExpertAssigned']]);
    });

    it('an expert whose organisation the registry has deactivated: ExpertOrganisationInactive naming it and its status, nothing appended', async () => {
      const submitted = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: serbianOrg, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence }, secretariat(p));
      expect(submitted.status).toBe(201);
      const id = submitted.body.applicationId;
      expect((await p.post(`/applications/${id}/completeness`, {}, secretariat(p))).status).toBe(200);
      const closed = await deactivatedOrganisation(p);
      const before = await historyLength(p, `/applications/${id}`);
      const refused = await p.post(`/applications/${id}/experts`, { expertId: 'expert-ro', expertOrganisationId: closed.id }, secretariat(p));
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({
        code: 'RULE_VIOLATED',
        rule: 'ExpertOrganisationInactive',
        message: expect.stringContaining(`expertOrganisationId ${closed.id}`),
        details: { expertOrganisationId: closed.id, status: 'deactivated', deactivatedAt: closed.deactivatedAt },
      });
      expect(await historyLength(p, `/applications/${id}`)).toBe(before);
      // Not refused for some other reason: the same expert, from an active organisation, is assigned.
      const active = await p.post(`/applications/${id}/experts`, { expertId: 'expert-ro', expertOrganisationId: (await expertOrganisations(p)).ro }, secretariat(p));
      expect([active.status, active.body.recorded]).toEqual([200, ['ExpertAssigned']]);
    });

    it('a score out of range: ScoreOutOfRange; an expert assessing twice: ExpertAlreadyScored', async () => {
      const org = await registerOrganisation(p, 'RO');
      const id = await fileUnderAssessment(p, org);
      await refusedWithoutAppending(`/applications/${id}`, () => p.post(`/applications/${id}/scores`, { scores: scores(7, { 'waste-management': 11 }) }, p.as('expert-ro', 'expert')), 'ScoreOutOfRange');
      expect((await p.post(`/applications/${id}/scores`, { scores: scores(7) }, p.as('expert-ro', 'expert'))).status).toBe(200);
      await refusedWithoutAppending(`/applications/${id}`, () => p.post(`/applications/${id}/scores`, { scores: scores(9) }, p.as('expert-ro', 'expert')), 'ExpertAlreadyScored');
    });

    it('a grant that misses a threshold: ThresholdNotMet, and no certificate number is spent', async () => {
      const org = await registerOrganisation(p, 'RO');
      const id = await reviewedFile(p, org, { 'waste-management': 3 });
      await refusedWithoutAppending(`/applications/${id}`, () => p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['close enough'] }, dm()), 'ThresholdNotMet');
      const next = await grantAnother();
      expect(next).toBe(`MIB-2026-${String(Number(grantedNumber.slice(-6)) + 1).padStart(6, '0')}`);
    });

    it('an appeal after its deadline: AppealDeadlinePassed', async () => {
      const org = await registerOrganisation(p, 'RO');
      const id = await reviewedFile(p, org, { 'waste-management': 3 });
      p.clock.now = '2026-05-05T09:00:00.000Z';
      expect((await p.post(`/applications/${id}/decision`, { outcome: 'refuse', reasons: ['waste management below threshold'] }, dm())).status).toBe(200);
      p.clock.now = '2026-06-05T09:00:00.000Z'; // 31 days later; the scheme allows 30
      await refusedWithoutAppending(`/applications/${id}`, () => p.post(`/applications/${id}/appeals`, { grounds: 'the site visit missed our new line' }, secretariat(p)), 'AppealDeadlinePassed');
    });

    async function grantAnother(): Promise<string> {
      const org = await registerOrganisation(p, 'RO');
      const id = await reviewedFile(p, org);
      const res = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
      return res.body.certificateNumber;
    }
  });

  it('two decisions on the same file at once: one wins, the other gets 409 and is not recorded', async () => {
    const org = await registerOrganisation(p, 'RO');
    const id = await reviewedFile(p, org);
    // The revision both decision makers saw: from the stream itself (the file read model may still be catching up).
    const seen = (await p.get(`/applications/${id}/history`, auditor())).body.length - 1;
    const [grant, refuse] = await Promise.all([
      p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'], expectedRevision: seen }, dm('dm-milan')),
      p.post(`/applications/${id}/decision`, { outcome: 'refuse', reasons: ['not convinced'], expectedRevision: seen }, dm('dm-jovana')),
    ]);
    expect([grant.status, refuse.status].sort()).toEqual([200, 409]);
    const loser = grant.status === 409 ? grant : refuse;
    expect(loser.body).toMatchObject({ code: 'CONFLICT' });
    const history = await p.get(`/applications/${id}/history`, auditor());
    expect(history.body.filter((e: { type: string }) => e.type.startsWith('Certification'))).toHaveLength(1);
  });

  it('a retried submission with the same commandId lands once and answers as the first time', async () => {
    const org = await registerOrganisation(p, 'RS');
    const body = { commandId: 'submit-rs-cheese-1', schemeId: 'made-in-banat', organisationId: org, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence };
    const first = await p.post('/applications', body, secretariat(p));
    const retry = await p.post('/applications', body, secretariat(p));
    expect(first.body).toMatchObject({ revision: 0, appended: 1, duplicate: false });
    expect(retry.body).toMatchObject({ applicationId: first.body.applicationId, revision: 0, position: first.body.position, appended: 0, duplicate: true });
    expect(await historyLength(p, `/applications/${first.body.applicationId}`)).toBe(1);
  });

  it('a commandId reused for another request is a 409 naming it, never answered with the first outcome; the record is unchanged', async () => {
    const org = await registerOrganisation(p, 'RO');
    const submission = { commandId: 'submit-ro-honey-1', schemeId: 'made-in-banat', organisationId: org, products: [{ name: 'Banat acacia honey' }], declaredRegionalRawMaterialShare: 0.9, evidence: allEvidence };
    const submitted = await p.post('/applications', submission, secretariat(p));
    expect(submitted.status).toBe(201);
    const otherProducts = await p.post('/applications', { ...submission, products: [{ name: 'Banat linden honey' }] }, secretariat(p));
    expect(otherProducts).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { commandId: 'submit-ro-honey-1' } } });
    expect(await historyLength(p, `/applications/${submitted.body.applicationId}`)).toBe(1);

    const id = await reviewedFile(p, org);
    const refusal = { outcome: 'refuse', reasons: ['not convinced'], commandId: `decide-${id}` };
    const refused = await p.post(`/applications/${id}/decision`, refusal, dm());
    expect(refused).toMatchObject({ status: 200, body: { outcome: 'refused', appended: 1 } });
    // The same request again is a retry, also when sent on the revision it made (a client that re-read the file).
    for (const retry of [refusal, { ...refusal, expectedRevision: refused.body.revision }]) {
      expect(await p.post(`/applications/${id}/decision`, retry, dm())).toMatchObject({ status: 200, body: { appended: 0, duplicate: true } });
    }
    const before = await p.get(`/applications/${id}/history`, auditor());
    // A grant under the refusal's commandId: before this, a 200 with `duplicate: true` that read as "granted".
    for (const reuse of [{ ...refusal, outcome: 'grant', reasons: ['every threshold met'] }, { ...refusal, reasons: ['not convinced at all'] }]) {
      const reply = await p.post(`/applications/${id}/decision`, reuse, dm());
      expect(reply).toMatchObject({ status: 409, body: { code: 'CONFLICT', details: { commandId: `decide-${id}` } } });
      expect(reply.body.message).toMatch(/another request/);
    }
    expect((await p.get(`/applications/${id}/history`, auditor())).body).toEqual(before.body);
    expect(before.body.at(-1)).toMatchObject({ type: 'CertificationRefused', commandId: `decide-${id}` });
  });

  it('the service itself expires a certificate once its validity has ended, and says so publicly', async () => {
    const org = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-07-01T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    const granted = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm());
    const number = granted.body.certificateNumber;
    await p.get(`/certificates/${number}?after=${granted.body.position}`);
    const scheduler = p.certification.get(ExpiryScheduler);
    const lastEvent = async () => (await p.get(`/certificates/${number}/history`, auditor())).body.at(-1);
    p.clock.now = '2029-06-30T12:00:00.000Z'; // the last day of validity: not yet due
    await scheduler.runOnce();
    expect((await lastEvent()).type).toBe('CertificateIssued');
    p.clock.now = '2029-07-01T00:30:00.000Z';
    expect(await scheduler.runOnce()).toBeGreaterThanOrEqual(1);
    const expired = await lastEvent();
    expect(expired).toMatchObject({ type: 'CertificateExpired', actor: 'scheduler', data: { expiredOn: '2029-07-01' } });
    const entry = await p.get(`/certificates/${number}?after=${expired.position}`);
    expect(entry.body).toMatchObject({ status: 'expired', expiredOn: '2029-07-01' });
    const facts = await publicCertificationEvents((seen) => typesFor(seen, number).length >= 2);
    expect(typesFor(facts, number)).toEqual([CertificationEvents.granted.type, CertificationEvents.expired.type]);
  });
});
