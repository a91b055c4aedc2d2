import type { ProgrammeEventView, RegistrationView } from '@banat/contracts';
import { checkInLists } from '../domain/programme-event.decide';
import { Entry, entriesInOrder, EventDefinition, maxPerOrganisationOf, ProgrammeEventState } from '../domain/programme-event';
import { placeHolders, placesTaken } from '../domain/places';

export function eventView(definition: EventDefinition, state: ProgrammeEventState, scheduledAt: string): ProgrammeEventView {
  const taken = placesTaken(placeHolders(entriesInOrder(state)));
  const waiting = entriesInOrder(state).filter((e) => e.status === 'waiting').reduce((n, e) => n + e.people.length, 0);
  return {
    ...(structuredClone(definition) as Omit<ProgrammeEventView, 'checkInLists' | 'places' | 'scheduledAt'>),
    // An event scheduled before the figure existed shows the one that binds it.
    registration: { ...structuredClone(definition.registration), maxPerOrganisation: maxPerOrganisationOf(definition.registration) } as ProgrammeEventView['registration'],
    checkInLists: checkInLists(definition),
    places: { taken, free: definition.registration.capacity - taken, waiting },
    scheduledAt,
  };
}

export const registrationView = (eventId: string, entry: Entry): RegistrationView => ({
  registrationId: entry.registrationId,
  eventId,
  organisationId: entry.organisationId,
  organisationKind: entry.organisationKind,
  country: entry.country,
  participation: entry.participation,
  people: entry.people.map((p) => ({ ...p })),
  status: entry.status,
  position: entry.position,
  ...(entry.waitingReason ? { waitingReason: entry.waitingReason } : {}),
  ...(entry.offerUntil && entry.status === 'offered' ? { offerUntil: entry.offerUntil } : {}),
  requestedAt: entry.requestedAt,
});
