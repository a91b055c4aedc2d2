import { escaBronze } from '../schemes/esca-labels';
import { madeInBanat } from '../schemes/made-in-banat';
import { expiresOn, firstTerm, isRenewableOn, isWithinValidity, lastRenewalDay, renewedTerm, termOf } from './validity';

const bronze = escaBronze.validity;
const brand = madeInBanat.validity;

describe('ESCA Bronze: valid 2 years from the month of assessment', () => {
  it('an assessment on 3 February 2017 granted on 10 March is valid from the grant to 31 January 2019, never before the grant', () => {
    expect(firstTerm(bronze, { assessedOn: '2017-02-03', decidedOn: '2017-03-10' })).toEqual({
      validFrom: '2017-03-10',
      validUntil: '2019-01-31',
    });
  });

  it('an assessment in December runs to the end of November two years on', () => {
    expect(firstTerm(bronze, { assessedOn: '2024-12-31', decidedOn: '2025-01-02' })).toEqual({
      validFrom: '2025-01-02',
      validUntil: '2026-11-30',
    });
  });

  it('an assessment in March of a leap year ends on the last day of February, leap or not', () => {
    expect(firstTerm(bronze, { assessedOn: '2024-03-15', decidedOn: '2024-03-20' }).validUntil).toBe('2026-02-28');
    expect(firstTerm(bronze, { assessedOn: '2026-03-15', decidedOn: '2026-03-20' }).validUntil).toBe('2028-02-29');
  });

  it('a renewal extends validity by 3 years from the end of the previous term', () => {
    expect(renewedTerm(bronze, { validFrom: '2017-02-01', validUntil: '2019-01-31' })).toEqual({
      validFrom: '2019-02-01',
      validUntil: '2022-01-31',
    });
  });

  it('a renewal from the end of February keeps the leap day when the new term reaches it', () => {
    // The term before ended on 28 Feb 2025, so the new one starts 1 March 2025 and ends 29 Feb 2028.
    expect(renewedTerm(bronze, { validFrom: '2023-03-01', validUntil: '2025-02-28' }).validUntil).toBe('2028-02-29');
  });

  describe('renewable up to 12 months after expiry', () => {
    const term = { validFrom: '2017-02-01', validUntil: '2019-01-31' };

    it('expires on the first day after the term', () => {
      expect(expiresOn(term)).toBe('2019-02-01');
    });

    it('the last allowed renewal day is 31 January 2020', () => {
      expect(lastRenewalDay(bronze, term)).toBe('2020-01-31');
      expect(isRenewableOn(bronze, term, '2020-01-31')).toBe(true);
    });

    it('one day late, on 1 February 2020, is too late', () => {
      expect(isRenewableOn(bronze, term, '2020-02-01')).toBe(false);
    });

    it('a term ending in December has its grace period end in December of the next year', () => {
      const december = { validFrom: '2022-12-01', validUntil: '2024-11-30' };
      expect(lastRenewalDay(bronze, december)).toBe('2025-11-30');
      const yearEnd = { validFrom: '2023-01-01', validUntil: '2024-12-31' };
      expect(lastRenewalDay(bronze, yearEnd)).toBe('2025-12-31');
    });
  });
});

describe('Made in Banat: 3 years from the day of the decision', () => {
  it('a decision on 31 January runs to 30 January three years on', () => {
    expect(firstTerm(brand, { assessedOn: '2024-12-10', decidedOn: '2025-01-31' })).toEqual({
      validFrom: '2025-01-31',
      validUntil: '2028-01-30',
    });
  });

  it('a decision on a leap day runs to 28 February three years on, as 29 February does not exist then', () => {
    expect(termOf('2024-02-29', 36).validUntil).toBe('2027-02-28');
  });

  it('a one-month term from 31 January ends on the last day of February', () => {
    expect(termOf('2025-01-31', 1).validUntil).toBe('2025-02-28');
    expect(termOf('2024-01-31', 1).validUntil).toBe('2024-02-29');
  });

  it('a term from 1 March ends on the leap day when the last February has one', () => {
    expect(termOf('2025-03-01', 36).validUntil).toBe('2028-02-29');
  });

  it('a decision on 1 January ends on 31 December', () => {
    expect(termOf('2025-01-01', 36).validUntil).toBe('2027-12-31');
  });

  it('the grace period for renewal is 3 months after expiry', () => {
    const term = { validFrom: '2025-01-31', validUntil: '2028-01-30' };
    expect(lastRenewalDay(brand, term)).toBe('2028-04-30');
  });
});

describe('a day is within validity from the first to the last day, both included', () => {
  const term = { validFrom: '2025-01-01', validUntil: '2025-12-31' };
  it.each([
    ['2024-12-31', false],
    ['2025-01-01', true],
    ['2025-12-31', true],
    ['2026-01-01', false],
  ])('%s → %s', (day, expected) => {
    expect(isWithinValidity(term, day)).toBe(expected);
  });
});
