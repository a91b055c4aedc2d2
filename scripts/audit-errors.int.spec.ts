import { JetStreamEventStore, NO_STREAM } from '../libs/event-store/src';
import { RunningServer, startNats, startNatsWithAuth } from '../libs/testing/src';
import { certificateNumber, issued } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { runAudit } from './audit';

/** How the auditor's CLI fails: once, on stderr (or as JSON with --json), with an exit code per kind of failure. */
describe('audit CLI errors', () => {
  let nats: RunningServer;
  const stream = `certificate-${certificateNumber}`;
  const missing = 'certificate-MIB-2026-999999';

  beforeAll(async () => {
    nats = await startNats();
    const store = await JetStreamEventStore.connect({ servers: nats.url });
    await store.appendToStream(stream, [issued()], { expectedRevision: NO_STREAM, metadata: { commandId: 'c-1', correlationId: 'c-1', actor: 'sec-ana', role: 'secretariat' } });
    await store.close();
  });
  afterAll(async () => nats?.stop());

  const run = async (argv: string[], server = nats.url, credentials: { user?: string; pass?: string } = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAudit(argv, (l) => out.push(l), server, credentials, (l) => err.push(l));
    return { code, out, err };
  };

  it.each([
    [['history', '--stream', missing]],
    [['as-of', '--stream', missing, '--at', '2027-01-15']],
    [['verify', '--stream', missing]],
  ])('%j: "stream … not found", exit 3, nothing on stdout', async (argv) => {
    expect(await run(argv)).toEqual({ code: 3, out: [], err: [`error: stream ${missing} not found`] });
  });

  it('with --json, says it as a JSON object on stdout and nothing on stderr', async () => {
    const { code, out, err } = await run(['history', '--stream', missing, '--json']);
    expect([code, err]).toEqual([3, []]);
    expect(out.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'stream-not-found', message: `stream ${missing} not found` } }]);
  });

  it('still shows a stream that exists, and its state before it was issued (exit 0)', async () => {
    expect((await run(['history', '--stream', stream])).code).toBe(0);
    const before = await run(['--json', 'as-of', '--stream', stream, '--at', '2020-01-01']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out.join('')).state.status).toBe('not-issued');
  });

  it('a usage error once, on stderr (exit 2); as JSON on stdout with --json', async () => {
    const unknown = await run(['histroy', '--stream', stream]);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toEqual([]);
    expect(unknown.err).toHaveLength(1);
    expect(unknown.err[0]).toMatch(/^error: unknown command 'histroy'/);
    const missingOption = await run(['history']);
    expect(missingOption).toEqual({ code: 2, out: [], err: ["error: required option '--stream <id>' not specified"] });
    const asJson = await run(['--json', 'histroy']);
    expect([asJson.code, asJson.err]).toEqual([2, []]);
    expect(asJson.out.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'usage', message: expect.stringMatching(/^unknown command 'histroy'/) } }]);
  });

  it('refuses a date that is not one the way every command does (exit 2)', async () => {
    const asOf = await run(['as-of', '--stream', stream, '--at', 'tomorrow']);
    expect(asOf).toEqual({ code: 2, out: [], err: ["error: option '--at <date>' argument 'tomorrow' is invalid. Expected YYYY-MM-DD or an ISO 8601 instant with its zone, e.g. 2027-01-15 or 2027-01-15T00:00:00Z."] });
    const credential = await run(['credential', 'verify', 'cred.jwt', '--keys', 'issuer.json', '--at', 'tomorrow']);
    expect(credential).toEqual({ code: 2, out: [], err: ["error: option '--at <instant>' argument 'tomorrow' is invalid. Expected YYYY-MM-DD or an ISO 8601 instant with its zone, e.g. 2027-01-15 or 2027-01-15T00:00:00Z."] });
    expect((await run(['as-of', '--stream', stream, '--at', '2027-02-30'])).code).toBe(2);
  });

  it('names the server, and what to check, when nothing answers there (exit 4)', async () => {
    const refused = await run(['verify'], 'nats://127.0.0.1:1');
    expect(refused).toEqual({ code: 4, out: [], err: ['error: cannot connect to NATS at nats://127.0.0.1:1: connection refused; check --server (else NATS_URL) and that nats-server runs there'] });
    const asJson = await run(['verify', '--json'], 'nats://127.0.0.1:1');
    expect(asJson.out.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'connection', message: expect.stringContaining('nats://127.0.0.1:1') } }]);
  });

  it('rebuild names the MongoDB it cannot reach, never its password, and what to check (exit 4)', async () => {
    const refused = await run(['rebuild', '--mongo', 'mongodb://auditor:s3cret@127.0.0.1:1']);
    expect([refused.code, refused.out, refused.err.length]).toEqual([4, [], 1]);
    expect(refused.err[0]).toMatch(/^error: cannot reach MongoDB at mongodb:\/\/auditor:\*\*\*@127\.0\.0\.1:1: .+; check --mongo \(else MONGO_URL\)/);
    expect(refused.err[0]).not.toContain('s3cret');
    const asJson = await run(['--json', 'rebuild', '--mongo', 'not-a-url']);
    expect([asJson.code, asJson.err]).toEqual([4, []]);
    expect(asJson.out.map((l) => JSON.parse(l))).toEqual([{ error: { code: 'connection', message: expect.stringMatching(/^cannot reach MongoDB at not-a-url: .+; check --mongo/) } }]);
  });

  it('documents its exit codes in each command\'s help (exit 0)', async () => {
    for (const command of ['history', 'as-of', 'verify']) {
      const { code, out } = await run([command, '--help']);
      expect(code).toBe(0);
      expect(out.join('\n')).toMatch(/Exit codes:\n[\s\S]*\n {2}2 {2}usage[\s\S]*\n {2}3 {2}no stream --stream in the history[\s\S]*\n {2}4 {2}could not run/);
    }
    expect((await run(['--help'])).out.join('\n')).toMatch(/3 {2}the stream asked for does not exist[\s\S]*\{"error":\{"code","message"\}\} on stdout/);
  });
});

describe('audit CLI on a bus without the history', () => {
  it('says the server holds no certification history (exit 4)', async () => {
    const empty = await startNats();
    try {
      const err: string[] = [];
      expect(await runAudit(['streams'], () => undefined, empty.url, {}, (l) => err.push(l))).toBe(4);
      expect(err).toEqual([expect.stringMatching(new RegExp(`^error: NATS at ${empty.url} holds no certification history \\(.*\\); check --server`))]);
    } finally {
      await empty.stop();
    }
  });
});

describe('audit CLI errors on a secured bus (deploy/nats/auth.conf)', () => {
  it('names the server and the user it was refused, and what to check (exit 4)', async () => {
    const nats = await startNatsWithAuth();
    try {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runAudit(['streams', '--user', 'auditor'], (l) => out.push(l), nats.url, { pass: 'not-the-password' }, (l) => err.push(l));
      expect([code, out]).toEqual([4, []]);
      expect(err).toEqual([
        `error: NATS at ${nats.url} refused user auditor (authorization violation); check --user (else NATS_USER) and NATS_PASSWORD (with npm start: BANAT_NATS_PASSWORD_AUDITOR in .data/nats-passwords.json)`,
      ]);
    } finally {
      await nats.stop();
    }
  });
});
