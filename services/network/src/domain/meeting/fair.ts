/** A fair or conference where members meet one to one: one day, opening hours cut into slots, a number of tables. */
import { NetworkRuleViolation } from '../shared/rule-violation';
import { isRealDay } from '../shared/decider';

export interface Fair {
  fairId: string;
  name: string;
  date: string;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  tables: number;
}

export class FairHoursInvalid extends NetworkRuleViolation {
  readonly rule = 'FairHoursInvalid';
  constructor(opensAt: string, closesAt: string, slotMinutes: number) {
    super(`from ${opensAt} to ${closesAt} there is no room for a meeting of ${slotMinutes} minutes`, { opensAt, closesAt, slotMinutes });
  }
}

export class FairInPast extends NetworkRuleViolation {
  readonly rule = 'FairInPast';
  constructor(date: string, today: string) {
    super(`the fair's day ${date} is before today (${today})`, { date, today });
  }
}

const minutes = (time: string): number => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const time = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** The start times of the fair's slots: every meeting starts at one and ends by closing time. */
export function slotsOf(fair: Pick<Fair, 'opensAt' | 'closesAt' | 'slotMinutes'>): string[] {
  const slots: string[] = [];
  for (let m = minutes(fair.opensAt); m + fair.slotMinutes <= minutes(fair.closesAt); m += fair.slotMinutes) slots.push(time(m));
  return slots;
}

/** A fair as the secretariat plans it: a real day not past, and room for at least one slot. */
export function planFair(fair: Fair, today: string): Fair {
  if (!isRealDay(fair.date) || fair.date < today) throw new FairInPast(fair.date, today);
  if (slotsOf(fair).length === 0) throw new FairHoursInvalid(fair.opensAt, fair.closesAt, fair.slotMinutes);
  return fair;
}
