import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { feedIndex, PLATFORM_CONFIG, PlatformConfig, TextIndex } from '@banat/messaging';
import { foldText } from '../domain';
import { ProductPage } from '../read-models/exhibitor-pages.schema';

/** A product page in the search index: its folded names, and the stored page to filter and answer from memory. */
export interface IndexedProduct {
  id: string;
  text: string;
  revision: number;
  doc: ProductPage;
}

/**
 * This replica's full-text index of product pages: built from the database at start, kept by this
 * process's product writes (ExhibitorPagesService), and every SEARCH_REFRESH_MS reads back what other
 * replicas wrote. Product pages are never deleted (the secretariat hides them), so an entry is only
 * ever replaced by a later revision.
 */
@Injectable()
export class ProductIndexService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProductIndexService.name);
  readonly index = new TextIndex<IndexedProduct>(foldText);
  private feed?: { stop(): void };

  constructor(
    @InjectModel(ProductPage.name) private readonly products: Model<ProductPage>,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.feed = await feedIndex(this.index, {
      read: async (since) => (await this.products.find(since ? { updatedAt: { $gte: since } } : {}).lean<ProductPage[]>()).map((doc) => this.entry(doc)),
      everyMs: this.config.SEARCH_REFRESH_MS,
      onError: (error) => this.logger.warn(`product search index refresh: ${error}`),
    });
    this.logger.log(`product search index: ${this.index.size} product pages`);
  }

  onApplicationShutdown(): void {
    this.feed?.stop();
  }

  /** A product page as just written by this process. */
  written(doc: ProductPage): void {
    this.index.put(this.entry(doc));
  }

  private entry(doc: ProductPage): IndexedProduct {
    return { id: doc._id, text: doc.searchText, revision: doc.revision, doc };
  }
}
