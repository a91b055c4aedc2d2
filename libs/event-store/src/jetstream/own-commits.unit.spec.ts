import { prepareCommit } from '../commit';
import { GENESIS_HASH } from '../hash-chain';
import { positionOf } from '../positions';
import { OwnCommits } from './own-commits';

const metadata = { commandId: 'cmd-1', correlationId: 'corr-1', actor: 'secretariat-1', role: 'secretariat' };
const commit = (streamId: string, n: number) =>
  prepareCommit(streamId, Array.from({ length: n }, (_, i) => ({ type: 'Scored', data: { i } })), metadata, { lastRevision: 2, lastHash: GENESIS_HASH });

describe('OwnCommits', () => {
  it('gives a commit back as the subscription reads it: revisions, positions, stored events', () => {
    const own = new OwnCommits();
    const prepared = commit('certificate-1', 3);
    own.put(41, 'banat.es.certificate-1', prepared);
    const events = own.take(41, 'banat.es.certificate-1')!;
    expect(events.map((e) => [e.streamId, e.type, e.revision, e.position])).toEqual([
      ['certificate-1', 'Scored', 3, positionOf(41, 0)],
      ['certificate-1', 'Scored', 4, positionOf(41, 1)],
      ['certificate-1', 'Scored', 5, positionOf(41, 2)],
    ]);
    expect(events.map((e) => e.metadata)).toEqual(prepared.events.map((e) => e.metadata));
    expect(events.map((e) => e.data)).toEqual([{ i: 0 }, { i: 1 }, { i: 2 }]);
    // Taken: a second subscription decodes the message.
    expect(own.take(41, 'banat.es.certificate-1')).toBeUndefined();
  });

  it('answers only for its own sequence on the subject it was written to', () => {
    const own = new OwnCommits();
    own.put(7, 'banat.es.certificate-1', commit('certificate-1', 1));
    expect(own.take(6, 'banat.es.certificate-1')).toBeUndefined();
    expect(own.take(7, 'banat.es.certificate-2')).toBeUndefined();
    expect(own.size).toBe(0);
  });

  it('drops what the subscription has passed, and keeps at most its bound', () => {
    const own = new OwnCommits(3);
    for (const seq of [1, 2, 3, 4, 5]) own.put(seq, `s.${seq}`, commit(`certificate-${seq}`, 1));
    expect(own.size).toBe(3);
    expect(own.take(2, 's.2')).toBeUndefined(); // dropped for the bound
    expect(own.take(4, 's.4')).toHaveLength(1);
    expect(own.size).toBe(1); // 3 passed, 4 taken
    expect(own.take(5, 's.5')).toHaveLength(1);
  });
});
