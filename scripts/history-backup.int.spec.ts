import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JetStreamEventStore } from '@banat/event-store';
import { HISTORY_JS_API } from '@banat/messaging';
import { describeIf, NATS_AUTH_CONF, SecuredNats, startNatsWithAuth } from '@banat/testing';
import { runAudit } from './audit';

/**
 * deploy/README.md's backup and restore of the history, as an operator runs it: the `nats` CLI
 * (NATS_CLI, else `nats` on PATH) as a one-off admin user of the HISTORY account backs up
 * BANAT_HISTORY from a bus running the deployment's accounts, restores it onto a fresh one, and
 * `audit verify` passes there; the certification service's user then appends on the restored stream.
 */
const cli = process.env.NATS_CLI ?? 'nats';
const probe = spawnSync(cli, ['--version'], { encoding: 'utf8' });
const available = !probe.error && probe.status === 0;

describeIf(available, `history backup and restore: the nats CLI is not installed ('${cli}'; set NATS_CLI, or: go install github.com/nats-io/natscli/nats@v0.5.1)`)('backing up and restoring the history with the nats CLI', () => {
  let dir: string;
  let adminConf: string;
  const servers: SecuredNats[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'banat-backup-'));
    // The deployment's accounts plus the one-off admin user in HISTORY the guide describes (never committed).
    const conf = readFileSync(NATS_AUTH_CONF, 'utf8');
    const withAdmin = conf.replace(/(\n\s*HISTORY \{\n)/, '$1    users = [\n      {\n        user: history-admin\n        password: $BANAT_NATS_PASSWORD_HISTORY_ADMIN\n      }\n    ]\n');
    expect(withAdmin).not.toBe(conf);
    adminConf = join(dir, 'auth-with-admin.conf');
    writeFileSync(adminConf, withAdmin);
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    rmSync(dir, { recursive: true, force: true });
  });

  const nats = (server: SecuredNats, ...args: string[]) => {
    const run = spawnSync(cli, ['--server', server.url, '--user', 'history-admin', `--password=${server.passwordOf('history-admin')}`, ...args], { encoding: 'utf8', timeout: 60_000 });
    expect({ args, status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ args, status: 0, stderr: '' });
    return run.stdout;
  };
  const meta = (id: string) => ({ commandId: id, correlationId: id, actor: 'sec-ana', role: 'secretariat' });
  const audit = async (server: SecuredNats) => {
    const lines: string[] = [];
    const code = await runAudit(['verify'], (l) => lines.push(l), server.url, { user: 'auditor', pass: server.passwordOf('auditor') });
    return { code, lines };
  };

  it('restores a backup that audit verify accepts, and the restored history takes new commits', async () => {
    const live = await startNatsWithAuth(adminConf);
    servers.push(live);
    const nc = await live.connectAs('certification');
    const store = await JetStreamEventStore.connect({ connection: nc, apiPrefix: HISTORY_JS_API });
    await store.appendToStream('application-A1', [{ type: 'ApplicationSubmitted', data: { n: 1 } }], { expectedRevision: -1, metadata: meta('a1') });
    await store.appendToStream('application-A1', [{ type: 'CompletenessConfirmed', data: {} }, { type: 'ExpertAssigned', data: { expertId: 'e1' } }], { expectedRevision: 0, metadata: meta('a2') });
    await store.appendToStream('certificate-MIB-2026-000001', [{ type: 'CertificateGranted', data: { number: 'MIB-2026-000001' } }], { expectedRevision: -1, metadata: meta('c1') });
    await store.close();
    await nc.close();
    const before = await audit(live);
    expect(before.code).toBe(0);

    const backup = join(dir, 'history');
    nats(live, 'backup', 'stream', 'BANAT_HISTORY', backup, '--check', '--no-progress');

    const fresh = await startNatsWithAuth(adminConf);
    servers.push(fresh);
    nats(fresh, 'backup', 'restore', 'stream', backup, '--no-progress');
    const after = await audit(fresh);
    expect(after).toEqual(before);
    expect(after.lines.join('\n')).toMatch(/application-A1 \(3 events\)/);

    // The restored stream keeps its guarantees and its revisions: the service appends where it left off.
    const restoredNc = await fresh.connectAs('certification');
    const restored = await JetStreamEventStore.connect({ connection: restoredNc, apiPrefix: HISTORY_JS_API });
    const next = await restored.appendToStream('application-A1', [{ type: 'ScoresSubmitted', data: {} }], { expectedRevision: 2, metadata: meta('a3') });
    expect(next.nextExpectedRevision).toBe(3);
    const retried = await restored.appendToStream('application-A1', [{ type: 'CompletenessConfirmed', data: {} }, { type: 'ExpertAssigned', data: { expertId: 'e1' } }], { expectedRevision: 0, metadata: meta('a2') });
    expect(retried.duplicate).toBe(true);
    await restored.close();
    await restoredNc.close();
    const info = JSON.parse(nats(fresh, 'stream', 'info', 'BANAT_HISTORY', '--json'));
    expect(info.config).toEqual(expect.objectContaining({ deny_delete: true, deny_purge: true }));
    expect((await audit(fresh)).code).toBe(0);
  });
});
