import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, NatsContext, Payload } from '@nestjs/microservices';
import { requestOf } from '@banat/messaging';
import {
  AcknowledgeComplaintDto,
  AssignComplaintInvestigatorDto,
  CertificationSubjects as S,
  DecideComplaintDto,
  GetComplaintDto,
  LodgeComplaintDto,
  RecordComplaintInvestigationDto,
} from '@banat/contracts';
import { ComplaintCommands } from '../application/complaint-commands.service';

/** Complaint commands and reads over NATS; the complaint is folded from its own stream. */
@Controller()
export class ComplaintCommandsController {
  constructor(private readonly complaints: ComplaintCommands) {}

  @MessagePattern(S.lodgeComplaint) lodge(@Payload() dto: LodgeComplaintDto, @Ctx() ctx: NatsContext) {
    return this.complaints.lodge(dto, requestOf(ctx));
  }
  @MessagePattern(S.acknowledgeComplaint) acknowledge(@Payload() dto: AcknowledgeComplaintDto, @Ctx() ctx: NatsContext) {
    return this.complaints.acknowledge(dto, requestOf(ctx));
  }
  @MessagePattern(S.assignComplaintInvestigator) assignInvestigator(@Payload() dto: AssignComplaintInvestigatorDto, @Ctx() ctx: NatsContext) {
    return this.complaints.assignInvestigator(dto, requestOf(ctx));
  }
  @MessagePattern(S.recordComplaintInvestigation) recordInvestigation(@Payload() dto: RecordComplaintInvestigationDto, @Ctx() ctx: NatsContext) {
    return this.complaints.recordInvestigation(dto, requestOf(ctx));
  }
  @MessagePattern(S.decideComplaint) decide(@Payload() dto: DecideComplaintDto, @Ctx() ctx: NatsContext) {
    return this.complaints.decide(dto, requestOf(ctx));
  }
  @MessagePattern(S.getComplaint) get(@Payload() dto: GetComplaintDto) {
    return this.complaints.get(dto);
  }
  @MessagePattern(S.complaintHistory) history(@Payload() dto: GetComplaintDto) {
    return this.complaints.history(dto);
  }
}
