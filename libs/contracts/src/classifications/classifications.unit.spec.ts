/** The code lists the registry and the network both check against (copied from services/registry/src/domain, which keeps its own). */
import { naceCodeMatches, naceDivisionName, validateNaceCode } from './nace';
import { NACE_SECTIONS } from './nace-rev2';
import { isNiceClass, NICE_CLASSES, niceClassKind } from './nice';

describe('NACE Rev.2 table', () => {
  it('has the 21 sections A to U and their 88 divisions', () => {
    expect(NACE_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    const divisions = NACE_SECTIONS.flatMap((s) => Object.keys(s.divisions));
    expect(divisions).toHaveLength(88);
    expect([...divisions].sort()).toEqual(divisions); // sections are in division order
    expect(divisions.filter((d) => ['04', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89'].includes(d))).toEqual([]);
  });
});

describe('validateNaceCode', () => {
  it.each([
    ['C', 'C', 'C'],
    ['c', 'C', 'C'],
    ['10', '10', 'C'],
    ['10.7', '10.7', 'C'],
    ['10.71', '10.71', 'C'],
    ['1071', '10.71', 'C'],
    [' 01.11 ', '01.11', 'A'],
    ['62.01', '62.01', 'J'],
    ['99.00', '99.00', 'U'],
  ])('accepts %p as %s in section %s', (input, normalized, section) => {
    expect(validateNaceCode(input)).toMatchObject({ valid: true, normalized, section });
  });

  it('refuses a division that does not exist', () => {
    expect(validateNaceCode('04')).toEqual({ valid: false, reason: '04 is not a NACE Rev.2 code (no division 04)' });
    expect(validateNaceCode('40.11')).toEqual({ valid: false, reason: '40.11 is not a NACE Rev.2 code (no division 40)' });
  });

  it('refuses sections after U and malformed codes', () => {
    expect(validateNaceCode('V')).toEqual({ valid: false, reason: 'V is not a NACE Rev.2 section (A to U)' });
    for (const bad of ['1', '10.', '10.711', '10-71', 'C10', '10.7a']) {
      expect(validateNaceCode(bad)).toMatchObject({ valid: false, reason: expect.stringContaining('is not a NACE Rev.2 code') });
    }
    expect(validateNaceCode('')).toEqual({ valid: false, reason: 'missing' });
  });

  it('names divisions', () => {
    expect(naceDivisionName('10')).toBe('Manufacture of food products');
    expect(naceDivisionName('04')).toBeUndefined();
  });
});

describe('naceCodeMatches', () => {
  it('matches codes by section letter and by code prefix', () => {
    expect(naceCodeMatches('10.71', 'C')).toBe(true);
    expect(naceCodeMatches('62.01', 'C')).toBe(false);
    expect(naceCodeMatches('C', 'C')).toBe(true);
    expect(naceCodeMatches('10.71', '10.7')).toBe(true);
    expect(naceCodeMatches('10.81', '10.7')).toBe(false);
  });
});

describe('Nice classification', () => {
  it('has classes 1 to 45, goods up to 34 and services from 35', () => {
    expect(Object.keys(NICE_CLASSES).map(Number)).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
    expect(niceClassKind(34)).toBe('goods');
    expect(niceClassKind(35)).toBe('services');
  });

  it('accepts only whole numbers 1 to 45', () => {
    expect([1, 29, 45].every(isNiceClass)).toBe(true);
    expect([0, 46, 2.5, '29', NaN].some(isNiceClass)).toBe(false);
  });
});
