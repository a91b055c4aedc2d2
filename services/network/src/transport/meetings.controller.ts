import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AgendaDto, JoinFairDto, ListingIdDto, NetworkExchangeSubjects, PlanFairDto, RequestMeetingDto } from '@banat/contracts';
import { MeetingsService } from '../application/meetings.service';

@Controller()
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @MessagePattern(NetworkExchangeSubjects.planFair)
  plan(@Payload() dto: PlanFairDto) {
    return this.meetings.plan(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.getFair)
  get(@Payload() dto: ListingIdDto) {
    return this.meetings.get(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.joinFair)
  join(@Payload() dto: JoinFairDto) {
    return this.meetings.join(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.participantsWithoutMeeting)
  withoutMeeting(@Payload() dto: ListingIdDto) {
    return this.meetings.withoutMeeting(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.requestMeeting)
  request(@Payload() dto: RequestMeetingDto) {
    return this.meetings.request(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.acceptMeeting)
  accept(@Payload() dto: ListingIdDto) {
    return this.meetings.accept(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.declineMeeting)
  decline(@Payload() dto: ListingIdDto) {
    return this.meetings.decline(dto);
  }

  @MessagePattern(NetworkExchangeSubjects.agenda)
  agenda(@Payload() dto: AgendaDto) {
    return this.meetings.agenda(dto);
  }
}
