/** Programme indicators (hosted by the events service): subjects and queries. */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { rpc } from '../subjects';

export const ReportingSubjects = {
  indicators: rpc('events', 'reporting.indicators'),
  figure: rpc('events', 'reporting.figure'),
  records: rpc('events', 'reporting.records'),
  report: rpc('events', 'reporting.report'),
  status: rpc('events', 'reporting.status'),
  rebuild: rpc('events', 'reporting.rebuild'),
} as const;

/** The dimensions a figure can be broken down by (each indicator allows some of them). */
export const REPORTING_DIMENSIONS = ['country', 'region', 'organisationKind', 'gender', 'eventKind', 'participation', 'schemeId', 'purpose', 'role', 'planId'] as const;

const DAY = 'a programme calendar day, YYYY-MM-DD (Europe/Bucharest)';

/** A period, the day the figures are as of, and, for drill-downs, values of breakdown dimensions to keep. */
export class ReportPeriodDto {
  @ApiPropertyOptional({ description: `first day of the period (${DAY}); default: 1 January of this year` }) @IsOptional() @IsString() @MaxLength(40) from?: string;
  @ApiPropertyOptional({ description: `last day of the period (${DAY}); default: today` }) @IsOptional() @IsString() @MaxLength(40) to?: string;
  @ApiPropertyOptional({ description: `the figures as they stood at the end of this day: only facts that had happened and were recorded by then (${DAY}); default: today` }) @IsOptional() @IsString() @MaxLength(40) asOf?: string;
}

export class IndicatorQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ description: 'the indicator id (the path names it)' }) @IsOptional() @IsString() @MaxLength(64) indicator?: string;
  @ApiPropertyOptional({ description: `comma-separated dimensions the indicator allows: ${REPORTING_DIMENSIONS.join(', ')}` }) @IsOptional() @IsString() @MaxLength(200) breakdown?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) country?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) region?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) organisationKind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) gender?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) eventKind?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) participation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) schemeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) purpose?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(64) planId?: string;
  @ApiPropertyOptional({ default: 1 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100000) page?: number;
  @ApiPropertyOptional({ default: 100 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) pageSize?: number;
}

export const REPORT_FORMATS = ['json', 'csv', 'html'] as const;
export class ReportQueryDto extends ReportPeriodDto {
  @ApiPropertyOptional({ enum: REPORT_FORMATS, default: 'json', description: 'json: every indicator with each breakdown; csv: one row per figure and group; html: the printable report with bar charts (also the secretariat\'s dashboard)' })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: (typeof REPORT_FORMATS)[number];
}

/** A rendered report: its media type and text. */
export interface RenderedReport {
  contentType: string;
  body: string;
}
