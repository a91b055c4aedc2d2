import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import {
  CheckInDto,
  EventFiguresView,
  EventIdDto,
  ListEventsDto,
  Page,
  ProgrammeEventSummaryView,
  ProgrammeEventView,
  RegisterDto,
  RegistrationRefDto,
  RegistrationView,
  RejectRegistrationDto,
  ScheduleEventDto,
  programmeToday,
} from '@banat/contracts';
import { conflict, currentContext, forbidden, notFound, ruleViolated, validationFailed } from '@banat/messaging';
import type { CommandMetadata } from '../domain/decider';
import { DEFAULT_MAX_PER_ORGANISATION, entriesInOrder, Entry, EventDefinition, ProgrammeEventFact, ProgrammeEventState } from '../domain/programme-event';
import type { ProgrammeEventCommand } from '../domain/programme-event.commands';
import { decide } from '../domain/programme-event.decide';
import { eventFigures } from '../domain/figures';
import { EventRuleViolation } from '../domain/rules';
import { listEvent, ProgrammeEventListing, summaryOf } from '../read-models/programme-event.schema';
import { decideOn, metadata, requireActingFor, requireRole } from './event-commands';
import { EventStreams } from './event-streams';
import { RegistryClient } from './registry-client';
import { eventView, registrationView } from './views';

/** How often offers past their time are lapsed and passed on (a command on the event does it too). */
const OFFER_SWEEP_MS = 60_000;

/** Does a retried registration ask for what the earlier one with its commandId did (people by e-mail, any case; names; participation)? */
function sameRegistration(earlier: Entry, dto: RegisterDto): boolean {
  const key = (people: ReadonlyArray<{ name: string; email: string; gender?: string }>) =>
    JSON.stringify(people.map((p) => [p.email.trim().toLowerCase(), p.name, p.gender ?? null]).sort());
  return earlier.participation === (dto.participation ?? 'participant') && key(earlier.people) === key(dto.people);
}

