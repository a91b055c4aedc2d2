import { DynamicModule, Module } from '@nestjs/common';
import { PlatformConfig, ServiceCoreModule } from '@banat/messaging';

/** The certification service: event-sourced applications and certificates, their read models and public facts. */
@Module({})
export class CertificationModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return { module: CertificationModule, imports: [ServiceCoreModule.forService('certification', config)] };
  }
}
