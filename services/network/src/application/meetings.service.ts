import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AgendaDto, FairParticipantView, FairView, JoinFairDto, ListingIdDto, MeetingAgreedData, MeetingView, NetworkEvents, PlanFairDto, RequestMeetingDto } from '@banat/contracts';
import { currentContext, forbidden, isDuplicateKey, notFound } from '@banat/messaging';
import { checkSlot, dayOf, decideAndEvolve, Fair, Meeting, MeetingCommand, meetingDecider, NoTableFree, OrganisationNotRegistered, planFair, slotsOf, SlotTaken } from '../domain';
import { FairDocument, FairParticipantDocument, MeetingDocument, SlotClaimDocument } from '../read-models/fair.schema';
import { actingOrganisation, actsFor, commandMetadata, derivedId } from './caller';
import { DirectoryService } from './directory.service';
import { OutboxService } from './outbox.service';

type HeldMeeting = Extract<Meeting, { meetingId: string }>;

const fairView = (doc: FairDocument): FairView => ({ id: doc._id, name: doc.name, date: doc.date, opensAt: doc.opensAt, closesAt: doc.closesAt, slotMinutes: doc.slotMinutes, tables: doc.tables, slots: slotsOf(doc) });
const toFair = (doc: FairDocument): Fair => ({ fairId: doc._id, name: doc.name, date: doc.date, opensAt: doc.opensAt, closesAt: doc.closesAt, slotMinutes: doc.slotMinutes, tables: doc.tables });
const meetingView = ({ _id, ...rest }: MeetingDocument): MeetingView => ({ id: _id, ...rest });
const toState = ({ _id, version: _v, ...rest }: MeetingDocument): HeldMeeting => ({ ...rest, meetingId: _id }) as HeldMeeting;
const toDocument = ({ meetingId, ...rest }: HeldMeeting, version: number): MeetingDocument => ({ _id: meetingId, ...rest, version }) as MeetingDocument;

/** B2B meetings at fairs: participants publish availability, request meetings, and an accepted one books a slot and a table. */
@Injectable()
export class MeetingsService implements OnModuleInit {
  constructor(
    @InjectModel(FairDocument.name) private readonly fairs: Model<FairDocument>,
    @InjectModel(FairParticipantDocument.name) private readonly participants: Model<FairParticipantDocument>,
    @InjectModel(MeetingDocument.name) private readonly meetings: Model<MeetingDocument>,
    @InjectModel(SlotClaimDocument.name) private readonly claims: Model<SlotClaimDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('meeting', this.meetings);
  }

  async plan(dto: PlanFairDto): Promise<FairView> {
    if (currentContext()?.role !== 'secretariat') throw forbidden('only the secretariat plans a fair');
    const fair = planFair({ fairId: randomUUID(), ...dto, name: dto.name.trim() }, dayOf(new Date().toISOString()));
    const { fairId, ...fields } = fair;
    return fairView(await this.fairs.create({ _id: fairId, ...fields }));
  }

  async get(dto: ListingIdDto): Promise<FairView> {
    return fairView(await this.fair(dto.id));
  }

  /** Takes part (or changes its availability): a registered organisation, at slots of the fair. */
  async join(dto: JoinFairDto): Promise<FairParticipantView> {
    const organisationId = actingOrganisation(dto.organisationId);
    const fair = toFair(await this.fair(dto.fairId));
    const known = await this.directory.known(organisationId);
    if (!known?.active) throw new OrganisationNotRegistered(organisationId);
    for (const slot of dto.availableSlots) checkSlot(fair, slot, []);
    const availableSlots = [...dto.availableSlots].sort();
    await this.participants.updateOne({ _id: `${fair.fairId}:${organisationId}` }, { $set: { fairId: fair.fairId, organisationId, availableSlots } }, { upsert: true });
    return { organisationId, availableSlots };
  }

  async request(dto: RequestMeetingDto): Promise<MeetingView> {
    const requesterOrganisationId = actingOrganisation(dto.organisationId);
    const fair = toFair(await this.fair(dto.fairId));
    const [requester, invitee, made] = await Promise.all([
      this.participant(fair.fairId, requesterOrganisationId),
      this.participant(fair.fairId, dto.withOrganisationId),
      // One read: how many the requester made at this fair (names the next), and which still await an answer.
      this.meetings.find({ fairId: fair.fairId, requesterOrganisationId }, { _id: 0, status: 1, inviteeOrganisationId: 1, slot: 1 }).lean<Array<Pick<MeetingDocument, 'status' | 'inviteeOrganisationId' | 'slot'>>>(),
    ]);
    const openRequests = made.filter((m) => m.status === 'requested').map(({ inviteeOrganisationId, slot }) => ({ inviteeOrganisationId, slot }));
    const command: MeetingCommand = {
      type: 'RequestMeeting',
      data: {
        // The requester's n-th request at the fair: two sent at once claim one record (one is a 409), so neither passes the bound on open ones.
        meetingId: derivedId('meeting-request', fair.fairId, requesterOrganisationId, made.length),
        fair,
        requester,
        invitee,
        requesterOrganisationId,
        inviteeOrganisationId: dto.withOrganisationId,
        slot: dto.slot,
        ...(dto.message ? { message: dto.message } : {}),
        openRequests,
      },
      metadata: commandMetadata(),
    };
    const { state } = decideAndEvolve(meetingDecider, meetingDecider.initialState(), command);
    return meetingView(await this.outbox.commit('meeting', toDocument(state as HeldMeeting, 0), 0, []));
  }

