import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PLATFORM_CONFIG, PlatformConfig } from '@banat/messaging';
import { ProductPage } from '../read-models/exhibitor-pages.schema';
import { CollectionIndex, IndexedDoc } from './collection-index';

/** A product page in the search index. */
export type IndexedProduct = IndexedDoc<ProductPage>;

/**
 * This replica's full-text index of product pages, kept by this process's product writes (ExhibitorPagesService; see
 * CollectionIndex). Product pages are never deleted (the secretariat hides them), so an entry is only ever replaced
 * by a later revision.
 */
@Injectable()
export class ProductIndexService extends CollectionIndex<ProductPage> {
  constructor(@InjectModel(ProductPage.name) products: Model<ProductPage>, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    super(products, config.SEARCH_REFRESH_MS, 'product page', (doc) => doc.revision);
  }
}
