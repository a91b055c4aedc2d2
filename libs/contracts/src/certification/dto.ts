import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { COUNTRIES } from '../registry/dto';
import { IsCalendarDateTime } from '../calendar';

/** Ids that land in stream names, subjects and document keys: plain tokens only. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_:@-]{0,127}$/;
const token = { message: '$property must be a token of letters, digits, _ : @ - (at most 128)' };
export const CERTIFICATE_NUMBER = /^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{4}-\d{6}$/;
const certificateNumber = { message: 'certificateNumber must look like MIB-2026-000123' };
/** A calendar date (end of that day, UTC) or an ISO 8601 instant. */
const WHEN = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const APPLICATION_STATUSES = ['submitted', 'returned-incomplete', 'complete', 'reviewed', 'granted', 'refused'] as const;
export const CERTIFICATE_STATUSES = ['active', 'suspended', 'withdrawn', 'expired'] as const;
/** The schemes configured today (GET /schemes is the authority; the API doc lists these). */
export const KNOWN_SCHEMES = ['made-in-banat', 'esca-bronze', 'esca-silver', 'esca-gold'] as const;
export const DECISION_OUTCOMES = ['grant', 'refuse'] as const;
export const APPEAL_OUTCOMES = ['upheld', 'dismissed'] as const;
export const FINDING_SOURCES = ['surveillance', 'complaint'] as const;
export const FINDING_SEVERITIES = ['observation', 'minor', 'major'] as const;

/** What every command may carry: an idempotency key, and the revision the caller last saw. */
export class CertificationCommandDto {
  @ApiPropertyOptional({ description: 'Idempotency key: a retry with the same id and body appends nothing new and returns the first answer; the same id with another body is a 409' })
  @IsOptional() @Matches(TOKEN, token) commandId?: string;
  @ApiPropertyOptional({ description: 'Stream revision the caller decided on (optimistic concurrency: 409 if it moved)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(-1) expectedRevision?: number;
}

export class ApplicationCommandDto extends CertificationCommandDto {
  @ApiProperty() @Matches(TOKEN, token) applicationId: string;
}

export class CertificateCommandDto extends CertificationCommandDto {
  @ApiProperty({ example: 'MIB-2026-000123' }) @Matches(CERTIFICATE_NUMBER, certificateNumber) certificateNumber: string;
}

export class CertifiedProductDto {
  @ApiProperty({ example: 'Banat plum brandy' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ description: 'Nice class (1–45)' }) @IsOptional() @IsInt() @Min(1) @Max(45) niceClass?: number;
}

export class EvidenceDto {
  @ApiProperty({ example: 'raw-material-origin' }) @Matches(TOKEN, token) kind: string;
  @ApiProperty({ description: 'Reference of the document in the document store' }) @IsString() @IsNotEmpty() @MaxLength(500) ref: string;
}

export class SubmitApplicationDto extends CertificationCommandDto {
  @ApiPropertyOptional({ description: 'Chosen by the caller, or derived from commandId, or generated' }) @IsOptional() @Matches(TOKEN, token) applicationId?: string;
  @ApiProperty({ example: 'made-in-banat' }) @Matches(TOKEN, token) schemeId: string;
  @ApiProperty({ description: 'Registry id of the applicant organisation' }) @IsUUID('4') organisationId: string;
  @ApiPropertyOptional({ type: [CertifiedProductDto], description: 'Required by schemes that certify products (made-in-banat)' }) @IsOptional() @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CertifiedProductDto) products?: CertifiedProductDto[];
  @ApiPropertyOptional({ description: 'Share (0..1) of raw materials from the region, as declared; required by schemes with a minimum share (made-in-banat: 0.51)', example: 0.7 }) @IsOptional() @IsNumber({ allowNaN: false, allowInfinity: false }) declaredRegionalRawMaterialShare?: number;
  @ApiProperty({ type: [EvidenceDto] }) @IsArray() @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EvidenceDto) evidence: EvidenceDto[];
}

export class CheckCompletenessDto extends ApplicationCommandDto {}

