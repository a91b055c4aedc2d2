import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
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

/**
 * How stale a search without `after` may find this replica's copy (ms): at most one read-back a second, whatever the
 * searches. A background read-back every second instead cost the projector, under 200 writes/s, its live lag: p99
 * 0.8-1.4 s against 0.2-0.5 s without (bench-projection-lag, alternating builds), each read-back decoding the span
 * being filled again.
 */
export const REGISTER_STALENESS_MS = 1_000;

/**
 * This replica's copy of the public register (see ReadModelMirror): a register page, or its count, read the whole
 * collection on FerretDB 1.x, which sorts and counts in its own memory (1.2 s of its CPU each at 10,000 entries).
 */
@Injectable()
export class RegisterMirror implements OnApplicationBootstrap {
  private readonly logger = new Logger(RegisterMirror.name);
  readonly mirror: ReadModelMirror<StoredRegisterEntry>;

  constructor(@InjectModel(REGISTER_ENTRY) register: Model<RegisterEntryDocument>, @InjectConnection() connection: Connection) {
    const checkpoints = new CheckpointStore(connection);
    this.mirror = new ReadModelMirror<StoredRegisterEntry>({
      projection: REGISTER_PROJECTION,
      checkpoint: (name) => checkpoints.load(name),
      find: (filter) => register.find(filter as FilterQuery<RegisterEntryDocument>).lean<StoredRegisterEntry[]>(),
      maxStalenessMs: REGISTER_STALENESS_MS,
    });
  }

  /** Loaded ahead of the first search, which would otherwise wait for it; a failure here is only logged (that search reads again). */
  onApplicationBootstrap(): void {
    void this.mirror.refresh().then(
      (loaded) => this.logger.log(`public register: ${loaded.documents} entries in memory`),
      (error: unknown) => this.logger.warn(`public register not loaded yet: ${error}`),
    );
  }

  /** A page of the register, once every write up to `after` (already waited for) is in this copy. */
  async page(filter: RegisterFilter, page: number, pageSize: number, after?: number): Promise<{ items: StoredRegisterEntry[]; total: number }> {
    return registerPage(await this.mirror.documents(after), filter, page, pageSize);
  }
}
