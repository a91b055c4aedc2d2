import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import {
  ListingIdDto,
  ListingPublishedData,
  ListingView,
  MatchSuggestedData,
  MatchView,
  NACE_SECTIONS,
  NetworkEvents,
  Page,
  PublishListingDto,
  RenewListingDto,
  SearchListingsDto,
  programmeToday,
} from '@banat/contracts';
import { forbidden, notFound } from '@banat/messaging';
import { ANSWERED_BY, dayOf, decideAndEvolve, Listing, ListingCommand, listingDecider, ListingEvent, Match, MAX_OPEN_LISTINGS, PublishedListing, rankOffers, requestKindsAnsweredBy, requestsAnswered, TooManyOpenListings } from '../domain';
import { PendingEvent } from '../read-models/change.schema';
import { Change } from '../read-models/change.schema';
import { ListingPlaceDocument } from '../read-models/listing-place.schema';
import { ListingDocument } from '../read-models/listing.schema';
import { actingOrganisation, actsFor, commandMetadata, derivedId } from './caller';
import { DirectoryService } from './directory.service';
import { ListingIndex } from './listing-index';
import { ListingPlaces } from './listing-places';
import { OutboxService } from './outbox.service';

export const today = () => programmeToday();
const MAX_MATCHES = 50;

const toState = (doc: ListingDocument): PublishedListing => {
  const { _id, version: _version, updatedAt: _updatedAt, changedIn: _changedIn, ...rest } = doc;
  return { ...rest, listingId: _id } as PublishedListing;
};

export function toListingView(doc: ListingDocument, day = today()): ListingView {
  return {
    id: doc._id,
    organisationId: doc.organisationId,
    organisationCountry: doc.organisationCountry,
    kind: doc.kind as ListingView['kind'],
    title: doc.title,
    description: doc.description,
    naceCodes: doc.naceCodes,
    niceClasses: doc.niceClasses,
    countriesWanted: doc.countriesWanted,
    languages: doc.languages as ListingView['languages'],
    expiresOn: doc.expiresOn,
    status: doc.status === 'withdrawn' ? 'withdrawn' : doc.expiresOn < day ? 'expired' : 'published',
    publishedAt: doc.publishedAt,
    ...(doc.renewedAt ? { renewedAt: doc.renewedAt } : {}),
    ...(doc.withdrawnAt ? { withdrawnAt: doc.withdrawnAt } : {}),
    version: doc.version,
  };
}

/** A NACE filter as a prefix regex over the listings' codes; a section letter stands for its divisions. */
function naceFilter(nace: string): RegExp {
  const section = NACE_SECTIONS.find((s) => s.code === nace);
  if (section) return new RegExp(`^(${nace}$|${Object.keys(section.divisions).join('|')})`);
  return new RegExp(`^${nace.replace(/\./g, '\\.')}`);
}

const matchEvent = (match: Match, listingEventId: string, at: string): PendingEvent => {
  const data: MatchSuggestedData = {
    requestId: match.request.listingId,
    requesterOrganisationId: match.request.organisationId,
    offerId: match.offer.listingId,
    offerOrganisationId: match.offer.organisationId,
    score: match.score,
    reasons: match.reasons,
    at,
  };
  return { id: `${listingEventId}:match:${match.request.listingId}`, subject: NetworkEvents.matchSuggested.subject, type: NetworkEvents.matchSuggested.type, about: match.request.listingId, data, time: at };
};

/** The offer and demand exchange: listings, their renewal and withdrawal, and the offers that fit each request. */
@Injectable()
export class ListingsService implements OnModuleInit {
  private readonly places: ListingPlaces;

  constructor(
    @InjectModel(ListingDocument.name) private readonly listings: Model<ListingDocument>,
    @InjectModel(ListingPlaceDocument.name) places: Model<ListingPlaceDocument>,
    @InjectModel(Change.name) changes: Model<Change>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
    private readonly index: ListingIndex,
  ) {
    this.places = new ListingPlaces(places, changes);
  }

  onModuleInit(): void {
    this.outbox.register('listing', this.listings);
  }

  async publish(dto: PublishListingDto): Promise<ListingView> {
    const organisationId = actingOrganisation(dto.organisationId);
    return this.places.retrying(() => this.publishOnce(dto, organisationId));
  }

