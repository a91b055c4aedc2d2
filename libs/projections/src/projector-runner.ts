import type { EventStore, RecordedEvent, Subscription } from '@banat/event-store';
import type { Model } from 'mongoose';
import { CheckpointStore, type Checkpoints } from './checkpoint-store';
import { applyEvent, type Projection } from './projection';
import { consoleLogger, type ProjectionFailure, type ProjectorLogger, type ProjectorState, type ProjectorStatus } from './projector-status';
import { DEFAULT_RETRY_POLICY, RetriesExhausted, RetryAborted, retryWithBackoff, type RetryPolicy } from './retry';

export interface ProjectorRunnerOptions {
  store: EventStore;
  projection: Projection;
  /** Defaults to a store on the connection of the projection's first model. */
  checkpoints?: Checkpoints;
  /** Save the checkpoint after this many events (1 = every event). */
  checkpointEvery?: number;
  /** ...or once no event arrived for this long, so an idle projector's checkpoint is current. */
  checkpointIdleMs?: number;
  retry?: Partial<RetryPolicy>;
  logger?: ProjectorLogger;
  /** Called after each event is processed (applied, or passed over when not handled). Do not await `stop()` in here: stop waits for this handler. */
  onApplied?(event: RecordedEvent): void;
  onFailure?(failure: ProjectionFailure): void;
}

interface Waiter {
  position: number;
  resolve(): void;
  reject(error: Error): void;
}

/**
 * Feeds one projection from the store: resumes after its checkpoint, applies events in order
 * with bounded retries, and halts with status 'failed' instead of skipping an event it cannot apply.
 */
export class ProjectorRunner {
  private readonly checkpoints: Checkpoints;
  private readonly retryPolicy: RetryPolicy;
  private readonly checkpointEvery: number;
  private readonly checkpointIdleMs: number;
  private readonly logger: ProjectorLogger;
  private state: ProjectorState = 'stopped';
  private failure?: ProjectionFailure;
  private subscribing?: Promise<Subscription>;
  private stopping = false;
  private stopped?: Promise<void>;
  private applied = 0;
  private saved = 0;
  /** Events applied since the last checkpoint save (positions are not contiguous, so count events). */
  private unsaved = 0;
  private flushing: Promise<void> = Promise.resolve();
  private flushTimer?: NodeJS.Timeout;
  private waiters = new Set<Waiter>();

