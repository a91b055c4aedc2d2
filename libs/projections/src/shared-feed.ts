import type { AppendOptions, AppendResult, DomainEvent, EventStore, ReadAllOptions, ReadStreamOptions, RecordedEvent, SubscribeOptions, Subscription } from '@banat/event-store';

/** Events queued for one subscriber before the shared subscription waits for it (queues share the event objects). */
const QUEUE_HIGH = 10_000;

interface Subscriber {
  /** Last position queued for it (its checkpoint at first): it gets only later events. */
  after: number;
  options: SubscribeOptions;
  queue: RecordedEvent[];
  /** Set while its events are handed over one after another (see pump). */
  busy?: boolean;
  /** The hand-over in progress, when it waits for a subscriber's promise. */
  pumping?: Promise<void>;
  stopped: boolean;
}

interface Upstream {
  subscription?: Subscription;
  /** Last position handed to the subscribers (the start checkpoint at first). */
  delivered: number;
  closed: boolean;
}

/**
 * One subscription to the store's history shared by several subscribers (the projectors of one
 * process): each event is read and decoded once, then queued for every subscriber still behind it.
 * Each subscriber gets its events in order, one at a time, at its own pace (a slow write holds only
 * its own queue, up to QUEUE_HIGH events, then the shared subscription waits). A subscriber that
 * needs events already passed restarts the shared subscription from the earliest checkpoint; the
 * others skip what they had. A failing subscriber's `onEvent` ends its own subscription (its
 * `onError`), as with the store's; a broken shared subscription ends every one. Events are shared:
 * subscribers must not change them. Everything but `subscribeToAll` goes to the store.
 */
export class SharedEventFeed implements EventStore {
  private readonly subscribers = new Set<Subscriber>();
  private upstream?: Upstream;
  /** Starts and stops of the shared subscription, one after another. */
  private switching: Promise<unknown> = Promise.resolve();
  private spaceWaiters: Array<() => void> = [];

  constructor(private readonly store: EventStore) {}

  /** Subscribers now served (for tests and status). */
  get subscriberCount(): number {
    return this.subscribers.size;
  }

  async subscribeToAll(options: SubscribeOptions): Promise<Subscription> {
    const subscriber: Subscriber = { after: options.fromPosition ?? 0, options, queue: [], stopped: false };
    await this.serially(async () => {
      this.subscribers.add(subscriber);
      // The shared subscription has passed this checkpoint (or there is none): start it again from the earliest.
      if (!this.upstream || this.upstream.delivered > subscriber.after) {
        try {
          await this.restart();
        } catch (error) {
          this.subscribers.delete(subscriber);
          throw error;
        }
      }
    });
    return { stop: () => this.unsubscribe(subscriber) };
  }

