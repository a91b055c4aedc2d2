import { isoInstant } from './instant';

describe('isoInstant', () => {
  it('writes what toISOString writes, across seconds, years and the epoch', () => {
    const samples = [0, 1, 9, 10, 99, 100, 999, 1000, -1, -999, -1000, -1001, 1_780_000_000_000, 1_780_000_000_999, 253_402_300_799_999, -62_167_219_200_000];
    for (let i = 0; i < 5000; i++) samples.push(Math.floor((Math.random() - 0.3) * 4e12));
    // Runs of milliseconds inside one second and across its edge use the cached text.
    for (let ms = 1_780_000_000_990; ms < 1_780_000_001_010; ms++) samples.push(ms);
    for (const ms of samples) expect([ms, isoInstant(ms)]).toEqual([ms, new Date(ms).toISOString()]);
  });

  it('writes extended years and fractions of a millisecond as toISOString does, without caching them', () => {
    for (const ms of [253_402_300_800_000, -62_167_219_200_001, 8.64e15, -8.64e15, 1_780_000_000_000.7, -0.5]) {
      expect(isoInstant(ms)).toBe(new Date(ms).toISOString());
      expect(isoInstant(1_780_000_000_123)).toBe('2026-05-28T20:26:40.123Z');
    }
  });

  it('refuses an invalid time as toISOString does', () => {
    expect(() => isoInstant(Number.NaN)).toThrow(RangeError);
    expect(() => isoInstant(8.64e15 + 1)).toThrow(RangeError);
  });
});
