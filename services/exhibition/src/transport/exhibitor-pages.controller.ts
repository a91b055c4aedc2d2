import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreateProductDto,
  ExhibitionSubjects,
  GetImageDto,
  GetProductDto,
  GetThemedExhibitionDto,
  JoinThemedExhibitionDto,
  ListThemedExhibitionsDto,
  ModerateBoothDto,
  ModerateProductDto,
  SearchProductsDto,
  ThemedExhibitionBodyDto,
  UpdateBoothPageDto,
  UpdateProductDto,
  UploadImageDto,
} from '@banat/contracts';
import { ExhibitorPagesService } from '../application/exhibitor-pages.service';
import { ImagesService } from '../application/images.service';
import { ThemedExhibitionsService } from '../application/themed-exhibitions.service';

/** Booth pages, product pages, images and themed exhibitions: validated by the global pipe, delegated. */
@Controller()
export class ExhibitorPagesController {
  constructor(
    private readonly pages: ExhibitorPagesService,
    private readonly images: ImagesService,
    private readonly themes: ThemedExhibitionsService,
  ) {}

  @MessagePattern(ExhibitionSubjects.updateBoothPage)
  updateBoothPage(@Payload() dto: UpdateBoothPageDto) {
    return this.pages.updateBoothPage(dto);
  }

  @MessagePattern(ExhibitionSubjects.moderateBooth)
  moderateBooth(@Payload() dto: ModerateBoothDto) {
    return this.pages.moderateBooth(dto);
  }

  @MessagePattern(ExhibitionSubjects.createProduct)
  createProduct(@Payload() dto: CreateProductDto) {
    return this.pages.createProduct(dto);
  }

  @MessagePattern(ExhibitionSubjects.updateProduct)
  updateProduct(@Payload() dto: UpdateProductDto) {
    return this.pages.updateProduct(dto);
  }

  @MessagePattern(ExhibitionSubjects.moderateProduct)
  moderateProduct(@Payload() dto: ModerateProductDto) {
    return this.pages.moderateProduct(dto);
  }

  @MessagePattern(ExhibitionSubjects.getProduct)
  getProduct(@Payload() dto: GetProductDto) {
    return this.pages.getProduct(dto.productId);
  }

  @MessagePattern(ExhibitionSubjects.searchProducts)
  searchProducts(@Payload() dto: SearchProductsDto) {
    return this.pages.searchProductsReply(dto);
  }

  @MessagePattern(ExhibitionSubjects.uploadImage)
  uploadImage(@Payload() dto: UploadImageDto) {
    return this.images.upload(dto);
  }

  @MessagePattern(ExhibitionSubjects.getImage)
  getImage(@Payload() dto: GetImageDto) {
    return this.images.get(dto);
  }

  @MessagePattern(ExhibitionSubjects.createThemedExhibition)
  createTheme(@Payload() dto: ThemedExhibitionBodyDto) {
    return this.themes.create(dto);
  }

  @MessagePattern(ExhibitionSubjects.listThemedExhibitions)
  listThemes(@Payload() dto: ListThemedExhibitionsDto) {
    return this.themes.list(dto);
  }

  @MessagePattern(ExhibitionSubjects.getThemedExhibition)
  getTheme(@Payload() dto: GetThemedExhibitionDto) {
    return this.themes.get(dto);
  }

  @MessagePattern(ExhibitionSubjects.joinThemedExhibition)
  joinTheme(@Payload() dto: JoinThemedExhibitionDto) {
    return this.themes.join(dto);
  }
}