  private async publishOnce(dto: PublishListingDto, organisationId: string): Promise<ListingView> {
    const metadata = commandMetadata();
    // One read: how many listings the organisation ever published (names this one), how many are open now, and the state the place is claimed for.
    const before = await this.listings.find({ organisationId }, { _id: 0, status: 1, expiresOn: 1, version: 1 }).lean<Array<Pick<ListingDocument, 'status' | 'expiresOn' | 'version'>>>();
    const open = before.filter((l) => l.status === 'published' && l.expiresOn >= dayOf(metadata.now)).length;
    // The organisation's n-th listing has one id: two published at once claim the same change in the outbox (a unique _id),
    // so the second is a 409 instead of passing the bound on open listings counted here.
    const listingId = derivedId('listing', organisationId, before.length);
    const command: ListingCommand = {
      type: 'PublishListing',
      data: {
        listingId,
        organisationId,
        kind: dto.kind,
        title: dto.title,
        description: dto.description,
        naceCodes: dto.naceCodes ?? [],
        niceClasses: dto.niceClasses ?? [],
        countriesWanted: dto.countriesWanted ?? [],
        languages: dto.languages,
        expiresOn: dto.expiresOn,
        organisation: await this.directory.known(organisationId),
      },
      metadata,
    };
    const { state, events } = this.decide(listingDecider.initialState(), command);
    const listing = state as PublishedListing;
    const at = command.metadata.now;
    if (open >= MAX_OPEN_LISTINGS) throw new TooManyOpenListings(organisationId);
    const publishedId = `listing:${listingId}:1`;
    const published: ListingPublishedData = {
      listingId,
      organisationId,
      kind: listing.kind,
      title: listing.title,
      naceCodes: listing.naceCodes,
      niceClasses: listing.niceClasses,
      countriesWanted: listing.countriesWanted,
      languages: listing.languages,
      expiresOn: listing.expiresOn,
      publishedAt: at,
    };
    const pending: PendingEvent[] = [{ id: publishedId, subject: NetworkEvents.listingPublished.subject, type: NetworkEvents.listingPublished.type, about: listingId, data: published, time: at }];
    // A new offer is matched at once against the open requests it may answer; each requester is told.
    const requestKinds = requestKindsAnsweredBy(listing.kind);
    // The open requests come from this replica's listing index (another replica's request of the last SEARCH_REFRESH_MS may be
    // missing: a suggestion, not a rule; the request's own matches are ranked again whenever its organisation asks).
    if (requestKinds.length && events.length) {
      const requests = this.index.open(dayOf(at), { kinds: requestKinds });
      for (const match of requestsAnswered(listing, requests.map(toState), dayOf(at))) pending.push(matchEvent(match, publishedId, at));
    }
    // A publication and a renewal after expiry take a place too: the place is claimed for the listings' state read above.
    const doc = await this.places.take(organisationId, ListingPlaces.sequence(before), `listing:${listingId}:1`, () => this.outbox.commit('listing', this.toDocument(listing, 0), 0, pending));
    return this.written(doc);
  }

  /**
   * A renewal after the last day opens the listing again: it takes a place under the bound like a publication, claimed for
   * the state of the organisation's listings it counted (two renewals of different listings sent at once: one is stored,
   * the other is decided again and refused with TooManyOpenListings).
   */
  async renew(dto: RenewListingDto): Promise<ListingView> {
    return this.places.retrying(async () => {
      const metadata = commandMetadata();
      const doc = await this.listings.findById(dto.id).lean<ListingDocument>();
      if (!doc) throw notFound(`listing ${dto.id}`);
      if (!actsFor(doc.organisationId)) throw forbidden('only the listing\'s organisation or the secretariat may change it');
      const today = dayOf(metadata.now);
      const own = await this.listings.find({ organisationId: doc.organisationId }, { _id: 1, status: 1, expiresOn: 1, version: 1 }).lean<Array<Pick<ListingDocument, '_id' | 'status' | 'expiresOn' | 'version'>>>();
      const openListings = own.filter((l) => l.status === 'published' && l.expiresOn >= today).length;
      const { state, events } = this.decide(toState(doc), { type: 'RenewListing', data: { listingId: dto.id, expiresOn: dto.expiresOn, openListings }, metadata });
      if (!events.length) return toListingView(doc);
      const store = () => this.outbox.commit('listing', this.toDocument(state as PublishedListing, doc.version), doc.version, []);
      if (doc.status !== 'published' || doc.expiresOn >= today) return this.written(await store());
      return this.written(await this.places.take(doc.organisationId, ListingPlaces.sequence(own), `listing:${doc._id}:${doc.version + 1}`, store));
    });
  }

