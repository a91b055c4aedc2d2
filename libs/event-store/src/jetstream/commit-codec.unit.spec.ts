import { headers as natsHeaders, type MsgHdrs } from 'nats';
import { prepareCommit } from '../commit';
import { GENESIS_HASH } from '../hash-chain';
import { positionOf } from '../positions';
import { encodeCommit, eventsOf, headersOf, inspectCommit, type StoredMessage } from './commit-codec';
import { streamSubject } from './subject-encoding';

const PREFIX = 'banat.es';
const metadata = { commandId: 'cmd-1', correlationId: 'c', actor: 'ana', role: 'secretariat' };
const commitOf = (streamId: string) => encodeCommit(prepareCommit(streamId, [{ type: 'CertificateGranted', data: {} }], metadata, { lastRevision: -1, lastHash: GENESIS_HASH }));
const stored = (subject: string, { headers, body }: { headers?: StoredMessage['headers']; body: Uint8Array }): StoredMessage => ({ seq: 7, subject, headers, data: body });

describe('telling a commit written by the store from anything else on the history subjects', () => {
  it('accepts a commit on the subject of the stream it carries', () => {
    const inspected = inspectCommit(stored(streamSubject('certificate-A'), commitOf('certificate-A')), PREFIX);
    expect(inspected).toMatchObject({ ok: true, streamId: 'certificate-A' });
  });

  it('parses a commit once: the body inspectCommit checked is the one eventsOf reads (taken: a second reading parses again)', () => {
    const encoded = commitOf('certificate-A');
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const inspected = inspectCommit(stored(streamSubject('certificate-A'), encoded), PREFIX);
      if (!inspected.ok) throw new Error('not a commit');
      const events = eventsOf(inspected.message);
      expect(events).toEqual([expect.objectContaining({ streamId: 'certificate-A', type: 'CertificateGranted', revision: 0, position: positionOf(7, 0) })]);
      expect(parse).toHaveBeenCalledTimes(1);
      const again = eventsOf(inspected.message);
      expect(parse).toHaveBeenCalledTimes(2);
      expect(again).toEqual(events);
      expect(again[0]!.data).not.toBe(events[0]!.data);
    } finally {
      parse.mockRestore();
    }
  });

  it('names a genuine commit copied under another stream\'s subject', () => {
    const inspected = inspectCommit(stored(streamSubject('certificate-B'), commitOf('certificate-A')), PREFIX);
    expect(inspected).toEqual({
      ok: false,
      finding: { seq: 7, subject: streamSubject('certificate-B'), under: 'certificate-B', kind: 'wrong-stream', reason: "a commit of stream certificate-A stored under another stream's subject" },
    });
  });

  it('names a message without commit headers, and one whose body does not decode or disagrees with them', () => {
    const body = new TextEncoder().encode('{"type":"io.nats.jetstream.api.v1.account_info_response"}');
    expect(inspectCommit(stored('banat.es.junk', { body }), PREFIX)).toMatchObject({ ok: false, finding: { kind: 'missing-headers', under: 'subject "banat.es.junk"' } });
    const { headers } = commitOf('certificate-A');
    expect(inspectCommit(stored(streamSubject('certificate-A'), { headers, body: new TextEncoder().encode('not json') }), PREFIX)).toMatchObject({ ok: false, finding: { kind: 'undecodable', under: 'certificate-A' } });
    expect(inspectCommit(stored(streamSubject('certificate-A'), { headers, body }), PREFIX)).toMatchObject({ ok: false, finding: { kind: 'undecodable' } });
    const forged = natsHeaders();
    for (const [k, v] of headers) forged.set(k, v[0]!);
    forged.set('Banat-Event-Count', 'lots');
    expect(inspectCommit(stored(streamSubject('certificate-A'), { headers: forged, body: commitOf('certificate-A').body }), PREFIX)).toMatchObject({ ok: false, finding: { kind: 'undecodable', reason: 'malformed commit headers' } });
  });
});

describe('commit headers', () => {
  /** The headers as sent on the wire (nats.js MsgHdrsImpl.encode). */
  const encoded = (headers: MsgHdrs) => new TextDecoder().decode((headers as MsgHdrs & { encode(): Uint8Array }).encode());
  const entries = [
    ['Banat-Command-Id', ' cmd-1 '],
    ['Banat-Last-Hash', 'a'.repeat(64)],
    ['Nats-Expected-Last-Subject-Sequence', '0'],
  ] as const;

  it('are the headers append makes, byte for byte (values trimmed as append trims them)', () => {
    const appended = natsHeaders();
    for (const [name, value] of entries) appended.append(name, value);
    const made = headersOf(entries);
    expect(encoded(made)).toBe(encoded(appended));
    expect(made.get('Banat-Command-Id')).toBe('cmd-1');
    expect([...made.keys()]).toEqual(entries.map(([name]) => name));
  });

  it('refuse a value append refuses (a line break would end the header)', () => {
    expect(() => headersOf([['Banat-Command-Id', 'cmd\r\nNats-Msg-Id: forged']])).toThrow(/invalid header value/);
  });

  it('carry what the publish adds after the commit\'s own', () => {
    const { headers } = encodeCommit(prepareCommit('certificate-A', [{ type: 'CertificateGranted', data: {} }], metadata, { lastRevision: -1, lastHash: GENESIS_HASH }), [['Nats-Msg-Id', 'id-1']]);
    expect([...headers.keys()]).toEqual(['Banat-Command-Id', 'Banat-First-Revision', 'Banat-Event-Count', 'Banat-Last-Hash', 'Nats-Msg-Id']);
    expect(headers.get('Banat-Event-Count')).toBe('1');
  });
});
