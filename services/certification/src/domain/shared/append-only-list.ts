/**
 * An immutable list that grows by one item at a time without copying what it holds: the newest
 * list over an array extends that array in place, and each list reads only its own first `length`
 * items, so every list handed out before stays as it was. Only adding to an older list (a state
 * evolved twice) copies, its own part. A certificate's findings were copied whole by evolve on each
 * finding: a cost that grew with the stream, on the command path of every finding.
 */
export class AppendOnlyList<T> implements Iterable<T> {
  private constructor(
    private readonly items: T[],
    readonly length: number,
  ) {}

  static empty<T>(): AppendOnlyList<T> {
    return new AppendOnlyList<T>([], 0);
  }

  /** This list with the item after its last. */
  with(item: T): AppendOnlyList<T> {
    if (this.items.length === this.length) {
      this.items.push(item);
      return new AppendOnlyList(this.items, this.length + 1);
    }
    const items = this.items.slice(0, this.length);
    items.push(item);
    return new AppendOnlyList(items, this.length + 1);
  }

  at(index: number): T | undefined {
    const i = index < 0 ? this.length + index : index;
    return i >= 0 && i < this.length ? this.items[i] : undefined;
  }

  toArray(): T[] {
    return this.items.slice(0, this.length);
  }

  toJSON(): T[] {
    return this.toArray();
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.items[i]!;
  }
}
