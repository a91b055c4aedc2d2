import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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

  @MessagePattern(S.lodgeComplaint) lodge(@Payload() dto: LodgeComplaintDto) {
    return this.complaints.lodge(dto);
  }
  @MessagePattern(S.acknowledgeComplaint) acknowledge(@Payload() dto: AcknowledgeComplaintDto) {
    return this.complaints.acknowledge(dto);
  }
  @MessagePattern(S.assignComplaintInvestigator) assignInvestigator(@Payload() dto: AssignComplaintInvestigatorDto) {
    return this.complaints.assignInvestigator(dto);
  }
  @MessagePattern(S.recordComplaintInvestigation) recordInvestigation(@Payload() dto: RecordComplaintInvestigationDto) {
    return this.complaints.recordInvestigation(dto);
  }
  @MessagePattern(S.decideComplaint) decide(@Payload() dto: DecideComplaintDto) {
    return this.complaints.decide(dto);
  }
  @MessagePattern(S.getComplaint) get(@Payload() dto: GetComplaintDto) {
    return this.complaints.get(dto);
  }
  @MessagePattern(S.complaintHistory) history(@Payload() dto: GetComplaintDto) {
    return this.complaints.history(dto);
  }
}
