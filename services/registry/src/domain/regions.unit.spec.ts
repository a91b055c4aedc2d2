import { COUNTRIES } from './countries';
import { LANGUAGES } from './multilingual';
import { findRegion, findRegionByName, REGIONS, regionsOf, validateRegion } from './regions';

// The iso-3166-2 package's data (ISO 3166-2 as of its release) is the reference for the codes.
const iso3166 = require('iso-3166-2') as { country(code: string): { sub: Record<string, { type: string; name: string }> } };

describe('region table', () => {
  it.each(COUNTRIES)('%s: every code is an ISO 3166-2 subdivision code', (country) => {
    const isoCodes = Object.keys(iso3166.country(country).sub);
    for (const region of regionsOf(country)) expect(isoCodes).toContain(region.code);
  });

  it('covers all Romanian counties, Serbian districts and Hungarian counties of ISO 3166-2', () => {
    const expected = (country: string, keep: (type: string) => boolean) =>
      Object.entries(iso3166.country(country).sub).filter(([, s]) => keep(s.type)).map(([code]) => code).sort();
    const ours = (country: 'RO' | 'RS' | 'HU') => regionsOf(country).map((r) => r.code).sort();
    expect(ours('RO')).toEqual(expected('RO', () => true));
    expect(ours('RS')).toEqual(expected('RS', (type) => type !== 'Autonomous province'));
    expect(ours('HU')).toEqual(expected('HU', (type) => type !== 'City of county right'));
    expect(REGIONS).toHaveLength(42 + 30 + 20);
  });

  it('names the Banat regions in every language of the programme', () => {
    for (const code of ['RO-TM', 'RO-AR', 'RO-CS', 'RO-HD', 'RS-02', 'RS-03', 'RS-04']) {
      expect(Object.keys(findRegion(code)!.name).sort()).toEqual([...LANGUAGES].sort());
    }
    expect(findRegion('RS-03')!.name).toMatchObject({ 'sr-Latn': 'Severnobanatski okrug', 'sr-Cyrl': 'Севернобанатски округ', en: 'North Banat District' });
    expect(findRegion('RO-TM')!.name).toMatchObject({ ro: 'Timiș', hu: 'Temes', 'sr-Cyrl': 'Тимиш' });
    expect(findRegion('HU-CS')!.name.hu).toBe('Csongrád-Csanád');
  });
});

describe('validateRegion', () => {
  it('accepts a region of the country, in any case', () => {
    expect(validateRegion('RO', 'RO-TM')).toMatchObject({ valid: true, region: { code: 'RO-TM' } });
    expect(validateRegion('RS', 'rs-02')).toMatchObject({ valid: true, region: { code: 'RS-02', type: 'district' } });
    expect(validateRegion('HU', 'HU-BE')).toMatchObject({ valid: true });
    expect(validateRegion('RS', 'RS-00')).toMatchObject({ valid: true, region: { type: 'capital' } });
  });

  it('refuses an unknown code or another country’s region', () => {
    expect(validateRegion('RO', 'RO-XX')).toEqual({ valid: false, reason: 'RO-XX is not a region of RO' });
    expect(validateRegion('RO', 'RS-02')).toEqual({ valid: false, reason: 'RS-02 is not a region of RO' });
    expect(validateRegion('RS', 'RS-VO')).toEqual({ valid: false, reason: 'RS-VO is not a region of RS' });
  });

  it('refuses what is not an ISO 3166-2 code', () => {
    expect(validateRegion('RO', 'Timiș')).toEqual({ valid: false, reason: 'Timiș is not an ISO 3166-2 code (like RO-TM)' });
    expect(validateRegion('RO', '')).toEqual({ valid: false, reason: 'missing' });
  });
});

describe('findRegionByName', () => {
  it.each([
    ['RO', 'Timiș', 'RO-TM'],
    ['RO', 'Judetul Timis', 'RO-TM'],
    ['RO', 'TIMIŞ', 'RO-TM'],
    ['RS', 'Srednjebanatski okrug', 'RS-02'],
    ['RS', 'Средњебанатски', 'RS-02'],
    ['RS', 'South Banat', 'RS-04'],
    ['RS', 'Beograd', 'RS-00'],
    ['HU', 'Csongrád-Csanád megye', 'HU-CS'],
  ])('%s %p is %s', (country, name, code) => {
    expect(findRegionByName(country, name)?.code).toBe(code);
  });

  it('finds nothing for another country’s region or a bare generic word', () => {
    expect(findRegionByName('RS', 'Timiș')).toBeUndefined();
    expect(findRegionByName('RS', 'okrug')).toBeUndefined();
  });
});
