import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AnswerSurveyDto, PublishSurveyDto, SurveyInvitationsView, SurveyRefDto, SurveyResultsView } from '@banat/contracts';
import { notFound } from '@banat/messaging';
import type { Question, SurveyState } from '../domain/survey';
import { surveyAudience, surveyOf, notAnswered, surveyResults } from '../domain/survey.decide';
import { decideOn, metadata, requireRole } from './event-commands';
import { EventStreams } from './event-streams';

const hashOf = (code: string) => createHash('sha256').update(code).digest('hex');

const resultsView = (survey: SurveyState): SurveyResultsView => ({
  surveyId: survey.definition.surveyId,
  title: survey.definition.title,
  purpose: survey.definition.purpose,
  audience: survey.definition.audience,
  anonymous: survey.definition.anonymous,
  invited: survey.invitees?.length ?? 0,
  answered: survey.answeredCodes.length,
  questions: surveyResults(survey),
});

/** Questionnaires of an event: published and sent by the secretariat, answered with the code each invitee was sent. */
@Injectable()
export class SurveysService {
  constructor(private readonly streams: EventStreams) {}

  publish(dto: PublishSurveyDto): Promise<SurveyResultsView> {
    requireRole('secretariat');
    const questions: Question[] = dto.questions.map((q) =>
      q.kind === 'scale'
        ? { questionId: q.questionId, text: q.text, kind: 'scale', min: q.min ?? 1, max: q.max ?? 5 }
        : q.kind === 'choice'
          ? { questionId: q.questionId, text: q.text, kind: 'choice', options: [...(q.options ?? [])] }
          : { questionId: q.questionId, text: q.text, kind: 'text' },
    );
    const survey = { surveyId: dto.surveyId, title: dto.title, purpose: dto.purpose, audience: dto.audience, anonymous: dto.anonymous, questions };
    const meta = metadata();
    return decideOn(this.streams, dto.eventId, () => ({ type: 'PublishSurvey', data: { survey }, metadata: meta }), (state) => resultsView(state.surveys[dto.surveyId]));
  }

  /** Sends the survey: a fresh code per invitee, answered to the secretariat to mail; only their hashes are stored. */
  send(ref: SurveyRefDto): Promise<SurveyInvitationsView> {
    requireRole('secretariat');
    const meta = metadata();
    let codes: Record<string, string> = {};
    return decideOn(
      this.streams,
      ref.eventId,
      (state) => {
        const audience = state.surveys[ref.surveyId] ? surveyAudience(state, state.surveys[ref.surveyId].definition) : [];
        codes = Object.fromEntries(audience.map((p) => [p.email, randomBytes(18).toString('base64url')]));
        const codeHashes = Object.fromEntries(Object.entries(codes).map(([email, code]) => [email, hashOf(code)]));
        return { type: 'SendSurvey', data: { surveyId: ref.surveyId, codeHashes }, metadata: meta };
      },
      () => ({ surveyId: ref.surveyId, invitations: Object.entries(codes).map(([email, code]) => ({ email, code })) }),
    );
  }

  /** Open to anyone holding an invitation code: the code is who they are. Answers with a receipt only. */
  answer(dto: AnswerSurveyDto): Promise<{ surveyId: string; answered: true }> {
    const meta = metadata();
    const answers = dto.answers.map((a) => ({ questionId: a.questionId, value: a.value }));
    return decideOn(this.streams, dto.eventId, () => ({ type: 'AnswerSurvey', data: { surveyId: dto.surveyId, codeHash: hashOf(dto.code), answers }, metadata: meta }), () => ({ surveyId: dto.surveyId, answered: true as const }));
  }

  async results(ref: SurveyRefDto): Promise<SurveyResultsView> {
    requireRole('secretariat', 'auditor');
    return resultsView(await this.survey(ref));
  }

  async nonRespondents(ref: SurveyRefDto): Promise<{ surveyId: string; notAnswered: string[] }> {
    requireRole('secretariat');
    return { surveyId: ref.surveyId, notAnswered: notAnswered(await this.survey(ref)) };
  }

  private async survey(ref: SurveyRefDto): Promise<SurveyState> {
    const { state } = await this.streams.load(ref.eventId);
    if (!state.definition) throw notFound('event');
    try {
      return surveyOf(state, ref.surveyId);
    } catch {
      throw notFound('survey');
    }
  }
}
