/**
 * The indicator engine: a figure of an indicator for a period, broken down, as it stood on a day
 * (`asOf`: only facts that had happened and been recorded by the end of that programme day), and the
 * records behind it. Pure: facts and organisations in, figures out.
 */
import type { FactAttributes, FactRecord } from './facts';
import { Dimension, IndicatorConfig, IndicatorDefinition, Selector } from './indicator-config';

export type OrganisationAttributes = Readonly<{ country?: string; region?: string; organisationKind?: string }>;

export type IndicatorQuery = Readonly<{
  indicator: string;
  from: string;
  to: string;
  asOf: string;
  breakdown?: readonly string[];
  /** Drill-down: only records whose breakdown attributes have these values. */
  where?: Readonly<Record<string, string>>;
}>;

export type FieldProblem = Readonly<{ field: string; reason: string }>;
export class IndicatorQueryInvalid extends Error {
  constructor(readonly fields: FieldProblem[]) {
    super(fields.map((f) => `${f.field}: ${f.reason}`).join('; '));
  }
}

export type GroupKey = Partial<Record<Dimension, string>>;
export type FigureGroup = { key: GroupKey; value: number | null; records: number; numerator?: number; denominator?: number; target?: number };
export type Figure = {
  indicator: { id: string; name: string; definition: string; unit: string; measure: string };
  from: string;
  to: string;
  asOf: string;
  breakdown: Dimension[];
  value: number | null;
  records: number;
  numerator?: number;
  denominator?: number;
  target?: number;
  groups: FigureGroup[];
};

/** A fact with its organisation's attributes filled in where the event did not carry them. */
export type ResolvedFact = FactRecord;

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);

/** The indicator a query names, or a 400 naming every field that is wrong. */
export function checkQuery(config: IndicatorConfig, query: IndicatorQuery): IndicatorDefinition {
  const problems: FieldProblem[] = [];
  const definition = config.indicators.find((i) => i.id === query.indicator);
  if (!definition) problems.push({ field: 'indicator', reason: `unknown indicator '${query.indicator}'; known: ${config.indicators.map((i) => i.id).join(', ')}` });
  for (const field of ['from', 'to', 'asOf'] as const) if (!isDay(query[field])) problems.push({ field, reason: `'${query[field]}' is not a calendar day (YYYY-MM-DD)` });
  if (isDay(query.from) && isDay(query.to) && query.to < query.from) problems.push({ field: 'to', reason: `the period ends (${query.to}) before it starts (${query.from})` });
  if (definition) {
    for (const dimension of [...(query.breakdown ?? []), ...Object.keys(query.where ?? {})]) {
      if (!definition.breakdowns.includes(dimension as Dimension)) {
        const field = query.breakdown?.includes(dimension) ? 'breakdown' : dimension;
        problems.push({ field, reason: `'${definition.id}' cannot be broken down by '${dimension}'; allowed: ${definition.breakdowns.join(', ') || 'none'}` });
      }
    }
  }
  if (problems.length > 0) throw new IndicatorQueryInvalid(problems);
  return definition!;
}

/** Every CloudEvents type an indicator reads. */
export const typesOf = (d: IndicatorDefinition): string[] => [...new Set([...d.sources, ...(d.denominator?.sources ?? []), ...(d.closedBy ?? [])])];

export function resolve(fact: FactRecord, organisations: ReadonlyMap<string, OrganisationAttributes>): ResolvedFact {
  const org = fact.organisationId ? organisations.get(fact.organisationId) : undefined;
  if (!org) return fact;
  return { ...fact, country: fact.country ?? org.country, region: fact.region ?? org.region, organisationKind: fact.organisationKind ?? org.organisationKind };
}

const attribute = (fact: ResolvedFact, name: string): unknown => (fact as Record<string, unknown>)[name];

