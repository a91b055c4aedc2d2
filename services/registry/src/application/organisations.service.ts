import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import {
  DeactivateOrganisationDto,
  OrganisationPublicData,
  OrganisationView,
  Page,
  RegisterOrganisationDto,
  REGISTRY_EVENT_SOURCE,
  RegistryEvents,
  RpcErrorCodes,
  SearchOrganisationsDto,
  UpdateOrganisationDto,
} from '@banat/contracts';
import { conflict, currentContext, ensurePublicStream, InjectNats, notFound, PublicEventPublisher, RpcFailure, ruleViolated, validationFailed } from '@banat/messaging';
import { checkOrganisation, normalizeSearchQuery, OrganisationInput } from '../domain';
import { eligibilityFactsChanged } from '../domain/eligibility-facts';
import { OrganisationChange } from '../read-models/organisation-change.schema';
import { Organisation } from '../read-models/organisation.schema';

const forbidden = (message: string) => new RpcFailure({ code: RpcErrorCodes.FORBIDDEN, message });

const staleRevision = (expected: number, actual?: number) =>
  conflict('the organisation was changed since you read it; reload and retry', { expectedRevision: expected, actualRevision: actual });

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function toView(doc: Organisation): OrganisationView {
  return {
    id: doc._id,
    kind: doc.kind as OrganisationView['kind'],
    name: doc.name,
    description: doc.description,
    country: doc.country as OrganisationView['country'],
    region: doc.region,
    legalId: doc.legalId as OrganisationView['legalId'],
    sizeClass: doc.sizeClass,
    naceCodes: doc.naceCodes,
    contacts: doc.contacts,
    website: doc.website,
    products: doc.products as OrganisationView['products'],
    memberIds: doc.memberIds,
    active: doc.active,
    deactivation: doc.deactivation,
    revision: doc.revision,
    registeredAt: doc.registeredAt,
    updatedAt: doc.updatedAt,
  };
}

/** Who may read an organisation's contact people: the programme's staff who work with it, and the organisation itself. */
const mayReadContacts = (role: string | undefined, org: string | undefined, organisationId: string) =>
  role === 'secretariat' || role === 'auditor' || (role === 'member' && org === organisationId);
/** Who may read which staff member acted (e.g. deactivated it). */
const mayReadStaffIds = (role: string | undefined) => role === 'secretariat' || role === 'auditor';

/** What anyone may know of an organisation: no contact people, no staff ids (public reads and public events). */
export function toPublicData(view: OrganisationView): OrganisationPublicData {
  const { contacts: _contacts, deactivation, ...rest } = view;
  return { ...rest, ...(deactivation ? { deactivation: { reason: deactivation.reason, at: deactivation.at } } : {}) };
}

/** The organisation as the caller (from the request's context) may read it. */
export function forCaller(view: OrganisationView): OrganisationView | OrganisationPublicData {
  const ctx = currentContext();
  const open = toPublicData(view);
  return {
    ...open,
    ...(mayReadContacts(ctx?.role, ctx?.org, view.id) ? { contacts: view.contacts } : {}),
    ...(view.deactivation && mayReadStaffIds(ctx?.role) ? { deactivation: view.deactivation } : {}),
  };
}

