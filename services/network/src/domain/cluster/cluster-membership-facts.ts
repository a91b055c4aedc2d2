import { ClusterMembershipEndedData, ClusterMembershipStartedData, NetworkEvents } from '@banat/contracts';
import type { ClusterMembershipEvent } from './cluster-membership';

export type ClusterMembershipFact =
  | { event: typeof NetworkEvents.clusterMembershipStarted; data: ClusterMembershipStartedData }
  | { event: typeof NetworkEvents.clusterMembershipEnded; data: ClusterMembershipEndedData };

/**
 * What partners are told of a membership step: that it started (acceptance) or ended (departure, removal). Invitations
 * and their answers are the two sides' business, and who acted and a removal's reason stay in the network's steps, as
 * the network's other public events keep them (network.member.left.v1 carries no reason).
 */
export function clusterMembershipFact(ids: { clusterId: string; organisationId: string }, event: ClusterMembershipEvent): ClusterMembershipFact | undefined {
  const { clusterId, organisationId } = ids;
  switch (event.type) {
    case 'ClusterInvitationAccepted':
      return { event: NetworkEvents.clusterMembershipStarted, data: { clusterId, organisationId, at: event.data.at } };
    case 'ClusterMemberLeft':
    case 'ClusterMemberRemoved':
      return { event: NetworkEvents.clusterMembershipEnded, data: { clusterId, organisationId, ending: event.type === 'ClusterMemberLeft' ? 'departure' : 'removal', at: event.data.at } };
    default:
      return undefined;
  }
}
