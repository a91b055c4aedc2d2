import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { COUNTRIES, Country, FewSearchWords, SEARCHABLE, searchable } from '../registry/dto';

/** Query strings carry 'true'/'false'; over the bus the value is already a boolean. */
const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class SearchBoothsDto {
  @ApiPropertyOptional({ description: 'organisation name in any language or script (prefix of a word)' }) @IsOptional() @IsString() @MaxLength(100) @Matches(SEARCHABLE, searchable) @FewSearchWords() q?: string;
  @ApiPropertyOptional({ enum: COUNTRIES }) @IsOptional() @IsIn(COUNTRIES) country?: Country;
  @ApiPropertyOptional({ example: 'RO-TM' }) @IsOptional() @Matches(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, { message: 'region must be an ISO 3166-2 code like RO-TM' }) region?: string;
  @ApiPropertyOptional({ description: 'Nice class (1–45) of at least one product' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(45) niceClass?: number;
  @ApiPropertyOptional({ description: 'true: only booths showing the brand mark now; false: only those without it' })
  @IsOptional() @Transform(toBoolean) @IsBoolean() brandHolder?: boolean;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class GetBoothDto {
  @ApiProperty() @IsUUID() organisationId: string;
}

/** What a buyer sends to a booth. */
export class ContactRequestBodyDto {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty() @IsEmail() @MaxLength(254) email: string;
  @ApiProperty({ maxLength: 2000 }) @IsString() @IsNotEmpty() @MaxLength(2000) message: string;
  @ApiPropertyOptional({ description: "the buyer's company" }) @IsOptional() @IsString() @MaxLength(200) company?: string;
  @ApiPropertyOptional({ description: 'a retry with the same id and the same content stores nothing new and answers the first receipt; other content under a used id is a 409' })
  @IsOptional() @IsString() @Matches(/^[A-Za-z0-9._:-]{1,128}$/) commandId?: string;
}

export class CreateContactRequestDto extends ContactRequestBodyDto {
  @ApiProperty() @IsUUID() organisationId: string;
}

export class ContactRequestsPageQueryDto {
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10000) page?: number;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) pageSize?: number;
}

export class ListContactRequestsDto extends ContactRequestsPageQueryDto {
  @ApiProperty() @IsUUID() organisationId: string;
}
