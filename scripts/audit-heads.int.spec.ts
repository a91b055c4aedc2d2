import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, headers as natsHeaders, type MsgHdrs } from 'nats';
import { DEFAULT_HISTORY_STREAM, JetStreamEventStore, NO_STREAM, streamSubject } from '../libs/event-store/src';
import { RunningServer, startNats } from '../libs/testing/src';
import { issued, restored, suspended, withdrawn } from '../services/certification/src/domain/certificate/certificate.fixtures';
import { runAudit } from './audit';

/**
 * Heads kept by the auditor show what the hash chains alone cannot: a stream cut short or gone.
 * The operator here has the server's full rights: lifts deny_delete and deny_purge, deletes, puts them back.
 */
describe('audit heads and verify --heads, on a real nats-server', () => {
  let nats: RunningServer;
  const dir = mkdtempSync(join(tmpdir(), 'banat-heads-'));
  const certificate = 'certificate-MIB-2026-000001';
  const other = 'certificate-MIB-2026-000002';

  const run = async (...argv: string[]) => {
    const lines: string[] = [];
    const errors: string[] = [];
    const code = await runAudit(argv, (l) => lines.push(l), nats.url, {}, (l) => errors.push(l));
    return { code, text: lines.join('\n'), errors };
  };

  async function append(store: JetStreamEventStore, streamId: string, events: { type: string; data: Record<string, unknown> }[]) {
    let revision: number | typeof NO_STREAM = NO_STREAM;
    for (const [i, event] of events.entries()) {
      revision = (await store.appendToStream(streamId, [event], { expectedRevision: revision, metadata: { commandId: `${streamId}-${i}`, correlationId: `c-${i}`, actor: 'sec-ana', role: 'secretariat' } })).nextExpectedRevision;
    }
  }

  /**
   * What an operator with the server's full rights can do to the history (deny_delete cannot be lifted, deleting the
   * stream can be done): read every message, delete the stream, make it again and put back all but the dropped ones.
   */
  async function rewriteWithout(drop: (subject: string, indexOnSubject: number) => boolean) {
    await rewrite((subject, index, data) => (drop(subject, index) ? undefined : data));
  }

  /** As `rewriteWithout`, each message put back as `change` returns it (undefined: dropped). */
  async function rewrite(change: (subject: string, indexOnSubject: number, data: Uint8Array) => Uint8Array | undefined) {
    const nc = await connect({ servers: nats.url });
    try {
      const jsm = await nc.jetstreamManager();
      const info = await jsm.streams.info(DEFAULT_HISTORY_STREAM);
      const kept: { subject: string; data: Uint8Array; headers?: MsgHdrs }[] = [];
      const seen = new Map<string, number>();
      for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
        const message = await jsm.streams.getMessage(DEFAULT_HISTORY_STREAM, { seq });
        const index = seen.get(message.subject) ?? 0;
        seen.set(message.subject, index + 1);
        const data = change(message.subject, index, message.data);
        if (data) kept.push({ subject: message.subject, data, headers: message.header });
      }
      await jsm.streams.delete(DEFAULT_HISTORY_STREAM);
      await jsm.streams.add(info.config);
      const js = nc.jetstream();
      for (const message of kept) {
        const h = natsHeaders();
        for (const [name, values] of message.headers ?? []) if (!name.startsWith('Nats-')) for (const value of values) h.append(name, value);
        await js.publish(message.subject, message.data, { headers: h });
      }
    } finally {
      await nc.close();
    }
  }

  beforeAll(async () => {
    nats = await startNats();
    const store = await JetStreamEventStore.connect({ servers: nats.url });
    await append(store, certificate, [issued(), suspended(), restored(), withdrawn()]);
    await append(store, other, [issued()]);
    await store.close();
  });
  afterAll(async () => nats?.stop());

  it('writes the heads once (never over a file), verifies against them, and the history going on is no finding', async () => {
    const file = join(dir, 'heads-1.json');
    const written = await run('heads', '--out', file);
    expect(written.code).toBe(0);
    const heads = JSON.parse(readFileSync(file, 'utf8'));
    expect(heads).toMatchObject({ format: 'banat-history-heads/1', streams: { [certificate]: { events: 4 }, [other]: { events: 1 } } });
    expect(written.text).toBe(`wrote the heads of 2 streams (position ${heads.position}) to ${file}; digest ${heads.digest}`);
    expect(await run('heads', '--out', file)).toMatchObject({ code: 4, errors: [expect.stringMatching(/never overwritten/)] });

    const store = await JetStreamEventStore.connect({ servers: nats.url });
    await append(store, 'certificate-MIB-2026-000003', [issued()]);
    await store.close();
    const verified = await run('verify', '--heads', file);
    expect(verified.code).toBe(0);
    expect(verified.text).toContain(`compared with the heads of ${heads.takenAt} (2 streams, ${heads.digest})`);
  });

  it('names a stream cut short and a stream gone since the heads (exit 1), which the hash chains alone pass', async () => {
    const file = join(dir, 'heads-2.json');
    expect((await run('heads', '--out', file)).code).toBe(0);
    await rewriteWithout((subject, index) => (subject === streamSubject(certificate) && index >= 2) || subject === streamSubject(other));

    const chainsOnly = await run('verify');
    expect(chainsOnly.code).toBe(0); // what is left of each chain is intact: the cut is invisible without the heads
    const verified = await run('verify', '--heads', file);
    expect(verified.code).toBe(1);
    expect(verified.text).toMatch(new RegExp(`TRUNCATED ${certificate} since the heads file: 2 events; the heads of .* saw 4: its last 2 are gone`));
    expect(verified.text).toMatch(new RegExp(`MISSING ${other} since the heads file: not in the history; the heads of .* saw 1 event`));
    const json = await run('--json', 'verify', '--heads', file, '--stream', certificate);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.text)).toEqual([
      expect.objectContaining({ stream: certificate, ok: true, events: 2 }),
      { ok: false, sinceHeads: expect.objectContaining({ stream: certificate, kind: 'truncated' }) },
    ]);
  });

  it('refuses a heads file changed to hide a cut (exit 2), before reading the history', async () => {
    const file = join(dir, 'heads-3.json');
    expect((await run('heads', '--out', file)).code).toBe(0);
    const heads = JSON.parse(readFileSync(file, 'utf8'));
    heads.streams[certificate].events = 1;
    writeFileSync(file, JSON.stringify(heads));
    const verified = await run('verify', '--heads', file);
    expect(verified.code).toBe(2);
    expect(verified.errors).toEqual([expect.stringMatching(/was changed after audit heads wrote it/)]);
  });

  it('writes no heads over a history whose chains do not verify: exit 1, the broken stream named as verify names it', async () => {
    const tampered = 'certificate-MIB-2026-000004';
    const store = await JetStreamEventStore.connect({ servers: nats.url });
    await append(store, tampered, [issued(), suspended()]);
    await store.close();
    // The operator changes the reason of the suspension in place, leaving its hashes as they were.
    await rewrite((subject, index, data) => {
      if (subject !== streamSubject(tampered) || index !== 1) return data;
      const body = JSON.parse(Buffer.from(data).toString('utf8'));
      body.events[0].data.reason = 'a kinder reason';
      return Buffer.from(JSON.stringify(body));
    });
    const verified = await run('verify');
    expect(verified.code).toBe(1);
    const brokenLine = `BROKEN  ${tampered} at revision 1: hash does not match the content (event changed)`;
    expect(verified.text).toContain(brokenLine);

    const file = join(dir, 'heads-broken.json');
    const refused = await run('heads', '--out', file);
    expect(refused.code).toBe(1);
    expect(refused.text.split('\n')).toEqual([brokenLine, expect.stringMatching(/^no heads written: the history does not verify/)]);
    expect(existsSync(file)).toBe(false);
    const printed = await run('heads');
    expect([printed.code, printed.text]).toEqual([1, refused.text]);
    const json = await run('--json', 'heads', '--out', file);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.text)).toEqual([{ stream: tampered, events: 2, ok: false, brokenAt: 1, reason: 'hash does not match the content (event changed)' }]);
    expect(existsSync(file)).toBe(false);
  });
});
