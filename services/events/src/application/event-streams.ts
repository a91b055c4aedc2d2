import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { conflict, currentContext, isDuplicateKey } from '@banat/messaging';
import { evolve, initialState, ProgrammeEventFact, ProgrammeEventState } from '../domain/programme-event';
import { EventCommit } from '../read-models/event-commit.schema';

type Folded = { revision: number; state: ProgrammeEventState };
const MAX_ATTEMPTS = 50;

/**
 * The facts of each programme event, as a stream of commits with an expected revision. Every
 * decision sees the whole event (capacity, every quota, the waiting list in order) and lands only
 * if nobody else appended since: another replica's concurrent decision makes the insert of the same
 * `<eventId>:<revision>` fail, and the command is decided again on the newer state.
 */
@Injectable()
export class EventStreams {
  private readonly folded = new Map<string, Folded>();
  /** Commands on one event wait for each other in this process; replicas meet at the insert. */
  private readonly queues = new Map<string, Promise<unknown>>();

  private readonly appendListeners: ((eventId: string) => void)[] = [];

  constructor(@InjectModel(EventCommit.name) private readonly commits: Model<EventCommit>) {}

  /** Told after every append (the outbox publisher wakes up on it). */
  onAppended(listener: (eventId: string) => void): void {
    this.appendListeners.push(listener);
  }

  /** The event's state as of its latest commit (facts read since the last fold only). */
  async load(eventId: string): Promise<Folded> {
    const known = this.folded.get(eventId) ?? { revision: -1, state: initialState() };
    const newer = await this.commits.find({ eventId, revision: { $gt: known.revision } }).sort({ revision: 1 }).lean<EventCommit[]>();
    const folded = newer.reduce<Folded>((f, c) => ({ revision: c.revision, state: (c.facts as ProgrammeEventFact[]).reduce(evolve, f.state) }), known);
    if (folded.revision >= 0) this.folded.set(eventId, folded); // an id nobody scheduled is not remembered
    return folded;
  }

  /** The event's commits up to a revision, in order (reporting reads a published fact's details from them). */
  async commitsUpTo(eventId: string, revision: number): Promise<EventCommit[]> {
    return this.commits.find({ eventId, revision: { $lte: revision } }).sort({ revision: 1 }).lean<EventCommit[]>();
  }

  /**
   * Decides on the latest state and appends what was decided; on a concurrent append, decides again.
   * `decide` throws to refuse (nothing stored) and may return no facts (nothing to store).
   */
  execute<T>(eventId: string, decide: (state: ProgrammeEventState) => { facts: ProgrammeEventFact[]; answer: (state: ProgrammeEventState) => T }): Promise<T> {
    const run = (this.queues.get(eventId) ?? Promise.resolve()).catch(() => undefined).then(() => this.attempt(eventId, decide));
    this.queues.set(eventId, run);
    void run.finally(() => this.queues.get(eventId) === run && this.queues.delete(eventId)).catch(() => undefined);
    return run;
  }

  private async attempt<T>(eventId: string, decide: (state: ProgrammeEventState) => { facts: ProgrammeEventFact[]; answer: (state: ProgrammeEventState) => T }): Promise<T> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const { revision, state } = await this.load(eventId);
      const { facts, answer } = decide(state);
      if (facts.length === 0) return answer(state);
      const ctx = currentContext();
      const commit: EventCommit = {
        _id: `${eventId}:${revision + 1}`,
        eventId,
        revision: revision + 1,
        facts: facts as EventCommit['facts'],
        at: new Date().toISOString(),
        actor: ctx?.actor ?? 'system',
        role: ctx?.role ?? 'system',
        ...(ctx?.correlationId ? { correlationId: ctx.correlationId } : {}),
        published: false,
      };
      try {
        await this.commits.create(commit);
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        await new Promise((r) => setTimeout(r, Math.random() * 5 * attempt)); // another replica appended first: decide again
        continue;
      }
      const after = facts.reduce(evolve, state);
      this.folded.set(eventId, { revision: revision + 1, state: after });
      for (const listener of this.appendListeners) listener(eventId);
      return answer(after);
    }
    throw conflict(`event ${eventId} is changing too fast to decide on; retry`, { eventId });
  }
}
