/** The survey commands' decisions and the survey's reads: who is invited, results per question, who has not answered. */
import type { ProgrammeEventFact, ProgrammeEventState, Stamp } from './programme-event';
import { entriesInOrder } from './programme-event';
import { refuse } from './rules';
import type { Answer, Invitee, Question, SurveyDefinition, SurveyState } from './survey';

export const surveyOf = (state: ProgrammeEventState, surveyId: string): SurveyState => state.surveys[surveyId] ?? refuse('SurveyUnknown', { surveyId });

/** Confirmed people; for a survey of attendees, only those checked in on some list. */
export function surveyAudience(state: ProgrammeEventState, survey: SurveyDefinition): { email: string; registrationId: string }[] {
  const came = new Set(state.checkIns.map((c) => `${c.registrationId} ${c.email}`));
  return entriesInOrder(state)
    .filter((e) => e.status === 'confirmed')
    .flatMap((e) => e.people.map((p) => ({ email: p.email, registrationId: e.registrationId })))
    .filter((p) => survey.audience === 'registered' || came.has(`${p.registrationId} ${p.email}`));
}

const wellFormed = (q: Question) => (q.kind === 'scale' ? q.min < q.max : q.kind === 'choice' ? new Set(q.options).size >= 2 && q.options.length === new Set(q.options).size : true);

export function publishSurvey(state: ProgrammeEventState, survey: SurveyDefinition, stamp: Stamp): ProgrammeEventFact[] {
  if (state.surveys[survey.surveyId]) refuse('SurveyAlreadyExists', { surveyId: survey.surveyId });
  const ids = survey.questions.map((q) => q.questionId);
  const bad = survey.questions.find((q) => !wellFormed(q));
  if (new Set(ids).size !== ids.length || bad) refuse('SurveyQuestionsInvalid', bad ? { questionId: bad.questionId } : { questionIds: ids });
  return [{ type: 'SurveyPublished', data: { survey, stamp } }];
}

/** `codeHashes` holds, for each person of the audience (by e-mail), the SHA-256 of the code sent to them. */
export function sendSurvey(state: ProgrammeEventState, surveyId: string, codeHashes: Readonly<Record<string, string>>, stamp: Stamp): ProgrammeEventFact[] {
  const survey = surveyOf(state, surveyId);
  if (survey.invitees) refuse('SurveyAlreadySent', { surveyId, sentTo: survey.invitees.length });
  const invitees: Invitee[] = surveyAudience(state, survey.definition).map((p) => ({ ...p, codeHash: codeHashes[p.email] ?? refuse('NotInvitedToSurvey', { email: p.email }) }));
  return [{ type: 'SurveySent', data: { surveyId, invitees, stamp } }];
}

function fits(question: Question, value: number | string): boolean {
  if (question.kind === 'scale') return typeof value === 'number' && Number.isInteger(value) && value >= question.min && value <= question.max;
  if (question.kind === 'choice') return typeof value === 'string' && question.options.includes(value);
  return typeof value === 'string' && value.trim().length > 0;
}

export function answerSurvey(state: ProgrammeEventState, surveyId: string, codeHash: string, answers: readonly Answer[], at: string): ProgrammeEventFact[] {
  const survey = surveyOf(state, surveyId);
  if (!survey.invitees) refuse('SurveyNotSent', { surveyId });
  const invitee = survey.invitees?.find((i) => i.codeHash === codeHash) ?? refuse('NotInvitedToSurvey', { surveyId });
  if (survey.answeredCodes.includes(codeHash)) refuse('SurveyAlreadyAnswered', { surveyId });
  const questions = survey.definition.questions;
  const unknown = answers.find((a) => !questions.some((q) => q.questionId === a.questionId));
  if (unknown) refuse('AnswerInvalid', { questionId: unknown.questionId, reason: 'no such question' });
  for (const question of questions) {
    const given = answers.filter((a) => a.questionId === question.questionId);
    if (given.length > 1) refuse('AnswerInvalid', { questionId: question.questionId, reason: 'answered twice' });
    if (given.length === 0 && question.kind !== 'text') refuse('AnswerInvalid', { questionId: question.questionId, reason: 'not answered' });
    if (given.length === 1 && !fits(question, given[0].value)) refuse('AnswerInvalid', { questionId: question.questionId, reason: 'does not fit the question' });
  }
  return [{ type: 'SurveyAnswered', data: { surveyId, codeHash, answers, ...(survey.definition.anonymous ? {} : { respondent: invitee.email }), at } }];
}

export type QuestionResult = {
  questionId: string;
  text: string;
  kind: Question['kind'];
  answers: number;
  average?: number;
  counts?: Record<string, number>;
  texts?: { text: string; by?: string }[];
};

/** Results per question: a scale's average and distribution, a choice's counts, the texts (with their author only in a named survey). */
export function surveyResults(survey: SurveyState): QuestionResult[] {
  return survey.definition.questions.map((question) => {
    const given = survey.responses.flatMap((r) => r.answers.filter((a) => a.questionId === question.questionId).map((a) => ({ value: a.value, by: r.respondent })));
    const base = { questionId: question.questionId, text: question.text, kind: question.kind, answers: given.length };
    if (question.kind === 'text') return { ...base, texts: given.map((g) => ({ text: String(g.value), ...(g.by ? { by: g.by } : {}) })) };
    const keys = question.kind === 'scale' ? Array.from({ length: question.max - question.min + 1 }, (_, i) => String(question.min + i)) : [...question.options];
    const counts = Object.fromEntries(keys.map((k) => [k, given.filter((g) => String(g.value) === k).length]));
    if (question.kind === 'choice') return { ...base, counts };
    const average = given.length ? Math.round((given.reduce((n, g) => n + Number(g.value), 0) / given.length) * 100) / 100 : undefined;
    return { ...base, counts, ...(average !== undefined ? { average } : {}) };
  });
}

/** Invitees who have not answered yet (their e-mails: for the secretariat's reminder). */
export const notAnswered = (survey: SurveyState): string[] => (survey.invitees ?? []).filter((i) => !survey.answeredCodes.includes(i.codeHash)).map((i) => i.email);
