import { stdnum } from 'stdnum';

/** `count` valid Romanian CUIs (8 digits, right check digit) from `from` up: test and bench data that registers. */
export function validRomanianCuis(count: number, from = 20_000_000): string[] {
  const found: string[] = [];
  for (let n = from; found.length < count; n++) {
    if (stdnum.RO.cui.validate(String(n)).isValid) found.push(String(n));
  }
  return found;
}

/** `count` valid Serbian PIBs (9 digits) from `from` up. */
export function validSerbianPibs(count: number, from = 100_000_000): string[] {
  const found: string[] = [];
  for (let n = from; found.length < count; n++) {
    if (stdnum.RS.pib.validate(String(n)).isValid) found.push(String(n));
  }
  return found;
}
