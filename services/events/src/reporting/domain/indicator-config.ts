/**
 * Programme indicators as configuration: what each counts (which public events, which filter, which
 * measure), how it may be broken down, its unit and its targets per period. Validated with ajv when
 * the service starts: a bad file stops it with the JSON path of the mistake.
 */
import Ajv from 'ajv';

export const DIMENSIONS = ['country', 'region', 'organisationKind', 'gender', 'eventKind', 'participation', 'schemeId', 'purpose', 'role', 'planId'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const MEASURES = ['count', 'distinct-organisations', 'sum', 'average', 'rate', 'active-at-end'] as const;
export type Measure = (typeof MEASURES)[number];

/** Facts of these CloudEvents types, whose fields equal the filter's values (a list: any of them). */
export type Selector = Readonly<{ sources: readonly string[]; filter?: Readonly<Record<string, string | number | boolean | readonly (string | number | boolean)[]>>; field?: string }>;

export type Target = Readonly<{ from: string; to: string; value: number; breakdown?: Readonly<Partial<Record<Dimension, string>>> }>;

export type IndicatorDefinition = Readonly<{
  id: string;
  name: string;
  definition: string;
  /** The numerator for `rate`; the facts measured otherwise. */
  sources: readonly string[];
  filter?: Selector['filter'];
  measure: Measure;
  /** The numeric fact field summed or averaged (`sum`, `average`, and `rate`: numerator and denominator summed instead of counted). */
  field?: string;
  /** `rate`: value = numerator / denominator × 100. */
  denominator?: Selector;
  /** `active-at-end`: facts that end what `sources` opened (an organisation counts while its latest fact opens). */
  closedBy?: readonly string[];
  breakdowns: readonly Dimension[];
  unit: string;
  targets?: readonly Target[];
}>;

export type IndicatorConfig = Readonly<{ programme: string; indicators: readonly IndicatorDefinition[] }>;

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const filter = {
  type: 'object',
  propertyNames: { pattern: '^[a-zA-Z][a-zA-Z0-9]*$' },
  additionalProperties: { anyOf: [{ type: ['string', 'number', 'boolean'] }, { type: 'array', minItems: 1, items: { type: ['string', 'number', 'boolean'] } }] },
};
const types = { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9.-]+\\.v\\d+$' } };
const field = { type: 'string', pattern: '^[a-zA-Z][a-zA-Z0-9]*$' };

export const indicatorConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['programme', 'indicators'],
  properties: {
    $schema: { type: 'string' },
    programme: { type: 'string', minLength: 1 },
    indicators: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'definition', 'sources', 'measure', 'breakdowns', 'unit'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,62}$' },
          name: { type: 'string', minLength: 1 },
          definition: { type: 'string', minLength: 1 },
          sources: types,
          filter,
          measure: { enum: MEASURES },
          field,
          denominator: { type: 'object', additionalProperties: false, required: ['sources'], properties: { sources: types, filter, field } },
          closedBy: types,
          breakdowns: { type: 'array', uniqueItems: true, items: { enum: DIMENSIONS } },
          unit: { type: 'string', minLength: 1 },
          targets: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['from', 'to', 'value'],
              properties: { from: day, to: day, value: { type: 'number', minimum: 0 }, breakdown: { type: 'object', minProperties: 1, additionalProperties: false, properties: Object.fromEntries(DIMENSIONS.map((d) => [d, { type: 'string' }])) } },
            },
          },
        },
        allOf: [
          { if: { properties: { measure: { enum: ['sum', 'average'] } } }, then: { required: ['field'] } },
          { if: { properties: { measure: { const: 'rate' } } }, then: { required: ['denominator'] }, else: { not: { required: ['denominator'] } } },
          { if: { properties: { measure: { const: 'active-at-end' } } }, then: { required: ['closedBy'] }, else: { not: { required: ['closedBy'] } } },
        ],
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(indicatorConfigSchema);

export class IndicatorConfigInvalid extends Error {
  constructor(readonly problems: string[]) {
    super(`indicator configuration invalid: ${problems.join('; ')}`);
  }
}

/** The configuration checked: the schema, then what a schema cannot say (unique ids, targets' periods and breakdowns). */
export function validateIndicatorConfig(input: unknown): IndicatorConfig {
  if (!validate(input)) throw new IndicatorConfigInvalid((validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`));
  const config = input as unknown as IndicatorConfig;
  const problems: string[] = [];
  const seen = new Set<string>();
  config.indicators.forEach((indicator, i) => {
    if (seen.has(indicator.id)) problems.push(`/indicators/${i}/id '${indicator.id}' is used twice`);
    seen.add(indicator.id);
    indicator.targets?.forEach((target, t) => {
      if (target.to < target.from) problems.push(`/indicators/${i}/targets/${t} ends (${target.to}) before it starts (${target.from})`);
      for (const dimension of Object.keys(target.breakdown ?? {})) {
        if (!indicator.breakdowns.includes(dimension as Dimension)) problems.push(`/indicators/${i}/targets/${t}/breakdown/${dimension} is not a breakdown of '${indicator.id}'`);
      }
    });
  });
  if (problems.length > 0) throw new IndicatorConfigInvalid(problems);
  return config;
}
