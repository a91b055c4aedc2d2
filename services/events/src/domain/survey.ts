/**
 * Questionnaires of a programme event: a needs assessment before, satisfaction after. Sent to the
 * people registered or only to those who came; each invitee answers once, with the code sent to
 * them; anonymous surveys keep no respondent with the answers.
 */
import type { SURVEY_AUDIENCES, SURVEY_PURPOSES } from '@banat/contracts';
import type { Fact } from './decider';
import type { Stamp } from './programme-event';

export type SurveyPurpose = (typeof SURVEY_PURPOSES)[number];
export type SurveyAudience = (typeof SURVEY_AUDIENCES)[number];

export type Question = Readonly<
  | { questionId: string; text: string; kind: 'scale'; min: number; max: number }
  | { questionId: string; text: string; kind: 'choice'; options: readonly string[] }
  | { questionId: string; text: string; kind: 'text' }
>;

export type SurveyDefinition = Readonly<{ surveyId: string; title: string; purpose: SurveyPurpose; audience: SurveyAudience; anonymous: boolean; questions: readonly Question[] }>;

export type Answer = Readonly<{ questionId: string; value: number | string }>;
/** Who was invited: the code sent to them is kept only as its SHA-256. */
export type Invitee = Readonly<{ email: string; registrationId: string; codeHash: string }>;

export type SurveyPublished = Fact<'SurveyPublished', { survey: SurveyDefinition; stamp: Stamp }>;
export type SurveySent = Fact<'SurveySent', { surveyId: string; invitees: readonly Invitee[]; stamp: Stamp }>;
/** `respondent` only in a named survey; in an anonymous one the answers travel alone. */
export type SurveyAnswered = Fact<'SurveyAnswered', { surveyId: string; codeHash: string; answers: readonly Answer[]; respondent?: string; at: string }>;
export type SurveyFact = SurveyPublished | SurveySent | SurveyAnswered;

export type SurveyState = Readonly<{
  definition: SurveyDefinition;
  invitees?: readonly Invitee[];
  answeredCodes: readonly string[];
  responses: readonly { answers: readonly Answer[]; respondent?: string }[];
}>;
