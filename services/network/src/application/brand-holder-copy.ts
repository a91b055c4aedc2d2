import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { CollectionCopy, pageInOrder, PLATFORM_CONFIG, PlatformConfig, TextIndexPage } from '@banat/messaging';
import { BrandHolderDocument } from '../read-models/brand-holder.schema';

/**
 * This replica's copy of the brand holders (a CollectionCopy), which the public list of holders and the members' list
 * read from: on FerretDB, "holders today" (a range on `markUntil`), sorted and counted, read and decoded every holder
 * the network ever marked at each request. `markOf` one organisation still reads the store (an equality on `_id`).
 */
@Injectable()
export class BrandHolderCopy extends CollectionCopy<BrandHolderDocument> {
  constructor(@InjectModel(BrandHolderDocument.name) holders: Model<BrandHolderDocument>, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    super(holders, { refreshMs: config.SEARCH_REFRESH_MS, what: 'brand holders', revisionOf: (doc) => doc.version });
  }

  /** The holders whose mark runs to `today` or later, in no particular order. */
  holdersOn(today: string): BrandHolderDocument[] {
    return this.documents((doc) => doc.markUntil >= today);
  }

  /** One page of today's holders by organisation id, and how many there are (only the page is put in order). */
  page(today: string, offset: number, limit: number): TextIndexPage<BrandHolderDocument> {
    return pageInOrder(this.holdersOn(today), (a, b) => (a._id < b._id ? -1 : a._id > b._id ? 1 : 0), offset, limit);
  }
}
