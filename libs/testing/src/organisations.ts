import type { OrganisationView } from '@banat/contracts';

/** An organisation as the registry publishes it (a Romanian SME, active, first revision), with the fields a test names. */
export const organisationView = (fields: Partial<OrganisationView> & Pick<OrganisationView, 'id'>): OrganisationView => ({
  kind: 'sme',
  name: { ro: 'Brutăria Bănățeană' },
  country: 'RO',
  region: 'RO-TM',
  legalId: { kind: 'RO-CUI', value: 'RO18547290' },
  naceCodes: [],
  contacts: [],
  products: [],
  memberIds: [],
  active: true,
  revision: 1,
  registeredAt: '2026-01-02T08:00:00.000Z',
  updatedAt: '2026-01-02T08:00:00.000Z',
  ...fields,
});
