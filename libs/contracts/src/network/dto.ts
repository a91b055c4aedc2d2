import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { COUNTRIES, Country } from '../registry/dto';
import { IsCalendarDateTime } from '../calendar';
import { IsNaceCode } from '../classifications/is-nace-code';
import { PROGRAMME_DAY_TIME_ZONE } from '../programme-day';

/** What an organisation puts on the exchange: offers answer requests of the matching kind. */
export const LISTING_KINDS = ['business-offer', 'business-request', 'technology-offer', 'technology-request', 'research-partner-search'] as const;
export type ListingKind = (typeof LISTING_KINDS)[number];
/** Languages a listing's author works in. */
export const LISTING_LANGUAGES = ['ro', 'sr', 'hu', 'en', 'de'] as const;
export type ListingLanguage = (typeof LISTING_LANGUAGES)[number];

const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class PublishListingBodyDto {
  @ApiProperty({ enum: LISTING_KINDS }) @IsIn(LISTING_KINDS) kind: ListingKind;
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiProperty({ maxLength: 4000 }) @IsString() @IsNotEmpty() @MaxLength(4000) description: string;
  @ApiPropertyOptional({ type: [String], example: ['10.71'], description: 'NACE Rev.2 codes (section, division, group or class) that exist in the classification, each refused by name (10.79 is not a NACE Rev.2 class); a listing has at least one NACE code or Nice class' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsString({ each: true }) @MaxLength(8, { each: true }) @IsNaceCode({ each: true }) naceCodes?: string[];
  @ApiPropertyOptional({ type: [Number], example: [30], description: 'Nice classes (1–45)' })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ArrayUnique() @IsInt({ each: true }) niceClasses?: number[];
  @ApiPropertyOptional({ enum: COUNTRIES, isArray: true, description: 'countries the partner should be in; none: any' })
  @IsOptional() @IsArray() @ArrayUnique() @IsIn(COUNTRIES, { each: true }) countriesWanted?: Country[];
  @ApiProperty({ enum: LISTING_LANGUAGES, isArray: true }) @IsArray() @ArrayMinSize(1) @ArrayUnique() @IsIn(LISTING_LANGUAGES, { each: true }) languages: ListingLanguage[];
  @ApiProperty({ example: '2027-06-30', description: `last day the listing is shown, a day in the programme's time zone (${PROGRAMME_DAY_TIME_ZONE}): shown to that day's end there; today there at the earliest, at most a year ahead` })
  @Matches(DATE, { message: 'expiresOn must be a date YYYY-MM-DD' }) @IsCalendarDateTime() expiresOn: string;
  @ApiPropertyOptional({ description: "the listing's organisation: the secretariat names it; a member's is the one in its token" })
  @IsOptional() @IsUUID() organisationId?: string;
}

export class PublishListingDto extends PublishListingBodyDto {}

export class RenewListingBodyDto {
  @ApiProperty({ example: '2027-12-31', description: `new last day (a day in ${PROGRAMME_DAY_TIME_ZONE}), later than the current one and at most a year ahead` }) @Matches(DATE, { message: 'expiresOn must be a date YYYY-MM-DD' }) @IsCalendarDateTime() expiresOn: string;
}

export class RenewListingDto extends RenewListingBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export class ListingIdDto {
  @ApiProperty() @IsUUID() id: string;
}

export class SearchListingsDto {
  @ApiPropertyOptional({ enum: LISTING_KINDS }) @IsOptional() @IsIn(LISTING_KINDS) kind?: ListingKind;
  @ApiPropertyOptional({ example: '10', description: 'NACE code or prefix (section letter, division, group, class); a code that NACE Rev.2 does not have (10.79) is refused rather than matching nothing' }) @IsOptional() @Matches(/^([A-U]|\d{2}(\.\d{1,2})?)$/, { message: 'nace must be a NACE Rev.2 code like C, 10, 10.7 or 10.71' }) @IsNaceCode() nace?: string;
  @ApiPropertyOptional({ description: 'Nice class (1–45)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(45) niceClass?: number;
  @ApiPropertyOptional({ enum: COUNTRIES, description: "the listing organisation's country" }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class OwnListingsDto {
  @ApiPropertyOptional({ description: 'the secretariat names the organisation; a member sees its own' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ExpressInterestBodyDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) message: string;
  @ApiPropertyOptional({ example: '2027-01-15', description: `the day the listing organisation should reply by (a day in ${PROGRAMME_DAY_TIME_ZONE}): tomorrow to 30 days ahead (default 14 days)` })
  @IsOptional() @Matches(DATE, { message: 'replyBy must be a date YYYY-MM-DD' }) @IsCalendarDateTime() replyBy?: string;
  @ApiPropertyOptional({ description: "the interested organisation: the secretariat names it; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class ExpressInterestDto extends ExpressInterestBodyDto {
  @ApiProperty() @IsUUID() listingId: string;
}

export const INTEREST_ANSWERS = ['accepted', 'declined'] as const;

export class AnswerInterestBodyDto {
  @ApiProperty({ enum: INTEREST_ANSWERS }) @IsIn(INTEREST_ANSWERS) answer: (typeof INTEREST_ANSWERS)[number];
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) message?: string;
}

export class AnswerInterestDto extends AnswerInterestBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export class ListInterestsDto {
  @ApiProperty({ enum: ['sent', 'received'], description: "sent: the organisation's interests in others' listings; received: others' interests in its listings" }) @IsIn(['sent', 'received']) side: 'sent' | 'received';
  @ApiPropertyOptional({ description: 'the secretariat names the organisation; a member sees its own' }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

/** Roles in the network; `brand-holder` follows a valid Made in Banat certificate and is never applied for. */
export const MEMBER_ROLES = ['brand-holder', 'partner', 'expert-organisation', 'ngo', 'research-institution'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export class ApplyForMembershipBodyDto {
  @ApiProperty({ enum: MEMBER_ROLES, isArray: true, description: 'roles applied for (ngo: NGOs only; research-institution: research and education only)' })
  @IsArray() @ArrayMaxSize(5) @IsIn(MEMBER_ROLES, { each: true }) roles: MemberRole[];
  @ApiPropertyOptional({ description: "the secretariat names the organisation; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class ApplyForMembershipDto extends ApplyForMembershipBodyDto {}

export class ApproveMembershipBodyDto {
  @ApiPropertyOptional({ enum: MEMBER_ROLES, isArray: true, description: 'fewer roles than applied for; default: all applied for' })
  @IsOptional() @IsArray() @ArrayMaxSize(5) @IsIn(MEMBER_ROLES, { each: true }) roles?: MemberRole[];
}

export class MembershipReasonBodyDto {
  @ApiPropertyOptional({ maxLength: 1000, description: 'required to reject or suspend' }) @IsOptional() @IsString() @MaxLength(1000) reason?: string;
}

export class MembershipStepDto {
  @ApiProperty() @IsUUID() organisationId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(1000) reason?: string;
  @ApiPropertyOptional({ enum: MEMBER_ROLES, isArray: true }) @IsOptional() @IsArray() @ArrayMaxSize(5) @IsIn(MEMBER_ROLES, { each: true }) roles?: MemberRole[];
}

export class ListMembersDto {
  @ApiPropertyOptional({ enum: MEMBER_ROLES }) @IsOptional() @IsIn(MEMBER_ROLES) role?: MemberRole;
  @ApiPropertyOptional({ enum: COUNTRIES }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class BrandHoldersPageDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class PlanFairDto {
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ example: '2027-03-10' }) @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' }) @IsCalendarDateTime() date: string;
  @ApiProperty({ example: '09:00' }) @Matches(TIME, { message: 'opensAt must be a time HH:MM' }) opensAt: string;
  @ApiProperty({ example: '17:00' }) @Matches(TIME, { message: 'closesAt must be a time HH:MM' }) closesAt: string;
  @ApiProperty({ example: 30, minimum: 10, maximum: 120 }) @IsInt() @Min(10) @Max(120) slotMinutes: number;
  @ApiProperty({ example: 20, minimum: 1, maximum: 500 }) @IsInt() @Min(1) @Max(500) tables: number;
}

export class JoinFairBodyDto {
  @ApiProperty({ type: [String], example: ['09:00', '09:30'], description: "the slots (start times) the participant is available at; each must be one of the fair's" })
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ArrayUnique() @Matches(TIME, { each: true, message: 'each slot must be a time HH:MM' }) availableSlots: string[];
  @ApiPropertyOptional({ description: "the secretariat names the organisation; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class JoinFairDto extends JoinFairBodyDto {
  @ApiProperty() @IsUUID() fairId: string;
}

export class RequestMeetingBodyDto {
  @ApiProperty({ description: 'the participant to meet' }) @IsUUID() withOrganisationId: string;
  @ApiProperty({ example: '09:30' }) @Matches(TIME, { message: 'slot must be a time HH:MM' }) slot: string;
  @ApiPropertyOptional({ maxLength: 1000 }) @IsOptional() @IsString() @MaxLength(1000) message?: string;
  @ApiPropertyOptional({ description: "the secretariat names the requesting organisation; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class RequestMeetingDto extends RequestMeetingBodyDto {
  @ApiProperty() @IsUUID() fairId: string;
}

export class AgendaDto {
  @ApiProperty() @IsUUID() fairId: string;
  @ApiPropertyOptional({ description: 'the secretariat names the organisation; a member sees its own' }) @IsOptional() @IsUUID() organisationId?: string;
}

export class OrganisationQueryDto {
  @ApiPropertyOptional({ description: 'the secretariat names the organisation; a member sees its own' }) @IsOptional() @IsUUID() organisationId?: string;
}

/** What clusters offer their members and others (and what organisations state they need). */
export const CLUSTER_SERVICE_CATEGORIES = ['training', 'export-promotion', 'certification-support', 'research-development', 'marketing', 'legal-advice', 'financing', 'logistics', 'digitalisation'] as const;
export type ClusterServiceCategory = (typeof CLUSTER_SERVICE_CATEGORIES)[number];

export class ClusterServiceDto {
  @ApiProperty({ enum: CLUSTER_SERVICE_CATEGORIES }) @IsIn(CLUSTER_SERVICE_CATEGORIES) category: ClusterServiceCategory;
  @ApiProperty({ maxLength: 200 }) @IsString() @IsNotEmpty() @MaxLength(200) title: string;
  @ApiPropertyOptional({ enum: COUNTRIES, isArray: true, description: 'countries it is offered in; none: all' }) @IsOptional() @IsArray() @ArrayUnique() @IsIn(COUNTRIES, { each: true }) countries?: Country[];
}

export class ClusterCatalogueBodyDto {
  @ApiProperty({ type: [ClusterServiceDto] }) @IsArray() @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => ClusterServiceDto) services: ClusterServiceDto[];
  @ApiProperty({ description: 'the version read (0 for a first catalogue); another is a 409' }) @IsInt() @Min(0) expectedVersion: number;
}

export class ClusterCatalogueDto extends ClusterCatalogueBodyDto {
  @ApiProperty() @IsUUID() clusterId: string;
}

export class StatedNeedsBodyDto {
  @ApiProperty({ enum: CLUSTER_SERVICE_CATEGORIES, isArray: true }) @IsArray() @ArrayMaxSize(CLUSTER_SERVICE_CATEGORIES.length) @ArrayUnique() @IsIn(CLUSTER_SERVICE_CATEGORIES, { each: true }) categories: ClusterServiceCategory[];
  @ApiProperty({ description: 'the version read (0 for a first statement); another is a 409' }) @IsInt() @Min(0) expectedVersion: number;
  @ApiPropertyOptional({ description: "the secretariat names the organisation; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class ClusterInvitationBodyDto {
  @ApiProperty({ description: 'the organisation invited to be a member: registered, active, another than the cluster' }) @IsUUID() organisationId: string;
}

export class ClusterInvitationDto extends ClusterInvitationBodyDto {
  @ApiProperty() @IsUUID() clusterId: string;
}

/** One organisation's membership of one cluster. */
export class ClusterMembershipIdDto {
  @ApiProperty() @IsUUID() clusterId: string;
  @ApiProperty() @IsUUID() organisationId: string;
}

export const CLUSTER_REMOVAL_REASON_MAX = 1000;

export class ClusterRemovalBodyDto {
  @ApiPropertyOptional({ maxLength: CLUSTER_REMOVAL_REASON_MAX, description: "why the cluster removes the member, kept in the membership's steps" })
  @IsOptional() @IsString() @MaxLength(CLUSTER_REMOVAL_REASON_MAX) reason?: string;
}

/** The cluster removes a member organisation. */
export class ClusterRemovalDto extends ClusterMembershipIdDto {
  @ApiPropertyOptional({ maxLength: CLUSTER_REMOVAL_REASON_MAX }) @IsOptional() @IsString() @MaxLength(CLUSTER_REMOVAL_REASON_MAX) reason?: string;
}

export class ProposeMentoringDto {
  @ApiProperty({ enum: ['mentoring', 'twinning'] }) @IsIn(['mentoring', 'twinning']) kind: 'mentoring' | 'twinning';
  @ApiProperty({ description: 'the mentee (or twin) organisation' }) @IsUUID() menteeOrganisationId: string;
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) @IsCalendarDateTime() from: string;
  @ApiProperty({ example: '2027-06-30' }) @Matches(DATE, { message: 'until must be a date YYYY-MM-DD' }) @IsCalendarDateTime() until: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(500, { each: true }) goals: string[];
  @ApiPropertyOptional({ description: "the mentor organisation: the secretariat names it; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class AnswerMentoringBodyDto {
  @ApiProperty({ enum: ['accepted', 'declined'] }) @IsIn(['accepted', 'declined']) answer: 'accepted' | 'declined';
}

export class AnswerMentoringDto extends AnswerMentoringBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export class MentoringMeetingBodyDto {
  @ApiProperty({ example: '2027-02-15' }) @Matches(DATE, { message: 'on must be a date YYYY-MM-DD' }) @IsCalendarDateTime() on: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) notes: string;
}

export class MentoringMeetingDto extends MentoringMeetingBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export class CloseMentoringBodyDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) outcome: string;
}

export class CloseMentoringDto extends CloseMentoringBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export const PARTNERSHIP_KINDS = ['business', 'research', 'cross-border-project', 'twinning'] as const;

export class ProposePartnershipDto {
  @ApiProperty({ enum: PARTNERSHIP_KINDS }) @IsIn(PARTNERSHIP_KINDS) kind: (typeof PARTNERSHIP_KINDS)[number];
  @ApiProperty({ description: 'the partner organisation: registered, and another than the proposer' }) @IsUUID() partnerOrganisationId: string;
  @ApiProperty({ maxLength: 200 }) @IsString() @MaxLength(200) title: string;
  @ApiProperty({ example: '2027-01-01' }) @Matches(DATE, { message: 'from must be a date YYYY-MM-DD' }) @IsCalendarDateTime() from: string;
  @ApiProperty({ example: '2028-12-31', description: 'after from' }) @Matches(DATE, { message: 'until must be a date YYYY-MM-DD' }) @IsCalendarDateTime() until: string;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) @MaxLength(500, { each: true }) goals: string[];
  @ApiPropertyOptional({ description: "the proposing organisation: the secretariat names it; a member's is the one in its token" }) @IsOptional() @IsUUID() organisationId?: string;
}

export class EndPartnershipBodyDto {
  @ApiProperty({ maxLength: 2000 }) @IsString() @MaxLength(2000) outcome: string;
}

export class EndPartnershipDto extends EndPartnershipBodyDto {
  @ApiProperty() @IsUUID() id: string;
}

export class ActivePartnershipsDto extends BrandHoldersPageDto {}
