import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import {
  BoothPageView,
  BoothWithPagesView,
  CreateProductDto,
  ModerateBoothDto,
  ModerateProductDto,
  Page,
  PRODUCT_PAGES_MAX_PER_BOOTH,
  ProductPageView,
  PublicProductView,
  SearchProductsDto,
  UpdateBoothPageDto,
  UpdateProductDto,
} from '@banat/contracts';
import { changeStamp, conflict, currentContext, JsonReply, notFound, pageInOrder, TextIndexPage, validationFailed } from '@banat/messaging';
import { brandMarkOn, cleanText, foldText, productNameViolation, searchText } from '../domain';
import { Booth } from '../read-models/booth.schema';
import { BoothPage, ExhibitionImage, ProductPage, ThemedExhibitionRecord } from '../read-models/exhibitor-pages.schema';
import { BoothIndexService } from './booth-index.service';
import { IndexedProduct, ProductIndexService } from './product-index.service';
import { BoothsService, today } from './booths.service';
import { assertMayEdit, assertSecretariat, violated } from './exhibitor-rules';
import { derivedId, isDuplicateKey } from '@banat/messaging';

const pageView = (organisationId: string, doc: BoothPage | null, hidden: boolean): BoothPageView => ({
  organisationId,
  ...(doc?.description ? { description: doc.description } : {}),
  contacts: doc?.contacts ?? {},
  ...(doc?.logoImageId ? { logoImageId: doc.logoImageId } : {}),
  revision: doc?.revision ?? 0,
  hidden,
});

const productView = (doc: ProductPage): ProductPageView => ({
  id: doc._id,
  organisationId: doc.organisationId,
  name: doc.name,
  ...(doc.description ? { description: doc.description } : {}),
  niceClasses: doc.niceClasses,
  imageIds: doc.imageIds,
  hidden: doc.hidden,
  revision: doc.revision,
  updatedAt: doc.updatedAt,
});

/** Search results' order: by folded first name, then id (the index adds the id). */
const bySortName = (a: IndexedProduct, b: IndexedProduct) => (a.doc.sortName < b.doc.sortName ? -1 : a.doc.sortName > b.doc.sortName ? 1 : 0);

interface ThemeFilter {
  participants: Set<string>;
  niceClass?: number;
}

interface ProductsFound {
  found: TextIndexPage<IndexedProduct>;
  page: number;
  pageSize: number;
  kept: boolean;
}

const searchFields = (name: Record<string, string>) => ({ searchText: searchText(Object.values(name)), sortName: foldText(Object.values(name)[0] ?? '') });

/** What exhibitors write on their booths (pages and product pages), and the secretariat's moderation of it. */
@Injectable()
export class ExhibitorPagesService {
  constructor(
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    @InjectModel(BoothPage.name) private readonly pages: Model<BoothPage>,
    @InjectModel(ProductPage.name) private readonly products: Model<ProductPage>,
    @InjectModel(ExhibitionImage.name) private readonly images: Model<ExhibitionImage>,
    @InjectModel(ThemedExhibitionRecord.name) private readonly themes: Model<ThemedExhibitionRecord>,
    private readonly boothIndex: BoothIndexService,
    private readonly productIndex: ProductIndexService,
    private readonly boothsService: BoothsService,
  ) {}

  /** A booth the exhibitor may write on: it exists (known from registry and certification events). */
  private async boothToEdit(organisationId: string): Promise<Booth> {
    assertMayEdit(organisationId);
    const booth = await this.booths.findById(organisationId).lean<Booth>();
    if (!booth) throw notFound(`booth ${organisationId}`);
    return booth;
  }

  /** Images named must be this booth's own. */
  private async assertOwnImages(organisationId: string, field: string, ids: string[]): Promise<void> {
    if (!ids.length) return;
    const own = await this.images.countDocuments({ _id: { $in: ids }, organisationId });
    if (own !== new Set(ids).size) throw violated({ rule: 'ImageOfAnotherBooth', field, reason: `every image must be uploaded for booth ${organisationId} first` });
  }

