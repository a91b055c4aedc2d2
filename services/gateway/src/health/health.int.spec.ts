import { INestApplication, Logger } from '@nestjs/common';
import { decodeJwt } from 'jose';
import { connect, Msg, NatsConnection } from 'nats';
import { CertificationSubjects, pingSubject, ProjectionStatusView, SERVICES } from '@banat/contracts';
import { IDENTITY_HEADER, loadConfig } from '@banat/messaging';
import { freePort, httpGet, RunningServer, startNats, testIdentityKeys } from '@banat/testing';
import { createGateway } from '../app';
import { issueLocalToken } from '../auth/issue-token';

const RAW_DATABASE_ERROR = '[collection.go:163 postgresql.(*collection).InsertAll.func1] ERROR: unsupported Unicode escape sequence (SQLSTATE 22P05)';
const auth = { AUTH_JWT_SECRET: 'readiness-tests-secret-of-at-least-32-chars' };
const tokens = loadConfig(auth);

/**
 * What `/ready` shows to whom, against services answering their pings on a real nats-server: anyone sees which
 * component is down and its state; process ids, positions, stream ids and raw database errors only the secretariat and
 * auditors (and the log).
 */
describe('readiness report: who sees what', () => {
  let nats: RunningServer;
  let nc: NatsConnection;
  let app: INestApplication;
  let base: string;
  const probes: { sub?: string; role?: unknown }[] = [];
  /** The registry's database and the certification projections fail but while this is set (then every check is up). */
  let healthy = false;
  const token = async (role: 'secretariat' | 'auditor' | 'member') => ({ authorization: `Bearer ${await issueLocalToken(tokens, { role, sub: `${role}-1`, ...(role === 'member' ? { org: '11111111-1111-4111-8111-111111111111' } : {}) })}` });

  /** Answers as a service's Nest transport does: `{ response, isDisposed, id }`, or `{ err }` when `response` throws a coded error. */
  const answer = (subject: string, response: (msg: Msg) => unknown) => {
    const sub = nc.subscribe(subject);
    void (async () => {
      for await (const msg of sub) {
        const { id } = JSON.parse(new TextDecoder().decode(msg.data)) as { id: string };
        let packet: object;
        try {
          packet = { response: response(msg), isDisposed: true, id };
        } catch (err) {
          packet = { err, isDisposed: true, id };
        }
        msg.respond(new TextEncoder().encode(JSON.stringify(packet)));
      }
    })();
  };

  beforeAll(async () => {
    nats = await startNats();
    nc = await connect({ servers: nats.url });
    // Every service answers but the registry, whose database fails with a raw FerretDB/PostgreSQL error.
    for (const service of SERVICES) {
      answer(pingSubject(service), () => ({
        service,
        status: service === 'registry' && !healthy ? 'degraded' : 'ok',
        database: service === 'registry' && !healthy ? `database banat-registry failing: ${RAW_DATABASE_ERROR}` : 'connected',
        pid: 40_000 + SERVICES.indexOf(service),
        uptimeSeconds: 12,
      }));
    }
    const failed: ProjectionStatusView = {
      projection: 'certification-register',
      checkpoint: 41,
      head: 57,
      state: 'failed',
      failure: { position: 42, streamId: 'certificate-MIB-2026-000042', eventType: 'SurveillanceFindingRecorded', attempts: 5, error: RAW_DATABASE_ERROR },
    };
    // As the certification service: the projections' status only to the secretariat and auditors (the signed identity's role).
    answer(CertificationSubjects.projections, (msg) => {
      const identity = msg.headers?.get(IDENTITY_HEADER);
      const claims = identity ? decodeJwt(identity) : {};
      if (claims.role !== 'auditor' && claims.role !== 'secretariat') throw { code: 'FORBIDDEN', message: 'only the secretariat and auditors read the projections\' status' };
      probes.push({ sub: claims.sub, role: claims.role });
      return [...(healthy ? [] : [failed]), { projection: 'certification-files', checkpoint: 57, head: 57, state: 'ok' }];
    });
    await nc.flush();
    const port = await freePort();
    app = await createGateway(loadConfig({ NATS_URL: nats.url, PORT: String(port), LOG_LEVEL: 'silent', ...auth, ...testIdentityKeys }));
    await app.listen(port, '127.0.0.1');
    base = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    await app?.close();
    await nc?.close();
    await nats?.stop();
  });

  it('while starting (never ready yet: npm start polls /ready) logs the whole report at debug, no warning; readiness lost after it is the warning', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const debug = jest.spyOn(Logger.prototype, 'debug');
    const notReadyLines = (spy: jest.SpyInstance) => spy.mock.calls.map(([line]) => String(line)).filter((line) => line.startsWith('not ready: '));
    const namesTheWholeReport = (line: string | undefined) => {
      expect(line).toContain(RAW_DATABASE_ERROR);
      expect(line).toContain('certification-register');
      expect(line).toContain('certificate-MIB-2026-000042');
    };
    try {
      expect((await httpGet(`${base}/ready`)).status).toBe(503);
      expect(notReadyLines(warn)).toEqual([]);
      namesTheWholeReport(notReadyLines(debug)[0]);
      healthy = true;
      expect((await httpGet(`${base}/ready`)).status).toBe(200);
      healthy = false;
      expect((await httpGet(`${base}/ready`)).status).toBe(503);
      // (whoever asked; its repeats folded)
      namesTheWholeReport(notReadyLines(warn)[0]);
    } finally {
      healthy = false;
      warn.mockRestore();
      debug.mockRestore();
    }
  });

  it('shows an anonymous caller which component is down and its state, never a pid, a position, a stream or a raw database error', async () => {
    const res = await httpGet(`${base}/ready`);
    expect(res.status).toBe(503);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/pid|4000\d|SQLSTATE|collection\.go|postgresql|certificate-MIB|SurveillanceFindingRecorded|checkpoint|position|uptime/i);
    expect(res.body.error.registry).toEqual({ status: 'down', database: 'failing' });
    expect(res.body.details.network).toEqual({ status: 'up', database: 'connected' });
    expect(res.body.details.nats).toEqual({ status: 'up' });
    expect(res.body.error['certification-projections']).toEqual({ status: 'down', failed: [{ projection: 'certification-register' }] });
    // A member is no operator: the same view.
    expect((await httpGet(`${base}/ready`, await token('member'))).body).toEqual(res.body);
    // The probe asked the projections' status as the gateway's own reader, whoever asked /ready.
    expect(probes.length).toBeGreaterThan(0);
    expect(new Set(probes.map((p) => JSON.stringify(p)))).toEqual(new Set([JSON.stringify({ sub: 'gateway:readiness', role: 'auditor' })]));
  });

  it('shows the secretariat and auditors the whole report: pids, the halted projection with its position, stream, event and error', async () => {
    for (const role of ['secretariat', 'auditor'] as const) {
      const res = await httpGet(`${base}/ready`, await token(role));
      expect(res.status).toBe(503);
      expect(res.body.error.registry).toMatchObject({ status: 'down', database: `database banat-registry failing: ${RAW_DATABASE_ERROR}`, pid: 40_000 });
      expect(res.body.details.network).toMatchObject({ status: 'up', pid: 40_002 });
      expect(res.body.error['certification-projections'].failed).toEqual([
        expect.objectContaining({ projection: 'certification-register', checkpoint: 41, position: 42, streamId: 'certificate-MIB-2026-000042', eventType: 'SurveillanceFindingRecorded', error: RAW_DATABASE_ERROR }),
      ]);
    }
  });
});
