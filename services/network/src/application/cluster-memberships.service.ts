import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ClusterInvitationDto, ClusterMembershipIdDto, ClusterMembershipView, ClusterRemovalDto, ClusterMemberView, OrganisationQueryDto } from '@banat/contracts';
import { currentContext, forbidden, notFound } from '@banat/messaging';
import { CLUSTER_CONSENT_REQUIRED_FROM, ClusterMembership, ClusterMembershipCommand, clusterMembershipDecider, ClusterMembershipEvent, clusterMembershipFact, decideAndEvolve, NotACluster } from '../domain';
import { PendingEvent } from '../read-models/change.schema';
import { ClusterMembershipDocument } from '../read-models/cluster-membership.schema';
import { actingOrganisation, actsFor, commandMetadata, derivedId } from './caller';
import { DirectoryService } from './directory.service';
import { OutboxService } from './outbox.service';

type HeldMembership = Extract<ClusterMembership, { clusterId: string }>;
const membershipId = (clusterId: string, organisationId: string) => derivedId('cluster-membership', clusterId, organisationId);
const view = ({ _id, ...rest }: ClusterMembershipDocument): ClusterMembershipView => ({ id: _id, ...rest }) as ClusterMembershipView;
const toState = ({ _id: _i, version: _v, ...rest }: ClusterMembershipDocument): HeldMembership => rest as HeldMembership;
const toDocument = (state: HeldMembership, version: number): ClusterMembershipDocument => ({ _id: membershipId(state.clusterId, state.organisationId), ...state, version });

/** A membership's start and end, for partners (network.cluster-membership.started.v1 / ended.v1); the other steps stay in the network. */
function integrationEvents(doc: ClusterMembershipDocument, events: ClusterMembershipEvent[], version: number): PendingEvent[] {
  return events.flatMap((event, i): PendingEvent[] => {
    const fact = clusterMembershipFact(doc, event);
    if (!fact) return [];
    return [{ id: `cluster-membership:${doc._id}:${version}:${i}`, subject: fact.event.subject, type: fact.event.type, about: doc._id, data: fact.data, time: fact.data.at }];
  });
}

/** Cluster membership with the member's consent: the cluster invites (or withdraws the invitation), the organisation accepts or declines, and may leave or be removed; only accepted members are shown. */
@Injectable()
export class ClusterMembershipsService implements OnModuleInit {
  constructor(
    @InjectModel(ClusterMembershipDocument.name) private readonly memberships: Model<ClusterMembershipDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('cluster-membership', this.memberships);
  }

  /** The cluster's member (or the secretariat) invites a registered organisation. */
  async invite(dto: ClusterInvitationDto): Promise<ClusterMembershipView> {
    if (!actsFor(dto.clusterId)) throw forbidden("only the cluster's members or the secretariat invite organisations to it");
    const [cluster, invited] = await Promise.all([this.directory.cluster(dto.clusterId), this.directory.known(dto.organisationId)]);
    if (!cluster) throw notFound(`directory entry ${dto.clusterId}`);
    return this.change(dto, { type: 'InviteToCluster', data: { clusterId: dto.clusterId, organisationId: dto.organisationId, cluster, invitedActive: !!invited?.active }, metadata: commandMetadata() });
  }

  /** Consent is the invited organisation's own: only its member accepts (not the cluster, nor the secretariat for it). */
  async accept(dto: ClusterMembershipIdDto): Promise<ClusterMembershipView> {
    const ctx = currentContext();
    if (!(ctx?.role === 'member' && ctx.org === dto.organisationId)) throw forbidden("only the invited organisation's member accepts an invitation to a cluster");
    return this.change(dto, { type: 'AcceptClusterInvitation', data: dto, metadata: commandMetadata() });
  }

  /** The invited organisation declines, or leaves once a member (its member, or the secretariat on its behalf). */
  async decline(dto: ClusterMembershipIdDto): Promise<ClusterMembershipView> {
    if (!actsFor(dto.organisationId)) throw forbidden("only the invited organisation's member or the secretariat declines an invitation to a cluster");
    return this.change(dto, { type: 'DeclineClusterInvitation', data: dto, metadata: commandMetadata() });
  }

  async leave(dto: ClusterMembershipIdDto): Promise<ClusterMembershipView> {
    if (!actsFor(dto.organisationId)) throw forbidden("only the member organisation's member or the secretariat leaves a cluster for it");
    return this.change(dto, { type: 'LeaveCluster', data: dto, metadata: commandMetadata() });
  }

