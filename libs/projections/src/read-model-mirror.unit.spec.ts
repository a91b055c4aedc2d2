import { POSITIONS_PER_SPAN, positionSpan } from './position-filter';
import { ReadModelMirror } from './read-model-mirror';

interface Doc {
  _id: string;
  _position?: number;
  _positionSpan?: number;
  n?: number;
}

/**
 * A collection and a checkpoint as a projection leaves them: each write stamps the position and its span, the
 * checkpoint is saved after the writes it covers. `find` answers equality on `_positionSpan` or everything, as the
 * mirror asks, and counts its queries.
 */
function store() {
  const docs = new Map<string, Doc>();
  const state = { checkpoint: 0, finds: [] as Array<Record<string, unknown>> };
  return {
    state,
    docs,
    write(id: string, position: number, n = position) {
      docs.set(id, { _id: id, _position: position, _positionSpan: positionSpan(position), n });
    },
    options: {
      projection: 'p',
      checkpoint: async () => state.checkpoint,
      find: async (filter: Record<string, unknown>) => {
        state.finds.push(filter);
        return [...docs.values()].filter((d) => !('_positionSpan' in filter) || d._positionSpan === filter._positionSpan).map((d) => ({ ...d }));
      },
    },
  };
}

const contents = async (mirror: ReadModelMirror<Doc>, after?: number) => {
  const { ids, get } = await mirror.documents(after);
  return ids.map((id) => [id, get(id).n]);
};

describe('ReadModelMirror', () => {
  it('loads the whole collection first, in _id order', async () => {
    const s = store();
    for (const [id, position] of [['c', 3], ['a', 1], ['b', 2]] as const) s.write(id, position);
    s.state.checkpoint = 3;
    const mirror = new ReadModelMirror<Doc>(s.options);
    expect(await contents(mirror)).toEqual([['a', 1], ['b', 2], ['c', 3]]);
    expect(mirror.last).toEqual({ kind: 'full', documents: 3, queries: 1 });
    expect(mirror.position).toBe(3);
  });

  it('then reads only the spans from the position reached to the checkpoint, and takes later positions only', async () => {
    const s = store();
    s.write('a', 1);
    s.state.checkpoint = 1;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 0 });
    await mirror.documents();
    s.state.finds.length = 0;
    const far = 3 * POSITIONS_PER_SPAN + 7;
    s.write('b', far - 1);
    s.write('a', far, 42);
    s.state.checkpoint = far;
    expect(await contents(mirror)).toEqual([['a', 42], ['b', far - 1]]);
    expect(s.state.finds).toEqual([0, 1, 2, 3].map((span) => ({ _positionSpan: span })));
    expect(mirror.last).toEqual({ kind: 'spans', documents: 2, queries: 4 });
    // Read again at the next refresh (the checkpoint's span is re-read): nothing older replaces what is held.
    s.docs.set('a', { _id: 'a', _position: far - 5, _positionSpan: positionSpan(far - 5), n: -1 });
    s.state.checkpoint = far + 1;
    expect(await contents(mirror)).toEqual([['a', 42], ['b', far - 1]]);
  });

  it('leaves out what is written past the checkpoint until the checkpoint covers it', async () => {
    const s = store();
    s.state.checkpoint = 0;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 0 });
    expect(await contents(mirror)).toEqual([]);
    s.write('a', 5); // in the store, its checkpoint not saved yet
    expect(await contents(mirror)).toEqual([]);
    expect(mirror.last?.kind).toBe('none');
    s.state.checkpoint = 5;
    expect(await contents(mirror)).toEqual([['a', 5]]);
  });

  it("reads up to a caller's `after` before the checkpoint says so, and does not count it as a reset when the checkpoint follows", async () => {
    const s = store();
    s.write('a', 1);
    s.state.checkpoint = 1;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 60_000 });
    await mirror.documents();
    s.write('b', 9);
    expect(await contents(mirror)).toEqual([['a', 1]]); // fresh enough without `after`
    expect(await contents(mirror, 9)).toEqual([['a', 1], ['b', 9]]);
    expect(mirror.last?.kind).toBe('spans');
    expect(mirror.position).toBe(9);
    s.state.checkpoint = 9;
    await mirror.refresh();
    expect(mirror.last?.kind).toBe('none');
  });

  it('reads everything again when the checkpoint goes back (a reset projection), and drops what is gone', async () => {
    const s = store();
    s.write('a', 1);
    s.write('b', 2);
    s.state.checkpoint = 2;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 0 });
    await mirror.documents();
    s.docs.clear();
    s.state.checkpoint = 0;
    expect(await contents(mirror)).toEqual([]);
    expect(mirror.last?.kind).toBe('full');
  });

  it('reads everything again rather than more than maxSpans spans', async () => {
    const s = store();
    s.state.checkpoint = 0;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 0, maxSpans: 2 });
    await mirror.documents();
    s.write('a', 5 * POSITIONS_PER_SPAN);
    s.state.checkpoint = 5 * POSITIONS_PER_SPAN;
    expect(await contents(mirror)).toEqual([['a', 5 * POSITIONS_PER_SPAN]]);
    expect(mirror.last).toEqual({ kind: 'full', documents: 1, queries: 1 });
  });

  it('shares one refresh between callers, and answers from the copy while it is fresh', async () => {
    const s = store();
    s.write('a', 1);
    s.state.checkpoint = 1;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, maxStalenessMs: 60_000 });
    await Promise.all([mirror.documents(), mirror.documents(), mirror.documents(1)]);
    expect(s.state.finds).toHaveLength(1);
    await mirror.documents();
    expect(s.state.finds).toHaveLength(1);
  });

  it('passes a failed read to the caller, and the next one tries again', async () => {
    const s = store();
    s.write('a', 1);
    s.state.checkpoint = 1;
    let fail = true;
    const mirror = new ReadModelMirror<Doc>({ ...s.options, find: async (filter) => (fail ? Promise.reject(new Error('store down')) : s.options.find(filter)) });
    await expect(mirror.documents()).rejects.toThrow('store down');
    fail = false;
    expect(await contents(mirror)).toEqual([['a', 1]]);
  });
});
