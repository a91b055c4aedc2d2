import {
  addDays,
  addMonths,
  CalendarDate,
  daysInMonth,
  firstDayOfMonth,
  isAfter,
  isBefore,
  parseCalendarDate,
} from '../calendar/calendar-date';
import type { ValidityRules } from '../schemes/scheme';

/** Both ends included: a certificate valid until 2019-01-31 is still valid all that day. */
export type Validity = Readonly<{ validFrom: CalendarDate; validUntil: CalendarDate }>;

/**
 * A term of N months ends the day before the same date N months later; when that date does not
 * exist (31 Jan + 1 month, 29 Feb + 1 year) it ends on the last day of that month, as EU time-limit
 * rules (Regulation 1182/71) count months.
 */
export function termOf(validFrom: CalendarDate, months: number): Validity {
  const { day } = parseCalendarDate(validFrom);
  const sameDateLater = addMonths(validFrom, months);
  const later = parseCalendarDate(sameDateLater);
  const dateExists = day <= daysInMonth(later.year, later.month);
  return { validFrom, validUntil: dateExists ? addDays(sameDateLater, -1) : sameDateLater };
}

/** The term is counted from its start (ESCA: the month of assessment), but a certificate is never valid before its grant. */
export function firstTerm(rules: ValidityRules, dates: { assessedOn: CalendarDate; decidedOn: CalendarDate }): Validity {
  const start = rules.firstTermStarts === 'month-of-assessment' ? firstDayOfMonth(dates.assessedOn) : dates.decidedOn;
  const term = termOf(start, rules.firstTermMonths);
  return { ...term, validFrom: isAfter(dates.decidedOn, start) ? dates.decidedOn : start };
}

/** The renewed term continues from the end of the previous one, whenever the renewal was granted. */
export const renewedTerm = (rules: ValidityRules, previous: Validity): Validity =>
  termOf(addDays(previous.validUntil, 1), rules.renewalExtendsMonths);

/** The first day a certificate is no longer valid. */
export const expiresOn = (validity: Validity): CalendarDate => addDays(validity.validUntil, 1);

/** The last day a renewal is accepted: the grace period is a term of N months from expiry. */
export const lastRenewalDay = (rules: ValidityRules, validity: Validity): CalendarDate =>
  termOf(expiresOn(validity), rules.renewalGraceMonths).validUntil;

export const isRenewableOn = (rules: ValidityRules, validity: Validity, day: CalendarDate): boolean =>
  !isAfter(day, lastRenewalDay(rules, validity));

export const isWithinValidity = (validity: Validity, day: CalendarDate): boolean =>
  !isBefore(day, validity.validFrom) && !isAfter(day, validity.validUntil);
