import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CreateContactRequestDto, ExhibitionSubjects, ListContactRequestsDto } from '@banat/contracts';
import { ContactRequestsService } from '../application/contact-requests.service';

@Controller()
export class ContactRequestsController {
  constructor(private readonly requests: ContactRequestsService) {}

  @MessagePattern(ExhibitionSubjects.requestContact)
  create(@Payload() dto: CreateContactRequestDto) {
    return this.requests.create(dto);
  }

  @MessagePattern(ExhibitionSubjects.listContactRequests)
  list(@Payload() dto: ListContactRequestsDto) {
    return this.requests.list(dto);
  }
}
