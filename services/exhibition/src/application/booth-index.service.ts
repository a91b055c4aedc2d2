import { Inject, Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { PLATFORM_CONFIG, PlatformConfig } from '@banat/messaging';
import { Booth } from '../read-models/booth.schema';
import { CollectionIndex, IndexedDoc } from './collection-index';

/** A booth in the search index. */
export type IndexedBooth = IndexedDoc<Booth>;

/** This replica's full-text index of booths, kept by the booth projector's writes in this process (see CollectionIndex). */
@Injectable()
export class BoothIndexService extends CollectionIndex<Booth> {
  constructor(@InjectModel(Booth.name) booths: Model<Booth>, @Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    super(booths, config.SEARCH_REFRESH_MS, 'booth', (doc) => doc.version);
  }
}
