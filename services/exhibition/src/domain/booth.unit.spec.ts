import type { OrganisationView } from '@banat/contracts';
import { derive, emptyBooth, withCertificateFact, withOrganisation } from './booth';
import type { CertificateFact } from './certificate-facts';

const org = (revision: number, changes: Partial<OrganisationView> = {}): OrganisationView => ({
  id: 'org-1',
  kind: 'sme',
  name: { ro: 'Brutăria Bănățeană', 'sr-Cyrl': 'Пекара Банат' },
  country: 'RO',
  region: 'RO-TM',
  legalId: { kind: 'RO-CUI', value: 'RO18547290' },
  naceCodes: [],
  contacts: [{ email: 'office@example.ro' }],
  products: [
    { name: { ro: 'Pâine' }, niceClasses: [30] },
    { name: { ro: 'Miere' }, niceClasses: [30, 29] },
  ],
  memberIds: [],
  active: true,
  revision,
  registeredAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  ...changes,
});
const granted: CertificateFact = {
  kind: 'granted',
  revision: 0,
  eventId: 'certificate-MIB-1-0',
  data: { certificateNumber: 'MIB-1', holderOrganisationId: 'org-1', schemeId: 'made-in-banat', validFrom: '2026-01-05', validUntil: '2029-01-05', at: '2026-01-05T09:00:00.000Z' },
};

describe('a booth', () => {
  it('takes names, region and products with their Nice classes from the registry, not its contacts', () => {
    const booth = withOrganisation(emptyBooth('org-1'), org(1))!;
    expect(booth.profile).toMatchObject({ name: { ro: 'Brutăria Bănățeană' }, country: 'RO', region: 'RO-TM', niceClasses: [29, 30], registryRevision: 1 });
    expect(booth.profile).not.toHaveProperty('contacts');
    expect(derive(booth).searchText).toContain('pekara banat');
  });

  it('ignores a registry event at or below the applied revision', () => {
    const booth = withOrganisation(emptyBooth('org-1'), org(2))!;
    expect(withOrganisation(booth, org(2, { region: 'RO-AR' }))).toBeUndefined();
    expect(withOrganisation(booth, org(1, { region: 'RO-AR' }))).toBeUndefined();
    expect(withOrganisation(booth, org(3, { region: 'RO-AR' }))?.profile?.region).toBe('RO-AR');
  });

  it('is listed once the registry knows the holder and it holds or held a certificate, in either order', () => {
    expect(derive(withOrganisation(emptyBooth('org-1'), org(1))!).listed).toBe(false);
    expect(derive(withCertificateFact(emptyBooth('org-1'), granted)!).listed).toBe(false);
    expect(derive(withOrganisation(withCertificateFact(emptyBooth('org-1'), granted)!, org(1))!).listed).toBe(true);
  });

  it('is hidden once the organisation is deactivated', () => {
    const listed = withCertificateFact(withOrganisation(emptyBooth('org-1'), org(1))!, granted)!;
    expect(derive(withOrganisation(listed, org(2, { active: false }))!).listed).toBe(false);
  });
});
