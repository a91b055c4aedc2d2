import type { BoothView } from '@banat/contracts';
import { changeStamp } from '@banat/messaging';
import { BoothDerived, BoothState, brandMarkOn } from '../domain';
import type { Booth } from './booth.schema';

/** The stored booth as the domain sees it. */
export function toState(doc: Booth): BoothState {
  const profile =
    doc.registryRevision > 0
      ? {
          name: doc.name ?? {},
          ...(doc.description ? { description: doc.description } : {}),
          kind: doc.kind ?? '',
          country: doc.country ?? '',
          region: doc.region ?? '',
          ...(doc.website ? { website: doc.website } : {}),
          products: doc.products ?? [],
          niceClasses: doc.niceClasses ?? [],
          active: doc.active ?? false,
          registryRevision: doc.registryRevision,
        }
      : undefined;
  return { organisationId: doc._id, profile, certificates: doc.certificates ?? [] };
}

/** The fields to store for a state (everything but _id and version). */
export function toFields(state: BoothState, derived: BoothDerived, now: string): Omit<Booth, '_id' | 'version'> {
  return { ...state.profile, registryRevision: state.profile?.registryRevision ?? 0, products: state.profile?.products ?? [], niceClasses: state.profile?.niceClasses ?? [], certificates: state.certificates, ...derived, ...changeStamp(now) };
}

/** The public view of a listed booth on `today` (YYYY-MM-DD). */
export function toView(doc: Booth, today: string): BoothView {
  return {
    organisationId: doc._id,
    name: doc.name ?? {},
    ...(doc.description ? { description: doc.description } : {}),
    kind: doc.kind ?? '',
    country: doc.country ?? '',
    region: doc.region ?? '',
    ...(doc.website ? { website: doc.website } : {}),
    products: doc.products ?? [],
    niceClasses: doc.niceClasses ?? [],
    brandMark: brandMarkOn(doc.certificates ?? [], today),
  };
}