/** The registry's use cases. Each change bumps the revision and is published as an integration event. */
@Injectable()
export class OrganisationsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OrganisationsService.name);
  private readonly publisher: PublicEventPublisher;
  private relayTimer?: NodeJS.Timeout;

  constructor(
    @InjectModel(Organisation.name) private readonly organisations: Model<Organisation>,
    @InjectModel(OrganisationChange.name) private readonly changes: Model<OrganisationChange>,
    @InjectNats() private readonly nc: NatsConnection,
  ) {
    this.publisher = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensurePublicStream(this.nc);
    await this.organisations.init();
    // The outbox relay publishes what a crash between write and publish left behind.
    this.relayTimer = setInterval(() => void this.relayUnpublished().catch((e) => this.logger.warn(`relay: ${e}`)), 5000);
    void this.relayUnpublished().catch((e) => this.logger.warn(`relay: ${e}`));
  }

  onApplicationShutdown(): void {
    if (this.relayTimer) clearInterval(this.relayTimer);
  }

  async register(dto: RegisterOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    const checked = checkOrganisation(dto as OrganisationInput);
    if (!checked.ok) throw validationFailed(checked.errors, 'the organisation is not valid');
    const { organisation, legalIdKey, searchText, sortName } = checked;
    await this.assertMembersExist(organisation.kind, organisation.memberIds);
    const existing = await this.organisations.findOne({ legalIdKey }, { _id: 1 }).lean();
    if (existing) throw conflict(`an organisation with this legal identifier is already registered`, { existingId: existing._id, href: `/api/v1/organisations/${existing._id}` });
    const now = new Date().toISOString();
    const doc: Organisation = {
      _id: randomUUID(),
      ...organisation,
      naceCodes: organisation.naceCodes ?? [],
      contacts: organisation.contacts ?? [],
      products: organisation.products ?? [],
      memberIds: organisation.memberIds ?? [],
      legalIdKey,
      searchText,
      sortName,
      active: true,
      revision: 1,
      eventPending: true,
      registeredAt: now,
      updatedAt: now,
    };
    try {
      await this.organisations.create(doc);
      await this.changes.create({ _id: `${doc._id}:1`, organisationId: doc._id, revision: 1, kind: 'registered', at: now, by: currentContext()?.actor, state: {}, applied: true });
    } catch (error) {
      // Two registrations of the same legal entity at once: the unique index lets one through.
      if ((error as { code?: number }).code === 11000) {
        const winner = await this.organisations.findOne({ legalIdKey }, { _id: 1 }).lean();
        throw conflict('an organisation with this legal identifier is already registered', { existingId: winner?._id });
      }
      throw error;
    }
    await this.publish(doc);
    return forCaller(toView(doc));
  }

  /** Changes at the revision the caller last saw; the whole record is checked again. */
  async update(dto: UpdateOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    // Judged here too, on the gateway's signed identity: a request around the gateway is held to the same rule.
    const { role, org } = currentContext() ?? {};
    if (role !== 'secretariat' && role !== 'member') throw forbidden('only the secretariat or the organisation itself changes a record');
    if (role === 'member' && org !== dto.id) throw forbidden('a member organisation may change only its own record');
    const current = await this.organisations.findById(dto.id).lean();
    if (!current) throw notFound(`organisation ${dto.id}`);
    const eligibility = role === 'member' ? eligibilityFactsChanged(current, dto) : [];
    if (eligibility.length > 0) {
      throw ruleViolated('EligibilityFactsSetBySecretariat', `${eligibility.join(', ')} decides eligibility for certification: only the secretariat changes it`, { fields: eligibility });
    }
    if (!current.active) throw conflict('a deactivated organisation cannot be changed', { revision: current.revision });
    if (current.revision !== dto.expectedRevision) throw staleRevision(dto.expectedRevision, current.revision);
    const { id: _id, expectedRevision: _expected, ...changes } = dto;
    const registered = { kind: current.kind, name: current.name, description: current.description, country: current.country, region: current.region, legalId: current.legalId, sizeClass: current.sizeClass, naceCodes: current.naceCodes, contacts: current.contacts, website: current.website, products: current.products, memberIds: current.memberIds };
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const merged = Object.fromEntries(Object.entries({ ...registered, ...given }).filter(([, v]) => v !== undefined && v !== null));
    const checked = checkOrganisation(merged as unknown as OrganisationInput);
    if (!checked.ok) throw validationFailed(checked.errors, 'the organisation is not valid');
    await this.assertMembersExist(checked.organisation.kind, checked.organisation.memberIds, dto.id);
    const { organisation, searchText, sortName } = checked;
    const updated = await this.commit(current, 'updated', { ...organisation, searchText, sortName });
    await this.publish(updated);
    return forCaller(toView(updated));
  }

  /** A cluster lists its member organisations: each must be a registered, active organisation. */
  private async assertMembersExist(kind: string, memberIds: string[] | undefined, selfId?: string): Promise<void> {
    if (!memberIds?.length) return;
    if (kind !== 'cluster') throw validationFailed([{ field: 'memberIds', reason: 'only a cluster has member organisations' }]);
    const found = await this.organisations.find({ _id: { $in: memberIds }, active: true }, { _id: 1 }).lean();
    const known = new Set(found.map((d) => d._id));
    const fields = memberIds.flatMap((id, i) =>
      id === selfId ? [{ field: `memberIds[${i}]`, reason: 'a cluster cannot be its own member' }] : known.has(id) ? [] : [{ field: `memberIds[${i}]`, reason: `${id} is not an active registered organisation` }],
    );
    if (fields.length) throw validationFailed(fields, 'unknown cluster members');
  }

  async get(id: string): Promise<OrganisationView | OrganisationPublicData> {
    const doc = await this.organisations.findById(id).lean();
    if (!doc) throw notFound(`organisation ${id}`);
    return forCaller(toView(doc));
  }

  async search(query: SearchOrganisationsDto): Promise<Page<OrganisationView | OrganisationPublicData>> {
    const filter: Record<string, unknown> = {};
    if (!(query.includeInactive === true || query.includeInactive === 'true')) filter.active = true;
    if (query.kind) filter.kind = query.kind;
    if (query.country) filter.country = query.country;
    if (query.region) filter.region = query.region;
    if (query.sector) filter.naceCodes = { $regex: `^${escapeRegex(query.sector)}` };
    if (query.q) {
      const words = normalizeSearchQuery(query.q).split(' ').filter(Boolean);
      // Every word of the query must start a word of the name, in any language or script.
      if (words.length) filter.$and = words.map((w) => ({ searchText: { $regex: `(^| )${escapeRegex(w)}` } }));
    }
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const sortField = (query.sort ?? 'name').replace(/^-/, '') === 'name' ? 'sortName' : 'registeredAt';
    const direction = (query.sort ?? 'name').startsWith('-') ? -1 : 1;
    const [items, total] = await Promise.all([
      this.organisations
        .find(filter)
        .sort({ [sortField]: direction, _id: 1 })
        .skip((page - 1) * pageSize)
        .limit(pageSize)
        .lean(),
      this.organisations.countDocuments(filter),
    ]);
    return { items: items.map((doc) => forCaller(toView(doc))), total, page, pageSize };
  }

  async deactivate(dto: DeactivateOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    const current = await this.organisations.findById(dto.id).lean();
    if (!current) throw notFound(`organisation ${dto.id}`);
    if (!current.active) throw conflict('the organisation is already deactivated', { revision: current.revision });
    if (current.revision !== dto.expectedRevision) throw staleRevision(dto.expectedRevision, current.revision);
    const updated = await this.commit(current, 'deactivated', {
      active: false,
      deactivation: { reason: dto.reason, at: new Date().toISOString(), by: currentContext()?.actor },
    });
    await this.publish(updated);
    return forCaller(toView(updated));
  }

  /**
   * Writes the next revision: first claims it (a concurrent change at the same revision loses with
   * a 409), then applies it to the document. A change claimed but not applied (the writer stopped)
   * is finished by the relay.
   */
  private async commit(current: Organisation, kind: 'updated' | 'deactivated', fields: Record<string, unknown>): Promise<Organisation> {
    const revision = current.revision + 1;
    const at = new Date().toISOString();
    const state = { ...fields, revision, updatedAt: at, eventPending: true };
    try {
      await this.changes.create({ _id: `${current._id}:${revision}`, organisationId: current._id, revision, kind, at, by: currentContext()?.actor, state, applied: false });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw staleRevision(current.revision, revision);
      throw error;
    }
    return this.apply(current._id, revision, state);
  }

  private async apply(id: string, revision: number, state: Record<string, unknown>): Promise<Organisation> {
    await this.organisations.updateOne({ _id: id, revision: { $lt: revision } }, { $set: state });
    await this.changes.updateOne({ _id: `${id}:${revision}` }, { $set: { applied: true } });
    const doc = await this.organisations.findById(id).lean();
    return doc!;
  }

  /** Publishes the event of the document's current revision, then marks it published. */
  private async publish(doc: Organisation): Promise<void> {
    const event = doc.revision === 1 ? RegistryEvents.registered : doc.active ? RegistryEvents.updated : RegistryEvents.deactivated;
    try {
      await this.publisher.publish({
        subject: event.subject,
        type: event.type,
        about: `organisation/${doc._id}`,
        id: `organisation-${doc._id}-r${doc.revision}`,
        time: doc.updatedAt,
        // Public: partners and every service read it; contact people and staff ids stay in the registry.
        data: toPublicData(toView(doc)),
      });
      await this.organisations.updateOne({ _id: doc._id, revision: doc.revision }, { $set: { eventPending: false } });
    } catch (error) {
      this.logger.warn(`event for organisation ${doc._id} r${doc.revision} not published yet (the relay retries): ${(error as Error).message}`);
    }
  }

  private async relayUnpublished(): Promise<void> {
    // Changes claimed but not applied for a while: their writer stopped half-way; finish them.
    const stale = new Date(Date.now() - 10_000).toISOString();
    for (const change of await this.changes.find({ applied: false, at: { $lt: stale } }).limit(100).lean()) {
      await this.apply(change.organisationId, change.revision, change.state);
    }
    const pending = await this.organisations.find({ eventPending: true }).limit(100).lean();
    for (const doc of pending) await this.publish(doc);
  }
}
