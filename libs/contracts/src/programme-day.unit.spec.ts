import { programmeToday } from './programme-day';

describe('programmeToday (the programme day in Bucharest)', () => {
  it('is already the next day from 22:00 UTC in winter and from 21:00 UTC in summer', () => {
    expect(programmeToday(new Date('2026-12-01T21:59:59Z'))).toBe('2026-12-01');
    expect(programmeToday(new Date('2026-12-01T22:00:00Z'))).toBe('2026-12-02');
    expect(programmeToday(new Date('2026-07-01T20:59:59Z'))).toBe('2026-07-01');
    expect(programmeToday(new Date('2026-07-01T21:00:00Z'))).toBe('2026-07-02');
  });

  it('answers each instant for itself: the day kept for the last minute asked is never another minute\'s', () => {
    const instants = ['2026-12-01T21:59:59.999Z', '2026-12-01T22:00:00.000Z', '2026-12-01T21:59:00.000Z', '2027-03-28T00:59:59.999Z', '2027-03-28T21:00:00.000Z', '2027-03-27T22:00:00.000Z'];
    const expected = ['2026-12-01', '2026-12-02', '2026-12-01', '2027-03-28', '2027-03-29', '2027-03-28'];
    for (let round = 0; round < 2; round++) expect(instants.map((at) => programmeToday(new Date(at)))).toEqual(expected);
    expect(() => programmeToday(new Date('not a date'))).toThrow(RangeError);
  });
});
