import { KNOWN_SCHEMES } from '@banat/contracts';
import { UnknownScheme } from '../shared/domain-rule-violation';
import { escaBronze, escaGold } from './esca-labels';
import { madeInBanat } from './made-in-banat';
import type { Scheme } from './scheme';
import { defaultSchemeCatalogue, findScheme } from './scheme-catalogue';
import { assertValidScheme, validateScheme } from './validate-scheme';

describe('schemes are configuration', () => {
  it('every shipped scheme is valid', () => {
    for (const scheme of defaultSchemeCatalogue) expect(validateScheme(scheme)).toEqual([]);
  });

  it('the API document lists exactly the shipped schemes', () => {
    expect([...KNOWN_SCHEMES].sort()).toEqual([...new Set(defaultSchemeCatalogue.map((s) => s.id))].sort());
  });

  it('Made in Banat scores the seven criteria of the working group, each against its own threshold', () => {
    expect(madeInBanat.criteria.map((c) => c.id)).toEqual([
      'competitiveness',
      'new-technologies',
      'human-resources',
      'organisational-management',
      'production-efficiency',
      'environmental-technologies',
      'waste-management',
    ]);
    expect(madeInBanat.rules.minRegionalRawMaterialShare).toBe(0.51);
    expect(madeInBanat.minimumExperts).toBe(2);
  });

  it('ESCA Bronze is valid 2 years from the month of assessment and renews for 3 years within 12 months', () => {
    expect(escaBronze.validity).toEqual({
      firstTermMonths: 24,
      firstTermStarts: 'month-of-assessment',
      renewalGraceMonths: 12,
      renewalExtendsMonths: 36,
    });
  });

  it('ESCA Gold summarises 31 indicators, needs 2 experts and 80 % overall', () => {
    expect(escaGold.criteria.reduce((n, c) => n + (c.indicators ?? 0), 0)).toBe(31);
    expect(escaGold.minimumExperts).toBe(2);
    expect(escaGold.rules.minOverallPercent).toBe(80);
  });

  describe('a mistyped scheme is refused', () => {
    const broken = (change: Partial<Scheme>): Scheme => ({ ...madeInBanat, ...change });

    it.each<[string, Scheme, string]>([
      ['no criteria', broken({ criteria: [] }), 'at least one criterion'],
      [
        'a threshold outside the score range',
        broken({ criteria: [{ ...madeInBanat.criteria[0], passThreshold: 11 }] }),
        'pass threshold must lie within the score range',
      ],
      [
        'duplicate criteria',
        broken({ criteria: [madeInBanat.criteria[0], madeInBanat.criteria[0]] }),
        'criterion ids must be unique',
      ],
      ['zero experts', broken({ minimumExperts: 0 }), 'minimumExperts'],
      ['a share given in percent', broken({ rules: { minRegionalRawMaterialShare: 51 } }), 'minRegionalRawMaterialShare'],
      ['a region that is not ISO 3166-2', broken({ rules: { eligibleRegions: ['Timis'] } }), 'eligible region Timis'],
      ['a negative grace period', broken({ validity: { ...madeInBanat.validity, renewalGraceMonths: -1 } }), 'renewalGraceMonths'],
      ['no appeal deadline', broken({ appeal: { lodgeWithinDays: 0, decideWithinDays: 60 } }), 'lodgeWithinDays'],
      ['no complaint deadline', broken({ complaint: { decideWithinDays: 0 } }), 'complaint.decideWithinDays'],
    ])('%s', (_, scheme, problem) => {
      expect(validateScheme(scheme).join('\n')).toContain(problem);
      expect(() => assertValidScheme(scheme)).toThrow(problem);
    });
  });

  describe('the catalogue keeps every version', () => {
    const v2 = { ...madeInBanat, version: 2, minimumExperts: 3 };
    const catalogue = [madeInBanat, v2];

    it('finds the version an application was made under', () => {
      expect(findScheme(catalogue, 'made-in-banat', 1).minimumExperts).toBe(2);
    });

    it('finds the latest version for a new application', () => {
      expect(findScheme(catalogue, 'made-in-banat').version).toBe(2);
    });

    it('refuses an unknown scheme with a named rule', () => {
      expect(() => findScheme(catalogue, 'made-in-bacska')).toThrow(UnknownScheme);
      expect(() => findScheme(catalogue, 'made-in-banat', 9)).toThrow(UnknownScheme);
    });
  });
});
