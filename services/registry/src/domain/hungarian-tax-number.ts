/**
 * Hungarian tax number (adószám) of an organisation: `xxxxxxxx-y-zz`, where the 8-digit core
 * (törzsszám, also the EU VAT number HUxxxxxxxx) carries the check digit verified by stdnum's
 * HU.anum, y is the VAT status (1–5) and zz the tax office code (02–20, 22–44, 51).
 * The 8-digit core alone is accepted too; it identifies the same taxpayer.
 */
import { stdnum } from 'stdnum';
import { compactIdentifier, IdentifierCheck, missing, valid, wrongCharacters, wrongCheckDigit, wrongComponent, wrongLength } from './identifier-check';

function isTaxOfficeCode(code: number): boolean {
  return (code >= 2 && code <= 20) || (code >= 22 && code <= 44) || code === 51;
}

export function validateHungarianTaxNumber(value: string): IdentifierCheck {
  const digits = compactIdentifier(value ?? '', 'HU');
  if (digits === '') return missing();
  if (!/^\d+$/.test(digits)) return wrongCharacters('a Hungarian tax number has digits and hyphens only');
  if (digits.length !== 8 && digits.length !== 11) {
    return wrongLength(`a Hungarian tax number has 11 digits (xxxxxxxx-y-zz) or an 8-digit core, got ${digits.length}`);
  }
  const core = digits.slice(0, 8);
  if (!stdnum.HU.anum.validate(core).isValid) return wrongCheckDigit();
  if (digits.length === 8) return valid(core);
  const vatStatus = Number(digits[8]);
  const taxOffice = Number(digits.slice(9));
  if (vatStatus < 1 || vatStatus > 5) return wrongComponent(`VAT status digit ${vatStatus} must be 1 to 5`);
  if (!isTaxOfficeCode(taxOffice)) return wrongComponent(`tax office code ${digits.slice(9)} does not exist`);
  return valid(`${core}-${digits[8]}-${digits.slice(9)}`);
}
