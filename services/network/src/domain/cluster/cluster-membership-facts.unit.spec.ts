import { NetworkEvents } from '@banat/contracts';
import { CLUSTER_CONSENT_REQUIRED_FROM, ClusterMembershipEvent } from './cluster-membership';
import { clusterMembershipFact } from './cluster-membership-facts';

const ids = { clusterId: 'cluster-food-ro', organisationId: 'bakery-ro' };
const at = '2026-12-05T09:00:00.000Z';

describe("what partners are told of a cluster's members", () => {
  it('a membership starts when the invited organisation accepts', () => {
    expect(clusterMembershipFact(ids, { type: 'ClusterInvitationAccepted', data: { at, by: 'ana' } })).toEqual({ event: NetworkEvents.clusterMembershipStarted, data: { ...ids, at } });
  });

  it('it ends by the organisation\'s departure or the cluster\'s removal, without who acted or why', () => {
    expect(clusterMembershipFact(ids, { type: 'ClusterMemberLeft', data: { at, by: 'ana' } })).toEqual({ event: NetworkEvents.clusterMembershipEnded, data: { ...ids, ending: 'departure', at } });
    expect(clusterMembershipFact(ids, { type: 'ClusterMemberRemoved', data: { at, by: 'cl', reason: 'dues unpaid for a year' } })).toEqual({ event: NetworkEvents.clusterMembershipEnded, data: { ...ids, ending: 'removal', at } });
  });

  it('invitations, their answers other than acceptance and a listing from before consent are told to no one', () => {
    const private_: ClusterMembershipEvent[] = [
      { type: 'ClusterMemberInvited', data: { ...ids, at, by: 'cl' } },
      { type: 'ClusterInvitationDeclined', data: { at, by: 'ana' } },
      { type: 'ClusterInvitationWithdrawn', data: { at, by: 'cl' } },
      { type: 'ClusterMemberListedBeforeConsent', data: { ...ids, at: CLUSTER_CONSENT_REQUIRED_FROM, by: 'registry' } },
    ];
    for (const event of private_) expect(clusterMembershipFact(ids, event)).toBeUndefined();
  });
});
