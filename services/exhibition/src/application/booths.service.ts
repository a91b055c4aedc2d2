import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { BoothView, Page, SearchBoothsDto, programmeToday } from '@banat/contracts';
import { JsonReply, notFound, pageInOrder, TextIndexPage, validationFailed } from '@banat/messaging';
import { Booth } from '../read-models/booth.schema';
import { toView } from '../read-models/booth.mapping';
import { BoothIndexService, IndexedBooth } from './booth-index.service';

/** Today as the certificates' terms are written (UTC date). */
export const today = (): string => programmeToday();

/** A page of booths found, and whether the index keeps it (see `searchReply`). */
interface BoothsFound {
  found: TextIndexPage<IndexedBooth>;
  page: number;
  pageSize: number;
  kept: boolean;
}

/** Queries of the exhibition, from the booth index this replica keeps (BoothIndexService). */
@Injectable()
export class BoothsService {
  constructor(
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    private readonly boothIndex: BoothIndexService,
  ) {}

  /**
   * Served from this replica's index, which holds every booth (the database stays the record). With
   * `q`: every word matches a word of a name (any language or script, with or without diacritics) as
   * a prefix or with a typo, best matches first; without it, by name. The filters apply either way.
   */
  async search(query: SearchBoothsDto): Promise<Page<BoothView>> {
    const day = today();
    return this.pageOfBooths(this.boothPage(query, day), day);
  }

  /**
   * `search` as the JSON text of its answer, for the reply as it is: a query's page is kept by the index until any
   * booth changes (its key names every filter and the day the brand marks are judged on), and its text with it, so a
   * search asked again costs neither the ranking, the views of its booths nor their JSON.
   */
  searchReply(query: SearchBoothsDto): JsonReply {
    const day = today();
    const found = this.boothPage(query, day);
    if (!found.kept) return new JsonReply(JSON.stringify(this.pageOfBooths(found, day)));
    const known = this.replies.get(found.found);
    if (known) return known;
    const reply = new JsonReply(JSON.stringify(this.pageOfBooths(found, day)));
    this.replies.set(found.found, reply);
    return reply;
  }

  /** The answers' JSON of the index's kept pages, by page object (dropped by the index on any change, then collected). */
  private readonly replies = new WeakMap<TextIndexPage<IndexedBooth>, JsonReply>();

  private pageOfBooths({ found, page, pageSize }: BoothsFound, day: string): Page<BoothView> {
    return { items: found.entries.map((entry) => toView(entry.doc, day)), total: found.total, page, pageSize };
  }

  /** The page of booths a search asks for; `kept` when the index keeps it until a booth changes (a query, not a browse). */
  private boothPage(query: SearchBoothsDto, day: string): BoothsFound {
    const index = this.boothIndex.index;
    const keep = ({ doc }: IndexedBooth) =>
      doc.listed &&
      !doc.hidden &&
      (!query.country || doc.country === query.country) &&
      (!query.region || doc.region === query.region) &&
      (query.niceClass === undefined || doc.niceClasses.includes(query.niceClass)) &&
      (query.brandHolder === undefined || (query.brandHolder ? doc.markUntil >= day : doc.markUntil < day));
    const byName = (a: IndexedBooth, b: IndexedBooth) => (a.doc.sortName < b.doc.sortName ? -1 : a.doc.sortName > b.doc.sortName ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const offset = (page - 1) * pageSize;
    if (query.q === undefined || query.q === '') return { found: pageInOrder(index.filter(keep), byName, offset, pageSize), page, pageSize, kept: false };
    if (!index.queryWords(query.q).length) throw validationFailed([{ field: 'q', reason: 'has no letters or digits to search for' }]);
    const key = [query.country, query.region, query.niceClass, query.brandHolder, day].join('\u0001');
    return { found: index.page(query.q, keep, { offset, limit: pageSize, tieBreak: byName, key }), page, pageSize, kept: true };
  }

  /** From this replica's copy when it shows the booth listed; otherwise the database decides. */
  async get(organisationId: string): Promise<BoothView> {
    const held = this.boothIndex.index.get(organisationId);
    return toView(held?.doc.listed && !held.doc.hidden ? held.doc : await this.listed(organisationId), today());
  }

  /** A booth the public may see; a hidden (deactivated) or unknown one is NOT_FOUND. */
  async listed(organisationId: string): Promise<Booth> {
    const doc = await this.booths.findOne({ _id: organisationId, listed: true, hidden: { $ne: true } }).lean<Booth>();
    if (!doc) throw notFound(`booth ${organisationId}`);
    return doc;
  }
}
