/**
 * The reporting fact table: one record per organisation an integration event is about (a B2B
 * meeting, a mentoring pair or a partnership gives one per side), with what indicators count and
 * break down by, and where it came from (CloudEvent id, subject, stream sequence, when recorded).
 * Pure: the service adds what only its own records know (a check-in's gender, a survey's score).
 */
import {
  ApplicationSubmittedData,
  CertificateFactData,
  CertificationApplicationEvents,
  CertificationEvents,
  CheckedInData,
  EventsPublicEvents,
  MeetingAgreedData,
  MemberJoinedData,
  MemberLeftData,
  MentoringStartedData,
  NetworkEvents,
  PartnershipAgreedData,
  RegisteredData,
  ScheduledData,
  SurveyAnsweredData,
  SurveySentData,
  ListingPublishedData,
} from '@banat/contracts';

export const PROGRAMME_TIME_ZONE = 'Europe/Bucharest';
const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
/** The programme's calendar day (YYYY-MM-DD) of an instant. */
export const programmeDay = (instant: string | Date): string => dayFormat.format(typeof instant === 'string' ? new Date(instant) : instant);

/** What a fact may be broken down and filtered by; absent attributes of an organisation are filled from the registry's events when queried. */
export type FactAttributes = {
  organisationId?: string;
  role?: string;
  country?: string;
  region?: string;
  organisationKind?: string;
  gender?: string;
  participation?: string;
  eventKind?: string;
  schemeId?: string;
  purpose?: string;
  planId?: string;
  status?: string;
  /** The programme event, application, certificate, meeting, … the fact is about. */
  ref?: string;
  people?: number;
  invitees?: number;
  score?: number;
  /** A check-in: the person's first at this event (a person attending three days is one participant). */
  firstCheckIn?: boolean;
};

export type FactRecord = FactAttributes & {
  _id: string;
  /** CloudEvents type. */
  type: string;
  source: string;
  /** CloudEvent id (with `source`, the dedupe key). */
  eventId: string;
  subject: string;
  sequence: number;
  recordedAt: string;
  recordedDay: string;
  occurredAt: string;
  /** The programme day the fact counts on (an event held: its last day). */
  day: string;
};

/** A public event as the stream delivered it. */
export type StreamedEvent = Readonly<{ id: string; type: string; source: string; subject?: string; time?: string; data: unknown; natsSubject: string; sequence: number; recordedAt: string }>;

/** What the events service knows of its own events and publishes to nobody (a person's gender, answers reduced to a score). */
export type Enrichment = Readonly<{ gender?: string; score?: number; firstCheckIn?: boolean }>;

/** The types whose facts need an enrichment from the events service's own records. */
export const ENRICHED_TYPES: ReadonlySet<string> = new Set([EventsPublicEvents.checkedIn.type, EventsPublicEvents.surveyAnswered.type]);

const clean = (attributes: FactAttributes): FactAttributes => Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== undefined && v !== '')) as FactAttributes;

/** The facts of one public event (none for events no indicator can use, e.g. registry changes and suggested matches). */
export function factsOf(event: StreamedEvent, enrichment: Enrichment = {}): FactRecord[] {
  const parts = partsOf(event.type, event.data as never, enrichment);
  return parts.map(({ at, day, ...attributes }, n) => ({
    _id: `${event.source} ${event.id} #${n}`,
    type: event.type,
    source: event.source,
    eventId: event.id,
    subject: event.natsSubject,
    sequence: event.sequence,
    recordedAt: event.recordedAt,
    recordedDay: programmeDay(event.recordedAt),
    occurredAt: at,
    day: day ?? programmeDay(at),
    ...clean(attributes),
  }));
}

type Part = FactAttributes & { at: string; day?: string };

const certificateTypes = new Set(Object.values(CertificationEvents).map((e) => e.type));

function partsOf(type: string, data: Record<string, unknown>, enrichment: Enrichment): Part[] {
  if (certificateTypes.has(type)) {
    const d = data as unknown as CertificateFactData;
    return [{ at: d.at, organisationId: d.holderOrganisationId, role: 'holder', country: d.holderCountry, region: d.holderRegion, schemeId: d.schemeId, ref: d.certificateNumber }];
  }
  switch (type) {
    case CertificationApplicationEvents.submitted.type: {
      const d = data as unknown as ApplicationSubmittedData;
      return [{ at: d.at, organisationId: d.applicantOrganisationId, role: 'applicant', country: d.applicantCountry, region: d.applicantRegion, schemeId: d.schemeId, ref: d.applicationId }];
    }
    case NetworkEvents.memberJoined.type: {
      const d = data as unknown as MemberJoinedData;
      return [{ at: d.at, organisationId: d.organisationId, role: 'member', country: d.organisationCountry }];
    }
    case NetworkEvents.memberLeft.type: {
      const d = data as unknown as MemberLeftData;
      return [{ at: d.at, organisationId: d.organisationId, role: 'member' }];
    }
    case NetworkEvents.listingPublished.type: {
      const d = data as unknown as ListingPublishedData;
      return [{ at: d.publishedAt, organisationId: d.organisationId, role: 'publisher', ref: d.listingId }];
    }
    case NetworkEvents.meetingAgreed.type: {
      const d = data as unknown as MeetingAgreedData;
      // A meeting counts on the day of its fair (held), once per side.
      return d.organisationIds.map((organisationId, i) => ({ at: d.at, day: d.date, organisationId, role: i === 0 ? 'requester' : 'invitee', ref: d.meetingId }));
    }
    case NetworkEvents.mentoringStarted.type: {
      const d = data as unknown as MentoringStartedData;
      return [
        { at: d.at, organisationId: d.mentorOrganisationId, role: 'mentor', ref: d.mentoringId },
        { at: d.at, organisationId: d.menteeOrganisationId, role: 'mentee', ref: d.mentoringId },
      ];
    }
    case NetworkEvents.partnershipAgreed.type: {
      const d = data as unknown as PartnershipAgreedData;
      return d.organisationIds.map((organisationId, i) => ({ at: d.at, organisationId, role: i === 0 ? 'proposer' : 'partner', ref: d.partnershipId }));
    }
    case EventsPublicEvents.scheduled.type: {
      const d = data as unknown as ScheduledData;
      return [{ at: d.at, day: d.endsOn, organisationId: d.organiserOrganisationId, role: 'organiser', country: d.country, region: d.region, eventKind: d.kind, planId: d.planId, ref: d.eventId }];
    }
    case EventsPublicEvents.registered.type: {
      const d = data as unknown as RegisteredData;
      return [{ at: d.at, organisationId: d.organisationId, role: 'registrant', organisationKind: d.organisationKind, country: d.country, participation: d.participation, status: d.status, people: d.people, ref: d.eventId }];
    }
    case EventsPublicEvents.checkedIn.type: {
      const d = data as unknown as CheckedInData;
      return [{ at: d.at, organisationId: d.organisationId, role: 'attendee', country: d.country, gender: enrichment.gender ?? 'unspecified', firstCheckIn: enrichment.firstCheckIn, ref: d.eventId }];
    }
    case EventsPublicEvents.surveySent.type: {
      const d = data as unknown as SurveySentData;
      return [{ at: d.at, purpose: d.purpose, invitees: d.invitees, ref: `${d.eventId}/${d.surveyId}` }];
    }
    case EventsPublicEvents.surveyAnswered.type: {
      const d = data as unknown as SurveyAnsweredData;
      return [{ at: d.at, purpose: d.purpose, score: enrichment.score, ref: `${d.eventId}/${d.surveyId}` }];
    }
    default:
      return [];
  }
}
