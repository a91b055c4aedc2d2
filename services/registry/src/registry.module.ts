import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { ClusterMembersConsumer } from './application/cluster-members.consumer';
import { CsvImportService } from './application/csv-import.service';
import { OrganisationsService } from './application/organisations.service';
import { OrganisationChange, OrganisationChangeSchema } from './read-models/organisation-change.schema';
import { OrganisationOutbox, OrganisationOutboxSchema } from './read-models/organisation-outbox.schema';
import { Organisation, OrganisationSchema } from './read-models/organisation.schema';
import { OrganisationsController } from './transport/organisations.controller';

@Module({})
export class RegistryModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: RegistryModule,
      imports: [ServiceCoreModule.forService('registry', config), MongooseModule.forFeature([
          { name: Organisation.name, schema: OrganisationSchema },
          { name: OrganisationChange.name, schema: OrganisationChangeSchema },
          { name: OrganisationOutbox.name, schema: OrganisationOutboxSchema },
        ])],
      controllers: [OrganisationsController],
      providers: [OrganisationsService, CsvImportService, ClusterMembersConsumer],
    };
  }
}
