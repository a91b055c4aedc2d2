import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { RunningServer, startNats, startNatsWithAuth } from '../libs/testing/src';
import { issued, restored, suspended, withdrawn, certificateNumber } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { HISTORY_JS_API } from '../libs/messaging/src/nats-connection';
import { runAudit } from './audit';

/** The auditor's CLI against a real nats-server holding a certificate's history. */
describe('audit CLI', () => {
  let nats: RunningServer;
  const stream = `certificate-${certificateNumber}`;

  beforeAll(async () => {
    nats = await startNats();
    const store = await JetStreamEventStore.connect({ servers: nats.url });
    const steps = [issued(), suspended(), restored(), withdrawn()];
    let revision: number | typeof NO_STREAM = NO_STREAM;
    for (const [i, event] of steps.entries()) {
      const role = event.type === 'CertificateIssued' ? 'secretariat' : 'decision-maker';
      const result: { nextExpectedRevision: number } = await store.appendToStream(stream, [event], { expectedRevision: revision, metadata: { commandId: `cmd-${i}`, correlationId: `c-${i}`, actor: (event.data as { actor: string }).actor, role } });
      revision = result.nextExpectedRevision;
    }
    await store.close();
  });
  afterAll(async () => nats?.stop());

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const code = await runAudit(argv, (l) => lines.push(l), nats.url);
    return { code, text: lines.join('\n') };
  };

  it('lists the streams and proves their hash chains', async () => {
    expect((await run('streams')).text).toBe(stream);
    const verify = await run('verify');
    expect(verify.code).toBe(0);
    expect(verify.text).toBe(`OK      ${stream} (4 events)`);
  });

  it('says when a stream to verify does not exist, with a failing exit code', async () => {
    const verify = await run('verify', '--stream', 'certificate-NOPE');
    expect(verify.code).toBe(1);
    expect(verify.text).toMatch(/BROKEN {2}certificate-NOPE .*stream not found/);
  });

  it('tells the history: when, who, what and why', async () => {
    const { text } = await run('history', '--stream', stream);
    const lines = text.split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/2025-09-10T08:00:00.000Z {2}CertificateSuspended .* dm-milan \(decision-maker\) {2}— raw materials bought outside the region/);
  });

  it.each([
    ['2025-05-01', 'active'],
    ['2025-09-30', 'suspended'],
    ['2025-12-01', 'active'],
    ['2026-03-01', 'withdrawn'],
  ])('shows the certificate as it was on %s', async (at, status) => {
    const { text } = await run('--json', 'as-of', '--stream', stream, '--at', at);
    const { state } = JSON.parse(text);
    expect(state.status).toBe(status);
  });
});

describe('audit CLI on a secured bus (deploy/nats/auth.conf)', () => {
  it('verifies and reads the history as the read-only auditor user', async () => {
    const nats = await startNatsWithAuth();
    try {
      const nc = await nats.connectAs('certification');
      const store = await JetStreamEventStore.connect({ connection: nc, apiPrefix: HISTORY_JS_API });
      await store.appendToStream(`certificate-${certificateNumber}`, [issued()], { expectedRevision: NO_STREAM, metadata: { commandId: 'c-1', correlationId: 'c-1', actor: 'sec-ana', role: 'secretariat' } });
      await store.close();
      await nc.close();
      const lines: string[] = [];
      const code = await runAudit(['verify'], (l) => lines.push(l), nats.url, { user: 'auditor', pass: nats.passwordOf('auditor') });
      expect(code).toBe(0);
      expect(lines).toEqual([`OK      certificate-${certificateNumber} (1 events)`]);
    } finally {
      await nats.stop();
    }
  });
});
