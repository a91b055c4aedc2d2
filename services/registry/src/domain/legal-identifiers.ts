/**
 * Legal identifiers of organisations per country: Romanian CUI/CIF and Serbian PIB checked by
 * stdnum, Serbian MB and the full Hungarian tax number by this folder's own modules.
 */
import { stdnum } from 'stdnum';
import type { Country } from './countries';
import { compactIdentifier, IdentifierCheck, missing, valid, wrongCharacters, wrongCheckDigit, wrongLength } from './identifier-check';
import { validateHungarianTaxNumber } from './hungarian-tax-number';
import { validateSerbianMb } from './serbian-mb';

export type { IdentifierCheck } from './identifier-check';

export const LEGAL_ID_KINDS = ['RO-CUI', 'RS-PIB', 'RS-MB', 'HU-TAX'] as const;
export type LegalIdKind = (typeof LEGAL_ID_KINDS)[number];

export interface LegalIdentifier {
  kind: LegalIdKind;
  value: string;
}

export const LEGAL_ID_KIND_NAMES: Record<LegalIdKind, string> = {
  'RO-CUI': 'Codul unic de înregistrare / Codul de identificare fiscală (CUI/CIF)',
  'RS-PIB': 'Poreski identifikacioni broj (PIB)',
  'RS-MB': 'Matični broj (MB)',
  'HU-TAX': 'Adószám',
};

export function isLegalIdKind(value: unknown): value is LegalIdKind {
  return typeof value === 'string' && (LEGAL_ID_KINDS as readonly string[]).includes(value);
}

export function countryOfKind(kind: LegalIdKind): Country {
  return kind.slice(0, 2) as Country;
}

/** Runs a stdnum validator after our own character and length checks, so reasons are specific. */
function viaStdnum(value: string, prefix: string, name: string, lengthRule: (n: number) => boolean, lengthText: string, check: (v: string) => boolean): IdentifierCheck {
  const compact = compactIdentifier(value ?? '', prefix);
  if (compact === '') return missing();
  if (!/^\d+$/.test(compact)) return wrongCharacters(`a ${name} has digits only`);
  if (!lengthRule(compact.length)) return wrongLength(`a ${name} has ${lengthText} digits, got ${compact.length}`);
  if (!check(compact)) return wrongCheckDigit();
  return valid(compact);
}

const CHECKS: Record<LegalIdKind, (value: string) => IdentifierCheck> = {
  'RO-CUI': (value) => {
    const compact = compactIdentifier(value ?? '', 'RO');
    if (compact.startsWith('0')) return wrongCharacters('a CUI does not start with 0');
    return viaStdnum(value, 'RO', 'CUI', (n) => n >= 2 && n <= 10, '2 to 10', (v) => stdnum.RO.cui.validate(v).isValid);
  },
  'RS-PIB': (value) => viaStdnum(value, 'RS', 'PIB', (n) => n === 9, '9', (v) => stdnum.RS.pib.validate(v).isValid),
  'RS-MB': validateSerbianMb,
  'HU-TAX': validateHungarianTaxNumber,
};

/** Checks a legal identifier of the given kind for an organisation of the given country. */
export function validateLegalIdentifier(country: string, kind: string, value: string): IdentifierCheck {
  if (!isLegalIdKind(kind)) return { valid: false, reason: `unknown kind ${kind} (one of ${LEGAL_ID_KINDS.join(', ')})` };
  if (countryOfKind(kind) !== country) return { valid: false, reason: `${kind} is not a legal identifier of ${country}` };
  return CHECKS[kind](value);
}

/**
 * The key under which two identifiers denote the same organisation: for a Hungarian tax number
 * the 8-digit core, since the VAT status and office suffix can change.
 */
export function legalIdentityKey(id: LegalIdentifier): string {
  const value = id.kind === 'HU-TAX' ? id.value.slice(0, 8) : id.value;
  return `${id.kind}:${value}`;
}
