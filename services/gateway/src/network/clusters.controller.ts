import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ClusterCatalogueBodyDto, ClusterCatalogueView, ClusterMemberView, NetworkExchangeSubjects, ServiceMapView, StatedNeedsBodyDto, StatedNeedsView } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ClusterCatalogueDoc, ClusterMemberDoc, ServiceMapDoc, StatedNeedsDoc } from '../docs/schemas';
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
  @ApiOperation({ summary: "A cluster's member organisations, from the network's directory, with their brand-holder mark; 404 for an unknown organisation, 422 NotACluster for another kind" })
  @ApiOkResponse({ type: [ClusterMemberDoc] })
  members(@Param('id', uuid()) id: string) {
    return this.rpc.send<ClusterMemberView[]>(NetworkExchangeSubjects.clusterMembers, { id });
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
