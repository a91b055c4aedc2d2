/**
 * Calendar dates as plain ISO strings (YYYY-MM-DD): validity is a matter of days and months, never
 * of hours, and strings compare, serialise and replay without a date library. An instant's day is
 * the day in the programme's time zone, not in UTC.
 */
export type CalendarDate = string;

/**
 * The programme's calendar. Belgrade is not the same offset as Bucharest (CET/CEST, an hour behind
 * EET/EEST all year), so one zone is chosen for every date the scheme counts.
 */
export const PROGRAMME_TIME_ZONE = 'Europe/Bucharest';

const dayInProgrammeZone = new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const daysInMonth = (year: number, month: number): number =>
  [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const format = (year: number, month: number, day: number): CalendarDate => `${pad(year, 4)}-${pad(month)}-${pad(day)}`;

export function parseCalendarDate(date: string): { year: number; month: number; day: number } {
  const match = DATE.exec(date);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`no such day: ${date}`);
  }
  return { year, month, day };
}

export const isCalendarDate = (value: string): boolean => {
  try {
    parseCalendarDate(value);
    return true;
  } catch {
    return false;
  }
};

/** The programme's calendar day of an ISO 8601 instant (2026-12-31T23:30Z is 2027-01-01 in Bucharest). */
export function dateOf(instant: string): CalendarDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${instant}`);
  return dayOfMs(ms);
}

/**
 * The zone's offset is whole hours and changes on the hour, so its day changes only on a UTC hour:
 * the day of each hour is formatted once (Intl formatting showed in the command path's profile).
 */
const HOUR_MS = 3_600_000;
const dayOfHour = new Map<number, CalendarDate>();
const dayOfMs = (ms: number): CalendarDate => {
  const hour = Math.floor(ms / HOUR_MS);
  let day = dayOfHour.get(hour);
  if (day === undefined) {
    day = dayInProgrammeZone.format(new Date(hour * HOUR_MS));
    if (dayOfHour.size >= 10_000) dayOfHour.clear();
    dayOfHour.set(hour, day);
  }
  return day;
};

/** The first instant (ms) of a programme day: its UTC midnight moved back by the zone's offset, which is whole hours here. */
function startOfDayMs(date: CalendarDate): number {
  const { year, month, day } = parseCalendarDate(date);
  const utcMidnight = Date.UTC(year, month - 1, day);
  // The zone is ahead of UTC by 2 or 3 hours: the day starts at the latest candidate that is still this day.
  for (const hoursAhead of [2, 3, 1, 4]) {
    const candidate = utcMidnight - hoursAhead * 3_600_000;
    if (dayOfMs(candidate) === date && dayOfMs(candidate - 1) !== date) return candidate;
  }
  throw new RangeError(`no start found for ${date} in ${PROGRAMME_TIME_ZONE}`);
}

/** The first instant of a programme day (2025-03-14 starts at 2025-03-13T22:00:00.000Z in Bucharest). */
export const startOfDay = (date: CalendarDate): string => new Date(startOfDayMs(date)).toISOString();

/** The last instant of a programme day: "as of 2025-03-14" includes everything recorded that day. */
export const endOfDay = (date: CalendarDate): string => new Date(startOfDayMs(addDays(date, 1)) - 1).toISOString();

/** Adds calendar months, clamping to the month's last day (31 Jan + 1 month = 28 or 29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return format(newYear, newMonth, Math.min(day, daysInMonth(newYear, newMonth)));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  const { year, month, day } = parseCalendarDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

export const firstDayOfMonth = (date: CalendarDate): CalendarDate => `${date.slice(0, 8)}01`;

export const compareDates = (a: CalendarDate, b: CalendarDate): number => (a < b ? -1 : a > b ? 1 : 0);
export const isAfter = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) > 0;
export const isBefore = (a: CalendarDate, b: CalendarDate): boolean => compareDates(a, b) < 0;
