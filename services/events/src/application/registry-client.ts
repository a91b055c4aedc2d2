import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { isRpcErrorBody, OrganisationView, RegistrySubjects, RpcErrorCodes } from '@banat/contracts';
import { natsIdentity, PLATFORM_CONFIG, PlatformConfig, requestRecord, RpcFailure, ruleViolated } from '@banat/messaging';
import type { RegisteringOrganisation } from '../domain/programme-event';

export const REGISTRY_BUS = Symbol('REGISTRY_BUS');

export const registryBusProvider: Provider = {
  provide: REGISTRY_BUS,
  inject: [PLATFORM_CONFIG],
  useFactory: (config: PlatformConfig) =>
    ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: config.NATS_URL.split(','), name: `events-to-registry-${process.pid}`, ...natsIdentity(config), maxReconnectAttempts: -1 },
    }),
};

/** Asks the registry, over NATS, what it knows of an organisation: registrations and organisers must be registered. */
@Injectable()
export class RegistryClient implements OnModuleDestroy {
  constructor(
    @Inject(REGISTRY_BUS) private readonly bus: ClientProxy,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.bus.close();
  }

  /** Asked anonymously (a public read): the answer does not depend on who asks. Unknown: 422 OrganisationNotRegistered. */
  async organisation(organisationId: string, field = 'organisationId'): Promise<RegisteringOrganisation> {
    const record = await requestRecord(RegistrySubjects.get, { id: organisationId });
    try {
      const org = await firstValueFrom(this.bus.send<OrganisationView>(RegistrySubjects.get, record).pipe(timeout(this.config.RPC_TIMEOUT_MS)));
      return { organisationId: org.id, kind: org.kind, country: org.country, active: org.active };
    } catch (error) {
      if (isRpcErrorBody(error) && error.code === RpcErrorCodes.NOT_FOUND) {
        throw ruleViolated('OrganisationNotRegistered', `organisation ${organisationId} is not in the registry`, { [field]: organisationId });
      }
      throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'the registry could not confirm the organisation; try again', details: { service: 'registry' } });
    }
  }
}
