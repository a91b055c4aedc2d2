import { GENESIS_HASH, positionOf, prepareCommit, toRecorded, type RecordedEvent } from '../libs/event-store/src';
import { compareWithHeads, headsOf, parseHeads } from './audit-heads';

const metadata = { commandId: 'c', correlationId: 'c', actor: 'sec-ana', role: 'secretariat' };

/** A stream of `count` findings, its events hash-chained as the store writes them. */
function stream(streamId: string, count: number, summary = (n: number) => `finding ${n}`, commit = 1): RecordedEvent[] {
  const events = Array.from({ length: count }, (_, n) => ({ type: 'SurveillanceFindingRecorded', data: { n, summary: summary(n) } }));
  return prepareCommit(streamId, events, metadata, { lastRevision: -1, lastHash: GENESIS_HASH }, new Date('2027-01-10T09:00:00.000Z')).events.map((e, i) => toRecorded(streamId, e, i, positionOf(commit, i)));
}

const history = (...streams: RecordedEvent[][]) => new Map(streams.map((events) => [events[0]!.streamId, events]));

describe('audit heads', () => {
  const a = stream('certificate-MIB-2026-000001', 3, undefined, 1);
  const b = stream('application-app-1', 2, undefined, 2);
  const heads = headsOf(history(a, b), new Date('2027-01-15T10:00:00.000Z'));

  it('keeps each stream\'s event count and last hash, the newest position and a digest over them', () => {
    expect(heads).toEqual({
      format: 'banat-history-heads/1',
      takenAt: '2027-01-15T10:00:00.000Z',
      position: b.at(-1)!.position,
      streams: {
        'application-app-1': { events: 2, lastHash: b[1]!.metadata.hash },
        'certificate-MIB-2026-000001': { events: 3, lastHash: a[2]!.metadata.hash },
      },
      digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
    expect(parseHeads(JSON.stringify(heads))).toEqual(heads);
  });

  it('finds nothing in the same history, nor in one that went on (more events, new streams)', () => {
    expect(compareWithHeads(heads, history(a, b))).toEqual([]);
    expect(compareWithHeads(heads, history(stream('certificate-MIB-2026-000001', 5), b, stream('complaint-cmp-1', 1)))).toEqual([]);
  });

  it('names a stream gone, cut short, or rewritten (every hash from the changed event on recomputed)', () => {
    const rewritten = stream('certificate-MIB-2026-000001', 4, (n) => (n === 1 ? 'nothing found' : `finding ${n}`));
    expect(compareWithHeads(heads, history(rewritten))).toEqual([
      { stream: 'application-app-1', kind: 'missing', reason: 'not in the history; the heads of 2027-01-15T10:00:00.000Z saw 2 events' },
      { stream: 'certificate-MIB-2026-000001', kind: 'rewritten', reason: expect.stringMatching(/^its event at revision 2 has hash [0-9a-f]{12}…; the heads of 2027-01-15T10:00:00.000Z saw [0-9a-f]{12}…/) },
    ]);
    expect(compareWithHeads(heads, history(a.slice(0, 1), b))).toEqual([
      { stream: 'certificate-MIB-2026-000001', kind: 'truncated', reason: '1 event; the heads of 2027-01-15T10:00:00.000Z saw 3: its last 2 are gone' },
    ]);
  });

  it('refuses a heads file that is not one, or was changed after it was written (a lower count to hide a cut)', () => {
    expect(() => parseHeads('{')).toThrow(/not JSON/);
    expect(() => parseHeads(JSON.stringify({ ...heads, format: 'other' }))).toThrow(/banat-history-heads\/1/);
    expect(() => parseHeads(JSON.stringify({ ...heads, streams: { x: { events: 0, lastHash: 'ab' } } }))).toThrow(/stream x: "events" must be a positive integer/);
    const lowered = { ...heads, streams: { ...heads.streams, 'certificate-MIB-2026-000001': { events: 1, lastHash: a[0]!.metadata.hash } } };
    expect(() => parseHeads(JSON.stringify(lowered), 'heads.json')).toThrow(/heads.json was changed after audit heads wrote it/);
    let refusal: unknown;
    try {
      parseHeads('[]');
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toMatchObject({ code: 'usage', exitCode: 2 });
  });
});
