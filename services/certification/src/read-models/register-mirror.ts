import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection, InjectModel } from '@nestjs/mongoose';
import type { Connection, FilterQuery, Model } from 'mongoose';
import { CheckpointStore, ReadModelMirror } from '@banat/projections';
import { REGISTER_PROJECTION } from './projection-status';
import { REGISTER_ENTRY, RegisterEntryDocument } from './register.schema';

/** A register entry as read from the store: with the position of its last event. */
export type StoredRegisterEntry = RegisterEntryDocument & { _position?: number; _positionSpan?: number };

/** What a register search may ask for; every given field must match exactly, `numberPrefix` as the start of the number. */
export interface RegisterFilter {
  status?: string;
  schemeId?: string;
  holderCountry?: string;
  holderRegion?: string;
  holderOrganisationId?: string;
  numberPrefix?: string;
}

/**
 * One page of the register in certificate-number order, and how many entries match: what
 * `find(filter).sort({ _id: 1 }).skip().limit()` and `countDocuments(filter)` answered from the store.
 */
export function registerPage(
  entries: { ids: readonly string[]; get(id: string): StoredRegisterEntry },
  filter: RegisterFilter,
  page: number,
  pageSize: number,
): { items: StoredRegisterEntry[]; total: number } {
  const skip = (page - 1) * pageSize;
  const items: StoredRegisterEntry[] = [];
  let total = 0;
  for (const id of entries.ids) {
    if (filter.numberPrefix !== undefined && !id.startsWith(filter.numberPrefix)) continue;
    const entry = entries.get(id);
    if (filter.status !== undefined && entry.status !== filter.status) continue;
    if (filter.schemeId !== undefined && entry.schemeId !== filter.schemeId) continue;
    if (filter.holderCountry !== undefined && entry.holderCountry !== filter.holderCountry) continue;
    if (filter.holderRegion !== undefined && entry.holderRegion !== filter.holderRegion) continue;
    if (filter.holderOrganisationId !== undefined && entry.holderOrganisationId !== filter.holderOrganisationId) continue;
    if (total >= skip && items.length < pageSize) items.push(entry);
    total++;
  }
  return { items, total };
}

/** How often a replica's copy follows the stored checkpoint between searches (ms). */
export const REGISTER_FOLLOW_MS = 1_000;

/**
 * This replica's copy of the public register (see ReadModelMirror): a register page, or its count, read the whole
 * collection on FerretDB 1.x, which sorts and counts in its own memory (1.2 s of its CPU each at 10,000 entries).
 * Loaded at start, then it follows the stored checkpoint every REGISTER_FOLLOW_MS as well as at each search, so a
 * long catch-up (the projector replaying thousands of events after a restart) is read span by span in the
 * background rather than all at once by a search.
 */
@Injectable()
export class RegisterMirror implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RegisterMirror.name);
  readonly mirror: ReadModelMirror<StoredRegisterEntry>;
  private timer?: NodeJS.Timeout;
  private failing = false;
  private stopped = false;

  constructor(@InjectModel(REGISTER_ENTRY) register: Model<RegisterEntryDocument>, @InjectConnection() connection: Connection) {
    const checkpoints = new CheckpointStore(connection);
    this.mirror = new ReadModelMirror<StoredRegisterEntry>({
      projection: REGISTER_PROJECTION,
      checkpoint: (name) => checkpoints.load(name),
      find: (filter) => register.find(filter as FilterQuery<RegisterEntryDocument>).lean<StoredRegisterEntry[]>(),
    });
  }

  /** Loaded ahead of the first search, which would otherwise wait for it; a failure here is only logged (the next tick, or a search, reads again). */
  onApplicationBootstrap(): void {
    void this.mirror.refresh().then(
      (loaded) => this.logger.log(`public register: ${loaded.documents} entries in memory`),
      (error: unknown) => this.logger.warn(`public register not loaded yet: ${error}`),
    );
    this.timer = setInterval(() => void this.follow(), REGISTER_FOLLOW_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  /** One background refresh, which cannot fail: the first failure of a run of them is logged, and the recovery. */
  private async follow(): Promise<void> {
    try {
      await this.mirror.refresh();
      if (this.failing) this.logger.log('public register: read back again');
      this.failing = false;
    } catch (error) {
      if (this.stopped) return; // the database closing at shutdown
      if (!this.failing) this.logger.warn(`public register: reading back failed, retrying every ${REGISTER_FOLLOW_MS} ms: ${error}`);
      this.failing = true;
    }
  }

  /** A page of the register, once every write up to `after` (already waited for) is in this copy. */
  async page(filter: RegisterFilter, page: number, pageSize: number, after?: number): Promise<{ items: StoredRegisterEntry[]; total: number }> {
    return registerPage(await this.mirror.documents(after), filter, page, pageSize);
  }
}
