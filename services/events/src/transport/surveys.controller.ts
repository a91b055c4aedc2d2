import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AnswerSurveyDto, EventsSubjects as S, PublishSurveyDto, SurveyRefDto } from '@banat/contracts';
import { SurveysService } from '../application/surveys.service';

@Controller()
export class SurveysController {
  constructor(private readonly surveys: SurveysService) {}

  @MessagePattern(S.publishSurvey)
  publish(@Payload() dto: PublishSurveyDto) {
    return this.surveys.publish(dto);
  }

  @MessagePattern(S.sendSurvey)
  send(@Payload() dto: SurveyRefDto) {
    return this.surveys.send(dto);
  }

  @MessagePattern(S.answerSurvey)
  answer(@Payload() dto: AnswerSurveyDto) {
    return this.surveys.answer(dto);
  }

  @MessagePattern(S.surveyResults)
  results(@Payload() dto: SurveyRefDto) {
    return this.surveys.results(dto);
  }

  @MessagePattern(S.surveyNonRespondents)
  nonRespondents(@Payload() dto: SurveyRefDto) {
    return this.surveys.nonRespondents(dto);
  }
}
