/**
 * The columns of a chamber's member list, as the header row names them (any order, any case;
 * `-`, space and `_` alike). One row is one organisation with at most one contact person.
 *
 * | column                                    | required | content                                                       |
 * |-------------------------------------------|----------|---------------------------------------------------------------|
 * | name_ro, name_sr_latn, name_sr_cyrl, name_hu, name_en | one at least | the organisation's name in that language             |
 * | description_ro … description_en           | no       | a description in that language                                |
 * | kind                                      | yes      | sme, business-support, public-body, ngo, research-education, cluster |
 * | country                                   | yes      | RO, RS or HU                                                  |
 * | region                                    | yes      | ISO 3166-2 code (RO-TM, RS-02, HU-CS) or its name (Timiș, Srednjebanatski okrug) |
 * | legal_id_kind                             | no       | RO-CUI, RS-PIB, RS-MB, HU-TAX or CUI, CIF, PIB, MB, ADOSZAM; default by country (RS: PIB) |
 * | legal_id                                  | yes      | the identifier (RO prefix, spaces, hyphens allowed)           |
 * | size                                      | no       | micro, small, medium, large                                   |
 * | nace_codes                                | no       | NACE Rev.2 codes separated by `;` (quote the cell when `;` is the delimiter) |
 * | contact_name, email, phone                | no       | one contact person                                            |
 * | website                                   | no       | www.firma.ro or https://…                                     |
 */
import { LANGUAGES, Language } from './multilingual';

const columnOf = (lang: Language, prefix: string): string => `${prefix}_${lang.toLowerCase().replace('-', '_')}`;

export const NAME_COLUMNS: Record<string, Language> = Object.fromEntries(LANGUAGES.map((l) => [columnOf(l, 'name'), l]));
export const DESCRIPTION_COLUMNS: Record<string, Language> = Object.fromEntries(LANGUAGES.map((l) => [columnOf(l, 'description'), l]));

export const REQUIRED_COLUMNS = ['kind', 'country', 'region', 'legal_id'] as const;
export const OPTIONAL_COLUMNS = ['legal_id_kind', 'size', 'nace_codes', 'contact_name', 'email', 'phone', 'website'] as const;

export const CSV_COLUMNS: readonly string[] = [
  ...Object.keys(NAME_COLUMNS), ...Object.keys(DESCRIPTION_COLUMNS), ...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS,
];

export function canonicalColumn(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** Problems with a header row; none means every row can be read by column name. */
export function headerProblems(columns: string[]): string[] {
  const problems: string[] = [];
  const unknown = columns.filter((c) => !CSV_COLUMNS.includes(c));
  if (unknown.length) problems.push(`unknown column(s): ${unknown.join(', ')} (known: ${CSV_COLUMNS.join(', ')})`);
  const repeated = columns.filter((c, i) => columns.indexOf(c) !== i);
  if (repeated.length) problems.push(`repeated column(s): ${[...new Set(repeated)].join(', ')}`);
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.includes(c));
  if (missing.length) problems.push(`missing column(s): ${missing.join(', ')}`);
  if (!columns.some((c) => c in NAME_COLUMNS)) problems.push(`no name column (one of ${Object.keys(NAME_COLUMNS).join(', ')})`);
  return problems;
}

const LEGAL_ID_KIND_ALIASES: Record<string, string> = {
  CUI: 'RO-CUI', CIF: 'RO-CUI', PIB: 'RS-PIB', MB: 'RS-MB', ADOSZAM: 'HU-TAX', 'ADÓSZÁM': 'HU-TAX', TAX: 'HU-TAX',
};
const DEFAULT_LEGAL_ID_KIND: Record<string, string> = { RO: 'RO-CUI', RS: 'RS-PIB', HU: 'HU-TAX' };

/** The legal identifier kind a row means, from its own column or else its country. */
export function legalIdKindOf(kindCell: string, country: string): string {
  const kind = kindCell.trim().toUpperCase();
  if (kind === '') return DEFAULT_LEGAL_ID_KIND[country.trim().toUpperCase()] ?? '';
  return LEGAL_ID_KIND_ALIASES[kind] ?? kind;
}
