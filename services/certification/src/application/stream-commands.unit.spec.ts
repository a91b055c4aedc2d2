import { InMemoryEventStore, WrongExpectedRevision } from '@banat/event-store';
import { certificateDecider, CertificateCommand, certificateStream, CertificateWithdrawn } from '../domain';
import { requestDigestOf, type CommandEnvelope } from './command-metadata';
import { StreamCommands } from './stream-commands';

const number = 'MIB-2026-000001';
const stream = certificateStream(number);
const envelope = (commandId: string, now = '2026-02-01T10:00:00.000Z'): CommandEnvelope => ({
  domain: { actor: 'dm-milan', role: 'decision-maker', now },
  store: { commandId, correlationId: `corr-${commandId}`, actor: 'dm-milan', role: 'decision-maker' },
});
const issue = (m: CommandEnvelope['domain']): CertificateCommand => ({
  type: 'IssueCertificate',
  data: { certificateNumber: number, applicationId: 'app-1', holder: { organisationId: 'org-1', country: 'RO', region: 'RO-TM' }, schemeId: 'made-in-banat', schemeVersion: 1, products: [{ name: 'Plum brandy' }], validFrom: '2026-01-10', validUntil: '2029-01-09' },
  metadata: m,
});
const suspend = (m: CommandEnvelope['domain']): CertificateCommand => ({ type: 'SuspendCertificate', data: { certificateNumber: number, reason: 'audit' }, metadata: m });
const withdraw = (m: CommandEnvelope['domain']): CertificateCommand => ({ type: 'WithdrawCertificate', data: { certificateNumber: number, reason: 'misuse' }, metadata: m });

