import { Inject, OnApplicationShutdown, Provider } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { isRpcErrorBody, OrganisationView, RegistrySubjects, RpcErrorCodes } from '@banat/contracts';
import { PlatformConfig } from './config';
import { PLATFORM_CONFIG } from './service-core.module';
import { natsIdentity } from './nats-connection';
import { requestRecord } from './request-record';
import type { RequestContext } from './correlation';

/** The NATS client a service uses to ask the registry (its own connection, named after the caller). */
export const REGISTRY_BUS = Symbol('REGISTRY_BUS');

export const registryBusProviderFor = (caller: string): Provider => ({
  provide: REGISTRY_BUS,
  inject: [PLATFORM_CONFIG],
  useFactory: (config: PlatformConfig) =>
    ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: config.NATS_URL.split(','), name: `${caller}-to-registry-${process.pid}`, ...natsIdentity(config), maxReconnectAttempts: -1 },
    }),
});

/**
 * Asks the registry, over NATS, for one organisation. Asked without the caller's identity (a public
 * read): the registry's answer does not depend on who asks. Each service says what an unknown
 * organisation and an unanswered registry mean for it.
 */
export abstract class RegistryLookup implements OnApplicationShutdown {
  constructor(
    @Inject(REGISTRY_BUS) private readonly bus: ClientProxy,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Closed after the service's RPC server has answered the requests it took (one of them may still be asking). */
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
  }

  /**
   * The registry's view of the organisation; `undefined` when it does not know it. Anything else (no answer in time, a failure) is thrown to
   * `unanswered`. The request carries the correlation id of `request`, or of the current one.
   */
  protected async lookup(organisationId: string, unanswered: (error: unknown) => Error, request?: RequestContext): Promise<OrganisationView | undefined> {
    const record = await requestRecord(RegistrySubjects.get, { id: organisationId }, undefined, request);
    try {
      return await firstValueFrom(this.bus.send<OrganisationView>(RegistrySubjects.get, record).pipe(timeout(this.config.RPC_TIMEOUT_MS)));
    } catch (error) {
      if (isRpcErrorBody(error) && error.code === RpcErrorCodes.NOT_FOUND) return undefined;
      throw unanswered(error);
    }
  }
}
