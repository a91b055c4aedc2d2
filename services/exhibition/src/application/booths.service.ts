import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { BoothView, Page, SearchBoothsDto } from '@banat/contracts';
import { notFound, validationFailed } from '@banat/messaging';
import { Booth } from '../read-models/booth.schema';
import { toView } from '../read-models/booth.mapping';
import { BoothIndexService, IndexedBooth } from './booth-index.service';

/** Today as the certificates' terms are written (UTC date). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** Queries of the exhibition: by name from the search index, otherwise plain equality and range filters (FerretDB 1.x). */
@Injectable()
export class BoothsService {
  constructor(
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    private readonly boothIndex: BoothIndexService,
  ) {}

  async search(query: SearchBoothsDto): Promise<Page<BoothView>> {
    const day = today();
    if (query.q !== undefined && query.q !== '') return this.searchText(query.q, query, day);
    const filter: FilterQuery<Booth> = { listed: true };
    if (query.country) filter.country = query.country;
    if (query.region) filter.region = query.region;
    if (query.niceClass !== undefined) filter.niceClasses = query.niceClass;
    if (query.brandHolder === true) filter.markUntil = { $gte: day };
    if (query.brandHolder === false) filter.markUntil = { $lt: day };
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [docs, total] = await Promise.all([
      this.booths.find(filter).sort({ sortName: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<Booth[]>(),
      this.booths.countDocuments(filter),
    ]);
    return { items: docs.map((d) => toView(d, day)), total, page, pageSize };
  }

  /**
   * Full-text search from the index: every word of `q` matches a word of a name (any language or
   * script, with or without diacritics) as a prefix or with a typo; best matches first. The filters
   * apply as in the database query.
   */
  private searchText(q: string, query: SearchBoothsDto, day: string): Page<BoothView> {
    const index = this.boothIndex.index;
    if (!index.queryWords(q).length) throw validationFailed([{ field: 'q', reason: 'has no letters or digits to search for' }]);
    const keep = ({ doc }: IndexedBooth) =>
      doc.listed &&
      (!query.country || doc.country === query.country) &&
      (!query.region || doc.region === query.region) &&
      (query.niceClass === undefined || doc.niceClasses.includes(query.niceClass)) &&
      (query.brandHolder === undefined || (query.brandHolder ? doc.markUntil >= day : doc.markUntil < day));
    const hits = index.search(q, keep, (a, b) => (a.doc.sortName < b.doc.sortName ? -1 : a.doc.sortName > b.doc.sortName ? 1 : 0));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const items = hits.slice((page - 1) * pageSize, page * pageSize).map((hit) => toView(hit.entry.doc, day));
    return { items, total: hits.length, page, pageSize };
  }

  async get(organisationId: string): Promise<BoothView> {
    return toView(await this.listed(organisationId), today());
  }

  /** A booth the public may see; a hidden (deactivated) or unknown one is NOT_FOUND. */
  async listed(organisationId: string): Promise<Booth> {
    const doc = await this.booths.findOne({ _id: organisationId, listed: true }).lean<Booth>();
    if (!doc) throw notFound(`booth ${organisationId}`);
    return doc;
  }
}
