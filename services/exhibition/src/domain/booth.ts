import type { OrganisationPublicData } from '@banat/contracts';
import { applyCertificateFact, CertificateRecord, markUntil } from './brand-mark';
import type { CertificateFact } from './certificate-facts';
import { foldText, searchText } from './search-key';

/** What a booth shows of its organisation, as the registry last described it. */
export interface BoothProfile {
  name: Record<string, string>;
  description?: Record<string, string>;
  kind: string;
  country: string;
  region: string;
  website?: string;
  products: { name: Record<string, string>; description?: Record<string, string>; niceClasses: number[] }[];
  niceClasses: number[];
  active: boolean;
  /** Registry revision applied: older or repeated registry events are ignored. */
  registryRevision: number;
}

/** A booth: its profile (once the registry has spoken) and its holder's certificates. */
export interface BoothState {
  organisationId: string;
  profile?: BoothProfile;
  certificates: CertificateRecord[];
}

/** Fields computed from the state and stored for queries. */
export interface BoothDerived {
  /** Shown in the exhibition: known to the registry, active, and a brand holder now or before. */
  listed: boolean;
  searchText: string;
  sortName: string;
  markUntil: string;
}

export const emptyBooth = (organisationId: string): BoothState => ({ organisationId, certificates: [] });

export function profileOf(org: OrganisationPublicData): BoothProfile {
  const products = (org.products ?? []).map((p) => ({ name: p.name, ...(p.description ? { description: p.description } : {}), niceClasses: [...(p.niceClasses ?? [])] }));
  const niceClasses = [...new Set(products.flatMap((p) => p.niceClasses))].sort((a, b) => a - b);
  return {
    name: org.name,
    ...(org.description ? { description: org.description } : {}),
    kind: org.kind,
    country: org.country,
    region: org.region,
    ...(org.website ? { website: org.website } : {}),
    products,
    niceClasses,
    active: org.active,
    registryRevision: org.revision,
  };
}

/** The booth after a registry event, or undefined when that revision (or a newer one) is applied already. */
export function withOrganisation(state: BoothState, org: OrganisationPublicData): BoothState | undefined {
  if (state.profile && state.profile.registryRevision >= org.revision) return undefined;
  return { ...state, profile: profileOf(org) };
}

/** The booth after a certificate fact, or undefined when the fact is stale or repeated. */
export function withCertificateFact(state: BoothState, fact: CertificateFact): BoothState | undefined {
  const certificates = applyCertificateFact(state.certificates, fact);
  return certificates ? { ...state, certificates } : undefined;
}

export function derive(state: BoothState): BoothDerived {
  const names = Object.values(state.profile?.name ?? {});
  return {
    listed: !!state.profile?.active && state.certificates.length > 0,
    searchText: searchText(names),
    sortName: foldText(names[0] ?? ''),
    markUntil: markUntil(state.certificates),
  };
}
