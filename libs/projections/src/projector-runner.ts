import type { EventStore, RecordedEvent, Subscription } from '@banat/event-store';
import type { Model } from 'mongoose';
import { CheckpointStore, type Checkpoints } from './checkpoint-store';
import { BatchConflict, DocumentCache, ProjectionBatch } from './batch';
import { applyEvent, handles, type Projection } from './projection';
import { sharedEventLag } from './lag';
import { projectionBatchesWritten, projectionCheckpointSaves, projectionDocumentsWritten, projectionEventsApplied, watchProjection } from '@banat/metrics';
import { consoleLogger, type ProjectionFailure, type ProjectionRetry, type ProjectorLogger, type ProjectorState, type ProjectorStatus } from './projector-status';
import { backoffDelay, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry';
import { isTransientError } from './transient-error';

export interface ProjectorRunnerOptions {
  store: EventStore;
  projection: Projection;
  /** Defaults to a store on the connection of the projection's first model. */
  checkpoints?: Checkpoints;
  /** Save the checkpoint after this many events (1 = every event). */
  checkpointEvery?: number;
  /** ...or once no event arrived for this long, so an idle projector's checkpoint is current. */
  checkpointIdleMs?: number;
  /**
   * Backoff between attempts. `attempts` bounds only failures that are not transient (a poison event);
   * a transient one (database or event store down) is retried until it recovers.
   */
  retry?: Partial<RetryPolicy>;
  /**
   * Apply events in memory and write them per batch: one bulk write per model and the checkpoint,
   * once `maxEvents` are staged or `maxDelayMs` after the first. The projection must read what it
   * wrote through `ctx.read` and act outside its models only through `ctx.effect` (idempotent: it may
   * be replayed): the batch's effects run together, and its documents and checkpoint are written once
   * they are all done.
   * `cachedDocuments` (default 20,000 per model, 0 for none): documents the runner keeps in memory
   * between batches as it wrote them, so they are not loaded again (writes stay conditional on their
   * `_position`: another writer is detected, and the cache dropped).
   * `maxDocuments` (default unbounded): a batch is also written once it stages this many documents. A
   * replay sets a large `maxEvents` and `maxDelayMs` with it, so each document is written once per
   * batch of many events (into an empty store: one insert each) while memory stays bounded by documents.
   * `writeShare` (default 0.1) and `busyDelayMs` (default 500): while writes are slow (a busy store,
   * a busy machine, many documents a batch) and gathering events saves writes (many events fell on few
   * documents), a batch waits longer than `maxDelayMs`, so that writing takes about `writeShare` of the
   * runner's time at most: after a batch write of W ms whose events fell on documents at a ratio
   * c = 1 − documents / events, the next batch is written no sooner than W × (1 / writeShare − 1) × c
   * after its first event, and no later than `busyDelayMs` after it (`maxEvents` and `maxDocuments`
   * still bound it). Under load each hot document is then written once per batch of many events; a
   * light load, or events each on a document of its own (nothing to gain), keeps the short delay.
   * Events the projection does not handle, or that write nothing, do not touch the store: their
   * checkpoint is saved `checkpointIdleMs` after the first of them (with the next batch that writes, or on stop).
   * `writeBehind` (a replay): every `every` events, the documents new to the store that the batch's last
   * `idleEvents` events did not touch are inserted while the next events are applied (ProjectionBatch.writeIdle).
   */
  batch?: { maxEvents?: number; maxDelayMs?: number; cachedDocuments?: number; maxDocuments?: number; writeShare?: number; busyDelayMs?: number; writeBehind?: { idleEvents: number; every: number } };
  /** Which errors are an outage rather than a poison event; defaults to `isTransientError`. */
  isTransient?(error: unknown): boolean;
  logger?: ProjectorLogger;
  /** Called after each event is processed (applied, or passed over when not handled). Do not await `stop()` in here: stop waits for this handler. */
  onApplied?(event: RecordedEvent): void;
  onFailure?(failure: ProjectionFailure): void;
}

interface Waiter {
  position: number;
  resolve(): void;
  reject(error: Error): void;
  timer?: NodeJS.Timeout;
}

/** A wait for a position that did not come in time; the waiter is gone when this is thrown. */
export class WaitTimedOut extends Error {
  constructor(
    readonly projection: string,
    readonly position: number,
    readonly timeoutMs: number,
  ) {
    super(`projector ${projection} has not reached position ${position} within ${timeoutMs} ms`);
    this.name = 'WaitTimedOut';
  }
}

/**
 * Feeds one projection from the store: resumes after its checkpoint, applies events in order, waits
 * out outages of the database or event store (retrying with backoff, resubscribing), and halts with
 * status 'failed' instead of skipping a poison event (one it fails on `retry.attempts` times).
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
  /** Sorted by position: an applied event settles a prefix, and only when the first one is reached. */
  private waiters: Waiter[] = [];
  private retrying?: ProjectionRetry;
  /** Backoff pauses in progress: stop() cuts them short. */
  private readonly pauses = new Set<() => void>();
  private readonly isTransient: (error: unknown) => boolean;
  private readonly batching?: { maxEvents: number; maxDelayMs: number; cachedDocuments: number; maxDocuments: number; writeShare: number; busyDelayMs: number; writeBehind?: { idleEvents: number; every: number } };
  /** Batched: how long the last batch write took (ms) and what gathering its events saved, which set how long the next batch waits (see `writeShare`). */
  private lastWriteMs = 0;
  private lastCoalescing = 0;
  /** Batched: the documents this runner wrote or read, kept between batches; a new one per start. */
  private cache?: DocumentCache;
  /** Events applied in memory, not yet written. */
  private batch?: ProjectionBatch;
  private batchTimer?: NodeJS.Timeout;
  private batchWriting: Promise<void> = Promise.resolve();
  /** Batches handed to `persist` and not yet written. */
  private persisting = 0;
  private staging = false;
  private batchDue = false;
  /** Takes this runner off the position/lag gauges (set while started, until stopped). */
  private unwatch?: () => void;

  constructor(private readonly options: ProjectorRunnerOptions) {
    const firstModel = options.projection.models[0];
    if (!options.checkpoints && !firstModel) throw new Error(`projection ${options.projection.name} has no model to keep a checkpoint beside`);
    this.checkpoints = options.checkpoints ?? new CheckpointStore(firstModel!.db);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.checkpointEvery = Math.max(1, options.checkpointEvery ?? 100);
    this.checkpointIdleMs = options.checkpointIdleMs ?? 200;
    this.logger = options.logger ?? consoleLogger;
    this.isTransient = options.isTransient ?? isTransientError;
    if (options.batch) {
      const { maxEvents = 500, maxDelayMs = 100, cachedDocuments = 20_000, maxDocuments = Infinity, writeShare = 0.1, busyDelayMs = 500 } = options.batch;
      if (!(writeShare > 0 && writeShare <= 1)) throw new Error(`batch.writeShare must be in (0, 1], got ${writeShare}`);
      this.batching = { maxEvents: Math.max(1, maxEvents), maxDelayMs, cachedDocuments: Math.max(0, cachedDocuments), maxDocuments: Math.max(1, maxDocuments), writeShare, busyDelayMs: Math.max(maxDelayMs, busyDelayMs), writeBehind: options.batch.writeBehind };
    }
  }

  get name(): string {
    return this.options.projection.name;
  }

  /** Resumes after the stored checkpoint; a failed runner retries the event it stopped on. */
  async start(): Promise<void> {
    if (this.stopped) await this.stopped;
    if (this.state === 'running') return;
    const from = await this.checkpoints.load(this.name);
    if (this.batching) this.cache = await this.startCache(from);
    this.applied = this.saved = from;
    this.unsaved = 0;
    this.failure = undefined;
    this.retrying = undefined;
    this.stopping = false;
    this.state = 'running';
    this.unwatch?.();
    this.unwatch = watchProjection(this);
    await this.checkpoints.clearFailure?.(this.name).catch(() => undefined);
    this.subscribing = this.subscribe(from);
    try {
      await this.subscribing;
    } catch (error) {
      this.state = 'stopped';
      this.subscribing = undefined;
      this.unwatch?.();
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
    const running = this.state === 'running';
    const stored = running ? this.saved : await this.checkpoints.load(this.name);
    const position = running ? this.applied : stored;
    // Shared with the other runners asked at once on this store (a scrape): one head read, one history read.
    const { head, ...lag } = await sharedEventLag(this.options.store, position);
    return {
      projection: this.name,
      state: this.state,
      position,
      checkpoint: stored,
      head,
      ...lag,
      ...(this.failure ? { failure: this.failure } : {}),
      ...(running && this.retrying ? { retrying: this.retrying } : {}),
    };
  }

  /** Last position applied in this process (0 before start). */
  get position(): number {
    return this.applied;
  }

  /** Waits in progress: each is dropped when it resolves, rejects or times out. */
  get pendingWaits(): number {
    return this.waiters.length;
  }

  /**
   * Resolves once `position` is applied; rejects if the runner fails or stops first, or with
   * `WaitTimedOut` after `timeoutMs` (when given), leaving nothing behind.
   */
  waitForPosition(position: number, timeoutMs?: number): Promise<void> {
    if (this.applied >= position) return Promise.resolve();
    if (this.state !== 'running' || this.stopping) return Promise.reject(this.notRunningError());
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { position, resolve, reject };
      if (timeoutMs !== undefined) {
        waiter.timer = setTimeout(() => {
          this.dropWaiter(waiter);
          reject(new WaitTimedOut(this.name, position, timeoutMs));
        }, timeoutMs);
        waiter.timer.unref();
      }
      this.waiters.splice(this.insertionIndex(position), 0, waiter);
    });
  }

  /**
   * Resolves once everything in the store at the time of the call is applied and its checkpoint
   * stored (an idle projector stores it only after `checkpointIdleMs`: what reads the stored
   * checkpoints, such as `audit rebuild`, would see it behind).
   */
  async waitUntilCaughtUp(): Promise<void> {
    await this.waitForPosition(await this.options.store.headPosition());
    await this.flush();
  }

  /** Nest calls this on shutdown (see projectorProvider); harmless elsewhere. */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  private subscribe(from: number): Promise<Subscription> {
    return this.options.store.subscribeToAll({
      fromPosition: from > 0 ? from : undefined,
      onEvent: (event) => this.handle(event),
      onError: (error) => this.subscriptionFailed(error),
    });
  }

  /** Undefined when the event was taken at once (the feed need not wait for a promise). */
  private handle(event: RecordedEvent): Promise<void> | undefined {
    // Events delivered after stop() or a failure must neither be applied nor move the checkpoint.
    if (this.stopping || this.state !== 'running') return;
    // The port delivers in order, so a lower position is a redelivery within this run.
    if (event.position <= this.applied) return;
    if (!this.batching) return this.applyOne(event);
    // An event the projection does not handle only joins the batch (its position), at once: no promise,
    // no store. (While a batch is written, it waits as any other, so no later batch forms meanwhile.)
    if (this.persisting === 0 && !handles(this.options.projection, event)) return this.pass(event);
    return this.stage(event);
  }

  private async applyOne(event: RecordedEvent): Promise<void> {
    if (!(await this.applyWithRetry(event, () => applyEvent(this.options.projection, event)))) return;
    this.retrying = undefined;
    this.applied = event.position;
    projectionEventsApplied.inc({ projection: this.name });
    if (++this.unsaved >= this.checkpointEvery) await this.flush();
    else this.scheduleFlush();
    this.settleWaiters();
    this.options.onApplied?.(event);
  }

  /**
   * True once applied; false when stopping or when the event turned out to be poison (the runner is
   * then failed). Transient errors do not count towards `retry.attempts`: an outage is waited out.
   */
  private async applyWithRetry(event: RecordedEvent, apply: () => Promise<unknown>): Promise<boolean> {
    let poisonAttempts = 0;
    for (let attempt = 1; ; attempt++) {
      try {
        await apply();
        return true;
      } catch (error) {
        const transient = this.isTransient(error);
        if (!transient && ++poisonAttempts >= this.retryPolicy.attempts) {
          this.fail(event, error, poisonAttempts);
          return false;
        }
        const delayMs = backoffDelay(attempt, this.retryPolicy);
        this.retrying = { position: event.position, attempts: attempt, error: describe(error), since: this.retrying?.since ?? new Date().toISOString() };
        this.logger.warn({ projection: this.name, position: event.position, attempt, transient, delayMs, error: describe(error) }, 'projection apply failed, retrying');
        await this.pause(delayMs);
        if (this.stopping) return false;
      }
    }
  }

  private fail(event: RecordedEvent, error: unknown, attempts: number): void {
    this.failure = {
      position: event.position,
      streamId: event.streamId,
      eventType: event.type,
      attempts,
      error: describe(error),
    };
    this.state = 'failed';
    this.retrying = undefined;
    this.logger.error({ projection: this.name, ...this.failure }, 'projection halted: poison event could not be applied');
    this.options.onFailure?.(this.failure);
    this.rejectWaiters(this.notRunningError());
    const failure = this.failure;
    // In line with checkpoint saves: two writes in flight on one document are not safe on FerretDB.
    this.flushing = this.flushing.then(() =>
      this.checkpoints.recordFailure?.(this.name, failure).catch((saveError: unknown) =>
        this.logger.warn({ projection: this.name, error: describe(saveError) }, 'could not record the failure beside the checkpoint'),
      ),
    );
    void this.stop(); // not awaited: we are inside the subscription's handler
  }

  /** Batched: the event goes into the batch in memory; the batch is written when full or due. */
  private async stage(event: RecordedEvent): Promise<void> {
    await this.batchWriting;
    if (this.stopping || this.state !== 'running' || event.position <= this.applied) return;
    const batch = (this.batch ??= new ProjectionBatch(this.cache));
    if (event.position <= batch.lastPosition) return;
    const projection = this.options.projection;
    this.staging = true;
    try {
      const staged = await this.applyWithRetry(event, () => (handles(projection, event) ? batch.add(event, (ctx) => projection.apply(event, ctx)) : batch.add(event)));
      if (!staged) return;
    } finally {
      this.staging = false;
    }
    const writeBehind = this.batching!.writeBehind;
    if (writeBehind && batch.size % Math.max(1, writeBehind.every) === 0) await batch.writeIdle(writeBehind.idleEvents);
    await this.staged(batch);
  }

  /** Batched: an event not handled, taken into the batch without a promise (see handle). */
  private pass(event: RecordedEvent): Promise<void> | undefined {
    const batch = (this.batch ??= new ProjectionBatch(this.cache));
    if (event.position <= batch.lastPosition) return;
    batch.pass(event);
    return this.staged(batch);
  }

  /** After an event joined the batch: the batch is written if full or due, or its timer set. */
  private staged(batch: ProjectionBatch): Promise<void> | undefined {
    if (batch.size >= this.batching!.maxEvents || batch.documents >= this.batching!.maxDocuments || this.batchDue) return this.writeBatch();
    if (!this.batchTimer) {
      this.batchTimer = setTimeout(() => {
        if (this.staging) this.batchDue = true;
        else void this.writeBatch();
      }, this.batchDelayMs);
      this.batchTimer.unref();
    }
    return undefined;
  }

  /** Batched: how long a batch waits after its first event: `maxDelayMs`, longer while writes are slow and gathering saves writes (see `writeShare`), up to `busyDelayMs`. */
  get batchDelayMs(): number {
    const { maxDelayMs, writeShare, busyDelayMs } = this.batching!;
    return Math.max(maxDelayMs, Math.min(busyDelayMs, this.lastWriteMs * (1 / writeShare - 1) * this.lastCoalescing));
  }

  /**
   * A fresh cache (what another process wrote while this runner was stopped is not in it). Replaying
   * from the first event, a collection found empty is "known empty": a document this runner did not
   * insert is absent without asking the store (an insert by another writer meanwhile fails on its
   * duplicate key: a conflict, and the cache is dropped).
   */
  private async startCache(from: number): Promise<DocumentCache> {
    const cache = new DocumentCache(this.batching!.cachedDocuments);
    if (from > 0) return cache;
    for (const model of this.options.projection.models) {
      if ((await model.collection.findOne({}, { projection: { _id: 1 } })) === null) cache.markEmpty(model);
    }
    return cache;
  }

  /** Takes the staged batch and writes it after any batch still being written. */
  private writeBatch(): Promise<void> {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    this.batchDue = false;
    const batch = this.batch;
    this.batch = undefined;
    if (batch && batch.size > 0) {
      this.persisting++;
      this.batchWriting = this.batchWriting.then(() => this.persist(batch)).finally(() => void this.persisting--);
    }
    return this.batchWriting;
  }

  /**
   * One bulk write per model, then the checkpoint. An outage is retried (a stopping runner leaves the
   * batch unwritten: its events are replayed after the checkpoint). A document changed under the batch,
   * or a batch the store refuses, is replayed event by event through position-guarded upserts.
   */
  private async persist(batch: ProjectionBatch): Promise<void> {
    const started = performance.now();
    try {
      await this.persistTimed(batch);
    } finally {
      this.lastWriteMs = performance.now() - started;
      this.lastCoalescing = batch.coalescing;
    }
  }

  private async persistTimed(batch: ProjectionBatch): Promise<void> {
    try {
      await batch.settleEffects();
    } catch (error) {
      // An effect failed: the batch's events are applied again one by one (each effect awaited, retried
      // as any failure; the effects that were done are repeated, and deduplicated as on a crash).
      if (this.stopping) return;
      this.logger.warn({ projection: this.name, events: batch.size, error: describe(error) }, 'an effect of the batch failed, applying its events one by one');
      return this.applyOneByOne(batch);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        await batch.write();
        projectionBatchesWritten.inc({ projection: this.name });
        if (batch.written > 0) projectionDocumentsWritten.inc({ projection: this.name }, batch.written);
        break;
      } catch (error) {
        if (this.isTransient(error) && !this.stopping) {
          const delayMs = backoffDelay(attempt, this.retryPolicy);
          this.retrying = { position: batch.events[0]!.position, attempts: attempt, error: describe(error), since: this.retrying?.since ?? new Date().toISOString() };
          this.logger.warn({ projection: this.name, events: batch.size, attempt, delayMs, error: describe(error) }, 'batch write failed, retrying');
          await this.pause(delayMs);
          continue;
        }
        if (this.isTransient(error)) return;
        if (!(error instanceof BatchConflict)) this.logger.warn({ projection: this.name, events: batch.size, error: describe(error) }, 'batch refused, applying its events one by one');
        return this.applyOneByOne(batch);
      }
    }
    await this.markApplied(batch.events, batch.written > 0 || batch.effectCount > 0);
  }

  /** The batch's events through position-guarded upserts, each saved with its checkpoint. */
  private async applyOneByOne(batch: ProjectionBatch): Promise<void> {
    for (const event of batch.events) {
      if (event.position <= this.applied) continue;
      if (!(await this.applyWithRetry(event, () => applyEvent(this.options.projection, event)))) return;
      await this.markApplied([event]);
    }
  }

  /**
   * `wrote`: documents were written for these events, and the checkpoint is saved with them. Events
   * applied one by one move it every `checkpointEvery`, or when idle; a batch that changed no document
   * only when idle (`checkpointIdleMs` after the first unsaved event, or with the next batch that
   * writes): a checkpoint behind is safe, the events are replayed without effect.
   */
  private async markApplied(events: RecordedEvent[], wrote = true): Promise<void> {
    this.retrying = undefined;
    this.applied = events.at(-1)!.position;
    this.unsaved += events.length;
    projectionEventsApplied.inc({ projection: this.name }, events.length);
    if (wrote || (!this.batching && this.unsaved >= this.checkpointEvery)) await this.flush();
    else this.scheduleFlush();
    this.settleWaiters();
    for (const event of events) this.options.onApplied?.(event);
  }

  /** The event store's subscription broke (server restart, lost connection): resubscribe after the last applied event. */
  private subscriptionFailed(error: unknown, attempt = 1): void {
    if (this.stopping || this.state !== 'running') return;
    this.subscribing = undefined;
    const delayMs = backoffDelay(attempt, this.retryPolicy);
    this.retrying = { position: this.applied, attempts: attempt, error: `subscription: ${describe(error)}`, since: this.retrying?.since ?? new Date().toISOString() };
    this.logger.warn({ projection: this.name, position: this.applied, attempt, delayMs, error: describe(error) }, 'projection subscription failed, resubscribing');
    void this.pause(delayMs).then(async () => {
      if (this.stopping || this.state !== 'running') return;
      const subscribing = this.subscribe(this.applied);
      this.subscribing = subscribing;
      try {
        await subscribing;
      } catch (retryError) {
        if (this.subscribing === subscribing) this.subscriptionFailed(retryError, attempt + 1);
      }
    });
  }

  /** A backoff sleep that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.pauses.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.pauses.add(done);
    });
  }

  private async halt(): Promise<void> {
    this.stopping = true;
    for (const wake of [...this.pauses]) wake();
    const subscription = await this.subscribing?.catch(() => undefined);
    this.subscribing = undefined;
    await subscription?.stop();
    await this.writeBatch();
    await this.flush();
    if (this.state === 'running') this.state = 'stopped';
    this.unwatch?.();
    this.unwatch = undefined;
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
      projectionCheckpointSaves.inc({ projection: this.name });
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
    let reached = 0;
    while (reached < this.waiters.length && this.waiters[reached]!.position <= this.applied) reached++;
    if (reached === 0) return;
    for (const waiter of this.waiters.splice(0, reached)) {
      clearTimeout(waiter.timer);
      waiter.resolve();
    }
  }

  private rejectWaiters(error: Error): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const waiter of waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  private dropWaiter(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter, this.insertionIndex(waiter.position - 1));
    if (index >= 0) this.waiters.splice(index, 1);
  }

  /** First index whose waiter waits for a later position than `position`. */
  private insertionIndex(position: number): number {
    let low = 0;
    let high = this.waiters.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.waiters[mid]!.position <= position) low = mid + 1;
      else high = mid;
    }
    return low;
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
