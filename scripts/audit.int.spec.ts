import { connect, headers as natsHeaders } from 'nats';
import { GENESIS_HASH, JetStreamEventStore, NO_STREAM, prepareCommit, streamSubject } from '../libs/event-store/src';
import { COMMIT_HEADERS, encodeCommit } from '../libs/event-store/src/jetstream/commit-codec';
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

  it('says when a stream to verify does not exist, with its own exit code (3), not as a broken chain', async () => {
    const errors: string[] = [];
    const lines: string[] = [];
    expect(await runAudit(['verify', '--stream', 'certificate-NOPE'], (l) => lines.push(l), nats.url, {}, (l) => errors.push(l))).toBe(3);
    expect(lines).toEqual([]);
    expect(errors).toEqual(['error: stream certificate-NOPE not found']);
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

  it.each([
    [['--json', 'verify']],
    [['verify', '--json']],
    [['verify', '--stream', stream, '--json']],
    [['verify', '--json', '--stream', stream]],
  ])('takes its global options anywhere on the line: %j', async (argv) => {
    const { code, text } = await run(...argv);
    expect(code).toBe(0);
    expect(JSON.parse(text)).toEqual([expect.objectContaining({ stream, ok: true, events: 4 })]);
  });

  it('takes the server as a global option before or after the command', async () => {
    for (const argv of [['--server', nats.url, 'verify'], ['verify', '--server', nats.url, '--json']]) {
      const lines: string[] = [];
      // The default it would otherwise use is a port nobody listens on.
      expect(await runAudit(argv, (l) => lines.push(l), 'nats://127.0.0.1:1')).toBe(0);
      expect(lines.join('\n')).toContain(stream);
    }
  });

  it.each([[['history', '--stream', stream, '--json']], [['as-of', '--json', '--stream', stream, '--at', '2025-09-30']]])('…on every command: %j', async (argv) => {
    const { code, text } = await run(...argv);
    expect(code).toBe(0);
    expect(() => JSON.parse(text)).not.toThrow();
  });
});

describe('audit as-of reads --at as the HTTP API reads "when"', () => {
  it('a day is its end in Europe/Bucharest: a suspension at 00:30 there counts for the next day; an instant is itself', async () => {
    const nats = await startNats();
    try {
      const store = await JetStreamEventStore.connect({ servers: nats.url });
      // 2025-09-10T21:30Z is 2025-09-11 00:30 in Bucharest (UTC+3), still the 10th in UTC.
      const events = [issued(), suspended('2025-09-10T21:30:00.000Z')];
      await store.appendToStream(`certificate-${certificateNumber}`, events, { expectedRevision: NO_STREAM, metadata: { commandId: 'c-1', correlationId: 'c-1', actor: 'dm-milan', role: 'decision-maker' } });
      await store.close();
      const asOf = async (at: string) => {
        const lines: string[] = [];
        expect(await runAudit(['--json', 'as-of', '--stream', `certificate-${certificateNumber}`, '--at', at], (l) => lines.push(l), nats.url)).toBe(0);
        const { asOf: when, state } = JSON.parse(lines.join('')) as { asOf: string; state: { status: string } };
        return [when, state.status];
      };
      expect(await asOf('2025-09-10')).toEqual(['2025-09-10T20:59:59.999Z', 'active']);
      expect(await asOf('2025-09-11')).toEqual(['2025-09-11T20:59:59.999Z', 'suspended']);
      expect(await asOf('2025-09-10T21:29:59Z')).toEqual(['2025-09-10T21:29:59.000Z', 'active']);
      expect(await asOf('2025-09-11T00:30:00+03:00')).toEqual(['2025-09-10T21:30:00.000Z', 'suspended']);
    } finally {
      await nats.stop();
    }
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
      const code = await runAudit(['verify', '--user', 'auditor'], (l) => lines.push(l), nats.url, { pass: nats.passwordOf('auditor') });
      expect(code).toBe(0);
      expect(lines).toEqual([`OK      certificate-${certificateNumber} (1 event)`]);
    } finally {
      await nats.stop();
    }
  });
});

