import { isNiceClass, validateNaceCode } from '@banat/contracts';
import { addDays, dayOf, Decider, isRealDay } from '../shared/decider';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { evolveListing, initialListing, Listing, ListingEvent } from './listing';
import { ListingCommand } from './listing.commands';
import {
  ExpiryInPast,
  ExpiryNotADay,
  ExpiryTooFar,
  ListingAlreadyPublished,
  ListingNotClassified,
  ListingNotPublished,
  ListingWithdrawn,
  MAX_OPEN_LISTINGS,
  RenewalNotLater,
  TooManyOpenListings,
  UnknownNaceCode,
  UnknownNiceClass,
} from './listing.errors';

/** How far ahead a listing may run before it must be renewed. */
export const MAX_LISTING_DAYS = 365;

/** A last day is a real day, not before today and at most a year ahead. */
function checkExpiry(expiresOn: string, now: string): void {
  if (!isRealDay(expiresOn)) throw new ExpiryNotADay(expiresOn);
  const today = dayOf(now);
  if (expiresOn < today) throw new ExpiryInPast(expiresOn, today);
  const latest = addDays(today, MAX_LISTING_DAYS);
  if (expiresOn > latest) throw new ExpiryTooFar(expiresOn, latest);
}

/** NACE codes checked against the table and written in their dotted form. */
function normalizedNaceCodes(codes: readonly string[]): string[] {
  return codes.map((code) => {
    const check = validateNaceCode(code);
    if (!check.valid) throw new UnknownNaceCode(code, check.reason);
    return check.normalized;
  });
}

function decideListing(command: ListingCommand, state: Listing): ListingEvent[] {
  const at = command.metadata.now;
  switch (command.type) {
    case 'PublishListing': {
      const { organisation, ...content } = command.data;
      if (state.status !== 'none') throw new ListingAlreadyPublished(content.listingId);
      if (!organisation || !organisation.active) throw new OrganisationNotRegistered(content.organisationId);
      const naceCodes = [...new Set(normalizedNaceCodes(content.naceCodes))];
      const bad = content.niceClasses.find((c) => !isNiceClass(c));
      if (bad !== undefined) throw new UnknownNiceClass(bad);
      if (naceCodes.length === 0 && content.niceClasses.length === 0) throw new ListingNotClassified();
      checkExpiry(content.expiresOn, at);
      return [{ type: 'ListingPublished', data: { ...content, naceCodes, organisationCountry: organisation.country, title: content.title.trim(), at } }];
    }
    case 'RenewListing': {
      if (state.status === 'none') throw new ListingNotPublished(command.data.listingId);
      if (state.status === 'withdrawn') throw new ListingWithdrawn(state.listingId);
      checkExpiry(command.data.expiresOn, at);
      if (command.data.expiresOn <= state.expiresOn) throw new RenewalNotLater(command.data.expiresOn, state.expiresOn);
      // Renewed after its last day, it is open again: one more of the organisation's open listings, within the same bound as publishing.
      if (state.expiresOn < dayOf(at) && command.data.openListings >= MAX_OPEN_LISTINGS) throw new TooManyOpenListings(state.organisationId);
      return [{ type: 'ListingRenewed', data: { listingId: state.listingId, expiresOn: command.data.expiresOn, at } }];
    }
    case 'WithdrawListing': {
      if (state.status === 'none') throw new ListingNotPublished(command.data.listingId);
      if (state.status === 'withdrawn') return []; // already withdrawn: a retry changes nothing
      return [{ type: 'ListingWithdrawn', data: { listingId: state.listingId, at } }];
    }
  }
}

export const listingDecider: Decider<Listing, ListingCommand, ListingEvent> = {
  decide: decideListing,
  evolve: evolveListing,
  initialState: initialListing,
};
