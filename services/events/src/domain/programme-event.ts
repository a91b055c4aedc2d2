/** A programme event (conference, workshop, fair, …) and everything that happens to its places: one stream per event. */
import type { EventKind, Gender, Participation, QuotaDimension, RegistrationStatus } from '@banat/contracts';
import type { Fact } from './decider';
import type { SurveyFact, SurveyState } from './survey';

export { EVENT_KINDS, GENDERS, PARTICIPATIONS, QUOTA_DIMENSIONS } from '@banat/contracts';
export type { EventKind, Gender, Participation, QuotaDimension };

/** Places counted per person: at most `max` of the event's places, and `min` of them kept free for those who fit it until filled. */
export type Quota = Readonly<{ dimension: QuotaDimension; value: string; max?: number; min?: number }>;

export type Session = Readonly<{ sessionId: string; title: string; date: string; startsAt?: string; endsAt?: string }>;

export type RegistrationRules = Readonly<{
  capacity: number;
  quotas: readonly Quota[];
  requiresApproval: boolean;
  /** ISO instant after which nobody registers. */
  deadline: string;
  /** How long a freed place offered to the waiting list stays open. */
  offerHours: number;
  /**
   * Most people one organisation may have registered by its members, placed or waiting (cancelled, rejected and lapsed
   * entries do not count); unset (events scheduled before it existed): DEFAULT_MAX_PER_ORGANISATION. The secretariat may
   * register past it.
   */
  maxPerOrganisation?: number;
}>;

/** People an organisation's members may register for one event when the event names no other figure. */
export const DEFAULT_MAX_PER_ORGANISATION = 10;
export const maxPerOrganisationOf = (rules: RegistrationRules): number => rules.maxPerOrganisation ?? DEFAULT_MAX_PER_ORGANISATION;
/**
 * Registrations (entries of one person or a group) an organisation's members may make for one event over its life,
 * cancelled ones included: every entry stays in the event's stream, which each decision on the event reads whole, so
 * registering and cancelling without end grew it without end. Five times the organisation's places.
 */
export const REGISTRATIONS_PER_PLACE = 5;
export const maxRegistrationsOf = (rules: RegistrationRules): number => REGISTRATIONS_PER_PLACE * maxPerOrganisationOf(rules);

export type EventDefinition = Readonly<{
  eventId: string;
  kind: EventKind;
  title: Readonly<Record<string, string>>;
  place: Readonly<{ venue: string; city: string; country: string; region?: string }>;
  /** Calendar days (YYYY-MM-DD), programme time zone. */
  startsOn: string;
  endsOn: string;
  languages: readonly string[];
  topics: readonly string[];
  organiserOrganisationId: string;
  sessions: readonly Session[];
  planId?: string;
  registration: RegistrationRules;
}>;

export type Person = Readonly<{ name: string; email: string; gender?: Gender }>;

/** What the registry says of the organisation a registration is made for. */
export type RegisteringOrganisation = Readonly<{ organisationId: string; kind: string; country: string; active: boolean }>;

export type EntryStatus = RegistrationStatus;
/** Statuses that hold places: nobody else may take them. */
export const HOLDS_PLACES: readonly EntryStatus[] = ['pending-approval', 'confirmed', 'offered'];
export const ACTIVE: readonly EntryStatus[] = [...HOLDS_PLACES, 'waiting'];

export type Entry = Readonly<{
  registrationId: string;
  organisationId: string;
  organisationKind: string;
  country: string;
  participation: Participation;
  people: readonly Person[];
  status: EntryStatus;
  /** Order of arrival: the waiting list is served in it. */
  position: number;
  requestedAt: string;
  requestedBy: string;
  commandId?: string;
  waitingReason?: string;
  offerUntil?: string;
}>;

export type Stamp = Readonly<{ at: string; actor: string; role: string }>;
/** What a registration asks for, as recorded when it arrives. */
export type EntryRequest = Omit<Entry, 'status' | 'position' | 'offerUntil' | 'waitingReason'>;

