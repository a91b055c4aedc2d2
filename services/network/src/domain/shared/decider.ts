import { programmeToday } from '@banat/contracts';
/** Who acts and when: the time comes in with the command, so deciders stay pure. */
export interface CommandMetadata {
  now: string;
  actor: string;
  role: string;
  /** The member's organisation (token `org`), when the caller is a member. */
  org?: string;
}

export interface Decider<S, C, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  initialState(): S;
}

/** The programme's day (Bucharest) of an ISO time: listings' terms are whole days of the programme. */
export const dayOf = (isoTime: string): string => programmeToday(new Date(isoTime));

/** A YYYY-MM-DD day plus n days. */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A YYYY-MM-DD string that names a real day (2027-02-30 does not). */
export const isRealDay = (day: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00.000Z`)) && addDays(day, 0) === day;

/** Decides and folds the events into the state the caller stores. */
export function decideAndEvolve<S, C, E>(decider: Decider<S, C, E>, state: S, command: C): { state: S; events: E[] } {
  const events = decider.decide(command, state);
  return { state: events.reduce(decider.evolve, state), events };
}