  async updateBoothPage(dto: UpdateBoothPageDto): Promise<BoothPageView> {
    const booth = await this.boothToEdit(dto.organisationId);
    if (dto.logoImageId) await this.assertOwnImages(dto.organisationId, 'logoImageId', [dto.logoImageId]);
    const current = await this.pages.findById(dto.organisationId).lean<BoothPage>();
    const revision = current?.revision ?? 0;
    if (dto.expectedRevision !== undefined && dto.expectedRevision !== revision) throw conflict(`the booth page is at revision ${revision}, not ${dto.expectedRevision}: read it again`, { revision });
    const fields = {
      ...(dto.description !== undefined ? { description: cleanText(dto.description) } : {}),
      ...(dto.contacts !== undefined ? { contacts: dto.contacts } : {}),
      ...(dto.logoImageId !== undefined ? { logoImageId: dto.logoImageId } : {}),
      revision: revision + 1,
      updatedAt: new Date().toISOString(),
      updatedBy: currentContext()?.actor,
    };
    if (!current) {
      try {
        await this.pages.create({ _id: dto.organisationId, contacts: {}, ...fields });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) throw conflict('the booth page was written meanwhile: read it again', { revision: 1 });
        throw error;
      }
    } else {
      const res = await this.pages.updateOne({ _id: dto.organisationId, revision }, { $set: fields });
      if (res.matchedCount !== 1) throw conflict('the booth page was changed meanwhile: read it again');
    }
    return pageView(dto.organisationId, await this.pages.findById(dto.organisationId).lean<BoothPage>(), !!booth.hidden);
  }

  async moderateBooth(dto: ModerateBoothDto): Promise<BoothPageView> {
    assertSecretariat('hiding or showing a booth');
    for (let attempt = 0; attempt < 10; attempt++) {
      const booth = await this.booths.findById(dto.organisationId).lean<Booth>();
      if (!booth) throw notFound(`booth ${dto.organisationId}`);
      const set = { hidden: dto.hidden, moderationReason: dto.reason, version: booth.version + 1, ...changeStamp(new Date().toISOString()) };
      // At the version read, as the booth projector writes: neither overwrites the other.
      const res = await this.booths.updateOne({ _id: dto.organisationId, version: booth.version }, { $set: set });
      if (res.matchedCount === 1) {
        this.boothIndex.written({ ...booth, ...set });
        return pageView(dto.organisationId, await this.pages.findById(dto.organisationId).lean<BoothPage>(), dto.hidden);
      }
    }
    throw conflict(`booth ${dto.organisationId} kept changing: try again`);
  }

  async createProduct(dto: CreateProductDto): Promise<ProductPageView> {
    await this.boothToEdit(dto.organisationId);
    const name = cleanText(dto.name);
    const unnamed = productNameViolation(name);
    if (unnamed) throw violated(unnamed);
    await this.assertOwnImages(dto.organisationId, 'imageIds', dto.imageIds ?? []);
    // Pages are never deleted: the count names the next one, so pages created at once for one booth name the same
    // document and only one is stored (the others a 409), never more than the bound.
    const made = await this.products.countDocuments({ organisationId: dto.organisationId });
    if (made >= PRODUCT_PAGES_MAX_PER_BOOTH) {
      throw violated({ rule: 'TooManyProductPages', field: 'organisationId', reason: `booth ${dto.organisationId} already has ${PRODUCT_PAGES_MAX_PER_BOOTH} product pages, the most a booth may (change one instead)` });
    }
    const now = new Date().toISOString();
    const description = cleanText(dto.description);
    const doc: ProductPage = {
      _id: derivedId('product-page', dto.organisationId, made),
      organisationId: dto.organisationId,
      name,
      ...(Object.keys(description).length ? { description } : {}),
      niceClasses: [...new Set(dto.niceClasses)].sort((a, b) => a - b),
      imageIds: dto.imageIds ?? [],
      hidden: false,
      ...searchFields(name),
      revision: 1,
      createdAt: now,
      ...changeStamp(now),
    };
    try {
      await this.products.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw conflict(`another product page was created for booth ${dto.organisationId} meanwhile: send it again`);
      throw error;
    }
    this.productIndex.written(doc);
    return productView(doc);
  }

  async updateProduct(dto: UpdateProductDto): Promise<ProductPageView> {
    const current = await this.products.findById(dto.productId).lean<ProductPage>();
    if (!current) throw notFound(`product ${dto.productId}`);
    await this.boothToEdit(current.organisationId);
    const name = dto.name !== undefined ? cleanText(dto.name) : current.name;
    const unnamed = productNameViolation(name);
    if (unnamed) throw violated(unnamed);
    if (dto.imageIds) await this.assertOwnImages(current.organisationId, 'imageIds', dto.imageIds);
    if (current.revision !== dto.expectedRevision) throw conflict(`the product is at revision ${current.revision}, not ${dto.expectedRevision}: read it again`, { revision: current.revision });
    const set = {
      name,
      ...searchFields(name),
      ...(dto.description !== undefined ? { description: cleanText(dto.description) } : {}),
      ...(dto.niceClasses !== undefined ? { niceClasses: [...new Set(dto.niceClasses)].sort((a, b) => a - b) } : {}),
      ...(dto.imageIds !== undefined ? { imageIds: dto.imageIds } : {}),
      revision: current.revision + 1,
      ...changeStamp(new Date().toISOString()),
    };
    const res = await this.products.updateOne({ _id: dto.productId, revision: current.revision }, { $set: set });
    if (res.matchedCount !== 1) throw conflict('the product was changed meanwhile: read it again');
    const doc = { ...current, ...set };
    this.productIndex.written(doc);
    return productView(doc);
  }

  async moderateProduct(dto: ModerateProductDto): Promise<ProductPageView> {
    assertSecretariat('hiding or showing a product');
    const current = await this.products.findById(dto.productId).lean<ProductPage>();
    if (!current) throw notFound(`product ${dto.productId}`);
    const set = { hidden: dto.hidden, moderationReason: dto.reason, revision: current.revision + 1, ...changeStamp(new Date().toISOString()) };
    const res = await this.products.updateOne({ _id: dto.productId, revision: current.revision }, { $set: set });
    if (res.matchedCount !== 1) throw conflict('the product was changed meanwhile: try again');
    const doc = { ...current, ...set };
    this.productIndex.written(doc);
    return productView(doc);
  }

  /** A booth as the public sees it, with its exhibitor's page and visible product pages. */
  async boothWithPages(organisationId: string): Promise<BoothWithPagesView> {
    const booth = await this.boothsService.get(organisationId);
    const [page, products] = await Promise.all([
      this.pages.findById(organisationId).lean<BoothPage>(),
      this.products.find({ organisationId, hidden: false }).sort({ sortName: 1, _id: 1 }).lean<ProductPage[]>(),
    ]);
    return { ...booth, page: pageView(organisationId, page, false), productPages: products.map(productView) };
  }

  /** A visible product of a visible booth. */
  async getProduct(productId: string): Promise<PublicProductView> {
    const doc = await this.products.findById(productId).lean<ProductPage>();
    if (!doc || doc.hidden) throw notFound(`product ${productId}`);
    const booth = await this.boothsService.listed(doc.organisationId);
    return { ...productView(doc), booth: { organisationId: booth._id, name: booth.name ?? {}, country: booth.country ?? '', region: booth.region ?? '', brandMark: brandMarkOn(booth.certificates ?? [], today()) } };
  }

  /**
   * Visible products of visible booths, from this replica's product index (no database scan): by name
   * (every query word a word prefix, or with a typo, in any script), Nice class, place, booth or
   * themed exhibition; by folded name, then id.
   */
  async searchProducts(query: SearchProductsDto): Promise<Page<PublicProductView>> {
    const theme = query.themedExhibitionId ? await this.themeFilter(query.themedExhibitionId) : undefined;
    return this.productsFound(this.productPage(query, theme), today());
  }

  /**
   * `searchProducts` as the JSON text of its answer, for the reply as it is: the text of a page the index keeps (a
   * query asked again) is kept with that page for the day (brand marks depend on it), and goes with the page (any
   * change to the products or booths), so a repeated search costs neither the copies of its 20 products nor their JSON.
   */
  searchProductsReply(query: SearchProductsDto): JsonReply | Promise<JsonReply> {
    if (query.themedExhibitionId) return this.themeFilter(query.themedExhibitionId).then((theme) => this.productsReply(this.productPage(query, theme)));
    return this.productsReply(this.productPage(query, undefined));
  }

  /** The answers' JSON of the product index's kept pages, by page object (dropped by the index on any change, then collected). */
  private readonly productReplies = new WeakMap<TextIndexPage<IndexedProduct>, { day: string; reply: JsonReply }>();

  private productsReply(found: ProductsFound): JsonReply {
    const day = today();
    if (!found.kept) return new JsonReply(JSON.stringify(this.productsFound(found, day)));
    const known = this.productReplies.get(found.found);
    if (known?.day === day) return known.reply;
    const reply = new JsonReply(JSON.stringify(this.productsFound(found, day)));
    this.productReplies.set(found.found, { day, reply });
    return reply;
  }

  /** What a themed exhibition adds to a product search: its participants, and its Nice class for a category. */
  private async themeFilter(themedExhibitionId: string): Promise<ThemeFilter> {
    const theme = await this.themes.findById(themedExhibitionId).lean<ThemedExhibitionRecord>();
    if (!theme) throw notFound(`themed exhibition ${themedExhibitionId}`);
    return { participants: new Set(theme.participants), niceClass: theme.kind === 'category' ? theme.niceClass : undefined };
  }

  /** The page of products a search asks for; `kept` when the index keeps it until the products or booths change (a query, not a browse). */
  private productPage(query: SearchProductsDto, theme: ThemeFilter | undefined): ProductsFound {
    const index = this.productIndex.index;
    if (query.q && !index.queryWords(query.q).length) throw validationFailed([{ field: 'q', reason: 'has no letters or digits to search for' }]);
    const niceClass = query.niceClass ?? theme?.niceClass;
    const participants = theme?.participants;
    const booths = this.boothIndex.index;
    const keep = ({ doc }: IndexedProduct): boolean => {
      if (doc.hidden || (niceClass !== undefined && !doc.niceClasses.includes(niceClass))) return false;
      if ((query.organisationId && doc.organisationId !== query.organisationId) || (participants && !participants.has(doc.organisationId))) return false;
      const booth = booths.get(doc.organisationId)?.doc;
      return !!booth?.listed && !booth.hidden && (!query.country || booth.country === query.country) && (!query.region || booth.region === query.region);
    };
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const offset = (page - 1) * pageSize;
    if (!query.q) return { found: pageInOrder(index.filter(keep), (a, b) => bySortName(a, b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0), offset, pageSize), page, pageSize, kept: false };
    // The page depends on the booths too (listed, hidden, place): their index's version is part of the key.
    const key = [niceClass, query.organisationId, participants && [...participants].join(','), query.country, query.region, booths.version].join('\u0001');
    return { found: index.page(query.q, keep, { offset, limit: pageSize, order: bySortName, key }), page, pageSize, kept: true };
  }

  /** A page of products found, each with its booth as the public sees it on `day`. */
  private productsFound({ found, page, pageSize }: ProductsFound, day: string): Page<PublicProductView> {
    const booths = this.boothIndex.index;
    const items = found.entries.map(({ doc }) => {
      const booth = booths.get(doc.organisationId)!.doc;
      return { ...productView(doc), booth: { organisationId: booth._id, name: booth.name ?? {}, country: booth.country ?? '', region: booth.region ?? '', brandMark: brandMarkOn(booth.certificates ?? [], day) } };
    });
    return { items, total: found.total, page, pageSize };
  }
}
