import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { FairParticipantView, FairView, JoinFairBodyDto, MeetingView, NetworkExchangeSubjects, OrganisationQueryDto, PlanFairDto, RequestMeetingBodyDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { FairDoc, FairParticipantDoc, MeetingDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

@ApiTags('network')
@Controller('network')
export class NetworkFairsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('fairs')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Plan a fair or conference with B2B meetings: its day, opening hours, slot length and number of tables (422 FairHoursInvalid, FairInPast)' })
  @ApiCreatedResponse({ type: FairDoc })
  plan(@Body() body: PlanFairDto) {
    return this.rpc.send<FairView>(NetworkExchangeSubjects.planFair, body);
  }

  @Get('fairs/:id')
  @ApiOperation({ summary: 'A fair with its meeting slots' })
  @ApiOkResponse({ type: FairDoc })
  get(@Param('id', uuid()) id: string) {
    return this.rpc.send<FairView>(NetworkExchangeSubjects.getFair, { id });
  }

  @Post('fairs/:id/participants')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Take part in a fair and publish the slots one is available at (again: replaces them); a slot outside the fair's hours is a 422" })
  @ApiOkResponse({ type: FairParticipantDoc })
  join(@Param('id', uuid()) fairId: string, @Body() body: JoinFairBodyDto) {
    return this.rpc.send<FairParticipantView>(NetworkExchangeSubjects.joinFair, { ...body, fairId });
  }

  @Get('fairs/:id/participants-without-meeting')
  @Roles('secretariat')
  @ApiOperation({ summary: 'For the organiser: participants with no agreed meeting' })
  @ApiOkResponse({ type: [FairParticipantDoc] })
  withoutMeeting(@Param('id', uuid()) id: string) {
    return this.rpc.send<FairParticipantView[]>(NetworkExchangeSubjects.participantsWithoutMeeting, { id });
  }

  @Post('fairs/:id/meetings')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Request a meeting with another participant at a slot both are available at (422 MeetingOutsideFairHours, ParticipantNotAvailable, NotAParticipant, MeetingWithSelf, MeetingAlreadyRequested while one to that participant for that slot awaits its answer, TooManyOpenMeetingRequests past 50 awaiting an answer at the fair; two sent at once: one a 409)' })
  @ApiCreatedResponse({ type: MeetingDoc })
  request(@Param('id', uuid()) fairId: string, @Body() body: RequestMeetingBodyDto) {
    return this.rpc.send<MeetingView>(NetworkExchangeSubjects.requestMeeting, { ...body, fairId });
  }

  @Get('fairs/:id/agenda')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "A participant's agenda at the fair: agreed meetings with their table and requests awaiting an answer, by slot (the secretariat names the organisation)" })
  @ApiOkResponse({ type: [MeetingDoc] })
  agenda(@Param('id', uuid()) fairId: string, @Query() query: OrganisationQueryDto) {
    return this.rpc.send<MeetingView[]>(NetworkExchangeSubjects.agenda, { ...query, fairId });
  }

  @Post('meetings/:id/acceptance')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'The invited participant accepts: the slot and a table are booked, never twice even when many book at once (422 SlotTaken, NoTableFree); network.meeting.agreed.v1' })
  @ApiOkResponse({ type: MeetingDoc })
  @ApiNoBody()
  accept(@Param('id', uuid()) id: string) {
    return this.rpc.send<MeetingView>(NetworkExchangeSubjects.acceptMeeting, { id });
  }

  @Post('meetings/:id/refusal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'The invited participant declines' })
  @ApiOkResponse({ type: MeetingDoc })
  @ApiNoBody()
  decline(@Param('id', uuid()) id: string) {
    return this.rpc.send<MeetingView>(NetworkExchangeSubjects.declineMeeting, { id });
  }
}