const matches = (fact: ResolvedFact, selector: Pick<Selector, 'sources' | 'filter'>) =>
  selector.sources.includes(fact.type) &&
  Object.entries(selector.filter ?? {}).every(([name, wanted]) => {
    const value = attribute(fact, name);
    return (Array.isArray(wanted) ? wanted : [wanted]).some((w) => String(w) === String(value));
  });

const visible = (fact: FactRecord, asOf: string) => fact.day <= asOf && fact.recordedDay <= asOf;
const inPeriod = (fact: FactRecord, query: IndicatorQuery) => fact.day >= query.from && fact.day <= query.to;
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: FactRecord, b: FactRecord) => compare(a.day, b.day) || compare(a.occurredAt, b.occurredAt) || a.sequence - b.sequence || compare(a._id, b._id);

/** The records an indicator counts for a query: numerator (or the measured facts) and, for a rate, the denominator (unordered). */
export function select(definition: IndicatorDefinition, facts: readonly ResolvedFact[], query: IndicatorQuery): { records: ResolvedFact[]; denominator: ResolvedFact[] } {
  const seen = facts.filter((f) => visible(f, query.asOf));
  const where = (f: ResolvedFact) => Object.entries(query.where ?? {}).every(([d, v]) => String(attribute(f, d) ?? 'unknown') === v);
  if (definition.measure === 'active-at-end') {
    const end = query.to < query.asOf ? query.to : query.asOf;
    const relevant = seen.filter((f) => f.day <= end && f.organisationId && (definition.sources.includes(f.type) || definition.closedBy!.includes(f.type))).sort(byTime);
    const latest = new Map<string, ResolvedFact>();
    for (const f of relevant) latest.set(f.organisationId!, f);
    return { records: [...latest.values()].filter((f) => matches(f, definition) && where(f)), denominator: [] };
  }
  const records = seen.filter((f) => inPeriod(f, query) && matches(f, definition) && where(f));
  const denominator = definition.denominator ? seen.filter((f) => inPeriod(f, query) && matches(f, definition.denominator!) && where(f)) : [];
  return { records, denominator };
}

const numberIn = (fact: ResolvedFact, field: string) => {
  const value = attribute(fact, field);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};
const total = (facts: readonly ResolvedFact[], field?: string) => (field ? facts.reduce((sum, f) => sum + (numberIn(f, field) ?? 0), 0) : facts.length);
const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function measure(definition: IndicatorDefinition, records: readonly ResolvedFact[], denominator: readonly ResolvedFact[]): Pick<FigureGroup, 'value' | 'numerator' | 'denominator'> {
  switch (definition.measure) {
    case 'count':
      return { value: records.length };
    case 'distinct-organisations':
    case 'active-at-end':
      return { value: new Set(records.map((r) => r.organisationId).filter(Boolean)).size };
    case 'sum':
      return { value: total(records, definition.field) };
    case 'average': {
      const values = records.map((r) => numberIn(r, definition.field!)).filter((v): v is number => v !== undefined);
      return { value: values.length === 0 ? null : round(values.reduce((a, b) => a + b, 0) / values.length, 2) };
    }
    case 'rate': {
      const numerator = total(records, definition.field);
      const denominatorValue = total(denominator, definition.denominator!.field);
      return { value: denominatorValue === 0 ? null : round((numerator / denominatorValue) * 100, 1), numerator, denominator: denominatorValue };
    }
  }
}

const keyOf = (fact: ResolvedFact, dimensions: readonly Dimension[]): GroupKey => {
  const key: GroupKey = {};
  for (const d of dimensions) key[d] = String(attribute(fact, d) ?? 'unknown');
  return key;
};
/** A group's identity: its values in the breakdown's order (dimension names are the same for every group of a figure). */
const keyText = (key: GroupKey) => Object.values(key).join('\u0000');

