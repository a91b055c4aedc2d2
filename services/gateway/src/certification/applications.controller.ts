import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, OmitType } from '@nestjs/swagger';
import {
  ApplicationAsOfDto,
  CertificationSubjects as S,
  CommandResult,
  CompletenessResult,
  ConsistentReadDto,
  DecisionResult,
  HistoryEntryView,
  ListApplicationsDto,
  SubmitApplicationDto,
  SubmitApplicationResult,
} from '@banat/contracts';
import { Roles } from '../auth/roles';
import { ApplicationAsOfDoc, ApplicationFileDoc, ApplicationPageDoc, CommandResultDoc, CompletenessResultDoc, DecisionResultDoc, HistoryEntryDoc, SubmitApplicationResultDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import {
  AppealBody,
  AppealDecisionBody,
  AssignExpertBody,
  CompletenessBody,
  ConflictDeclarationBody,
  DecisionBody,
  ReviewBody,
  ScoresBody,
  SupplementBody,
} from './bodies';

class AsOfQuery extends OmitType(ApplicationAsOfDto, ['applicationId'] as const) {}

/** The application file, from submission to appeal. The caller (actor, role) comes from the token, never the body. */
@ApiTags('certification')
@Controller('applications')
export class ApplicationsHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Apply for a scheme as a registered, active organisation (checked with the registry); a member only for its own organisation, the secretariat on an organisation\'s behalf' })
  @ApiCreatedResponse({ type: SubmitApplicationResultDoc })
  submit(@Body() body: SubmitApplicationDto) {
    return this.rpc.send<SubmitApplicationResult>(S.submitApplication, body);
  }

  @Post(':id/completeness')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Check the file against the scheme\'s required evidence: complete, or returned with what is missing' })
  @ApiOkResponse({ type: CompletenessResultDoc })
  completeness(@Param('id') applicationId: string, @Body() body: CompletenessBody) {
    return this.rpc.send<CompletenessResult>(S.checkCompleteness, { ...body, applicationId });
  }

  @Post(':id/supplements')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Add the evidence the completeness check found missing, to a file returned incomplete; a member only for its own application' })
  @ApiOkResponse({ type: CommandResultDoc })
  supplement(@Param('id') applicationId: string, @Body() body: SupplementBody) {
    return this.rpc.send<CommandResult>(S.supplementApplication, { ...body, applicationId });
  }

  @Post(':id/experts')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Assign an expert (one from the applicant organisation, from an organisation the registry does not know or has deactivated, or who declared a conflict, is refused; 503 while the registry cannot be asked, though an unknown file is a 404 and a refusal on the file alone a 422 even then)' })
  @ApiOkResponse({ type: CommandResultDoc })
  assignExpert(@Param('id') applicationId: string, @Body() body: AssignExpertBody) {
    return this.rpc.send<CommandResult>(S.assignExpert, { ...body, applicationId });
  }

  @Post(':id/conflict-declarations')
  @HttpCode(200)
  @Roles('expert')
  @ApiOperation({ summary: 'The calling expert declares on conflicts of interest (a conflict removes them from the file)' })
  @ApiOkResponse({ type: CommandResultDoc })
  declare(@Param('id') applicationId: string, @Body() body: ConflictDeclarationBody) {
    return this.rpc.send<CommandResult>(S.declareConflictOfInterest, { ...body, applicationId });
  }

  @Post(':id/scores')
  @HttpCode(200)
  @Roles('expert')
  @ApiOperation({ summary: 'The calling expert scores every criterion once, each with a justification' })
  @ApiOkResponse({ type: CommandResultDoc })
  scores(@Param('id') applicationId: string, @Body() body: ScoresBody) {
    return this.rpc.send<CommandResult>(S.submitScores, { ...body, applicationId });
  }

  @Post(':id/review')
  @HttpCode(200)
  @Roles('secretariat', 'decision-maker')
  @ApiOperation({ summary: 'Review by someone who did not assess, once the scheme\'s number of experts have scored' })
  @ApiOkResponse({ type: CommandResultDoc })
  review(@Param('id') applicationId: string, @Body() body: ReviewBody) {
    return this.rpc.send<CommandResult>(S.completeReview, { ...body, applicationId });
  }

  @Post(':id/decision')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Grant (issues the certificate) or refuse, with reasons; expectedRevision makes a concurrent decision a 409' })
  @ApiOkResponse({ type: DecisionResultDoc })
  decide(@Param('id') applicationId: string, @Body() body: DecisionBody) {
    return this.rpc.send<DecisionResult>(S.decide, { ...body, applicationId });
  }

  @Post(':id/appeals')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Appeal a refusal within the scheme\'s deadline' })
  @ApiCreatedResponse({ type: CommandResultDoc })
  appeal(@Param('id') applicationId: string, @Body() body: AppealBody) {
    return this.rpc.send<CommandResult>(S.lodgeAppeal, { ...body, applicationId });
  }

  @Post(':id/appeals/:appealId/decision')
  @HttpCode(200)
  @Roles('decision-maker')
  @ApiOperation({ summary: 'Decide an appeal, by people who did not assess, review or decide the case' })
  @ApiOkResponse({ type: CommandResultDoc })
  decideAppeal(@Param('id') applicationId: string, @Param('appealId') appealId: string, @Body() body: AppealDecisionBody) {
    return this.rpc.send<CommandResult>(S.decideAppeal, { ...body, applicationId, appealId });
  }

  @Get()
  @Roles('member', 'expert', 'secretariat', 'decision-maker', 'auditor')
  @ApiOperation({ summary: 'Application files: a member sees its own organisation\'s, an expert those assigned to them, staff all', description: 'Eventually consistent: a list may lag a command just answered; pass the position the command returned as `after` to wait for it.' })
  @ApiOkResponse({ type: ApplicationPageDoc })
  list(@Query() query: ListApplicationsDto) {
    return this.rpc.send(S.listApplications, query);
  }

  // Which file a member or expert may read is judged by the certification service, where the file is (403 FORBIDDEN).
  @Get(':id')
  @Roles('member', 'expert', 'secretariat', 'decision-maker', 'auditor')
  @ApiOperation({ summary: 'The application file (a member: its own; an expert: assigned to them): status, experts, scores, summary, decision, appeals, history', description: 'Reads your writes: the answer includes every event of the file recorded before the request.' })
  @ApiOkResponse({ type: ApplicationFileDoc })
  get(@Param('id') applicationId: string, @Query() query: ConsistentReadDto) {
    return this.rpc.send(S.getApplication, { ...query, applicationId });
  }

  @Get(':id/as-of')
  @Roles('member', 'expert', 'secretariat', 'decision-maker', 'auditor')
  @ApiOperation({ summary: 'The file as it stood at a past date or instant, folded from its event stream' })
  @ApiOkResponse({ type: ApplicationAsOfDoc })
  asOf(@Param('id') applicationId: string, @Query() query: AsOfQuery) {
    return this.rpc.send(S.applicationAsOf, { ...query, applicationId });
  }

  @Get(':id/history')
  @Roles('member', 'expert', 'secretariat', 'decision-maker', 'auditor')
  @ApiOperation({ summary: 'Every recorded event with actor, role, time and hash chain' })
  @ApiOkResponse({ type: [HistoryEntryDoc] })
  history(@Param('id') applicationId: string) {
    return this.rpc.send<HistoryEntryView[]>(S.applicationHistory, { applicationId });
  }
}
