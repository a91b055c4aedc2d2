import { CERTIFICATION_EVENT_SOURCE, CertificationApplicationEvents, CertificationApplicationEventSchemas, CertificationEvents, CertificationEventSchemas } from './certification';
import { NETWORK_EVENT_SOURCE, NetworkEvents, NetworkEventSchemas } from './network';
import { EVENTS_EVENT_SOURCE, EventsPublicEvents, EventsPublicEventSchemas } from './events';
import { REGISTRY_EVENT_SOURCE, RegistryEvents, RegistryEventSchemas } from './registry';
import { PUBLIC_PREFIX } from './subjects';

interface PublicEventDef {
  subject: string;
  type: string;
}

/**
 * A certificate fact's id: its certificate's history stream and revision. The revision orders a certificate's facts
 * (a publication retried after a failure can reach the stream after a later fact of the same certificate).
 */
const CERTIFICATE_FACT_ID = {
  type: 'string',
  pattern: '^certificate-.+-\\d+$',
  description:
    'certificate-<number>-<revision>: the revision of the certificate\'s history stream the fact comes from. With source, the deduplication key; ' +
    'the revision orders a certificate\'s facts: data is the certificate as it stands after the fact, so apply a fact only when its revision is above the last one applied for that certificate.',
};

const toKey = (type: string) => type.replace(/^eu\.madeinbanat\./, '').replace(/\./g, '_');

/**
 * The AsyncAPI 3 document of what partners may subscribe to: built from the same constants and
 * schemas the services publish with, so it cannot drift from the code.
 */
export function buildAsyncApiDocument(): Record<string, unknown> {
  const groups: { source: string; events: Record<string, PublicEventDef>; schemas: Record<string, object>; id?: object }[] = [
    { source: REGISTRY_EVENT_SOURCE, events: RegistryEvents, schemas: RegistryEventSchemas },
    { source: CERTIFICATION_EVENT_SOURCE, events: CertificationEvents, schemas: CertificationEventSchemas, id: CERTIFICATE_FACT_ID },
    { source: CERTIFICATION_EVENT_SOURCE, events: CertificationApplicationEvents, schemas: CertificationApplicationEventSchemas },
    { source: NETWORK_EVENT_SOURCE, events: NetworkEvents, schemas: NetworkEventSchemas },
    { source: EVENTS_EVENT_SOURCE, events: EventsPublicEvents, schemas: EventsPublicEventSchemas },
  ];
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  for (const group of groups) {
    for (const def of Object.values(group.events)) {
      const key = toKey(def.type);
      const { $schema: _ignored, ...dataSchema } = group.schemas[def.type] as { $schema?: string };
      messages[key] = {
        name: def.type,
        title: def.type,
        contentType: 'application/cloudevents+json',
        summary: `CloudEvents 1.0 structured JSON; type ${def.type}, source ${group.source}; source + id is the deduplication key (also Nats-Msg-Id)`,
        payload: {
          type: 'object',
          required: ['specversion', 'id', 'source', 'type', 'time', 'data'],
          properties: {
            specversion: { const: '1.0' },
            id: group.id ?? { type: 'string' },
            source: { const: group.source },
            type: { const: def.type },
            subject: { type: 'string' },
            time: { type: 'string', format: 'date-time' },
            datacontenttype: { const: 'application/json' },
            dataschema: { type: 'string' },
            data: dataSchema,
          },
        },
      };
      channels[key] = {
        address: `${PUBLIC_PREFIX}.${def.subject}`,
        description: `JetStream stream BANAT_PUBLIC; replay from any sequence or time with your own consumer`,
        messages: { [key]: { $ref: `#/components/messages/${key}` } },
      };
      operations[`receive_${key}`] = {
        action: 'receive',
        channel: { $ref: `#/channels/${key}` },
        messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
      };
    }
  }
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Made in Banat — public integration events',
      version: '1.0.0',
      description:
        'Facts partners may subscribe to (awards, suspensions, withdrawals, registry changes, network listings and suggested matches) as CloudEvents on NATS JetStream. ' +
        'Partners connect with their own NATS user, allowed to consume the public prefix only. ' +
        'Delivery is at least once: JetStream drops a repeated id only within 2 minutes, so deduplicate by source + id. ' +
        "A certificate fact's id ends with the revision of the certificate's history (certificate-<number>-<revision>); its data is the certificate as it stands after it: " +
        'apply a fact only when its revision is above the last one applied for that certificate (after a failure, the stream can hold a fact after a later one of the same certificate).',
    },
    defaultContentType: 'application/cloudevents+json',
    servers: { production: { host: 'nats.madeinbanat.example:4222', protocol: 'nats', description: 'NATS with JetStream (stream BANAT_PUBLIC)' } },
    channels,
    operations,
    components: { messages },
  };
}
