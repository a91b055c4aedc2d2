import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { COUNTRIES, Country, MultilingualTextDto } from '../registry/dto';
import { EVENT_KINDS, EVENT_LANGUAGES, EventKind, GENDERS, Gender, Participation, PARTICIPATIONS, QUOTA_DIMENSIONS, QuotaDimension } from './kinds';
import { IsCalendarDateTime } from '../calendar';

const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;
const COMMAND_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export class EventPlaceDto {
  @ApiProperty({ example: 'CCIA Timiș, Piața Victoriei 3' }) @IsString() @IsNotEmpty() @MaxLength(200) venue: string;
  @ApiProperty({ example: 'Timișoara' }) @IsString() @IsNotEmpty() @MaxLength(100) city: string;
  @ApiProperty({ enum: COUNTRIES }) @IsIn(COUNTRIES) country: Country;
  @ApiPropertyOptional({ example: 'RO-TM' }) @IsOptional() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code like RO-TM' }) region?: string;
}

export class EventSessionDto {
  @ApiProperty({ example: 'opening', description: 'lower-case id, unique in the event; names its check-in list `session:<id>`' }) @Matches(SLUG) sessionId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ example: '2026-05-12' }) @Matches(DAY, { message: 'date must be YYYY-MM-DD' }) @IsCalendarDateTime() date: string;
  @ApiPropertyOptional({ example: '09:30' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) startsAt?: string;
  @ApiPropertyOptional({ example: '12:00' }) @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/) endsAt?: string;
}

export class QuotaDto {
  @ApiProperty({ enum: QUOTA_DIMENSIONS }) @IsIn(QUOTA_DIMENSIONS) dimension: QuotaDimension;
  @ApiProperty({ example: 'RO', description: 'a country (RO, RS, HU), an organisation kind (sme, …) or a participation (exhibitor, visitor, participant)' })
  @IsString() @IsNotEmpty() @MaxLength(40) value: string;
  @ApiPropertyOptional({ description: 'at most this many people' }) @IsOptional() @IsInt() @Min(0) @Max(100000) max?: number;
  @ApiPropertyOptional({ description: 'at least this many people: places kept for them until filled' }) @IsOptional() @IsInt() @Min(0) @Max(100000) min?: number;
}

