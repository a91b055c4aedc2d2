import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateNested,
} from 'class-validator';
import { IsNaceCode } from '../classifications/is-nace-code';

export const COUNTRIES = ['RO', 'RS', 'HU'] as const;
export type Country = (typeof COUNTRIES)[number];
export const ORGANISATION_KINDS = ['sme', 'business-support', 'public-body', 'ngo', 'research-education', 'cluster'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];
export const SIZE_CLASSES = ['micro', 'small', 'medium', 'large'] as const;
export const LEGAL_ID_KINDS = ['RO-CUI', 'RS-PIB', 'RS-MB', 'HU-TAX'] as const;
export type LegalIdKind = (typeof LEGAL_ID_KINDS)[number];
/** A search text needs a letter or digit: one made of spaces or punctuation would match everything. */
export const SEARCHABLE = /[\p{L}\p{N}]/u;
export const searchable = { message: 'q must contain at least one letter or digit' };
/**
 * The most words a search takes: every word is a pass over the index, and a short one (a letter, a prefix) matches most of
 * it (~6 ms each over 10,000 names: 50 one-letter words were ~0.2-0.4 s of a replica's CPU per request, asked anew with
 * every other combination of letters).
 */
export const MAX_SEARCH_WORDS = 10;
/** A search text of at most MAX_SEARCH_WORDS words (runs of letters, marks and digits). */
export function FewSearchWords(): PropertyDecorator {
  return ValidateBy({
    name: 'fewSearchWords',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || value.split(/[^\p{L}\p{M}\p{N}]+/u).filter(Boolean).length <= MAX_SEARCH_WORDS,
      defaultMessage: (args) => `${args?.property ?? 'q'} must have at most ${MAX_SEARCH_WORDS} words`,
    },
  });
}

/** A text in the programme's languages; at least one is given. */
export class MultilingualTextDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) ro?: string;
  @ApiPropertyOptional({ name: 'sr-Latn' }) @IsOptional() @IsString() @MaxLength(2000) 'sr-Latn'?: string;
  @ApiPropertyOptional({ name: 'sr-Cyrl' }) @IsOptional() @IsString() @MaxLength(2000) 'sr-Cyrl'?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) hu?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) en?: string;
}

export class LegalIdentifierDto {
  @ApiProperty({ enum: LEGAL_ID_KINDS }) @IsIn(LEGAL_ID_KINDS) kind: LegalIdKind;
  @ApiProperty({ example: 'RO18547290' }) @IsString() @IsNotEmpty() @MaxLength(32) value: string;
}

export class ContactDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be digits, spaces, +, (, ) or -' }) phone?: string;
}

export class ProductDto {
  @ApiProperty({ type: MultilingualTextDto }) @ValidateNested() @Type(() => MultilingualTextDto) name: MultilingualTextDto;
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiProperty({ type: [Number], description: 'Nice classification classes (1–45)' })
  @IsArray() @ArrayMaxSize(45) @IsInt({ each: true }) @Min(1, { each: true }) @Max(45, { each: true })
  niceClasses: number[];
}

