/**
 * Serbian MB (matični broj) of a legal entity: 8 digits, the last a mod-11 check digit over the
 * first seven weighted 2,7,6,5,4,3,2 (right to left 2..7, wrapping); remainders 0 and 1 give 0.
 * stdnum has no Serbian MB (only PIB and the personal JMBG), hence this module.
 */
import { compactIdentifier, IdentifierCheck, missing, valid, wrongCharacters, wrongCheckDigit, wrongLength } from './identifier-check';

const WEIGHTS = [2, 7, 6, 5, 4, 3, 2];

export function serbianMbCheckDigit(firstSeven: string): number {
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(firstSeven[i]), 0);
  const rest = 11 - (sum % 11);
  return rest > 9 ? 0 : rest;
}

export function validateSerbianMb(value: string): IdentifierCheck {
  const mb = compactIdentifier(value ?? '', 'RS');
  if (mb === '') return missing();
  if (!/^\d+$/.test(mb)) return wrongCharacters('an MB has digits only');
  if (mb.length !== 8) return wrongLength(`an MB has 8 digits, got ${mb.length}`);
  if (serbianMbCheckDigit(mb) !== Number(mb[7])) return wrongCheckDigit();
  return valid(mb);
}
