/**
 * Reads a chamber's member list (columns in csv-columns.ts) into one result per row: the
 * normalized organisation, or why the row is refused. A broken row (bad quoting, wrong number
 * of cells) or a legal identifier repeated within the file refuses that row only.
 * `row` is the file line the record starts on; the header is line 1.
 */
import { parse } from 'csv-parse/sync';
import { canonicalColumn, DESCRIPTION_COLUMNS, headerProblems, legalIdKindOf, NAME_COLUMNS } from './csv-header';
import { detectDelimiter, splitCsvRecords } from './csv-records';
import type { FieldError } from './field-error';
import { legalIdentityKey } from './legal-identifiers';
import type { MultilingualText } from './multilingual';
import type { Organisation, RegistrationInput } from './organisation';
import { findRegionByName } from './regions';
import { validateOrganisation } from './validate-organisation';

export type CsvRowResult = { row: number; ok: true; organisation: Organisation } | { row: number; ok: false; errors: FieldError[] };

function parseRecord(text: string, delimiter: string): string[] {
  const records = parse(text, { delimiter, relax_column_count: true, trim: true }) as string[][];
  return records[0] ?? [];
}

function textFrom(cells: Record<string, string>, columns: Record<string, keyof MultilingualText>): MultilingualText {
  const text: MultilingualText = {};
  for (const [column, lang] of Object.entries(columns)) if (cells[column]) text[lang] = cells[column];
  return text;
}

/** A row as a registration; a region given by name is turned into its code. */
export function registrationFromCells(cells: Record<string, string>): RegistrationInput {
  const country = (cells.country ?? '').toUpperCase();
  const region = cells.region ?? '';
  const regionCode = /^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/.test(region) ? region : (findRegionByName(country, region)?.code ?? region);
  const contact = { name: cells.contact_name || undefined, email: cells.email || undefined, phone: cells.phone || undefined };
  return {
    kind: cells.kind,
    name: textFrom(cells, NAME_COLUMNS),
    description: textFrom(cells, DESCRIPTION_COLUMNS),
    country,
    region: regionCode,
    legalId: { kind: legalIdKindOf(cells.legal_id_kind ?? '', country), value: cells.legal_id ?? '' },
    sizeClass: cells.size || undefined,
    naceCodes: (cells.nace_codes ?? '').split(/[;,|\s]+/).filter(Boolean),
    contacts: contact.name || contact.email || contact.phone ? [contact] : [],
    website: cells.website || undefined,
  };
}

export function parseOrganisationsCsv(csv: string): CsvRowResult[] {
  const [header, ...records] = splitCsvRecords(csv ?? '');
  if (!header) return [{ row: 1, ok: false, errors: [{ field: 'header', reason: 'the file is empty' }] }];
  if (header.broken) return [{ row: header.line, ok: false, errors: [{ field: 'header', reason: header.broken }] }];
  const delimiter = detectDelimiter(header.text);
  let columns: string[];
  try {
    columns = parseRecord(header.text, delimiter).map(canonicalColumn);
  } catch (error) {
    return [{ row: header.line, ok: false, errors: [{ field: 'header', reason: `bad quoting: ${(error as Error).message}` }] }];
  }
  const problems = headerProblems(columns);
  if (problems.length) return [{ row: header.line, ok: false, errors: problems.map((reason) => ({ field: 'header', reason })) }];

  const firstRowOf = new Map<string, number>();
  return records.map((record): CsvRowResult => {
    const row = record.line;
    if (record.broken) return { row, ok: false, errors: [{ field: 'row', reason: record.broken }] };
    let values: string[];
    try {
      values = parseRecord(record.text, delimiter);
    } catch (error) {
      return { row, ok: false, errors: [{ field: 'row', reason: `bad quoting: ${(error as Error).message}` }] };
    }
    if (values.length !== columns.length) {
      return { row, ok: false, errors: [{ field: 'row', reason: `has ${values.length} cells, the header has ${columns.length}` }] };
    }
    const cells = Object.fromEntries(columns.map((column, i) => [column, values[i]]));
    const result = validateOrganisation(registrationFromCells(cells));
    if (!result.ok) return { row, ok: false, errors: result.errors };
    const key = legalIdentityKey(result.organisation.legalId);
    const first = firstRowOf.get(key);
    if (first !== undefined) return { row, ok: false, errors: [{ field: 'legalId.value', reason: `duplicate of row ${first}` }] };
    firstRowOf.set(key, row);
    return { row, ok: true, organisation: result.organisation };
  });
}
