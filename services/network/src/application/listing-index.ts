import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { feedIndex, pageInOrder, PLATFORM_CONFIG, PlatformConfig, readChangedSince, TextIndex, TextIndexPage } from '@banat/messaging';
import { ListingDocument } from '../read-models/listing.schema';

/** A listing as this replica's index holds it: the stored document, at its version. */
interface IndexedListing {
  id: string;
  text: string;
  revision: number;
  doc: ListingDocument;
}

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
 * This replica's copy of the listings, which the exchange searches and matches from: loaded from the database at start,
 * kept by this process's own writes (`written`), and every SEARCH_REFRESH_MS reading back what other replicas (or the
 * outbox relay) wrote, by equality on the 10-second span each write stamps (`changedIn`). The database stays the record.
 *
 * Why: FerretDB 1.24 hands only equalities to PostgreSQL, so a page of open listings newest first (a range on the last
 * day, a sort, a count) read and decoded every listing ever published, expired ones included, at every request of a
 * public endpoint; with a few thousand listings that was a second of the store's CPU per page.
 */
@Injectable()
export class ListingIndex implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ListingIndex.name);
  private readonly index = new TextIndex<IndexedListing>((query) => query);
  private feed?: { refresh(): Promise<void>; stop(): void };
  private stopping = false;

  constructor(
    @InjectModel(ListingDocument.name) private readonly listings: Model<ListingDocument>,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.feed = await feedIndex(this.index, {
      read: async (since) => (await readChangedSince((filter) => this.listings.find(filter as FilterQuery<ListingDocument>).lean<Array<ListingDocument & { updatedAt: string }>>(), since)).map(entry),
      everyMs: this.config.SEARCH_REFRESH_MS,
      onError: (error) => {
        if (!this.stopping) this.logger.warn(`listing index refresh: ${error}`);
      },
    });
    this.logger.log(`listing index: ${this.index.size} listings`);
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    this.feed?.stop();
  }

  get size(): number {
    return this.index.size;
  }

  /** A listing as this process just stored it. */
  written(doc: ListingDocument): void {
    this.index.put(entry(doc));
  }

  /** Reads back now what other replicas wrote (tests; a caller that must not wait for the next refresh). */
  refresh(): Promise<void> {
    return this.feed?.refresh() ?? Promise.resolve();
  }

  /** Every open listing passing the filter, in no particular order. */
  open(day: string, filter: ListingFilter = {}): ListingDocument[] {
    return this.index.filter((e) => listingMatches(e.doc, day, filter)).map((e) => e.doc);
  }

  /** One page of the open listings passing the filter, newest first, and how many there are. */
  page(day: string, filter: ListingFilter, offset: number, limit: number): TextIndexPage<ListingDocument> {
    return pageInOrder(this.open(day, filter), newestFirst, offset, limit);
  }
}

const entry = (doc: ListingDocument): IndexedListing => {
  const { updatedAt: _u, changedIn: _c, ...stored } = doc as ListingDocument & { updatedAt?: string; changedIn?: string };
  return { id: doc._id, text: '', revision: doc.version, doc: stored as ListingDocument };
};
