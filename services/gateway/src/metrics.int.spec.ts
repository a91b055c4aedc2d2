import { randomUUID } from 'node:crypto';
import { INestApplication, INestMicroservice } from '@nestjs/common';
import { connect, NatsConnection } from 'nats';
import { JetStreamEventStore, WrongExpectedRevision } from '@banat/event-store';
import { createService, loadConfig, MetricsEndpoint } from '@banat/messaging';
import { closeAll, freePort, httpGet, httpPost, startTestServers, testIdentityKeys } from '@banat/testing';
import { CertificationModule } from '../../certification/src/certification.module';
import { ExhibitionModule } from '../../exhibition/src/exhibition.module';
import { RegistryModule } from '../../registry/src/registry.module';
import { createGateway } from './app';
import { issueLocalToken } from './auth/issue-token';

/** One sample of the Prometheus text format: `name{a="x",b="y"} value`. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a Prometheus sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!.replace(/\\(.)/g, '$1');
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample with these labels (0 when the series does not exist yet). */
function valueOf(samples: Sample[], name: string, labels: Record<string, string>): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} names ${found.length} series`);
  return found[0]?.value ?? 0;
}

const METRICS_TOKEN = 'scrape-token-for-the-metrics-test';

describe('Prometheus metrics from the gateway and the services (real nats-server and FerretDB)', () => {
  let servers: Awaited<ReturnType<typeof startTestServers>>;
  const apps: Array<INestApplication | INestMicroservice> = [];
  let nc: NatsConnection;
  let base: string;
  let ports: { gateway: number; certification: number; exhibition: number; publicPort: number };
  let secretariat: Record<string, string>;

  beforeAll(async () => {
    servers = await startTestServers();
    ports = { gateway: await freePort(), certification: await freePort(), exhibition: await freePort(), publicPort: await freePort() };
    const env = { NATS_URL: servers.natsUrl, MONGO_URL: servers.mongoUrl, LOG_LEVEL: 'silent', RPC_TIMEOUT_MS: '8000', AUTH_JWT_SECRET: 'metrics-tests-secret-of-at-least-32-chars', ...testIdentityKeys };
    const registry = await createService('registry', (c) => RegistryModule.forRoot(c), loadConfig(env));
    await registry.listen();
    apps.push(registry);
    const certification = await createService('certification', (c) => CertificationModule.forRoot(c, { expiryIntervalMs: 0 }), loadConfig({ ...env, METRICS_PORT: String(ports.certification) }));
    await certification.listen();
    apps.push(certification);
    const exhibition = await createService('exhibition', (c) => ExhibitionModule.forRoot(c), loadConfig({ ...env, METRICS_PORT: String(ports.exhibition) }));
    await exhibition.listen();
    apps.push(exhibition);
    const gatewayConfig = loadConfig({ ...env, PORT: String(ports.publicPort), METRICS_PORT: String(ports.gateway), METRICS_TOKEN });
    const gateway = await createGateway(gatewayConfig);
    await gateway.listen(ports.publicPort, '127.0.0.1');
    apps.push(gateway);
    expect(gateway.get(MetricsEndpoint).port).toBe(ports.gateway);
    nc = await connect({ servers: servers.natsUrl });
    base = `http://127.0.0.1:${ports.publicPort}/api/v1`;
    secretariat = { authorization: `Bearer ${await issueLocalToken(gatewayConfig, { sub: 'sec-ana', role: 'secretariat', ttl: '1h' })}` };
  });

  afterAll(async () => {
    await nc?.close();
    await closeAll(apps);
    await servers?.stop();
  });

  const scrape = async (port: number, token?: string): Promise<Sample[]> => {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    return parseExposition(await res.text());
  };

  it('serves /metrics only on the metrics listener, the gateway behind its bearer token', async () => {
    expect((await fetch(`http://127.0.0.1:${ports.publicPort}/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports.publicPort}/api/v1/metrics`)).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${ports.gateway}/other`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    // Liveness for probes needs no token and tells nothing.
    const live = await fetch(`http://127.0.0.1:${ports.gateway}/healthz`);
    expect({ status: live.status, body: await live.text() }).toEqual({ status: 200, body: 'ok\n' });
    const samples = await scrape(ports.gateway, METRICS_TOKEN);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('counts commands, errors by code, appends, conflicts, projections, public events and consumer lag', async () => {
    const before = { gateway: await scrape(ports.gateway, METRICS_TOKEN), certification: await scrape(ports.certification) };
    const moved = (after: Sample[], was: Sample[], name: string, labels: Record<string, string>) => valueOf(after, name, labels) - valueOf(was, name, labels);

    // A command through the registry (publishes a public event, which exhibition's durable consumer takes).
    const registered = await httpPost(`${base}/organisations`, { kind: 'sme', name: { ro: 'Brutăria Metrică' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } }, secretariat);
    expect(registered.status).toBe(201);
    const organisationId: string = registered.body.id;
    // An error with a code: NOT_FOUND from the registry, 404 at the gateway.
    expect((await httpGet(`${base}/organisations/${randomUUID()}`, secretariat)).status).toBe(404);
    // A certification command appended to the history, then read from its projection.
    const submitted = await httpPost(`${base}/applications`, { schemeId: 'made-in-banat', organisationId, products: [{ name: 'Banat plum brandy', niceClass: 33 }], declaredRegionalRawMaterialShare: 0.7, evidence: [{ kind: 'product-description', ref: 'doc-1' }] }, secretariat);
    expect(submitted.status).toBe(201);
    const applicationId: string = submitted.body.applicationId;
    let file = await httpGet(`${base}/applications/${applicationId}`, secretariat);
    for (let i = 0; file.status === 404 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      file = await httpGet(`${base}/applications/${applicationId}`, secretariat);
    }
    expect(file.status).toBe(200);
    // A stale expected revision: CONFLICT, 409.
    const stale = await httpPost(`${base}/applications/${applicationId}/completeness`, { expectedRevision: 7 }, secretariat);
    expect(stale.status).toBe(409);

    // Conflicts at the event store itself, on a JetStream stream of its own on the same server.
    const writer = await JetStreamEventStore.connect({ connection: nc, streamName: 'METRICS_TEST', subjectPrefix: 'metrics-test.es' });
    const other = await JetStreamEventStore.connect({ connection: nc, streamName: 'METRICS_TEST', subjectPrefix: 'metrics-test.es' });
    const meta = (commandId: string) => ({ commandId, correlationId: commandId, actor: 'test', role: 'secretariat' });
    await writer.appendToStream('probe-1', [{ type: 'Probed', data: {} }], { expectedRevision: -1, metadata: meta('c1') });
    await other.readStream('probe-1'); // `other` now holds revision 0 as the head
    await writer.appendToStream('probe-1', [{ type: 'Probed', data: {} }], { expectedRevision: 0, metadata: meta('c2') });
    // `other` writes on its stale head: the store refuses the write, it re-reads and succeeds (a concurrent write).
    await other.appendToStream('probe-1', [{ type: 'Probed', data: {} }], { metadata: meta('c3') });
    // A caller's stale expected revision: the append fails.
    await expect(writer.appendToStream('probe-1', [{ type: 'Probed', data: {} }], { expectedRevision: 0, metadata: meta('c4') })).rejects.toBeInstanceOf(WrongExpectedRevision);
    await writer.close();
    await other.close();

    // The exhibition's durable consumer has taken the registry's event (its counts come from the server).
    let exhibition = await scrape(ports.exhibition);
    for (let i = 0; valueOf(exhibition, 'banat_consumer_messages_total', { consumer: 'exhibition-booths', outcome: 'ack' }) < 1 && i < 50; i++) {
      await new Promise((r) => setTimeout(r, 100));
      exhibition = await scrape(ports.exhibition);
    }
    expect(valueOf(exhibition, 'banat_consumer_messages_total', { consumer: 'exhibition-booths', outcome: 'ack' })).toBeGreaterThanOrEqual(1);
    expect(exhibition.some((s) => s.name === 'banat_consumer_pending_messages' && s.labels.consumer === 'exhibition-booths')).toBe(true);
    expect(exhibition.some((s) => s.name === 'banat_consumer_ack_pending_messages' && s.labels.consumer === 'exhibition-booths')).toBe(true);

    const gateway = await scrape(ports.gateway, METRICS_TOKEN);
    // HTTP by route template and status.
    expect(moved(gateway, before.gateway, 'banat_http_requests_total', { method: 'POST', route: '/api/v1/organisations', status: '201' })).toBe(1);
    expect(moved(gateway, before.gateway, 'banat_http_requests_total', { method: 'GET', route: '/api/v1/organisations/:id', status: '404' })).toBe(1);
    expect(moved(gateway, before.gateway, 'banat_http_requests_total', { method: 'POST', route: '/api/v1/applications/:id/completeness', status: '409' })).toBe(1);
    expect(moved(gateway, before.gateway, 'banat_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/applications', status: '201' })).toBe(1);
    // The gateway's calls by target and code.
    expect(moved(gateway, before.gateway, 'banat_rpc_client_requests_total', { service: 'registry', pattern: 'banat.rpc.registry.organisation.get', code: 'NOT_FOUND' })).toBe(1);
    expect(moved(gateway, before.gateway, 'banat_rpc_client_requests_total', { service: 'certification', pattern: 'banat.rpc.certification.application.check-completeness', code: 'CONFLICT' })).toBe(1);

    const certification = await scrape(ports.certification);
    // RPC answers by service, pattern and code, with their latencies.
    expect(moved(certification, before.certification, 'banat_rpc_requests_total', { service: 'certification', pattern: 'banat.rpc.certification.application.submit', code: 'OK' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_rpc_requests_total', { service: 'certification', pattern: 'banat.rpc.certification.application.check-completeness', code: 'CONFLICT' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_rpc_requests_total', { service: 'registry', pattern: 'banat.rpc.registry.organisation.get', code: 'NOT_FOUND' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_rpc_request_duration_seconds_count', { service: 'certification', pattern: 'banat.rpc.certification.application.submit', code: 'OK' })).toBe(1);
    const le = certification.filter((s) => s.name === 'banat_rpc_request_duration_seconds_bucket' && s.labels.pattern === 'banat.rpc.certification.application.submit' && s.labels.code === 'OK');
    expect(le.find((s) => s.labels.le === '+Inf')?.value).toBeGreaterThanOrEqual(1);
    // Event store: the submission and the probes written, the conflicts of both kinds.
    expect(moved(certification, before.certification, 'banat_event_store_appends_total', { store: 'jetstream', outcome: 'written' })).toBeGreaterThanOrEqual(4);
    expect(moved(certification, before.certification, 'banat_event_store_appends_total', { store: 'jetstream', outcome: 'conflict' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_event_store_conflicts_total', { store: 'jetstream', kind: 'expected_revision' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_event_store_conflicts_total', { store: 'jetstream', kind: 'concurrent_write' })).toBe(1);
    expect(moved(certification, before.certification, 'banat_event_store_append_duration_seconds_count', { store: 'jetstream', outcome: 'written' })).toBeGreaterThanOrEqual(4);
    // The projection that answered the read: applied, at the head, no lag.
    const projection = { projection: 'certification-application-files' };
    expect(moved(certification, before.certification, 'banat_projection_events_applied_total', projection)).toBeGreaterThanOrEqual(1);
    expect(valueOf(certification, 'banat_projection_position', projection)).toBeGreaterThan(0);
    expect(valueOf(certification, 'banat_projection_position', projection)).toBe(valueOf(certification, 'banat_projection_head_position', projection));
    expect(valueOf(certification, 'banat_projection_lag_events', projection)).toBe(0);
    expect(valueOf(certification, 'banat_projection_running', projection)).toBe(1);
    // The registry's public event.
    expect(moved(certification, before.certification, 'banat_public_events_published_total', { service: 'registry', type: 'eu.madeinbanat.registry.organisation.registered.v1', outcome: 'stored' })).toBe(1);
  });
});
