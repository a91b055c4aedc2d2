import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { EventsSubjects as S, SurveyAnswersBodyDto, SurveyBodyDto, SurveyInvitationsView, SurveyResultsView } from '@banat/contracts';
import { Roles } from '../auth/roles';
import { SurveyAnswerReceiptDoc, SurveyInvitationsDoc, SurveyNonRespondentsDoc, SurveyResultsDoc } from '../docs/schemas';
import { ApiNoBody } from '../docs/openapi';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

/** Questionnaires of an event: needs assessment before, satisfaction after. */
@ApiTags('events')
@Controller('events/:eventId/surveys')
export class EventSurveysHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Publish a questionnaire (scale, choice and text questions), anonymous or named, for everyone registered or only attendees' })
  @ApiCreatedResponse({ description: 'the survey, with no answers yet', type: SurveyResultsDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: SurveyAlreadyExists, SurveyQuestionsInvalid' })
  publish(@Param('eventId', uuid()) eventId: string, @Body() body: SurveyBodyDto) {
    return this.rpc.send<SurveyResultsView>(S.publishSurvey, { ...body, eventId });
  }

  @Post(':surveyId/sending')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Send it: one invitation code per person of its audience, returned once for the secretariat to mail (the service keeps only their hashes)' })
  @ApiCreatedResponse({ description: 'the invitations (e-mail and code)', type: SurveyInvitationsDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: SurveyAlreadySent' })
  @ApiNoBody()
  send(@Param('eventId', uuid()) eventId: string, @Param('surveyId') surveyId: string) {
    return this.rpc.send<SurveyInvitationsView>(S.sendSurvey, { eventId, surveyId });
  }

  @Post(':surveyId/answers')
  @Roles('public')
  @ApiOperation({ summary: 'Answer with the invitation code (public: the code is the invitation); one answer per invitation' })
  @ApiCreatedResponse({ description: 'a receipt: the survey and that the answer was recorded', type: SurveyAnswerReceiptDoc })
  @ApiUnprocessableEntityResponse({ description: 'rule: NotInvitedToSurvey, SurveyAlreadyAnswered, SurveyNotSent, AnswerInvalid' })
  answer(@Param('eventId', uuid()) eventId: string, @Param('surveyId') surveyId: string, @Body() body: SurveyAnswersBodyDto) {
    return this.rpc.send<{ surveyId: string; answered: true }>(S.answerSurvey, { ...body, eventId, surveyId });
  }

  @Get(':surveyId/results')
  @Roles('secretariat', 'auditor')
  @ApiOperation({ summary: 'Results per question: a scale\'s average and distribution, a choice\'s counts, the texts (named surveys: with who wrote them)' })
  @ApiOkResponse({ description: 'the results', type: SurveyResultsDoc })
  @ApiNotFoundResponse({ description: 'no such event or survey' })
  results(@Param('eventId', uuid()) eventId: string, @Param('surveyId') surveyId: string) {
    return this.rpc.send<SurveyResultsView>(S.surveyResults, { eventId, surveyId });
  }

  @Get(':surveyId/non-respondents')
  @Roles('secretariat')
  @ApiOperation({ summary: 'Who was invited and has not answered yet (e-mails, for a reminder)' })
  @ApiOkResponse({ description: 'the e-mails not answered yet', type: SurveyNonRespondentsDoc })
  @ApiNotFoundResponse({ description: 'no such event or survey' })
  nonRespondents(@Param('eventId', uuid()) eventId: string, @Param('surveyId') surveyId: string) {
    return this.rpc.send<{ surveyId: string; notAnswered: string[] }>(S.surveyNonRespondents, { eventId, surveyId });
  }
}