describe('load → decide → append', () => {
  let store: InMemoryEventStore;
  let commands: StreamCommands;
  beforeEach(async () => {
    store = new InMemoryEventStore();
    commands = new StreamCommands(store);
    await commands.handle(certificateDecider, stream, issue, envelope('issue-1'));
  });

  it('appends the decided events with the command metadata', async () => {
    const { result } = await commands.handle(certificateDecider, stream, suspend, envelope('suspend-1'));
    expect(result).toMatchObject({ streamId: stream, revision: 1, appended: 1, duplicate: false });
    const [, suspended] = await store.readStream(stream);
    expect(suspended).toMatchObject({ type: 'CertificateSuspended', metadata: { commandId: 'suspend-1', correlationId: 'corr-suspend-1', actor: 'dm-milan', role: 'decision-maker' } });
  });

  it('answers a retried command id as the first call did, without deciding again', async () => {
    const first = await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-1'));
    // A second decision would be refused (CertificateWithdrawn); the retry must not reach the decider.
    const retry = await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-1'));
    expect(retry.result).toEqual({ ...first.result, appended: 0, duplicate: true });
    expect(retry.events.map((e) => e.type)).toEqual(['CertificateWithdrawn']);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('a command id is its caller\'s own: another actor reusing it gets a conflict, not the first caller\'s answer', async () => {
    await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-1'));
    const someoneElse: CommandEnvelope = { domain: { actor: 'dm-ana', role: 'decision-maker', now: '2026-02-01T10:00:00.000Z' }, store: { commandId: 'withdraw-1', correlationId: 'corr-x', actor: 'dm-ana', role: 'decision-maker' } };
    await expect(commands.handle(certificateDecider, stream, withdraw, someoneElse)).rejects.toMatchObject({ body: { code: 'CONFLICT' } });
    // Also when this process has not cached the stream (another replica took the first command).
    await expect(new StreamCommands(store).handle(certificateDecider, stream, withdraw, someoneElse)).rejects.toMatchObject({ body: { code: 'CONFLICT' } });
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('refuses with the domain error and appends nothing', async () => {
    await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-1'));
    await expect(commands.handle(certificateDecider, stream, suspend, envelope('suspend-2'))).rejects.toBeInstanceOf(CertificateWithdrawn);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('is a conflict when the stream moved past the revision the caller decided on', async () => {
    await commands.handle(certificateDecider, stream, suspend, envelope('suspend-1'), 0);
    await expect(commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-1'), 0)).rejects.toBeInstanceOf(WrongExpectedRevision);
    expect(await store.readStream(stream)).toHaveLength(2);
  });

  it('a command on a stream that must exist and holds nothing: not found, naming it; decided once another replica starts it', async () => {
    const other = certificateStream('MIB-2026-000002');
    const issueOther = (m: CommandEnvelope['domain']): CertificateCommand => {
      const issued = issue(m);
      return { ...issued, data: { ...issued.data, certificateNumber: 'MIB-2026-000002' } } as CertificateCommand;
    };
    await expect(commands.handle(certificateDecider, other, suspend, envelope('suspend-9'), undefined, { mustExist: 'certificate MIB-2026-000002' })).rejects.toMatchObject({
      body: { code: 'NOT_FOUND', message: 'certificate MIB-2026-000002 not found' },
    });
    expect(await store.readStream(other)).toHaveLength(0);
    await new StreamCommands(store).handle(certificateDecider, other, issueOther, envelope('issue-2'));
    const { result } = await commands.handle(certificateDecider, other, suspend, envelope('suspend-9'), undefined, { mustExist: 'certificate MIB-2026-000002' });
    expect(result).toMatchObject({ revision: 1, appended: 1 });
  });

  it('an appeal by an id the stream never held: not found, naming the appeal (not a refused rule)', async () => {
    const decideAppeal = (m: CommandEnvelope['domain']): CertificateCommand => ({
      type: 'DecideCertificateAppeal',
      data: { certificateNumber: number, appealId: 'appeal-none', outcome: 'upheld', panel: ['panel-1'], reasons: ['grounds hold'], involved: [] },
      metadata: m,
    });
    await expect(commands.handle(certificateDecider, stream, decideAppeal, envelope('decide-1'))).rejects.toMatchObject({ body: { code: 'NOT_FOUND', message: 'appeal appeal-none not found' } });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  it('a dry run judges and reports the events but appends nothing', async () => {
    const dry = await commands.handle(certificateDecider, stream, suspend, envelope('suspend-1'), undefined, { dryRun: true });
    expect(dry.events.map((e) => e.type)).toEqual(['CertificateSuspended']);
    expect(dry.result).toMatchObject({ revision: 0, appended: 0 });
    expect(await store.readStream(stream)).toHaveLength(1);
  });

  describe('with two replicas sharing the history (each with its own cached state)', () => {
    const restore = (m: CommandEnvelope['domain']): CertificateCommand => ({ type: 'RestoreCertificate', data: { certificateNumber: number, reason: 'fixed' }, metadata: m });
    let replicaB: StreamCommands;
    beforeEach(async () => {
      replicaB = new StreamCommands(store);
      await replicaB.handle(certificateDecider, stream, suspend, envelope('suspend-b')); // B moves the stream; A's cache is behind
    });

    it('decides again on the stored state when its cache is behind, instead of failing', async () => {
      const { result } = await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-a'));
      expect(result).toMatchObject({ revision: 2, appended: 1 });
      expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['CertificateIssued', 'CertificateSuspended', 'CertificateWithdrawn']);
    });

    it('judges a refusal on the stored state, not on its stale cache', async () => {
      // On A's cached state (active) a restoration would be refused; on the stored state (suspended) it is allowed.
      const { result } = await commands.handle(certificateDecider, stream, restore, envelope('restore-a'));
      expect(result).toMatchObject({ revision: 2, appended: 1 });
    });

    it('accepts a caller revision that matches the stored stream even when the cache is behind', async () => {
      const { result } = await commands.handle(certificateDecider, stream, withdraw, envelope('withdraw-a'), 1);
      expect(result).toMatchObject({ revision: 2, appended: 1 });
    });

    it('answers a command the other replica stored as that replica did', async () => {
      const retry = await commands.handle(certificateDecider, stream, suspend, envelope('suspend-b'));
      expect(retry.result).toMatchObject({ revision: 1, appended: 0, duplicate: true });
      expect(await store.readStream(stream)).toHaveLength(2);
    });
  });
});

describe('a commandId reused for another request', () => {
  const digested = (commandId: string, request: object): CommandEnvelope => {
    const base = envelope(commandId);
    return { ...base, store: { ...base.store, requestDigest: requestDigestOf({ commandId, ...request }) } };
  };

  it('digests the request without its commandId and expectedRevision, whatever the order of its keys', () => {
    const digest = requestDigestOf({ commandId: 'c-1', expectedRevision: 3, reason: 'audit', certificateNumber: number } as object);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(requestDigestOf({ certificateNumber: number, reason: 'audit', commandId: 'c-2' } as object)).toBe(digest);
    expect(requestDigestOf({ commandId: 'c-1', expectedRevision: 3, reason: 'misuse', certificateNumber: number } as object)).not.toBe(digest);
  });

  it('is refused as a conflict, where the same request again answers as the first; commands stored without a digest are taken as retries', async () => {
    const store = new InMemoryEventStore();
    const commands = new StreamCommands(store);
    await commands.handle(certificateDecider, stream, issue, envelope('issue-1'));
    const first = await commands.handle(certificateDecider, stream, suspend, digested('suspend-1', { reason: 'audit' }));
    expect(first.result).toMatchObject({ appended: 1, duplicate: false });
    // From the cache, and from the stream as stored (another replica, a restart).
    for (const fresh of [commands, new StreamCommands(store)]) {
      expect((await fresh.handle(certificateDecider, stream, suspend, digested('suspend-1', { reason: 'audit' }))).result).toMatchObject({ appended: 0, duplicate: true });
      await expect(fresh.handle(certificateDecider, stream, withdraw, digested('suspend-1', { reason: 'misuse' }))).rejects.toMatchObject({
        body: { code: 'CONFLICT', details: { commandId: 'suspend-1' } },
      });
      // issue-1 was stored without a digest: a caller's digest is not compared with nothing.
      expect((await fresh.handle(certificateDecider, stream, issue, digested('issue-1', { other: true }))).result).toMatchObject({ duplicate: true });
    }
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['CertificateIssued', 'CertificateSuspended']);
  });
});
