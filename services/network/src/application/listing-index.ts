import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CollectionCopy, pageInOrder, PLATFORM_CONFIG, PlatformConfig, TextIndexPage } from '@banat/messaging';
import { programmeToday } from '@banat/contracts';
import { ListingDocument } from '../read-models/listing.schema';

/** What a search of open listings may ask for (every filter optional); `nace` is a prefix pattern over the listing's codes. */
export interface ListingFilter {
  kind?: string;
  kinds?: readonly string[];
  country?: string;
  niceClass?: number;
  nace?: RegExp;
  notOrganisationId?: string;
}

/** Open on `day`: published and not past its last day. */
export const isOpen = (doc: Pick<ListingDocument, 'status' | 'expiresOn'>, day: string): boolean => doc.status === 'published' && doc.expiresOn >= day;

/** Whether an open listing passes every filter asked for. */
export function listingMatches(doc: ListingDocument, day: string, filter: ListingFilter): boolean {
  return (
    isOpen(doc, day) &&
    (filter.kind === undefined || doc.kind === filter.kind) &&
    (filter.kinds === undefined || filter.kinds.includes(doc.kind)) &&
    (filter.country === undefined || doc.organisationCountry === filter.country) &&
    (filter.niceClass === undefined || doc.niceClasses.includes(filter.niceClass)) &&
    (filter.nace === undefined || doc.naceCodes.some((code) => filter.nace!.test(code))) &&
    (filter.notOrganisationId === undefined || doc.organisationId !== filter.notOrganisationId)
  );
}

/** Newest first, then by id: the order of the listings' pages. */
export const newestFirst = (a: ListingDocument, b: ListingDocument): number => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * This replica's copy of the listings, which the exchange searches and matches from (a CollectionCopy: loaded at start,
 * kept by this process's own writes, and every SEARCH_REFRESH_MS reading back what other replicas or the outbox relay
 * wrote, by the `changedIn` span the outbox stamps when it applies a change). The database stays the record.
 *
 * Why: FerretDB 1.24 hands only equalities to PostgreSQL, so a page of open listings newest first (a range on the last
 * day, a sort, a count) read and decoded every listing ever published, expired ones included, at every request of a
 * public endpoint: at 10,000 listings, 0.6 s of the store's CPU a page (bench-listings).
 */
@Injectable()
export class ListingIndex extends CollectionCopy<ListingDocument> {
  constructor(@InjectModel(ListingDocument.name) listings: Model<ListingDocument>, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    // Only open listings are taken in: a withdrawn one never opens again, an expired one opens again by a renewal (a write).
    super(listings, { refreshMs: config.SEARCH_REFRESH_MS, what: 'listings', revisionOf: (doc) => doc.version, holds: (doc) => isOpen(doc, programmeToday()) });
  }

  /** Every open listing passing the filter, in no particular order. */
  open(day: string, filter: ListingFilter = {}): ListingDocument[] {
    return this.documents((doc) => listingMatches(doc, day, filter));
  }

  /** One page of the open listings passing the filter, newest first, and how many there are. */
  page(day: string, filter: ListingFilter, offset: number, limit: number): TextIndexPage<ListingDocument> {
    return pageInOrder(this.open(day, filter), newestFirst, offset, limit);
  }
}
