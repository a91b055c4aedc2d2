/**
 * Integration events of the events service: subjects under PUBLIC_PREFIX, CloudEvents types, and the
 * JSON Schema of each event's `data`. They carry no personal data: no names, no e-mails, no answers.
 */
export const EVENTS_EVENT_SOURCE = 'urn:madeinbanat:events';

const event = (entity: string, name: string) => ({ subject: `events.${entity}.${name}.v1`, type: `eu.madeinbanat.events.${entity}.${name}.v1` });

export const EventsPublicEvents = {
  scheduled: event('event', 'scheduled'),
  registered: event('registration', 'registered'),
  checkedIn: event('attendance', 'checked-in'),
  surveySent: event('survey', 'sent'),
  surveyAnswered: event('survey', 'answered'),
} as const;

/** Every events public subject, relative to the public prefix (for a consumer's filter). */
export const EVENTS_PUBLIC_SUBJECTS = 'events.>';

/** An event put on the programme: where, when, what kind, under which plan (events held are counted from it). */
export interface ScheduledData {
  eventId: string;
  kind: string;
  country: string;
  region?: string;
  startsOn: string;
  endsOn: string;
  planId?: string;
  organiserOrganisationId: string;
  at: string;
}

/** A questionnaire sent: how many people were invited (response rates are counted from it), never who. */
export interface SurveySentData {
  eventId: string;
  surveyId: string;
  purpose: string;
  invitees: number;
  at: string;
}

export interface RegisteredData {
  eventId: string;
  registrationId: string;
  organisationId: string;
  organisationKind: string;
  country: string;
  participation: string;
  /** How many people the entry names (a group counts them all). */
  people: number;
  status: 'confirmed' | 'pending-approval' | 'waiting';
  at: string;
}

export interface CheckedInData {
  eventId: string;
  registrationId: string;
  organisationId: string;
  country: string;
  list: string;
  at: string;
}

export interface SurveyAnsweredData {
  eventId: string;
  surveyId: string;
  purpose: string;
  at: string;
}

const uuid = { type: 'string', format: 'uuid' };
const instant = { type: 'string', format: 'date-time' };
const schema = (name: string, required: string[], properties: Record<string, object>) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:madeinbanat:events:schemas:${name}.v1`,
  title: `${name} (v1)`,
  type: 'object',
  additionalProperties: false,
  required,
  properties,
});

const day = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };

export const EventsPublicEventSchemas: Record<string, object> = {
  [EventsPublicEvents.scheduled.type]: schema('event.scheduled', ['eventId', 'kind', 'country', 'startsOn', 'endsOn', 'organiserOrganisationId', 'at'], {
    eventId: uuid,
    kind: { type: 'string' },
    country: { enum: ['RO', 'RS', 'HU'] },
    region: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' },
    startsOn: day,
    endsOn: day,
    planId: { type: 'string' },
    organiserOrganisationId: uuid,
    at: instant,
  }),
  [EventsPublicEvents.surveySent.type]: schema('survey.sent', ['eventId', 'surveyId', 'purpose', 'invitees', 'at'], {
    eventId: uuid,
    surveyId: { type: 'string' },
    purpose: { enum: ['needs-assessment', 'satisfaction'] },
    invitees: { type: 'integer', minimum: 0 },
    at: instant,
  }),
  [EventsPublicEvents.registered.type]: schema('registration.registered', ['eventId', 'registrationId', 'organisationId', 'organisationKind', 'country', 'participation', 'people', 'status', 'at'], {
    eventId: uuid,
    registrationId: uuid,
    organisationId: uuid,
    organisationKind: { type: 'string' },
    country: { enum: ['RO', 'RS', 'HU'] },
    participation: { enum: ['participant', 'exhibitor', 'visitor'] },
    people: { type: 'integer', minimum: 1 },
    status: { enum: ['confirmed', 'pending-approval', 'waiting'] },
    at: instant,
  }),
  [EventsPublicEvents.checkedIn.type]: schema('attendance.checked-in', ['eventId', 'registrationId', 'organisationId', 'country', 'list', 'at'], {
    eventId: uuid,
    registrationId: uuid,
    organisationId: uuid,
    country: { enum: ['RO', 'RS', 'HU'] },
    list: { type: 'string', pattern: '^(day:\\d{4}-\\d{2}-\\d{2}|session:[a-z0-9-]+)$' },
    at: instant,
  }),
  [EventsPublicEvents.surveyAnswered.type]: schema('survey.answered', ['eventId', 'surveyId', 'purpose', 'at'], {
    eventId: uuid,
    surveyId: { type: 'string' },
    purpose: { enum: ['needs-assessment', 'satisfaction'] },
    at: instant,
  }),
};
