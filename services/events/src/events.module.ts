import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';

/** The events service: on the bus and answering pings; its use cases come with their own issues. */
@Module({})
export class EventsModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: EventsModule, imports: [ServiceCoreModule.forService('events', config)] };
  }
}
