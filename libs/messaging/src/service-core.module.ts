import { Controller, DynamicModule, Global, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { InjectConnection, MongooseModule } from '@nestjs/mongoose';
import { Connection } from 'mongoose';
import { LoggerModule } from 'nestjs-pino';
import { pingSubject, ServiceName } from '@banat/contracts';
import { mongoDbName, PlatformConfig } from './config';
import { loggerParams } from './logger';
import { metricsEndpointProvider } from './metrics-endpoint';
import { connectNats, NATS_CONNECTION, NatsConnectionCloser } from './nats-connection';

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

const mongoStates: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting' };

export interface PingReply {
  service: string;
  status: 'ok' | 'degraded';
  database: string;
  pid: number;
  uptimeSeconds: number;
}

function pingController(service: ServiceName) {
  @Controller()
  class PingController {
    constructor(@InjectConnection() private readonly connection: Connection) {}

    /** Readiness as the service sees it: answering on NATS, and its own database state. */
    @MessagePattern(pingSubject(service))
    ping(): PingReply {
      const database = mongoStates[this.connection.readyState] ?? 'unknown';
      return { service, status: database === 'connected' ? 'ok' : 'degraded', database, pid: process.pid, uptimeSeconds: Math.round(process.uptime()) };
    }
  }
  return PingController;
}

/** What every service shares: config, JSON logs, its own Mongo database, a JetStream connection, ping. */
@Global()
@Module({})
export class ServiceCoreModule {
  static forService(service: ServiceName, config: PlatformConfig): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        LoggerModule.forRoot(loggerParams(service, config)),
        MongooseModule.forRoot(config.MONGO_URL, {
          dbName: mongoDbName(config, service),
          serverSelectionTimeoutMS: 5000,
          autoIndex: true,
        }),
      ],
      controllers: [pingController(service)],
      providers: [
        { provide: PLATFORM_CONFIG, useValue: config },
        { provide: SERVICE_NAME, useValue: service },
        { provide: NATS_CONNECTION, useFactory: () => connectNats(config, `${service}-${process.pid}`) },
        NatsConnectionCloser,
        metricsEndpointProvider(config, service),
      ],
      exports: [PLATFORM_CONFIG, SERVICE_NAME, NATS_CONNECTION],
    };
  }
}
