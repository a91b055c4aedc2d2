import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { AnswerInterestDto, ExpressInterestDto, InterestView, ListingIdDto, ListInterestsDto, Page } from '@banat/contracts';
import { derivedId, forbidden, notFound } from '@banat/messaging';
import { dayOf, decideAndEvolve, Interest, InterestCommand, interestDecider, interestStatusOn } from '../domain';
import { InterestDocument } from '../read-models/interest.schema';
import { ListingDocument } from '../read-models/listing.schema';
import { actingOrganisation, actsFor, commandMetadata } from './caller';
import { DirectoryService } from './directory.service';
import { today } from './listings.service';
import { OutboxService } from './outbox.service';

type OpenInterest = Extract<Interest, { interestId: string }>;

const SWEEP_EVERY_MS = 60_000;

export function toInterestView(doc: InterestDocument, day = today()): InterestView {
  return {
    id: doc._id,
    listingId: doc.listingId,
    listingTitle: doc.listingTitle,
    listingOrganisationId: doc.listingOrganisationId,
    fromOrganisationId: doc.fromOrganisationId,
    message: doc.message,
    replyBy: doc.replyBy,
    status: interestStatusOn(doc, day),
    expressedAt: doc.expressedAt,
    ...(doc.answer ? { answer: doc.answer } : {}),
    ...(doc.closedAt ? { closedAt: doc.closedAt } : {}),
    version: doc.version,
  };
}

/** A UUID naming the n-th expression of interest by an organisation in a listing (in the version 4 layout the API's ids are checked against; its 122 bits from SHA-256). */
export const nthInterestId = (listingId: string, fromOrganisationId: string, n: number): string => derivedId('interest', listingId, fromOrganisationId, n);

const toState = ({ _id, version: _version, ...rest }: InterestDocument): OpenInterest => ({ ...rest, interestId: _id }) as OpenInterest;
const toDocument = ({ interestId, ...rest }: OpenInterest, version: number): InterestDocument => ({ _id: interestId, ...rest, version }) as InterestDocument;