export type EventScheduled = Fact<'EventScheduled', { definition: EventDefinition; stamp: Stamp }>;
export type RegistrationAccepted = Fact<'RegistrationAccepted', { entry: EntryRequest; status: 'confirmed' | 'pending-approval' }>;
export type RegistrationWaitListed = Fact<'RegistrationWaitListed', { entry: EntryRequest; reason: 'CapacityReached' | 'QuotaReached' | 'PlacesReserved'; quota?: Quota }>;
export type RegistrationApproved = Fact<'RegistrationApproved', { registrationId: string; stamp: Stamp }>;
export type RegistrationRejected = Fact<'RegistrationRejected', { registrationId: string; reason: string; stamp: Stamp }>;
export type RegistrationCancelled = Fact<'RegistrationCancelled', { registrationId: string; stamp: Stamp }>;
export type PlaceOffered = Fact<'PlaceOffered', { registrationId: string; until: string; at: string }>;
export type OfferAccepted = Fact<'OfferAccepted', { registrationId: string; status: 'confirmed' | 'pending-approval'; stamp: Stamp }>;
export type OfferLapsed = Fact<'OfferLapsed', { registrationId: string; at: string }>;
export type PersonCheckedIn = Fact<'PersonCheckedIn', { registrationId: string; email: string; list: string; stamp: Stamp }>;

export type ProgrammeEventFact =
  | EventScheduled
  | RegistrationAccepted
  | RegistrationWaitListed
  | RegistrationApproved
  | RegistrationRejected
  | RegistrationCancelled
  | PlaceOffered
  | OfferAccepted
  | OfferLapsed
  | PersonCheckedIn
  | SurveyFact;

export type CheckIn = Readonly<{ registrationId: string; email: string; list: string; at: string }>;

export type ProgrammeEventState = Readonly<{
  definition?: EventDefinition;
  entries: Readonly<Record<string, Entry>>;
  nextPosition: number;
  checkIns: readonly CheckIn[];
  surveys: Readonly<Record<string, SurveyState>>;
}>;

export const initialState = (): ProgrammeEventState => ({ entries: {}, nextPosition: 1, checkIns: [], surveys: {} });

const withSurvey = (state: ProgrammeEventState, surveyId: string, change: (survey: SurveyState) => SurveyState): ProgrammeEventState => ({
  ...state,
  surveys: { ...state.surveys, [surveyId]: change(state.surveys[surveyId]) },
});

const withEntry = (state: ProgrammeEventState, registrationId: string, change: Partial<Entry>): ProgrammeEventState => ({
  ...state,
  entries: { ...state.entries, [registrationId]: { ...state.entries[registrationId], ...change } },
});

const arrived = (state: ProgrammeEventState, entry: Entry): ProgrammeEventState => ({
  ...state,
  entries: { ...state.entries, [entry.registrationId]: entry },
  nextPosition: state.nextPosition + 1,
});

export function evolve(state: ProgrammeEventState, fact: ProgrammeEventFact): ProgrammeEventState {
  switch (fact.type) {
    case 'EventScheduled':
      return { ...state, definition: fact.data.definition };
    case 'RegistrationAccepted':
      return arrived(state, { ...fact.data.entry, status: fact.data.status, position: state.nextPosition });
    case 'RegistrationWaitListed':
      return arrived(state, { ...fact.data.entry, status: 'waiting', position: state.nextPosition, waitingReason: fact.data.reason });
    case 'RegistrationApproved':
      return withEntry(state, fact.data.registrationId, { status: 'confirmed' });
    case 'RegistrationRejected':
      return withEntry(state, fact.data.registrationId, { status: 'rejected' });
    case 'RegistrationCancelled':
      return withEntry(state, fact.data.registrationId, { status: 'cancelled' });
    case 'PlaceOffered':
      return withEntry(state, fact.data.registrationId, { status: 'offered', offerUntil: fact.data.until });
    case 'OfferAccepted':
      return withEntry(state, fact.data.registrationId, { status: fact.data.status, offerUntil: undefined, waitingReason: undefined });
    case 'OfferLapsed':
      return withEntry(state, fact.data.registrationId, { status: 'lapsed' });
    case 'PersonCheckedIn':
      return { ...state, checkIns: [...state.checkIns, { registrationId: fact.data.registrationId, email: fact.data.email, list: fact.data.list, at: fact.data.stamp.at }] };
    case 'SurveyPublished':
      return withSurvey(state, fact.data.survey.surveyId, () => ({ definition: fact.data.survey, answeredCodes: [], responses: [] }));
    case 'SurveySent':
      return withSurvey(state, fact.data.surveyId, (s) => ({ ...s, invitees: fact.data.invitees }));
    case 'SurveyAnswered': {
      const { answers, respondent } = fact.data;
      return withSurvey(state, fact.data.surveyId, (s) => ({ ...s, answeredCodes: [...s.answeredCodes, fact.data.codeHash], responses: [...s.responses, { answers, ...(respondent ? { respondent } : {}) }] }));
    }
  }
}

/** Entries in order of arrival. */
export const entriesInOrder = (state: ProgrammeEventState): Entry[] => Object.values(state.entries).sort((a, b) => a.position - b.position);
