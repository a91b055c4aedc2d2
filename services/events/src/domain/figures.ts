/** What organisers report for an event: who registered and who came, by country, organisation kind and gender (where given), and quota fulfilment. */
import type { EventFiguresView } from '@banat/contracts';
import { countsTowards } from './places';
import { Entry, entriesInOrder, Person, ProgrammeEventState } from './programme-event';

type Counted = { entry: Entry; person: Person };

const countBy = (items: readonly Counted[], key: (c: Counted) => string) =>
  items.reduce<Record<string, number>>((counts, c) => ({ ...counts, [key(c)]: (counts[key(c)] ?? 0) + 1 }), {});

const breakdown = (items: readonly Counted[]) => ({
  people: items.length,
  byCountry: countBy(items, (c) => c.entry.country),
  byOrganisationKind: countBy(items, (c) => c.entry.organisationKind),
  byGender: countBy(items, (c) => c.person.gender ?? 'not-given'),
});

export function eventFigures(state: ProgrammeEventState): EventFiguresView {
  const definition = state.definition;
  if (!definition) throw new RangeError('figures of an event not scheduled');
  const entries = entriesInOrder(state);
  const confirmed = entries.filter((e) => e.status === 'confirmed').flatMap((entry) => entry.people.map((person) => ({ entry, person })));
  const cameBy = new Set(state.checkIns.map((c) => `${c.registrationId} ${c.email}`));
  const attended = confirmed.filter((c) => cameBy.has(`${c.entry.registrationId} ${c.person.email}`));
  const byList = state.checkIns.reduce<Record<string, number>>((counts, c) => ({ ...counts, [c.list]: (counts[c.list] ?? 0) + 1 }), {});
  const towards = (items: readonly Counted[], quota: (typeof definition.registration.quotas)[number]) => items.filter((c) => countsTowards(c.entry, quota)).length;
  return {
    eventId: definition.eventId,
    capacity: definition.registration.capacity,
    registered: { ...breakdown(confirmed), byParticipation: countBy(confirmed, (c) => c.entry.participation) },
    attended: { ...breakdown(attended), byList },
    waiting: entries.filter((e) => e.status === 'waiting').reduce((n, e) => n + e.people.length, 0),
    quotas: definition.registration.quotas.map((quota) => ({
      ...quota,
      registered: towards(confirmed, quota),
      attended: towards(attended, quota),
      minimumMet: quota.min === undefined ? null : towards(confirmed, quota) >= quota.min,
    })),
  };
}
