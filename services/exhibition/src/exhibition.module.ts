import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { BoothIndexService } from './application/booth-index.service';
import { BoothProjectionService } from './application/booth-projection.service';
import { BoothsService } from './application/booths.service';
import { ContactRequestsService } from './application/contact-requests.service';
import { Booth, BoothSchema } from './read-models/booth.schema';
import { ContactRequest, ContactRequestSchema } from './read-models/contact-request.schema';
import { BoothsController } from './transport/booths.controller';
import { ContactRequestsController } from './transport/contact-requests.controller';

/** The virtual exhibition: booths kept from registry and certification events, and buyers' contact requests. */
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
        ]),
      ],
      controllers: [BoothsController, ContactRequestsController],
      providers: [BoothIndexService, BoothProjectionService, BoothsService, ContactRequestsService],
    };
  }
}
