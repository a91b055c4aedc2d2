/**
 * An organisation's membership of a cluster, with its consent: the cluster invites (and may withdraw an invitation not
 * yet answered), the invited organisation accepts or declines, a member may leave, and the cluster may remove it. Only an
 * accepted membership makes it a member anyone else sees.
 */
import type { CommandMetadata, Decider } from '../shared/decider';
import { NetworkRuleViolation, OrganisationNotRegistered } from '../shared/rule-violation';
import { NotACluster } from './service-map';

/**
 * From this instant a registry event listing a cluster's `memberIds` no longer makes them members: the cluster invites
 * them in the network and each accepts. Ids the registry listed before it (direct additions, made before the network
 * asked for consent) are read as before, as accepted members; such a member may leave like any other.
 */
export const CLUSTER_CONSENT_REQUIRED_FROM = '2026-12-03T00:00:00.000Z';

export type ClusterMembershipStatus = 'invited' | 'member' | 'declined' | 'left' | 'withdrawn' | 'removed';
export type ClusterMembershipStep = { step: 'listed-before-consent' | 'invited' | 'accepted' | 'declined' | 'left' | 'withdrawn' | 'removed'; at: string; by: string; reason?: string };

export type ClusterMembershipEvent =
  /** Not stored by a command: the state a registry listing from before CLUSTER_CONSENT_REQUIRED_FROM stands for. */
  | { type: 'ClusterMemberListedBeforeConsent'; data: { clusterId: string; organisationId: string; at: string; by: string } }
  | { type: 'ClusterMemberInvited'; data: { clusterId: string; organisationId: string; at: string; by: string } }
  | { type: 'ClusterInvitationAccepted' | 'ClusterInvitationDeclined' | 'ClusterMemberLeft'; data: { at: string; by: string } }
  /** The cluster took back an invitation the organisation had not answered. */
  | { type: 'ClusterInvitationWithdrawn'; data: { at: string; by: string } }
  /** The cluster ended a membership (the organisation itself leaves by ClusterMemberLeft). */
  | { type: 'ClusterMemberRemoved'; data: { at: string; by: string; reason?: string } };

export type ClusterMembership =
  | { status: 'none' }
  | { clusterId: string; organisationId: string; status: ClusterMembershipStatus; history: ClusterMembershipStep[] };

export type ClusterMembershipCommand =
  | { type: 'InviteToCluster'; data: { clusterId: string; organisationId: string; cluster?: { kind: string; active: boolean }; invitedActive: boolean }; metadata: CommandMetadata }
  | { type: 'AcceptClusterInvitation' | 'DeclineClusterInvitation' | 'LeaveCluster' | 'WithdrawClusterInvitation'; data: { clusterId: string; organisationId: string }; metadata: CommandMetadata }
  | { type: 'RemoveClusterMember'; data: { clusterId: string; organisationId: string; reason?: string }; metadata: CommandMetadata };

export class ClusterMemberOfItself extends NetworkRuleViolation {
  readonly rule = 'ClusterMemberOfItself';
  constructor(clusterId: string) {
    super(`cluster ${clusterId} cannot be its own member`, { clusterId });
  }
}

export class ClusterMembershipNotInStatus extends NetworkRuleViolation {
  readonly rule = 'ClusterMembershipNotInStatus';
  constructor(clusterId: string, organisationId: string, status: string, needed: string) {
    super(`organisation ${organisationId} is ${status === 'none' ? 'neither invited to nor a member of' : `${status} in`} cluster ${clusterId}; this needs it ${needed}`, { clusterId, organisationId, status, needed });
  }
}

function decideClusterMembership(command: ClusterMembershipCommand, state: ClusterMembership): ClusterMembershipEvent[] {
  const { now: at, actor: by } = command.metadata;
  const { clusterId, organisationId } = command.data;
  const refuse = (needed: string) => new ClusterMembershipNotInStatus(clusterId, organisationId, state.status, needed);
  switch (command.type) {
    case 'InviteToCluster': {
      const { cluster } = command.data;
      if (!cluster?.active) throw new OrganisationNotRegistered(clusterId);
      if (cluster.kind !== 'cluster') throw new NotACluster(clusterId, cluster.kind);
      if (organisationId === clusterId) throw new ClusterMemberOfItself(clusterId);
      if (!command.data.invitedActive) throw new OrganisationNotRegistered(organisationId);
      // Invited again after a refusal, a departure, a withdrawn invitation or a removal: the organisation answers anew.
      if (state.status === 'invited' || state.status === 'member') throw refuse('not invited and not a member');
      return [{ type: 'ClusterMemberInvited', data: { clusterId, organisationId, at, by } }];
    }
    case 'AcceptClusterInvitation':
    case 'DeclineClusterInvitation':
      if (state.status !== 'invited') throw refuse('invited');
      return [{ type: command.type === 'AcceptClusterInvitation' ? 'ClusterInvitationAccepted' : 'ClusterInvitationDeclined', data: { at, by } }];
    case 'WithdrawClusterInvitation':
      if (state.status !== 'invited') throw refuse('invited');
      return [{ type: 'ClusterInvitationWithdrawn', data: { at, by } }];
    case 'LeaveCluster':
      if (state.status !== 'member') throw refuse('a member');
      return [{ type: 'ClusterMemberLeft', data: { at, by } }];
    case 'RemoveClusterMember': {
      if (state.status !== 'member') throw refuse('a member');
      const reason = command.data.reason?.trim();
      return [{ type: 'ClusterMemberRemoved', data: { at, by, ...(reason ? { reason } : {}) } }];
    }
  }
}

const STEP = {
  ClusterInvitationAccepted: ['accepted', 'member'],
  ClusterInvitationDeclined: ['declined', 'declined'],
  ClusterMemberLeft: ['left', 'left'],
  ClusterInvitationWithdrawn: ['withdrawn', 'withdrawn'],
  ClusterMemberRemoved: ['removed', 'removed'],
} as const;

function evolveClusterMembership(state: ClusterMembership, event: ClusterMembershipEvent): ClusterMembership {
  if (event.type === 'ClusterMemberListedBeforeConsent' || event.type === 'ClusterMemberInvited') {
    const { clusterId, organisationId, at, by } = event.data;
    const [step, status] = event.type === 'ClusterMemberInvited' ? (['invited', 'invited'] as const) : (['listed-before-consent', 'member'] as const);
    const history = state.status === 'none' ? [] : state.history;
    return { clusterId, organisationId, status, history: [...history, { step, at, by }] };
  }
  if (state.status === 'none') return state;
  const [step, status] = STEP[event.type];
  const { at, by } = event.data;
  const reason = event.type === 'ClusterMemberRemoved' ? event.data.reason : undefined;
  return { ...state, status, history: [...state.history, { step, at, by, ...(reason ? { reason } : {}) }] };
}

export const clusterMembershipDecider: Decider<ClusterMembership, ClusterMembershipCommand, ClusterMembershipEvent> = {
  decide: decideClusterMembership,
  evolve: evolveClusterMembership,
  initialState: () => ({ status: 'none' }),
};

/**
 * The ids a cluster's registry listing still makes members without an invitation: at an event before
 * CLUSTER_CONSENT_REQUIRED_FROM, all it lists; at a later one, only those listed before and still listed (a cluster may
 * drop a member in the registry, but adds one only by inviting it).
 */
export function listedBeforeConsent(eventTime: string | undefined, listed: readonly string[], before: readonly string[]): string[] {
  if (eventTime !== undefined && eventTime < CLUSTER_CONSENT_REQUIRED_FROM) return [...listed];
  return listed.filter((id) => before.includes(id));
}
