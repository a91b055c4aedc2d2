import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { AnswerMentoringDto, CloseMentoringDto, ListingIdDto, MentoringMeetingDto, MentoringStartedData, MentoringView, NetworkEvents, ProposeMentoringDto } from '@banat/contracts';
import { forbidden, notFound } from '@banat/messaging';
import { decideAndEvolve, Mentoring, MentoringCommand, mentoringDecider, MentoringEvent } from '../domain';
import { PendingEvent } from '../read-models/change.schema';
import { MentoringDocument } from '../read-models/mentoring.schema';
import { actingOrganisation, actsFor, commandMetadata, nthProposalId } from './caller';
import { DirectoryService } from './directory.service';
import { OutboxService } from './outbox.service';

type HeldMentoring = Extract<Mentoring, { mentoringId: string }>;
const view = ({ _id, ...rest }: MentoringDocument): MentoringView => ({ id: _id, ...rest });
const toState = ({ _id, version: _v, ...rest }: MentoringDocument): HeldMentoring => ({ ...rest, mentoringId: _id }) as HeldMentoring;
const toDocument = ({ mentoringId, ...rest }: HeldMentoring, version: number): MentoringDocument => ({ _id: mentoringId, ...rest, version }) as MentoringDocument;

/** A mentoring pair starts when the mentee accepts: the programme counts it (network.mentoring.started.v1). */
function startedEvents(doc: MentoringDocument, events: MentoringEvent[], version: number): PendingEvent[] {
  return events.flatMap((event, i): PendingEvent[] => {
    if (event.type !== 'MentoringAccepted') return [];
    const data: MentoringStartedData = { mentoringId: doc._id, mentorOrganisationId: doc.mentorOrganisationId, menteeOrganisationId: doc.menteeOrganisationId, at: event.data.at };
    return [{ id: `mentoring:${doc._id}:${version}:${i}`, subject: NetworkEvents.mentoringStarted.subject, type: NetworkEvents.mentoringStarted.type, about: doc._id, data, time: event.data.at }];
  });
}

/** Mentoring and twinning between organisations: proposed by the mentor, answered by the mentee, meetings recorded by either, closed with an outcome. */
@Injectable()
export class MentoringsService implements OnModuleInit {
  constructor(
    @InjectModel(MentoringDocument.name) private readonly mentorings: Model<MentoringDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
  ) {}

  onModuleInit(): void {
    this.outbox.register('mentoring', this.mentorings);
  }

  async propose(dto: ProposeMentoringDto): Promise<MentoringView> {
    const mentorOrganisationId = actingOrganisation(dto.organisationId);
    const [mentor, mentee, proposals] = await Promise.all([
      this.directory.known(mentorOrganisationId),
      this.directory.known(dto.menteeOrganisationId),
      // One read for both counts: read apart, a proposal stored between them made the count of all proposals see it and the count of open ones not.
      this.mentorings.find({ mentorOrganisationId }, { _id: 0, status: 1 }).lean<Array<Pick<MentoringDocument, 'status'>>>(),
    ]);
    const command: MentoringCommand = {
      type: 'ProposeMentoring',
      data: {
        // Named by the mentor's count of proposals: two sent at once claim one record (one is a 409), so neither passes the bound on open ones.
        mentoringId: nthProposalId('mentoring', mentorOrganisationId, proposals.length),
        kind: dto.kind,
        mentorOrganisationId,
        menteeOrganisationId: dto.menteeOrganisationId,
        from: dto.from,
        until: dto.until,
        goals: dto.goals,
        mentorKnown: !!mentor?.active,
        menteeKnown: !!mentee?.active,
        openProposals: proposals.filter((p) => p.status === 'proposed').length,
      },
      metadata: commandMetadata(),
    };
    const { state } = decideAndEvolve(mentoringDecider, mentoringDecider.initialState(), command);
    return view(await this.outbox.commit('mentoring', toDocument(state as HeldMentoring, 0), 0, []));
  }

  async answer(dto: AnswerMentoringDto): Promise<MentoringView> {
    return this.change(dto.id, 'mentee', { type: dto.answer === 'accepted' ? 'AcceptMentoring' : 'DeclineMentoring', data: { mentoringId: dto.id }, metadata: commandMetadata() });
  }

  /** The mentor organisation (its member, or the secretariat for it) takes back a proposal the mentee has not answered: room under the bound on open proposals. */
  async withdraw(dto: ListingIdDto): Promise<MentoringView> {
    return this.change(dto.id, 'mentor', { type: 'WithdrawMentoring', data: { mentoringId: dto.id }, metadata: commandMetadata() });
  }

  async recordMeeting(dto: MentoringMeetingDto): Promise<MentoringView> {
    return this.change(dto.id, 'either', { type: 'RecordMentoringMeeting', data: { mentoringId: dto.id, on: dto.on, notes: dto.notes }, metadata: commandMetadata() });
  }

  async close(dto: CloseMentoringDto): Promise<MentoringView> {
    return this.change(dto.id, 'either', { type: 'CloseMentoring', data: { mentoringId: dto.id, outcome: dto.outcome }, metadata: commandMetadata() });
  }

  async get(dto: ListingIdDto): Promise<MentoringView> {
    return view(await this.visible(dto.id));
  }

  /** Both organisations and the secretariat see it; to anyone else it does not exist. */
  private async visible(id: string): Promise<MentoringDocument> {
    const doc = await this.mentorings.findById(id).lean<MentoringDocument>();
    if (!doc || !(actsFor(doc.mentorOrganisationId) || actsFor(doc.menteeOrganisationId))) throw notFound(`mentoring ${id}`);
    return doc;
  }

  private async change(id: string, who: 'mentee' | 'mentor' | 'either', command: MentoringCommand): Promise<MentoringView> {
    const doc = await this.visible(id);
    if (who === 'mentee' && !actsFor(doc.menteeOrganisationId)) throw forbidden('only the mentee answers a proposal');
    if (who === 'mentor' && !actsFor(doc.mentorOrganisationId)) throw forbidden('only the mentor organisation withdraws its proposal');
    const { state, events } = decideAndEvolve(mentoringDecider, toState(doc), command);
    return view(await this.outbox.commit('mentoring', toDocument(state as HeldMentoring, doc.version), doc.version, startedEvents(doc, events, doc.version + 1)));
  }
}
