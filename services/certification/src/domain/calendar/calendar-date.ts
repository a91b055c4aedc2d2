/**
 * Calendar dates as plain ISO strings (YYYY-MM-DD) in UTC: validity is a matter of days and months,
 * never of hours, and strings compare, serialise and replay without a date library.
 */
export type CalendarDate = string;

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

/** The UTC calendar day of an ISO 8601 instant. */
export function dateOf(instant: string): CalendarDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${instant}`);
  return new Date(ms).toISOString().slice(0, 10);
}

/** The last instant of a UTC day: "as of 2025-03-14" includes everything recorded that day. */
export const endOfDay = (date: CalendarDate): string => {
  parseCalendarDate(date);
  return `${date}T23:59:59.999Z`;
};

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
