import { Injectable } from '@nestjs/common';
import { RegistryLookup, registryBusProviderFor, RpcFailure, ruleViolated } from '@banat/messaging';
import { RpcErrorCodes } from '@banat/contracts';
import type { RegisteringOrganisation } from '../domain/programme-event';

export { REGISTRY_BUS } from '@banat/messaging';
export const registryBusProvider = registryBusProviderFor('events');

const unavailable = () => new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: 'the registry could not confirm the organisation; try again', details: { service: 'registry' } });

/** What the registry knows of an organisation: registrations and organisers must be registered. */
@Injectable()
export class RegistryClient extends RegistryLookup {
  /** Unknown: 422 OrganisationNotRegistered, naming the field the id came in. */
  async organisation(organisationId: string, field = 'organisationId'): Promise<RegisteringOrganisation> {
    const org = await this.lookup(organisationId, unavailable);
    if (!org) throw ruleViolated('OrganisationNotRegistered', `organisation ${organisationId} is not in the registry`, { [field]: organisationId });
    return { organisationId: org.id, kind: org.kind, country: org.country, active: org.active };
  }
}
