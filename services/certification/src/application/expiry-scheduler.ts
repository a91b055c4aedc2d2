import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { dateOf } from '../domain';
import { ReadModelQueries } from '../read-models/read-model-queries.service';
import { CERTIFICATION_OPTIONS, CertificationOptions, defaultExpiryIntervalMs } from '../certification.options';
import { CertificateCommands } from './certificate-commands.service';
import { CommandMetadataFactory } from './command-metadata';

/** The service notices the end of validity itself: it asks every certificate past its term to expire. */
@Injectable()
export class ExpiryScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpiryScheduler.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly queries: ReadModelQueries,
    private readonly certificates: CertificateCommands,
    private readonly metadata: CommandMetadataFactory,
    @Inject(CERTIFICATION_OPTIONS) private readonly options: CertificationOptions,
  ) {}

  onApplicationBootstrap(): void {
    const every = this.options.expiryIntervalMs ?? defaultExpiryIntervalMs();
    if (every > 0) {
      this.timer = setInterval(() => void this.tick(), every);
      this.timer.unref();
    }
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /**
   * What the timer runs: a pass that cannot fail. A database or event store error is logged and the
   * next tick tries again; an unhandled rejection here would take the whole service down.
   */
  async tick(): Promise<void> {
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.error(`expiry pass failed, next tick retries: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  /** One pass; overlapping ticks share it. Returns how many certificates expired; rejects if the register cannot be read. */
  runOnce(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const today = dateOf(this.metadata.now());
    let expired = 0;
    for (const certificateNumber of await this.queries.dueForExpiry(today)) {
      try {
        const { appended } = await this.certificates.expireIfDue(certificateNumber);
        expired += appended > 0 ? 1 : 0;
      } catch (error) {
        // Another replica may have expired it a moment ago; the next pass sees the register caught up.
        this.logger.warn(`expiry of ${certificateNumber} not recorded: ${(error as Error).message}`);
      }
    }
    return expired;
  }
}