/** Programme events: scheduled by the secretariat, filled by registrations on behalf of registered organisations. */
@Injectable()
export class ProgrammeEventsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProgrammeEventsService.name);
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly streams: EventStreams,
    private readonly registry: RegistryClient,
    @InjectModel(ProgrammeEventListing.name) private readonly listings: Model<ProgrammeEventListing>,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep = setInterval(() => void this.lapseOffers().catch((e) => this.logger.warn(`offer sweep: ${(e as Error).message}`)), OFFER_SWEEP_MS);
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  async schedule(dto: ScheduleEventDto): Promise<ProgrammeEventView> {
    requireRole('secretariat');
    if (Object.values(dto.title).every((t) => !t?.trim())) throw validationFailed([{ field: 'title', reason: 'give the title in at least one language' }]);
    await this.registry.organisation(dto.organiserOrganisationId, 'organiserOrganisationId');
    const eventId = randomUUID();
    const plain = JSON.parse(JSON.stringify(dto)) as Omit<EventDefinition, 'eventId'>;
    const definition: EventDefinition = { ...plain, eventId, registration: { ...plain.registration, offerHours: dto.registration.offerHours ?? 48, maxPerOrganisation: dto.registration.maxPerOrganisation ?? DEFAULT_MAX_PER_ORGANISATION } };
    const meta = metadata();
    const view = await decideOn(this.streams, eventId, () => ({ type: 'ScheduleEvent', data: { definition }, metadata: meta }), (state) => eventView(definition, state, meta.now));
    await listEvent(this.listings, definition, meta.now);
    return view;
  }

  async get({ eventId }: EventIdDto): Promise<ProgrammeEventView> {
    const { state } = await this.streams.load(eventId);
    if (!state.definition) throw notFound('event');
    const listing = await this.listings.findById(eventId).lean<ProgrammeEventListing>();
    return eventView(state.definition, state, listing?.scheduledAt ?? '');
  }

  async list(query: ListEventsDto): Promise<Page<ProgrammeEventSummaryView>> {
    const filter: FilterQuery<ProgrammeEventListing> = {};
    if (query.kind) filter.kind = query.kind;
    if (query.country) filter.country = query.country;
    if (query.planId) filter.planId = query.planId;
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [docs, total] = await Promise.all([
      this.listings.find(filter).sort({ startsOn: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<ProgrammeEventListing[]>(),
      this.listings.countDocuments(filter),
    ]);
    return { items: docs.map(summaryOf), total, page, pageSize };
  }

  async register(dto: RegisterDto): Promise<RegistrationView> {
    requireActingFor(dto.organisationId);
    // The event named in the path first: an unknown one is a 404 whatever the organisation in the body.
    if (!(await this.streams.load(dto.eventId)).state.definition) throw notFound('event');
    const organisation = await this.registry.organisation(dto.organisationId);
    const registrationId = randomUUID();
    const meta = metadata();
    const command = (state: ProgrammeEventState): ProgrammeEventCommand | { already: RegistrationView } => {
      const earlier = dto.commandId ? entriesInOrder(state).find((e) => e.commandId === dto.commandId && e.organisationId === dto.organisationId) : undefined;
      if (earlier && earlier.requestedBy !== meta.actor) throw conflict('this commandId was already used by another caller: send the registration with a new commandId');
      if (earlier && !sameRegistration(earlier, dto)) throw conflict('this commandId was already used for another registration (other people or participation): send it with a new commandId', { registrationId: earlier.registrationId });
      if (earlier) return { already: registrationView(dto.eventId, earlier) };
      return {
        type: 'Register',
        data: { registrationId, organisation, participation: dto.participation ?? 'participant', people: dto.people.map((p) => ({ ...p })), ...(dto.commandId ? { commandId: dto.commandId } : {}) },
        metadata: meta,
      };
    };
    return decideOn(this.streams, dto.eventId, command, (state) => registrationView(dto.eventId, state.entries[registrationId]));
  }

  async listRegistrations({ eventId }: EventIdDto): Promise<RegistrationView[]> {
    const ctx = currentContext();
    if (ctx?.role !== 'secretariat' && !(ctx?.role === 'member' && ctx.org)) throw forbidden('registrations are read by the secretariat, and by a member for its own organisation');
    const { state } = await this.streams.load(eventId);
    if (!state.definition) throw notFound('event');
    return entriesInOrder(state)
      .filter((e) => ctx.role === 'secretariat' || e.organisationId === ctx.org)
      .map((e) => registrationView(eventId, e));
  }

  private async onRegistration(ref: RegistrationRefDto, who: 'secretariat' | 'organisation', build: (meta: CommandMetadata) => ProgrammeEventCommand): Promise<RegistrationView> {
    if (who === 'secretariat') requireRole('secretariat');
    const meta = metadata();
    return decideOn(this.streams, 
      ref.eventId,
      (state) => {
        const entry = state.entries[ref.registrationId];
        if (who === 'organisation' && entry) requireActingFor(entry.organisationId);
        return build(meta);
      },
      (state) => registrationView(ref.eventId, state.entries[ref.registrationId]),
    );
  }

  approve(ref: RegistrationRefDto) {
    return this.onRegistration(ref, 'secretariat', (metadata) => ({ type: 'ApproveRegistration', data: { registrationId: ref.registrationId }, metadata }));
  }

  reject(dto: RejectRegistrationDto) {
    return this.onRegistration(dto, 'secretariat', (metadata) => ({ type: 'RejectRegistration', data: { registrationId: dto.registrationId, reason: dto.reason }, metadata }));
  }

  cancel(ref: RegistrationRefDto) {
    return this.onRegistration(ref, 'organisation', (metadata) => ({ type: 'CancelRegistration', data: { registrationId: ref.registrationId }, metadata }));
  }

  acceptOffer(ref: RegistrationRefDto) {
    return this.onRegistration(ref, 'organisation', (metadata) => ({ type: 'AcceptOffer', data: { registrationId: ref.registrationId }, metadata }));
  }

  checkIn(dto: CheckInDto) {
    return this.onRegistration(dto, 'secretariat', (metadata) => ({ type: 'CheckIn', data: { registrationId: dto.registrationId, email: dto.email, list: dto.list }, metadata }));
  }

  async figures({ eventId }: EventIdDto): Promise<EventFiguresView> {
    requireRole('secretariat', 'auditor');
    const { state } = await this.streams.load(eventId);
    if (!state.definition) throw notFound('event');
    return eventFigures(state);
  }

  /** Offers not accepted in time, on every event not yet over: lapse them and pass their places on. */
  async lapseOffers(): Promise<void> {
    const today = programmeToday();
    for (const { _id } of await this.listings.find({ endsOn: { $gte: today } }, { _id: 1 }).lean<{ _id: string }[]>()) {
      const meta = metadata();
      await decideOn(this.streams, _id, () => ({ type: 'LapseOffers', data: {}, metadata: meta }), () => undefined);
    }
  }
}
