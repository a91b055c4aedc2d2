import { RunningPlatform, startPlatform } from '@banat/testing';

/** The whole platform as `npm start` runs it, on its own servers, driven over HTTP. */
describe('platform end to end', () => {
  let platform: RunningPlatform;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;
  const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(api(path), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

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
    platform = await startPlatform({ env: { RPC_TIMEOUT_MS: '1500' } });
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('is live and ready, every service answering with its database state', async () => {
    expect((await fetch(`${platform.baseUrl}/health`)).status).toBe(200);
    const ready = await fetch(`${platform.baseUrl}/ready`);
    expect(ready.status).toBe(200);
    const body = await ready.json();
    for (const service of ['nats', 'registry', 'certification', 'network', 'events', 'exhibition']) {
      expect(body.details[service].status).toBe('up');
    }
    expect(body.details.registry.database).toBe('connected');
  });

  it('serves its OpenAPI document', async () => {
    const res = await fetch(api('/openapi.json'));
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(Object.keys(doc.paths)).toContain('/api/v1/organisations');
  });

  let organisationId: string;
  it('registers an organisation over HTTP, stores it, reads it back, and echoes the correlation id', async () => {
    const res = await postJson('/organisations', timisoaraBakery, { 'x-correlation-id': 'e2e-register-1' });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-correlation-id')).toBe('e2e-register-1');
    const created = await res.json();
    organisationId = created.id;
    expect(created).toMatchObject({ country: 'RO', region: 'RO-TM', active: true, revision: 1 });

    const read = await fetch(api(`/organisations/${organisationId}`));
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ id: organisationId, name: timisoaraBakery.name, legalId: { kind: 'RO-CUI' } });
    expect(read.headers.get('x-correlation-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('delivers the integration event to another service (network directory)', async () => {
    let entry: { status: number; body?: { id: string; country: string } } = { status: 0 };
    for (let i = 0; i < 50 && entry.status !== 200; i++) {
      const res = await fetch(api(`/network/directory/${organisationId}`));
      entry = { status: res.status, body: res.status === 200 ? await res.json() : undefined };
      if (entry.status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(entry.status).toBe(200);
    expect(entry.body).toMatchObject({ id: organisationId, country: 'RO' });
  });

  it('refuses a second record for the same legal identifier, pointing at the first', async () => {
    const res = await postJson('/organisations', { ...timisoaraBakery, legalId: { kind: 'RO-CUI', value: '18547290' } });
    expect(res.status).toBe(409);
    expect((await res.json()).details.existingId).toBe(organisationId);
  });

  it.each([
    ['malformed JSON', '{"kind": "sme",', /malformed JSON/],
    ['an unknown field', { ...timisoaraBakery, colour: 'red' }, /colour/],
    ['a wrong type', { ...timisoaraBakery, country: 42 }, /country/],
  ])('answers %s with 400 and a readable reason', async (_label, body, reason) => {
    const res = await postJson('/organisations', body);
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(error)).toMatch(reason);
  });

  it('answers an oversized body with 413 and the limit', async () => {
    const res = await postJson('/organisations', { ...timisoaraBakery, padding: 'x'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect((await res.json()).message).toMatch(/exceeds the limit/);
  });

  it('answers a wrong check digit with the field and the reason', async () => {
    const res = await postJson('/organisations', { ...timisoaraBakery, legalId: { kind: 'RO-CUI', value: 'RO18547291' } });
    expect(res.status).toBe(400);
    const error = await res.json();
    expect(error.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringMatching(/^legalId/) })]));
  });

  it('reports a killed service by name and recovers when the launcher restarts it, without restarting the others', async () => {
    const before = await (await fetch(`${platform.baseUrl}/ready`)).json();
    const registryPid: number = before.details.registry.pid;
    process.kill(registryPid, 'SIGKILL');

    let report: { status: number; body: any } = { status: 200, body: undefined };
    for (let i = 0; i < 40 && report.status === 200; i++) {
      const res = await fetch(`${platform.baseUrl}/ready`);
      report = { status: res.status, body: await res.json() };
    }
    expect(report.status).toBe(503);
    expect(report.body.error.registry.status).toBe('down');
    expect(report.body.details.network.status).toBe('up');

    // The launcher restarts it; the other services keep their processes.
    let recovered = false;
    for (let i = 0; i < 100 && !recovered; i++) {
      const res = await fetch(`${platform.baseUrl}/ready`);
      if (res.status === 200) {
        const body = await res.json();
        recovered = true;
        expect(body.details.registry.pid).not.toBe(registryPid);
        expect(body.details.network.pid).toBe(before.details.network.pid);
      } else await new Promise((r) => setTimeout(r, 200));
    }
    expect(recovered).toBe(true);
    expect((await fetch(api(`/organisations/${organisationId}`))).status).toBe(200);
  });
});