export class RegisterOrganisationDto {
  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsIn(ORGANISATION_KINDS) kind: OrganisationKind;
  @ApiProperty({ type: MultilingualTextDto }) @ValidateNested() @Type(() => MultilingualTextDto) name: MultilingualTextDto;
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiProperty({ enum: COUNTRIES }) @IsIn(COUNTRIES) country: Country;
  @ApiProperty({ example: 'RO-TM', description: 'ISO 3166-2 region code' }) @IsString() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code like RO-TM' }) region: string;
  @ApiProperty({ type: LegalIdentifierDto }) @ValidateNested() @Type(() => LegalIdentifierDto) legalId: LegalIdentifierDto;
  @ApiPropertyOptional({ enum: SIZE_CLASSES }) @IsOptional() @IsIn(SIZE_CLASSES) sizeClass?: (typeof SIZE_CLASSES)[number];
  @ApiPropertyOptional({ type: [String], example: ['10.71'], description: 'NACE Rev.2 codes that exist in the classification (section, division, group or class), e.g. 10.71; each refused by name (10.79 is not a NACE Rev.2 class)' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) naceCodes?: string[];
  @ApiPropertyOptional({ type: [ContactDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) website?: string;
  @ApiPropertyOptional({ type: [ProductDto] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ProductDto) products?: ProductDto[];
  @ApiPropertyOptional({ description: 'Refused when it names anyone (400): an organisation joins a cluster by accepting its invitation (POST /api/v1/network/clusters/{id}/invitations), never by being listed in the registry' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('4', { each: true }) memberIds?: string[];
}

/** A change to an organisation; kind, country and legal identifier are its identity and do not change. */
export class OrganisationChangesDto {
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) name?: MultilingualTextDto;
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiPropertyOptional({ example: 'RO-TM' }) @IsOptional() @IsString() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code like RO-TM' }) region?: string;
  @ApiPropertyOptional({ enum: SIZE_CLASSES }) @IsOptional() @IsIn(SIZE_CLASSES) sizeClass?: (typeof SIZE_CLASSES)[number];
  @ApiPropertyOptional({ type: [String], description: 'NACE Rev.2 codes that exist in the classification (section, division, group or class), e.g. 10.71; each refused by name (10.79 is not a NACE Rev.2 class); when none are given the stored codes are kept as they are' }) @IsOptional() @IsArray() @ArrayMaxSize(20) @IsString({ each: true }) naceCodes?: string[];
  @ApiPropertyOptional({ type: [ContactDto] }) @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => ContactDto) contacts?: ContactDto[];
  @ApiPropertyOptional() @IsOptional() @IsUrl({ require_protocol: true }) website?: string;
  @ApiPropertyOptional({ type: [ProductDto] }) @IsOptional() @IsArray() @ArrayMaxSize(200) @ValidateNested({ each: true }) @Type(() => ProductDto) products?: ProductDto[];
  @ApiPropertyOptional({ description: 'For a cluster: its member organisations (ids) listed before the network asked members for their consent (2026-12-03). A change may drop ids, never add one: an organisation joins a cluster by accepting its invitation (POST /api/v1/network/clusters/{id}/invitations); an id not already listed is a 400 naming it. An id whose membership ends in the network goes by itself (the next revision)' }) @IsOptional() @IsArray() @ArrayMaxSize(500) @IsUUID('4', { each: true }) memberIds?: string[];
  @ApiProperty({ description: 'revision the caller last saw (optimistic concurrency)' }) @Type(() => Number) @IsInt() @Min(1) expectedRevision: number;
}

export class UpdateOrganisationDto extends OrganisationChangesDto {
  @ApiProperty() @IsUUID() id: string;
}

export class GetOrganisationDto {
  @ApiProperty() @IsUUID() id: string;
}

export class SearchOrganisationsDto {
  @ApiPropertyOptional({ description: 'name in any language or script (prefix of a word)' }) @IsOptional() @IsString() @MaxLength(100) @Matches(SEARCHABLE, searchable) @FewSearchWords() q?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsIn(ORGANISATION_KINDS) kind?: OrganisationKind;
  @ApiPropertyOptional({ enum: COUNTRIES }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) region?: string;
  @ApiPropertyOptional({ description: 'NACE code prefix, e.g. 10 or 10.71; a code that NACE Rev.2 does not have (10.79) is refused rather than matching nothing' }) @IsOptional() @Matches(/^[A-U]$|^\d{2}(\.\d{1,2})?$/) @IsNaceCode() sector?: string;
  @ApiPropertyOptional() @IsOptional() @IsIn(['true', 'false', true, false]) includeInactive?: string | boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
  @ApiPropertyOptional({ enum: ['name', '-name', 'registeredAt', '-registeredAt'] }) @IsOptional() @IsIn(['name', '-name', 'registeredAt', '-registeredAt']) sort?: string;
}

export class DeactivateOrganisationDto {
  @ApiProperty() @IsUUID() id: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
  @ApiProperty({ description: 'revision the caller last saw (optimistic concurrency)' }) @Type(() => Number) @IsInt() @Min(1) expectedRevision: number;
}

export class ImportOrganisationsCsvDto {
  @ApiProperty({ description: 'CSV text, header row first' }) @IsString() @MaxLength(5_000_000) csv: string;
}

export interface OrganisationView {
  id: string;
  kind: OrganisationKind;
  name: Record<string, string>;
  description?: Record<string, string>;
  country: Country;
  region: string;
  legalId: { kind: LegalIdKind; value: string };
  sizeClass?: string;
  naceCodes: string[];
  contacts: { name?: string; email?: string; phone?: string }[];
  website?: string;
  products: { name: Record<string, string>; description?: Record<string, string>; niceClasses: number[] }[];
  memberIds: string[];
  active: boolean;
  deactivation?: { reason: string; at: string; by?: string };
  revision: number;
  registeredAt: string;
  updatedAt: string;
}

/**
 * What anyone may know of an organisation: the data of the registry's public events and of public
 * reads. Contact people (secretariat, auditor, the organisation itself) and staff ids (secretariat,
 * auditor) are left out.
 */
export type OrganisationPublicData = Omit<OrganisationView, 'contacts' | 'deactivation'> & { deactivation?: { reason: string; at: string } };

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