/** An instant written with its time and its offset from UTC (a bare day or local time names no instant). */
const INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export class RegistrationRulesDto {
  @ApiProperty({ description: 'places, counted in people' }) @IsInt() @Min(1) @Max(100000) capacity: number;
  @ApiProperty({ type: [QuotaDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => QuotaDto) quotas: QuotaDto[];
  @ApiProperty({ description: 'places are held awaiting the secretariat\'s approval' }) @IsBoolean() requiresApproval: boolean;
  @ApiProperty({ example: '2026-05-10T21:00:00.000Z', description: 'nobody registers after this instant' }) @IsISO8601({ strict: true }) @Matches(INSTANT_WITH_OFFSET, { message: 'deadline must be an instant with its time and offset (Z or ±hh:mm), e.g. 2026-05-10T21:00:00.000Z: a bare day or a local time would be read in the server\'s time zone' }) deadline: string;
  @ApiPropertyOptional({ default: 48, description: 'hours a freed place offered to the waiting list stays open' }) @IsOptional() @IsInt() @Min(1) @Max(720) offerHours?: number;
  @ApiPropertyOptional({ default: 10, description: "people one organisation's members may register, placed or waiting (the secretariat may register past it); past it: 422 PlacesPerOrganisationExceeded" })
  @IsOptional() @IsInt() @Min(1) @Max(100000) maxPerOrganisation?: number;
}

export class ScheduleEventDto {
  @ApiProperty({ enum: EVENT_KINDS }) @IsIn(EVENT_KINDS) kind: EventKind;
  @ApiProperty({ type: MultilingualTextDto }) @ValidateNested() @Type(() => MultilingualTextDto) title: MultilingualTextDto;
  @ApiProperty({ type: EventPlaceDto }) @ValidateNested() @Type(() => EventPlaceDto) place: EventPlaceDto;
  @ApiProperty({ example: '2026-05-12' }) @Matches(DAY, { message: 'startsOn must be YYYY-MM-DD' }) @IsCalendarDateTime() startsOn: string;
  @ApiProperty({ example: '2026-05-13' }) @Matches(DAY, { message: 'endsOn must be YYYY-MM-DD' }) @IsCalendarDateTime() endsOn: string;
  @ApiProperty({ enum: EVENT_LANGUAGES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(5) @IsIn(EVENT_LANGUAGES, { each: true }) languages: string[];
  @ApiProperty({ type: [String], example: ['branding', 'export'] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(80, { each: true }) topics: string[];
  @ApiProperty({ description: 'the registered organisation that organises it (checked with the registry)' }) @IsUUID('4') organiserOrganisationId: string;
  @ApiProperty({ type: [EventSessionDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EventSessionDto) sessions: EventSessionDto[];
  @ApiPropertyOptional({ example: 'workshops-2026', description: 'the plan the event counts towards' }) @IsOptional() @Matches(SLUG) planId?: string;
  @ApiProperty({ type: RegistrationRulesDto }) @ValidateNested() @Type(() => RegistrationRulesDto) registration: RegistrationRulesDto;
}

export class EventIdDto {
  @ApiProperty() @IsUUID('4') eventId: string;
}

export class ListEventsDto {
  @ApiPropertyOptional({ enum: EVENT_KINDS }) @IsOptional() @IsIn(EVENT_KINDS) kind?: EventKind;
  @ApiPropertyOptional({ enum: COUNTRIES }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional() @IsOptional() @Matches(SLUG) planId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class PersonDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ description: 'identifies the person: one registration per address and event' }) @IsEmail() @MaxLength(254) email: string;
  @ApiPropertyOptional({ enum: GENDERS, description: 'only where the person gives it; counted in the figures' }) @IsOptional() @IsIn(GENDERS) gender?: Gender;
}

/** A registration of one person or a group, on behalf of a registered organisation. */
export class RegistrationBodyDto {
  @ApiProperty() @IsUUID('4') organisationId: string;
  @ApiPropertyOptional({ enum: PARTICIPATIONS, default: 'participant' }) @IsOptional() @IsIn(PARTICIPATIONS) participation?: Participation;
  @ApiProperty({ type: [PersonDto], description: 'one person, or a group that takes places (or waits) together' })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => PersonDto) people: PersonDto[];
  @ApiPropertyOptional({ description: "the caller's own id for this registration: a retry answers the first registration" }) @IsOptional() @Matches(COMMAND_ID) commandId?: string;
}

export class RegisterDto extends RegistrationBodyDto {
  @ApiProperty() @IsUUID('4') eventId: string;
}

export class RegistrationRefDto {
  @ApiProperty() @IsUUID('4') eventId: string;
  @ApiProperty() @IsUUID('4') registrationId: string;
}

export class RejectionBodyDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

export class RejectRegistrationDto extends RegistrationRefDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}

export class CheckInBodyDto {
  @ApiProperty() @IsUUID('4') registrationId: string;
  @ApiProperty({ description: 'the person, as registered' }) @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ example: 'day:2026-05-12', description: 'a list per day (`day:YYYY-MM-DD`) or per session (`session:<id>`)' }) @Matches(/^(day:\d{4}-\d{2}-\d{2}|session:[a-z0-9][a-z0-9-]{0,63})$/) list: string;
}

export class CheckInDto extends CheckInBodyDto {
  @ApiProperty() @IsUUID('4') eventId: string;
}

export const SURVEY_PURPOSES = ['needs-assessment', 'satisfaction'] as const;
export const SURVEY_AUDIENCES = ['registered', 'attendees'] as const;
export const QUESTION_KINDS = ['scale', 'choice', 'text'] as const;

export class SurveyQuestionDto {
  @ApiProperty({ example: 'overall' }) @Matches(SLUG) questionId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) text: string;
  @ApiProperty({ enum: QUESTION_KINDS }) @IsIn(QUESTION_KINDS) kind: (typeof QUESTION_KINDS)[number];
  @ApiPropertyOptional({ default: 1, description: 'scale: lowest value' }) @IsOptional() @IsInt() @Min(0) @Max(10) min?: number;
  @ApiPropertyOptional({ default: 5, description: 'scale: highest value' }) @IsOptional() @IsInt() @Min(1) @Max(10) max?: number;
  @ApiPropertyOptional({ type: [String], description: 'choice: the options (two or more)' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(200, { each: true }) options?: string[];
}

export class SurveyBodyDto {
  @ApiProperty({ example: 'satisfaction' }) @Matches(SLUG) surveyId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ enum: SURVEY_PURPOSES }) @IsIn(SURVEY_PURPOSES) purpose: (typeof SURVEY_PURPOSES)[number];
  @ApiProperty({ enum: SURVEY_AUDIENCES, description: 'registered: everyone confirmed; attendees: only those checked in' }) @IsIn(SURVEY_AUDIENCES) audience: (typeof SURVEY_AUDIENCES)[number];
  @ApiProperty({ description: 'anonymous: answers are kept without their respondent' }) @IsBoolean() anonymous: boolean;
  @ApiProperty({ type: [SurveyQuestionDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SurveyQuestionDto) questions: SurveyQuestionDto[];
}

export class PublishSurveyDto extends SurveyBodyDto {
  @ApiProperty() @IsUUID('4') eventId: string;
}

export class SurveyRefDto {
  @ApiProperty() @IsUUID('4') eventId: string;
  @ApiProperty() @Matches(SLUG) surveyId: string;
}

/** Longest text answer: answers stay in the event's stream, which every decision on the event reads whole. */
export const SURVEY_TEXT_ANSWER_MAX = 2000;

/** A number, or a text of at most SURVEY_TEXT_ANSWER_MAX characters (without it, each answer could be as long as the body limit). */
function IsAnswerValue(): PropertyDecorator {
  return ValidateBy({
    name: 'isAnswerValue',
    validator: {
      validate: (value: unknown) => typeof value === 'number' || (typeof value === 'string' && value.length <= SURVEY_TEXT_ANSWER_MAX),
      defaultMessage: (args) => `${args?.property ?? 'value'} must be a number, or a text of at most ${SURVEY_TEXT_ANSWER_MAX} characters`,
    },
  });
}

export class SurveyAnswerDto {
  @ApiProperty() @Matches(SLUG) questionId: string;
  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string', maxLength: SURVEY_TEXT_ANSWER_MAX }], description: `a scale: an integer in its range; a choice: one option; a text: the text (at most ${SURVEY_TEXT_ANSWER_MAX} characters)` })
  @IsDefined() @IsAnswerValue() value: number | string;
}

export class SurveyAnswersBodyDto {
  @ApiProperty({ description: 'the invitation code sent to the respondent' }) @Matches(/^[A-Za-z0-9_-]{16,64}$/) code: string;
  @ApiProperty({ type: [SurveyAnswerDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => SurveyAnswerDto) answers: SurveyAnswerDto[];
}

export class AnswerSurveyDto extends SurveyAnswersBodyDto {
  @ApiProperty() @IsUUID('4') eventId: string;
  @ApiProperty() @Matches(SLUG) surveyId: string;
}

export class PlanTargetDto {
  @ApiProperty({ enum: EVENT_KINDS }) @IsIn(EVENT_KINDS) kind: EventKind;
  @ApiProperty({ enum: COUNTRIES }) @IsIn(COUNTRIES) country: Country;
  @ApiProperty({ example: 5, description: 'events of this kind to hold in this country' }) @IsInt() @Min(1) @Max(1000) count: number;
}

/** A plan of events, e.g. "5 workshops in RO, 5 in RS". */
export class CreatePlanDto {
  @ApiProperty({ example: 'workshops-2026' }) @Matches(SLUG) planId: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ type: [PlanTargetDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => PlanTargetDto) targets: PlanTargetDto[];
}

export class ProgrammeViewQueryDto {
  @ApiPropertyOptional({ description: 'only this plan' }) @IsOptional() @Matches(SLUG) planId?: string;
}
