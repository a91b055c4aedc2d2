/** The code lists the registry and the network both check against (copied from services/registry/src/domain, which keeps its own). */
import { validate } from 'class-validator';
import { IsNaceCode } from './is-nace-code';
import { naceCodeMatches, naceDivisionName, validateNaceCode } from './nace';
import { NACE_SECTIONS } from './nace-rev2';
import { NACE_REV2_CLASSES, NACE_REV2_GROUPS } from './nace-rev2-classes';
import { isNiceClass, NICE_CLASSES, niceClassKind } from './nice';

describe('NACE Rev.2 table', () => {
  it('has the 21 sections A to U and their 88 divisions', () => {
    expect(NACE_SECTIONS.map((s) => s.code).join('')).toBe('ABCDEFGHIJKLMNOPQRSTU');
    const divisions = NACE_SECTIONS.flatMap((s) => Object.keys(s.divisions));
    expect(divisions).toHaveLength(88);
    expect([...divisions].sort()).toEqual(divisions); // sections are in division order
    expect(divisions.filter((d) => ['04', '34', '40', '44', '48', '54', '57', '67', '76', '83', '89'].includes(d))).toEqual([]);
  });

  it('has the 272 groups and 615 classes of the published list, each under a division and a group of it', () => {
    const groups = Object.keys(NACE_REV2_GROUPS);
    const classes = Object.keys(NACE_REV2_CLASSES);
    expect([groups.length, classes.length]).toEqual([272, 615]);
    const divisions = new Set(NACE_SECTIONS.flatMap((s) => Object.keys(s.divisions)));
    expect(groups.filter((g) => !/^\d{2}\.\d$/.test(g) || !divisions.has(g.slice(0, 2)))).toEqual([]);
    expect(classes.filter((c) => !/^\d{2}\.\d{2}$/.test(c) || !groups.includes(c.slice(0, 4)))).toEqual([]);
    expect([...divisions].filter((d) => !groups.some((g) => g.startsWith(d)))).toEqual([]);
    expect(groups.filter((g) => !classes.some((c) => c.startsWith(g)))).toEqual([]);
    expect(NACE_REV2_CLASSES['10.71']).toBe('Manufacture of bread; manufacture of fresh pastry goods and cakes');
    expect(NACE_REV2_GROUPS['62.0']).toBe('Computer programming, consultancy and related activities');
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
    ['98.2', '98.2', 'T'],
    ['47.91', '47.91', 'G'],
    ['35.11', '35.11', 'D'],
    ['01.70', '01.70', 'A'],
  ])('accepts %p as %s in section %s', (input, normalized, section) => {
    expect(validateNaceCode(input)).toMatchObject({ valid: true, normalized, section });
  });

  it('refuses a division that does not exist', () => {
    expect(validateNaceCode('04')).toEqual({ valid: false, reason: '04 is not a NACE Rev.2 code (no division 04)' });
    expect(validateNaceCode('40.11')).toEqual({ valid: false, reason: '40.11 is not a NACE Rev.2 code (no division 40)' });
  });

  it.each([
    ['10.79', '10.79 is not a NACE Rev.2 class'],
    ['1079', '10.79 is not a NACE Rev.2 class'],
    ['99.99', '99.99 is not a NACE Rev.2 class'],
    ['62.05', '62.05 is not a NACE Rev.2 class'],
    ['01.10', '01.10 is not a NACE Rev.2 class'],
    ['01.9', '01.9 is not a NACE Rev.2 group'],
    ['10.0', '10.0 is not a NACE Rev.2 group'],
    ['99.1', '99.1 is not a NACE Rev.2 group'],
  ])('refuses %p, a group or class NACE Rev.2 does not have: %s', (input, reason) => {
    expect(validateNaceCode(input)).toEqual({ valid: false, reason });
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

describe('IsNaceCode', () => {
  class Listing {
    @IsNaceCode({ each: true }) naceCodes: unknown;
    @IsNaceCode() nace: unknown;
  }
  const reasons = async (values: Partial<Listing>) => (await validate(Object.assign(new Listing(), values))).map((e) => [e.property, Object.values(e.constraints ?? {})]);

  it('names every code of a list that NACE Rev.2 does not have', async () => {
    expect(await reasons({ naceCodes: ['10.71', '10.79', '01.9', 'C'] })).toEqual([['naceCodes', ['naceCodes: 10.79 is not a NACE Rev.2 class; 01.9 is not a NACE Rev.2 group']]]);
    expect(await reasons({ naceCodes: ['10.71', 'C', '62', '62.0'], nace: '10.7' })).toEqual([]);
  });

  it('refuses a single code that does not exist, and leaves other types to the other checks', async () => {
    expect(await reasons({ nace: '10.79' })).toEqual([['nace', ['nace: 10.79 is not a NACE Rev.2 class']]]);
    expect(await reasons({ nace: 7, naceCodes: [1] })).toEqual([]);
  });
});