/** Targets whose period lies within the query's, for the whole (no breakdown) or for one group. */
function targetFor(definition: IndicatorDefinition, query: IndicatorQuery, dimensions: readonly Dimension[], key?: GroupKey): number | undefined {
  const wanted = (definition.targets ?? []).filter((t) => {
    if (t.from < query.from || t.to > query.to) return false;
    const keys = Object.keys(t.breakdown ?? {});
    if (!key) return keys.length === 0;
    return keys.length === dimensions.length && dimensions.every((d) => t.breakdown?.[d] === key[d]);
  });
  return wanted.length === 0 ? undefined : wanted.reduce((sum, t) => sum + t.value, 0);
}

/** The figure: the whole, and one group per combination of the breakdown's values (with its target where the configuration sets one). */
export function computeFigure(definition: IndicatorDefinition, facts: readonly ResolvedFact[], query: IndicatorQuery): Figure {
  const dimensions = (query.breakdown ?? []) as Dimension[];
  const { records, denominator } = select(definition, facts, query);
  const whole = measure(definition, records, denominator);
  const groups = new Map<string, { key: GroupKey; records: ResolvedFact[]; denominator: ResolvedFact[] }>();
  // Grouped by the values joined (cheap per fact); the key object is made once per group.
  const groupOf = (fact: ResolvedFact) => {
    let text = '';
    for (const d of dimensions) text += `${String(attribute(fact, d) ?? 'unknown')}\u0000`;
    text = text.slice(0, -1);
    let group = groups.get(text);
    if (!group) groups.set(text, (group = { key: keyOf(fact, dimensions), records: [], denominator: [] }));
    return group;
  };
  if (dimensions.length > 0) {
    for (const f of records) groupOf(f).records.push(f);
    for (const f of denominator) groupOf(f).denominator.push(f);
    // Planned groups with nothing yet still show, against their target.
    for (const t of definition.targets ?? []) {
      const keys = Object.keys(t.breakdown ?? {});
      if (t.from >= query.from && t.to <= query.to && keys.length === dimensions.length && dimensions.every((d) => t.breakdown?.[d] !== undefined)) {
        const key = Object.fromEntries(dimensions.map((d) => [d, t.breakdown![d]!]));
        if (!groups.has(keyText(key))) groups.set(keyText(key), { key, records: [], denominator: [] });
      }
    }
  }
  const target = targetFor(definition, query, dimensions);
  return {
    indicator: { id: definition.id, name: definition.name, definition: definition.definition, unit: definition.unit, measure: definition.measure },
    from: query.from,
    to: query.to,
    asOf: query.asOf,
    breakdown: dimensions,
    ...whole,
    records: records.length + denominator.length,
    ...(target === undefined ? {} : { target }),
    groups: [...groups.values()]
      .map((g) => {
        const groupTarget = targetFor(definition, query, dimensions, g.key);
        return { key: g.key, ...measure(definition, g.records, g.denominator), records: g.records.length + g.denominator.length, ...(groupTarget === undefined ? {} : { target: groupTarget }) };
      })
      .sort((a, b) => keyText(a.key).localeCompare(keyText(b.key))),
  };
}

export type DrillDownRecord = FactAttributes & {
  id: string;
  /** numerator (the measured facts) or denominator (a rate's base). */
  part: 'measured' | 'denominator';
  day: string;
  occurredAt: string;
  event: { id: string; source: string; type: string; subject: string; sequence: number; recordedAt: string };
};

/** The records behind a figure (or one of its groups, with `where`), each with the public event that produced it. */
export function drillDown(definition: IndicatorDefinition, facts: readonly ResolvedFact[], query: IndicatorQuery): DrillDownRecord[] {
  const { records, denominator } = select(definition, facts, query);
  const toRecord = (part: DrillDownRecord['part']) => (f: ResolvedFact): DrillDownRecord => {
    const { _id, type, source, eventId, subject, sequence, recordedAt, recordedDay: _r, occurredAt, day, ...attributes } = f;
    return { id: _id, part, day, occurredAt, ...attributes, event: { id: eventId, source, type, subject, sequence, recordedAt } };
  };
  return [...records.sort(byTime).map(toRecord('measured')), ...denominator.sort(byTime).map(toRecord('denominator'))];
}
