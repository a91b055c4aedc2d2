import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ActivePartnershipsDto, EndPartnershipDto, ListingIdDto, NetworkEvents, Page, PartnershipAgreedData, PartnershipView, ProposePartnershipDto, PublicPartnershipView } from '@banat/contracts';
import { forbidden, notFound } from '@banat/messaging';
import { decideAndEvolve, Partnership, PartnershipCommand, partnershipDecider, PartnershipEvent } from '../domain';
import { PendingEvent } from '../read-models/change.schema';
import { PartnershipDocument } from '../read-models/partnership.schema';
import { actingOrganisation, actsFor, commandMetadata, nthProposalId } from './caller';
import { DirectoryService } from './directory.service';
import { OutboxService } from './outbox.service';

type HeldPartnership = Extract<Partnership, { partnershipId: string }>;
const view = ({ _id, ...rest }: PartnershipDocument): PartnershipView => ({ id: _id, ...rest });
const toState = ({ _id, version: _v, ...rest }: PartnershipDocument): HeldPartnership => ({ ...rest, partnershipId: _id }) as HeldPartnership;
const toDocument = ({ partnershipId, ...rest }: HeldPartnership, version: number): PartnershipDocument => ({ _id: partnershipId, ...rest, version }) as PartnershipDocument;

/** A cooperation agreement counts from the partner's acceptance (network.partnership.agreed.v1). */
function agreedEvents(doc: PartnershipDocument, events: PartnershipEvent[], version: number): PendingEvent[] {
  return events.flatMap((event, i): PendingEvent[] => {
    if (event.type !== 'PartnershipAccepted') return [];
    const data: PartnershipAgreedData = { partnershipId: doc._id, kind: doc.kind, organisationIds: [doc.proposerOrganisationId, doc.partnerOrganisationId], from: doc.from, until: doc.until, at: event.data.at };
    return [{ id: `partnership:${doc._id}:${version}:${i}`, subject: NetworkEvents.partnershipAgreed.subject, type: NetworkEvents.partnershipAgreed.type, about: doc._id, data, time: event.data.at }];
  });
}

/** Partnerships between organisations: proposed by one side, answered by the partner, ended by either side or the secretariat; active ones listed publicly. */
@Injectable()
export class PartnershipsService implements OnModuleInit {
  constructor(
    @InjectModel(PartnershipDocument.name) private readonly partnerships: Model<PartnershipDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('partnership', this.partnerships);
  }

  async propose(dto: ProposePartnershipDto): Promise<PartnershipView> {
    const proposerOrganisationId = actingOrganisation(dto.organisationId);
    const [proposer, partner, proposals] = await Promise.all([
      this.directory.known(proposerOrganisationId),
      this.directory.known(dto.partnerOrganisationId),
      // One read for both counts: read apart, a proposal stored between them made the count of all proposals see it and the count of open ones not.
      this.partnerships.find({ proposerOrganisationId }, { _id: 0, status: 1 }).lean<Array<Pick<PartnershipDocument, 'status'>>>(),
    ]);
    const command: PartnershipCommand = {
      type: 'ProposePartnership',
      data: {
        // Named by the proposer's count of proposals: two sent at once claim one record (one is a 409), so neither passes the bound on open ones.
        partnershipId: nthProposalId('partnership', proposerOrganisationId, proposals.length),
        kind: dto.kind,
        proposerOrganisationId,
        partnerOrganisationId: dto.partnerOrganisationId,
        title: dto.title,
        from: dto.from,
        until: dto.until,
        goals: dto.goals,
        proposerKnown: !!proposer?.active,
        partnerKnown: !!partner?.active,
        openProposals: proposals.filter((p) => p.status === 'proposed').length,
      },
      metadata: commandMetadata(),
    };
    const { state } = decideAndEvolve(partnershipDecider, partnershipDecider.initialState(), command);
    return view(await this.outbox.commit('partnership', toDocument(state as HeldPartnership, 0), 0, []));
  }

  async accept(dto: ListingIdDto): Promise<PartnershipView> {
    return this.change(dto.id, 'partner', { type: 'AcceptPartnership', data: { partnershipId: dto.id }, metadata: commandMetadata() });
  }

  async decline(dto: ListingIdDto): Promise<PartnershipView> {
    return this.change(dto.id, 'partner', { type: 'DeclinePartnership', data: { partnershipId: dto.id }, metadata: commandMetadata() });
  }

  /** The proposing organisation (its member, or the secretariat for it) takes back a proposal the partner has not answered: room under the bound on open proposals. */
  async withdraw(dto: ListingIdDto): Promise<PartnershipView> {
    return this.change(dto.id, 'proposer', { type: 'WithdrawPartnership', data: { partnershipId: dto.id }, metadata: commandMetadata() });
  }

  async end(dto: EndPartnershipDto): Promise<PartnershipView> {
    return this.change(dto.id, 'either', { type: 'EndPartnership', data: { partnershipId: dto.id, outcome: dto.outcome }, metadata: commandMetadata() });
  }

  async get(dto: ListingIdDto): Promise<PartnershipView> {
    return view(await this.visible(dto.id));
  }

  /** Active partnerships, to anyone: ids, names, kind and period only. */
  async active(query: ActivePartnershipsDto): Promise<Page<PublicPartnershipView>> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const filter = { status: 'active' };
    const [docs, total] = await Promise.all([
      this.partnerships.find(filter).sort({ from: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<PartnershipDocument[]>(),
      this.partnerships.countDocuments(filter),
    ]);
    const names = await this.directory.names(docs.flatMap((d) => [d.proposerOrganisationId, d.partnerOrganisationId]));
    const organisation = (id: string) => ({ id, name: names.get(id) ?? {} });
    return {
      items: docs.map((d) => ({ id: d._id, kind: d.kind, organisations: [organisation(d.proposerOrganisationId), organisation(d.partnerOrganisationId)], from: d.from, until: d.until })),
      total,
      page,
      pageSize,
    };
  }

  /** Both organisations and the secretariat see it; to anyone else it does not exist. */
  private async visible(id: string): Promise<PartnershipDocument> {
    const doc = await this.partnerships.findById(id).lean<PartnershipDocument>();
    if (!doc || !(actsFor(doc.proposerOrganisationId) || actsFor(doc.partnerOrganisationId))) throw notFound(`partnership ${id}`);
    return doc;
  }

  private async change(id: string, who: 'partner' | 'proposer' | 'either', command: PartnershipCommand): Promise<PartnershipView> {
    const doc = await this.visible(id);
    if (who === 'partner' && !actsFor(doc.partnerOrganisationId)) throw forbidden("only the partner organisation's member answers a proposal");
    if (who === 'proposer' && !actsFor(doc.proposerOrganisationId)) throw forbidden('only the proposing organisation withdraws its proposal');
    const { state, events } = decideAndEvolve(partnershipDecider, toState(doc), command);
    return view(await this.outbox.commit('partnership', toDocument(state as HeldPartnership, doc.version), doc.version, agreedEvents(doc, events, doc.version + 1)));
  }
}
