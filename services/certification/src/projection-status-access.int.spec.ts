import { randomUUID } from 'node:crypto';
import { headers as natsHeaders } from 'nats';
import { CertificationSubjects as S } from '@banat/contracts';
import type { CallerIdentity } from '@banat/messaging';
import { signedIdentityHeader } from '@banat/testing';
import { CertificationPlatform, startCertificationPlatform } from '../test/certification-test-platform';
import { REGISTER_PROJECTION } from './read-models/projection-status';

interface Reply {
  err?: { code: string; message: string };
  response?: any;
}

/**
 * The projections' state (checkpoints, lag, a poison event's position and error) on the bus, around the gateway: the
 * service answers the roles the HTTP route allows (secretariat, auditor), judged from the gateway's signed identity.
 */
describe('projections status on the bus: the secretariat and auditors only', () => {
  let p: CertificationPlatform;

  const onTheBus = async (data: unknown, caller: CallerIdentity): Promise<Reply> => {
    const h = natsHeaders();
    if (Object.keys(caller).length) for (const [k, v] of Object.entries(await signedIdentityHeader(S.projections, caller))) h.set(k, v);
    const reply = await p.nc.request(S.projections, JSON.stringify({ pattern: S.projections, data, id: randomUUID() }), { headers: h, timeout: 8000 });
    return reply.json<Reply>();
  };

  beforeAll(async () => {
    p = await startCertificationPlatform();
  });
  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['no identity', {}],
    ['the gateway\'s anonymous caller', { role: 'public' }],
  ] as [string, CallerIdentity][])('refuses %s UNAUTHENTICATED, with or without the lag', async (_, caller) => {
    for (const data of [{}, { lag: false }]) {
      const reply = await onTheBus(data, caller);
      expect([data, reply.err?.code, reply.response]).toEqual([data, 'UNAUTHENTICATED', undefined]);
    }
  });

  it.each([
    ['expert', { actor: 'expert-ro', role: 'expert' }],
    ['member', { actor: 'member-1', role: 'member', org: '0b4e28ba-2fa1-4d2e-8c1b-6a0c5f1e2d3a' }],
    ['decision-maker', { actor: 'dm-milan', role: 'decision-maker' }],
    ['partner', { actor: 'partner:acme', role: 'partner' }],
  ] as [string, CallerIdentity][])('refuses a signed %s FORBIDDEN', async (_, caller) => {
    const reply = await onTheBus({}, caller);
    expect(reply.err).toMatchObject({ code: 'FORBIDDEN', message: 'only the secretariat and auditors read the projections\' status' });
    expect(reply.response).toBeUndefined();
  });

  it.each([
    ['auditor', { actor: 'aud-eva', role: 'auditor' }],
    ['secretariat', { actor: 'sec-ana', role: 'secretariat' }],
  ] as [string, CallerIdentity][])('answers a signed %s, with and without the lag', async (_, caller) => {
    const full = await onTheBus({}, caller);
    expect(full.err).toBeUndefined();
    expect(full.response).toEqual(expect.arrayContaining([expect.objectContaining({ projection: REGISTER_PROJECTION, state: 'ok', lag: expect.any(Number) })]));
    const light = await onTheBus({ lag: false }, caller);
    expect(light.err).toBeUndefined();
    const register = light.response.find((s: { projection: string }) => s.projection === REGISTER_PROJECTION);
    expect(register).toMatchObject({ state: 'ok' });
    expect(register.lag).toBeUndefined();
  });

  it('over HTTP as before: 401 without a token, 403 for an expert, 200 for an auditor', async () => {
    expect((await p.get('/certification/projections')).status).toBe(401);
    expect((await p.get('/certification/projections', p.as('expert-ro', 'expert'))).status).toBe(403);
    const auditor = await p.get('/certification/projections', p.as('aud-eva', 'auditor'));
    expect(auditor.status).toBe(200);
    expect(auditor.body.map((s: { projection: string }) => s.projection)).toContain(REGISTER_PROJECTION);
  });
});