  async withdraw(dto: ListingIdDto): Promise<ListingView> {
    return this.change(dto.id, async () => ({ type: 'WithdrawListing', data: { listingId: dto.id }, metadata: commandMetadata() }));
  }

  /** An open listing to anyone; an expired or withdrawn one only to its organisation and the secretariat. */
  async get(dto: ListingIdDto): Promise<ListingView> {
    return toListingView(await this.visible(dto.id));
  }

  /** Open listings newest first, from this replica's listing index (see ListingIndex). */
  async search(query: SearchListingsDto): Promise<Page<ListingView>> {
    const day = today();
    const { page = 1, pageSize = 20 } = query;
    const found = this.index.page(day, { kind: query.kind, country: query.country, niceClass: query.niceClass, nace: query.nace ? naceFilter(query.nace) : undefined }, (page - 1) * pageSize, pageSize);
    return { items: found.entries.map((d) => toListingView(d, day)), total: found.total, page, pageSize };
  }

  /** Every listing of the caller's organisation (a member's own; the secretariat names one), whatever its status. */
  async own(query: { organisationId?: string; page?: number; pageSize?: number }): Promise<Page<ListingView>> {
    const organisationId = actingOrganisation(query.organisationId);
    const { page = 1, pageSize = 20 } = query;
    const day = today();
    // An equality FerretDB hands to PostgreSQL: only the organisation's listings (a few dozen at most) are read and sorted.
    const [docs, total] = await Promise.all([
      this.listings.find({ organisationId }).sort({ publishedAt: -1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<ListingDocument[]>(),
      this.listings.countDocuments({ organisationId }),
    ]);
    return { items: docs.map((d) => toListingView(d, day)), total, page, pageSize };
  }

  /** The open offers that fit a request, best first, each with the reasons it fits. */
  async matches(dto: ListingIdDto): Promise<MatchView[]> {
    const doc = await this.visible(dto.id);
    const request = toState(doc);
    const answering = ANSWERED_BY[request.kind];
    if (!answering.length) return [];
    const day = today();
    const offers = this.index.open(day, { kinds: answering, notOrganisationId: request.organisationId });
    const byId = new Map(offers.map((o) => [o._id, o]));
    return rankOffers(request, offers.map(toState), day)
      .slice(0, MAX_MATCHES)
      .map((m) => ({ offer: toListingView(byId.get(m.offer.listingId)!, day), score: m.score, reasons: m.reasons }));
  }

  /** A listing as this process just stored it, put in the listing index, as the caller sees it. */
  private written(doc: ListingDocument): ListingView {
    this.index.written(doc);
    return toListingView(doc);
  }

  private async visible(id: string): Promise<ListingDocument> {
    const doc = await this.listings.findById(id).lean<ListingDocument>();
    if (!doc || (!(doc.status === 'published' && doc.expiresOn >= today()) && !actsFor(doc.organisationId))) throw notFound(`listing ${id}`);
    return doc;
  }

  /** Load, check the caller acts for the listing's organisation, decide, store at the version read. */
  private async change(id: string, command: (doc: ListingDocument) => Promise<ListingCommand>): Promise<ListingView> {
    const doc = await this.listings.findById(id).lean<ListingDocument>();
    if (!doc) throw notFound(`listing ${id}`);
    if (!actsFor(doc.organisationId)) throw forbidden('only the listing\'s organisation or the secretariat may change it');
    const { state, events } = this.decide(toState(doc), await command(doc));
    if (!events.length) return toListingView(doc);
    return this.written(await this.outbox.commit('listing', this.toDocument(state as PublishedListing, doc.version), doc.version, []));
  }

  private decide(state: Listing, command: ListingCommand): { state: Listing; events: ListingEvent[] } {
    return decideAndEvolve(listingDecider, state, command);
  }

  private toDocument(listing: PublishedListing, version: number): ListingDocument {
    const { listingId, ...fields } = listing;
    return { _id: listingId, ...fields, version } as ListingDocument;
  }
}
