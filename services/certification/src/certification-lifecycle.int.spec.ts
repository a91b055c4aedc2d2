import { eventually } from '@banat/testing';
import { ApplicationCommand, applicationDecider, applicationStream } from './domain';
import { CommandMetadataFactory } from './application/command-metadata';
import { StreamCommands } from './application/stream-commands';
import { registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** The rest of the lifecycle over HTTP: appeal and a fresh decision, surveillance and renewal, and recovery of a lost issuing step. */
describe('certification lifecycle after the first decision', () => {
  let p: CertificationPlatform;
  const dm = (name: string) => p.as(name, 'decision-maker');

  beforeAll(async () => {
    p = await startCertificationPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it('a refusal appealed in time and upheld by an independent panel reopens the file; a new decision maker grants it; "as of" shows each stage', async () => {
    const org = await registerOrganisation(p, 'RS');
    p.clock.now = '2026-03-02T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    p.clock.now = '2026-03-03T10:00:00.000Z';
    expect((await p.post(`/applications/${id}/decision`, { outcome: 'refuse', reasons: ['evidence of origin unconvincing'] }, dm('dm-milan'))).status).toBe(200);
    p.clock.now = '2026-03-20T10:00:00.000Z';
    const appeal = await p.post(`/applications/${id}/appeals`, { appealId: 'appeal-1', grounds: 'supplier invoices were overlooked' }, secretariat(p));
    expect(appeal.status).toBe(201);
    const biased = await p.post(`/applications/${id}/appeals/appeal-1/decision`, { outcome: 'upheld', panel: ['expert-ro'], reasons: ['invoices convincing'] }, dm('dm-ana'));
    expect(biased.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'AppealDeciderNotIndependent' });
    p.clock.now = '2026-04-01T10:00:00.000Z';
    expect((await p.post(`/applications/${id}/appeals/appeal-1/decision`, { outcome: 'upheld', panel: ['panel-petar'], reasons: ['invoices convincing'] }, dm('dm-ana'))).status).toBe(200);
    const sameDecider = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['invoices convincing'] }, dm('dm-milan'));
    expect(sameDecider.body.rule).toBe('DecisionMakerNotIndependent');
    p.clock.now = '2026-04-02T10:00:00.000Z';
    const granted = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['invoices convincing'] }, dm('dm-jovana'));
    expect(granted.body).toMatchObject({ outcome: 'granted', certificateNumber: expect.stringMatching(/^MIB-2026-/) });

    const asOf = async (when: string) => (await p.get(`/applications/${id}/as-of?when=${when}`, p.as('aud-eva', 'auditor'))).body;
    expect(await asOf('2026-03-10')).toMatchObject({ status: 'refused', decision: { outcome: 'refused', decidedBy: 'dm-milan' } });
    expect(await asOf('2026-04-01')).toMatchObject({ status: 'reviewed', appeals: [{ appealId: 'appeal-1', outcome: 'upheld' }] });
    expect(await asOf('2026-04-02')).toMatchObject({ status: 'granted', decision: { decidedBy: 'dm-jovana' } });
    const stats = await p.get(`/statistics/made-in-banat?after=${granted.body.position}`);
    expect(stats.body.byCountry.RS).toMatchObject({ submitted: 1, refused: 1, granted: 1 });
  });

  it('records a surveillance finding and renews the certificate by three years from the end of its term', async () => {
    const org = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-05-04T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    const number = (await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-milan'))).body.certificateNumber;
    p.clock.now = '2027-05-10T09:00:00.000Z';
    const finding = await p.post(`/certificates/${number}/findings`, { source: 'surveillance', severity: 'observation', summary: 'labels applied correctly' }, p.as('expert-ro', 'expert'));
    expect(finding.status).toBe(201);
    // A renewal stands on a granted renewal assessment of the same holder and scheme.
    p.clock.now = '2029-04-15T09:00:00.000Z';
    const renewal = await reviewedFile(p, org);
    const other = await reviewedFile(p, await registerOrganisation(p, 'RO'));
    p.clock.now = '2029-04-20T09:00:00.000Z';
    const renew = (renewalApplicationId: string) => p.post(`/certificates/${number}/renewal`, { renewalApplicationId, reason: 'renewal assessment granted' }, dm('dm-milan'));
    expect((await renew('app-never-submitted')).body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'RenewalAssessmentNotGranted' });
    expect((await renew(renewal)).body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'RenewalAssessmentNotGranted', message: expect.stringContaining('reviewed') });
    expect((await renew(id)).body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'RenewalAssessmentAlreadyUsed' });
    for (const file of [renewal, other]) expect((await p.post(`/applications/${file}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-jovana'))).status).toBe(200);
    expect((await renew(other)).body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'RenewalAssessmentNotMatching', message: expect.stringContaining('holder') });
    const renewed = await renew(renewal);
    expect(renewed.status).toBe(200);
    const entry = await p.get(`/certificates/${number}?after=${renewed.body.position}`);
    expect(entry.body).toMatchObject({ status: 'active', validUntil: '2032-05-03', findings: 1, nextSurveillanceDue: '2028-05-10', renewedAt: '2029-04-20T09:00:00.000Z' });
  });

  it('numbers and dates a grant by the Bucharest calendar: 22:30 UTC on 31 December 2026 is already 2027', async () => {
    const org = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-12-30T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    p.clock.now = '2026-12-31T22:30:00.000Z';
    const granted = await p.post(`/applications/${id}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, dm('dm-milan'));
    expect(granted.body).toMatchObject({ outcome: 'granted', certificateNumber: expect.stringMatching(/^MIB-2027-\d{6}$/) });
    const entry = await p.get(`/certificates/${granted.body.certificateNumber}?after=${granted.body.position}`);
    expect(entry.body).toMatchObject({ validFrom: '2027-01-01', validUntil: '2029-12-31' });
  });

  it('issues the certificate of a grant whose issuing step was lost (a crash between the two appends)', async () => {
    const org = await registerOrganisation(p, 'RO');
    p.clock.now = '2026-06-01T09:00:00.000Z';
    const id = await reviewedFile(p, org);
    // Only the grant is appended, as if the service died before issuing: the certificate issuer must finish the job.
    const metadata = p.certification.get(CommandMetadataFactory).system('certification-service', 'lost-issue-grant');
    await p.certification.get(StreamCommands).handle(applicationDecider, applicationStream(id), (m): ApplicationCommand => ({
      type: 'GrantCertification',
      data: { applicationId: id, certificateNumber: 'MIB-2026-900001', reasons: ['every threshold met'] },
      metadata: { ...m, actor: 'dm-recovery', role: 'decision-maker' },
    }), metadata);
    const entry = await eventually(async () => {
      const res = await p.get('/certificates/MIB-2026-900001');
      return res.status === 200 ? res.body : undefined;
    });
    expect(entry).toMatchObject({ applicationId: id, status: 'active', holderOrganisationId: org });
    const history = await p.get('/certificates/MIB-2026-900001/history', p.as('aud-eva', 'auditor'));
    expect(history.body.map((e: { type: string; commandId: string }) => [e.type, e.commandId])).toEqual([['CertificateIssued', 'issue:lost-issue-grant']]);
  });
});