export class SupplementApplicationDto extends ApplicationCommandDto {
  @ApiProperty({ type: [EvidenceDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => EvidenceDto) evidence: EvidenceDto[];
}

export class AssignExpertDto extends ApplicationCommandDto {
  @ApiProperty() @Matches(TOKEN, token) expertId: string;
  @ApiProperty({ description: 'Registry id of the organisation the expert works for: one the registry does not know is refused (422 ExpertOrganisationUnknown), one it has deactivated too (422 ExpertOrganisationInactive, with its status and deactivatedAt), as is the applicant itself' })
  @IsUUID('4', { message: 'expertOrganisationId must be the registry id (a UUID) of the organisation the expert works for' })
  expertOrganisationId: string;
}

/** Made by the expert in person: the caller is the declaring expert. */
export class DeclareConflictOfInterestDto extends ApplicationCommandDto {
  @ApiProperty() @IsBoolean() hasConflict: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(2000) statement: string;
}

export class CriterionScoreDto {
  @ApiProperty({ example: 'competitiveness' }) @Matches(TOKEN, token) criterionId: string;
  /** The range is the scheme's: checked by the domain (422 ScoreOutOfRange), not here. */
  @ApiProperty() @IsNumber({ allowNaN: false, allowInfinity: false }) score: number;
  @ApiProperty() @IsString() @MaxLength(4000) justification: string;
}

/** Made by the expert in person: the caller is the scoring expert. */
export class SubmitScoresDto extends ApplicationCommandDto {
  @ApiProperty({ type: [CriterionScoreDto] }) @IsArray() @ArrayMinSize(1) @ArrayMaxSize(100) @ValidateNested({ each: true }) @Type(() => CriterionScoreDto) scores: CriterionScoreDto[];
}

export class CompleteReviewDto extends ApplicationCommandDto {
  @ApiProperty() @IsString() @MaxLength(4000) remarks: string;
}

export class DecideApplicationDto extends ApplicationCommandDto {
  @ApiProperty({ enum: DECISION_OUTCOMES }) @IsIn(DECISION_OUTCOMES) outcome: (typeof DECISION_OUTCOMES)[number];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) reasons: string[];
}

export class LodgeAppealDto extends ApplicationCommandDto {
  @ApiPropertyOptional({ description: 'Generated when absent' }) @IsOptional() @Matches(TOKEN, token) appealId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) grounds: string;
}

export class DecideAppealDto extends ApplicationCommandDto {
  @ApiProperty() @Matches(TOKEN, token) appealId: string;
  @ApiProperty({ enum: APPEAL_OUTCOMES }) @IsIn(APPEAL_OUTCOMES) outcome: (typeof APPEAL_OUTCOMES)[number];
  @ApiProperty({ type: [String], description: 'Everyone who took the decision besides the caller' }) @IsArray() @ArrayMaxSize(20) @Matches(TOKEN, { each: true, ...token }) panel: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) reasons: string[];
}

export class RecordFindingDto extends CertificateCommandDto {
  @ApiPropertyOptional({ description: 'Generated when absent' }) @IsOptional() @Matches(TOKEN, token) findingId?: string;
  @ApiProperty({ enum: FINDING_SOURCES }) @IsIn(FINDING_SOURCES) source: (typeof FINDING_SOURCES)[number];
  @ApiProperty({ enum: FINDING_SEVERITIES }) @IsIn(FINDING_SEVERITIES) severity: (typeof FINDING_SEVERITIES)[number];
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) summary: string;
}

/** Suspension, restoration and withdrawal: always with a reason. */
export class CertificateStatusChangeDto extends CertificateCommandDto {
  @ApiProperty() @IsString() @MaxLength(2000) reason: string;
}

export class RenewCertificateDto extends CertificateCommandDto {
  @ApiProperty({ description: 'The renewal assessment that was granted' }) @Matches(TOKEN, token) renewalApplicationId: string;
  @ApiProperty() @IsString() @MaxLength(2000) reason: string;
}

/** The holder's appeal against the suspension or withdrawal in force (a member only for its own certificate). */
export class LodgeCertificateAppealDto extends CertificateCommandDto {
  @ApiPropertyOptional({ description: 'Generated when absent' }) @IsOptional() @Matches(TOKEN, token) appealId?: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) grounds: string;
}

