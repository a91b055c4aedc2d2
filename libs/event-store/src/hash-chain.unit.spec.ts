import canonicalize from 'canonicalize';
import { canonicalJson } from './canonical-json';
import { asStoredData, isPlainJson, prepareCommit, toRecorded } from './commit';
import { deterministicEventId } from './event-ids';
import { GENESIS_HASH, hashEvent, verifyStream } from './hash-chain';
import { positionOf } from './positions';
import { Upcasters } from './upcasting';

const metadata = { commandId: 'cmd-1', correlationId: 'corr-1', actor: 'ana', role: 'assessor' };

function stream(count: number) {
  const commit = prepareCommit('certificate-7', Array.from({ length: count }, (_, n) => ({ type: 'Scored', data: { n, b: 2, a: 1 } })), metadata, {
    lastRevision: -1,
    lastHash: GENESIS_HASH,
  });
  return commit.events.map((e, i) => toRecorded('certificate-7', e, i, positionOf(1, i)));
}

/** Many kinds of JSON-ish values (strings that JSON escapes, odd numbers, undefined, Dates, nesting), the same on every run. */
function generator(): (depth: number) => unknown {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  const strings = ['', 'plain', 'ș ț ă î â', 'Ђорђе Љубљана', 'őű', 'quote " and \\ backslash', 'line\nbreak\ttab\u0001', '\u2028\u2029', '😀 pair', 'lone \ud800 surrogate', '\udc00', '__proto__', '1', '10', 'a.b'];
  const numbers = [0, -0, 1, -1, 0.1 + 0.2, 1e21, 1e-7, 123456789012345680000, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, -3.5e-300];
  const value = (depth: number): unknown => {
    const kind = depth > 3 ? pick(['s', 'n', 'b', 'z']) : pick(['s', 'n', 'b', 'z', 'u', 'd', 'a', 'o', 'o']);
    if (kind === 's') return pick(strings);
    if (kind === 'n') return pick(numbers);
    if (kind === 'b') return random() < 0.5;
    if (kind === 'z') return null;
    if (kind === 'u') return undefined;
    if (kind === 'd') return new Date(Math.floor(random() * 4e12));
    if (kind === 'a') return Array.from({ length: Math.floor(random() * 4) }, () => value(depth + 1));
    return Object.fromEntries(Array.from({ length: Math.floor(random() * 6) }, () => [pick(strings) + pick(['', 'x', 'B', '2']), value(depth + 1)]));
  };
  return value;
}

