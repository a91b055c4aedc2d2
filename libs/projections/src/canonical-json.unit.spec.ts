import { mongo } from 'mongoose';
import { canonicalDocument, stableStringify } from './canonical-json';

describe('canonical document form for read-model digests', () => {
  it('does not depend on key order, at any depth', () => {
    const a = canonicalDocument({ _id: 'c1', status: 'granted', holder: { name: 'Pekara', city: 'Vršac' } });
    const b = canonicalDocument({ holder: { city: 'Vršac', name: 'Pekara' }, status: 'granted', _id: 'c1' });
    expect(a).toBe(b);
  });

  it('leaves out volatile fields at the top level only', () => {
    const doc = { _id: 'c1', count: 2, updatedAt: new Date(), __v: 0, audit: { updatedAt: 'kept' } };
    expect(canonicalDocument(doc)).toBe('{"_id":"c1","audit":{"updatedAt":"kept"},"count":2}');
  });

  it('keeps array order: it carries meaning', () => {
    expect(canonicalDocument({ _id: 1, t: ['a', 'b'] })).not.toBe(canonicalDocument({ _id: 1, t: ['b', 'a'] }));
  });

  it('writes BSON types as typed Extended JSON so an ObjectId differs from its hex string', () => {
    const id = new mongo.ObjectId('65a1b2c3d4e5f60718293a4b');
    expect(canonicalDocument({ _id: id })).toBe('{"_id":{"$oid":"65a1b2c3d4e5f60718293a4b"}}');
    expect(canonicalDocument({ _id: id })).not.toBe(canonicalDocument({ _id: id.toHexString() }));
    expect(canonicalDocument({ _id: 1, at: new Date('2025-01-02T03:04:05.000Z') })).toBe('{"_id":1,"at":{"$date":"2025-01-02T03:04:05Z"}}');
  });

  it('treats an int and a double of the same value alike (servers differ in number width)', () => {
    expect(canonicalDocument({ _id: 1, n: new mongo.Int32(3) })).toBe(canonicalDocument({ _id: 1, n: new mongo.Double(3) }));
  });

  it('tells different values apart', () => {
    expect(canonicalDocument({ _id: 1, n: 3 })).not.toBe(canonicalDocument({ _id: 1, n: 4 }));
    expect(canonicalDocument({ _id: 1, n: 3 })).not.toBe(canonicalDocument({ _id: 1, n: '3' }));
  });

  it('drops undefined object members and writes undefined array items as null, like JSON', () => {
    expect(stableStringify({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
  });
});
