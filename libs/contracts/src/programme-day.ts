/** The programme's time zone: its calendar days (deadlines, expiries, "held", "valid until") are days in Bucharest. */
export const PROGRAMME_DAY_TIME_ZONE = 'Europe/Bucharest';

const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_DAY_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * The programme's calendar day (YYYY-MM-DD) at an instant: from 22:00 UTC in winter (21:00 in summer)
 * it is already the next day in Bucharest, where a day taken from UTC would still say yesterday.
 */
export function programmeToday(at: Date = new Date()): string {
  // Bucharest is a whole number of hours off UTC, so its day changes on a UTC minute: within one minute, one day. Formatting
  // was a per-request cost of every search (1.3% of the exhibition's CPU under booth search): the last minute's is kept.
  const minute = Math.floor(at.getTime() / 60_000);
  if (minute !== lastMinute) {
    lastDay = dayFormat.format(at);
    lastMinute = minute;
  }
  return lastDay;
}
let lastMinute = Number.NaN;
let lastDay = '';
