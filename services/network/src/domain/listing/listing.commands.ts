import type { CommandMetadata } from '../shared/decider';
import type { ListingContent } from './listing';

/** The organisation as the network's directory knows it. */
export interface KnownOrganisation {
  id: string;
  country: string;
  active: boolean;
}

export type ListingCommand =
  | { type: 'PublishListing'; data: Omit<ListingContent, 'organisationCountry'> & { organisation?: KnownOrganisation }; metadata: CommandMetadata }
  /** `openListings`: the organisation's listings open now (a renewal after expiry opens one more). */
  | { type: 'RenewListing'; data: { listingId: string; expiresOn: string; openListings: number }; metadata: CommandMetadata }
  | { type: 'WithdrawListing'; data: { listingId: string }; metadata: CommandMetadata };
