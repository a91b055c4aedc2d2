import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { BoothIndexService } from './application/booth-index.service';
import { BoothProjectionService } from './application/booth-projection.service';
import { BoothsService } from './application/booths.service';
import { ContactRequestsService } from './application/contact-requests.service';
import { ExhibitorPagesService } from './application/exhibitor-pages.service';
import { ImagesService } from './application/images.service';
import { ProductIndexService } from './application/product-index.service';
import { ThemedExhibitionsService } from './application/themed-exhibitions.service';
import { Booth, BoothSchema } from './read-models/booth.schema';
import { ContactRequest, ContactRequestSchema } from './read-models/contact-request.schema';
import { BoothsController } from './transport/booths.controller';
import { ContactRequestsController } from './transport/contact-requests.controller';
import { ExhibitorPagesController } from './transport/exhibitor-pages.controller';
import { BoothPage, BoothPageSchema, ExhibitionImage, ExhibitionImageSchema, ProductPage, ProductPageSchema, ThemedExhibitionRecord, ThemedExhibitionSchema } from './read-models/exhibitor-pages.schema';

/** The virtual exhibition: booths kept from registry and certification events, exhibitors' booth and product pages, images, themed exhibitions, and buyers' contact requests. */
@Module({})
export class ExhibitionModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: ExhibitionModule,
      imports: [
        ServiceCoreModule.forService('exhibition', config),
        MongooseModule.forFeature([
          { name: Booth.name, schema: BoothSchema },
          { name: ContactRequest.name, schema: ContactRequestSchema },
          { name: BoothPage.name, schema: BoothPageSchema },
          { name: ProductPage.name, schema: ProductPageSchema },
          { name: ExhibitionImage.name, schema: ExhibitionImageSchema },
          { name: ThemedExhibitionRecord.name, schema: ThemedExhibitionSchema },
        ]),
      ],
      controllers: [BoothsController, ContactRequestsController, ExhibitorPagesController],
      providers: [BoothIndexService, BoothProjectionService, BoothsService, ContactRequestsService, ExhibitorPagesService, ImagesService, ProductIndexService, ThemedExhibitionsService],
    };
  }
}