describe('audit verify names whatever is not a commit of the stream its subject names', () => {
  it('finds a genuine commit copied under another stream, junk without headers and an undecodable body; exit 1, readable names', async () => {
    const nats = await startNatsWithAuth();
    try {
      // Written with the certification service's own credentials: the one user that can store on the history.
      const nc = await nats.connectAs('certification');
      const store = await JetStreamEventStore.connect({ connection: nc, apiPrefix: HISTORY_JS_API });
      const meta = (id: string) => ({ commandId: id, correlationId: id, actor: 'sec-ana', role: 'secretariat' });
      await store.appendToStream('certificate-MIB-2026-000001', [issued()], { expectedRevision: NO_STREAM, metadata: meta('c-1') });
      await store.appendToStream('certificate-MIB-2026-000002', [issued()], { expectedRevision: NO_STREAM, metadata: meta('c-2') });
      const js = nc.jetstream({ apiPrefix: HISTORY_JS_API });
      const genuine = await (await nc.jetstreamManager({ apiPrefix: HISTORY_JS_API })).streams.getMessage('BANAT_HISTORY', { seq: 1 });
      const copied = natsHeaders();
      for (const [key, values] of genuine.header) if (!key.startsWith('Nats-')) copied.set(key, values[0]!);
      await js.publish(streamSubject('certificate-MIB-2026-000003'), genuine.data, { headers: copied }); // a whole stream made of a copy
      await js.publish(streamSubject('certificate-MIB-2026-000002'), genuine.data, { headers: copied }); // a copy after a real commit
      await js.publish(streamSubject('certificate-Ferma «Banat»'), '{"type":"io.nats.jetstream.api.v1.account_info_response"}');
      await js.publish('banat.es.junk', 'not json', { headers: copied });
      // The reader skips them: the streams read back as written, and appending goes on after them.
      expect((await store.readStream('certificate-MIB-2026-000002')).map((e) => e.streamId)).toEqual(['certificate-MIB-2026-000002']);
      expect(await store.readStream('certificate-MIB-2026-000003')).toEqual([]);
      const next = await store.appendToStream('certificate-MIB-2026-000002', [suspended()], { expectedRevision: 0, metadata: meta('c-3') });
      expect(next.nextExpectedRevision).toBe(1);
      await store.close();
      await nc.close();

      const lines: string[] = [];
      const code = await runAudit(['verify'], (l) => lines.push(l), nats.url, { user: 'auditor', pass: nats.passwordOf('auditor') });
      expect(code).toBe(1);
      expect(lines).toEqual([
        'OK      certificate-MIB-2026-000001 (1 event)',
        'OK      certificate-MIB-2026-000002 (2 events)',
        "FOREIGN #3 under certificate-MIB-2026-000003: not a commit (wrong-stream): a commit of stream certificate-MIB-2026-000001 stored under another stream's subject",
        "FOREIGN #4 under certificate-MIB-2026-000002: not a commit (wrong-stream): a commit of stream certificate-MIB-2026-000001 stored under another stream's subject",
        'FOREIGN #5 under certificate-Ferma «Banat»: not a commit (missing-headers): no Banat-Command-Id, Banat-First-Revision, Banat-Event-Count, Banat-Last-Hash headers',
        'FOREIGN #6 under subject "banat.es.junk": not a commit (undecodable): body is not JSON (8 bytes)',
      ]);
      const one: string[] = [];
      // No commit of that stream, but something under its subject: a finding (1), not "not found" (3).
      expect(await runAudit(['verify', '--stream', 'certificate-MIB-2026-000003'], (l) => one.push(l), nats.url, { user: 'auditor', pass: nats.passwordOf('auditor') })).toBe(1);
      expect(one).toEqual([
        'MISSING certificate-MIB-2026-000003: no commit of this stream, only what follows under its subject',
        "FOREIGN #3 under certificate-MIB-2026-000003: not a commit (wrong-stream): a commit of stream certificate-MIB-2026-000001 stored under another stream's subject",
      ]);
      const streams: string[] = [];
      await runAudit(['streams'], (l) => streams.push(l), nats.url, { user: 'auditor', pass: nats.passwordOf('auditor') });
      expect(streams).toContain('subject "banat.es.junk"');
    } finally {
      await nats.stop();
    }
  });
});

