/**
 * What the registry stores beside a valid organisation: the key that makes its legal identifier
 * unique, the folded text its names are searched in, and the folded name it is sorted by.
 */
import type { FieldError } from './field-error';
import { legalIdentityKey } from './legal-identifiers';
import type { Language } from './multilingual';
import { Organisation, organisationSearchKeys, RegistrationInput } from './organisation';
import { normalizeSearchText } from './search-key';
import { validateOrganisation } from './validate-organisation';

export type OrganisationInput = RegistrationInput;

export type OrganisationCheck =
  | { ok: true; organisation: Organisation; legalIdKey: string; searchText: string; sortName: string }
  | { ok: false; errors: FieldError[] };

// Sorting needs one name per organisation; a Latin-script one sorts where readers expect it.
const SORT_LANGUAGES: Language[] = ['en', 'ro', 'sr-Latn', 'hu', 'sr-Cyrl'];

export function sortNameOf(organisation: Pick<Organisation, 'name'>): string {
  const lang = SORT_LANGUAGES.find((l) => organisation.name[l]);
  return lang ? normalizeSearchText(organisation.name[lang] as string) : '';
}

/**
 * All search keys of the organisation in one string, words separated by spaces: a query word
 * matches with the pattern `(^| )word`.
 */
export function searchTextOf(organisation: Pick<Organisation, 'name' | 'products'>): string {
  return organisationSearchKeys(organisation).join(' ');
}

export function checkOrganisation(input: OrganisationInput): OrganisationCheck {
  const result = validateOrganisation(input);
  if (!result.ok) return result;
  const { organisation } = result;
  return {
    ok: true,
    organisation,
    legalIdKey: legalIdentityKey(organisation.legalId),
    searchText: searchTextOf(organisation),
    sortName: sortNameOf(organisation),
  };
}
