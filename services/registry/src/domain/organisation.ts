/** An organisation of the registry: what a registrant submits and what the registry keeps. */
import type { Contact } from './contacts';
import type { Country } from './countries';
import type { LegalIdentifier } from './legal-identifiers';
import type { MultilingualText } from './multilingual';
import type { OrganisationKind, SizeClass } from './organisation-kinds';
import type { Product, ProductInput } from './products';
import { searchKeys } from './search-key';

/** A registration as it arrives (API body or CSV row): anything may be missing or wrong. */
export interface RegistrationInput {
  kind?: string;
  name?: unknown;
  description?: unknown;
  country?: string;
  region?: string;
  legalId?: { kind?: string; value?: string };
  sizeClass?: string;
  naceCodes?: string[];
  contacts?: Contact[];
  website?: string;
  products?: ProductInput[];
  /** Only a cluster has members: ids of registered organisations. */
  memberIds?: string[];
}

/** A registration that passed every check, in normalized form. */
export interface Organisation {
  kind: OrganisationKind;
  name: MultilingualText;
  description?: MultilingualText;
  country: Country;
  /** ISO 3166-2 code, upper case. */
  region: string;
  legalId: LegalIdentifier;
  sizeClass?: SizeClass;
  /** Normalized (dotted) NACE Rev.2 codes, in the order given, without repeats. */
  naceCodes: string[];
  contacts: Contact[];
  website?: string;
  products: Product[];
  memberIds: string[];
}

/** Keys for script-insensitive search on the organisation's and its products' names. */
export function organisationSearchKeys(organisation: Pick<Organisation, 'name' | 'products'>): string[] {
  return searchKeys(organisation.name, ...organisation.products.map((product) => product.name));
}
