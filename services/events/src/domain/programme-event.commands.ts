/** What may be asked of a programme event. Time and caller come in the metadata. */
import type { Command } from './decider';
import type { EventDefinition, Participation, Person, RegisteringOrganisation } from './programme-event';
import type { Answer, SurveyDefinition } from './survey';

export type ScheduleEvent = Command<'ScheduleEvent', { definition: EventDefinition }>;
export type Register = Command<
  'Register',
  { registrationId: string; organisation: RegisteringOrganisation; participation: Participation; people: readonly Person[]; commandId?: string }
>;
export type ApproveRegistration = Command<'ApproveRegistration', { registrationId: string }>;
export type RejectRegistration = Command<'RejectRegistration', { registrationId: string; reason: string }>;
export type CancelRegistration = Command<'CancelRegistration', { registrationId: string }>;
export type AcceptOffer = Command<'AcceptOffer', { registrationId: string }>;
/** Run by the clock: offers not accepted in time lapse and pass on. */
export type LapseOffers = Command<'LapseOffers', Record<string, never>>;
export type CheckIn = Command<'CheckIn', { registrationId: string; email: string; list: string }>;

export type PublishSurvey = Command<'PublishSurvey', { survey: SurveyDefinition }>;
/** The codes are made outside the domain; it is given their SHA-256 per e-mail of the audience. */
export type SendSurvey = Command<'SendSurvey', { surveyId: string; codeHashes: Readonly<Record<string, string>> }>;
export type AnswerSurvey = Command<'AnswerSurvey', { surveyId: string; codeHash: string; answers: readonly Answer[] }>;

export type ProgrammeEventCommand =
  | ScheduleEvent
  | Register
  | ApproveRegistration
  | RejectRegistration
  | CancelRegistration
  | AcceptOffer
  | LapseOffers
  | CheckIn
  | PublishSurvey
  | SendSurvey
  | AnswerSurvey;
