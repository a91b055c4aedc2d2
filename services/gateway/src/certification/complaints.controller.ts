import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  AcknowledgeComplaintDto,
  AssignComplaintInvestigatorDto,
  CertificationSubjects as S,
  CommandResult,
  ComplaintDecisionResult,
  ComplaintView,
  DecideComplaintDto,
  HistoryEntryView,
  LodgeComplaintDto,
  LodgeComplaintResult,
  RecordComplaintInvestigationDto,
} from '@banat/contracts';
import { Roles } from '../auth/roles';
import { PublicSubmission } from '../auth/throttler.guard';
import { CommandResultDoc, ComplaintDecisionResultDoc, ComplaintDoc, HistoryEntryDoc, LodgeComplaintResultDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';

class AcknowledgementBody extends OmitType(AcknowledgeComplaintDto, ['complaintId'] as const) {}
class InvestigatorBody extends OmitType(AssignComplaintInvestigatorDto, ['complaintId'] as const) {}
class InvestigationBody extends OmitType(RecordComplaintInvestigationDto, ['complaintId'] as const) {}
class ComplaintDecisionBody extends OmitType(DecideComplaintDto, ['complaintId'] as const) {}

/** Complaints about certified products or holders (ISO/IEC 17065 7.13): lodged by anyone, handled by the programme. */
@ApiTags('certification')
@Controller('complaints')
export class ComplaintsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('public')
  @PublicSubmission()
  @ApiOperation({ summary: 'Lodge a complaint about a certificate: open to anyone, no account needed; answers the complaint id. At most COMPLAINT_THROTTLE_LIMIT per client per COMPLAINT_THROTTLE_TTL_MS (429 RATE_LIMITED)' })
  @ApiCreatedResponse({ type: LodgeComplaintResultDoc })
  lodge(@Body() body: LodgeComplaintDto) {
    return this.rpc.send<LodgeComplaintResult>(S.lodgeComplaint, body);
  }

  @Post(':id/acknowledgement')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Acknowledge receipt of a lodged complaint' })
  @ApiOkResponse({ type: CommandResultDoc })
  acknowledge(@Param('id') complaintId: string, @Body() body: AcknowledgementBody) {
    return this.rpc.send<CommandResult>(S.acknowledgeComplaint, { ...body, complaintId });
  }

  @Post(':id/investigator')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Assign an investigator who took no certification decision on the certificate' })
  @ApiOkResponse({ type: CommandResultDoc })
  assignInvestigator(@Param('id') complaintId: string, @Body() body: InvestigatorBody) {
    return this.rpc.send<CommandResult>(S.assignComplaintInvestigator, { ...body, complaintId });
  }

  @Post(':id/investigation')
  @HttpCode(200)
  @Roles('expert', 'secretariat')
  @ApiOperation({ summary: 'Record the investigation: the assigned investigator only' })
  @ApiOkResponse({ type: CommandResultDoc })
  recordInvestigation(@Param('id') complaintId: string, @Body() body: InvestigationBody) {
    return this.rpc.send<CommandResult>(S.recordComplaintInvestigation, { ...body, complaintId });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Uphold or reject with reasons, independently of the investigation and the certification decision; upheld records a finding on the certificate' })
  @ApiOkResponse({ type: ComplaintDecisionResultDoc })
  decide(@Param('id') complaintId: string, @Body() body: ComplaintDecisionBody) {
    return this.rpc.send<ComplaintDecisionResult>(S.decideComplaint, { ...body, complaintId });
  }

  @Get(':id')
  @Roles('secretariat', 'decision-maker', 'auditor')
  @ApiOperation({ summary: 'One complaint: status, grounds, complainant (or { erased: true }), investigation and decision' })
  @ApiOkResponse({ type: ComplaintDoc })
  get(@Param('id') complaintId: string) {
    return this.rpc.send<ComplaintView>(S.getComplaint, { complaintId });
  }

  @Get(':id/history')
  @Roles('auditor', 'secretariat')
  @ApiOperation({ summary: 'Every recorded event of the complaint\'s stream with actor, role, time and hash chain' })
  @ApiOkResponse({ type: [HistoryEntryDoc] })
  history(@Param('id') complaintId: string) {
    return this.rpc.send<HistoryEntryView[]>(S.complaintHistory, { complaintId });
  }
}
