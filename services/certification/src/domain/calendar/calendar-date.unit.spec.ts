import { addDays, addMonths, dateOf, daysInMonth, endOfDay, firstDayOfMonth, isLeapYear, parseCalendarDate, startOfDay } from './calendar-date';

describe('calendar dates', () => {
  describe('adding months clamps to the last day of a shorter month', () => {
    it.each([
      ['2025-01-31', 1, '2025-02-28'],
      ['2024-01-31', 1, '2024-02-29'],
      ['2024-03-31', 1, '2024-04-30'],
      ['2024-02-29', 12, '2025-02-28'],
      ['2024-02-29', 48, '2028-02-29'],
      ['2025-01-15', 1, '2025-02-15'],
    ])('%s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('adding months crosses the year boundary', () => {
    it.each([
      ['2024-12-15', 1, '2025-01-15'],
      ['2024-11-30', 2, '2025-01-30'],
      ['2025-01-31', -2, '2024-11-30'],
      ['2025-01-10', -1, '2024-12-10'],
      ['2017-02-01', 24, '2019-02-01'],
      ['2023-12-31', 36, '2026-12-31'],
    ])('%s + %i months = %s', (date, months, expected) => {
      expect(addMonths(date, months)).toBe(expected);
    });
  });

  describe('adding days', () => {
    it.each([
      ['2024-02-28', 1, '2024-02-29'],
      ['2025-02-28', 1, '2025-03-01'],
      ['2024-12-31', 1, '2025-01-01'],
      ['2025-01-01', -1, '2024-12-31'],
      ['2024-03-01', -1, '2024-02-29'],
    ])('%s + %i days = %s', (date, days, expected) => {
      expect(addDays(date, days)).toBe(expected);
    });
  });

  it('knows the Gregorian leap years', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  describe('reads the day of an instant in the programme\'s time zone (Europe/Bucharest), not in UTC', () => {
    it.each([
      // winter, UTC+2: the new year starts at 22:00 UTC
      ['2026-12-31T21:59:59.999Z', '2026-12-31'],
      ['2026-12-31T22:00:00.000Z', '2027-01-01'],
      ['2026-12-31T23:30:00.000Z', '2027-01-01'],
      ['2025-01-01T00:30:00+02:00', '2025-01-01'],
      // summer, UTC+3: a day starts at 21:00 UTC
      ['2026-07-14T20:59:59.999Z', '2026-07-14'],
      ['2026-07-14T21:00:00.000Z', '2026-07-15'],
      // Belgrade's midnight is an hour later: already the next day in the programme's calendar
      ['2026-03-09T23:30:00+01:00', '2026-03-10'],
    ])('%s is %s', (instant, day) => {
      expect(dateOf(instant)).toBe(day);
    });
  });

  it('starts a day at the programme\'s midnight, across the changes of summer time', () => {
    expect(startOfDay('2025-03-14')).toBe('2025-03-13T22:00:00.000Z');
    expect(startOfDay('2025-07-14')).toBe('2025-07-13T21:00:00.000Z');
    expect(startOfDay('2025-03-30')).toBe('2025-03-29T22:00:00.000Z');
    expect(startOfDay('2025-03-31')).toBe('2025-03-30T21:00:00.000Z');
    expect(startOfDay('2025-10-27')).toBe('2025-10-26T22:00:00.000Z');
    expect(dateOf(startOfDay('2027-01-01'))).toBe('2027-01-01');
    expect(dateOf(new Date(Date.parse(startOfDay('2027-01-01')) - 1).toISOString())).toBe('2026-12-31');
  });

  it('ends a day at the programme\'s midnight, across the changes of summer time', () => {
    expect(endOfDay('2025-03-14')).toBe('2025-03-14T21:59:59.999Z');
    expect(endOfDay('2025-07-14')).toBe('2025-07-14T20:59:59.999Z');
    // 30 March 2025: clocks go from 03:00 to 04:00 local; the next day starts at 21:00 UTC
    expect(endOfDay('2025-03-30')).toBe('2025-03-30T20:59:59.999Z');
    expect(endOfDay('2025-03-29')).toBe('2025-03-29T21:59:59.999Z');
    // 26 October 2025: back from 04:00 to 03:00 local; the 27th starts at 22:00 UTC
    expect(endOfDay('2025-10-26')).toBe('2025-10-26T21:59:59.999Z');
    expect(endOfDay('2025-10-25')).toBe('2025-10-25T20:59:59.999Z');
    expect(dateOf(endOfDay('2026-12-31'))).toBe('2026-12-31');
    expect(dateOf(new Date(Date.parse(endOfDay('2026-12-31')) + 1).toISOString())).toBe('2027-01-01');
  });

  it('refuses dates that do not exist', () => {
    expect(() => parseCalendarDate('2025-02-29')).toThrow(RangeError);
    expect(() => parseCalendarDate('2025-13-01')).toThrow(RangeError);
    expect(() => parseCalendarDate('25-1-1')).toThrow(RangeError);
    expect(() => dateOf('yesterday')).toThrow(RangeError);
  });

  it('gives the first day of the month and the end of a day', () => {
    expect(firstDayOfMonth('2017-02-03')).toBe('2017-02-01');
  });

  it('gives the Bucharest day of every minute, across midnights and both clock changes', () => {
    const bucharest = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest', year: 'numeric', month: '2-digit', day: '2-digit' });
    // Days of the 2026 clock changes (29 March, 25 October) and a New Year's Eve, minute by minute, twice (the second time from memory).
    for (const from of ['2026-03-28T12:00:00Z', '2026-10-24T12:00:00Z', '2026-12-31T12:00:00Z']) {
      for (let round = 0; round < 2; round++) {
        for (let minute = 0; minute < 48 * 60; minute++) {
          for (const ms of [0, 59_999]) {
            const instant = new Date(Date.parse(from) + minute * 60_000 + ms);
            expect(dateOf(instant.toISOString())).toBe(bucharest.format(instant));
          }
        }
      }
    }
  });
});

