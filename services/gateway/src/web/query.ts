import type { Request } from 'express';
import { format, Messages } from './messages';

/**
 * How a page reads one query parameter: strictly. A value that is not one the page (or its own form)
 * sends is refused with a message in the reader's language naming the parameter, never read as
 * something else. A blank value is the same as none (a form sends its empty fields).
 */
export type Param =
  /** `true` or `false`, as the page's checkbox sends it. */
  | { kind: 'boolean' }
  | { kind: 'integer'; min: number; max: number }
  | { kind: 'oneOf'; values: readonly string[] }
  /** `upperCase`: a code typed in either case (a certificate number), read in capitals. */
  | { kind: 'pattern'; pattern: RegExp; example: string; upperCase?: boolean }
  /** A search: at most `max` characters, with at least one letter or digit. */
  | { kind: 'search'; max: number }
  /** A calendar day, YYYY-MM-DD, that exists. */
  | { kind: 'date' }
  /** Several values (a group of checkboxes), each one of `values`, none twice. */
  | { kind: 'several'; values: readonly string[] };

export type ParamSpec = Readonly<Record<string, Param>>;
export type Read<S extends ParamSpec> = { [K in keyof S]?: S[K] extends { kind: 'several' } ? string[] : string };
/** The messages of refused parameters, by parameter name. */
export type ParamErrors = Record<string, string>;

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
export const isCalendarDay = (value: string): boolean => {
  const match = DAY.exec(value);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().startsWith(value);
};
const SEARCHABLE = /[\p{L}\p{N}]/u;
/** The values a parameter takes, each quoted as a code. */
export const codes = (values: readonly string[], t: Messages): string => values.map((code) => format(t.quoted, { code })).join(', ');

function readOne(name: string, raw: string, param: Exclude<Param, { kind: 'several' }>, t: Messages): { value: string } | { error: string } {
  const value = raw.trim();
  switch (param.kind) {
    case 'boolean':
      return value === 'true' || value === 'false' ? { value } : { error: format(t.paramBoolean, { name }) };
    case 'integer': {
      const n = /^\d{1,9}$/.test(value) ? Number(value) : NaN;
      return n >= param.min && n <= param.max ? { value: String(n) } : { error: format(t.paramInteger, { name, min: param.min, max: param.max }) };
    }
    case 'oneOf':
      return param.values.includes(value) ? { value } : { error: format(t.paramOneOf, { name, values: codes(param.values, t) }) };
    case 'pattern': {
      const read = param.upperCase ? value.toUpperCase() : value;
      return param.pattern.test(read) ? { value: read } : { error: format(t.paramFormat, { name, example: param.example }) };
    }
    case 'search':
      if (value.length > param.max) return { error: format(t.paramTooLong, { name, max: param.max }) };
      return SEARCHABLE.test(value) ? { value } : { error: format(t.paramSearchable, { name }) };
    case 'date':
      return isCalendarDay(value) ? { value } : { error: format(t.paramDate, { name, example: '2026-01-31' }) };
  }
}

/** The parameters a page takes, read as the spec says; what is refused is in `errors`, not in `values`. */
export function readQuery<S extends ParamSpec>(query: Request['query'], spec: S, t: Messages): { values: Read<S>; errors: ParamErrors } {
  const values: Record<string, string | string[]> = {};
  const errors: ParamErrors = {};
  for (const [name, param] of Object.entries(spec)) {
    const given = ([] as unknown[]).concat(query[name] ?? []).map((v) => (typeof v === 'string' ? v : undefined));
    if (given.some((v) => v === undefined)) {
      errors[name] = format(t.paramNotAccepted, { name });
      continue;
    }
    const present = (given as string[]).filter((v) => v.trim() !== '');
    if (param.kind === 'several') {
      const chosen = present.map((v) => v.trim());
      const wrong = chosen.some((v) => !param.values.includes(v)) || new Set(chosen).size !== chosen.length;
      if (wrong) errors[name] = format(t.paramOneOf, { name, values: codes(param.values, t) });
      else if (chosen.length) values[name] = chosen;
      continue;
    }
    if (present.length === 0) continue;
    if (given.length > 1) {
      errors[name] = format(t.paramRepeated, { name });
      continue;
    }
    const read = readOne(name, present[0]!, param, t);
    if ('error' in read) errors[name] = read.error;
    else values[name] = read.value;
  }
  return { values: values as Read<S>, errors };
}

/** What a service refused in a query, worded in the reader's language by the field it names (its own words are English). */
export const refusedFields = (fields: readonly { field: string }[] | undefined, t: Messages, rename: Record<string, string> = {}): ParamErrors =>
  Object.fromEntries((fields ?? []).map((f) => [rename[f.field] ?? f.field, format(t.paramNotAccepted, { name: rename[f.field] ?? f.field })]));
