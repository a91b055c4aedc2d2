import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetOrganisationDto, NetworkExchangeSubjects, NetworkSubjects } from '@banat/contracts';
import { DirectoryService } from '../application/directory.service';

@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @MessagePattern(NetworkSubjects.directoryEntry)
  get(@Payload() dto: GetOrganisationDto) {
    return this.directory.get(dto.id);
  }

  @MessagePattern(NetworkExchangeSubjects.clusterMembers)
  clusterMembers(@Payload() dto: GetOrganisationDto) {
    return this.directory.clusterMembers(dto.id);
  }
}
