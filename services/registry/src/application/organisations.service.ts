import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
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
  SearchOrganisationsDto,
  UpdateOrganisationDto,
} from '@banat/contracts';
import {
  changeStamp,
  conflict,
  currentContext,
  ensurePublicStream,
  feedIndex,
  forbidden,
  InjectNats,
  JsonReply,
  notFound,
  pageInOrder,
  PLATFORM_CONFIG,
  PlatformConfig,
  PublicEventPublisher,
  readChangedSince,
  RpcFailure,
  ruleViolated,
  TextIndex,
  TextIndexPage,
  validationFailed,
} from '@banat/messaging';
import { checkOrganisation, FieldError, memberIdsWithout, naceCodeMatches, normalizeSearchQuery, OrganisationInput } from '../domain';
import { eligibilityFactsChanged } from '../domain/eligibility-facts';
import { OrganisationChange } from '../read-models/organisation-change.schema';
import { OrganisationOutbox } from '../read-models/organisation-outbox.schema';
import { Organisation } from '../read-models/organisation.schema';
import { callerOf, secretariatOnly } from './caller';

const staleRevision = (expected: number, actual?: number) =>
  conflict('the organisation was changed since you read it; reload and retry', { expectedRevision: expected, actualRevision: actual });


/** An organisation in the search index: its search keys, and the record itself to filter and answer from memory. */
interface IndexedOrganisation {
  id: string;
  text: string;
  revision: number;
  doc: Organisation;
}
const indexed = (doc: Organisation): IndexedOrganisation => ({ id: doc._id, text: doc.searchText, revision: doc.revision, doc });

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

/** A search's answer from its page, each record as the caller may read it. */
const pageFor = (found: TextIndexPage<IndexedOrganisation>, page: number, pageSize: number): Page<OrganisationView | OrganisationPublicData> => ({
  items: found.entries.map((entry) => forCaller(toView(entry.doc))),
  total: found.total,
  page,
  pageSize,
});

/** Kinds of reader whose answer is kept per page (staff, the public, a few members): more members are answered fresh. */
const READERS_PER_PAGE = 8;
/** Bound of the kept answers' JSON in all (characters; about as many bytes again for their UTF-8), the least recently asked page's dropped first. */
const KEPT_REPLY_CHARS = 4_000_000;

/** A new organisation's document at its first revision, its event still to publish. */
function newOrganisation(checked: Extract<ReturnType<typeof checkOrganisation>, { ok: true }>, now: string): Organisation {
  const { organisation, legalIdKey, searchText, sortName } = checked;
  return {
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
    ...changeStamp(now),
  };
}

/** The first revision's change record (registration claims no revision: the unique legal identifier decides). */
const registeredChange = (doc: Organisation) => ({ _id: `${doc._id}:1`, organisationId: doc._id, revision: 1, kind: 'registered', at: doc.registeredAt, by: currentContext()?.actor, state: {}, applied: true });

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const sortOf = (sort = 'name'): { field: 'sortName' | 'registeredAt'; direction: 1 | -1 } => ({
  field: sort.replace(/^-/, '') === 'name' ? 'sortName' : 'registeredAt',
  direction: sort.startsWith('-') ? -1 : 1,
});

/** How long a stop waits for the outbox relay's pass under way before the database closes. */
export const RELAY_STOP_WAIT_MS = 2000;

/** The registry's use cases. Each change bumps the revision and is published as an integration event. */
/** Why a registry record can no longer add members to a cluster. */
const INVITE_MEMBERS = 'an organisation joins a cluster by accepting its invitation (POST /api/v1/network/clusters/{id}/invitations), not by being listed here';

