import { PAGE_LANGUAGES } from '@banat/contracts';
import { localPath, negotiate, pick } from './localised';
import { MESSAGES } from './messages';

describe('public pages: languages', () => {
  it('shows a text in the reader language, else the nearest, with the language it is in', () => {
    expect(pick({ ro: 'Miere', en: 'Honey' }, 'hu')).toEqual({ text: 'Honey', lang: 'en' });
    expect(pick({ 'sr-Cyrl': 'Мед' }, 'sr-Latn')).toEqual({ text: 'Med', lang: 'sr-Latn' });
    expect(pick({ 'sr-Latn': 'Med' }, 'sr-Cyrl')).toEqual({ text: 'Med', lang: 'sr-Latn' });
    expect(pick({}, 'ro')).toBeUndefined();
  });
  it('takes the cookie first, then the browser, then Romanian', () => {
    expect(negotiate('hu', 'en', PAGE_LANGUAGES)).toBe('hu');
    expect(negotiate('xx', 'sr-RS,sr;q=0.9', PAGE_LANGUAGES)).toBe('sr-Cyrl');
    expect(negotiate(undefined, 'sr-Latn-RS', PAGE_LANGUAGES)).toBe('sr-Latn');
    expect(negotiate(undefined, 'en-GB,en;q=0.8', PAGE_LANGUAGES)).toBe('en');
    expect(negotiate(undefined, 'de', PAGE_LANGUAGES)).toBe('ro');
  });
  it('comes back only to a local path after switching', () => {
    expect(localPath('/exhibition?q=med')).toBe('/exhibition?q=med');
    expect(localPath('//evil.example')).toBe('/');
    expect(localPath('https://evil.example')).toBe('/');
  });
  it('has every message in every language', () => {
    const keys = Object.keys(MESSAGES.en).sort();
    for (const lang of PAGE_LANGUAGES) expect([lang, Object.keys(MESSAGES[lang]).sort()]).toEqual([lang, keys]);
  });
});