describe('canonical JSON (RFC 8785)', () => {
  it('sorts keys at every depth and drops whitespace, whatever the insertion order', () => {
    expect(canonicalJson({ b: [1, { z: 1, a: 'x' }], a: 1.5e3 })).toBe('{"a":1500,"b":[1,{"a":"x","z":1}]}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
    expect(() => canonicalJson({ n: NaN })).toThrow();
  });

  it('is byte for byte what the canonicalize package makes, on many kinds of values (every stored hash is over this text)', () => {
    const value = generator();
    for (let i = 0; i < 2000; i++) {
      const v = { data: value(0), metadata: value(1), revision: i };
      expect(canonicalJson(v)).toBe(canonicalize(v));
    }
    expect(() => canonicalJson({ n: Infinity })).toThrow();
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });

  it('is the same text on plain JSON (as stored, JSON.stringify of a sorted copy) and on values only the full writer takes', () => {
    const value = generator();
    for (let i = 0; i < 2000; i++) {
      // JSON as it reads back: no Dates, no undefined; keys such as "10", "1" and an own "__proto__" remain.
      const plain: unknown = JSON.parse(JSON.stringify({ data: value(0), metadata: value(1), revision: i }));
      expect(canonicalJson(plain)).toBe(canonicalize(plain));
    }
    const odd: unknown[] = [
      { b: 1, '10': 2, '9': 3, a: { '2': 1, '10': 0 } }, // array-index keys: an object puts them first whatever their insertion
      JSON.parse('{"z":1,"__proto__":{"y":2},"a":[1,{"c":3,"b":2}]}'),
      { s: new String('boxed'), n: new Number(7) }, // eslint-disable-line no-new-wrappers
      { when: new Date(0), nested: { at: new Date(86_400_000), list: [new Date(1)] } },
      Object.assign(Object.create({ inherited: 1 }) as object, { own: 2 }),
      [undefined, 'x', { u: undefined, s: Symbol('s') }],
      { deep: JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) },
      Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${(i * 17) % 40}${i % 3 ? 'é' : 'Z'}`, i])), // more keys than are put in order by insertion
      { low: -0, tiny: 5e-324, big: 1e21, text: 'quote " backslash \\ line\n lone \ud800' },
    ];
    for (const v of odd) expect(canonicalJson(v)).toBe(canonicalize(v));
    expect(() => canonicalJson({ a: { b: [1, NaN] } })).toThrow('NaN is not allowed');
    expect(() => canonicalJson({ a: [-Infinity] })).toThrow('Infinity is not allowed');
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
  });
});

describe('hash chain', () => {
  it('links each event to the previous one from the genesis hash', () => {
    const events = stream(3);
    expect(events[0]!.metadata.prevHash).toBe(GENESIS_HASH);
    expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
    expect(hashEvent(events[2]!)).toBe(events[2]!.metadata.hash);
    expect(verifyStream(events)).toEqual({ ok: true });
    expect(verifyStream([])).toEqual({ ok: true });
  });

  it('covers the stream id and the revision as well as the content: a commit read as another stream\'s, or at another revision, breaks', () => {
    const [first] = stream(1);
    const { hash: _, ...unhashed } = first!.metadata;
    const base = { streamId: first!.streamId, revision: first!.revision, type: first!.type, data: first!.data, metadata: unhashed };
    expect(hashEvent(base)).toBe(first!.metadata.hash);
    expect(hashEvent({ ...base, streamId: 'certificate-8' })).not.toBe(first!.metadata.hash);
    expect(hashEvent({ ...base, revision: 1 })).not.toBe(first!.metadata.hash);
    expect(hashEvent({ ...base, data: { ...(base.data as object), n: 1 } })).not.toBe(first!.metadata.hash);
    // The same genuine first commit, taken for the first event of another stream.
    expect(verifyStream([{ ...first!, streamId: 'certificate-8' }])).toEqual({ ok: false, brokenAt: 0, reason: 'hash does not match the content (event changed)' });
  });

  it('does not depend on key order, only on content', () => {
    const events = stream(2);
    const reordered = { ...events[1]!, data: { a: 1, b: 2, n: 1 } };
    expect(verifyStream([events[0]!, reordered])).toEqual({ ok: true });
  });

  it('names the first broken link', () => {
    const events = stream(4);
    expect(verifyStream([events[0]!, { ...events[1]!, type: 'Forged' }, events[2]!, events[3]!])).toMatchObject({ ok: false, brokenAt: 1 });
    expect(verifyStream([events[0]!, events[1]!, events[2]!])).toEqual({ ok: true }); // a truncated tail is only seen against the head
    expect(verifyStream(events.slice(1))).toMatchObject({ ok: false, brokenAt: 0 });
    const swapped = [events[0]!, events[2]!, events[1]!, events[3]!].map((e, i) => ({ ...e, revision: i }));
    expect(verifyStream(swapped)).toMatchObject({ ok: false, brokenAt: 1, reason: expect.stringContaining('prevHash') });
  });

  it('verifies an upcast event over its stored form', () => {
    const upcasters = new Upcasters().register('Scored', 1, (d: { n: number }) => ({ score: d.n }));
    const upcast = stream(2).map((e) => upcasters.apply(e));
    expect(upcast[1]!.data).toEqual({ score: 1 });
    expect(verifyStream(upcast)).toEqual({ ok: true });
    expect(verifyStream([upcast[0]!, { ...upcast[1]!, stored: { data: { n: 5 }, schemaVersion: 1 } }])).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('deterministic event ids', () => {
  it('are UUID v5 per (stream, command, index)', () => {
    const id = deterministicEventId('certificate-7', 'cmd-1', 0);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicEventId('certificate-7', 'cmd-1', 0)).toBe(id);
    expect(deterministicEventId('certificate-7', 'cmd-1', 1)).not.toBe(id);
    expect(deterministicEventId('certificate-8', 'cmd-1', 0)).not.toBe(id);
    expect(stream(1)[0]!.metadata.eventId).toBe(id);
  });

  it('keep the values already stored in histories (pinned: the digest code may change, the bytes may not)', () => {
    expect(deterministicEventId('certificate-7', 'cmd-1', 0)).toBe('33bc0c11-0f32-539f-8f35-09dd9af59bf8');
    expect(deterministicEventId('organisation-Ђорђе-ő', 'comandă-ș', 2)).toBe('85139051-eff2-5f24-9985-82613a80a928');
  });
});

describe('event hashes', () => {
  it('keep the values already stored in histories (pinned SHA-256 of the canonical event)', () => {
    const [event] = prepareCommit('certificate-7', [{ type: 'Scored', data: { n: 0, b: 2, a: 1, name: 'Ђорђе ș' } }], metadata, { lastRevision: -1, lastHash: GENESIS_HASH }, new Date('2026-01-02T03:04:05.000Z')).events;
    expect(event!.metadata.eventId).toBe('33bc0c11-0f32-539f-8f35-09dd9af59bf8');
    expect(event!.metadata.hash).toBe('b2dd78139a71bd3be2f4464c529f3fa54eabfae2b5119ccff20401a363f3a295');
    expect(hashEvent({ streamId: 'certificate-7', revision: 0, type: event!.type, data: event!.data, metadata: event!.metadata })).toBe(event!.metadata.hash);
  });

  it('carry a command\'s request digest where there is one, and cover it: a digest changed afterwards breaks the chain', () => {
    const at = new Date('2026-01-02T03:04:05.000Z');
    const [plain] = prepareCommit('certificate-7', [{ type: 'Scored', data: { n: 0 } }], metadata, { lastRevision: -1, lastHash: GENESIS_HASH }, at).events;
    expect(plain!.metadata).not.toHaveProperty('requestDigest');
    const digested = prepareCommit('certificate-7', [{ type: 'Scored', data: { n: 0 } }, { type: 'Scored', data: { n: 1 } }], { ...metadata, requestDigest: 'sha256:ab' }, { lastRevision: -1, lastHash: GENESIS_HASH }, at);
    expect(digested.events.map((e) => e.metadata.requestDigest)).toEqual(['sha256:ab', 'sha256:ab']);
    expect(digested.events[0]!.metadata.hash).not.toBe(plain!.metadata.hash);
    const recorded = digested.events.map((e, i) => toRecorded('certificate-7', e, i, positionOf(1, i)));
    expect(verifyStream(recorded)).toEqual({ ok: true });
    recorded[1] = { ...recorded[1]!, metadata: { ...recorded[1]!.metadata, requestDigest: 'sha256:cd' } };
    expect(verifyStream(recorded)).toMatchObject({ ok: false, brokenAt: 1 });
  });
});

describe('stored event data', () => {
  it('is the data as it is when a JSON round trip would give it back unchanged, else the round trip: the same bytes and hash either way', () => {
    const value = generator();
    let plain = 0;
    for (let i = 0; i < 2000; i++) {
      const data = { v: value(0) };
      const stored = asStoredData(data);
      const roundTrip: unknown = JSON.parse(JSON.stringify(data));
      expect(JSON.stringify(stored)).toBe(JSON.stringify(roundTrip));
      expect(canonicalJson(stored)).toBe(canonicalJson(roundTrip));
      if (stored === data) plain++;
      else expect(stored).toEqual(roundTrip);
    }
    expect(plain).toBeGreaterThan(100);
  });

  it('leaves to the round trip what it would change, and what could answer differently when read twice', () => {
    class Money {
      constructor(readonly amount: number) {}
    }
    for (const changed of [new Date(0), undefined, NaN, Infinity, -0, new Money(1), [undefined], { toJSON: () => 1 }, { get n() { return Math.random(); } }, () => 1, Symbol('s')]) {
      expect(isPlainJson({ x: changed })).toBe(false);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(isPlainJson(deep)).toBe(false);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => asStoredData(cyclic)).toThrow(TypeError);
    expect(isPlainJson({ a: ['s', 1.5, true, null, { b: Object.create(null) as unknown }] })).toBe(true);
    const dated = prepareCommit('certificate-7', [{ type: 'Dated', data: { at: new Date('2026-01-02T03:04:05.000Z') } }], metadata, { lastRevision: -1, lastHash: GENESIS_HASH });
    expect(dated.events[0]!.data).toEqual({ at: '2026-01-02T03:04:05.000Z' });
  });
});
