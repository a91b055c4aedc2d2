import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { FilterQuery, Model } from 'mongoose';
import { BoothView, Page, SearchBoothsDto } from '@banat/contracts';
import { notFound } from '@banat/messaging';
import { searchPatterns } from '../domain';
import { Booth } from '../read-models/booth.schema';
import { toView } from '../read-models/booth.mapping';

/** Today as the certificates' terms are written (UTC date). */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** Queries of the exhibition: plain equality, range and regex filters only (FerretDB 1.x). */
@Injectable()
export class BoothsService {
  constructor(@InjectModel(Booth.name) private readonly booths: Model<Booth>) {}

  async search(query: SearchBoothsDto): Promise<Page<BoothView>> {
    const day = today();
    const filter: FilterQuery<Booth> = { listed: true };
    if (query.country) filter.country = query.country;
    if (query.region) filter.region = query.region;
    if (query.niceClass !== undefined) filter.niceClasses = query.niceClass;
    if (query.brandHolder === true) filter.markUntil = { $gte: day };
    if (query.brandHolder === false) filter.markUntil = { $lt: day };
    const patterns = query.q ? searchPatterns(query.q) : [];
    if (patterns.length) filter.$and = patterns.map((p) => ({ searchText: { $regex: p } }));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [docs, total] = await Promise.all([
      this.booths.find(filter).sort({ sortName: 1, _id: 1 }).skip((page - 1) * pageSize).limit(pageSize).lean<Booth[]>(),
      this.booths.countDocuments(filter),
    ]);
    return { items: docs.map((d) => toView(d, day)), total, page, pageSize };
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
