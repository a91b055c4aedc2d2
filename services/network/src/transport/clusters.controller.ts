import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ClusterCatalogueDto, GetOrganisationDto, NetworkExchangeSubjects, StatedNeedsBodyDto } from '@banat/contracts';
import { ClustersService } from '../application/clusters.service';

@Controller()
export class ClustersController {
  constructor(private readonly clusters: ClustersService) {}

  @MessagePattern(NetworkExchangeSubjects.setClusterCatalogue)
  setCatalogue(@Payload() dto: ClusterCatalogueDto) {
    return this.clusters.setCatalogue(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getClusterCatalogue)
  catalogue(@Payload() dto: GetOrganisationDto) {
    return this.clusters.catalogue(dto.id);
  }

  @MessagePattern(NetworkExchangeSubjects.stateNeeds)
  stateNeeds(@Payload() dto: StatedNeedsBodyDto) {
    return this.clusters.stateNeeds(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.serviceMap)
  map() {
    return this.clusters.map();
  }
}
