import { eligibilityFactsChanged } from './eligibility-facts';

describe('facts that decide eligibility', () => {
  it('a new region is a change of an eligibility fact', () => {
    expect(eligibilityFactsChanged({ region: 'RO-TM' }, { region: 'RO-AR' })).toEqual(['region']);
  });

  it('naming the same region, or none, changes nothing; other facts are not eligibility facts', () => {
    expect(eligibilityFactsChanged({ region: 'RO-TM' }, { region: 'RO-TM' })).toEqual([]);
    expect(eligibilityFactsChanged({ region: 'RO-TM' }, {})).toEqual([]);
    expect(eligibilityFactsChanged({ region: 'RO-TM' }, { sizeClass: 'micro', naceCodes: ['10.71'] } as object)).toEqual([]);
  });
});
