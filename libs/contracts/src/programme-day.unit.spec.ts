import { programmeToday } from './programme-day';

describe('programmeToday (the programme day in Bucharest)', () => {
  it('is already the next day from 22:00 UTC in winter and from 21:00 UTC in summer', () => {
    expect(programmeToday(new Date('2026-12-01T21:59:59Z'))).toBe('2026-12-01');
    expect(programmeToday(new Date('2026-12-01T22:00:00Z'))).toBe('2026-12-02');
    expect(programmeToday(new Date('2026-07-01T20:59:59Z'))).toBe('2026-07-01');
    expect(programmeToday(new Date('2026-07-01T21:00:00Z'))).toBe('2026-07-02');
  });
});