export class DecideCertificateAppealDto extends CertificateCommandDto {
  @ApiProperty() @Matches(TOKEN, token) appealId: string;
  @ApiProperty({ enum: APPEAL_OUTCOMES }) @IsIn(APPEAL_OUTCOMES) outcome: (typeof APPEAL_OUTCOMES)[number];
  @ApiProperty({ type: [String], description: 'Everyone who took the decision besides the caller' }) @IsArray() @ArrayMaxSize(20) @Matches(TOKEN, { each: true, ...token }) panel: string[];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) reasons: string[];
}

export const COMPLAINT_OUTCOMES = ['upheld', 'rejected'] as const;

export class ComplainantDto {
  @ApiProperty({ example: 'Piața Timișoara SRL' }) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ description: 'How the outcome reaches the complainant: e-mail, phone or address' }) @IsString() @IsNotEmpty() @MaxLength(500) contact: string;
}

/** Anyone may complain about a certified product or holder; the complaint id is derived from commandId when given. */
export class LodgeComplaintDto extends CertificationCommandDto {
  @ApiProperty({ example: 'MIB-2026-000123' }) @Matches(CERTIFICATE_NUMBER, certificateNumber) certificateNumber: string;
  @ApiProperty({ type: ComplainantDto }) @ValidateNested() @Type(() => ComplainantDto) complainant: ComplainantDto;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) grounds: string;
}

export class ComplaintCommandDto extends CertificationCommandDto {
  @ApiProperty() @Matches(TOKEN, token) complaintId: string;
}

export class AcknowledgeComplaintDto extends ComplaintCommandDto {}

export class AssignComplaintInvestigatorDto extends ComplaintCommandDto {
  @ApiProperty({ description: 'Neither the grant\'s decision maker nor the last one on the certificate' }) @Matches(TOKEN, token) investigatorId: string;
}

/** Made by the investigator in person: the caller is the investigator. */
export class RecordComplaintInvestigationDto extends ComplaintCommandDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(4000) summary: string;
}

export class DecideComplaintDto extends ComplaintCommandDto {
  @ApiProperty({ enum: COMPLAINT_OUTCOMES }) @IsIn(COMPLAINT_OUTCOMES) outcome: (typeof COMPLAINT_OUTCOMES)[number];
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(50) @IsString({ each: true }) @MaxLength(2000, { each: true }) reasons: string[];
  @ApiPropertyOptional({ enum: FINDING_SEVERITIES, description: 'Severity of the finding an upheld complaint records on the certificate (minor when absent)' })
  @IsOptional() @IsIn(FINDING_SEVERITIES) findingSeverity?: (typeof FINDING_SEVERITIES)[number];
}

export class GetComplaintDto {
  @ApiProperty() @Matches(TOKEN, token) complaintId: string;
}

/** `lag: false` leaves the lag out (no read of the history's tail): what readiness probes ask. */
export class ProjectionStatusDto {
  @IsOptional() @IsBoolean() lag?: boolean;
}

