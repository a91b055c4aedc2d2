import { checkOrganisation } from './check-organisation';
import type { RegistrationInput } from './organisation';
import { validateOrganisation } from './validate-organisation';

const dairy = (): RegistrationInput => ({
  kind: 'sme',
  name: { 'sr-Cyrl': 'Млекара Ђурђевић', 'sr-Latn': 'Mlekara Đurđević', en: ' Đurđević   Dairy ' },
  country: 'RS',
  region: 'RS-02',
  legalId: { kind: 'RS-PIB', value: 'RS 104 052 135' },
  sizeClass: 'small',
  naceCodes: ['10.51', 'C', '1051'],
  contacts: [{ name: 'Office', email: 'Office@Mlekara.rs', phone: '+381 23 123 456' }],
  website: 'www.mlekara.rs',
  products: [{ name: { 'sr-Latn': 'Sir', ro: 'Brânză' }, niceClasses: [29, 29, 30] }],
});

describe('validateOrganisation', () => {
  it('returns the normalized organisation for a valid registration', () => {
    const result = validateOrganisation(dairy());
    expect(result).toEqual({
      ok: true,
      organisation: {
        kind: 'sme',
        name: { 'sr-Cyrl': 'Млекара Ђурђевић', 'sr-Latn': 'Mlekara Đurđević', en: 'Đurđević Dairy' },
        country: 'RS',
        region: 'RS-02',
        legalId: { kind: 'RS-PIB', value: '104052135' },
        sizeClass: 'small',
        naceCodes: ['10.51', 'C'],
        contacts: [{ name: 'Office', email: 'office@mlekara.rs', phone: '+381 23 123 456' }],
        website: 'https://www.mlekara.rs/',
        products: [{ name: { 'sr-Latn': 'Sir', ro: 'Brânză' }, niceClasses: [29, 30] }],
        memberIds: [],
      },
    });
  });

  it('reports every wrong field at once, with its path', () => {
    const result = validateOrganisation({
      ...dairy(),
      kind: 'company',
      region: 'RO-TM',
      legalId: { kind: 'RS-PIB', value: '104052136' },
      sizeClass: 'huge',
      naceCodes: ['10.51', '99.99x', '04'],
      contacts: [{ email: 'office(at)mlekara.rs' }, { name: 'Nobody' }],
      website: 'ftp://mlekara.rs',
      products: [{ name: {}, niceClasses: [46] }],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: 'kind', reason: 'company is not one of sme, business-support, public-body, ngo, research-education, cluster' },
        { field: 'region', reason: 'RO-TM is not a region of RS' },
        { field: 'legalId.value', reason: 'wrong check digit' },
        { field: 'sizeClass', reason: 'huge is not one of micro, small, medium, large' },
        { field: 'naceCodes[1]', reason: '99.99x is not a NACE Rev.2 code (like C, 10, 10.1 or 10.11)' },
        { field: 'naceCodes[2]', reason: '04 is not a NACE Rev.2 code (no division 04)' },
        { field: 'contacts[0].email', reason: 'office(at)mlekara.rs is not an e-mail address' },
        { field: 'contacts[1]', reason: 'an e-mail or a phone is required' },
        { field: 'website', reason: 'ftp://mlekara.rs is not an http or https address' },
        { field: 'products[0].name', reason: 'at least one language is required' },
        { field: 'products[0].niceClasses[0]', reason: '46 is not a Nice class (1 to 45)' },
      ],
    });
  });

  it('requires kind, a name, a country and a legal identifier', () => {
    const result = validateOrganisation({});
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: 'kind', reason: 'missing' },
      { field: 'name', reason: 'at least one language is required' },
      { field: 'country', reason: 'missing' },
      { field: 'legalId', reason: 'missing' },
    ]);
  });

  it('puts an identifier of another country on legalId.kind', () => {
    const result = validateOrganisation({ ...dairy(), legalId: { kind: 'RO-CUI', value: '18547290' } });
    expect(!result.ok && result.errors).toEqual([{ field: 'legalId.kind', reason: 'RO-CUI is not a legal identifier of RS' }]);
  });

  it('refuses Latin text declared as Cyrillic and Cyrillic in a Latin language', () => {
    const result = validateOrganisation({ ...dairy(), name: { 'sr-Cyrl': 'Mlekara', ro: 'Млекара' } });
    expect(!result.ok && result.errors).toEqual([
      { field: 'name.ro', reason: 'ro text contains Cyrillic letters (use sr-Cyrl)' },
      { field: 'name.sr-Cyrl', reason: 'sr-Cyrl text has no Cyrillic letters' },
    ]);
  });

  it('lets only a cluster have members', () => {
    const member = '0b9a3f0e-8d1c-4c55-9a43-2f1b6c0d7e11';
    expect(validateOrganisation({ ...dairy(), memberIds: [member] })).toMatchObject({
      ok: false,
      errors: [{ field: 'memberIds', reason: 'only a cluster has member organisations' }],
    });
    expect(validateOrganisation({ ...dairy(), kind: 'cluster', memberIds: [member, 'not-an-id'] })).toMatchObject({
      ok: false,
      errors: [{ field: 'memberIds[1]', reason: 'not-an-id is not an organisation id' }],
    });
    expect(validateOrganisation({ ...dairy(), kind: 'Cluster', memberIds: [member] })).toMatchObject({ ok: true, organisation: { kind: 'cluster', memberIds: [member] } });
  });
});

describe('checkOrganisation', () => {
  it('adds the uniqueness key, the search text across scripts and the sort name', () => {
    const result = checkOrganisation(dairy());
    expect(result).toMatchObject({ ok: true, legalIdKey: 'RS-PIB:104052135', sortName: 'djurdjevic dairy' });
    const words = result.ok ? result.searchText.split(' ') : [];
    expect(words).toEqual(expect.arrayContaining(['mlekara', 'djurdjevic', 'durdevic', 'dairy', 'sir', 'branza']));
  });

  it('passes the errors through', () => {
    expect(checkOrganisation({ ...dairy(), region: 'RS-VO' })).toEqual({ ok: false, errors: [{ field: 'region', reason: 'RS-VO is not a region of RS' }] });
  });
});
