import { eventually } from '@banat/testing';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';
import { registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';

/**
 * Scaling out: command-only replicas (CERTIFICATION_PROJECTORS=off) in the certification queue
 * group beside the one that projects. Commands land on any replica; the expected revision at
 * append keeps them consistent, and a read "after" a position waits on the stored checkpoint.
 */
describe('certification with command-only replicas', () => {
  let p: CertificationPlatform;
  beforeAll(async () => {
    p = await startCertificationPlatform({ commandReplicas: 2 });
  });
  afterAll(async () => p?.stop());

  it('takes files to a decision through any replica, and every read after a command sees it', async () => {
    const organisations = await Promise.all([registerOrganisation(p, 'RO'), registerOrganisation(p, 'RS')]);
    for (const organisationId of organisations) {
      const applicationId = await reviewedFile(p, organisationId);
      const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
      expect(granted.status).toBe(200);
      // Several reads: each may be answered by a replica that does not project.
      for (let i = 0; i < 4; i++) {
        const entry = await p.get(`/certificates/${granted.body.certificateNumber}?after=${granted.body.position}`);
        expect(entry.body).toMatchObject({ status: 'active', holderOrganisationId: organisationId });
        const file = await p.get(`/applications/${applicationId}?after=${granted.body.position}`, secretariat(p));
        expect(file.body.status).toBe('granted');
      }
    }
  });

  it("lists the public register from each replica's copy: a read after a command sees it, and one without catches up within a second", async () => {
    const organisationId = await registerOrganisation(p, 'RS');
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker'));
    const number = granted.body.certificateNumber;
    const mine = (after?: number, status?: string) => p.get(`/register?holderOrganisationId=${organisationId}${status ? `&status=${status}` : ''}${after ? `&after=${after}` : ''}`);
    for (let i = 0; i < 4; i++) {
      const page = await mine(granted.body.position);
      expect(page.status).toBe(200);
      expect(page.body).toMatchObject({ total: 1, items: [{ certificateNumber: number, status: 'active' }] });
    }
    const suspended = await p.post(`/certificates/${number}/suspension`, { reason: 'surveillance found a lapse' }, p.as('dm-milan', 'decision-maker'));
    expect(suspended.status).toBe(200);
    for (let i = 0; i < 4; i++) {
      expect((await mine(suspended.body.position, 'active')).body).toMatchObject({ total: 0, items: [] });
      expect((await mine(suspended.body.position, 'suspended')).body).toMatchObject({ total: 1, items: [{ certificateNumber: number, status: 'suspended' }] });
    }
    const withdrawn = await p.post(`/certificates/${number}/withdrawal`, { reason: 'the lapse was not corrected' }, p.as('dm-milan', 'decision-maker'));
    expect(withdrawn.status).toBe(200);
    // Without `after`: every replica shows it within a second or so (each reads back at most once a second, REGISTER_STALENESS_MS).
    const started = Date.now();
    await eventually(async () => {
      const pages = await Promise.all(Array.from({ length: 4 }, () => mine(undefined, 'withdrawn')));
      return pages.every((page) => page.body.total === 1) || undefined;
    }, 100, 20);
    expect(Date.now() - started).toBeLessThan(5_000);
    const entry = (await mine(withdrawn.body.position)).body.items[0];
    expect(entry).not.toHaveProperty('_position');
    expect(entry).not.toHaveProperty('_positionSpan');
  });

  it('keeps a stream consistent when replicas race on it: every finding is recorded once, in one unbroken history', async () => {
    const organisationId = await registerOrganisation(p, 'RO');
    const applicationId = await reviewedFile(p, organisationId);
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['ok'] }, p.as('dm-milan', 'decision-maker'));
    const number = granted.body.certificateNumber;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => p.post(`/certificates/${number}/findings`, { source: 'surveillance', severity: 'observation', summary: `visit ${i}` }, secretariat(p))),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(201));
    const history = await p.get(`/certificates/${number}/history`, p.as('aud-eva', 'auditor'));
    const revisions = history.body.map((e: { revision: number }) => e.revision);
    expect(revisions).toEqual(revisions.map((_: number, i: number) => i));
    expect(history.body.filter((e: { type: string }) => e.type === 'SurveillanceFindingRecorded')).toHaveLength(20);
  });

  it('reports every projection\'s lag from the stored checkpoints, whichever replica answers, reaching 0 once caught up', async () => {
    const auditor = p.as('aud-eva', 'auditor');
    expect((await p.get('/certification/projections')).status).toBe(401);
    const caughtUp = await eventually(async () => {
      const res = await p.get('/certification/projections', auditor);
      return res.status === 200 && res.body.every((s: { lag: number }) => s.lag === 0) ? res.body : undefined;
    }, 100, 100);
    expect(caughtUp.map((s: { projection: string }) => s.projection).sort()).toEqual([
      'certification-application-files',
      'certification-certificate-issuer',
      'certification-expert-workload',
      'certification-public-facts',
      'certification-register',
      'certification-scheme-statistics',
    ]);
    expect(caughtUp.every((s: { checkpoint: number; head: number }) => s.checkpoint === s.head && s.head > 0)).toBe(true);
  });
});
