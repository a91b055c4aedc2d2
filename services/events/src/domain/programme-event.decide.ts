/** decide(command, state) → facts, for one programme event: scheduling, places, waiting list, check-in. */
import { programmeToday } from '@banat/contracts';
import type { CommandMetadata, Decider } from './decider';
import type { ProgrammeEventCommand, Register, ScheduleEvent } from './programme-event.commands';
import { judgePlaces, placeHolders, reservedAtStart } from './places';
import {
  ACTIVE,
  Entry,
  entriesInOrder,
  EventDefinition,
  evolve,
  initialState,
  maxPerOrganisationOf,
  maxRegistrationsOf,
  ProgrammeEventFact,
  ProgrammeEventState,
  Stamp,
} from './programme-event';
import { refuse } from './rules';
import { answerSurvey, publishSurvey, sendSurvey } from './survey.decide';

const stampOf = (m: CommandMetadata): Stamp => ({ at: new Date(Date.parse(m.now)).toISOString(), actor: m.actor, role: m.role });
const addHours = (instant: string, hours: number) => new Date(Date.parse(instant) + hours * 3_600_000).toISOString();
const emailKey = (email: string) => email.trim().toLowerCase();
/** Days from the first to the last (YYYY-MM-DD), inclusive. */
export function eventDays(definition: Pick<EventDefinition, 'startsOn' | 'endsOn'>): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${definition.startsOn}T00:00:00Z`); t <= Date.parse(`${definition.endsOn}T00:00:00Z`); t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
/** Check-in lists: one per day (`day:2026-05-12`) and one per session (`session:<id>`). */
export const checkInLists = (definition: EventDefinition): string[] => [...eventDays(definition).map((d) => `day:${d}`), ...definition.sessions.map((s) => `session:${s.sessionId}`)];
/** The day a check-in list is kept on: its own (`day:2026-05-12`), or its session's date; undefined for a list the event does not have. */
export function dayOfList(definition: EventDefinition, list: string): string | undefined {
  if (list.startsWith('day:')) return eventDays(definition).find((d) => list === `day:${d}`);
  return definition.sessions.find((s) => list === `session:${s.sessionId}`)?.date;
}

function schedule(command: ScheduleEvent, state: ProgrammeEventState): ProgrammeEventFact[] {
  if (state.definition) refuse('EventAlreadyScheduled', { eventId: state.definition.eventId });
  const definition = command.data.definition;
  if (definition.endsOn < definition.startsOn) refuse('EventDatesReversed', { startsOn: definition.startsOn, endsOn: definition.endsOn });
  const outside = definition.sessions.find((s) => s.date < definition.startsOn || s.date > definition.endsOn);
  if (outside) refuse('SessionOutsideEvent', { sessionId: outside.sessionId, date: outside.date });
  const rules = definition.registration;
  // The deadline's day in Bucharest, where the event's days are: 22:30 UTC on the last day is already the next day there.
  if (programmeToday(new Date(rules.deadline)) > definition.endsOn) refuse('DeadlineAfterEvent', { deadline: rules.deadline, endsOn: definition.endsOn });
  const reversed = rules.quotas.find((q) => q.min !== undefined && q.max !== undefined && q.min > q.max);
  if (reversed) refuse('QuotaBoundsReversed', { quota: reversed });
  if (reservedAtStart(rules) > rules.capacity) refuse('MinimumsExceedCapacity', { reserved: reservedAtStart(rules), capacity: rules.capacity });
  return [{ type: 'EventScheduled', data: { definition, stamp: stampOf(command.metadata) } }];
}

function register(command: Register, state: ProgrammeEventState, definition: EventDefinition): ProgrammeEventFact[] {
  const { registrationId, organisation, participation, people, commandId } = command.data;
  const rules = definition.registration;
  if (Date.parse(command.metadata.now) > Date.parse(rules.deadline)) refuse('RegistrationClosed', { deadline: rules.deadline });
  if (!organisation.active) refuse('OrganisationNotActive', { organisationId: organisation.organisationId });
  const emails = people.map((p) => emailKey(p.email));
  const twice = emails.find((e, i) => emails.indexOf(e) !== i);
  if (twice) refuse('PersonListedTwice', { email: twice });
  const registered = new Set(entriesInOrder(state).filter((e) => ACTIVE.includes(e.status)).flatMap((e) => e.people.map((p) => emailKey(p.email))));
  const already = emails.find((e) => registered.has(e));
  if (already) refuse('PersonAlreadyRegistered', { email: already });
  if (people.length > rules.capacity) refuse('GroupLargerThanCapacity', { size: people.length, capacity: rules.capacity });
  // A member fills places (or the waiting list) of its own organisation up to the event's figure; the secretariat, which sets it, may go past it.
  if (command.metadata.role !== 'secretariat') {
    const max = maxPerOrganisationOf(rules);
    const registered = activePeopleOf(state, organisation.organisationId);
    if (registered + people.length > max) refuse('PlacesPerOrganisationExceeded', { organisationId: organisation.organisationId, max, registered, asked: people.length });
    const made = entriesInOrder(state).filter((e) => e.organisationId === organisation.organisationId).length;
    if (made >= maxRegistrationsOf(rules)) refuse('RegistrationsPerOrganisationExceeded', { organisationId: organisation.organisationId, max: maxRegistrationsOf(rules), made });
  }
  const entry = {
    registrationId,
    organisationId: organisation.organisationId,
    organisationKind: organisation.kind,
    country: organisation.country,
    participation,
    people: people.map((p) => ({ ...p, email: emailKey(p.email) })),
    requestedAt: stampOf(command.metadata).at,
    requestedBy: command.metadata.actor,
    ...(commandId ? { commandId } : {}),
  };
  const verdict = judgePlaces(rules, placeHolders(entriesInOrder(state)), { country: entry.country, organisationKind: entry.organisationKind, participation, size: people.length });
  if (verdict.fits) return [{ type: 'RegistrationAccepted', data: { entry, status: rules.requiresApproval ? 'pending-approval' : 'confirmed' } }];
  return [{ type: 'RegistrationWaitListed', data: { entry, reason: verdict.reason, ...(verdict.quota ? { quota: verdict.quota } : {}) } }];
}

/** People of an organisation's entries that still count: placed, awaiting approval, offered a place, or waiting. */
export const activePeopleOf = (state: ProgrammeEventState, organisationId: string): number =>
  entriesInOrder(state)
    .filter((e) => e.organisationId === organisationId && ACTIVE.includes(e.status))
    .reduce((n, e) => n + e.people.length, 0);

const entryOf = (state: ProgrammeEventState, registrationId: string): Entry => state.entries[registrationId] ?? refuse('RegistrationNotFound', { registrationId });

/** Freed places go to the waiting list in order of arrival: each entry that now fits is offered a place, for a limited time. */
export function offerFreedPlaces(state: ProgrammeEventState, now: string): ProgrammeEventFact[] {
  const definition = state.definition;
  if (!definition) return [];
  const facts: ProgrammeEventFact[] = [];
  let current = state;
  for (const waiting of entriesInOrder(state).filter((e) => e.status === 'waiting')) {
    const verdict = judgePlaces(definition.registration, placeHolders(entriesInOrder(current)), { ...waiting, size: waiting.people.length });
    if (!verdict.fits) continue;
    const offered: ProgrammeEventFact = { type: 'PlaceOffered', data: { registrationId: waiting.registrationId, until: addHours(now, definition.registration.offerHours), at: now } };
    facts.push(offered);
    current = evolve(current, offered);
  }
  return facts;
}

/** Offers past their time lapse; the places they held pass on down the list. */
export function lapseOffers(state: ProgrammeEventState, now: string): ProgrammeEventFact[] {
  const lapsed: ProgrammeEventFact[] = entriesInOrder(state)
    .filter((e) => e.status === 'offered' && e.offerUntil !== undefined && Date.parse(e.offerUntil) < Date.parse(now))
    .map((e) => ({ type: 'OfferLapsed', data: { registrationId: e.registrationId, at: now } }));
  return lapsed.length ? [...lapsed, ...offerFreedPlaces(lapsed.reduce(evolve, state), now)] : [];
}

/** The command's own facts, on a state where lapsed offers have already passed on. */
function decideOnScheduled(command: Exclude<ProgrammeEventCommand, ScheduleEvent>, state: ProgrammeEventState, definition: EventDefinition): ProgrammeEventFact[] {
  const stamp = stampOf(command.metadata);
  const freeing = (fact: ProgrammeEventFact) => [fact, ...offerFreedPlaces(evolve(state, fact), stamp.at)];
  switch (command.type) {
    case 'Register':
      return register(command, state, definition);
    case 'ApproveRegistration': {
      const entry = entryOf(state, command.data.registrationId);
      if (entry.status !== 'pending-approval') refuse('RegistrationNotPending', { registrationId: entry.registrationId, status: entry.status });
      return [{ type: 'RegistrationApproved', data: { registrationId: entry.registrationId, stamp } }];
    }
    case 'RejectRegistration': {
      const entry = entryOf(state, command.data.registrationId);
      if (entry.status !== 'pending-approval') refuse('RegistrationNotPending', { registrationId: entry.registrationId, status: entry.status });
      return freeing({ type: 'RegistrationRejected', data: { registrationId: entry.registrationId, reason: command.data.reason, stamp } });
    }
    case 'CancelRegistration': {
      const entry = entryOf(state, command.data.registrationId);
      if (!ACTIVE.includes(entry.status)) refuse('RegistrationNotActive', { registrationId: entry.registrationId, status: entry.status });
      return freeing({ type: 'RegistrationCancelled', data: { registrationId: entry.registrationId, stamp } });
    }
    case 'AcceptOffer': {
      const entry = entryOf(state, command.data.registrationId);
      if (entry.status === 'lapsed') refuse('OfferExpired', { registrationId: entry.registrationId });
      if (entry.status !== 'offered') refuse('NoOpenOffer', { registrationId: entry.registrationId, status: entry.status });
      return [{ type: 'OfferAccepted', data: { registrationId: entry.registrationId, status: definition.registration.requiresApproval ? 'pending-approval' : 'confirmed', stamp } }];
    }
    case 'LapseOffers':
      return [];
    case 'CheckIn': {
      const entry = entryOf(state, command.data.registrationId);
      if (entry.status !== 'confirmed') refuse('NotAnAttendee', { registrationId: entry.registrationId, status: entry.status });
      const email = emailKey(command.data.email);
      if (!entry.people.some((p) => p.email === email)) refuse('PersonNotInRegistration', { registrationId: entry.registrationId });
      const day = dayOfList(definition, command.data.list) ?? refuse('CheckInListUnknown', { list: command.data.list, lists: checkInLists(definition) });
      // Taken at the desk on the list's day: not ahead of the event, and not typed in days later, when the attendance
      // (public event and indicators, dated by the check-in) would count on the day it was typed, maybe in another period.
      const today = programmeToday(new Date(stamp.at));
      if (today !== day) refuse('CheckInNotOnListDay', { list: command.data.list, day, today });
      if (state.checkIns.some((c) => c.email === email && c.list === command.data.list)) refuse('AlreadyCheckedIn', { list: command.data.list });
      return [{ type: 'PersonCheckedIn', data: { registrationId: entry.registrationId, email, list: command.data.list, stamp } }];
    }
    case 'PublishSurvey':
      return publishSurvey(state, command.data.survey, stamp);
    case 'SendSurvey':
      return sendSurvey(state, command.data.surveyId, command.data.codeHashes, stamp);
    case 'AnswerSurvey':
      return answerSurvey(state, command.data.surveyId, command.data.codeHash, command.data.answers, stamp.at);
  }
}

export function decide(command: ProgrammeEventCommand, state: ProgrammeEventState): ProgrammeEventFact[] {
  if (command.type === 'ScheduleEvent') return schedule(command, state);
  const definition = state.definition ?? refuse('EventNotScheduled');
  const lapses = lapseOffers(state, stampOf(command.metadata).at);
  return [...lapses, ...decideOnScheduled(command, lapses.reduce(evolve, state), definition)];
}

export const programmeEventDecider: Decider<ProgrammeEventState, ProgrammeEventCommand, ProgrammeEventFact> = { decide, evolve, initialState };