  constructor(private readonly options: ProjectorRunnerOptions) {
    const firstModel = options.projection.models[0];
    if (!options.checkpoints && !firstModel) throw new Error(`projection ${options.projection.name} has no model to keep a checkpoint beside`);
    this.checkpoints = options.checkpoints ?? new CheckpointStore(firstModel!.db);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.checkpointEvery = Math.max(1, options.checkpointEvery ?? 100);
    this.checkpointIdleMs = options.checkpointIdleMs ?? 200;
    this.logger = options.logger ?? consoleLogger;
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** Resumes after the stored checkpoint; a failed runner retries the event it stopped on. */
  async start(): Promise<void> {
    if (this.stopped) await this.stopped;
    if (this.state === 'running') return;
    const from = await this.checkpoints.load(this.name);
    this.applied = this.saved = from;
    this.unsaved = 0;
    this.failure = undefined;
    this.stopping = false;
    this.state = 'running';
    this.subscribing = this.options.store.subscribeToAll({
      fromPosition: from > 0 ? from : undefined,
      onEvent: (event) => this.handle(event),
      onError: (error) => this.subscriptionFailed(error),
    });
    try {
      await this.subscribing;
    } catch (error) {
      this.state = 'stopped';
      this.subscribing = undefined;
      throw error;
    }
  }

  /** Idempotent; flushes the checkpoint. From inside `onApplied`, call it without awaiting. */
  stop(): Promise<void> {
    this.stopped ??= this.halt().finally(() => (this.stopped = undefined));
    return this.stopped;
  }

  /** Drops the projection's collections and checkpoint, then replays from the first event. */
  async rebuild(): Promise<void> {
    await this.stop();
    for (const model of this.options.projection.models) await recreateCollection(model);
    await this.checkpoints.reset(this.name);
    await this.start();
  }

  async status(): Promise<ProjectorStatus> {
    const head = await this.options.store.headPosition();
    const running = this.state === 'running';
    const stored = running ? this.saved : await this.checkpoints.load(this.name);
    const position = running ? this.applied : stored;
    return {
      projection: this.name,
      state: this.state,
      position,
      checkpoint: stored,
      head,
      lag: Math.max(0, head - position),
      ...(this.failure ? { failure: this.failure } : {}),
    };
  }

  /** Resolves once `position` is applied; rejects if the runner fails or stops first. */
  waitForPosition(position: number): Promise<void> {
    if (this.applied >= position) return Promise.resolve();
    if (this.state !== 'running' || this.stopping) return Promise.reject(this.notRunningError());
    return new Promise((resolve, reject) => this.waiters.add({ position, resolve, reject }));
  }

  /** Resolves once everything in the store at the time of the call is applied. */
  async waitUntilCaughtUp(): Promise<void> {
    await this.waitForPosition(await this.options.store.headPosition());
  }

  /** Nest calls this on shutdown (see projectorProvider); harmless elsewhere. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private async handle(event: RecordedEvent): Promise<void> {
    // Events delivered after stop() or a failure must neither be applied nor move the checkpoint.
    if (this.stopping || this.state !== 'running') return;
    // The port delivers in order, so a lower position is a redelivery within this run.
    if (event.position <= this.applied) return;
    try {
      await retryWithBackoff(() => applyEvent(this.options.projection, event), this.retryPolicy, {
        keepGoing: () => !this.stopping,
        onRetry: (attempt, error, delayMs) =>
          this.logger.warn({ projection: this.name, position: event.position, attempt, delayMs, error: describe(error) }, 'projection apply failed, retrying'),
      });
    } catch (error) {
      if (error instanceof RetryAborted) return;
      this.fail(event, error);
      return;
    }
    this.applied = event.position;
    if (++this.unsaved >= this.checkpointEvery) await this.flush();
    else this.scheduleFlush();
    this.settleWaiters();
    this.options.onApplied?.(event);
  }

  private fail(event: RecordedEvent, error: unknown): void {
    const cause = error instanceof RetriesExhausted ? error.lastError : error;
    this.failure = {
      position: event.position,
      streamId: event.streamId,
      eventType: event.type,
      attempts: error instanceof RetriesExhausted ? error.attempts : 1,
      error: describe(cause),
    };
    this.state = 'failed';
    this.logger.error({ projection: this.name, ...this.failure }, 'projection halted: event could not be applied');
    this.options.onFailure?.(this.failure);
    this.rejectWaiters(this.notRunningError());
    void this.stop(); // not awaited: we are inside the subscription's handler
  }

  private subscriptionFailed(error: unknown): void {
    if (this.stopping) return;
    this.failure = { position: this.applied, streamId: '', eventType: '', attempts: 0, error: `subscription: ${describe(error)}` };
    this.state = 'failed';
    this.logger.error({ projection: this.name, error: describe(error) }, 'projection subscription failed');
    this.options.onFailure?.(this.failure);
    this.rejectWaiters(this.notRunningError());
    void this.stop();
  }

  private async halt(): Promise<void> {
    this.stopping = true;
    const subscription = await this.subscribing?.catch(() => undefined);
    this.subscribing = undefined;
    await subscription?.stop();
    await this.flush();
    if (this.state === 'running') this.state = 'stopped';
    this.rejectWaiters(this.notRunningError());
  }

  /**
   * Saves run one after another: two saves in flight could land in either order, and FerretDB's
   * `$max` is not atomic, so the later position could be overwritten by the earlier one.
   */
  private flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    this.flushing = this.flushing.then(() => this.saveCheckpoint());
    return this.flushing;
  }

  /** A checkpoint behind the documents is safe (writes are idempotent), so a failed save is only logged. */
  private async saveCheckpoint(): Promise<void> {
    const position = this.applied;
    if (position <= this.saved) return;
    const pending = this.unsaved;
    this.unsaved = 0;
    try {
      await this.checkpoints.save(this.name, position);
      this.saved = Math.max(this.saved, position);
    } catch (error) {
      this.unsaved += pending;
      this.logger.warn({ projection: this.name, position, error: describe(error) }, 'checkpoint save failed; will retry');
    }
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => void this.flush(), this.checkpointIdleMs);
    this.flushTimer.unref();
  }

  private settleWaiters(): void {
    for (const waiter of this.waiters) {
      if (this.applied >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private rejectWaiters(error: Error): void {
    for (const waiter of this.waiters) waiter.reject(error);
    this.waiters.clear();
  }

  private notRunningError(): Error {
    const reason = this.failure ? `failed at position ${this.failure.position}: ${this.failure.error}` : 'stopped';
    return new Error(`projector ${this.name} is not running (${reason})`);
  }
}

async function recreateCollection(model: Model<unknown>): Promise<void> {
  try {
    await model.collection.drop();
  } catch (error) {
    // NamespaceNotFound: nothing to drop (MongoDB < 7 reports it, FerretDB and MongoDB 7 do not).
    if ((error as { code?: unknown }).code !== 26) throw error;
  }
  await model.createIndexes();
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
