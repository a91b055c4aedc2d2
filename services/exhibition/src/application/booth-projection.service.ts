import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import { CERTIFICATION_PUBLIC_SUBJECTS, CertificationApplicationEvents, OrganisationPublicData, RegistryEvents } from '@banat/contracts';
import { consumePublicEvents, InjectNats } from '@banat/messaging';
import { BoothState, derive, emptyBooth, toCertificateFact, withCertificateFact, withOrganisation } from '../domain';
import { Booth } from '../read-models/booth.schema';
import { toFields, toState } from '../read-models/booth.mapping';
import { BoothIndexService } from './booth-index.service';

/** Durable consumer on BANAT_PUBLIC; granted by name to the exhibition user in deploy/nats/auth.conf. */
export const EXHIBITION_CONSUMER = 'exhibition-booths';

const REGISTRY_TYPES = new Set<string>(Object.values(RegistryEvents).map((e) => e.type));
const MAX_ATTEMPTS = 20;

/** Keeps booths from the registry's and certification's public events, idempotently (at-least-once delivery). */
@Injectable()
export class BoothProjectionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BoothProjectionService.name);
  private consumer?: { stop(): Promise<void> };

  constructor(
    @InjectModel(Booth.name) private readonly booths: Model<Booth>,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly search: BoothIndexService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await consumePublicEvents(this.nc, {
      durable: EXHIBITION_CONSUMER,
      filterSubjects: [...Object.values(RegistryEvents).map((e) => e.subject), CERTIFICATION_PUBLIC_SUBJECTS],
      handle: (event) => this.handle(event),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(event: { id: string; type: string; data: unknown }): Promise<void> {
    if (REGISTRY_TYPES.has(event.type)) {
      const org = event.data as OrganisationPublicData;
      return this.change(org.id, (state) => withOrganisation(state, org));
    }
    if (event.type === CertificationApplicationEvents.submitted.type) return; // applications do not change a booth
    const fact = toCertificateFact(event);
    // A fact without an ordered id cannot be applied safely; retrying it would never help.
    if (!fact) return void this.logger.warn(`event ${event.id} (${event.type}) ignored: not a certificate fact with a revision`);
    return this.change(fact.data.holderOrganisationId, (state) => withCertificateFact(state, fact));
  }

  /** Read, decide, write at the version read (compare-and-set): replicas on one booth never lose a change. */
  private async change(organisationId: string, next: (state: BoothState) => BoothState | undefined): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.booths.findById(organisationId).lean<Booth>();
      const state = next(doc ? toState(doc) : emptyBooth(organisationId));
      if (!state) return; // stale or repeated: already applied
      const fields = toFields(state, derive(state), new Date().toISOString());
      if (!doc) {
        try {
          await this.booths.create({ _id: organisationId, ...fields, version: 1 });
          this.search.written({ _id: organisationId, ...fields, version: 1 });
          return;
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error; // created meanwhile: decide again
          continue;
        }
      }
      const res = await this.booths.updateOne({ _id: organisationId, version: doc.version }, { $set: { ...fields, version: doc.version + 1 } });
      if (res.matchedCount === 1) return this.search.written({ ...doc, ...fields, version: doc.version + 1 });
    }
    throw new Error(`booth ${organisationId} changed concurrently ${MAX_ATTEMPTS} times`);
  }
}
