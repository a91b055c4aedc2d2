import { legalIdentityKey, validateLegalIdentifier } from './legal-identifiers';

/** Flips the digit at `index` (from the end when negative) to a different one. */
const changeDigit = (value: string, index: number): string => {
  const i = index < 0 ? value.length + index : index;
  return value.slice(0, i) + String((Number(value[i]) + 1) % 10) + value.slice(i + 1);
};

describe('Romanian CUI/CIF', () => {
  // Public registrations: stdnum's own example, Automobile Dacia, OMV Petrom, Banca Transilvania, BRD, Romgaz.
  it.each(['18547290', '160796', '1590082', '5022670', '361579', '14056826'])('accepts %s', (cui) => {
    expect(validateLegalIdentifier('RO', 'RO-CUI', cui)).toEqual({ valid: true, normalized: cui });
  });

  it('strips the VAT prefix RO and spaces', () => {
    expect(validateLegalIdentifier('RO', 'RO-CUI', 'RO 185 472 90')).toEqual({ valid: true, normalized: '18547290' });
  });

  it.each(['18547290', '1590082', '14056826'])('refuses %s with its last digit changed: wrong check digit', (cui) => {
    expect(validateLegalIdentifier('RO', 'RO-CUI', changeDigit(cui, -1))).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('refuses a changed digit in the body too', () => {
    expect(validateLegalIdentifier('RO', 'RO-CUI', changeDigit('18547290', 2))).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('says why a number is too long, has letters or a leading zero', () => {
    expect(validateLegalIdentifier('RO', 'RO-CUI', '123456789012')).toEqual({ valid: false, reason: 'wrong length: a CUI has 2 to 10 digits, got 12' });
    expect(validateLegalIdentifier('RO', 'RO-CUI', '18A47290')).toMatchObject({ valid: false, reason: expect.stringMatching(/^wrong characters/) });
    expect(validateLegalIdentifier('RO', 'RO-CUI', '018547290')).toMatchObject({ valid: false, reason: expect.stringMatching(/^wrong characters/) });
    expect(validateLegalIdentifier('RO', 'RO-CUI', '  ')).toEqual({ valid: false, reason: 'missing' });
  });
});

describe('Serbian PIB', () => {
  // stdnum's example; NIS a.d. Novi Sad, Telekom Srbija, Elektroprivreda Srbije.
  it.each(['101134702', '104052135', '100002887', '103920327'])('accepts %s', (pib) => {
    expect(validateLegalIdentifier('RS', 'RS-PIB', pib)).toEqual({ valid: true, normalized: pib });
  });

  it('accepts the VAT form RS 104 052 135', () => {
    expect(validateLegalIdentifier('RS', 'RS-PIB', 'RS 104 052 135')).toEqual({ valid: true, normalized: '104052135' });
  });

  it.each(['104052135', '100002887', '103920327'])('refuses %s with one digit changed', (pib) => {
    expect(validateLegalIdentifier('RS', 'RS-PIB', changeDigit(pib, -1))).toEqual({ valid: false, reason: 'wrong check digit' });
    expect(validateLegalIdentifier('RS', 'RS-PIB', changeDigit(pib, 3))).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('refuses 8 or 10 digits as wrong length', () => {
    expect(validateLegalIdentifier('RS', 'RS-PIB', '10405213')).toEqual({ valid: false, reason: 'wrong length: a PIB has 9 digits, got 8' });
    expect(validateLegalIdentifier('RS', 'RS-PIB', '1040521350')).toMatchObject({ valid: false, reason: expect.stringMatching(/^wrong length/) });
  });

  it('refuses Cyrillic or other letters as wrong characters', () => {
    expect(validateLegalIdentifier('RS', 'RS-PIB', '10405213О')).toMatchObject({ valid: false, reason: expect.stringMatching(/^wrong characters/) });
  });
});

describe('Serbian MB', () => {
  // NIS a.d. Novi Sad, Telekom Srbija, Elektroprivreda Srbije.
  it.each(['20084693', '17162543', '20053658'])('accepts %s', (mb) => {
    expect(validateLegalIdentifier('RS', 'RS-MB', mb)).toEqual({ valid: true, normalized: mb });
  });

  it.each(['20084693', '17162543', '20053658'])('refuses %s with one digit changed', (mb) => {
    expect(validateLegalIdentifier('RS', 'RS-MB', changeDigit(mb, -1))).toEqual({ valid: false, reason: 'wrong check digit' });
    expect(validateLegalIdentifier('RS', 'RS-MB', changeDigit(mb, 1))).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('gives check digit 0 when the remainder is 0 or 1', () => {
    // weights 2,7,6,5,4,3,2: 1000001 → 2 + 2 = 4 → 11 - 4 = 7
    expect(validateLegalIdentifier('RS', 'RS-MB', '10000017')).toMatchObject({ valid: true });
    // 0000000 → remainder 0 → 0
    expect(validateLegalIdentifier('RS', 'RS-MB', '00000000')).toMatchObject({ valid: true });
    // 0000300 → 4 × 3 = 12, remainder 1 → 0
    expect(validateLegalIdentifier('RS', 'RS-MB', '00003000')).toMatchObject({ valid: true });
    expect(validateLegalIdentifier('RS', 'RS-MB', '00003001')).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('refuses a PIB given as MB as wrong length', () => {
    expect(validateLegalIdentifier('RS', 'RS-MB', '104052135')).toEqual({ valid: false, reason: 'wrong length: an MB has 8 digits, got 9' });
  });
});

describe('Hungarian tax number', () => {
  // MOL Nyrt., OTP Bank Nyrt., Richter Gedeon Nyrt., Magyar Telekom Nyrt. (large taxpayers: office 44).
  it.each([
    ['10625790-4-44', '10625790-4-44'],
    ['10537914-4-44', '10537914-4-44'],
    ['10484878-2-44', '10484878-2-44'],
    ['10773381 2 44', '10773381-2-44'],
    ['10773381244', '10773381-2-44'],
  ])('accepts %s', (input, normalized) => {
    expect(validateLegalIdentifier('HU', 'HU-TAX', input)).toEqual({ valid: true, normalized });
  });

  it('accepts the 8-digit core and the EU VAT form (stdnum example HU-12892312)', () => {
    expect(validateLegalIdentifier('HU', 'HU-TAX', 'HU-12892312')).toEqual({ valid: true, normalized: '12892312' });
    expect(validateLegalIdentifier('HU', 'HU-TAX', 'HU10625790')).toEqual({ valid: true, normalized: '10625790' });
  });

  it('refuses a changed core digit as wrong check digit', () => {
    expect(validateLegalIdentifier('HU', 'HU-TAX', '10625791-4-44')).toEqual({ valid: false, reason: 'wrong check digit' });
    expect(validateLegalIdentifier('HU', 'HU-TAX', '10635790-4-44')).toEqual({ valid: false, reason: 'wrong check digit' });
  });

  it('refuses an unknown VAT status or tax office', () => {
    expect(validateLegalIdentifier('HU', 'HU-TAX', '10625790-7-44')).toEqual({ valid: false, reason: 'wrong component: VAT status digit 7 must be 1 to 5' });
    expect(validateLegalIdentifier('HU', 'HU-TAX', '10625790-4-21')).toEqual({ valid: false, reason: 'wrong component: tax office code 21 does not exist' });
  });

  it('refuses 9 or 10 digits as wrong length', () => {
    expect(validateLegalIdentifier('HU', 'HU-TAX', '10625790-4')).toMatchObject({ valid: false, reason: expect.stringMatching(/^wrong length/) });
  });
});

describe('kind and country', () => {
  it('refuses an identifier kind of another country', () => {
    expect(validateLegalIdentifier('RO', 'RS-PIB', '104052135')).toEqual({ valid: false, reason: 'RS-PIB is not a legal identifier of RO' });
  });

  it('refuses an unknown kind', () => {
    expect(validateLegalIdentifier('RO', 'RO-ONRC', 'J35/1/2000')).toMatchObject({ valid: false, reason: expect.stringMatching(/^unknown kind RO-ONRC/) });
  });
});

describe('legalIdentityKey', () => {
  it('keys a Hungarian tax number by its 8-digit core', () => {
    expect(legalIdentityKey({ kind: 'HU-TAX', value: '10625790-4-44' })).toBe(legalIdentityKey({ kind: 'HU-TAX', value: '10625790' }));
  });

  it('keeps PIB and MB of the same digits apart', () => {
    expect(legalIdentityKey({ kind: 'RS-PIB', value: '20084693' })).not.toBe(legalIdentityKey({ kind: 'RS-MB', value: '20084693' }));
  });
});
