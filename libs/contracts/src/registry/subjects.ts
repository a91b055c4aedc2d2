import { rpc } from '../subjects';

export const RegistrySubjects = {
  register: rpc('registry', 'organisation.register'),
  update: rpc('registry', 'organisation.update'),
  deactivate: rpc('registry', 'organisation.deactivate'),
  get: rpc('registry', 'organisation.get'),
  search: rpc('registry', 'organisation.search'),
  importCsv: rpc('registry', 'organisation.import-csv'),
} as const;

/** CloudEvents `source` of the registry's integration events. */
export const REGISTRY_EVENT_SOURCE = 'urn:madeinbanat:registry';

/** Integration events the registry publishes (under the public prefix). */
export const RegistryEvents = {
  registered: { subject: 'registry.organisation.registered.v1', type: 'eu.madeinbanat.registry.organisation.registered.v1' },
  updated: { subject: 'registry.organisation.updated.v1', type: 'eu.madeinbanat.registry.organisation.updated.v1' },
  deactivated: { subject: 'registry.organisation.deactivated.v1', type: 'eu.madeinbanat.registry.organisation.deactivated.v1' },
} as const;
