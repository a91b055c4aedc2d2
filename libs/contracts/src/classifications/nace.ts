/**
 * NACE Rev.2 sector codes: a section letter (`C`), a division (`10`), a group (`10.1`) or a
 * class (`10.11`), each checked against the published list (nace-rev2.ts, nace-rev2-classes.ts).
 */
import { NACE_SECTIONS, NaceSection } from './nace-rev2';
import { NACE_REV2_CLASSES, NACE_REV2_GROUPS } from './nace-rev2-classes';

const SECTION_OF_DIVISION = new Map<string, NaceSection>(
  NACE_SECTIONS.flatMap((section) => Object.keys(section.divisions).map((division) => [division, section] as const)),
);
const SECTIONS = new Map(NACE_SECTIONS.map((section) => [section.code, section]));

export type NaceCheck = { valid: true; normalized: string; section: string; division?: string } | { valid: false; reason: string };

/** Accepts `C`, `10`, `10.1`, `10.11` and the dotless `1011`; normalizes to the dotted form. */
export function validateNaceCode(code: string): NaceCheck {
  const raw = (code ?? '').trim().toUpperCase();
  if (raw === '') return { valid: false, reason: 'missing' };
  if (/^[A-Z]$/.test(raw)) {
    return SECTIONS.has(raw) ? { valid: true, normalized: raw, section: raw } : { valid: false, reason: `${raw} is not a NACE Rev.2 section (A to U)` };
  }
  const match = /^(\d{2})(?:\.?(\d)(\d)?)?$/.exec(raw);
  if (!match) return { valid: false, reason: `${code.trim()} is not a NACE Rev.2 code (like C, 10, 10.1 or 10.11)` };
  const [, division, group, klass] = match;
  const section = SECTION_OF_DIVISION.get(division);
  const normalized = group === undefined ? division : `${division}.${group}${klass ?? ''}`;
  if (!section) return { valid: false, reason: `${normalized} is not a NACE Rev.2 code (no division ${division})` };
  if (klass !== undefined && !Object.hasOwn(NACE_REV2_CLASSES, normalized)) return { valid: false, reason: `${normalized} is not a NACE Rev.2 class` };
  if (klass === undefined && group !== undefined && !Object.hasOwn(NACE_REV2_GROUPS, normalized)) return { valid: false, reason: `${normalized} is not a NACE Rev.2 group` };
  return { valid: true, normalized, section: section.code, division };
}

export function naceDivisionName(division: string): string | undefined {
  return SECTION_OF_DIVISION.get(division)?.divisions[division];
}

export function naceSectionName(section: string): string | undefined {
  return SECTIONS.get(section)?.name;
}

/** Whether a (normalized) code falls under a filter such as `C`, `10` or `10.7`. */
export function naceCodeMatches(code: string, filter: string): boolean {
  if (/^[A-Z]$/.test(filter)) {
    return code === filter || SECTION_OF_DIVISION.get(code.slice(0, 2))?.code === filter;
  }
  return code.startsWith(filter);
}
