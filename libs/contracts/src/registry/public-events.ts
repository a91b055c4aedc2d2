import { RegistryEvents } from './subjects';

const multilingual = {
  type: 'object',
  additionalProperties: false,
  properties: { ro: { type: 'string' }, 'sr-Latn': { type: 'string' }, 'sr-Cyrl': { type: 'string' }, hu: { type: 'string' }, en: { type: 'string' } },
};

/** The `data` of every registry CloudEvent: the organisation as it stands after the change, without personal data (no contact people, no staff ids). */
const organisationSchema = (name: string) => ({
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:madeinbanat:registry:schemas:organisation.${name}.v1`,
  title: `organisation ${name} (v1)`,
  type: 'object',
  additionalProperties: false,
  required: ['id', 'kind', 'name', 'country', 'region', 'legalId', 'active', 'revision', 'registeredAt', 'updatedAt'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    kind: { enum: ['sme', 'business-support', 'public-body', 'ngo', 'research-education', 'cluster'] },
    name: multilingual,
    description: multilingual,
    country: { enum: ['RO', 'RS', 'HU'] },
    region: { type: 'string', pattern: '^[A-Z]{2}-[A-Z0-9]{1,3}$' },
    legalId: { type: 'object', required: ['kind', 'value'], properties: { kind: { type: 'string' }, value: { type: 'string' } } },
    sizeClass: { enum: ['micro', 'small', 'medium', 'large'] },
    naceCodes: { type: 'array', items: { type: 'string' } },
    website: { type: 'string' },
    products: { type: 'array', items: { type: 'object' } },
    memberIds: {
      type: 'array',
      items: { type: 'string' },
      description:
        "For a cluster: the members its record listed before the network asked for their consent (2026-12-03), less those whose membership has ended since (network.cluster-membership.ended.v1). It never grows: an organisation that accepts a cluster's invitation is told by network.cluster-membership.started.v1 and listed by GET /api/v1/network/clusters/{id}/members",
    },
    active: { type: 'boolean' },
    deactivation: { type: 'object', additionalProperties: false, properties: { reason: { type: 'string' }, at: { type: 'string', format: 'date-time' } } },
    revision: { type: 'integer', minimum: 1 },
    registeredAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
});

export const RegistryEventSchemas: Record<string, ReturnType<typeof organisationSchema>> = {
  [RegistryEvents.registered.type]: organisationSchema('registered'),
  [RegistryEvents.updated.type]: organisationSchema('updated'),
  [RegistryEvents.deactivated.type]: organisationSchema('deactivated'),
};
