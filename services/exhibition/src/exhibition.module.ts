import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';

/** The exhibition service: on the bus and answering pings; its use cases come with their own issues. */
@Module({})
export class ExhibitionModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: ExhibitionModule, imports: [ServiceCoreModule.forService('exhibition', config)] };
  }
}
