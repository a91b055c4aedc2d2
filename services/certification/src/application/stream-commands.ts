import { Injectable } from '@nestjs/common';
import { EventStore, NO_STREAM, RecordedEvent, WrongExpectedRevision, type EventMetadataInput } from '@banat/event-store';
import type { CommandResult } from '@banat/contracts';
import { conflict, notFound } from '@banat/messaging';
import type { Command, Decider, Event } from '../domain';
import { DomainRuleViolation, UnknownInStream } from '../domain';
import type { CommandEnvelope } from './command-metadata';
import { InjectEventStore } from './event-store.provider';

export interface Handled<S, E extends Event> {
  result: CommandResult;
  /** The events this command stands for: new ones, or those of the first call on a retry. */
  events: E[];
  /** State after the command. */
  state: S;
}

/** What this process last knew of a stream: enough to decide without reading it again. */
interface StreamView {
  revision: number;
  position: number;
  state: unknown;
  commandIds: Set<string>;
}

/** One command as handled: what to decide, on which stream, for whom. */
interface Run<S, C extends Command, E extends Event> {
  decider: Decider<S, C, E>;
  streamId: string;
  command: (metadata: CommandEnvelope['domain']) => C;
  envelope: CommandEnvelope;
  /** The revision the caller decided on, if it named one. */
  expectedRevision: number | undefined;
  dryRun: boolean;
  /** What the stream holds, as the caller named it (`application app-1`): nothing recorded on it is a 404, not a refused step. */
  mustExist?: string;
}

/** Streams whose state is kept in memory (least recently used dropped first). */
const CACHED_STREAMS = 10_000;
/** Re-decisions on a concurrent change before the conflict is handed to the caller. */
const CONFLICT_ATTEMPTS = 10;

/**
 * load stream → fold → decide → append with the expected revision: the one way a command changes
 * history. The folded state of each stream is cached, so a command costs one append; the expected
 * revision at append catches any change made elsewhere (another replica), and then the stream is
 * read again and the command decided again.
 */
