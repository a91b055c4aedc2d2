/** Public API of the registry's pure domain: identifiers, places, sectors, search keys, validation, CSV import. */
export * from './countries';
export * from './multilingual';
export * from './organisation-kinds';
export * from './field-error';
export { validateLegalIdentifier, legalIdentityKey, isLegalIdKind, countryOfKind, LEGAL_ID_KINDS, LEGAL_ID_KIND_NAMES } from './legal-identifiers';
export type { IdentifierCheck, LegalIdKind, LegalIdentifier } from './legal-identifiers';
export { validateSerbianMb, serbianMbCheckDigit } from './serbian-mb';
export { validateHungarianTaxNumber } from './hungarian-tax-number';
export { REGIONS, findRegion, findRegionByName, regionsOf, validateRegion } from './regions';
export type { Region, RegionCheck, RegionType } from './regions';
// NACE Rev.2 and Nice code lists are shared with the network service through the contracts.
export { NACE_SECTIONS, validateNaceCode, naceDivisionName, naceSectionName, naceCodeMatches, NICE_CLASSES, isNiceClass, niceClassKind } from '@banat/contracts';
export type { NaceSection, NaceCheck } from '@banat/contracts';
export { normalizeSearchText, normalizeSearchQuery, searchKeys, searchPattern } from './search-key';
export type { Contact, WebsiteCheck } from './contacts';
export { normalizeWebsite } from './contacts';
export type { Product, ProductInput } from './products';
export { organisationSearchKeys } from './organisation';
export type { Organisation, RegistrationInput } from './organisation';
export { validateOrganisation } from './validate-organisation';
export type { OrganisationValidation } from './validate-organisation';
export { checkOrganisation, searchTextOf, sortNameOf } from './check-organisation';
export type { OrganisationCheck, OrganisationInput } from './check-organisation';
export { parseOrganisationsCsv, registrationFromCells } from './csv-import';
export type { CsvRowResult } from './csv-import';
export { CSV_COLUMNS, REQUIRED_COLUMNS, OPTIONAL_COLUMNS } from './csv-header';
export { endedMembershipOf, memberIdsWithout } from './cluster-members';
