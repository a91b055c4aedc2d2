import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { GetOrganisationDto, NetworkSubjects } from '@banat/contracts';
import { DirectoryService } from '../application/directory.service';

@Controller()
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @MessagePattern(NetworkSubjects.directoryEntry)
  get(@Payload() dto: GetOrganisationDto) {
    return this.directory.get(dto.id);
  }
}