  /** The cluster's side: its member (or the secretariat) takes back an invitation not yet answered, never the invited organisation. */
  async withdraw(dto: ClusterMembershipIdDto): Promise<ClusterMembershipView> {
    if (!actsFor(dto.clusterId)) throw forbidden("only the cluster's members or the secretariat withdraw an invitation to it");
    return this.change(dto, { type: 'WithdrawClusterInvitation', data: { clusterId: dto.clusterId, organisationId: dto.organisationId }, metadata: commandMetadata() });
  }

  /** The cluster's member (or the secretariat) removes a member; the member organisation itself leaves by `leave`. */
  async remove(dto: ClusterRemovalDto): Promise<ClusterMembershipView> {
    if (!actsFor(dto.clusterId)) throw forbidden("only the cluster's members or the secretariat remove a member from it; a member organisation leaves by its departure");
    return this.change(dto, { type: 'RemoveClusterMember', data: { clusterId: dto.clusterId, organisationId: dto.organisationId, reason: dto.reason }, metadata: commandMetadata() });
  }

  /** One membership, to the cluster, the organisation and the secretariat; to anyone else it does not exist. */
  async get(dto: ClusterMembershipIdDto): Promise<ClusterMembershipView> {
    if (!(actsFor(dto.clusterId) || actsFor(dto.organisationId))) throw notFound(`membership of ${dto.organisationId} in cluster ${dto.clusterId}`);
    const { doc, state } = await this.load(dto.clusterId, dto.organisationId);
    if (state.status === 'none') throw notFound(`membership of ${dto.organisationId} in cluster ${dto.clusterId}`);
    return view(doc ?? toDocument(state, 0));
  }

  /** The invitations awaiting the caller's organisation's answer (the secretariat names the organisation). */
  async invitations(query: OrganisationQueryDto): Promise<ClusterMembershipView[]> {
    const organisationId = actingOrganisation(query.organisationId);
    return (await this.memberships.find({ organisationId, status: 'invited' }).sort({ clusterId: 1 }).lean<ClusterMembershipDocument[]>()).map(view);
  }

  /** Public: the organisations that accepted (or were listed before consent was asked and never left). */
  async members(clusterId: string): Promise<ClusterMemberView[]> {
    const cluster = await this.directory.cluster(clusterId);
    if (!cluster) throw notFound(`directory entry ${clusterId}`);
    if (cluster.kind !== 'cluster') throw new NotACluster(clusterId, cluster.kind);
    const docs = await this.memberships.find({ clusterId }, { organisationId: 1, status: 1 }).lean<Array<Pick<ClusterMembershipDocument, 'organisationId' | 'status'>>>();
    const answered = new Set(docs.map((d) => d.organisationId));
    const ids = [...docs.filter((d) => d.status === 'member').map((d) => d.organisationId), ...cluster.listedBeforeConsent.filter((id) => !answered.has(id))];
    return this.directory.asClusterMembers(ids);
  }

  /** The stored membership, or the one a registry listing from before consent was asked stands for (a step dated at that instant, by the registry), or none. */
  private async load(clusterId: string, organisationId: string): Promise<{ doc?: ClusterMembershipDocument; state: ClusterMembership }> {
    const doc = await this.memberships.findById(membershipId(clusterId, organisationId)).lean<ClusterMembershipDocument>();
    if (doc) return { doc, state: toState(doc) };
    const cluster = await this.directory.cluster(clusterId);
    if (cluster?.kind === 'cluster' && cluster.listedBeforeConsent.includes(organisationId)) {
      return { state: clusterMembershipDecider.evolve(clusterMembershipDecider.initialState(), { type: 'ClusterMemberListedBeforeConsent', data: { clusterId, organisationId, at: CLUSTER_CONSENT_REQUIRED_FROM, by: 'registry' } }) };
    }
    return { state: clusterMembershipDecider.initialState() };
  }

  private async change(ids: { clusterId: string; organisationId: string }, command: ClusterMembershipCommand): Promise<ClusterMembershipView> {
    const { doc, state } = await this.load(ids.clusterId, ids.organisationId);
    const { state: next, events } = decideAndEvolve(clusterMembershipDecider, state, command);
    const version = doc?.version ?? 0;
    const changed = toDocument(next as HeldMembership, version);
    return view(await this.outbox.commit('cluster-membership', changed, version, integrationEvents(changed, events, version + 1)));
  }
}
