/**
 * A cluster's `memberIds` in the registry are those listed before the network asked members for their consent; the
 * network owns membership since. When it reports that a membership ended (network.cluster-membership.ended.v1), the
 * registry no longer lists that organisation. It never adds one on an acceptance: that member is shown by the network
 * (GET /api/v1/network/clusters/{id}/members), and the registry's list may shrink, never grow.
 */

/** The ids that name a membership that ended, from the event's `data`; undefined for anything else. */
export function endedMembershipOf(data: unknown): { clusterId: string; organisationId: string } | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { clusterId, organisationId } = data as Record<string, unknown>;
  if (typeof clusterId !== 'string' || typeof organisationId !== 'string' || !clusterId || !organisationId) return undefined;
  return { clusterId, organisationId };
}

/** The cluster's list without the organisation; undefined when it is not listed (dropped already, or never listed): nothing to record. */
export function memberIdsWithout(memberIds: readonly string[], organisationId: string): string[] | undefined {
  return memberIds.includes(organisationId) ? memberIds.filter((id) => id !== organisationId) : undefined;
}
