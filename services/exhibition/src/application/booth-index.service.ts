import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { feedIndex, PLATFORM_CONFIG, PlatformConfig, TextIndex } from '@banat/messaging';
import { foldText } from '../domain';
import { Booth } from '../read-models/booth.schema';

/** A booth in the search index: its folded names, and the stored booth to filter and answer from memory. */
export interface IndexedBooth {
  id: string;
  text: string;
  revision: number;
  doc: Booth;
}

/**
 * This replica's full-text index of booths: built from the database at start, kept by the booth
 * projector's writes in this process, and every SEARCH_REFRESH_MS reads back what other replicas'
 * projectors wrote (they share the durable consumer, so each applies only part of the events).
 */
@Injectable()
export class BoothIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BoothIndexService.name);
  readonly index = new TextIndex<IndexedBooth>(foldText);
  private feed?: { stop(): void };

  constructor(
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.feed = await feedIndex(this.index, {
      read: async (since) => (await this.booths.find(since ? { updatedAt: { $gte: since } } : {}).lean<Booth[]>()).map((doc) => this.entry(doc)),
      everyMs: this.config.SEARCH_REFRESH_MS,
      onError: (error) => this.logger.warn(`search index refresh: ${error}`),
    });
    this.logger.log(`search index: ${this.index.size} booths`);
  }

  onApplicationShutdown(): void {
    this.feed?.stop();
  }

  /** A booth as just written by this process. */
  written(doc: Booth): void {
    this.index.put(this.entry(doc));
  }

  private entry(doc: Booth): IndexedBooth {
    return { id: doc._id, text: doc.searchText, revision: doc.version, doc };
  }
}
