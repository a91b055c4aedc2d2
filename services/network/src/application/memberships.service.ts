import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { ApplyForMembershipDto, ListMembersDto, MemberJoinedData, MemberLeftData, MembershipStepDto, MembershipView, NetworkEvents, Page } from '@banat/contracts';
import { currentContext, forbidden, notFound } from '@banat/messaging';
import { decideAndEvolve, Membership, MembershipCommand, membershipDecider, MembershipEvent } from '../domain';
import { PendingEvent } from '../read-models/change.schema';
import { MembershipDocument } from '../read-models/membership.schema';
import { actingOrganisation, actsFor, commandMetadata } from './caller';
import { BrandHoldersService } from './brand-holders.service';
import { DirectoryService } from './directory.service';
import { MemberFilter, MembershipCopy } from './membership-copy';
import { OutboxService } from './outbox.service';

type CurrentMembership = Extract<Membership, { organisationId: string }>;
type SecretariatStep = 'ApproveMembership' | 'RejectMembership' | 'SuspendMembership' | 'ReinstateMembership';

const toState = ({ _id, version: _version, updatedAt: _updatedAt, changedIn: _changedIn, ...rest }: MembershipDocument): CurrentMembership => ({ ...rest, organisationId: _id }) as unknown as CurrentMembership;
const toDocument = ({ organisationId, ...rest }: CurrentMembership, version: number): MembershipDocument => ({ _id: organisationId, ...rest, version }) as unknown as MembershipDocument;

/** What anyone sees of a membership; the history only the organisation itself and the secretariat. */
function toView(doc: MembershipDocument, brandHolder: boolean): MembershipView {
  const roles = doc.roles as MembershipView['roles'];
  return {
    organisationId: doc._id,
    organisationCountry: doc.organisationCountry,
    status: doc.status,
    roles: brandHolder ? ['brand-holder', ...roles.filter((r) => r !== 'brand-holder')] : roles,
    brandHolder,
    ...(doc.joinedAt ? { joinedAt: doc.joinedAt } : {}),
    ...(actsFor(doc._id) ? { history: doc.history as MembershipView['history'] } : {}),
    version: doc.version,
  };
}

/** Integration events of a membership change: joined on approval, left when a member (not an applicant) leaves. */
function integrationEvents(before: Membership, events: MembershipEvent[], version: number, state: CurrentMembership): PendingEvent[] {
  return events.flatMap((event, i): PendingEvent[] => {
    const id = `membership:${state.organisationId}:${version}:${i}`;
    const time = event.data.at;
    if (event.type === 'MembershipApproved') {
      const data: MemberJoinedData = { organisationId: state.organisationId, organisationCountry: state.organisationCountry, roles: event.data.roles, at: time };
      return [{ id, subject: NetworkEvents.memberJoined.subject, type: NetworkEvents.memberJoined.type, about: state.organisationId, data, time }];
    }
    if (event.type === 'MembershipLeft' && (before.status === 'active' || before.status === 'suspended')) {
      const data: MemberLeftData = { organisationId: state.organisationId, at: time };
      return [{ id, subject: NetworkEvents.memberLeft.subject, type: NetworkEvents.memberLeft.type, about: state.organisationId, data, time }];
    }
    return [];
  });
}

/** Membership of the network for registered organisations: apply, approve, suspend, leave, with roles and history. */
@Injectable()
export class MembershipsService implements OnModuleInit {
  constructor(
    @InjectModel(MembershipDocument.name) private readonly memberships: Model<MembershipDocument>,
    private readonly directory: DirectoryService,
    private readonly outbox: OutboxService,
    private readonly brandHolders: BrandHoldersService,
    private readonly copy: MembershipCopy,
  ) {}

  onModuleInit(): void {
    this.outbox.register('membership', this.memberships);
  }

  async apply(dto: ApplyForMembershipDto): Promise<MembershipView> {
    const organisationId = actingOrganisation(dto.organisationId);
    return this.change(organisationId, { type: 'ApplyForMembership', data: { organisationId, organisation: await this.directory.known(organisationId), roles: dto.roles }, metadata: commandMetadata() });
  }

  /** Approve, reject, suspend, reinstate: the secretariat's steps. */
  async secretariatStep(type: SecretariatStep, dto: MembershipStepDto): Promise<MembershipView> {
    if (currentContext()?.role !== 'secretariat') throw forbidden('only the secretariat approves, rejects, suspends or reinstates a membership');
    const data = { organisationId: dto.organisationId, ...(dto.reason !== undefined ? { reason: dto.reason } : {}), ...(dto.roles ? { roles: dto.roles } : {}) };
    return this.change(dto.organisationId, { type, data, metadata: commandMetadata() } as MembershipCommand);
  }

  async leave(dto: MembershipStepDto): Promise<MembershipView> {
    if (!actsFor(dto.organisationId)) throw forbidden('an organisation leaves the network by itself, or through the secretariat');
    return this.change(dto.organisationId, { type: 'LeaveNetwork', data: { organisationId: dto.organisationId, ...(dto.reason ? { reason: dto.reason } : {}) }, metadata: commandMetadata() });
  }

  /** An active or suspended membership to anyone; others (applied, rejected, left) only to the organisation and the secretariat. */
  async get(organisationId: string): Promise<MembershipView> {
    const doc = await this.memberships.findById(organisationId).lean<MembershipDocument>();
    if (!doc || (!['active', 'suspended'].includes(doc.status) && !actsFor(organisationId))) throw notFound(`membership of ${organisationId}`);
    return toView(doc, (await this.brandHolders.markOf(organisationId)).marked);
  }

  /** Active members in the order they joined, from this replica's copy of the memberships (see MembershipCopy). */
  async list(query: ListMembersDto): Promise<Page<MembershipView>> {
    const holders = new Set(await this.brandHolders.holderIds());
    // Brand holders are whoever holds the brand today, whatever roles they applied for.
    const filter: MemberFilter = { ...(query.role === 'brand-holder' ? { holders } : query.role ? { role: query.role } : {}), ...(query.country ? { country: query.country } : {}) };
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const found = this.copy.page(filter, (page - 1) * pageSize, pageSize);
    return { items: found.entries.map((d) => toView(d, holders.has(d._id))), total: found.total, page, pageSize };
  }

  private async change(organisationId: string, command: MembershipCommand): Promise<MembershipView> {
    const doc = await this.memberships.findById(organisationId).lean<MembershipDocument>();
    // Every step but applying names a membership: an organisation that never applied has none to act on.
    if (!doc && command.type !== 'ApplyForMembership') throw notFound(`membership of ${organisationId}`);
    const before: Membership = doc ? toState(doc) : membershipDecider.initialState();
    const version = doc?.version ?? 0;
    const { state, events } = decideAndEvolve(membershipDecider, before, command);
    const current = state as CurrentMembership;
    const stored = await this.outbox.commit('membership', toDocument(current, version), version, integrationEvents(before, events, version + 1, current));
    this.copy.written(stored);
    return toView(stored, (await this.brandHolders.markOf(organisationId)).marked);
  }
}
