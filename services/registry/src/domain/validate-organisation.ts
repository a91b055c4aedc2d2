/**
 * Checks a registration as a whole and returns every field error at once, or the normalized
 * organisation. Pure: uniqueness of the legal identifier is the repository's question.
 */
import { Contact, emailProblem, normalizeWebsite, phoneProblem } from './contacts';
import { isCountry } from './countries';
import type { FieldError } from './field-error';
import { LegalIdKind, validateLegalIdentifier } from './legal-identifiers';
import { validateNaceCode } from '@banat/contracts';
import type { Organisation, RegistrationInput } from './organisation';
import { isOrganisationKind, isSizeClass, ORGANISATION_KINDS, SIZE_CLASSES } from './organisation-kinds';
import { checkProduct, Product } from './products';
import { validateRegion } from './regions';
import { checkText, DESCRIPTION_MAX, NAME_MAX } from './text-field';

export type OrganisationValidation = { ok: true; organisation: Organisation } | { ok: false; errors: FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const blank = (value: unknown): boolean => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

function checkContacts(input: unknown, errors: FieldError[]): Contact[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    errors.push({ field: 'contacts', reason: 'must be a list' });
    return [];
  }
  return input.flatMap((raw: Contact, i): Contact[] => {
    const contact: Contact = {};
    if (!blank(raw?.name)) contact.name = String(raw.name).trim();
    if (!blank(raw?.email)) {
      contact.email = String(raw.email).trim().toLowerCase();
      const problem = emailProblem(contact.email);
      if (problem) errors.push({ field: `contacts[${i}].email`, reason: problem });
    }
    if (!blank(raw?.phone)) {
      contact.phone = String(raw.phone).trim();
      const problem = phoneProblem(contact.phone);
      if (problem) errors.push({ field: `contacts[${i}].phone`, reason: problem });
    }
    if (!contact.email && !contact.phone) errors.push({ field: `contacts[${i}]`, reason: 'an e-mail or a phone is required' });
    return [contact];
  });
}

function checkNaceCodes(input: unknown, errors: FieldError[]): string[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    errors.push({ field: 'naceCodes', reason: 'must be a list' });
    return [];
  }
  const codes: string[] = [];
  input.forEach((code, i) => {
    const check = validateNaceCode(String(code));
    if (!check.valid) errors.push({ field: `naceCodes[${i}]`, reason: check.reason });
    else if (!codes.includes(check.normalized)) codes.push(check.normalized);
  });
  return codes;
}

function checkProducts(input: unknown, errors: FieldError[]): Product[] {
  if (input === undefined) return [];
  if (!Array.isArray(input)) {
    errors.push({ field: 'products', reason: 'must be a list' });
    return [];
  }
  return input.flatMap((raw, i) => {
    const { product, errors: productErrors } = checkProduct(`products[${i}]`, raw);
    errors.push(...productErrors);
    return product ? [product] : [];
  });
}

function checkMembers(input: unknown, isCluster: boolean, errors: FieldError[]): string[] {
  if (input === undefined || (Array.isArray(input) && input.length === 0)) return [];
  if (!isCluster) {
    errors.push({ field: 'memberIds', reason: 'only a cluster has member organisations' });
    return [];
  }
  if (!Array.isArray(input)) {
    errors.push({ field: 'memberIds', reason: 'must be a list' });
    return [];
  }
  input.forEach((id, i) => {
    if (typeof id !== 'string' || !UUID.test(id)) errors.push({ field: `memberIds[${i}]`, reason: `${String(id)} is not an organisation id` });
  });
  return [...new Set(input.map((id) => String(id).toLowerCase()))];
}

export function validateOrganisation(input: RegistrationInput): OrganisationValidation {
  const errors: FieldError[] = [];

  const kind = typeof input.kind === 'string' ? input.kind.trim().toLowerCase() : input.kind;
  if (!isOrganisationKind(kind)) errors.push({ field: 'kind', reason: blank(kind) ? 'missing' : `${String(kind)} is not one of ${ORGANISATION_KINDS.join(', ')}` });

  const name = checkText('name', input.name, true, NAME_MAX);
  const description = checkText('description', input.description, false, DESCRIPTION_MAX);
  errors.push(...name.errors, ...description.errors);

  const country = typeof input.country === 'string' ? input.country.trim().toUpperCase() : input.country;
  let region: string | undefined;
  if (!isCountry(country)) {
    errors.push({ field: 'country', reason: blank(country) ? 'missing' : `${String(country)} is not one of RO, RS, HU` });
  } else {
    const check = validateRegion(country, input.region ?? '');
    if (check.valid) region = check.region.code;
    else errors.push({ field: 'region', reason: check.reason });
  }

  let legalId: Organisation['legalId'] | undefined;
  const legalKind = (input.legalId?.kind ?? '').trim().toUpperCase();
  if (legalKind === '') {
    // A missing identifier is named as such, not by its first part.
    errors.push({ field: input.legalId ? 'legalId.kind' : 'legalId', reason: 'missing' });
  } else if (isCountry(country)) {
    const check = validateLegalIdentifier(country, legalKind, input.legalId?.value ?? '');
    if (check.valid) legalId = { kind: legalKind as LegalIdKind, value: check.normalized };
    else errors.push({ field: check.reason.startsWith('unknown kind') || check.reason.includes('is not a legal identifier of') ? 'legalId.kind' : 'legalId.value', reason: check.reason });
  }

  const sizeClass = blank(input.sizeClass) ? undefined : String(input.sizeClass).trim().toLowerCase();
  if (sizeClass !== undefined && !isSizeClass(sizeClass)) errors.push({ field: 'sizeClass', reason: `${sizeClass} is not one of ${SIZE_CLASSES.join(', ')}` });

  const naceCodes = checkNaceCodes(input.naceCodes, errors);
  const contacts = checkContacts(input.contacts, errors);

  let website: string | undefined;
  if (!blank(input.website)) {
    const check = normalizeWebsite(String(input.website));
    if (check.valid) website = check.normalized;
    else errors.push({ field: 'website', reason: check.reason });
  }

  const products = checkProducts(input.products, errors);
  const memberIds = checkMembers(input.memberIds, kind === 'cluster', errors);

  if (errors.length > 0 || !isOrganisationKind(kind) || !isCountry(country) || !name.text || !region || !legalId) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    organisation: {
      kind,
      name: name.text,
      ...(description.text && { description: description.text }),
      country,
      region,
      legalId,
      ...(sizeClass && { sizeClass: sizeClass as Organisation['sizeClass'] }),
      naceCodes,
      contacts,
      ...(website && { website }),
      products,
      memberIds,
    },
  };
}
