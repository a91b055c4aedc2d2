import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { CLUSTER_CONSENT_REQUIRED_FROM, ClusterMemberOfItself, ClusterMembershipCommand, clusterMembershipDecider, ClusterMembershipEvent, ClusterMembershipNotInStatus, listedBeforeConsent } from './cluster-membership';
import { NotACluster } from './service-map';

const given = deciderSpecificationFor(clusterMembershipDecider);
const clusterId = 'cluster-food-ro';
const organisationId = 'bakery-ro';
const by = (actor: string, day: string) => ({ now: `${day}T09:00:00.000Z`, actor, role: 'member' });
const invite = (changes: Partial<{ organisationId: string; cluster: { kind: string; active: boolean } | undefined; invitedActive: boolean }> = {}): ClusterMembershipCommand => ({
  type: 'InviteToCluster',
  data: { clusterId, organisationId, cluster: { kind: 'cluster', active: true }, invitedActive: true, ...changes },
  metadata: by('cl', '2026-12-04'),
});
const answer = (type: 'AcceptClusterInvitation' | 'DeclineClusterInvitation' | 'LeaveCluster'): ClusterMembershipCommand => ({ type, data: { clusterId, organisationId }, metadata: by('ana', '2026-12-05') });
const invited: ClusterMembershipEvent = { type: 'ClusterMemberInvited', data: { clusterId, organisationId, at: '2026-12-04T09:00:00.000Z', by: 'cl' } };
const accepted: ClusterMembershipEvent = { type: 'ClusterInvitationAccepted', data: { at: '2026-12-05T09:00:00.000Z', by: 'ana' } };
const declined: ClusterMembershipEvent = { type: 'ClusterInvitationDeclined', data: { at: '2026-12-05T09:00:00.000Z', by: 'ana' } };
const left: ClusterMembershipEvent = { type: 'ClusterMemberLeft', data: { at: '2026-12-05T09:00:00.000Z', by: 'ana' } };
const byCluster = (type: 'WithdrawClusterInvitation' | 'RemoveClusterMember', reason?: string): ClusterMembershipCommand =>
  type === 'RemoveClusterMember'
    ? { type, data: { clusterId, organisationId, ...(reason !== undefined ? { reason } : {}) }, metadata: by('cl', '2026-12-06') }
    : { type, data: { clusterId, organisationId }, metadata: by('cl', '2026-12-06') };
const withdrawn: ClusterMembershipEvent = { type: 'ClusterInvitationWithdrawn', data: { at: '2026-12-06T09:00:00.000Z', by: 'cl' } };
const removed: ClusterMembershipEvent = { type: 'ClusterMemberRemoved', data: { at: '2026-12-06T09:00:00.000Z', by: 'cl', reason: 'dues unpaid for a year' } };
const listed: ClusterMembershipEvent = { type: 'ClusterMemberListedBeforeConsent', data: { clusterId, organisationId, at: CLUSTER_CONSENT_REQUIRED_FROM, by: 'registry' } };

