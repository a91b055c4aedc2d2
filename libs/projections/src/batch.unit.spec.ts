import { applyUpdate } from './batch';

describe('update operators applied in memory (batched projections)', () => {
  it('sets, unsets and increments, on dotted paths too, like MongoDB', () => {
    const doc: Record<string, unknown> = { _id: 'a', n: 1, holder: { name: 'Pekara' }, reason: 'x' };
    applyUpdate(doc, { $set: { status: 'active', 'holder.city': 'Vršac' }, $inc: { n: 2, missing: 5 }, $unset: { reason: 1 } }, false);
    expect(doc).toEqual({ _id: 'a', n: 3, missing: 5, status: 'active', holder: { name: 'Pekara', city: 'Vršac' } });
  });

  it('applies $setOnInsert only when the document is new', () => {
    const existing: Record<string, unknown> = { _id: 'a' };
    applyUpdate(existing, { $setOnInsert: { firstSeen: 1 } }, false);
    expect(existing).toEqual({ _id: 'a' });
    const inserted: Record<string, unknown> = { _id: 'b' };
    applyUpdate(inserted, { $setOnInsert: { firstSeen: 1 } }, true);
    expect(inserted).toEqual({ _id: 'b', firstSeen: 1 });
  });

  it('adds to a set only what it lacks (deep equality), pushes always, with or without $each', () => {
    const doc: Record<string, unknown> = { _id: 'a', ids: ['x'] };
    applyUpdate(doc, { $addToSet: { ids: 'x', tags: { $each: ['t', 't', 'u'] } }, $push: { log: { $each: [1, 1] } } }, false);
    expect(doc).toEqual({ _id: 'a', ids: ['x'], tags: ['t', 'u'], log: [1, 1] });
  });

  it('keeps the larger or smaller value with $max and $min', () => {
    const doc: Record<string, unknown> = { _id: 'a', hi: 5, lo: 5 };
    applyUpdate(doc, { $max: { hi: 3, fresh: 1 }, $min: { lo: 3 } }, false);
    expect(doc).toEqual({ _id: 'a', hi: 5, lo: 3, fresh: 1 });
  });

  it('does not share values with the update (a later change to the event data cannot leak in)', () => {
    const products = [{ name: 'rakija' }];
    const doc: Record<string, unknown> = { _id: 'a' };
    applyUpdate(doc, { $set: { products } }, true);
    products[0]!.name = 'changed';
    expect(doc.products).toEqual([{ name: 'rakija' }]);
  });

  it('refuses an operator it does not implement rather than guessing', () => {
    expect(() => applyUpdate({ _id: 'a' }, { $rename: { a: 'b' } }, false)).toThrow(/\$rename is not supported/);
  });
});
