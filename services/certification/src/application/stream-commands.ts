import { Injectable } from '@nestjs/common';
import { EventStore, NO_STREAM, RecordedEvent, WrongExpectedRevision } from '@banat/event-store';
import type { CommandResult } from '@banat/contracts';
import type { Command, Decider, Event } from '../domain';
import type { CommandEnvelope } from './command-metadata';
import { InjectEventStore } from './event-store.provider';

export interface Handled<S, E extends Event> {
  result: CommandResult;
  /** The events this command stands for: new ones, or those of the first call on a retry. */
  events: E[];
  /** State after the command. */
  state: S;
}

/** load stream → fold → decide → append with the expected revision: the one way a command changes history. */
@Injectable()
export class StreamCommands {
  constructor(@InjectEventStore() private readonly store: EventStore) {}

  async handle<S, C extends Command, E extends Event>(
    decider: Decider<S, C, E>,
    streamId: string,
    command: (metadata: CommandEnvelope['domain']) => C,
    envelope: CommandEnvelope,
    expectedRevision?: number,
    options: { dryRun?: boolean } = {},
  ): Promise<Handled<S, E>> {
    const recorded = await this.store.readStream(streamId);
    const history = recorded as unknown as RecordedEvent[];
    const revision = history.length - 1;
    const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());

    // A retry of a command already in the stream answers as the first call did, without deciding again.
    const earlier = history.filter((e) => e.metadata.commandId === envelope.store.commandId);
    if (earlier.length > 0) {
      const last = earlier[earlier.length - 1];
      const result = { streamId, revision: last.revision, position: last.position, appended: 0, duplicate: true };
      return { result, events: earlier.map(toDomain) as E[], state };
    }
    if (expectedRevision !== undefined && expectedRevision !== revision) {
      throw new WrongExpectedRevision(streamId, expectedRevision, revision < 0 ? NO_STREAM : revision);
    }

    const events = decider.decide(command(envelope.domain), state);
    const head = history.at(-1);
    // A dry run judges the command (and throws its refusal) without appending: used before spending a certificate number.
    if (events.length === 0 || options.dryRun) {
      return { result: { streamId, revision, position: head?.position ?? 0, appended: 0, duplicate: false }, events, state };
    }
    const appended = await this.store.appendToStream(streamId, events.map((e) => ({ type: e.type, data: e.data as Record<string, unknown> })), {
      expectedRevision: revision < 0 ? NO_STREAM : revision,
      metadata: envelope.store,
    });
    const after = events.reduce(decider.evolve, state);
    return {
      result: { streamId, revision: appended.nextExpectedRevision, position: appended.position, appended: appended.duplicate ? 0 : events.length, duplicate: appended.duplicate },
      events,
      state: after,
    };
  }

  /** Every event of a stream, as recorded (for history and "as of"). */
  read(streamId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(streamId);
  }
}

const toDomain = (e: RecordedEvent): Event => ({ type: e.type, data: e.data as object });
