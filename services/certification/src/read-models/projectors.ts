import type { Provider } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { NatsConnection } from 'nats';
import type { EventStore } from '@banat/event-store';
import { CERTIFICATION_EVENT_SOURCE } from '@banat/contracts';
import { ensurePublicStream, NATS_CONNECTION, PublicEventPublisher } from '@banat/messaging';
import { projectorProvider, SharedEventFeed, type Projection } from '@banat/projections';
import { CertificateCommands } from '../application/certificate-commands.service';
import { EVENT_STORE } from '../application/event-store.provider';
import { credentialIssuerProjection } from '../credentials/credential-issuer.projection';
import { CredentialIssuer } from '../credentials/credential-issuer';
import { RegistryClient } from '../application/registry-client';
import { certificateIssuerProjection } from '../integration/certificate-issuer.projection';
import { CERTIFICATE_ISSUANCE } from '../integration/certificate-issuance.schema';
import { publicFactsProjection } from '../integration/public-facts.projection';
import { PUBLISHED_FACT } from '../integration/published-fact.schema';
import { applicationFileProjection } from './application-file.projection';
import { APPLICATION_FILE } from './application-file.schema';
import { expertWorkloadProjection } from './expert-workload.projection';
import { EXPERT_WORKLOAD } from './expert-workload.schema';
import { projectorLogger } from './projector-logger';
import { registerProjection } from './register.projection';
import { REGISTER_ENTRY } from './register.schema';
import { SCHEME_STATISTICS, STATISTICS_SUBJECT } from './scheme-statistics.schema';
import { schemeStatisticsProjection } from './scheme-statistics.projection';

export const REGISTER_PROJECTOR = Symbol('REGISTER_PROJECTOR');
export const FILES_PROJECTOR = Symbol('FILES_PROJECTOR');
export const STATISTICS_PROJECTOR = Symbol('STATISTICS_PROJECTOR');
export const WORKLOAD_PROJECTOR = Symbol('WORKLOAD_PROJECTOR');
export const PUBLIC_FACTS_PROJECTOR = Symbol('PUBLIC_FACTS_PROJECTOR');
export const ISSUER_PROJECTOR = Symbol('ISSUER_PROJECTOR');
export const CREDENTIALS_PROJECTOR = Symbol('CREDENTIALS_PROJECTOR');
export const ALL_PROJECTORS = [REGISTER_PROJECTOR, FILES_PROJECTOR, STATISTICS_PROJECTOR, WORKLOAD_PROJECTOR, PUBLIC_FACTS_PROJECTOR, ISSUER_PROJECTOR];

/** One subscription to the history for every projector of the process (each event read and decoded once). */
export const PROJECTION_FEED = Symbol('PROJECTION_FEED');
const projectionFeedProvider: Provider = { provide: PROJECTION_FEED, inject: [EVENT_STORE], useFactory: (store: EventStore) => new SharedEventFeed(store) };

type AnyModel = Model<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const model = (name: string) => getModelToken(name);

/**
 * Every projector is written per batch (in memory per document, bulk writes and the checkpoint per
 * batch). The publisher and the issuers act outside their models through `ctx.effect`: a batch's
 * effects run together, and its documents and checkpoint are written once they are all done. Under
 * load a batch waits longer than 50 ms while its events fall on few documents (up to 500 ms, see
 * `writeShare`), so up to 5,000 events: a command stream over 100 certificates writes each register
 * entry a couple of times a second, not once per 50 ms.
 */
const READ_MODEL_BATCH = { maxEvents: 5_000, maxDelayMs: 50 };

/** One checkpointed runner per read model, each fed from the process's shared subscription to the history. */
function runner(provide: symbol, models: string[], build: (store: EventStore, ...models: AnyModel[]) => Projection | Promise<Projection>, extra: Array<string | symbol | Function> = [], batch?: typeof READ_MODEL_BATCH): Provider {
  return projectorProvider({
    provide,
    inject: [EVENT_STORE, PROJECTION_FEED, ...models.map(model), ...extra],
    useFactory: async (store: EventStore, feed: SharedEventFeed, ...deps: unknown[]) => {
      const projection = await build(store, ...(deps as AnyModel[]));
      return { store: feed, projection, logger: projectorLogger(projection.name), checkpointEvery: 50, batch };
    },
  });
}

export const projectorProviders: Provider[] = [
  projectionFeedProvider,
  runner(REGISTER_PROJECTOR, [REGISTER_ENTRY], (_store, register) => registerProjection(register), [], READ_MODEL_BATCH),
  runner(FILES_PROJECTOR, [APPLICATION_FILE], (_store, files) => applicationFileProjection(files), [], READ_MODEL_BATCH),
  runner(STATISTICS_PROJECTOR, [SCHEME_STATISTICS, STATISTICS_SUBJECT], (_store, stats, subjects) => schemeStatisticsProjection(stats, subjects), [], READ_MODEL_BATCH),
  runner(WORKLOAD_PROJECTOR, [EXPERT_WORKLOAD], (_store, workload) => expertWorkloadProjection(workload), [], READ_MODEL_BATCH),
  runner(PUBLIC_FACTS_PROJECTOR, [PUBLISHED_FACT], async (store, log, nc) => {
    await ensurePublicStream(nc as unknown as NatsConnection);
    return publicFactsProjection(store, new PublicEventPublisher(nc as unknown as NatsConnection, CERTIFICATION_EVENT_SOURCE), log);
  }, [NATS_CONNECTION], READ_MODEL_BATCH),
  runner(ISSUER_PROJECTOR, [CERTIFICATE_ISSUANCE], (_store, log, certificates) => certificateIssuerProjection(certificates as unknown as CertificateCommands, log), [CertificateCommands], READ_MODEL_BATCH),
];

/** Signs certificate credentials and status lists; run only where CREDENTIAL_SIGNING_KEY is set. */
export const credentialProjectorProvider: Provider = runner(
  CREDENTIALS_PROJECTOR,
  [],
  (store, issuer, registry) => credentialIssuerProjection(store, issuer as unknown as CredentialIssuer, registry as unknown as RegistryClient),
  [CredentialIssuer, RegistryClient],
  READ_MODEL_BATCH,
);
