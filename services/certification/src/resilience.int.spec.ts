import { CertificationSubjects, type ProjectionStatusView } from '@banat/contracts';
import { ANY, JetStreamEventStore } from '@banat/event-store';
import type { ProjectorRunner } from '@banat/projections';
import { eventually, httpGet, signedIdentityHeader } from '@banat/testing';
import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';
import { ExpiryScheduler } from './application/expiry-scheduler';
import { REGISTER_PROJECTOR } from './read-models/projectors';
import { allEvidence, expertOrganisations, registerOrganisation, reviewedFile, secretariat } from '../test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';

/** Abuse and availability on real servers: bounded reads-after, lag in events, outages and poison events reported. */
describe('certification under abuse and outages', () => {
  let p: CertificationPlatform;
  let store: JetStreamEventStore;
  const auditor = () => p.as('aud-eva', 'auditor');
  const statusOverRpc = async (data: object = {}): Promise<ProjectionStatusView[]> => {
    const subject = CertificationSubjects.projections;
    // As the gateway asks it for an auditor: the service answers only the secretariat and auditors.
    const h = natsHeaders();
    for (const [k, v] of Object.entries(await signedIdentityHeader(subject, { actor: 'aud-eva', role: 'auditor' }))) h.set(k, v);
    const reply = await p.nc.request(subject, JSON.stringify({ pattern: subject, data, id: randomUUID() }), { timeout: 8000, headers: h });
    return reply.json<{ response: ProjectionStatusView[] }>().response;
  };
  const statusOf = (all: ProjectionStatusView[], name: string) => all.find((s) => s.projection === name)!;

  beforeAll(async () => {
    p = await startCertificationPlatform();
    store = await JetStreamEventStore.connect({ connection: p.nc });
  });
  afterAll(async () => {
    await p?.stop();
  });

  async function grantedCertificate(): Promise<{ number: string; position: number }> {
    const applicationId = await reviewedFile(p, await registerOrganisation(p));
    const granted = await p.post(`/applications/${applicationId}/decision`, { outcome: 'grant', reasons: ['ok'] }, p.as('dm-milan', 'decision-maker'));
    expect(granted.status).toBe(200);
    return { number: granted.body.certificateNumber, position: granted.body.position };
  }

  it('refuses a read "after" a position beyond the head of the history with 400 naming the field, without waiting', async () => {
    const { number, position } = await grantedCertificate();
    expect((await p.get(`/certificates/${number}?after=${position}`)).status).toBe(200);
    const head = await store.headPosition();
    for (const path of [`/certificates/${number}?after=${head + 1}`, `/register?after=${head + 1_000_000}`]) {
      const res = await p.get(path);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'after', reason: expect.stringContaining('beyond the head') }] });
    }
  });

  it('reports projection lag in events, over RPC and HTTP, not in position units', async () => {
    const register = p.certification.get<ProjectorRunner>(REGISTER_PROJECTOR);
    await register.stop(); // the register falls behind while the other read models go on
    const checkpoint = (await register.status()).checkpoint;
    const { number } = await grantedCertificate();
    await p.post(`/certificates/${number}/findings`, { source: 'surveillance', severity: 'observation', summary: 'visit' }, secretariat(p));
    const head = await store.headPosition();
    const behind = (await store.readAll({ fromPosition: checkpoint })).filter((e) => e.position <= head).length;
    expect(behind).toBeGreaterThanOrEqual(2);
    expect(head - checkpoint).toBeGreaterThan(1024); // the position difference would be no count of events

    const overHttp = await p.get('/certification/projections', auditor());
    expect(overHttp.status).toBe(200);
    expect(statusOf(overHttp.body, 'certification-register')).toMatchObject({ checkpoint, head, lag: behind, state: 'ok' });
    expect(statusOf(await statusOverRpc(), 'certification-register')).toMatchObject({ checkpoint, head, lag: behind, state: 'ok' });
    // What /ready asks: without counting the lag (a read of the history's tail).
    const light = statusOf(await statusOverRpc({ lag: false }), 'certification-register');
    expect(light).toMatchObject({ checkpoint, head, state: 'ok' });
    expect(light.lag).toBeUndefined();

    await register.start();
    await register.waitUntilCaughtUp();
    const caughtUp = await eventually(async () => {
      const res = await p.get('/certification/projections', auditor());
      return statusOf(res.body, 'certification-register').lag === 0 ? res.body : undefined;
    });
    expect(statusOf(caughtUp, 'certification-register')).toMatchObject({ lag: 0, state: 'ok' });
  });

  it('the expiry scheduler outlives a database outage: the failed pass is logged, the next tick works', async () => {
    const scheduler = p.certification.get(ExpiryScheduler);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      await p.servers.mongo.kill();
      await expect(scheduler.runOnce()).rejects.toThrow(); // the pass itself cannot read the register...
      await expect(scheduler.tick()).resolves.toBeUndefined(); // ...but the timer's tick never rejects
      await p.servers.mongo.restart();
      p.clock.now = '2035-01-01T00:00:00.000Z'; // every certificate granted above is past its term
      const expired = await eventually(async () => scheduler.runOnce().catch(() => undefined), 60, 500);
      expect(expired).toBeGreaterThanOrEqual(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a poison event halts its projection, reported with position and error by the projections status and /ready (503)', async () => {
    // Written straight into the history: an event no command would produce, which the register cannot apply.
    const { position } = await store.appendToStream('certificate-POISON-1', [{ type: 'SurveillanceFindingRecorded', data: { certificateNumber: { not: 'a number' } } }], {
      expectedRevision: ANY,
      metadata: { commandId: 'poison-1', correlationId: 'poison-1', actor: 'test', role: 'secretariat' },
    });
    const failed = await eventually(async () => {
      const res = await p.get('/certification/projections', auditor());
      const register = statusOf(res.body, 'certification-register');
      return register.state === 'failed' ? register : undefined;
    }, 150, 200);
    expect(failed.failure).toMatchObject({ position, streamId: 'certificate-POISON-1', eventType: 'SurveillanceFindingRecorded', error: expect.stringMatching(/cast/i) });
    expect(failed.checkpoint).toBeLessThan(position);
    expect(failed.lag).toBeGreaterThanOrEqual(1);
    expect(statusOf(await statusOverRpc(), 'certification-register')).toMatchObject({ state: 'failed', failure: { position } });

    // A read waiting on the halted read model is a 503 naming it, never the poison event's error (operators read it above).
    const waiting = await p.get(`/register?after=${position}`);
    expect(waiting.status).toBe(503);
    expect(waiting.body).toMatchObject({ code: 'UNAVAILABLE', message: expect.stringContaining('certification-register') });
    expect(JSON.stringify(waiting.body)).not.toMatch(/cast|SurveillanceFindingRecorded|POISON|position \d+:/i);

    // The gateway's probe asks the status as its own caller (the service answers only the secretariat and auditors),
    // whoever asks /ready: anyone is told which projection halted, an auditor also where and why.
    const ready = await httpGet(`${p.origin}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.details['certification-projections']).toMatchObject({ status: 'down', failed: [expect.objectContaining({ projection: 'certification-register' })] });
    const forAuditor = await httpGet(`${p.origin}/ready`, { authorization: `Bearer ${await issueLocalToken(p.config, { sub: 'aud-eva', role: 'auditor' })}` });
    expect(forAuditor.status).toBe(503);
    expect(forAuditor.body.details['certification-projections']).toMatchObject({
      status: 'down',
      failed: [expect.objectContaining({ projection: 'certification-register', position, error: expect.stringMatching(/cast/i) })],
    });
  });

  // Last: the registry stays down.
  it('with the registry down, assigning an expert is still judged on the file: an unknown one 404, an incomplete one 422, a retry its first answer', async () => {
    p.clock.now = '2026-06-01T09:00:00.000Z';
    const { ro: expertOrganisationId } = await expertOrganisations(p);
    const applicant = await registerOrganisation(p, 'RS');
    const incomplete = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: applicant, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence }, secretariat(p));
    expect(incomplete.status).toBe(201);
    const complete = await p.post('/applications', { schemeId: 'made-in-banat', organisationId: applicant, products: [{ name: 'Banat cheese' }], declaredRegionalRawMaterialShare: 0.8, evidence: allEvidence }, secretariat(p));
    expect((await p.post(`/applications/${complete.body.applicationId}/completeness`, {}, secretariat(p))).status).toBe(200);
    const assignment = { commandId: 'assign-expert-ro-1', expertId: 'expert-ro', expertOrganisationId };
    const first = await p.post(`/applications/${complete.body.applicationId}/experts`, assignment, secretariat(p));
    expect([first.status, first.body.recorded]).toEqual([200, ['ExpertAssigned']]);

    await p.registry.close();
    const registryDown = await p.get(`/organisations/${expertOrganisationId}`, secretariat(p));
    expect([registryDown.status, registryDown.body.code]).toEqual([503, 'UNAVAILABLE']);

    const unknown = await p.post('/applications/app-never-submitted/experts', { expertId: 'expert-ro', expertOrganisationId }, secretariat(p));
    expect([unknown.status, unknown.body.code, unknown.body.message]).toEqual([404, 'NOT_FOUND', expect.stringContaining('application app-never-submitted')]);
    const notComplete = await p.post(`/applications/${incomplete.body.applicationId}/experts`, { expertId: 'expert-ro', expertOrganisationId }, secretariat(p));
    expect([notComplete.status, notComplete.body.rule]).toEqual([422, 'FileIncomplete']);
    const retry = await p.post(`/applications/${complete.body.applicationId}/experts`, assignment, secretariat(p));
    expect([retry.status, retry.body]).toEqual([200, expect.objectContaining({ duplicate: true, revision: first.body.revision, recorded: ['ExpertAssigned'] })]);
  });
});