@Injectable()
export class OrganisationsService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger(OrganisationsService.name);
  private readonly publisher: PublicEventPublisher;
  private relayTimer?: NodeJS.Timeout;
  /** The relay pass under way, if any (one at a time). */
  private relayPass?: Promise<void>;
  /** Set once the service is asked to stop: its database and bus close under what is still running. */
  private stopping = false;
  /** Searches with `q` are answered from this replica's full-text index; the database stays the record. */
  private readonly index = new TextIndex<IndexedOrganisation>(normalizeSearchQuery);
  /**
   * The JSON answers of the index's kept pages, by kind of reader, least recently asked first: keyed by the page object,
   * which the index replaces on any change, so an answer is never served for a page the index dropped (and goes when the
   * bound needs its room).
   */
  private readonly pageReplies = new Map<TextIndexPage<IndexedOrganisation>, Map<string, JsonReply>>();
  private pageReplyChars = 0;
  private indexFeed?: { refresh(): Promise<void>; stop(): void };

  constructor(
    @InjectModel(Organisation.name) private readonly organisations: Model<Organisation>,
    @InjectModel(OrganisationChange.name) private readonly changes: Model<OrganisationChange>,
    @InjectModel(OrganisationOutbox.name) private readonly outbox: Model<OrganisationOutbox>,
    @InjectNats() private readonly nc: NatsConnection,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {
    this.publisher = new PublicEventPublisher(nc, REGISTRY_EVENT_SOURCE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensurePublicStream(this.nc);
    await this.organisations.init();
    // Built from the database at start, then kept by this replica's writes and by reading back
    // every SEARCH_REFRESH_MS what other replicas wrote (by its changeStamp).
    this.indexFeed = await feedIndex(this.index, {
      read: async (since) => (await readChangedSince((filter) => this.organisations.find(filter).lean(), since)).map(indexed),
      everyMs: this.config.SEARCH_REFRESH_MS,
      onError: (error) => {
        if (!this.stopping) this.logger.warn(`search index refresh: ${error}`);
      },
    });
    this.logger.log(`search index: ${this.index.size} organisations`);
    // The outbox relay publishes what a crash between write and publish left behind.
    this.relayTimer = setInterval(() => this.relay(), 5000);
    this.relay();
  }

  /**
   * Before the database and the bus close (Nest closes them in its onApplicationShutdown hooks): no new relay pass, and
   * the one under way may finish (at most RELAY_STOP_WAIT_MS; what it leaves is relayed at the next start).
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.indexFeed?.stop();
    if (this.relayPass) await Promise.race([this.relayPass, new Promise((resolve) => setTimeout(resolve, RELAY_STOP_WAIT_MS).unref())]);
  }

  onApplicationShutdown(): void {
    this.stopping = true;
    if (this.relayTimer) clearInterval(this.relayTimer);
    this.indexFeed?.stop();
  }

  /**
   * One pass of the outbox relay, unless one is under way. A failure is a warning, except once the service is stopping:
   * then it is the database or bus closing under it (e.g. MongoClientClosedError on Ctrl-C), nothing to act on.
   */
  private relay(): void {
    if (this.relayPass || this.stopping) return;
    this.relayPass = this.relayUnpublished()
      .catch((e) => {
        if (!this.stopping) this.logger.warn(`relay: ${e}`);
      })
      .finally(() => (this.relayPass = undefined));
  }

  async register(dto: RegisterOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    // Judged here, on the gateway's signed identity: a request around the gateway is held to the HTTP route's rule.
    secretariatOnly('only the secretariat registers organisations');
    const checked = checkOrganisation(dto as OrganisationInput);
    if (!checked.ok) throw validationFailed(checked.errors, 'the organisation is not valid');
    await this.assertMembersExist(checked.organisation.kind, checked.organisation.memberIds);
    const existing = await this.organisations.findOne({ legalIdKey: checked.legalIdKey }, { _id: 1 }).lean();
    if (existing) throw conflict(`an organisation with this legal identifier is already registered`, { existingId: existing._id, href: `/api/v1/organisations/${existing._id}` });
    const doc = newOrganisation(checked, new Date().toISOString());
    try {
      await this.organisations.create(doc);
      await this.changes.create(registeredChange(doc));
      this.index.put(indexed(doc));
    } catch (error) {
      // Two registrations of the same legal entity at once: the unique index lets one through.
      if ((error as { code?: number }).code === 11000) {
        const winner = await this.organisations.findOne({ legalIdKey: checked.legalIdKey }, { _id: 1 }).lean();
        throw conflict('an organisation with this legal identifier is already registered', { existingId: winner?._id });
      }
      throw error;
    }
    await this.publish(doc);
    return forCaller(toView(doc));
  }

  /**
   * Registers many organisations at once (a member list), each landing or refused on its own with
   * the same checks as one registration: one query for all legal identifiers already known, one
   * unordered bulk insert (a legal identifier registered meanwhile by someone else fails only its
   * own row, through the unique index), one bulk insert of their first revisions, then the events.
   */
  async registerMany(dtos: RegisterOrganisationDto[]): Promise<({ ok: true; id: string } | { ok: false; errors: FieldError[] })[]> {
    secretariatOnly('only the secretariat registers organisations');
    const results: ({ ok: true; id: string } | { ok: false; errors: FieldError[] })[] = [];
    const candidates: { at: number; doc: Organisation }[] = [];
    const now = new Date().toISOString();
    for (const [at, dto] of dtos.entries()) {
      const checked = checkOrganisation(dto as OrganisationInput);
      if (!checked.ok) {
        results[at] = { ok: false, errors: checked.errors };
        continue;
      }
      try {
        await this.assertMembersExist(checked.organisation.kind, checked.organisation.memberIds);
      } catch (error) {
        results[at] = { ok: false, errors: (error as RpcFailure).body?.fields ?? [{ field: 'memberIds', reason: (error as Error).message }] };
        continue;
      }
      candidates.push({ at, doc: newOrganisation(checked, now) });
    }
    const known = new Map<string, string>();
    for (const chunk of chunks(candidates, 1000)) {
      const found = await this.organisations.find({ legalIdKey: { $in: chunk.map((c) => c.doc.legalIdKey) } }, { _id: 1, legalIdKey: 1 }).lean();
      for (const doc of found) known.set(doc.legalIdKey, doc._id);
    }
    const alreadyRegistered = (id: string) => ({ ok: false as const, errors: [{ field: 'legalId', reason: `already registered as ${id}` }] });
    const fresh = candidates.filter(({ at, doc }) => !(known.has(doc.legalIdKey) && (results[at] = alreadyRegistered(known.get(doc.legalIdKey)!))));
    if (!fresh.length) return results;
    // The batch's events are owed from here: the outbox record first, then the organisations.
    const batch = await this.outbox.create({ _id: randomUUID(), organisationIds: fresh.map((c) => c.doc._id), at: now });
    const inserted: Organisation[] = [];
    for (const chunk of chunks(fresh, 1000)) {
      const failed = new Set<number>();
      try {
        // Stamped as they are written: other replicas read changes back by their stamp (changeStamp), with a margin of seconds.
        const at = new Date().toISOString();
        for (const c of chunk) Object.assign(c.doc, { registeredAt: at, ...changeStamp(at), eventPending: false });
        await this.organisations.insertMany(chunk.map((c) => c.doc), { ordered: false, lean: true });
      } catch (error) {
        const writeErrors = (error as { writeErrors?: { index: number; code?: number; err?: { index: number; code?: number } }[] }).writeErrors;
        if (!writeErrors) throw error;
        for (const e of writeErrors) {
          if ((e.err?.code ?? e.code) !== 11000) throw error;
          failed.add(e.err?.index ?? e.index);
        }
      }
      for (const [i, { at, doc }] of chunk.entries()) {
        if (!failed.has(i)) {
          inserted.push(doc);
          results[at] = { ok: true, id: doc._id };
          continue;
        }
        const winner = await this.organisations.findOne({ legalIdKey: doc.legalIdKey }, { _id: 1 }).lean();
        results[at] = alreadyRegistered(winner?._id ?? 'another organisation');
      }
    }
    for (const chunk of chunks(inserted, 1000)) await this.changes.insertMany(chunk.map(registeredChange), { ordered: false, lean: true });
    for (const doc of inserted) this.index.put(indexed(doc));
    await this.settleBatch(batch._id, inserted);
    return results;
  }

  /** Changes at the revision the caller last saw; the whole record is checked again. */
  async update(dto: UpdateOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    // Judged here too, on the gateway's signed identity: a request around the gateway is held to the same rule.
    const { role, org } = callerOf(['secretariat', 'member'], 'only the secretariat or the organisation itself changes a record');
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
    // Stored NACE codes are judged when they are given: a code the classification does not have (kept from before it was
    // checked against the list) must not stop every other change to the record.
    const keptNaceCodes = given.naceCodes === undefined ? current.naceCodes : undefined;
    const checked = checkOrganisation((keptNaceCodes ? { ...merged, naceCodes: undefined } : merged) as unknown as OrganisationInput);
    if (!checked.ok) throw validationFailed(checked.errors, 'the organisation is not valid');
    await this.assertMembersExist(checked.organisation.kind, checked.organisation.memberIds, dto.id, current.memberIds ?? []);
    const { searchText, sortName } = checked;
    const organisation = keptNaceCodes ? { ...checked.organisation, naceCodes: keptNaceCodes } : checked.organisation;
    const updated = await this.commit(current, 'updated', { ...organisation, searchText, sortName });
    await this.publish(updated);
    return forCaller(toView(updated));
  }

  /**
   * A cluster's `memberIds` as the registry keeps them: those listed before the network asked members for their consent
   * (2026-12-03), which a change may shorten, never lengthen (and which shortens by itself when the network reports that
   * one's membership ended: dropClusterMember). An organisation becomes a member by accepting the cluster's
   * invitation in the network (POST /api/v1/network/clusters/{id}/invitations); the registry must not show, or publish to
   * partners, an organisation as a member it never agreed to be. Those still listed must be registered, active organisations.
   */
  private async assertMembersExist(kind: string, memberIds: string[] | undefined, selfId?: string, listed: string[] = []): Promise<void> {
    if (!memberIds?.length) return;
    if (kind !== 'cluster') throw validationFailed([{ field: 'memberIds', reason: 'only a cluster has member organisations' }]);
    const kept = new Set(listed);
    const added = memberIds.flatMap((id, i) => (kept.has(id) ? [] : [{ field: `memberIds[${i}]`, reason: `${id} was not listed: ${INVITE_MEMBERS}` }]));
    if (added.length) throw validationFailed(added, 'cluster members join by invitation');
    const found = await this.organisations.find({ _id: { $in: memberIds }, active: true }, { _id: 1 }).lean();
    const known = new Set(found.map((d) => d._id));
    const fields = memberIds.flatMap((id, i) =>
      id === selfId ? [{ field: `memberIds[${i}]`, reason: 'a cluster cannot be its own member' }] : known.has(id) ? [] : [{ field: `memberIds[${i}]`, reason: `${id} is not an active registered organisation` }],
    );
    if (fields.length) throw validationFailed(fields, 'unknown cluster members');
  }

  /**
   * The network reports that an organisation's membership of a cluster ended: the registry no longer lists it among the
   * cluster's members. Recorded as the cluster's next revision, by the network and with the event that said so, and
   * published like any change. Nothing to record when it is not listed (a redelivery, or a member by invitation, which the
   * registry never lists) or when the cluster is deactivated (a deactivated record is not changed). A concurrent change
   * is a 409 the caller retries (the consumer redelivers it).
   */
  async dropClusterMember(clusterId: string, organisationId: string, cause: string): Promise<void> {
    const current = await this.organisations.findById(clusterId).lean();
    if (!current?.active) return;
    const memberIds = memberIdsWithout(current.memberIds ?? [], organisationId);
    if (!memberIds) return;
    const updated = await this.commit(current, 'updated', { memberIds }, { by: 'network', cause });
    await this.publish(updated);
    this.logger.log(`cluster ${clusterId} r${updated.revision}: ${organisationId} no longer listed as a member (${cause})`);
  }

  /** From this replica's copy (changes by other replicas arrive within SEARCH_REFRESH_MS); the database when it has none. */
  async get(id: string): Promise<OrganisationView | OrganisationPublicData> {
    const held = this.index.get(id);
    if (held) return forCaller(toView(held.doc));
    const doc = await this.organisations.findById(id).lean();
    if (!doc) throw notFound(`organisation ${id}`);
    return forCaller(toView(doc));
  }

  /**
   * Served from this replica's index, which holds every organisation (the database stays the
   * record). With `q`: every word matches a word of a name (any language or script, with or without
   * diacritics) as a prefix or with a typo, best matches first unless a sort is asked for. Without
   * it: the filters alone, sorted by name or registration.
   */
  async search(query: SearchOrganisationsDto): Promise<Page<OrganisationView | OrganisationPublicData>> {
    const { found, page, pageSize } = this.searchPage(query);
    return pageFor(found, page, pageSize);
  }

  /**
   * `search` as the JSON text of its answer, for the reply as it is: the text of a page the index kept (a query asked
   * again) is kept with that page, one per kind of reader (what `forCaller` shows differs), and goes when the page
   * does (any change to the index), so a repeated search costs neither the copies of its 20 records nor their JSON.
   */
  searchReply(query: SearchOrganisationsDto): JsonReply {
    const { found, page, pageSize, kept } = this.searchPage(query);
    if (!kept) return new JsonReply(JSON.stringify(pageFor(found, page, pageSize)));
    const ctx = currentContext();
    const reader = mayReadStaffIds(ctx?.role) ? 'staff' : ctx?.role === 'member' ? `member:${ctx.org ?? ''}` : 'public';
    let replies = this.pageReplies.get(found);
    if (replies) this.pageReplies.delete(found);
    this.pageReplies.set(found, (replies ??= new Map()));
    let reply = replies.get(reader);
    if (!reply) {
      reply = new JsonReply(JSON.stringify(pageFor(found, page, pageSize)));
      if (replies.size < READERS_PER_PAGE) {
        replies.set(reader, reply);
        this.pageReplyChars += reply.text.length;
        for (const [oldest, dropped] of this.pageReplies) {
          if (this.pageReplyChars <= KEPT_REPLY_CHARS || oldest === found) break;
          this.pageReplies.delete(oldest);
          for (const gone of dropped.values()) this.pageReplyChars -= gone.text.length;
        }
      }
    }
    return reply;
  }

  /** The page a search asks for; `kept` when it is one the index keeps until it changes (a query, not a browse). */
  private searchPage(query: SearchOrganisationsDto): { found: TextIndexPage<IndexedOrganisation>; page: number; pageSize: number; kept: boolean } {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const includeInactive = query.includeInactive === true || query.includeInactive === 'true';
    const sector = query.sector;
    const keep = ({ doc }: IndexedOrganisation) =>
      (includeInactive || doc.active) &&
      (!query.kind || doc.kind === query.kind) &&
      (!query.country || doc.country === query.country) &&
      (!query.region || doc.region === query.region) &&
      (!sector || doc.naceCodes.some((code) => naceCodeMatches(code, sector)));
    const { field, direction } = sortOf(query.sort);
    const bySort = (a: IndexedOrganisation, b: IndexedOrganisation) => direction * (a.doc[field] < b.doc[field] ? -1 : a.doc[field] > b.doc[field] ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const offset = (page - 1) * pageSize;
    if (query.q !== undefined && query.q !== '') {
      if (!this.index.queryWords(query.q).length) throw validationFailed([{ field: 'q', reason: 'has no letters or digits to search for' }]);
      // The key names all that `keep` and `bySort` read: a page asked again is answered from the index's recent pages.
      const key = JSON.stringify([includeInactive, query.kind, query.country, query.region, sector, query.sort]);
      return { found: this.index.page(query.q, keep, { offset, limit: pageSize, tieBreak: bySort, order: query.sort ? bySort : undefined, key }), page, pageSize, kept: true };
    }
    return { found: pageInOrder(this.index.filter(keep), bySort, offset, pageSize), page, pageSize, kept: false };
  }

  async deactivate(dto: DeactivateOrganisationDto): Promise<OrganisationView | OrganisationPublicData> {
    // Judged here, on the gateway's signed identity: a request around the gateway is held to the HTTP route's rule.
    const { actor } = secretariatOnly('only the secretariat deactivates organisations');
    const current = await this.organisations.findById(dto.id).lean();
    if (!current) throw notFound(`organisation ${dto.id}`);
    if (!current.active) throw conflict('the organisation is already deactivated', { revision: current.revision });
    if (current.revision !== dto.expectedRevision) throw staleRevision(dto.expectedRevision, current.revision);
    const updated = await this.commit(current, 'deactivated', {
      active: false,
      deactivation: { reason: dto.reason, at: new Date().toISOString(), by: actor },
    });
    await this.publish(updated);
    return forCaller(toView(updated));
  }

  /**
   * Writes the next revision: first claims it (a concurrent change at the same revision loses with
   * a 409), then applies it to the document. A change claimed but not applied (the writer stopped)
   * is finished by the relay.
   */
  private async commit(current: Organisation, kind: 'updated' | 'deactivated', fields: Record<string, unknown>, origin: { by?: string; cause?: string } = { by: currentContext()?.actor }): Promise<Organisation> {
    const revision = current.revision + 1;
    const at = new Date().toISOString();
    const state = { ...fields, revision, ...changeStamp(at), eventPending: true };
    try {
      await this.changes.create({ _id: `${current._id}:${revision}`, organisationId: current._id, revision, kind, at, ...origin, state, applied: false });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw staleRevision(current.revision, revision);
      throw error;
    }
    return this.apply(current._id, revision, state);
  }

  private async apply(id: string, revision: number, state: Record<string, unknown>): Promise<Organisation> {
    await this.organisations.updateOne({ _id: id, revision: { $lt: revision } }, { $set: state });
    await this.changes.updateOne({ _id: `${id}:${revision}` }, { $set: { applied: true } });
    const doc = (await this.organisations.findById(id).lean())!;
    this.index.put(indexed(doc));
    return doc;
  }

  private eventOf(doc: Organisation) {
    const event = doc.revision === 1 ? RegistryEvents.registered : doc.active ? RegistryEvents.updated : RegistryEvents.deactivated;
    // Public: partners and every service read it; contact people and staff ids stay in the registry.
    return { subject: event.subject, type: event.type, about: `organisation/${doc._id}`, id: `organisation-${doc._id}-r${doc.revision}`, time: doc.updatedAt, data: toPublicData(toView(doc)) };
  }

  /** Publishes the event of the document's current revision, then marks it published. */
  private async publish(doc: Organisation): Promise<void> {
    try {
      await this.publisher.publish(this.eventOf(doc));
      await this.organisations.updateOne({ _id: doc._id, revision: doc.revision }, { $set: { eventPending: false } });
    } catch (error) {
      this.logger.warn(`event for organisation ${doc._id} r${doc.revision} not published yet (the relay retries): ${(error as Error).message}`);
    }
  }

  /** Publishes a batch's events, a bounded number in flight; the outbox record then goes, or keeps only what is still owed. */
  private async settleBatch(batchId: string, docs: Organisation[]): Promise<void> {
    const owed: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < docs.length) {
        const doc = docs[next++];
        try {
          await this.publisher.publish(this.eventOf(doc));
        } catch (error) {
          owed.push(doc._id);
          this.logger.warn(`event for organisation ${doc._id} r${doc.revision} not published yet (the relay retries): ${(error as Error).message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(32, docs.length) }, worker));
    if (owed.length) await this.outbox.updateOne({ _id: batchId }, { $set: { organisationIds: owed } });
    else await this.outbox.deleteOne({ _id: batchId });
  }

  private async relayUnpublished(): Promise<void> {
    // Changes claimed but not applied for a while: their writer stopped half-way; finish them.
    const stale = new Date(Date.now() - 10_000).toISOString();
    for (const change of await this.changes.find({ applied: false, at: { $lt: stale } }).limit(100).lean()) {
      // Stamped now: other replicas read changes back by their stamp (changeStamp), within a margin of seconds.
      await this.apply(change.organisationId, change.revision, { ...change.state, ...changeStamp(new Date().toISOString()) });
    }
    const pending = await this.organisations.find({ eventPending: true }).limit(100).lean();
    for (const doc of pending) await this.publish(doc);
    // Bulk registrations whose writer stopped before their events were all out.
    // A batch still being published is younger than the import's own time limit (the gateway waits 120 s).
    const staleBatch = new Date(Date.now() - 150_000).toISOString();
    for (const batch of await this.outbox.find({ at: { $lt: staleBatch } }).limit(10).lean()) {
      const docs = await this.organisations.find({ _id: { $in: batch.organisationIds } }).lean();
      await this.settleBatch(batch._id, docs);
    }
  }
}
