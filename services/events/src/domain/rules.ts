/**
 * Every refusal of the events domain, as one table: the rule's name and how it reads. The transport
 * maps an error carrying a `rule` to 422 with that name (RULE_VIOLATED).
 */
export const RULES = {
  EventAlreadyScheduled: 'this event is already scheduled',
  EventNotScheduled: 'no such event is scheduled',
  EventDatesReversed: 'the event ends before it starts',
  SessionOutsideEvent: 'a session is dated outside the event',
  DeadlineAfterEvent: 'registration must close no later than the end of the event',
  QuotaBoundsReversed: 'a quota asks for more at least than at most',
  MinimumsExceedCapacity: 'the quotas reserve more places than the event has',
  RegistrationClosed: 'registration for this event has closed',
  PersonAlreadyRegistered: 'this person is already registered for the event',
  PersonListedTwice: 'a group entry names the same person twice',
  GroupLargerThanCapacity: 'the group is larger than the whole event',
  RegistrationsPerOrganisationExceeded: "a member's organisation may make at most five times the event's maxPerOrganisation registrations for it, cancelled ones included",
  PlacesPerOrganisationExceeded: "a member may register at most the event's maxPerOrganisation people of its organisation, placed or waiting (cancel one first)",
  OrganisationNotActive: 'the organisation is deactivated in the registry',
  RegistrationNotFound: 'no such registration for this event',
  RegistrationNotPending: 'the registration is not awaiting approval',
  RegistrationNotActive: 'the registration is already cancelled, rejected or lapsed',
  NoOpenOffer: 'no place is on offer for this registration',
  OfferExpired: 'the offered place was not accepted in time',
  NotAnAttendee: 'only confirmed participants can be checked in',
  CheckInListUnknown: 'no such check-in list for this event',
  CheckInNotOnListDay: "a person is checked in only on the list's own day (a session's: the session's day), the programme's day in Bucharest",
  AlreadyCheckedIn: 'this person is already checked in on this list',
  PersonNotInRegistration: 'the person is not part of this registration',
  SurveyAlreadyExists: 'a survey with this id already exists for the event',
  SurveyUnknown: 'no such survey for this event',
  SurveyAlreadySent: 'this survey was already sent',
  SurveyNotSent: 'this survey has not been sent yet',
  SurveyQuestionsInvalid: 'a question is malformed (ids repeat, a scale runs backwards, a choice has under two options)',
  NotInvitedToSurvey: 'this code is not an invitation to the survey',
  SurveyAlreadyAnswered: 'this invitation has already been answered',
  AnswerInvalid: 'an answer does not fit its question, or a question is left unanswered',
} as const;
export type RuleName = keyof typeof RULES;

/** A well-formed command refused by a business rule, with its name and the facts that decided it. */
export class EventRuleViolation extends Error {
  constructor(
    readonly rule: RuleName,
    readonly details: Record<string, unknown> = {},
  ) {
    super(RULES[rule]);
    this.name = rule;
  }
}

export const refuse = (rule: RuleName, details?: Record<string, unknown>): never => {
  throw new EventRuleViolation(rule, details);
};