/** Reads may wait until the read model has applied a position a command returned (read your writes). */
export class ConsistentReadDto {
  @ApiPropertyOptional({ description: 'Wait until the read model has applied this event-store position' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(0) after?: number;
}

export class GetApplicationDto extends ConsistentReadDto {
  @ApiProperty() @Matches(TOKEN, token) applicationId: string;
}

export class ListApplicationsDto extends ConsistentReadDto {
  @ApiPropertyOptional({ enum: APPLICATION_STATUSES }) @IsOptional() @IsIn(APPLICATION_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(TOKEN, token) schemeId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(TOKEN, token) expertId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') organisationId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class GetCertificateDto extends ConsistentReadDto {
  @ApiProperty() @Matches(CERTIFICATE_NUMBER, certificateNumber) certificateNumber: string;
}

/** The status list a certificate credential points to: its number in the issuer's status lists. */
export class CredentialStatusListDto {
  @ApiProperty({ example: '1' }) @Matches(/^[1-9][0-9]{0,5}$/, { message: 'listId must be a positive number' }) listId: string;
}

/** A certificate credential to verify: the VC-JWT (application/vc+jwt) as received. */
export class VerifyCredentialDto {
  @ApiProperty({ description: 'The credential as a compact JWS (VC-JOSE, application/vc+jwt)' }) @IsString() @IsNotEmpty() @MaxLength(100_000) credential: string;
}

export class SearchRegisterDto extends ConsistentReadDto {
  @ApiPropertyOptional({ enum: CERTIFICATE_STATUSES }) @IsOptional() @IsIn(CERTIFICATE_STATUSES) status?: string;
  @ApiPropertyOptional({ description: `A scheme id from GET /schemes: ${KNOWN_SCHEMES.join(', ')}`, example: 'made-in-banat' }) @IsOptional() @Matches(TOKEN, token) schemeId?: string;
  @ApiPropertyOptional({ enum: COUNTRIES, description: 'The holder\'s country' }) @IsOptional() @IsIn(COUNTRIES) holderCountry?: string;
  @ApiPropertyOptional({ example: 'RO-TM', description: 'The holder\'s ISO 3166-2 region' }) @IsOptional() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'holderRegion must be an ISO 3166-2 code like RO-TM' }) holderRegion?: string;
  @ApiPropertyOptional({ deprecated: true, enum: COUNTRIES, description: 'Old name of holderCountry' }) @IsOptional() @IsIn(COUNTRIES) country?: string;
  @ApiPropertyOptional({ deprecated: true, description: 'Old name of holderRegion' }) @IsOptional() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID('4') holderOrganisationId?: string;
  @ApiPropertyOptional({ description: 'Prefix of a certificate number', example: 'MIB-2026' }) @IsOptional() @Matches(/^[A-Z0-9-]{1,40}$/) certificateNumber?: string;
  @ApiPropertyOptional({ deprecated: true, description: 'Old name of certificateNumber' }) @IsOptional() @Matches(/^[A-Z0-9-]{1,40}$/) number?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ApplicationAsOfDto {
  @ApiProperty() @Matches(TOKEN, token) applicationId: string;
  @ApiProperty({ example: '2026-03-14', description: 'A date (its end in the programme time zone, Europe/Bucharest) or an ISO 8601 instant' }) @Matches(WHEN, { message: 'when must be YYYY-MM-DD or an ISO 8601 instant' }) @IsCalendarDateTime() when: string;
}

export class CertificateAsOfDto {
  @ApiProperty() @Matches(CERTIFICATE_NUMBER, certificateNumber) certificateNumber: string;
  @ApiProperty({ example: '2026-03-14', description: 'A date (its end in the programme time zone, Europe/Bucharest) or an ISO 8601 instant' }) @Matches(WHEN, { message: 'when must be YYYY-MM-DD or an ISO 8601 instant' }) @IsCalendarDateTime() when: string;
}

export class ApplicationHistoryDto {
  @ApiProperty() @Matches(TOKEN, token) applicationId: string;
}

export class CertificateHistoryDto {
  @ApiProperty() @Matches(CERTIFICATE_NUMBER, certificateNumber) certificateNumber: string;
}

export class StatisticsDto extends ConsistentReadDto {
  @ApiProperty() @Matches(TOKEN, token) schemeId: string;
}

export class WorkloadDto extends ConsistentReadDto {
  @ApiPropertyOptional({ description: 'One expert; all experts when absent' }) @IsOptional() @Matches(TOKEN, token) expertId?: string;
}

export class ListSchemesDto {}

/** An erasure request (GDPR art. 17): the person named by the reference the history holds, or by the contact they gave. */
export class ErasePersonalDataDto {
  @ApiPropertyOptional({ description: 'the person reference shown with their data (e.g. a complaint\'s complainant.subjectId)' })
  @IsOptional() @Matches(/^person-[0-9a-f-]{36}$/, { message: 'subjectId must be a person reference like person-<uuid>' }) subjectId?: string;
  @ApiPropertyOptional({ description: 'the e-mail (or other contact) the person gave, matched without regard to case or surrounding spaces' })
  @IsOptional() @IsString() @IsNotEmpty() @MaxLength(500) contact?: string;
}
