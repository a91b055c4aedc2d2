import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import { ClusterMemberView, OrganisationPublicData, RegistryEvents } from '@banat/contracts';
import { consumePublicEvents, InjectNats, notFound } from '@banat/messaging';
import { listedBeforeConsent } from '../domain';
import { DirectoryEntry } from '../read-models/directory-entry.schema';
import { BrandHoldersService } from './brand-holders.service';

@Injectable()
export class DirectoryService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DirectoryService.name);
  private consumer?: { stop(): Promise<void> };

  constructor(
    @InjectModel(DirectoryEntry.name) private readonly entries: Model<DirectoryEntry>,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly brandHolders: BrandHoldersService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await consumePublicEvents(this.nc, {
      durable: 'network-directory',
      filterSubjects: [RegistryEvents.registered.subject, RegistryEvents.updated.subject, RegistryEvents.deactivated.subject],
      handle: (event) => this.apply(event.id, event.data as OrganisationPublicData, event.time),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Idempotent: an event for a revision already applied (or older) changes nothing. `time`: the registry event's, which decides whether its cluster members need their consent. */
  async apply(eventId: string, org: OrganisationPublicData, time?: string): Promise<void> {
    const memberIds = org.memberIds ?? [];
    const before = memberIds.length ? await this.entries.findById(org.id, { memberIds: 1, listedBeforeConsent: 1 }).lean() : null;
    const grandfathered = listedBeforeConsent(time, memberIds, before?.listedBeforeConsent ?? before?.memberIds ?? []);
    const set = { name: org.name, kind: org.kind, country: org.country, region: org.region, active: org.active, memberIds, listedBeforeConsent: grandfathered, revision: org.revision, lastEventId: eventId };
    const res = await this.entries.updateOne({ _id: org.id, revision: { $lt: org.revision } }, { $set: set });
    if (res.matchedCount === 0) {
      try {
        await this.entries.create({ _id: org.id, ...set });
      } catch (error) {
        if ((error as { code?: number }).code !== 11000) throw error; // exists at a newer revision already
      }
    }
    this.logger.debug(`directory: organisation ${org.id} at revision ${org.revision}`);
  }

  /** The organisation as the network knows it, or undefined if the registry never told it. */
  async known(id: string): Promise<{ id: string; country: string; kind: string; active: boolean } | undefined> {
    const entry = await this.entries.findById(id, { country: 1, kind: 1, active: 1 }).lean();
    return entry ? { id: entry._id, country: entry.country, kind: entry.kind, active: entry.active } : undefined;
  }

  async get(id: string) {
    const entry = await this.entries.findById(id).lean();
    if (!entry) throw notFound(`directory entry ${id}`);
    const { organisationId: _id, ...brandHolder } = await this.brandHolders.markOf(id);
    return { id: entry._id, name: entry.name, kind: entry.kind, country: entry.country, region: entry.region, active: entry.active, revision: entry.revision, brandHolder };
  }

  /** The names of these organisations, by id (ids the directory does not know are left out). */
  async names(ids: string[]): Promise<Map<string, Record<string, string>>> {
    const entries = await this.entries.find({ _id: { $in: ids } }, { name: 1 }).lean();
    return new Map(entries.map((e) => [e._id, e.name]));
  }

  /** A cluster as the directory knows it, with the members its registry listing made before consent was asked (undefined if never told). */
  async cluster(id: string): Promise<{ kind: string; active: boolean; listedBeforeConsent: string[] } | undefined> {
    const entry = await this.entries.findById(id, { kind: 1, active: 1, memberIds: 1, listedBeforeConsent: 1 }).lean();
    return entry ? { kind: entry.kind, active: entry.active, listedBeforeConsent: entry.listedBeforeConsent ?? entry.memberIds ?? [] } : undefined;
  }

  /** These organisations as a cluster's members are shown, by id (ids the registry never told of are left out). */
  async asClusterMembers(ids: string[]): Promise<ClusterMemberView[]> {
    const members = await this.entries.find({ _id: { $in: ids } }).sort({ _id: 1 }).lean();
    return Promise.all(
      members.map(async (m) => {
        const { organisationId: _id, ...brandHolder } = await this.brandHolders.markOf(m._id);
        return { id: m._id, name: m.name, country: m.country, region: m.region, active: m.active, brandHolder };
      }),
    );
  }
}
