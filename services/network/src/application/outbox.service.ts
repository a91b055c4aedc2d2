import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import { NETWORK_EVENT_SOURCE } from '@banat/contracts';
import { changeStamp, conflict, currentContext, ensurePublicStream, InjectNats, PublicEventPublisher } from '@banat/messaging';
import { Change, PendingEvent } from '../read-models/change.schema';

/** A versioned document the outbox writes: `_id` and `version` are its own. */
type Versioned = { _id: string; version: number };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AggregateModel = Model<any>;

/** Whether the aggregate's documents carry `changedIn` (`changeStamp`), for replicas' in-process copies to follow. */
const stampsChanges = (model: AggregateModel): boolean => model.schema?.path('changedIn') !== undefined;

/** How long a change may stay unapplied before the relay takes it for one whose writer died. */
const STALE_MS = 5000;
const RELAY_EVERY_MS = 2000;

/**
 * Every change of the network goes through here: the change and its events are stored together (one
 * insert), then applied to the aggregate's document at the expected version, then published with
 * Nats-Msg-Id = CloudEvent id. A crash at any point leaves a change the relay finishes; a repeated
 * publish is dropped by JetStream's deduplication and by subscribers keyed on source + id.
 */
@Injectable()
export class OutboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxService.name);
  private readonly publisher: PublicEventPublisher;
  private readonly aggregates = new Map<string, AggregateModel>();
  private timer?: NodeJS.Timeout;
  private relaying?: Promise<void>;

  constructor(
    @InjectModel(Change.name) private readonly changes: Model<Change>,
    @InjectNats() private readonly nc: NatsConnection,
  ) {
    this.publisher = new PublicEventPublisher(nc, NETWORK_EVENT_SOURCE);
  }

  /** Names the collection each aggregate's changes are applied to. */
  register(aggregate: string, model: AggregateModel): void {
    this.aggregates.set(aggregate, model);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensurePublicStream(this.nc);
    this.timer = setInterval(() => void this.relay(), RELAY_EVERY_MS);
    void this.relay();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.relaying;
  }

  /** Stores, applies and publishes one change; 409 when another change took the version first. */
  async commit<T extends Versioned>(aggregate: string, state: T, expectedVersion: number, events: PendingEvent[]): Promise<T> {
    const change = await this.store(aggregate, state, expectedVersion, events);
    await this.apply(change);
    await this.publish(change).catch((error) => this.logger.warn(`change ${change._id}: publishing left to the relay: ${(error as Error).message}`));
    return { ...state, version: change.version };
  }

  /** The first step alone: the change with its events, claimed at expectedVersion + 1. */
  async store<T extends Versioned>(aggregate: string, state: T, expectedVersion: number, events: PendingEvent[]): Promise<Change> {
    const version = expectedVersion + 1;
    const { _id, version: _v, ...fields } = state;
    const change: Change = { _id: `${aggregate}:${_id}:${version}`, aggregate, aggregateId: _id, version, state: fields, events, at: new Date().toISOString(), by: currentContext()?.actor, applied: false, published: events.length === 0 };
    try {
      await this.changes.create(change);
    } catch (error) {
      if ((error as { code?: number }).code === 11000) throw conflict(`the ${aggregate} was changed concurrently; reload and retry`, { id: _id, expectedVersion });
      throw error;
    }
    return change;
  }

  private async apply(change: Change): Promise<void> {
    const model = this.aggregates.get(change.aggregate);
    if (!model) throw new Error(`no collection registered for ${change.aggregate}`);
    // A collection other replicas read back by change span is stamped when the change is applied, not when it was
    // decided: the relay applies a dead writer's change seconds later, after their last read-back of that time.
    const stamp = stampsChanges(model) ? changeStamp(new Date().toISOString()) : {};
    if (change.version === 1) {
      await model.create({ _id: change.aggregateId, ...change.state, ...stamp, version: 1 }).catch((error: { code?: number }) => {
        if (error.code !== 11000) throw error; // applied already (by the relay or a first attempt)
      });
    } else {
      await model.updateOne({ _id: change.aggregateId, version: change.version - 1 }, { $set: { ...change.state, ...stamp, version: change.version } });
    }
    await this.changes.updateOne({ _id: change._id }, { $set: { applied: true } });
  }

  private async publish(change: Change): Promise<void> {
    for (const event of change.events) {
      await this.publisher.publish({ id: event.id, subject: event.subject, type: event.type, about: event.about, data: event.data, time: event.time });
    }
    if (change.events.length) await this.changes.updateOne({ _id: change._id }, { $set: { published: true } });
  }

  /** Finishes what a writer left: changes not applied after a while, and applied ones not yet published. One pass at a time. */
  relay(): Promise<void> {
    this.relaying ??= this.relayOnce()
      .catch((error) => this.logger.warn(`outbox relay: ${(error as Error).message}`))
      .finally(() => (this.relaying = undefined));
    return this.relaying;
  }

  private async relayOnce(): Promise<void> {
    const staleBefore = new Date(Date.now() - STALE_MS).toISOString();
    const unapplied = await this.changes.find({ applied: false, at: { $lt: staleBefore } }).sort({ aggregateId: 1, version: 1 }).limit(500).lean<Change[]>();
    for (const change of unapplied) await this.apply(change);
    const unpublished = await this.changes.find({ applied: true, published: false }).sort({ at: 1 }).limit(500).lean<Change[]>();
    for (const change of unpublished) await this.publish(change);
  }
}
