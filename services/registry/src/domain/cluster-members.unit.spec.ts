import { endedMembershipOf, memberIdsWithout } from './cluster-members';

const [bakery, dairy, farm] = ['bakery-ro', 'dairy-rs', 'farm-hu'];

describe("a cluster's members listed before consent, once the network says a membership ended", () => {
  it('drops the organisation that left or was removed, keeping the others in their order', () => {
    expect(memberIdsWithout([bakery, dairy, farm], dairy)).toEqual([bakery, farm]);
    expect(memberIdsWithout([bakery], bakery)).toEqual([]);
  });

  it('has nothing to record for an organisation not listed: dropped already (a redelivery) or a member by invitation only', () => {
    expect(memberIdsWithout([bakery, farm], dairy)).toBeUndefined();
    expect(memberIdsWithout([], dairy)).toBeUndefined();
  });

  it('reads the cluster and the organisation from the event; anything else names no membership', () => {
    expect(endedMembershipOf({ clusterId: 'c', organisationId: bakery, ending: 'departure', at: '2026-12-05T09:00:00.000Z' })).toEqual({ clusterId: 'c', organisationId: bakery });
    for (const data of [undefined, null, 'c', {}, { clusterId: 'c' }, { clusterId: 'c', organisationId: 7 }, { clusterId: '', organisationId: bakery }]) expect(endedMembershipOf(data)).toBeUndefined();
  });
});
