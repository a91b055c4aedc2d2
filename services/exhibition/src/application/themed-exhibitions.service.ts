import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GetThemedExhibitionDto, JoinThemedExhibitionDto, ListThemedExhibitionsDto, ThemedExhibitionBodyDto, ThemedExhibitionView } from '@banat/contracts';
import { notFound } from '@banat/messaging';
import { brandMarkOn, cleanText, isOpen, joinViolation, themeViolation } from '../domain';
import { ProductPage, ThemedExhibitionRecord } from '../read-models/exhibitor-pages.schema';
import { BoothsService, today } from './booths.service';
import { assertMayEdit, assertSecretariat, violated } from './exhibitor-rules';

const view = (doc: ThemedExhibitionRecord, day: string): ThemedExhibitionView => ({
  id: doc._id,
  title: doc.title,
  kind: doc.kind,
  ...(doc.niceClass !== undefined ? { niceClass: doc.niceClass } : {}),
  startsOn: doc.startsOn,
  endsOn: doc.endsOn,
  current: isOpen(doc, day),
  participants: doc.participants,
  createdAt: doc.createdAt,
});

/** Themed, time-limited exhibitions (a Nice category or a season) set by the secretariat, which brand holders opt into. */
@Injectable()
export class ThemedExhibitionsService {
  constructor(
    @InjectModel(ThemedExhibitionRecord.name) private readonly themes: Model<ThemedExhibitionRecord>,
    @InjectModel(ProductPage.name) private readonly products: Model<ProductPage>,
    private readonly booths: BoothsService,
  ) {}

  async create(dto: ThemedExhibitionBodyDto): Promise<ThemedExhibitionView> {
    assertSecretariat('setting up a themed exhibition');
    const title = cleanText(dto.title);
    if (!Object.keys(title).length) throw violated({ rule: 'ThemeNeedsATitle', field: 'title', reason: 'a themed exhibition needs a title in at least one language' });
    const theme = { kind: dto.kind, ...(dto.kind === 'category' && dto.niceClass !== undefined ? { niceClass: dto.niceClass } : {}), startsOn: dto.startsOn, endsOn: dto.endsOn };
    const wrong = themeViolation(theme);
    if (wrong) throw violated(wrong);
    const doc: ThemedExhibitionRecord = { _id: randomUUID(), title, ...theme, participants: [], createdAt: new Date().toISOString() };
    await this.themes.create(doc);
    return view(doc, today());
  }

  async list(dto: ListThemedExhibitionsDto): Promise<ThemedExhibitionView[]> {
    const day = today();
    const filter = dto.current === 'true' ? { startsOn: { $lte: day }, endsOn: { $gte: day } } : {};
    const docs = await this.themes.find(filter).sort({ startsOn: -1, _id: 1 }).limit(200).lean<ThemedExhibitionRecord[]>();
    return docs.map((doc) => view(doc, day));
  }

  async get(dto: GetThemedExhibitionDto): Promise<ThemedExhibitionView> {
    const doc = await this.themes.findById(dto.themedExhibitionId).lean<ThemedExhibitionRecord>();
    if (!doc) throw notFound(`themed exhibition ${dto.themedExhibitionId}`);
    return view(doc, today());
  }

  /** A brand holder opts in (its member or the secretariat); joining twice changes nothing. */
  async join(dto: JoinThemedExhibitionDto): Promise<ThemedExhibitionView> {
    assertMayEdit(dto.organisationId);
    const theme = await this.themes.findById(dto.themedExhibitionId).lean<ThemedExhibitionRecord>();
    if (!theme) throw notFound(`themed exhibition ${dto.themedExhibitionId}`);
    const booth = await this.booths.listed(dto.organisationId);
    const day = today();
    const productClasses = await this.products.distinct('niceClasses', { organisationId: dto.organisationId, hidden: false });
    const holder = { brandMarkShown: brandMarkOn(booth.certificates ?? [], day).shown, niceClasses: [...booth.niceClasses, ...(productClasses as number[])] };
    const refused = joinViolation(theme, holder, day);
    if (refused) throw violated(refused);
    await this.themes.updateOne({ _id: theme._id }, { $addToSet: { participants: dto.organisationId } });
    return this.get(dto);
  }
}
