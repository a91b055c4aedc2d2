import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ExhibitionSubjects, GetBoothDto, SearchBoothsDto } from '@banat/contracts';
import { BoothsService } from '../application/booths.service';
import { ExhibitorPagesService } from '../application/exhibitor-pages.service';

/** NATS request/reply: validated by the global pipe, delegated to the application layer. */
@Controller()
export class BoothsController {
  constructor(
    private readonly booths: BoothsService,
    private readonly pages: ExhibitorPagesService,
  ) {}

  @MessagePattern(ExhibitionSubjects.searchBooths)
  search(@Payload() dto: SearchBoothsDto) {
    return this.booths.searchReply(dto);
  }

  @MessagePattern(ExhibitionSubjects.getBooth)
  get(@Payload() dto: GetBoothDto) {
    return this.pages.boothWithPages(dto.organisationId);
  }
}