@Injectable()
export class StreamCommands {
  private readonly views = new Map<string, StreamView>();
  /** The tail of each stream's queue: commands on one stream run one after another in this process. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(@InjectEventStore() private readonly store: EventStore) {}

  handle<S, C extends Command, E extends Event>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: (metadata: CommandEnvelope['domain']) => C,
    envelope: CommandEnvelope,
    expectedRevision?: number,
    options: { dryRun?: boolean; mustExist?: string } = {},
  ): Promise<Handled<S, E>> {
    const run: Run<S, C, E> = { decider, streamId, command, envelope, expectedRevision, dryRun: options.dryRun ?? false, mustExist: options.mustExist };
    // Queued per stream: concurrent commands on one stream in this process would only conflict with each other.
    // A stream with nothing queued starts at once; its tail leaves the queue when it is the last.
    const previous = this.queues.get(streamId);
    const result = previous ? previous.then(() => this.decideAndAppend(run)) : this.decideAndAppend(run);
    const settled = (): void => {
      if (this.queues.get(streamId) === tail) this.queues.delete(streamId);
    };
    const tail: Promise<void> = result.then(settled, settled);
    this.queues.set(streamId, tail);
    return result;
  }

  private async decideAndAppend<S, C extends Command, E extends Event>(run: Run<S, C, E>): Promise<Handled<S, E>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(run);
      } catch (error) {
        this.views.delete(run.streamId);
        // Something the command names that the stream never held (an appeal by an unknown id): not found, as an unknown stream is.
        if (error instanceof UnknownInStream) throw notFound(error.unknown);
        // A caller who named the revision it decided on gets the conflict; otherwise decide again on the new state.
        if (!(error instanceof WrongExpectedRevision) || run.expectedRevision !== undefined) throw error;
        if (attempt >= CONFLICT_ATTEMPTS) throw keptChanging(error);
      }
    }
  }

  private async attempt<S, C extends Command, E extends Event>(run: Run<S, C, E>): Promise<Handled<S, E>> {
    const { decider, streamId, command, envelope, expectedRevision } = run;
    let view = this.views.get(streamId);
    const cached = view !== undefined;
    view ??= await this.load(decider, streamId);
    if (run.mustExist !== undefined && view.revision < 0) {
      // (an empty stream in the cache may have been started since by another replica)
      if (cached) {
        this.views.delete(streamId);
        return this.attempt(run);
      }
      throw notFound(run.mustExist);
    }
    const commandId = envelope.store.commandId;

    // A retry of a command already in the stream answers as the first call did, without deciding again.
    if (view.commandIds.has(commandId)) return this.replay(decider, streamId, envelope.store);
    if (expectedRevision !== undefined && expectedRevision !== view.revision) {
      // The cache may be behind the stream: compare with the stream as stored before calling it a conflict.
      if (cached) {
        this.views.delete(streamId);
        return this.attempt(run);
      }
      throw new WrongExpectedRevision(streamId, expectedRevision, view.revision < 0 ? NO_STREAM : view.revision);
    }

    let events: E[];
    try {
      events = decider.decide(command(envelope.domain), view.state as S);
    } catch (error) {
      // A refusal judged on cached state is judged again on the stream as stored (another replica may have moved it).
      if (cached && error instanceof DomainRuleViolation) {
        this.views.delete(streamId);
        return this.attempt(run);
      }
      throw error;
    }
    // A dry run judges the command (and throws its refusal) without appending: used before spending a certificate number.
    if (events.length === 0 || run.dryRun) {
      return { result: { streamId, revision: view.revision, position: view.position, appended: 0, duplicate: false, recorded: [] }, events, state: view.state as S };
    }
    const appended = await this.store.appendToStream(streamId, events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> })), {
      expectedRevision: view.revision < 0 ? NO_STREAM : view.revision,
      metadata: envelope.store,
    });
    if (appended.duplicate) {
      this.views.delete(streamId);
      return this.replay(decider, streamId, envelope.store);
    }
    const state = events.reduce(decider.evolve, view.state as S);
    this.remember(streamId, { revision: appended.nextExpectedRevision, position: appended.position, state, commandIds: view.commandIds.add(commandId) });
    return {
      result: { streamId, revision: appended.nextExpectedRevision, position: appended.position, appended: events.length, duplicate: false, recorded: events.map((e) => e.type) },
      events,
      state,
    };
  }

  private async load<S, C extends Command, E extends Event>(decider: Decider<S, C, E>, streamId: string): Promise<StreamView> {
    const history = await this.store.readStream(streamId);
    const view: StreamView = {
      revision: history.length - 1,
      position: history.at(-1)?.position ?? 0,
      state: history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState()),
      commandIds: new Set(history.map((e) => e.metadata.commandId)),
    };
    this.remember(streamId, view);
    return view;
  }

  /**
   * The first answer to a command already stored (read from the stream: retries are rare). A command
   * id is its caller's own: someone else sending it is neither told it succeeded nor shown the result.
   */
  private async replay<S, C extends Command, E extends Event>(decider: Decider<S, C, E>, streamId: string, command: EventMetadataInput): Promise<Handled<S, E>> {
    const { commandId, actor, requestDigest } = command;
    const history = await this.store.readStream(streamId);
    const earlier = history.filter((e) => e.metadata.commandId === commandId);
    if (earlier.some((e) => e.metadata.actor !== actor)) {
      throw conflict('this commandId was already used by another caller; send a new one', { commandId });
    }
    // The same id with another request is not a retry: answering the first outcome would tell the caller that their
    // (different) command was carried out. Commands stored without a digest (older ones, the service's own) are taken as retries.
    const recorded = earlier[0]?.metadata.requestDigest;
    if (recorded !== undefined && requestDigest !== undefined && recorded !== requestDigest) {
      throw conflict('this commandId was already used for another request; send a new commandId for a new request', { commandId, recordedAt: earlier[0]!.metadata.recordedAt });
    }
    const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
    const last = earlier[earlier.length - 1];
    return {
      result: { streamId, revision: last.revision, position: last.position, appended: 0, duplicate: true, recorded: earlier.map((e) => e.type) },
      events: earlier.map(toDomain) as E[],
      state,
    };
  }

  private remember(streamId: string, view: StreamView): void {
    this.views.delete(streamId);
    this.views.set(streamId, view);
    if (this.views.size > CACHED_STREAMS) this.views.delete(this.views.keys().next().value as string);
  }

  /** Every event of a stream, as recorded (for history and "as of"). */
  read(streamId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId);
  }
}

/** The 409 to a caller who named no revision: it claims none. */
export const keptChanging = (error: WrongExpectedRevision) =>
  conflict('the record kept changing while this command was decided; retry', { streamId: error.streamId, actualRevision: error.actual });

const toDomain = (e: RecordedEvent): Event => ({ type: e.type, data: e.data as object });
