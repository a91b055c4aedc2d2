import type { Connection, Model } from 'mongoose';
import { REGISTER_STALENESS_MS, RegisterMirror, registerPage, type RegisterFilter, type StoredRegisterEntry } from './register-mirror';
import type { RegisterEntryDocument } from './register.schema';

const STATUSES = ['active', 'suspended', 'withdrawn', 'expired'];
const COUNTRIES = ['RO', 'RS', 'HU'];

function entries(count: number): StoredRegisterEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    _id: `MIB-${2025 + (i % 3)}-${String((i * 7919) % 10_000).padStart(4, '0')}`,
    status: STATUSES[i % 4],
    schemeId: i % 5 === 0 ? 'other-scheme' : 'made-in-banat',
    holderCountry: COUNTRIES[i % 3],
    holderRegion: `${COUNTRIES[i % 3]}-${i % 2 ? 'TM' : 'AR'}`,
    holderOrganisationId: `org-${i % 11}`,
    _position: i + 1,
  })) as unknown as StoredRegisterEntry[];
}

/** What the store answered: the matching entries in _id order, a page of them, and their count. */
function reference(all: StoredRegisterEntry[], filter: RegisterFilter, page: number, pageSize: number) {
  const matching = all
    .filter((e) => (filter.numberPrefix === undefined || e._id.startsWith(filter.numberPrefix)) && (['status', 'schemeId', 'holderCountry', 'holderRegion', 'holderOrganisationId'] as const).every((k) => filter[k] === undefined || e[k] === filter[k]))
    .sort((a, b) => (a._id < b._id ? -1 : 1));
  return { items: matching.slice((page - 1) * pageSize, page * pageSize), total: matching.length };
}

describe('registerPage', () => {
  const all = entries(600);
  const byId = new Map(all.map((e) => [e._id, e]));
  const copy = { ids: [...byId.keys()].sort(), get: (id: string) => byId.get(id)! };

  it.each<[string, RegisterFilter, number, number]>([
    ['everything, first page', {}, 1, 20],
    ['everything, a middle page', {}, 7, 25],
    ['past the last page', {}, 100, 20],
    ['one status', { status: 'suspended' }, 2, 10],
    ['scheme and country', { schemeId: 'other-scheme', holderCountry: 'RS' }, 1, 100],
    ['region and holder', { holderRegion: 'RO-TM', holderOrganisationId: 'org-3' }, 1, 5],
    ['number prefix', { numberPrefix: 'MIB-2026-1' }, 1, 50],
    ['number prefix and status', { numberPrefix: 'MIB-2025', status: 'active' }, 3, 7],
    ['nothing matches', { holderCountry: 'XX' }, 1, 20],
  ])('%s: the page and the count the store gave', (_label, filter, page, pageSize) => {
    const got = registerPage(copy, filter, page, pageSize);
    const want = reference(all, filter, page, pageSize);
    expect(got.total).toBe(want.total);
    expect(got.items.map((e) => e._id)).toEqual(want.items.map((e) => e._id));
  });

  it('a document without the filtered field does not match it', () => {
    const bare = { _id: 'MIB-2027-0001', status: 'active' } as unknown as StoredRegisterEntry;
    expect(registerPage({ ids: [bare._id], get: () => bare }, { schemeId: 'made-in-banat' }, 1, 20)).toEqual({ items: [], total: 0 });
  });
});

describe('RegisterMirror', () => {
  /** The store as the mirror reads it: entries found by equality on their span, and the stored checkpoint, counting reads. */
  function stand() {
    const entries: StoredRegisterEntry[] = [];
    const state = { checkpoint: 0, checkpointReads: 0 };
    const model = {
      find: (filter: Record<string, unknown>) => ({ lean: async () => entries.filter((e) => !('_positionSpan' in filter) || e._positionSpan === filter._positionSpan) }),
    } as unknown as Model<RegisterEntryDocument>;
    const connection = { collection: () => ({ findOne: async () => (state.checkpointReads++, { position: state.checkpoint }) }) } as unknown as Connection;
    const add = (number: string, position: number) => entries.push({ _id: number, status: 'active', _position: position, _positionSpan: Math.floor(position / 256) } as unknown as StoredRegisterEntry);
    return { mirror: new RegisterMirror(model, connection), state, add };
  }

  it('reads back at most once per REGISTER_STALENESS_MS for searches without `after`, and at once for one with it', async () => {
    const { mirror, state, add } = stand();
    let now = 1_000_000;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    try {
      expect((await mirror.page({}, 1, 20)).total).toBe(0);
      add('MIB-2026-0001', 5);
      state.checkpoint = 5;
      const reads = state.checkpointReads;
      for (let i = 0; i < 5; i++) expect((await mirror.page({}, 1, 20)).total).toBe(0);
      expect(state.checkpointReads).toBe(reads);
      expect((await mirror.page({}, 1, 20, 5)).total).toBe(1);
      add('MIB-2026-0002', 6);
      state.checkpoint = 6;
      now += REGISTER_STALENESS_MS + 1;
      expect((await mirror.page({}, 1, 20)).total).toBe(2);
    } finally {
      jest.restoreAllMocks();
    }
  });
});
