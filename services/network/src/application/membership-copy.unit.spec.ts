import { pageInOrder } from '@banat/messaging';
import { MembershipDocument } from '../read-models/membership.schema';
import { byJoining, memberMatches } from './membership-copy';

const member = (id: string, fields: Partial<MembershipDocument> = {}): MembershipDocument => ({ _id: id, organisationCountry: 'RO', status: 'active', roles: ['partner'], joinedAt: '2026-11-01T10:00:00.000Z', history: [], version: 2, ...fields });

describe("the members' list from a replica's copy (pure)", () => {
  it('lists active members only, by role, brand holding today and country', () => {
    const doc = member('a', { roles: ['partner', 'expert-organisation'], organisationCountry: 'HU' });
    expect(memberMatches(doc, {})).toBe(true);
    expect(memberMatches(doc, { role: 'expert-organisation', country: 'HU' })).toBe(true);
    expect(memberMatches(doc, { role: 'research-institution' })).toBe(false);
    expect(memberMatches(doc, { country: 'RS' })).toBe(false);
    expect(memberMatches(doc, { holders: new Set(['a']) })).toBe(true);
    expect(memberMatches(doc, { holders: new Set(['b']) })).toBe(false);
    for (const status of ['applied', 'suspended', 'rejected', 'left'] as const) expect(memberMatches(member('a', { status }), {})).toBe(false);
  });

  it('pages in the order members joined, ties by id', () => {
    const docs = [member('c', { joinedAt: '2026-11-02T00:00:00.000Z' }), member('b', { joinedAt: '2026-11-01T00:00:00.000Z' }), member('a', { joinedAt: '2026-11-02T00:00:00.000Z' })];
    expect([...docs].sort(byJoining).map((d) => d._id)).toEqual(['b', 'a', 'c']);
    expect(pageInOrder(docs, byJoining, 1, 1)).toEqual({ entries: [docs[2]], total: 3 });
  });
});