  /**
   * The invitee accepts: both participants' time at the slot and a table are claimed by unique inserts,
   * so however many accept at once, no one and no table is booked twice. A refused or lost booking
   * gives back what it claimed.
   */
  async accept(dto: ListingIdDto): Promise<MeetingView> {
    const doc = await this.answerable(dto.id);
    const metadata = commandMetadata();
    decideAndEvolve(meetingDecider, toState(doc), { type: 'AcceptMeeting', data: { meetingId: doc._id, table: 0 }, metadata }); // refuses an answered meeting before booking anything
    const fair = toFair(await this.fair(doc.fairId));
    const claimed: string[] = [];
    try {
      for (const organisationId of [doc.requesterOrganisationId, doc.inviteeOrganisationId]) {
        const id = `${fair.fairId}:${doc.slot}:org:${organisationId}`;
        await this.claims.create({ _id: id, meetingId: doc._id }).catch((error) => {
          throw isDuplicateKey(error) ? new SlotTaken(organisationId, doc.slot) : error;
        });
        claimed.push(id);
      }
      const table = await this.claimTable(fair, doc.slot, doc._id);
      claimed.push(`${fair.fairId}:${doc.slot}:table:${table}`);
      const { state } = decideAndEvolve(meetingDecider, toState(doc), { type: 'AcceptMeeting', data: { meetingId: doc._id, table }, metadata });
      const data: MeetingAgreedData = { meetingId: doc._id, fairId: fair.fairId, date: fair.date, slot: doc.slot, table, organisationIds: [doc.requesterOrganisationId, doc.inviteeOrganisationId], at: metadata.now };
      const event = { id: `meeting:${doc._id}:${doc.version + 1}`, subject: NetworkEvents.meetingAgreed.subject, type: NetworkEvents.meetingAgreed.type, about: doc._id, data, time: metadata.now };
      return meetingView(await this.outbox.commit('meeting', toDocument(state as HeldMeeting, doc.version), doc.version, [event]));
    } catch (error) {
      if (claimed.length) await this.claims.deleteMany({ _id: { $in: claimed }, meetingId: doc._id });
      throw error;
    }
  }

  async decline(dto: ListingIdDto): Promise<MeetingView> {
    const doc = await this.answerable(dto.id);
    const { state } = decideAndEvolve(meetingDecider, toState(doc), { type: 'DeclineMeeting', data: { meetingId: doc._id }, metadata: commandMetadata() });
    return meetingView(await this.outbox.commit('meeting', toDocument(state as HeldMeeting, doc.version), doc.version, []));
  }

  /** A participant's meetings at the fair, by slot: agreed ones with their table, and those awaiting an answer. */
  async agenda(dto: AgendaDto): Promise<MeetingView[]> {
    const organisationId = actingOrganisation(dto.organisationId);
    await this.fair(dto.fairId);
    const docs = await this.meetings
      .find({ fairId: dto.fairId, status: { $in: ['accepted', 'requested'] }, $or: [{ requesterOrganisationId: organisationId }, { inviteeOrganisationId: organisationId }] })
      .sort({ slot: 1, _id: 1 })
      .lean<MeetingDocument[]>();
    return docs.map(meetingView);
  }

  /** For the organiser: participants with no agreed meeting. */
  async withoutMeeting(dto: ListingIdDto): Promise<FairParticipantView[]> {
    if (currentContext()?.role !== 'secretariat') throw forbidden('only the secretariat lists participants without a meeting');
    await this.fair(dto.id);
    const [participants, agreed] = await Promise.all([
      this.participants.find({ fairId: dto.id }).sort({ organisationId: 1 }).lean<FairParticipantDocument[]>(),
      this.meetings.find({ fairId: dto.id, status: 'accepted' }, { requesterOrganisationId: 1, inviteeOrganisationId: 1 }).lean<MeetingDocument[]>(),
    ]);
    const met = new Set(agreed.flatMap((m) => [m.requesterOrganisationId, m.inviteeOrganisationId]));
    return participants.filter((p) => !met.has(p.organisationId)).map((p) => ({ organisationId: p.organisationId, availableSlots: p.availableSlots }));
  }

  /** The first free table at the slot, taken by inserting its claim. */
  private async claimTable(fair: Fair, slot: string, meetingId: string): Promise<number> {
    for (let table = 1; table <= fair.tables; table++) {
      try {
        await this.claims.create({ _id: `${fair.fairId}:${slot}:table:${table}`, meetingId });
        return table;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    throw new NoTableFree(slot, fair.tables);
  }

  private async answerable(id: string): Promise<MeetingDocument> {
    const doc = await this.meetings.findById(id).lean<MeetingDocument>();
    if (!doc || !(actsFor(doc.requesterOrganisationId) || actsFor(doc.inviteeOrganisationId))) throw notFound(`meeting ${id}`);
    if (!actsFor(doc.inviteeOrganisationId)) throw forbidden('only the invited participant answers a meeting request');
    return doc;
  }

  private async fair(id: string): Promise<FairDocument> {
    const doc = await this.fairs.findById(id).lean<FairDocument>();
    if (!doc) throw notFound(`fair ${id}`);
    return doc;
  }

  private async participant(fairId: string, organisationId: string) {
    const doc = await this.participants.findById(`${fairId}:${organisationId}`).lean<FairParticipantDocument>();
    return doc ? { organisationId, availableSlots: doc.availableSlots } : undefined;
  }
}
