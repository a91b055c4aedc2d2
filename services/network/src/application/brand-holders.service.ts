import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import { BrandHolderView, CERTIFICATION_PUBLIC_SUBJECTS, Page, programmeToday } from '@banat/contracts';
import { changeStamp, consumePublicEventsInBackground, InjectNats } from '@banat/messaging';
import { brandHolderOn, HeldCertificate, markUntil, toCertificateFact, withFact } from '../domain';
import { BrandHolderDocument } from '../read-models/brand-holder.schema';
import { BrandHolderCopy } from './brand-holder-copy';

/** Durable consumer on BANAT_PUBLIC (certification.>): needs its own grant for the network user in deploy/nats/auth.conf. */
export const BRAND_HOLDERS_CONSUMER = 'network-brand-holders';
const MAX_ATTEMPTS = 20;

export const programmeDayNow = (): string => programmeToday();

/** Marks brand holders from certification events, idempotently (at-least-once delivery, replicas racing). */
@Injectable()
export class BrandHoldersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BrandHoldersService.name);
  private consumer?: { stop(): Promise<void> };

  constructor(
    @InjectModel(BrandHolderDocument.name) private readonly holders: Model<BrandHolderDocument>,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly copy: BrandHolderCopy,
  ) {}

  /**
   * Started in the background and retried: a bus that refuses the consumer (e.g. a deployment whose
   * permissions predate it) leaves the marks stale, logged as an error, while the rest of the network serves.
   */
  onApplicationBootstrap(): void {
    this.consumer = consumePublicEventsInBackground(this.nc, { durable: BRAND_HOLDERS_CONSUMER, filterSubjects: [CERTIFICATION_PUBLIC_SUBJECTS], handle: (event) => this.handle(event) });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Applies one certification event; other schemes and unordered ids change nothing. Read, decide, write at the version read. */
  async handle(event: { id: string; type: string; data: unknown }): Promise<void> {
    const fact = toCertificateFact(event);
    if (!fact) return;
    const id = fact.holderOrganisationId;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.holders.findById(id).lean<BrandHolderDocument>();
      const certificates = withFact((doc?.certificates ?? []) as HeldCertificate[], fact);
      if (!certificates) return; // redelivered or older: applied already
      const fields = { certificates, markUntil: markUntil(certificates), ...changeStamp(new Date().toISOString()) };
      if (!doc) {
        try {
          await this.holders.create({ _id: id, ...fields, version: 1 });
          this.copy.written({ _id: id, ...fields, version: 1 });
          return;
        } catch (error) {
          if ((error as { code?: number }).code !== 11000) throw error;
          continue; // created meanwhile: decide again
        }
      }
      const res = await this.holders.updateOne({ _id: id, version: doc.version }, { $set: { ...fields, version: doc.version + 1 } });
      if (res.matchedCount === 1) {
        this.copy.written({ _id: id, ...fields, version: doc.version + 1 });
        this.logger.debug(`brand holder ${id}: ${fact.kind} ${fact.certificateNumber}`);
        return;
      }
    }
    throw new Error(`brand holder ${id} changed concurrently ${MAX_ATTEMPTS} times`);
  }

  async markOf(organisationId: string, today = programmeDayNow()): Promise<BrandHolderView> {
    const doc = await this.holders.findById(organisationId).lean<BrandHolderDocument>();
    return { organisationId, ...brandHolderOn((doc?.certificates ?? []) as HeldCertificate[], today) };
  }

  /** Organisations holding the brand today (this replica's copy of the holders). */
  async holderIds(today = programmeDayNow()): Promise<string[]> {
    return this.copy.holdersOn(today).map((d) => d._id);
  }

  async list(query: { page?: number; pageSize?: number }): Promise<Page<BrandHolderView>> {
    const today = programmeDayNow();
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const found = this.copy.page(today, (page - 1) * pageSize, pageSize);
    return { items: found.entries.map((d) => ({ organisationId: d._id, ...brandHolderOn(d.certificates as HeldCertificate[], today) })), total: found.total, page, pageSize };
  }
}
