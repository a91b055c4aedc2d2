import { Inject, Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { ProjectionStatusView } from '@banat/contracts';
import type { EventStore } from '@banat/event-store';
import { PLATFORM_CONFIG, type PlatformConfig } from '@banat/messaging';
import { CheckpointStore, eventLags } from '@banat/projections';
import { InjectEventStore } from '../application/event-store.provider';

export const REGISTER_PROJECTION = 'certification-register';
export const FILES_PROJECTION = 'certification-application-files';
export const STATISTICS_PROJECTION = 'certification-scheme-statistics';
export const WORKLOAD_PROJECTION = 'certification-expert-workload';

/** The projections this service runs, by their checkpoint names. */
export const PROJECTION_NAMES = [
  REGISTER_PROJECTION,
  FILES_PROJECTION,
  STATISTICS_PROJECTION,
  WORKLOAD_PROJECTION,
  'certification-public-facts',
  'certification-certificate-issuer',
] as const;
/** Run only where CREDENTIAL_SIGNING_KEY is set. */
export const CREDENTIALS_PROJECTION = 'certification-credential-issuer';

/**
 * Lag of every projection (in events), from the stored checkpoints and the history's head, and a
 * poison event one halted on (recorded beside its checkpoint): the same answer whichever replica is
 * asked, including one that does not run the projectors.
 */
@Injectable()
export class ProjectionStatus {
  private readonly checkpoints: CheckpointStore;
  private readonly names: readonly string[];

  constructor(
    @InjectConnection() connection: Connection,
    @InjectEventStore() private readonly store: EventStore,
    @Inject(PLATFORM_CONFIG) config: PlatformConfig,
  ) {
    this.checkpoints = new CheckpointStore(connection);
    this.names = [...PROJECTION_NAMES, ...(config.CREDENTIAL_SIGNING_KEY ? [CREDENTIALS_PROJECTION] : [])];
  }

  /** `lag: false` skips counting the events behind (a read of the history's tail, up to 10,000 events). */
  async all(options: { lag?: boolean } = {}): Promise<ProjectionStatusView[]> {
    const head = await this.store.headPosition();
    const stored = await Promise.all(this.names.map((projection) => this.checkpoints.state(projection)));
    const lags = options.lag === false ? undefined : await eventLags(this.store, stored.map((s) => s.position), head);
    return this.names.map((projection, i) => {
      const { position: checkpoint, failure } = stored[i]!;
      return { projection, checkpoint, head, ...lags?.[i], state: failure ? 'failed' : 'ok', ...(failure ? { failure } : {}) };
    });
  }
}
