import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { RegistrySubjects } from '@banat/contracts';
import { JetStreamEventStore } from '@banat/event-store';
import type { PlatformConfig } from '@banat/messaging';
import { CheckpointStore, ProjectorRunner, type ProjectorLogger } from '@banat/projections';
import { startFerret, startNats, type RunningServer } from '@banat/testing';
import mongoose, { type Connection } from 'mongoose';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { RegistryClient } from '../application/registry-client';
import { credentialIssuerProjection } from './credential-issuer.projection';
import { CredentialIssuer } from './credential-issuer';
import { CERTIFICATE_CREDENTIAL, CertificateCredentialSchema, CREDENTIAL_ISSUER_ID, CredentialIssuerIdSchema, CREDENTIAL_STATUS_LIST, CredentialStatusListSchema, type CertificateCredentialDocument, type CredentialIssuerIdDocument, type CredentialStatusListDocument } from './credential.schema';

const silent: ProjectorLogger = { warn: () => undefined, error: () => undefined };

/**
 * What the credential issuer's integration tests stand on: a real nats-server (the history, and the registry
 * as the certification service meets it on the bus: every organisation has one legal id) and a real FerretDB.
 */
export class CredentialTestBed {
  private readonly connections: Connection[] = [];

  private constructor(
    readonly nats: RunningServer,
    readonly ferret: RunningServer,
    readonly nc: NatsConnection,
    readonly store: JetStreamEventStore,
    private readonly registryBus: ClientProxy,
    private readonly responder: Subscription,
  ) {}

  static async start(): Promise<CredentialTestBed> {
    const [nats, ferret] = await Promise.all([startNats(), startFerret()]);
    const nc = await connect({ servers: nats.url });
    const store = await JetStreamEventStore.connect({ connection: nc });
    const responder = nc.subscribe(RegistrySubjects.get, {
      callback: (_error, msg) => {
        const request = JSON.parse(msg.string()) as { id: string; data: { id: string } };
        msg.respond(JSON.stringify({ id: request.id, response: { id: request.data.id, legalId: { kind: 'ro-cui', value: '18547290' } }, isDisposed: true }));
      },
    });
    const registryBus = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [nats.url] } });
    return new CredentialTestBed(nats, ferret, nc, store, registryBus, responder);
  }

  /** An issuer with its models on `dbName` (a new connection each call, as a new process would have) and its projector, not started. */
  async issuer(config: PlatformConfig, dbName: string, batch: { maxEvents: number; maxDelayMs: number }) {
    const connection = await mongoose.createConnection(this.ferret.url, { dbName }).asPromise();
    this.connections.push(connection);
    const credentials = connection.model<CertificateCredentialDocument>(CERTIFICATE_CREDENTIAL, CertificateCredentialSchema);
    const lists = connection.model<CredentialStatusListDocument>(CREDENTIAL_STATUS_LIST, CredentialStatusListSchema);
    const issuerIds = connection.model<CredentialIssuerIdDocument>(CREDENTIAL_ISSUER_ID, CredentialIssuerIdSchema);
    await Promise.all([credentials.init(), lists.init(), issuerIds.init()]);
    const issuer = new CredentialIssuer(config, credentials, lists, () => '2027-06-01T09:00:00.000Z', issuerIds);
    const checkpoints = new CheckpointStore(connection);
    const projection = credentialIssuerProjection(this.store, issuer, new RegistryClient(this.registryBus, config));
    const runner = new ProjectorRunner({ store: this.store, projection, checkpoints, logger: silent, batch });
    return { issuer, credentials, lists, issuerIds, runner, checkpoints };
  }

  async stop(): Promise<void> {
    await Promise.all(this.connections.map((c) => c.close(true)));
    this.responder.unsubscribe();
    await this.registryBus.close();
    await this.store.close();
    await this.nc.close();
    await Promise.all([this.nats.stop(), this.ferret.stop()]);
  }
}
