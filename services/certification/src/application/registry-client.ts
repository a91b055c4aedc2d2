import { Inject, Injectable, OnModuleDestroy, Provider } from '@nestjs/common';
import { ClientProxy, ClientProxyFactory, Transport } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { isRpcErrorBody, OrganisationView, RegistrySubjects, RpcErrorCodes } from '@banat/contracts';
import { natsIdentity, PLATFORM_CONFIG, PlatformConfig, requestRecord, RpcFailure } from '@banat/messaging';
import type { RegisteredApplicant } from '../domain';

export const REGISTRY_BUS = Symbol('REGISTRY_BUS');

export const registryBusProvider: Provider = {
  provide: REGISTRY_BUS,
  inject: [PLATFORM_CONFIG],
  useFactory: (config: PlatformConfig) =>
    ClientProxyFactory.create({
      transport: Transport.NATS,
      options: { servers: config.NATS_URL.split(','), name: `certification-to-registry-${process.pid}`, ...natsIdentity(config), maxReconnectAttempts: -1 },
    }),
};

/** Refused when the organisation is not in the registry at all (an inactive one is the domain's ApplicantNotActive). */
export class ApplicantNotRegistered extends Error {
  readonly rule = 'ApplicantNotRegistered';
  constructor(readonly organisationId: string) {
    super(`organisation ${organisationId} is not in the registry`);
  }
}

/** Asks the registry, over NATS, what it knows of an applicant: the fact the decider judges eligibility on. */
@Injectable()
export class RegistryClient implements OnModuleDestroy {
  constructor(
    @Inject(REGISTRY_BUS) private readonly bus: ClientProxy,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async onModuleDestroy(): Promise<void> {
    await this.bus.close();
  }

  /** Asked without the caller's identity (a public read): the registry's answer does not depend on who asks. */
  async applicant(organisationId: string): Promise<RegisteredApplicant> {
    const record = await requestRecord(RegistrySubjects.get, { id: organisationId });
    try {
      const org = await firstValueFrom(this.bus.send<OrganisationView>(RegistrySubjects.get, record).pipe(timeout(this.config.RPC_TIMEOUT_MS)));
      return { organisationId: org.id, country: org.country, region: org.region, active: org.active, kind: org.kind, name: org.name };
    } catch (error) {
      if (isRpcErrorBody(error) && error.code === RpcErrorCodes.NOT_FOUND) throw new ApplicantNotRegistered(organisationId);
      throw new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'the registry could not confirm the applicant; try again', details: { service: 'registry' } });
    }
  }

  /**
   * The organisation's legal id (a company register number, not personal data), undefined when the
   * registry does not know it. An unanswered request throws an error the projectors treat as an outage.
   */
  async legalId(organisationId: string): Promise<{ kind: string; value: string } | undefined> {
    const record = await requestRecord(RegistrySubjects.get, { id: organisationId });
    try {
      const org = await firstValueFrom(this.bus.send<OrganisationView>(RegistrySubjects.get, record).pipe(timeout(this.config.RPC_TIMEOUT_MS)));
      return org.legalId ? { kind: org.legalId.kind, value: org.legalId.value } : undefined;
    } catch (error) {
      if (isRpcErrorBody(error) && error.code === RpcErrorCodes.NOT_FOUND) return undefined;
      throw Object.assign(new Error(`the registry did not answer for organisation ${organisationId}`), { code: 'TIMEOUT', cause: error });
    }
  }
}
