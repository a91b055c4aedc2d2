/**
 * The map of services clusters offer, and members' stated needs against it: which needs no cluster
 * serves. A cluster serves a need when it offers the need's category in the needing organisation's
 * country (a service naming no countries serves all three).
 */
import type { ClusterServiceCategory } from '@banat/contracts';
import { NetworkRuleViolation } from '../shared/rule-violation';

export interface ClusterService {
  category: ClusterServiceCategory;
  title: string;
  countries: string[];
}

export interface ClusterCatalogue {
  clusterId: string;
  country: string;
  services: ClusterService[];
}

export interface StatedNeeds {
  organisationId: string;
  country: string;
  categories: ClusterServiceCategory[];
}

export interface ServiceMapEntry {
  category: ClusterServiceCategory;
  /** Clusters offering it, with the countries they serve it in (empty: all). */
  offeredBy: { clusterId: string; countries: string[] }[];
  /** Organisations that need it. */
  neededBy: number;
  /** Of those, the ones no cluster serves in their country. */
  unservedFor: string[];
}

export class NotACluster extends NetworkRuleViolation {
  readonly rule = 'NotACluster';
  constructor(organisationId: string, kind: string) {
    super(`organisation ${organisationId} is a ${kind}, not a cluster: only clusters keep a services catalogue and have member organisations`, { organisationId, kind });
  }
}

const serves = (service: ClusterService, country: string) => service.countries.length === 0 || service.countries.includes(country);

export function serviceMap(catalogues: readonly ClusterCatalogue[], needs: readonly StatedNeeds[], categories: readonly ClusterServiceCategory[]): ServiceMapEntry[] {
  return categories.map((category) => {
    const offers = catalogues.flatMap((c) => c.services.filter((s) => s.category === category).map((s) => ({ clusterId: c.clusterId, service: s })));
    const needing = needs.filter((n) => n.categories.includes(category));
    return {
      category,
      offeredBy: offers.map((o) => ({ clusterId: o.clusterId, countries: o.service.countries })),
      neededBy: needing.length,
      unservedFor: needing.filter((n) => !offers.some((o) => serves(o.service, n.country) && o.clusterId !== n.organisationId)).map((n) => n.organisationId),
    };
  });
}
