/** Response schemas of the programme indicators' routes (services/gateway/src/events/reporting.controller.ts). */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

const freeForm = { type: 'object', additionalProperties: true } as const;

export class IndicatorDefinitionDoc {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() definition: string;
  @ApiProperty({ type: [String], description: 'CloudEvents types the indicator counts' }) sources: string[];
  @ApiPropertyOptional({ ...freeForm, description: 'fact fields and the values kept' }) filter?: Record<string, unknown>;
  @ApiProperty({ enum: ['count', 'distinct-organisations', 'sum', 'average', 'rate', 'active-at-end'] }) measure: string;
  @ApiPropertyOptional() field?: string;
  @ApiPropertyOptional({ ...freeForm, description: 'rate: the base (sources, filter, field)' }) denominator?: Record<string, unknown>;
  @ApiPropertyOptional({ type: [String] }) closedBy?: string[];
  @ApiProperty({ type: [String] }) breakdowns: string[];
  @ApiProperty() unit: string;
  @ApiPropertyOptional({ type: 'array', items: { type: 'object', additionalProperties: true }, description: 'from, to, value, and a breakdown when the target is for one group' }) targets?: Record<string, unknown>[];
}

export class IndicatorConfigDoc {
  @ApiProperty() programme: string;
  @ApiProperty({ type: [IndicatorDefinitionDoc] }) indicators: IndicatorDefinitionDoc[];
}

export class FigureGroupDoc {
  @ApiProperty({ ...freeForm, description: 'the breakdown values, e.g. { country: "RO" }; "unknown" where a fact has none' }) key: Record<string, string>;
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty({ description: 'records behind the value' }) records: number;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
  @ApiPropertyOptional() target?: number;
}

export class FigureDoc {
  @ApiProperty({ ...freeForm, description: 'id, name, definition, unit, measure' }) indicator: Record<string, string>;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() asOf: string;
  @ApiProperty({ type: [String] }) breakdown: string[];
  @ApiProperty({ type: Number, nullable: true }) value: number | null;
  @ApiProperty() records: number;
  @ApiPropertyOptional() numerator?: number;
  @ApiPropertyOptional() denominator?: number;
  @ApiPropertyOptional() target?: number;
  @ApiProperty({ type: [FigureGroupDoc] }) groups: FigureGroupDoc[];
}

export class IndicatorRecordsDoc {
  @ApiProperty() indicator: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() asOf: string;
  @ApiProperty(freeForm) where: Record<string, string>;
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty({
    type: 'array',
    items: { type: 'object', additionalProperties: true },
    description: 'each record: id, part (measured or denominator), day, occurredAt, organisationId, country, region, organisationKind, gender, …, and event { id, source, type, subject, sequence, recordedAt } (the public event on BANAT_PUBLIC that produced it)',
  })
  items: Record<string, unknown>[];
}

export class IndicatorReportDoc {
  @ApiProperty() programme: string;
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty() asOf: string;
  @ApiProperty() generatedAt: string;
  @ApiProperty({ type: [FigureDoc], description: 'per indicator: the whole, then one figure per breakdown it allows' }) figures: FigureDoc[];
}

export class ReportingStatusDoc {
  @ApiProperty() consumer: string;
  @ApiProperty() facts: number;
  @ApiProperty() organisations: number;
  @ApiProperty({ description: 'last BANAT_PUBLIC sequence delivered to the consumer' }) deliveredSequence: number;
  @ApiProperty({ description: 'events not yet applied' }) pending: number;
  @ApiProperty() caughtUp: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) poisoned: Record<string, unknown>[];
}

export class ReportingRebuildDoc {
  @ApiProperty() rebuilding: boolean;
  @ApiProperty() consumer: string;
}