describe('audit verify: a commit whose headers disagree with its events', () => {
  it('finds a commit whose Banat-Command-Id header is not its events’ commandId (the header the store answers retries by); exit 1', async () => {
    const nats = await startNats();
    try {
      const nc = await connect({ servers: nats.url });
      const store = await JetStreamEventStore.connect({ connection: nc });
      const meta = (id: string) => ({ commandId: id, correlationId: id, actor: 'sec-ana', role: 'secretariat' });
      await store.appendToStream('certificate-MIB-2026-000001', [issued()], { expectedRevision: NO_STREAM, metadata: meta('c-1') });
      // A commit as the store writes it, hashes intact, but its command id header rewritten: a retry of
      // c-forged would be answered from it as already done, and the chain alone cannot tell.
      const commit = prepareCommit('certificate-MIB-2026-000002', [issued()], meta('c-2'), { lastRevision: -1, lastHash: GENESIS_HASH });
      const { headers, body } = encodeCommit(commit);
      headers.set(COMMIT_HEADERS.commandId, 'c-forged');
      await nc.jetstream().publish(streamSubject('certificate-MIB-2026-000002'), body, { headers });
      await store.close();
      await nc.close();

      const lines: string[] = [];
      const code = await runAudit(['verify'], (l) => lines.push(l), nats.url);
      expect(lines).toEqual([
        'OK      certificate-MIB-2026-000001 (1 event)',
        "FOREIGN #2 under certificate-MIB-2026-000002: not a commit (undecodable): its Banat-Command-Id header (c-forged) is not its events' command id (c-2)",
      ]);
      expect(code).toBe(1);
    } finally {
      await nats.stop();
    }
  });
});

describe('audit as-of on every kind of stream `audit streams` lists', () => {
  it('folds a complaint stream as a complaint (not as an application), and refuses a stream of no known kind naming the kinds (exit 2)', async () => {
    const nats = await startNats();
    try {
      const store = await JetStreamEventStore.connect({ servers: nats.url });
      const meta = (id: string, actor: string) => ({ commandId: id, correlationId: id, actor, role: 'secretariat' });
      const stamp = (actor: string, at: string) => ({ complaintId: 'cmp-1', actor, role: 'secretariat', at });
      await store.appendToStream('complaint-cmp-1', [{ type: 'ComplaintLodged', data: { ...stamp('public', '2026-02-02T09:00:00.000Z'), certificateNumber: 'MIB-2026-000001', complainant: { erased: true }, grounds: 'the honey is not from Banat', holderOrganisationId: 'org-1', schemeId: 'made-in-banat', schemeVersion: 1, decideBy: '2026-03-04' } }], { expectedRevision: NO_STREAM, metadata: meta('c-1', 'public') });
      await store.appendToStream('complaint-cmp-1', [{ type: 'ComplaintAcknowledged', data: stamp('sec-ana', '2026-02-05T09:00:00.000Z') }], { expectedRevision: 0, metadata: meta('c-2', 'sec-ana') });
      await store.appendToStream('mystery-1', [{ type: 'Something', data: { at: '2026-02-05T09:00:00.000Z' } }], { expectedRevision: NO_STREAM, metadata: meta('c-3', 'sec-ana') });
      await store.close();
      const run = async (...argv: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = await runAudit(argv, (l) => out.push(l), nats.url, {}, (l) => err.push(l));
        return { code, out, err };
      };
      const on = async (day: string) => JSON.parse((await run('--json', 'as-of', '--stream', 'complaint-cmp-1', '--at', day)).out.join('')).state;
      expect(await on('2026-02-03')).toMatchObject({ status: 'lodged', complaintId: 'cmp-1', certificateNumber: 'MIB-2026-000001', lodgedAt: '2026-02-02T09:00:00.000Z' });
      expect(await on('2026-02-05')).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'sec-ana' });
      expect(await run('as-of', '--stream', 'mystery-1', '--at', '2026-02-05')).toEqual({
        code: 2,
        out: [],
        err: ['error: as-of folds certificate-, application- and complaint- streams; mystery-1 is none of them (history --stream mystery-1 shows its events)'],
      });
    } finally {
      await nats.stop();
    }
  });
});

describe('audit on an empty history', () => {
  it('says there is nothing to verify rather than print nothing (exit 0), and streams says so on stderr', async () => {
    const nats = await startNats();
    try {
      await (await JetStreamEventStore.connect({ servers: nats.url })).close(); // the history stream, with no event yet
      const out: string[] = [];
      const err: string[] = [];
      expect(await runAudit(['verify'], (l) => out.push(l), nats.url, {}, (l) => err.push(l))).toBe(0);
      expect(out).toEqual([`no stream in the history at ${nats.url} yet: nothing to verify`]);
      const json: string[] = [];
      expect(await runAudit(['verify', '--json'], (l) => json.push(l), nats.url)).toBe(0);
      expect(JSON.parse(json.join(''))).toEqual([]);
      const streams: string[] = [];
      expect(await runAudit(['streams'], (l) => streams.push(l), nats.url, {}, (l) => err.push(l))).toBe(0);
      expect([streams, err]).toEqual([[], [`no stream in the history at ${nats.url} yet`]]);
    } finally {
      await nats.stop();
    }
  });
});
