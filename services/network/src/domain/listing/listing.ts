/** A listing on the exchange: an offer or a request of an organisation, its events and how they build it. */
import type { ListingKind, ListingLanguage } from '@banat/contracts';

export const OFFER_KINDS: readonly ListingKind[] = ['business-offer', 'technology-offer'];

export interface ListingContent {
  listingId: string;
  organisationId: string;
  organisationCountry: string;
  kind: ListingKind;
  title: string;
  description: string;
  naceCodes: string[];
  niceClasses: number[];
  countriesWanted: string[];
  languages: ListingLanguage[];
  expiresOn: string;
}

export type ListingEvent =
  | { type: 'ListingPublished'; data: ListingContent & { at: string } }
  | { type: 'ListingRenewed'; data: { listingId: string; expiresOn: string; at: string } }
  | { type: 'ListingWithdrawn'; data: { listingId: string; at: string } };

export type Listing =
  | { status: 'none' }
  | (ListingContent & { status: 'published' | 'withdrawn'; publishedAt: string; renewedAt?: string; withdrawnAt?: string });

export const initialListing = (): Listing => ({ status: 'none' });

export function evolveListing(state: Listing, event: ListingEvent): Listing {
  switch (event.type) {
    case 'ListingPublished': {
      const { at, ...content } = event.data;
      return { ...content, status: 'published', publishedAt: at };
    }
    case 'ListingRenewed':
      return state.status === 'none' ? state : { ...state, expiresOn: event.data.expiresOn, renewedAt: event.data.at };
    case 'ListingWithdrawn':
      return state.status === 'none' ? state : { ...state, status: 'withdrawn', withdrawnAt: event.data.at };
  }
}

/** Published and not past its last day (`today` is the programme's day, YYYY-MM-DD in Europe/Bucharest: `dayOf`). */
export const isOpen = (listing: Listing, today: string): boolean => listing.status === 'published' && listing.expiresOn >= today;
