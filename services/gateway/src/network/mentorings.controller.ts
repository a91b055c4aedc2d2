import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AnswerMentoringBodyDto, CloseMentoringBodyDto, MentoringMeetingBodyDto, MentoringView, NetworkExchangeSubjects, ProposeMentoringDto } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApiNoBody } from '../docs/openapi';
import { MentoringDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

@ApiTags('network')
@Controller('network/mentorings')
export class NetworkMentoringsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "Propose mentoring or twinning to another registered organisation, with a period and goals (the caller's organisation mentors; the secretariat names it); at most 20 of an organisation's proposals await an answer (422 TooManyOpenProposals; two sent at once: one a 409)" })
  @ApiCreatedResponse({ type: MentoringDoc })
  propose(@Body() body: ProposeMentoringDto) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.proposeMentoring, body);
  }

  @Get(':id')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'A mentoring or twinning, to both organisations and the secretariat (404 to others)' })
  @ApiOkResponse({ type: MentoringDoc })
  get(@Param('id', uuid()) id: string) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.getMentoring, { id });
  }

  @Post(':id/answer')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'The mentee accepts or declines the proposal' })
  @ApiOkResponse({ type: MentoringDoc })
  answer(@Param('id', uuid()) id: string, @Body() body: AnswerMentoringBodyDto) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.answerMentoring, { ...body, id });
  }

  @Post(':id/withdrawal')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiNoBody()
  @ApiOperation({ summary: "The mentor organisation's member (or the secretariat) withdraws a proposal the mentee has not answered: it no longer counts against the 20 open proposals; 403 to the mentee, 422 MentoringNotInStatus once accepted, declined or withdrawn" })
  @ApiOkResponse({ type: MentoringDoc })
  withdraw(@Param('id', uuid()) id: string) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.withdrawMentoring, { id });
  }

  @Post(':id/meetings')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Record a meeting held within the period (either side); at most 100 a mentoring (422 TooManyMentoringMeetings)' })
  @ApiOkResponse({ type: MentoringDoc })
  recordMeeting(@Param('id', uuid()) id: string, @Body() body: MentoringMeetingBodyDto) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.recordMentoringMeeting, { ...body, id });
  }

  @Post(':id/closure')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Close an active mentoring or twinning with its outcome (either side)' })
  @ApiOkResponse({ type: MentoringDoc })
  close(@Param('id', uuid()) id: string, @Body() body: CloseMentoringBodyDto) {
    return this.rpc.send<MentoringView>(NetworkExchangeSubjects.closeMentoring, { ...body, id });
  }
}
