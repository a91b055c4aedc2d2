import { DynamicModule, Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';
import { DirectoryService } from './application/directory.service';
import { DirectoryEntry, DirectoryEntrySchema } from './read-models/directory-entry.schema';
import { DirectoryController } from './transport/directory.controller';

/** The cross-border cooperation network. Today: its directory of organisations, kept from registry events. */
@Module({})
export class NetworkModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: NetworkModule,
      imports: [ServiceCoreModule.forService('network', config), MongooseModule.forFeature([{ name: DirectoryEntry.name, schema: DirectoryEntrySchema }])],
      controllers: [DirectoryController],
      providers: [DirectoryService],
    };
  }
}
