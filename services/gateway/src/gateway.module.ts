import { DynamicModule, Module } from '@nestjs/common';
import { ClientProxyFactory, Transport } from '@nestjs/microservices';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { loggerParams, metricsEndpointProvider, natsIdentity, PLATFORM_CONFIG, PlatformConfig } from '@banat/messaging';
import { AuthModule } from './auth/auth.module';
import { AsyncApiController } from './docs/asyncapi.controller';
import { certificationHttpControllers } from './certification';
import { ComplaintsHttpController } from './certification/complaints.controller';
import { eventsHttpControllers } from './events';
import { ExhibitionBoothsHttpController } from './exhibition/booths.controller';
import { ExhibitorPagesHttpController } from './exhibition/exhibitor-pages.controller';
import { HealthController } from './health/health.controller';
import { NetworkDirectoryHttpController } from './network/directory.controller';
import { NetworkClustersHttpController } from './network/clusters.controller';
import { NetworkFairsHttpController } from './network/fairs.controller';
import { NetworkMentoringsHttpController } from './network/mentorings.controller';
import { NetworkPartnershipsHttpController } from './network/partnerships.controller';
import { NetworkInterestsHttpController } from './network/interests.controller';
import { NetworkListingsHttpController } from './network/listings.controller';
import { NetworkBrandHoldersHttpController, NetworkMembersHttpController } from './network/members.controller';
import { OrganisationsHttpController } from './registry/organisations.controller';
import { BUS, RpcClient } from './rpc/rpc-client.service';

/** The HTTP edge: validates, forwards over NATS, maps coded errors to HTTP. Holds no business logic. */
@Module({})
export class GatewayModule {
  static forRoot(config: PlatformConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        LoggerModule.forRoot(loggerParams('gateway', config)),
        TerminusModule.forRoot({ errorLogStyle: 'json', logger: false }),
        AuthModule.forRoot(config), // auth: rate limits, tokens/API keys and @Roles on every route (auth/README.md)
      ],
      controllers: [AsyncApiController, HealthController, OrganisationsHttpController, NetworkDirectoryHttpController, NetworkListingsHttpController, NetworkInterestsHttpController, NetworkMembersHttpController, NetworkBrandHoldersHttpController, NetworkFairsHttpController, NetworkClustersHttpController, NetworkMentoringsHttpController, NetworkPartnershipsHttpController, ExhibitionBoothsHttpController, ExhibitorPagesHttpController, ...certificationHttpControllers, ComplaintsHttpController, ...eventsHttpControllers],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        {
          provide: BUS,
          useFactory: () =>
            ClientProxyFactory.create({
              transport: Transport.NATS,
              // noAsyncTraces: no stack captured for every request in case it fails (two Error objects per request: 7% of the gateway's CPU on a read by id).
              options: { servers: config.NATS_URL.split(','), name: `gateway-${process.pid}`, ...natsIdentity(config), maxReconnectAttempts: -1, noAsyncTraces: true },
            }),
        },
        RpcClient,
        metricsEndpointProvider(config, 'gateway'),
      ],
    };
  }
}
