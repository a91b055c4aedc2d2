/**
 * NATS subject namespaces. They never overlap: a JetStream stream whose subjects overlap an RPC
 * subject would swallow the requests.
 *   banat.rpc.<service>.<action>            request/reply, one queue group per service
 *   banat.es.<category>.<encoded stream id> the certification history (event store, JetStream adapter)
 *   banat.public.<service>.<event>.v<n>     integration events (CloudEvents), replayable by partners
 */
export const RPC_PREFIX = 'banat.rpc';
export const EVENT_STORE_PREFIX = 'banat.es';
export const PUBLIC_PREFIX = 'banat.public';

export const SERVICES = ['registry', 'certification', 'network', 'events', 'exhibition'] as const;
export type ServiceName = (typeof SERVICES)[number];

export const rpc = (service: ServiceName, action: string) => `${RPC_PREFIX}.${service}.${action}`;

/** Every service answers a ping with its own state (used by the gateway's /ready). */
export const pingSubject = (service: ServiceName) => rpc(service, 'ping');

export const NetworkSubjects = {
  /** What the network knows of an organisation, learnt from the registry's integration events. */
  directoryEntry: rpc('network', 'directory.get'),
} as const;
