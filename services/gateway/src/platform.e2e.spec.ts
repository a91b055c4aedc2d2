import { loadConfig } from '@banat/messaging';
import { eventually, httpGet, httpPost, RunningPlatform, startPlatform } from '@banat/testing';
import { issueLocalToken } from './auth/issue-token';

/** The whole platform as `npm start` runs it, on its own servers, driven over HTTP. */
describe('platform end to end', () => {
  let platform: RunningPlatform;
  let secretariat: Record<string, string>;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;

  const timisoaraBakery = {
    kind: 'sme',
    name: { ro: 'Brutăria Bănățeană', en: 'Banat Bakery' },
    country: 'RO',
    region: 'RO-TM',
    legalId: { kind: 'RO-CUI', value: 'RO18547290' },
    sizeClass: 'small',
    naceCodes: ['10.71'],
    contacts: [{ name: 'Ana Popescu', email: 'ana@example.ro' }],
    products: [{ name: { ro: 'Pâine cu maia', en: 'Sourdough bread' }, niceClasses: [30] }],
  };

  beforeAll(async () => {
    platform = await startPlatform({ env: { RPC_TIMEOUT_MS: '1500', THROTTLE_LIMIT: '100000' } });
    const token = await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role: 'secretariat', sub: 'sec-ana' });
    secretariat = { authorization: `Bearer ${token}` };
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('is live and ready, every service answering with its database state', async () => {
    expect((await httpGet(`${platform.baseUrl}/health`)).status).toBe(200);
    const ready = await httpGet(`${platform.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    for (const service of ['nats', 'registry', 'certification', 'network', 'events', 'exhibition']) {
      expect(ready.body.details[service].status).toBe('up');
    }
    expect(ready.body.details.registry.database).toBe('connected');
  });

  it('serves its OpenAPI document', async () => {
    const doc = await httpGet(api('/openapi.json'));
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain('/api/v1/organisations');
  });

  let organisationId: string;
  it('registers an organisation over HTTP, stores it, reads it back, and echoes the correlation id', async () => {
    const created = await httpPost(api('/organisations'), timisoaraBakery, { 'x-correlation-id': 'e2e-register-1', ...secretariat });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-correlation-id')).toBe('e2e-register-1');
    organisationId = created.body.id;
    expect(created.body).toMatchObject({ country: 'RO', region: 'RO-TM', active: true, revision: 1 });

    const read = await httpGet(api(`/organisations/${organisationId}`));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: organisationId, name: timisoaraBakery.name, legalId: { kind: 'RO-CUI' } });
    expect(read.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('delivers the integration event to another service (network directory)', async () => {
    const entry = await eventually(async () => {
      const res = await httpGet(api(`/network/directory/${organisationId}`));
      return res.status === 200 ? res.body : undefined;
    });
    expect(entry).toMatchObject({ id: organisationId, country: 'RO', active: true, revision: 1 });
  });

  it('takes an application through the certification service process: submitted with a token, read back as an auditor, refused without one', async () => {
    const application = {
      schemeId: 'made-in-banat',
      organisationId,
      products: [{ name: 'Sourdough bread', niceClass: 30 }],
      declaredRegionalRawMaterialShare: 0.8,
      evidence: [
        { kind: 'product-description', ref: 'doc-1' },
        { kind: 'raw-material-origin', ref: 'doc-2' },
        { kind: 'financial-statement', ref: 'doc-3' },
      ],
    };
    expect((await httpPost(api('/applications'), application)).status).toBe(401);
    const submitted = await httpPost(api('/applications'), application, secretariat);
    expect(submitted.status).toBe(201);
    const auditor = { authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role: 'auditor', sub: 'aud-eva' })}` };
    const history = await httpGet(api(`/applications/${submitted.body.applicationId}/history`), auditor);
    expect(history.status).toBe(200);
    expect(history.body).toEqual([expect.objectContaining({ type: 'ApplicationSubmitted', revision: 0 })]);
    expect(history.body[0].metadata ?? history.body[0]).toMatchObject({ actor: 'sec-ana', role: 'secretariat' });
  });

  it('refuses a second record for the same legal identifier, pointing at the first', async () => {
    const res = await httpPost(api('/organisations'), { ...timisoaraBakery, legalId: { kind: 'RO-CUI', value: '18547290' } }, secretariat);
    expect(res.status).toBe(409);
    expect(res.body.details.existingId).toBe(organisationId);
  });

  it.each([
    ['malformed JSON', '{"kind": "sme",', /JSON at position/],
    ['an unknown field', { ...timisoaraBakery, colour: 'red' }, /colour/],
    ['a wrong type', { ...timisoaraBakery, country: 42 }, /country/],
  ])('answers %s with 400 and a readable reason', async (_label, body, reason) => {
    const res = await httpPost(api('/organisations'), body, secretariat);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body)).toMatch(reason);
  });

  it('answers an oversized body with 413 and the limit', async () => {
    const res = await httpPost(api('/organisations'), { ...timisoaraBakery, padding: 'x'.repeat(300_000) }, secretariat);
    expect(res.status).toBe(413);
    expect(res.body.message).toMatch(/exceeds the limit/);
  });

  it('answers a wrong check digit with the field and the reason', async () => {
    const res = await httpPost(api('/organisations'), { ...timisoaraBakery, legalId: { kind: 'RO-CUI', value: 'RO18547291' } }, secretariat);
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual(expect.arrayContaining([{ field: 'legalId.value', reason: expect.stringMatching(/check digit/) }]));
  });

  it('reports a killed service by name and recovers when the launcher restarts it, without restarting the others', async () => {
    // Process ids are in the report for the secretariat and auditors only.
    const before = await httpGet(`${platform.baseUrl}/ready`, secretariat);
    const registryPid: number = before.body.details.registry.pid;
    process.kill(registryPid, 'SIGKILL');

    const down = await eventually(async () => {
      const res = await httpGet(`${platform.baseUrl}/ready`);
      return res.status === 503 ? res.body : undefined;
    }, 40, 0);
    expect(down.error.registry.status).toBe('down');
    expect(down.details.network.status).toBe('up');

    const recovered = await eventually(async () => {
      const res = await httpGet(`${platform.baseUrl}/ready`, secretariat);
      return res.status === 200 ? res.body : undefined;
    }, 100, 200);
    expect(recovered.details.registry.pid).not.toBe(registryPid);
    expect(recovered.details.network.pid).toBe(before.body.details.network.pid);
    expect((await httpGet(api(`/organisations/${organisationId}`))).status).toBe(200);
  });

  it('leaves no service behind when the launcher itself is killed without notice', async () => {
    const ready = await httpGet(`${platform.baseUrl}/ready`, secretariat);
    const pids: number[] = ['registry', 'certification', 'network', 'events', 'exhibition'].map((s) => ready.body.details[s].pid);
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(pids.every(alive)).toBe(true);
    platform.launcher.kill('SIGKILL');
    await eventually(async () => (pids.some(alive) ? undefined : true), 100, 100);
    expect(pids.filter(alive)).toEqual([]);
  });
});
