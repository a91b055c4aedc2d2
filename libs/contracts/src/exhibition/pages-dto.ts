import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { COUNTRIES, Country, MultilingualTextDto, FewSearchWords, SEARCHABLE, searchable } from '../registry/dto';
import { IsCalendarDateTime } from '../calendar';

/** The languages of the public pages (and of booth and product texts). */
export const PAGE_LANGUAGES = ['ro', 'sr-Latn', 'sr-Cyrl', 'hu', 'en'] as const;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];

/** Largest image an exhibitor may upload (bytes, before base64). */
export const IMAGE_MAX_BYTES = 512 * 1024;
/**
 * Most images one booth may hold (images are kept for good: without a bound, a member's script stored IMAGE_MAX_BYTES per
 * request for as long as it ran): 200 is a logo and 10 pictures each for 19 product pages, at most 100 MiB a booth.
 */
export const IMAGE_MAX_PER_BOOTH = 200;
/**
 * Most product pages one booth may have (every replica keeps them in its search index, and the booth's page shows them all:
 * without a bound a member's script added pages for as long as it ran).
 */
export const PRODUCT_PAGES_MAX_PER_BOOTH = 100;
/** Image types accepted, recognised by their first bytes (never by what the sender claims). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

export class BoothContactsDto {
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(254) email?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\+?[0-9 ()-]{6,20}$/, { message: 'phone must be digits, spaces, +, (, ) or -' }) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsUrl({ protocols: ['http', 'https'], require_protocol: true }) @MaxLength(300) website?: string;
}

/** What an exhibitor writes on its booth (country and region come from the registry). */
export class BoothPageBodyDto {
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiPropertyOptional({ type: BoothContactsDto }) @IsOptional() @ValidateNested() @Type(() => BoothContactsDto) contacts?: BoothContactsDto;
  @ApiPropertyOptional({ description: 'an image uploaded for this booth' }) @IsOptional() @IsUUID() logoImageId?: string;
  @ApiPropertyOptional({ description: 'the revision read (0 for a booth page never written); a change since is a 409' }) @IsOptional() @IsInt() @Min(0) expectedRevision?: number;
}
export class UpdateBoothPageDto extends BoothPageBodyDto {
  @ApiProperty() @IsUUID() organisationId: string;
}

export class ModerationBodyDto {
  @ApiProperty({ description: 'true hides it from the public; false shows it again' }) @IsBoolean() hidden: boolean;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(500) reason: string;
}
export class ModerateBoothDto extends ModerationBodyDto {
  @ApiProperty() @IsUUID() organisationId: string;
}
export class ModerateProductDto extends ModerationBodyDto {
  @ApiProperty() @IsUUID() productId: string;
}

/** A product page. The name may be given in any of the languages, but in one at least (else 422 ProductNeedsAName). */
export class ProductBodyDto {
  @ApiProperty({ type: MultilingualTextDto }) @ValidateNested() @Type(() => MultilingualTextDto) name: MultilingualTextDto;
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiProperty({ type: [Number], description: 'Nice classification classes (1–45)' })
  @IsArray() @ArrayMaxSize(45) @IsInt({ each: true }) @Min(1, { each: true }) @Max(45, { each: true })
  niceClasses: number[];
  @ApiPropertyOptional({ type: [String], description: "images uploaded for the product's booth" }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsUUID('4', { each: true }) imageIds?: string[];
}
export class CreateProductDto extends ProductBodyDto {
  @ApiProperty() @IsUUID() organisationId: string;
}

export class ProductChangesDto {
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) name?: MultilingualTextDto;
  @ApiPropertyOptional({ type: MultilingualTextDto }) @IsOptional() @ValidateNested() @Type(() => MultilingualTextDto) description?: MultilingualTextDto;
  @ApiPropertyOptional({ type: [Number] }) @IsOptional() @IsArray() @ArrayMaxSize(45) @IsInt({ each: true }) @Min(1, { each: true }) @Max(45, { each: true }) niceClasses?: number[];
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(10) @IsUUID('4', { each: true }) imageIds?: string[];
  @ApiProperty({ description: 'the revision read; a change since is a 409' }) @IsInt() @Min(1) expectedRevision: number;
}
export class UpdateProductDto extends ProductChangesDto {
  @ApiProperty() @IsUUID() productId: string;
}

export class GetProductDto {
  @ApiProperty() @IsUUID() productId: string;
}

export class SearchProductsDto {
  @ApiPropertyOptional({ description: 'product name in any language or script (prefix of a word)' }) @IsOptional() @IsString() @MaxLength(100) @Matches(SEARCHABLE, searchable) @FewSearchWords() q?: string;
  @ApiPropertyOptional({ enum: COUNTRIES }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional({ example: 'RO-TM' }) @IsOptional() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code like RO-TM' }) region?: string;
  @ApiPropertyOptional({ description: 'Nice class (1–45)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(45) niceClass?: number;
  @ApiPropertyOptional({ description: "only the products of one booth" }) @IsOptional() @IsUUID() organisationId?: string;
  @ApiPropertyOptional({ description: 'only products of booths taking part in this themed exhibition' }) @IsOptional() @IsUUID() themedExhibitionId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

/** An image as base64 in JSON; its type is read from its first bytes (PNG, JPEG or WebP), at most IMAGE_MAX_BYTES. */
export class ImageUploadBodyDto {
  @ApiProperty({ description: 'the image bytes, base64' }) @IsString() @IsNotEmpty() @Matches(/^[A-Za-z0-9+/]+={0,2}$/, { message: 'data must be base64' }) data: string;
}
export class UploadImageDto extends ImageUploadBodyDto {
  @ApiProperty() @IsUUID() organisationId: string;
}
export class GetImageDto {
  @ApiProperty() @IsUUID() imageId: string;
}

export const THEME_KINDS = ['category', 'season'] as const;
export type ThemeKind = (typeof THEME_KINDS)[number];

/** A themed, time-limited exhibition: a Nice category or a season, from a first to a last day. */
export class ThemedExhibitionBodyDto {
  @ApiProperty({ type: MultilingualTextDto }) @ValidateNested() @Type(() => MultilingualTextDto) title: MultilingualTextDto;
  @ApiProperty({ enum: THEME_KINDS }) @IsIn(THEME_KINDS) kind: ThemeKind;
  @ApiPropertyOptional({ description: 'kind category: the Nice class (1–45) every participant shows a product of' }) @IsOptional() @IsInt() @Min(1) @Max(45) niceClass?: number;
  @ApiProperty({ example: '2026-12-01' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startsOn must be a date YYYY-MM-DD' }) @IsCalendarDateTime() startsOn: string;
  @ApiProperty({ example: '2027-01-06' }) @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'endsOn must be a date YYYY-MM-DD' }) @IsCalendarDateTime() endsOn: string;
}
export class ListThemedExhibitionsDto {
  @ApiPropertyOptional({ description: 'true: only those open today' }) @IsOptional() @Type(() => String) @IsIn(['true', 'false']) current?: string;
}
export class GetThemedExhibitionDto {
  @ApiProperty() @IsUUID() themedExhibitionId: string;
}
export class JoinThemedExhibitionBodyDto {
  @ApiProperty({ description: 'the brand holder taking part' }) @IsUUID() organisationId: string;
}
export class JoinThemedExhibitionDto extends JoinThemedExhibitionBodyDto {
  @ApiProperty() @IsUUID() themedExhibitionId: string;
}
