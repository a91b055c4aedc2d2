/** Which stored facts partners hear of, and what of them: counts and ids, never a person's name, e-mail or answers. */
import type { CheckedInData, RegisteredData, ScheduledData, SurveyAnsweredData, SurveySentData } from '@banat/contracts';
import type { ProgrammeEventFact, ProgrammeEventState } from './programme-event';

export type PublicFact =
  | { kind: 'scheduled'; data: ScheduledData }
  | { kind: 'surveySent'; data: SurveySentData }
  | { kind: 'registered'; data: RegisteredData }
  | { kind: 'checkedIn'; data: CheckedInData }
  | { kind: 'surveyAnswered'; data: SurveyAnsweredData };

/** `state` is any state that knows the registration or survey the fact names (the event's entries and surveys are never removed). */
export function publicFactOf(eventId: string, fact: ProgrammeEventFact, state: ProgrammeEventState): PublicFact | undefined {
  switch (fact.type) {
    case 'EventScheduled': {
      const { definition: d, stamp } = fact.data;
      const data: ScheduledData = { eventId, kind: d.kind, country: d.place.country, ...(d.place.region ? { region: d.place.region } : {}), startsOn: d.startsOn, endsOn: d.endsOn, ...(d.planId ? { planId: d.planId } : {}), organiserOrganisationId: d.organiserOrganisationId, at: stamp.at };
      return { kind: 'scheduled', data };
    }
    case 'SurveySent':
      return { kind: 'surveySent', data: { eventId, surveyId: fact.data.surveyId, purpose: state.surveys[fact.data.surveyId].definition.purpose, invitees: fact.data.invitees.length, at: fact.data.stamp.at } };
    case 'RegistrationAccepted':
    case 'RegistrationWaitListed': {
      const { entry } = fact.data;
      const status = fact.type === 'RegistrationAccepted' ? fact.data.status : 'waiting';
      return {
        kind: 'registered',
        data: { eventId, registrationId: entry.registrationId, organisationId: entry.organisationId, organisationKind: entry.organisationKind, country: entry.country, participation: entry.participation, people: entry.people.length, status, at: entry.requestedAt },
      };
    }
    case 'PersonCheckedIn': {
      const entry = state.entries[fact.data.registrationId];
      return { kind: 'checkedIn', data: { eventId, registrationId: entry.registrationId, organisationId: entry.organisationId, country: entry.country, list: fact.data.list, at: fact.data.stamp.at } };
    }
    case 'SurveyAnswered':
      return { kind: 'surveyAnswered', data: { eventId, surveyId: fact.data.surveyId, purpose: state.surveys[fact.data.surveyId].definition.purpose, at: fact.data.at } };
    default:
      return undefined;
  }
}
