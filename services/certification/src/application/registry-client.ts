import { Injectable } from '@nestjs/common';
import { RegistryLookup, registryBusProviderFor, RpcFailure, type RequestContext } from '@banat/messaging';
import { RpcErrorCodes } from '@banat/contracts';
import type { ExpertOrganisation, RegisteredApplicant } from '../domain';

export { REGISTRY_BUS } from '@banat/messaging';
export const registryBusProvider = registryBusProviderFor('certification');

/** Refused when the organisation is not in the registry at all (an inactive one is the domain's ApplicantNotActive). */
export class ApplicantNotRegistered extends Error {
  readonly rule = 'ApplicantNotRegistered';
  constructor(readonly organisationId: string) {
    super(`organisation ${organisationId} is not in the registry`);
  }
}

const unavailable = (what = 'the applicant') => () => new RpcFailure({ code: RpcErrorCodes.UNAVAILABLE, message: `the registry could not confirm ${what}; try again`, details: { service: 'registry' } });

/** What the registry knows of an applicant (the fact the decider judges eligibility on), or of an expert's organisation. */
@Injectable()
export class RegistryClient extends RegistryLookup {
  /** Asked for `request` (its correlation id goes with the question). */
  async applicant(organisationId: string, request: RequestContext): Promise<RegisteredApplicant> {
    const org = await this.lookup(organisationId, unavailable(), request);
    if (!org) throw new ApplicantNotRegistered(organisationId);
    return { organisationId: org.id, country: org.country, region: org.region, active: org.active, kind: org.kind, name: org.name };
  }

  /**
   * Whether the registry knows the organisation an expert works for, and whether it is active (else when it was deactivated):
   * the facts the decider judges an assignment on. A registry that does not answer is an outage (UNAVAILABLE, 503), never
   * taken for "unknown".
   */
  async expertOrganisation(organisationId: string, request: RequestContext): Promise<ExpertOrganisation> {
    const org = await this.lookup(organisationId, unavailable(`the expert's organisation ${organisationId}`), request);
    if (!org) return { organisationId, registered: false, active: false };
    return { organisationId, registered: true, active: org.active, ...(!org.active && org.deactivation ? { deactivatedAt: org.deactivation.at } : {}) };
  }

  /**
   * The organisation's legal id (a company register number, not personal data), undefined when the
   * registry does not know it. An unanswered request throws an error the projectors treat as an outage.
   */
  async legalId(organisationId: string): Promise<{ kind: string; value: string } | undefined> {
    const org = await this.lookup(organisationId, (cause) =>
      Object.assign(new Error(`the registry did not answer for organisation ${organisationId}`), { code: 'TIMEOUT', cause }),
    );
    return org?.legalId ? { kind: org.legalId.kind, value: org.legalId.value } : undefined;
  }
}
