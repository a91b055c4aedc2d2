import { isDuplicateKeyError, notYetApplied, POSITION_FIELD, POSITIONS_PER_SPAN, positionSpan, withPosition } from './position-filter';

describe('position-guarded writes', () => {
  it('matches a document only while the position is newer than the one it holds, or it holds none', () => {
    expect(notYetApplied('cert-1', 42)).toEqual({
      _id: 'cert-1',
      $or: [{ _position: { $lt: 42 } }, { _position: { $exists: false } }],
    });
  });

  it('uses only operators FerretDB 1.x supports (no $expr, no $text)', () => {
    const text = JSON.stringify(notYetApplied('x', 1));
    expect(text).not.toMatch(/\$expr|\$text|\$where/);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses position %p', (position) => {
    expect(() => notYetApplied('x', position)).toThrow(/positive integer/);
  });

  it('stamps the position into $set and keeps the other operators', () => {
    expect(withPosition({ $inc: { eventCount: 1 }, $set: { status: 'granted' } }, 7)).toEqual({
      $inc: { eventCount: 1 },
      $set: { status: 'granted', [POSITION_FIELD]: 7 },
    });
    expect(withPosition({ $setOnInsert: { firstSeenAt: 3 } }, 9)).toEqual({ $setOnInsert: { firstSeenAt: 3 }, $set: { _position: 9 } });
  });

  it('stamps the position span too when the read model keeps spans, and only then', () => {
    expect(withPosition({ $set: { status: 'granted' } }, 7, true)).toEqual({ $set: { status: 'granted', _position: 7, _positionSpan: 0 } });
    expect(withPosition({ $inc: { findings: 1 } }, POSITIONS_PER_SPAN * 3 + 5, true)).toEqual({ $inc: { findings: 1 }, $set: { _position: POSITIONS_PER_SPAN * 3 + 5, _positionSpan: 3 } });
    expect(withPosition({ $set: { status: 'granted' } }, 7, false).$set).not.toHaveProperty('_positionSpan');
  });

  it('puts each position in the span that starts at or before it and ends before the next one', () => {
    expect([1, POSITIONS_PER_SPAN - 1, POSITIONS_PER_SPAN, 2 * POSITIONS_PER_SPAN - 1, 2 * POSITIONS_PER_SPAN].map(positionSpan)).toEqual([0, 0, 1, 1, 2]);
  });

  it('refuses a replacement document: it would drop fields and the guard', () => {
    expect(() => withPosition({ status: 'granted' } as never, 3)).toThrow(/operators/);
  });

  it('refuses an update that writes the position itself', () => {
    expect(() => withPosition({ $set: { _position: 1 } }, 3)).toThrow(/managed/);
    expect(() => withPosition({ $inc: { _position: 1 } }, 3)).toThrow(/managed/);
    expect(() => withPosition({ $set: { _positionSpan: 0 } }, 3, true)).toThrow(/managed/);
    expect(() => withPosition({ $unset: { _positionSpan: 1 } }, 3)).toThrow(/managed/);
  });

  it('recognises a duplicate-key error by its code only', () => {
    expect(isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 11000 }))).toBe(true);
    expect(isDuplicateKeyError(Object.assign(new Error('E11000 duplicate key'), { code: 2 }))).toBe(false);
    expect(isDuplicateKeyError('E11000')).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });
});