describe("a cluster's members, with their consent", () => {
  it('are invited by a registered cluster; an invitation is not membership', () => {
    given([]).when(invite()).then([invited]);
    expect(clusterMembershipDecider.evolve(clusterMembershipDecider.initialState(), invited)).toMatchObject({ status: 'invited' });
    given([]).when(invite({ cluster: { kind: 'sme', active: true } })).thenThrows(NotACluster, { organisationId: clusterId, kind: 'sme' });
    given([]).when(invite({ cluster: undefined })).thenThrows(OrganisationNotRegistered, { organisationId: clusterId });
    given([]).when(invite({ invitedActive: false })).thenThrows(OrganisationNotRegistered, { organisationId });
    given([]).when(invite({ organisationId: clusterId })).thenThrows(ClusterMemberOfItself);
  });

  it('become members only when they accept; they may decline, or leave later', () => {
    given([invited]).when(answer('AcceptClusterInvitation')).then([accepted]);
    given([invited]).when(answer('DeclineClusterInvitation')).then([declined]);
    given([invited, accepted]).when(answer('LeaveCluster')).then([left]);
    const state = [invited, accepted, left].reduce(clusterMembershipDecider.evolve, clusterMembershipDecider.initialState());
    expect(state).toEqual({ clusterId, organisationId, status: 'left', history: [{ step: 'invited', at: '2026-12-04T09:00:00.000Z', by: 'cl' }, { step: 'accepted', at: '2026-12-05T09:00:00.000Z', by: 'ana' }, { step: 'left', at: '2026-12-05T09:00:00.000Z', by: 'ana' }] });
  });

  it('answer an invitation once, and leave only as members', () => {
    given([]).when(answer('AcceptClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'none', needed: 'invited' });
    given([invited, declined]).when(answer('AcceptClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'declined' });
    given([invited]).when(answer('LeaveCluster')).thenThrows(ClusterMembershipNotInStatus, { status: 'invited', needed: 'a member' });
    given([invited]).when(invite()).thenThrows(ClusterMembershipNotInStatus, { status: 'invited' });
    given([invited, accepted]).when(invite()).thenThrows(ClusterMembershipNotInStatus, { status: 'member' });
    given([invited, declined]).when(invite()).then([invited]); // asked again: it answers anew
  });

  it('keeps those the registry listed before consent was asked as members, who may leave', () => {
    given([listed]).when(answer('LeaveCluster')).then([left]);
    given([listed]).when(invite()).thenThrows(ClusterMembershipNotInStatus, { status: 'member' });
    expect(listedBeforeConsent('2026-06-01T10:00:00.000Z', ['a', 'b'], [])).toEqual(['a', 'b']);
    expect(listedBeforeConsent(CLUSTER_CONSENT_REQUIRED_FROM, ['a', 'c'], ['a', 'b'])).toEqual(['a']); // a later listing adds no one
    expect(listedBeforeConsent(undefined, ['c'], [])).toEqual([]);
  });

  it('have an invitation not yet answered withdrawn by the cluster, and may be invited again', () => {
    given([invited]).when(byCluster('WithdrawClusterInvitation')).then([withdrawn]);
    const state = [invited, withdrawn].reduce(clusterMembershipDecider.evolve, clusterMembershipDecider.initialState());
    expect(state).toMatchObject({ status: 'withdrawn', history: [{ step: 'invited' }, { step: 'withdrawn', at: '2026-12-06T09:00:00.000Z', by: 'cl' }] });
    given([invited, withdrawn]).when(answer('AcceptClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'withdrawn', needed: 'invited' });
    given([invited, withdrawn]).when(invite()).then([invited]);
    given([]).when(byCluster('WithdrawClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'none', needed: 'invited' });
    given([invited, accepted]).when(byCluster('WithdrawClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'member', needed: 'invited' });
    given([invited, declined]).when(byCluster('WithdrawClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'declined', needed: 'invited' });
    given([invited, withdrawn]).when(byCluster('WithdrawClusterInvitation')).thenThrows(ClusterMembershipNotInStatus, { status: 'withdrawn' });
  });

  it('are removed by the cluster only while members, with the reason kept; may be invited again', () => {
    given([invited, accepted]).when(byCluster('RemoveClusterMember', ' dues unpaid for a year ')).then([removed]);
    given([invited, accepted]).when(byCluster('RemoveClusterMember')).then([{ type: 'ClusterMemberRemoved', data: { at: '2026-12-06T09:00:00.000Z', by: 'cl' } }]);
    given([invited, accepted]).when(byCluster('RemoveClusterMember', '   ')).then([{ type: 'ClusterMemberRemoved', data: { at: '2026-12-06T09:00:00.000Z', by: 'cl' } }]);
    given([listed]).when(byCluster('RemoveClusterMember')).then([{ type: 'ClusterMemberRemoved', data: { at: '2026-12-06T09:00:00.000Z', by: 'cl' } }]);
    const state = [invited, accepted, removed].reduce(clusterMembershipDecider.evolve, clusterMembershipDecider.initialState());
    expect(state).toMatchObject({ status: 'removed', history: [{ step: 'invited' }, { step: 'accepted' }, { step: 'removed', at: '2026-12-06T09:00:00.000Z', by: 'cl', reason: 'dues unpaid for a year' }] });
    given([invited, accepted, removed]).when(answer('LeaveCluster')).thenThrows(ClusterMembershipNotInStatus, { status: 'removed', needed: 'a member' });
    given([invited, accepted, removed]).when(byCluster('RemoveClusterMember')).thenThrows(ClusterMembershipNotInStatus, { status: 'removed', needed: 'a member' });
    given([invited, accepted, removed]).when(invite()).then([invited]);
    given([]).when(byCluster('RemoveClusterMember')).thenThrows(ClusterMembershipNotInStatus, { status: 'none', needed: 'a member' });
    given([invited]).when(byCluster('RemoveClusterMember')).thenThrows(ClusterMembershipNotInStatus, { status: 'invited', needed: 'a member' });
    given([invited, accepted, left]).when(byCluster('RemoveClusterMember')).thenThrows(ClusterMembershipNotInStatus, { status: 'left', needed: 'a member' });
  });
});
