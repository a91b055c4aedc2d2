import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  BoothPageBodyDto,
  BoothPageView,
  ExhibitionSubjects,
  IMAGE_MAX_BYTES,
  IMAGE_MAX_PER_BOOTH,
  PRODUCT_PAGES_MAX_PER_BOOTH,
  ImageUploadBodyDto,
  ImageView,
  JoinThemedExhibitionBodyDto,
  ListThemedExhibitionsDto,
  ModerationBodyDto,
  Page,
  ProductBodyDto,
  ProductChangesDto,
  ProductPageView,
  PublicProductView,
  SearchProductsDto,
  ThemedExhibitionBodyDto,
  ThemedExhibitionView,
} from '@banat/contracts';
import { Roles } from '../auth/roles';
import { BoothPageContentDoc, ImageDoc, ProductPageDoc, PublicProductDoc, PublicProductPageDoc, ThemedExhibitionDoc } from '../docs/schemas';
import { RpcClient } from '../rpc/rpc-client.service';
import { uuidParam } from '../http/uuid-param.pipe';

const uuid = uuidParam;

/** Body limit of the image upload route (base64 of IMAGE_MAX_BYTES and some): larger images reach the service and are refused by name. */
export const IMAGE_UPLOAD_BODY_LIMIT = '1mb';
export const IMAGE_UPLOAD_PATH = /^\/api\/v1\/exhibition\/booths\/[^/]+\/images$/;

@ApiTags('exhibition')
@Controller('exhibition')
export class ExhibitorPagesHttpController {
  constructor(private readonly rpc: RpcClient) {}

  @Put('booths/:organisationId/page')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: "What an exhibitor shows on its booth: description in the programme's languages, contacts, logo (members: own organisation only, else 403 OwnOrganisationOnly; 409 when changed since expectedRevision)" })
  @ApiOkResponse({ type: BoothPageContentDoc })
  updateBoothPage(@Param('organisationId', uuid()) organisationId: string, @Body() body: BoothPageBodyDto) {
    return this.rpc.send<BoothPageView>(ExhibitionSubjects.updateBoothPage, { ...body, organisationId });
  }

  @Post('booths/:organisationId/moderation')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Hide a booth from the public, or show it again, with the reason' })
  @ApiOkResponse({ type: BoothPageContentDoc })
  moderateBooth(@Param('organisationId', uuid()) organisationId: string, @Body() body: ModerationBodyDto) {
    return this.rpc.send<BoothPageView>(ExhibitionSubjects.moderateBooth, { ...body, organisationId });
  }

  @Post('booths/:organisationId/images')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: `An image for the booth (logo or product picture), base64: PNG, JPEG or WebP judged by its first bytes (else 422 NotAnImage), at most ${IMAGE_MAX_BYTES} bytes (else 422 ImageTooLarge), at most ${IMAGE_MAX_PER_BOOTH} a booth (else 422 TooManyImages). Served at /images/{id} while a page the public sees shows it (the booth's logo, or a product page not hidden, of a booth not hidden); else 404` })
  @ApiCreatedResponse({ type: ImageDoc })
  uploadImage(@Param('organisationId', uuid()) organisationId: string, @Body() body: ImageUploadBodyDto) {
    return this.rpc.send<ImageView>(ExhibitionSubjects.uploadImage, { ...body, organisationId });
  }

  @Post('booths/:organisationId/products')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: `A product page of the booth: name in at least one language (else 422 ProductNeedsAName), description, Nice classes, images of this booth; at most ${PRODUCT_PAGES_MAX_PER_BOOTH} a booth (else 422 TooManyProductPages)` })
  @ApiCreatedResponse({ type: ProductPageDoc })
  createProduct(@Param('organisationId', uuid()) organisationId: string, @Body() body: ProductBodyDto) {
    return this.rpc.send<ProductPageView>(ExhibitionSubjects.createProduct, { ...body, organisationId });
  }

  @Get('products')
  @ApiOperation({ summary: 'Product pages of visible booths: by name in any language or script, Nice class, country, region, booth, themed exhibition; paged' })
  @ApiOkResponse({ type: PublicProductPageDoc })
  searchProducts(@Query() query: SearchProductsDto) {
    return this.rpc.sendJson<Page<PublicProductView>>(ExhibitionSubjects.searchProducts, query);
  }

  @Get('products/:productId')
  @ApiOperation({ summary: 'A product page with its booth and brand mark (404 when hidden)' })
  @ApiOkResponse({ type: PublicProductDoc })
  getProduct(@Param('productId', uuid()) productId: string) {
    return this.rpc.send<PublicProductView>(ExhibitionSubjects.getProduct, { productId });
  }

  @Patch('products/:productId')
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'Change a product page at expectedRevision (409 if changed since; members: own organisation only)' })
  @ApiOkResponse({ type: ProductPageDoc })
  updateProduct(@Param('productId', uuid()) productId: string, @Body() body: ProductChangesDto) {
    return this.rpc.send<ProductPageView>(ExhibitionSubjects.updateProduct, { ...body, productId });
  }

  @Post('products/:productId/moderation')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'Hide a product page from the public, or show it again, with the reason' })
  @ApiOkResponse({ type: ProductPageDoc })
  moderateProduct(@Param('productId', uuid()) productId: string, @Body() body: ModerationBodyDto) {
    return this.rpc.send<ProductPageView>(ExhibitionSubjects.moderateProduct, { ...body, productId });
  }

  @Post('themes')
  @Roles('secretariat')
  @ApiOperation({ summary: 'A themed, time-limited exhibition: a Nice category or a season, from startsOn to endsOn (422 ThemeEndsBeforeItStarts, CategoryThemeNeedsNiceClass)' })
  @ApiCreatedResponse({ type: ThemedExhibitionDoc })
  createTheme(@Body() body: ThemedExhibitionBodyDto) {
    return this.rpc.send<ThemedExhibitionView>(ExhibitionSubjects.createThemedExhibition, body);
  }

  @Get('themes')
  @ApiOperation({ summary: 'Themed exhibitions, newest first (current=true: open today)' })
  @ApiOkResponse({ type: [ThemedExhibitionDoc] })
  listThemes(@Query() query: ListThemedExhibitionsDto) {
    return this.rpc.send<ThemedExhibitionView[]>(ExhibitionSubjects.listThemedExhibitions, query);
  }

  @Get('themes/:themedExhibitionId')
  @ApiOperation({ summary: 'A themed exhibition and who takes part' })
  @ApiOkResponse({ type: ThemedExhibitionDoc })
  getTheme(@Param('themedExhibitionId', uuid()) themedExhibitionId: string) {
    return this.rpc.send<ThemedExhibitionView>(ExhibitionSubjects.getThemedExhibition, { themedExhibitionId });
  }

  @Post('themes/:themedExhibitionId/participants')
  @HttpCode(200)
  @Roles('member', 'secretariat')
  @ApiOperation({ summary: 'A brand holder opts in (422 ThemedExhibitionEnded, NotABrandHolder, NoProductInTheCategory; members: own organisation only)' })
  @ApiOkResponse({ type: ThemedExhibitionDoc })
  joinTheme(@Param('themedExhibitionId', uuid()) themedExhibitionId: string, @Body() body: JoinThemedExhibitionBodyDto) {
    return this.rpc.send<ThemedExhibitionView>(ExhibitionSubjects.joinThemedExhibition, { ...body, themedExhibitionId });
  }
}
