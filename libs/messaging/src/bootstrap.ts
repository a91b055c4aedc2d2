import { DynamicModule, INestMicroservice } from '@nestjs/common';
import { ModuleRef, NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import type { NatsConnection } from 'nats';
import { Logger } from 'nestjs-pino';
import { ServiceName } from '@banat/contracts';
import { loadConfig, PlatformConfig } from './config';
import { NATS_CONNECTION, natsIdentity } from './nats-connection';
import { identityVerifierFrom } from './identity';
import { BanatNatsServer, type ContextPropagation } from './nats-server';
import { CodedRpcExceptionFilter } from './rpc-exception.filter';
import { useLeanRpcHandlers } from './rpc-handlers';
import { rpcValidationPipe } from './validation';

/**
 * Services whose code takes its request from the handler's Nest context (`requestOf`), with no async context in the
 * process (see ContextPropagation): the certification service, a tenth to a fifth of whose command path's CPU it was. The others
 * still read `currentContext()` below their handlers.
 */
export const EXPLICIT_CONTEXT: ReadonlySet<ServiceName> = new Set<ServiceName>(['certification']);

export const propagationOf = (service: ServiceName): ContextPropagation => (EXPLICIT_CONTEXT.has(service) ? 'explicit' : 'async-local');

/**
 * Creates a service as a NATS microservice in its own queue group (so replicas share the load),
 * with coded validation errors, coded exceptions and correlation ids.
 */
export async function createService(
  service: ServiceName,
  rootModule: (config: PlatformConfig) => DynamicModule,
  config: PlatformConfig = loadConfig(),
): Promise<INestMicroservice> {
  const strategy = new BanatNatsServer(
    {
      servers: config.NATS_URL.split(','),
      queue: service,
      name: `${service}-rpc-${process.pid}`,
      ...natsIdentity(config),
      maxReconnectAttempts: -1,
      noAsyncTraces: true,
    },
    identityVerifierFrom(config),
    propagationOf(service),
  );
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(rootModule(config), { strategy, bufferLogs: true });
  strategy.shareConnection(() => sharedConnection(app));
  useLeanRpcHandlers(app);
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(rpcValidationPipe());
  app.useGlobalFilters(new CodedRpcExceptionFilter());
  app.enableShutdownHooks();
  return app;
}

/** The process's NATS connection (ServiceCoreModule's), if its module has one. */
function sharedConnection(app: INestMicroservice): NatsConnection | undefined {
  // Through ModuleRef: a provider missing from `app.get` ends the process (Nest's abortOnError), from ModuleRef it throws.
  try {
    return app.get(ModuleRef).get<NatsConnection>(NATS_CONNECTION, { strict: false });
  } catch {
    return undefined;
  }
}

/** main.ts of a service: create, listen, and let Nest close everything on SIGTERM/SIGINT. */
export async function runService(service: ServiceName, rootModule: (config: PlatformConfig) => DynamicModule): Promise<void> {
  let config: PlatformConfig;
  try {
    config = loadConfig();
  } catch (error) {
    process.stderr.write(`${service}: ${(error as Error).message}\n`);
    process.exit(78); // EX_CONFIG
  }
  const app = await createService(service, rootModule, config);
  exitWithSupervisor(app);
  await app.listen();
  app.get(Logger).log(`${service} listening on ${config.NATS_URL} (queue group '${service}')`);
}

/**
 * Under `npm start` a service leaves with its supervisor, even one killed without a chance to
 * stop its children (SIGKILL): no orphan keeps answering on the bus.
 */
export function exitWithSupervisor(app: { close(): Promise<unknown> }): void {
  const supervisor = Number(process.env.BANAT_SUPERVISOR_PID);
  if (!supervisor) return;
  const timer = setInterval(() => {
    try {
      process.kill(supervisor, 0);
    } catch {
      clearInterval(timer);
      void app.close().finally(() => process.exit(0));
    }
  }, 1000);
  timer.unref();
}
