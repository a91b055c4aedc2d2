/** "As of": the state of a stream at a past instant, folded from the events recorded by then. */
import { endOfDay, isCalendarDate } from '../calendar/calendar-date';
import { applicationDecider } from '../application/application.decide';
import type { ApplicationEvent, ApplicationState } from '../application/application';
import { certificateDecider } from '../certificate/certificate.decide';
import type { CertificateEvent, CertificateState } from '../certificate/certificate';
import { toInstant } from '../shared/command-metadata';
import type { Decider, Event } from '../shared/decider';
import { isWithinValidity } from '../validity/validity';

type Fold<S, E> = Pick<Decider<S, never, E & Event>, 'evolve' | 'initialState'>;

/** A calendar date means the end of that day in the programme's time zone (Europe/Bucharest): everything recorded on it counts. */
const cutOff = (when: string) => (isCalendarDate(when) ? endOfDay(when) : toInstant(when));

export function stateAsOf<S, E extends Event<string, { at: string }>>(fold: Fold<S, E>, events: readonly E[], when: string): S {
  const instant = cutOff(when);
  return events.filter((e) => toInstant(e.data.at) <= instant).reduce(fold.evolve, fold.initialState());
}

export const certificateAsOf = (events: readonly CertificateEvent[], when: string): CertificateState =>
  stateAsOf(certificateDecider, events, when);

export const applicationAsOf = (events: readonly ApplicationEvent[], when: string): ApplicationState =>
  stateAsOf(applicationDecider, events, when);

/** Whether the brand could be shown on a day: active and within its term, as recorded by the end of it. */
export function isInForceOn(events: readonly CertificateEvent[], day: string): boolean {
  const state = certificateAsOf(events, day);
  if (state.status !== 'active' || !state.validFrom || !state.validUntil) return false;
  return isWithinValidity({ validFrom: state.validFrom, validUntil: state.validUntil }, day);
}
