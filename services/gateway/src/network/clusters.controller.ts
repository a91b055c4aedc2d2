import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterCatalogueBodyDto, ClusterCatalogueView, ClusterInvitationBodyDto, ClusterMembershipView, ClusterMemberView, ClusterRemovalBodyDto, OrganisationQueryDto, NetworkExchangeSubjects, ServiceMapView, StatedNeedsBodyDto, StatedNeedsView } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { ClusterCatalogueDoc, ClusterMemberDoc, ClusterMembershipDoc, ServiceMapDoc, StatedNeedsDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

@ApiTags('network')
@Controller('network')
export class NetworkClustersHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Put('clusters/:id/services')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Replace a cluster's services catalogue at the version read (409 if it changed since); the cluster itself or the secretariat; 422 NotACluster for another kind of organisation" })
  @ApiOkResponse({ type: ClusterCatalogueDoc })
  setCatalogue(@Param('id', uuid()) clusterId: string, @Body() body: ClusterCatalogueBodyDto) {
    return this.rpc.send<ClusterCatalogueView>(NetworkExchangeSubjects.setClusterCatalogue, { ...body, clusterId });
  }

  @Get('clusters/:id/services')
  @ApiOperation({ summary: "A cluster's services catalogue" })
  @ApiOkResponse({ type: ClusterCatalogueDoc })
  catalogue(@Param('id', uuid()) id: string) {
    return this.rpc.send<ClusterCatalogueView>(NetworkExchangeSubjects.getClusterCatalogue, { id });
  }

  @Get('clusters/:id/members')
  @ApiOperation({ summary: "A cluster's member organisations: those that accepted its invitation (and those its registry record listed before consent was asked, until they leave), with their brand-holder mark; 404 for an unknown organisation, 422 NotACluster for another kind" })
  @ApiOkResponse({ type: [ClusterMemberDoc] })
  members(@Param('id', uuid()) id: string) {
    return this.rpc.send<ClusterMemberView[]>(NetworkExchangeSubjects.clusterMembers, { id });
  }

  @Post('clusters/:id/invitations')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Invite a registered organisation to be a member of the cluster (the cluster's member or the secretariat); it becomes a member only when its own member accepts; 422 NotACluster, OrganisationNotRegistered, ClusterMemberOfItself, ClusterMembershipNotInStatus (already invited or a member)" })
  @ApiCreatedResponse({ type: ClusterMembershipDoc })
  invite(@Param('id', uuid()) clusterId: string, @Body() body: ClusterInvitationBodyDto) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.inviteToCluster, { ...body, clusterId });
  }

  @Get('cluster-invitations')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Invitations to clusters awaiting the answer of the caller's organisation (the secretariat names it)" })
  @ApiOkResponse({ type: [ClusterMembershipDoc] })
  invitations(@Query() query: OrganisationQueryDto) {
    return this.rpc.send<ClusterMembershipView[]>(NetworkExchangeSubjects.clusterInvitations, query);
  }

  @Get('clusters/:id/members/:organisationId')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "An organisation's membership of a cluster with its history of steps, to the cluster, the organisation and the secretariat (404 to others)" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  membership(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.getClusterMembership, { clusterId, organisationId });
  }

  @Post('clusters/:id/members/:organisationId/acceptance')
  @HttpCode(200)
  @Roles('member')
  @ApiNoBody()
  @ApiOperation({ summary: "The invited organisation's own member accepts the invitation: from now on it is shown as the cluster's member, and partners get network.cluster-membership.started.v1; 403 to anyone else, 422 ClusterMembershipNotInStatus if not invited" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  accept(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.acceptClusterInvitation, { clusterId, organisationId });
  }

  @Post('clusters/:id/members/:organisationId/refusal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The invited organisation's member (or the secretariat) declines the invitation; 422 ClusterMembershipNotInStatus if not invited" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  decline(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.declineClusterInvitation, { clusterId, organisationId });
  }

  @Post('clusters/:id/members/:organisationId/departure')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The member organisation's member (or the secretariat) leaves the cluster: no longer shown as its member (network.cluster-membership.ended.v1, ending 'departure'; the registry's record stops listing it); 422 ClusterMembershipNotInStatus if not a member" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  leave(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.leaveCluster, { clusterId, organisationId });
  }

  @Post('clusters/:id/members/:organisationId/withdrawal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The cluster's member (or the secretariat) withdraws an invitation the organisation has not answered: no longer among its invitations; the cluster may invite it again; 403 to the invited organisation, 422 ClusterMembershipNotInStatus once accepted, declined or withdrawn" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  withdraw(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.withdrawClusterInvitation, { clusterId, organisationId });
  }

  @Post('clusters/:id/members/:organisationId/removal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "The cluster's member (or the secretariat) removes a member organisation, with an optional reason kept in its steps (never published): no longer shown as the cluster's member (network.cluster-membership.ended.v1, ending 'removal'; the registry's record stops listing it); the cluster may invite it again; 403 to the member organisation (it leaves by departure), 422 ClusterMembershipNotInStatus if not a member" })
  @ApiOkResponse({ type: ClusterMembershipDoc })
  remove(@Param('id', uuid()) clusterId: string, @Param('organisationId', uuid()) organisationId: string, @Body() body: ClusterRemovalBodyDto) {
    return this.rpc.send<ClusterMembershipView>(NetworkExchangeSubjects.removeClusterMember, { ...body, clusterId, organisationId });
  }

  @Put('needs')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "State the service categories the caller's organisation needs, at the version read (409 if it changed since)" })
  @ApiOkResponse({ type: StatedNeedsDoc })
  stateNeeds(@Body() body: StatedNeedsBodyDto) {
    return this.rpc.send<StatedNeedsView>(NetworkExchangeSubjects.stateNeeds, body);
  }

  @Get('clusters/service-map')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'The map of services across clusters, and stated needs against it: per category, who offers it, how many need it, and the organisations no cluster serves in their country' })
  @ApiOkResponse({ type: ServiceMapDoc })
  map() {
    return this.rpc.send<ServiceMapView>(NetworkExchangeSubjects.serviceMap, {});
  }
}
