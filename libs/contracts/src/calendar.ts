import { ValidateBy, type ValidationOptions } from 'class-validator';

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-](\d{2}):(\d{2})))?$/;

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Whether a text in the form `YYYY-MM-DD` (or `YYYY-MM-DDTHH:MM[:SS[.mmm]](Z|±HH:MM)`) names a day, and a time, that
 * exist: the patterns checked the digits only, so `2026-13-45` reached `Date.parse` (NaN: a 500 where it was turned into
 * an instant) and `2026-02-30` was read as the 2nd of March. A text in another form is not judged here (false).
 */
export function isCalendarDateTime(text: unknown): boolean {
  if (typeof text !== 'string') return false;
  const parts = DATE_TIME.exec(text);
  if (!parts) return false;
  const [, year, month, day, hour, minute, second, , offsetHours, offsetMinutes] = parts;
  const m = Number(month);
  if (m < 1 || m > 12 || Number(day) < 1 || Number(day) > daysIn(Number(year), m)) return false;
  if (hour === undefined) return true;
  if (Number(hour) > 23 || Number(minute) > 59 || (second !== undefined && Number(second) > 59)) return false;
  return offsetHours === undefined || (Number(offsetHours) <= 23 && Number(offsetMinutes) <= 59);
}

/**
 * A date or instant that exists on the calendar (`isCalendarDateTime`). Refuses only what the field's own pattern lets
 * through (a text in another form is left to that pattern's message, so a field gets one reason, not two).
 */
export function IsCalendarDateTime(validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDateTime',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !DATE_TIME.test(value) || isCalendarDateTime(value),
        defaultMessage: (args) => `${args?.property ?? 'the value'} must be a day (and time) that exists on the calendar`,
      },
    },
    validationOptions,
  );
}
