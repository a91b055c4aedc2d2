import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { NatsConnection } from 'nats';
import { EVENTS_EVENT_SOURCE, EventsPublicEvents } from '@banat/contracts';
import { ensurePublicStream, InjectNats, PublicEventPublisher } from '@banat/messaging';
import type { ProgrammeEventFact } from '../domain/programme-event';
import { publicFactOf } from '../domain/public-facts';
import { EventCommit } from '../read-models/event-commit.schema';
import { listEvent, ProgrammeEventListing } from '../read-models/programme-event.schema';
import { EventStreams } from './event-streams';

/** How often commits left unpublished (a process died between storing and publishing) are looked for. */
const SWEEP_MS = 2_000;

/**
 * The outbox relay: every commit is stored with `published: false`, its public events are then
 * published with ids derived from the commit (`<eventId>:<revision>:<n>`, also Nats-Msg-Id), and the
 * commit is marked. A crash in between publishes them again with the same ids: JetStream drops the
 * duplicate within its window, and partners dedupe on source + id.
 */
@Injectable()
export class OutboxPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxPublisher.name);
  private readonly publisher: PublicEventPublisher;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;

  constructor(
    @InjectModel(EventCommit.name) private readonly commits: Model<EventCommit>,
    @InjectModel(ProgrammeEventListing.name) private readonly listings: Model<ProgrammeEventListing>,
    @InjectNats() private readonly nc: NatsConnection,
    private readonly streams: EventStreams,
  ) {
    this.publisher = new PublicEventPublisher(nc, EVENTS_EVENT_SOURCE);
  }

  async onApplicationBootstrap(): Promise<void> {
    await ensurePublicStream(this.nc);
    this.streams.onAppended(() => this.kick());
    this.timer = setInterval(() => this.kick(), SWEEP_MS);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One relay at a time in this process; a kick while it runs makes it go round once more. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relay()
      .catch((error) => this.logger.warn(`outbox: not published yet, retried: ${(error as Error).message}`))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async relay(): Promise<void> {
    let pending: EventCommit[];
    do {
      pending = await this.commits.find({ published: false }).sort({ eventId: 1, revision: 1 }).limit(100).lean<EventCommit[]>();
      for (const commit of pending) await this.publishCommit(commit);
    } while (pending.length === 100);
  }

  private async publishCommit(commit: EventCommit): Promise<void> {
    const { state } = await this.streams.load(commit.eventId);
    const facts = commit.facts as ProgrammeEventFact[];
    for (const [n, fact] of facts.entries()) {
      const publicFact = publicFactOf(commit.eventId, fact, state);
      if (!publicFact) continue;
      const def = EventsPublicEvents[publicFact.kind];
      await this.publisher.publish({ id: `${commit.eventId}:${commit.revision}:${n}`, subject: def.subject, type: def.type, about: `event/${commit.eventId}`, time: commit.at, data: publicFact.data });
    }
    // The list of events is written when an event is scheduled; a process that died just before that leaves it to this relay.
    for (const fact of facts) if (fact.type === 'EventScheduled') await listEvent(this.listings, fact.data.definition, fact.data.stamp.at);
    await this.commits.updateOne({ _id: commit._id }, { $set: { published: true } });
  }
}
