/**
 * Capacity and quotas, counted in people. An entry takes places only if, after it, the event stays
 * within its capacity and every maximum it counts towards, and the places still needed by minimums
 * it does not count towards (e.g. "at least 10 from Romania") stay free for those who do.
 */
import { Entry, HOLDS_PLACES, Participation, Quota, RegistrationRules } from './programme-event';

export type Candidate = Readonly<{ country: string; organisationKind: string; participation: Participation; size: number }>;

export type PlaceVerdict = { fits: true } | { fits: false; reason: 'CapacityReached' | 'QuotaReached' | 'PlacesReserved'; quota?: Quota };

const valueOf = (candidate: Omit<Candidate, 'size'>, quota: Quota): string =>
  quota.dimension === 'country' ? candidate.country : quota.dimension === 'organisationKind' ? candidate.organisationKind : candidate.participation;

export const countsTowards = (candidate: Omit<Candidate, 'size'>, quota: Quota): boolean => valueOf(candidate, quota) === quota.value;

/** People in entries that hold places (confirmed, awaiting approval, or offered a place). */
export const placeHolders = (entries: readonly Entry[]): Entry[] => entries.filter((e) => HOLDS_PLACES.includes(e.status));

const sizeOf = (entry: Entry) => entry.people.length;

export const placesTaken = (holders: readonly Entry[]): number => holders.reduce((n, e) => n + sizeOf(e), 0);

export const quotaUsed = (holders: readonly Entry[], quota: Quota): number =>
  holders.filter((e) => countsTowards({ country: e.country, organisationKind: e.organisationKind, participation: e.participation }, quota)).reduce((n, e) => n + sizeOf(e), 0);

export function judgePlaces(rules: RegistrationRules, holders: readonly Entry[], candidate: Candidate): PlaceVerdict {
  const free = rules.capacity - placesTaken(holders);
  if (candidate.size > free) return { fits: false, reason: 'CapacityReached' };
  for (const quota of rules.quotas) {
    if (quota.max !== undefined && countsTowards(candidate, quota) && quotaUsed(holders, quota) + candidate.size > quota.max) return { fits: false, reason: 'QuotaReached', quota };
  }
  // Minimums the candidate does not count towards add up: what they still need stays free.
  const reserving = rules.quotas.filter((q) => q.min !== undefined && !countsTowards(candidate, q) && quotaUsed(holders, q) < (q.min ?? 0));
  const stillNeeded = reserving.reduce((n, q) => n + (q.min ?? 0) - quotaUsed(holders, q), 0);
  if (candidate.size > free - stillNeeded) return { fits: false, reason: 'PlacesReserved', quota: reserving[0] };
  return { fits: true };
}

/** Places a quota's minimum keeps back at the start: the event's capacity must hold them all. */
export const reservedAtStart = (rules: RegistrationRules): number => rules.quotas.reduce((n, q) => n + (q.min ?? 0), 0);
