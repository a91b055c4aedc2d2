import { AppendOnlyList } from './append-only-list';

describe('AppendOnlyList', () => {
  it('grows by one without changing any list handed out before', () => {
    const empty = AppendOnlyList.empty<number>();
    const one = empty.with(1);
    const two = one.with(2);
    expect([...empty]).toEqual([]);
    expect([...one]).toEqual([1]);
    expect([...two]).toEqual([1, 2]);
    expect(two.length).toBe(2);
    expect(one.length).toBe(1);
  });

  it('adding to an older list branches off: both branches keep their own items', () => {
    const one = AppendOnlyList.empty<string>().with('a');
    const left = one.with('b');
    const right = one.with('c');
    const leftMore = left.with('d');
    const rightMore = right.with('e');
    expect(left.toArray()).toEqual(['a', 'b']);
    expect(right.toArray()).toEqual(['a', 'c']);
    expect(leftMore.toArray()).toEqual(['a', 'b', 'd']);
    expect(rightMore.toArray()).toEqual(['a', 'c', 'e']);
    expect(one.toArray()).toEqual(['a']);
  });

  it('reads by index within its own length only, and serialises as an array', () => {
    const two = AppendOnlyList.empty<number>().with(1).with(2);
    two.with(3);
    expect(two.at(0)).toBe(1);
    expect(two.at(-1)).toBe(2);
    expect(two.at(2)).toBeUndefined();
    expect(JSON.stringify({ list: two })).toBe('{"list":[1,2]}');
    const copy = two.toArray();
    copy.push(9);
    expect(two.toArray()).toEqual([1, 2]);
  });
});
