import { Controller, DynamicModule, Global, Module } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import type * as NestMongoose from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { LoggerModule } from 'nestjs-pino';
import { pingSubject, ServiceName } from '@banat/contracts';
import { mongoDbName, PlatformConfig } from './config';
import { loggerParams } from './logger';
import { metricsEndpointProvider } from './metrics-endpoint';
import { connectNats, NATS_CONNECTION, NatsConnectionCloser } from './nats-connection';

/**
 * Loaded when a service's module is built, not with this library: the gateway imports the library
 * and has no database, and mongoose (with its driver's 17 MB BSON buffer) was 18 MB of its idle RSS.
 */
const nestMongoose = () => require('@nestjs/mongoose') as typeof NestMongoose;

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');
export const SERVICE_NAME = Symbol('SERVICE_NAME');

const mongoStates: Record<number, string> = { 0: 'disconnected', 1: 'connected', 2: 'connecting', 3: 'disconnecting' };

/** How long a ping waits for the database's own answer: a frozen server keeps its sockets open and looks connected. */
const DATABASE_PING_TIMEOUT_MS = 1000;

/** 'connected' only when the database answers a ping in time; otherwise what is wrong, naming the database. */
async function databaseState(connection: Connection): Promise<string> {
  const state = mongoStates[connection.readyState] ?? 'unknown';
  if (state !== 'connected' || !connection.db) return state;
  let timer: NodeJS.Timeout | undefined;
  const answered = connection.db.command({ ping: 1 }).then(
    () => 'connected',
    (error: Error) => `database ${connection.name} failing: ${error.message}`,
  );
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`database ${connection.name} not answering within ${DATABASE_PING_TIMEOUT_MS} ms`), DATABASE_PING_TIMEOUT_MS);
  });
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}

export interface PingReply {
  service: string;
  status: 'ok' | 'degraded';
  database: string;
  pid: number;
  uptimeSeconds: number;
}

function pingController(service: ServiceName) {
  const { InjectConnection } = nestMongoose();
  @Controller()
  class PingController {
    constructor(@InjectConnection() private readonly connection: Connection) {}

    /** Readiness as the service sees it: answering on NATS, and its own database answering a ping. */
    @MessagePattern(pingSubject(service))
    async ping(): Promise<PingReply> {
      const database = await databaseState(this.connection);
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
        nestMongoose().MongooseModule.forRoot(config.MONGO_URL, {
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
