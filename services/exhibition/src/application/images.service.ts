import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { GetImageDto, IMAGE_MAX_PER_BOOTH, ImageContentView, ImageView, UploadImageDto } from '@banat/contracts';
import { conflict, notFound } from '@banat/messaging';
import { imageViolation } from '../domain';
import { Booth } from '../read-models/booth.schema';
import { BoothPage, ExhibitionImage, ProductPage } from '../read-models/exhibitor-pages.schema';
import { assertMayEdit, violated } from './exhibitor-rules';
import { derivedId, isDuplicateKey } from '@banat/messaging';

const view = (doc: ExhibitionImage): ImageView => ({ id: doc._id, organisationId: doc.organisationId, contentType: doc.contentType, size: doc.size, etag: doc.sha256 });

/** Logos and product pictures: checked by their first bytes and size, stored once, never changed. */
@Injectable()
export class ImagesService {
  constructor(
    @InjectModel(ExhibitionImage.name) private readonly images: Model<ExhibitionImage>,
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    @InjectModel(BoothPage.name) private readonly pages: Model<BoothPage>,
    @InjectModel(ProductPage.name) private readonly products: Model<ProductPage>,
  ) {}

  async upload(dto: UploadImageDto): Promise<ImageView> {
    assertMayEdit(dto.organisationId);
    if (!(await this.booths.exists({ _id: dto.organisationId }))) throw notFound(`booth ${dto.organisationId}`);
    const bytes = Buffer.from(dto.data, 'base64');
    const judged = imageViolation(bytes);
    if ('rule' in judged) throw violated(judged);
    // Images are kept for good: the count names the next one, so uploads running at once for one booth name the same
    // document and only one is stored (the others a 409), never more than the bound.
    const held = await this.images.countDocuments({ organisationId: dto.organisationId });
    if (held >= IMAGE_MAX_PER_BOOTH) {
      throw violated({ rule: 'TooManyImages', field: 'data', reason: `booth ${dto.organisationId} already holds ${IMAGE_MAX_PER_BOOTH} images, the most a booth may` });
    }
    const doc: ExhibitionImage = {
      _id: derivedId('image', dto.organisationId, held),
      organisationId: dto.organisationId,
      contentType: judged.type,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      data: bytes,
      uploadedAt: new Date().toISOString(),
    };
    try {
      await this.images.create(doc);
    } catch (error) {
      if (isDuplicateKey(error)) throw conflict(`another image was uploaded for booth ${dto.organisationId} meanwhile: send it again`);
      throw error;
    }
    return view(doc);
  }

  /**
   * An image as the public is served it: only while a page the public sees shows it (its booth's logo, or a product
   * page that is not hidden, of a booth listed and not hidden). An image of a page the secretariat hid, or that no page
   * uses, is NOT_FOUND, as the page is.
   */
  async get(dto: GetImageDto): Promise<ImageContentView> {
    const doc = await this.images.findById(dto.imageId).lean<ExhibitionImage>();
    if (!doc || !(await this.shown(doc))) throw notFound(`image ${dto.imageId}`);
    // lean() gives BSON Binary for a Buffer field.
    const raw = doc.data as unknown as { buffer?: Uint8Array } | Buffer;
    const data = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer ?? []);
    return { ...view(doc), data: data.toString('base64') };
  }

  private async shown(image: ExhibitionImage): Promise<boolean> {
    const organisationId = image.organisationId;
    const [booth, logo, product] = await Promise.all([
      this.booths.exists({ _id: organisationId, listed: true, hidden: { $ne: true } }),
      this.pages.exists({ _id: organisationId, logoImageId: image._id }),
      this.products.exists({ organisationId, hidden: false, imageIds: image._id }),
    ]);
    return !!booth && (!!logo || !!product);
  }
}