/** Expressions of interest in listings: the listing's organisation replies by a deadline, or the interest expires. */
@Injectable()
export class InterestsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(InterestsService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectModel(InterestDocument.name) private readonly interests: Model<InterestDocument>,
    @InjectModel(ListingDocument.name) private readonly listings: Model<ListingDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('interest', this.interests);
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.expireDue().catch((e) => this.logger.warn(`expiry sweep: ${(e as Error).message}`)), SWEEP_EVERY_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async express(dto: ExpressInterestDto): Promise<InterestView> {
    const fromOrganisationId = actingOrganisation(dto.organisationId);
    const listing = await this.listings.findById(dto.listingId).lean<ListingDocument>();
    if (!listing) throw notFound(`listing ${dto.listingId}`);
    const metadata = commandMetadata();
    const day = dayOf(metadata.now);
    // One read for both: how many came before, and whether one still awaits a reply.
    const before = await this.interests.find({ listingId: listing._id, fromOrganisationId }, { _id: 1, status: 1, replyBy: 1 }).lean<Array<Pick<InterestDocument, '_id' | 'status' | 'replyBy'>>>();
    const pending = before.find((i) => i.status === 'pending' && i.replyBy >= day);
    const command: InterestCommand = {
      type: 'ExpressInterest',
      data: {
        // The n-th interest of an organisation in a listing has one id: two expressed at once claim the same
        // change in the outbox (a unique _id), so the second is a 409 instead of a second pending interest.
        interestId: nthInterestId(listing._id, fromOrganisationId, before.length),
        listing: { listingId: listing._id, organisationId: listing.organisationId, title: listing.title, open: listing.status === 'published' && listing.expiresOn >= day },
        from: await this.directory.known(fromOrganisationId),
        fromOrganisationId,
        message: dto.message,
        ...(dto.replyBy ? { replyBy: dto.replyBy } : {}),
        ...(pending ? { pendingInterestId: pending._id } : {}),
        expressedBefore: before.length,
      },
      metadata,
    };
    const { state } = decideAndEvolve(interestDecider, interestDecider.initialState(), command);
    return toInterestView(await this.outbox.commit('interest', toDocument(state as OpenInterest, 0), 0, []));
  }

  /** The listing's organisation (or the secretariat) accepts or declines. */
  async answer(dto: AnswerInterestDto): Promise<InterestView> {
    return this.change(dto.id, 'listingOrganisationId', { type: 'AnswerInterest', data: { interestId: dto.id, answer: dto.answer, ...(dto.message ? { message: dto.message } : {}) }, metadata: commandMetadata() });
  }

  /** The interested organisation (or the secretariat) takes it back while it awaits a reply. */
  async withdraw(dto: ListingIdDto): Promise<InterestView> {
    return this.change(dto.id, 'fromOrganisationId', { type: 'WithdrawInterest', data: { interestId: dto.id }, metadata: commandMetadata() });
  }

  /** Both sides (and the secretariat) see it; to anyone else it does not exist. */
  async get(dto: ListingIdDto): Promise<InterestView> {
    const doc = await this.interests.findById(dto.id).lean<InterestDocument>();
    if (!doc || !(actsFor(doc.fromOrganisationId) || actsFor(doc.listingOrganisationId))) throw notFound(`expression of interest ${dto.id}`);
    return toInterestView(doc);
  }

  async list(dto: ListInterestsDto): Promise<Page<InterestView>> {
    const organisationId = actingOrganisation(dto.organisationId);
    const filter: FilterQuery<InterestDocument> = dto.side === 'sent' ? { fromOrganisationId: organisationId } : { listingOrganisationId: organisationId };
    const page = dto.page ?? 1;
    const pageSize = dto.pageSize ?? 20;
    const [docs, total] = await Promise.all([
      this.interests.find(filter).sort({ expressedAt: -1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<InterestDocument[]>(),
      this.interests.countDocuments(filter),
    ]);
    const day = today();
    return { items: docs.map((d) => toInterestView(d, day)), total, page, pageSize };
  }

  /** Records the expiry of every pending interest past its reply deadline; a change that lost a race is left to the next sweep. */
  async expireDue(now = new Date().toISOString()): Promise<number> {
    const due = await this.interests.find({ status: 'pending', replyBy: { $lt: dayOf(now) } }).limit(1000).lean<InterestDocument[]>();
    let expired = 0;
    for (const doc of due) {
      const { state, events } = decideAndEvolve(interestDecider, toState(doc), { type: 'ExpireInterest', data: { interestId: doc._id }, metadata: { now, actor: 'network', role: 'system' } });
      if (!events.length) continue;
      try {
        await this.outbox.commit('interest', toDocument(state as OpenInterest, doc.version), doc.version, []);
        expired++;
      } catch (error) {
        this.logger.warn(`interest ${doc._id} not expired now: ${(error as Error).message}`);
      }
    }
    return expired;
  }

  private async change(id: string, side: 'listingOrganisationId' | 'fromOrganisationId', command: InterestCommand): Promise<InterestView> {
    const doc = await this.interests.findById(id).lean<InterestDocument>();
    if (!doc || !(actsFor(doc.fromOrganisationId) || actsFor(doc.listingOrganisationId))) throw notFound(`expression of interest ${id}`);
    if (!actsFor(doc[side])) throw forbidden(side === 'listingOrganisationId' ? "only the listing's organisation answers an expression of interest" : 'only the interested organisation withdraws it');
    const { state, events } = decideAndEvolve(interestDecider, toState(doc), command);
    if (!events.length) return toInterestView(doc);
    return toInterestView(await this.outbox.commit('interest', toDocument(state as OpenInterest, doc.version), doc.version, []));
  }
}
