import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CheckInDto, CreatePlanDto, EventIdDto, EventsSubjects as S, ListEventsDto, RegisterDto, RegistrationRefDto, ProgrammeViewQueryDto, RejectRegistrationDto, ScheduleEventDto } from '@banat/contracts';
import { ProgrammeEventsService } from '../application/programme-events.service';
import { ProgrammeService } from '../application/programme.service';

@Controller()
export class ProgrammeEventsController {
  constructor(private readonly events: ProgrammeEventsService) {}

  @MessagePattern(S.scheduleEvent)
  schedule(@Payload() dto: ScheduleEventDto) {
    return this.events.schedule(dto);
  }

  @MessagePattern(S.getEvent)
  get(@Payload() dto: EventIdDto) {
    return this.events.get(dto);
  }

  @MessagePattern(S.listEvents)
  list(@Payload() dto: ListEventsDto) {
    return this.events.list(dto);
  }

  @MessagePattern(S.figures)
  figures(@Payload() dto: EventIdDto) {
    return this.events.figures(dto);
  }
}

@Controller()
export class RegistrationsController {
  constructor(private readonly events: ProgrammeEventsService) {}

  @MessagePattern(S.register)
  register(@Payload() dto: RegisterDto) {
    return this.events.register(dto);
  }

  @MessagePattern(S.listRegistrations)
  list(@Payload() dto: EventIdDto) {
    return this.events.listRegistrations(dto);
  }

  @MessagePattern(S.approveRegistration)
  approve(@Payload() dto: RegistrationRefDto) {
    return this.events.approve(dto);
  }

  @MessagePattern(S.rejectRegistration)
  reject(@Payload() dto: RejectRegistrationDto) {
    return this.events.reject(dto);
  }

  @MessagePattern(S.cancelRegistration)
  cancel(@Payload() dto: RegistrationRefDto) {
    return this.events.cancel(dto);
  }

  @MessagePattern(S.acceptOffer)
  acceptOffer(@Payload() dto: RegistrationRefDto) {
    return this.events.acceptOffer(dto);
  }

  @MessagePattern(S.checkIn)
  checkIn(@Payload() dto: CheckInDto) {
    return this.events.checkIn(dto);
  }
}

@Controller()
export class ProgrammeController {
  constructor(private readonly programme: ProgrammeService) {}

  @MessagePattern(S.createPlan)
  createPlan(@Payload() dto: CreatePlanDto) {
    return this.programme.createPlan(dto);
  }

  @MessagePattern(S.programme)
  view(@Payload() dto: ProgrammeViewQueryDto) {
    return this.programme.view(dto);
  }
}
