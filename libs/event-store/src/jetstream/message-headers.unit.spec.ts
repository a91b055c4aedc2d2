import { MsgHdrsImpl, type Msg } from 'nats';
import { MsgImpl } from 'nats/lib/nats-base-client/msg';
import { decodeHeaders, headersOfMessage, headerValue } from './message-headers';

const bytes = (text: string) => new TextEncoder().encode(text);
/** What nats.js itself makes of header bytes. */
const natsDecode = (raw: Uint8Array) => MsgHdrsImpl.decode(raw);
const shape = (h: unknown) => {
  const { headers, _code, _description } = h as { headers: Map<string, string[]>; _code: number; _description: string };
  return { entries: [...headers], code: _code, description: _description };
};

/** A stored commit's header block as a direct get answers it: the store's headers, then JetStream's. */
const COMMIT_BLOCK =
  'NATS/1.0\r\nBanat-Command-Id: cmd-1\r\nBanat-First-Revision: 0\r\nBanat-Event-Count: 1\r\nBanat-Last-Hash: ' +
  'ab'.repeat(32) +
  '\r\nNats-Msg-Id: 5f0e\r\nNats-Expected-Stream: BANAT_HISTORY\r\nNats-Expected-Last-Subject-Sequence: 0\r\nNats-Stream: BANAT_HISTORY\r\nNats-Subject: banat.es.certificate.A\r\nNats-Sequence: 42\r\nNats-Time-Stamp: 2026-03-01T10:00:00.123456789Z\r\n\r\n';

describe('reading a stored message\'s headers', () => {
  it.each([
    ['a commit as stored', COMMIT_BLOCK],
    ['repeated names, padded values, values holding colons, lines without one, empty lines', 'NATS/1.0\r\nA: 1\r\nA:  2 \r\nTime: 10:00:01\r\nno colon here\r\n\r\nEmpty:\r\n\r\n'],
    ['names append re-cases or keeps as they are (lower case, dots, underscores)', 'NATS/1.0\r\nlower-case: x\r\nodd.name_1: y\r\n:nameless\r\n\r\n'],
  ])('are the headers nats.js decodes, name for name and value for value: %s', (_, text) => {
    const decoded = decodeHeaders(bytes(text));
    expect(decoded).toBeDefined();
    expect(shape(decoded)).toEqual(shape(natsDecode(bytes(text))));
    for (const name of ['Banat-Command-Id', 'Nats-Sequence', 'A', 'Time', 'Empty', 'lower-case', 'odd.name_1', 'absent']) {
      expect(headerValue(decoded, name)).toBe(natsDecode(bytes(text)).get(name));
    }
  });

  it('leaves a status line (an end of batch, no messages) to nats.js, and refuses a name nats.js refuses', () => {
    expect(decodeHeaders(bytes('NATS/1.0 204 EOB\r\nNats-Num-Pending: 0\r\n\r\n'))).toBeUndefined();
    const refused = bytes('NATS/1.0\r\nbad name: x\r\n\r\n');
    expect(() => natsDecode(refused)).toThrow(/not a valid character/);
    expect(() => decodeHeaders(refused)).toThrow(/not a valid character/);
  });

  it('decodes a message nats.js received into the place nats.js keeps its headers, so message.headers answers them', () => {
    const header = bytes(COMMIT_BLOCK);
    const data = new Uint8Array([...header, ...bytes('{"body":true}')]);
    const message = new MsgImpl({ subject: bytes('banat.es.certificate.A'), sid: 1, size: data.length, hdr: header.length } as never, data, {} as never) as unknown as Msg;
    const headers = headersOfMessage(message);
    expect(shape(headers)).toEqual(shape(natsDecode(header)));
    expect(message.headers).toBe(headers);
    expect((message as unknown as { _headers: unknown })._headers).toBe(headers); // nats.js's own place: its decode never ran
    expect(new TextDecoder().decode(message.data)).toBe('{"body":true}');
    // Wrapped as a consumer's message (JsMsg keeps the message as `msg`).
    const inner = new MsgImpl({ subject: bytes('s'), sid: 1, size: data.length, hdr: header.length } as never, data, {} as never);
    const wrapped = { msg: inner, get headers() { return inner.headers; } } as unknown as Msg;
    expect(headerValue(headersOfMessage(wrapped), 'Nats-Sequence')).toBe('42');
  });
});
