import { PAGE_LANGUAGES } from '@banat/contracts';
import { checkLabel, checkReason, VERIFICATION_CODES } from './credential-checks';
import { MESSAGES } from './messages';
import { isCalendarDay, readQuery } from './query';

const t = MESSAGES.en;
const spec = {
  brandHolder: { kind: 'boolean' },
  page: { kind: 'integer', min: 1, max: 10000 },
  country: { kind: 'oneOf', values: ['RO', 'RS', 'HU'] },
  number: { kind: 'pattern', pattern: /^MIB-\d{4}-\d{6}$/, example: 'MIB-2026-000123', upperCase: true },
  q: { kind: 'search', max: 10 },
  from: { kind: 'date' },
  breakdown: { kind: 'several', values: ['country', 'region'] },
} as const;

describe('web pages: query parameters read strictly', () => {
  it('takes what the pages and their forms send, a blank as nothing', () => {
    expect(readQuery({ brandHolder: 'true', page: '12', country: 'RS', number: 'mib-2026-000001', q: ' miere ', from: '2028-02-29', breakdown: ['region', 'country'] }, spec, t)).toEqual({
      values: { brandHolder: 'true', page: '12', country: 'RS', number: 'MIB-2026-000001', q: 'miere', from: '2028-02-29', breakdown: ['region', 'country'] },
      errors: {},
    });
    expect(readQuery({ brandHolder: 'false', page: '', country: '' }, spec, t)).toEqual({ values: { brandHolder: 'false' }, errors: {} });
  });

  it('refuses anything else, naming the parameter, instead of reading it as something else', () => {
    const { values, errors } = readQuery({ brandHolder: 'maybe', page: '0x10', country: 'ro', number: '123', q: '***', from: '2026-02-30', breakdown: ['gender'] }, spec, t);
    expect(values).toEqual({});
    expect(errors).toEqual({
      brandHolder: 'The parameter “brandHolder” must be true or false.',
      page: 'The parameter “page” must be a whole number from 1 to 10000.',
      country: 'The parameter “country” must be one of: “RO”, “RS”, “HU”.',
      number: 'The parameter “number” must be written like MIB-2026-000123.',
      q: 'The parameter “q” must contain at least one letter or digit.',
      from: 'The parameter “from” must be a date that exists, written like 2026-01-31.',
      breakdown: 'The parameter “breakdown” must be one of: “country”, “region”.',
    });
    for (const brandHolder of ['1', 'on', 'yes', 'TRUE', 'true ']) expect(readQuery({ brandHolder }, spec, t).values.brandHolder).toBe(brandHolder === 'true ' ? 'true' : undefined);
    for (const page of ['0', '10001', '-1', '1.5', '1e3', ' ']) expect(readQuery({ page }, spec, t).values.page).toBeUndefined();
    expect(readQuery({ brandHolder: ['true', 'false'] }, spec, t).errors).toEqual({ brandHolder: 'The parameter “brandHolder” may be given only once.' });
    expect(readQuery({ breakdown: ['country', 'country'] }, spec, t).errors.breakdown).toBeDefined();
    expect(readQuery({ q: 'x'.repeat(11) }, spec, t).errors).toEqual({ q: 'The parameter “q” is too long: at most 10 characters.' });
    expect(readQuery({ page: { a: '1' } as never }, spec, t).errors).toEqual({ page: 'The value of the parameter “page” is not accepted.' });
  });

  it('words the refusal in the reader\'s language', () => {
    expect(readQuery({ brandHolder: 'maybe' }, spec, MESSAGES.ro).errors.brandHolder).toBe('Parametrul „brandHolder” trebuie să fie true sau false.');
    expect(readQuery({ brandHolder: 'maybe' }, spec, MESSAGES['sr-Cyrl']).errors.brandHolder).toBe('Параметар „brandHolder“ мора бити true или false.');
  });

  it('knows a calendar day from a date that does not exist', () => {
    expect(['2026-01-31', '2028-02-29'].map(isCalendarDay)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-1', '2026-01-01T00:00:00Z', 'today'].map(isCalendarDay)).toEqual([false, false, false, false, false]);
  });
});

describe('web pages: credential checks in the reader\'s language', () => {
  it('names each check and words each reason the verifier gives, in every language', () => {
    for (const lang of PAGE_LANGUAGES) {
      const m = MESSAGES[lang];
      for (const check of ['signature', 'issuer', 'validity', 'status']) expect(checkLabel(check, m)).toBeTruthy();
      for (const code of VERIFICATION_CODES) {
        const reason = checkReason({ code, value: 'X' }, m);
        expect(reason).not.toBe(m.vUnknown);
        if (lang !== 'en') expect([code, reason]).not.toEqual([code, checkReason({ code, value: 'X' }, MESSAGES.en)]);
      }
    }
    expect(checkReason({ code: 'expired', value: '2029-05-31T20:59:59Z' }, MESSAGES.hu)).toBe('lejárt: 2029-05-31T20:59:59Z');
    expect(checkReason({ code: 'something-new' }, MESSAGES.ro)).toBe('verificarea nu a reușit');
    expect(checkReason({}, MESSAGES.ro)).toBe('verificarea nu a reușit');
  });
});
