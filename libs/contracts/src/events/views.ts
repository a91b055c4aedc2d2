import type { EventKind, Gender, Participation, QuotaDimension, RegistrationStatus } from './kinds';

export interface QuotaView {
  dimension: QuotaDimension;
  value: string;
  max?: number;
  min?: number;
}

export interface ProgrammeEventView {
  eventId: string;
  kind: EventKind;
  title: Record<string, string>;
  place: { venue: string; city: string; country: string; region?: string };
  startsOn: string;
  endsOn: string;
  languages: string[];
  topics: string[];
  organiserOrganisationId: string;
  sessions: { sessionId: string; title: string; date: string; startsAt?: string; endsAt?: string }[];
  planId?: string;
  registration: { capacity: number; quotas: QuotaView[]; requiresApproval: boolean; deadline: string; offerHours: number; maxPerOrganisation: number };
  /** Check-in lists: one per day and one per session. */
  checkInLists: string[];
  places: { taken: number; free: number; waiting: number };
  scheduledAt: string;
}

/** An event in a list: enough to find it (read it whole with its id). */
export interface ProgrammeEventSummaryView {
  eventId: string;
  kind: string;
  country: string;
  city: string;
  planId?: string;
  startsOn: string;
  endsOn: string;
  title: Record<string, string>;
  scheduledAt: string;
}

/** A registration as its organisation and the secretariat see it (names and e-mails are theirs to see). */
export interface RegistrationView {
  registrationId: string;
  eventId: string;
  organisationId: string;
  organisationKind: string;
  country: string;
  participation: Participation;
  people: { name: string; email: string; gender?: Gender }[];
  status: RegistrationStatus;
  /** Place in order of arrival; the waiting list is served in it. */
  position: number;
  waitingReason?: string;
  offerUntil?: string;
  requestedAt: string;
}

export interface CountBy {
  [value: string]: number;
}

/** What organisers report: who registered and who came, by country, organisation kind and gender (where given), and quota fulfilment. */
export interface EventFiguresView {
  eventId: string;
  capacity: number;
  registered: { people: number; byCountry: CountBy; byOrganisationKind: CountBy; byGender: CountBy; byParticipation: CountBy };
  attended: { people: number; byCountry: CountBy; byOrganisationKind: CountBy; byGender: CountBy; byList: CountBy };
  waiting: number;
  quotas: (QuotaView & { registered: number; attended: number; minimumMet: boolean | null })[];
}

/** Invitations made when a survey is sent: the secretariat mails each person their code (kept by the service only as a hash). */
export interface SurveyInvitationsView {
  surveyId: string;
  invitations: { email: string; code: string }[];
}

export interface SurveyResultsView {
  surveyId: string;
  title: string;
  purpose: string;
  audience: string;
  anonymous: boolean;
  invited: number;
  answered: number;
  questions: { questionId: string; text: string; kind: string; answers: number; average?: number; counts?: Record<string, number>; texts?: { text: string; by?: string }[] }[];
}

/** Events per country and kind, scheduled and held (last day past, programme calendar), against each plan's targets. */
export interface ProgrammeView {
  today: string;
  plans: { planId: string; title: string; targets: { kind: string; country: string; planned: number; scheduled: number; held: number; met: boolean }[] }[];
  overall: { kind: string; country: string; scheduled: number; held: number }[];
}

export interface PlanView {
  planId: string;
  title: string;
  targets: { kind: string; country: string; count: number }[];
}