  appendToStream<E extends DomainEvent>(streamId: string, events: E[], options: AppendOptions): Promise<AppendResult> {
    return this.store.appendToStream(streamId, events, options);
  }
  readStream<E extends DomainEvent = DomainEvent>(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent<E>[]> {
    return this.store.readStream<E>(streamId, options);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }
  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  /** Resolves once every event the shared subscription has read so far was taken by its subscribers (their `onEvent` returned). */
  async delivered(): Promise<void> {
    while ([...this.subscribers].some((s) => s.pumping)) await Promise.all([...this.subscribers].map((s) => s.pumping));
  }

  /** Ends every subscription (the store itself is its owner's to close). */
  async close(): Promise<void> {
    await Promise.all([...this.subscribers].map((s) => this.unsubscribe(s)));
  }

  private serially<T>(step: () => Promise<T>): Promise<T> {
    const next = this.switching.then(step);
    this.switching = next.catch(() => undefined);
    return next;
  }

  private async restart(): Promise<void> {
    await this.stopUpstream();
    if (this.subscribers.size === 0) return;
    const from = Math.min(...[...this.subscribers].map((s) => s.after));
    const upstream: Upstream = { delivered: from, closed: false };
    this.upstream = upstream;
    try {
      upstream.subscription = await this.store.subscribeToAll({
        fromPosition: from > 0 ? from : undefined,
        onEvent: (event) => this.dispatch(upstream, event),
        onError: (error) => this.upstreamFailed(upstream, error),
      });
    } catch (error) {
      upstream.closed = true;
      if (this.upstream === upstream) this.upstream = undefined;
      throw error;
    }
  }

  private async stopUpstream(): Promise<void> {
    const upstream = this.upstream;
    this.upstream = undefined;
    if (!upstream) return;
    upstream.closed = true;
    this.wakeSpaceWaiters();
    await upstream.subscription?.stop();
  }

  /**
   * Queues the event for every subscriber behind it, then waits while any queue is full. Undefined
   * when there is nothing to wait for: no promise per event (each costs under async hooks).
   */
  private dispatch(upstream: Upstream, event: RecordedEvent): Promise<void> | undefined {
    if (upstream.closed) return undefined;
    upstream.delivered = Math.max(upstream.delivered, event.position);
    for (const subscriber of this.subscribers) {
      if (subscriber.stopped || event.position <= subscriber.after) continue;
      subscriber.after = event.position;
      subscriber.queue.push(event);
      // Still busy afterwards: it waits for the subscriber (else it took every event at once and is done).
      if (!subscriber.busy) subscriber.pumping = this.pump(subscriber);
    }
    return this.anyQueueFull() ? this.waitForSpace(upstream) : undefined;
  }

  private async waitForSpace(upstream: Upstream): Promise<void> {
    while (!upstream.closed && this.anyQueueFull()) {
      await new Promise<void>((resolve) => this.spaceWaiters.push(resolve));
    }
  }

  private anyQueueFull(): boolean {
    for (const subscriber of this.subscribers) if (subscriber.queue.length >= QUEUE_HIGH) return true;
    return false;
  }

  /**
   * Hands the subscriber its queued events one after another. Synchronous while it takes each at
   * once (its `onEvent` returns no promise): then it returns undefined and no promise is made. The
   * first promise it returns is awaited, and the rest of the queue goes on from there (pumpAfter).
   */
  private pump(subscriber: Subscriber): Promise<void> | undefined {
    subscriber.busy = true;
    for (let event = subscriber.queue.shift(); event && !subscriber.stopped; event = subscriber.queue.shift()) {
      let taking: Promise<void> | void;
      try {
        taking = subscriber.options.onEvent(event);
      } catch (error) {
        this.failed(subscriber, error);
        return undefined;
      }
      if (taking) return this.pumpAfter(subscriber, taking);
      if (subscriber.queue.length < QUEUE_HIGH / 2) this.wakeSpaceWaiters();
    }
    this.idle(subscriber);
    return undefined;
  }

  private async pumpAfter(subscriber: Subscriber, taking: Promise<void>): Promise<void> {
    try {
      await taking;
      if (subscriber.queue.length < QUEUE_HIGH / 2) this.wakeSpaceWaiters();
      for (let event = subscriber.queue.shift(); event && !subscriber.stopped; event = subscriber.queue.shift()) {
        // Awaited only when it returns a promise: an event a projector takes at once costs no turn of the microtask queue.
        const next = subscriber.options.onEvent(event);
        if (next) await next;
        if (subscriber.queue.length < QUEUE_HIGH / 2) this.wakeSpaceWaiters();
      }
    } catch (error) {
      this.failed(subscriber, error);
      return;
    }
    this.idle(subscriber);
  }

  private idle(subscriber: Subscriber): void {
    subscriber.busy = false;
    subscriber.pumping = undefined;
    this.wakeSpaceWaiters();
  }

  /** A failing `onEvent` ends this subscriber's subscription (its `onError`), as with the store's. */
  private failed(subscriber: Subscriber, error: unknown): void {
    this.drop(subscriber);
    subscriber.options.onError?.(error);
    this.idle(subscriber);
  }

  private wakeSpaceWaiters(): void {
    if (this.spaceWaiters.length === 0) return;
    const waiters = this.spaceWaiters;
    this.spaceWaiters = [];
    for (const wake of waiters) wake();
  }

  /** The shared subscription broke: every subscriber is told (each resubscribes from its own checkpoint). */
  private upstreamFailed(upstream: Upstream, error: unknown): void {
    if (upstream.closed) return;
    upstream.closed = true;
    if (this.upstream === upstream) this.upstream = undefined;
    this.wakeSpaceWaiters();
    for (const subscriber of [...this.subscribers]) {
      this.drop(subscriber);
      subscriber.options.onError?.(error);
    }
  }

  private drop(subscriber: Subscriber): void {
    subscriber.stopped = true;
    subscriber.queue = [];
    this.subscribers.delete(subscriber);
    this.wakeSpaceWaiters();
  }

  private async unsubscribe(subscriber: Subscriber): Promise<void> {
    this.drop(subscriber);
    await subscriber.pumping;
    await this.serially(async () => {
      if (this.subscribers.size === 0) await this.stopUpstream();
    });
  }
}
