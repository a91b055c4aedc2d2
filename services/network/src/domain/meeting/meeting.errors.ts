/** Every way a meeting can be refused. */
import { NetworkRuleViolation } from '../shared/rule-violation';

export class MeetingOutsideFairHours extends NetworkRuleViolation {
  readonly rule = 'MeetingOutsideFairHours';
  constructor(slot: string, slots: readonly string[]) {
    super(`${slot} is not a slot of the fair (slots: ${slots.join(', ')})`, { slot, firstSlot: slots[0], lastSlot: slots[slots.length - 1] });
  }
}

export class MeetingWithSelf extends NetworkRuleViolation {
  readonly rule = 'MeetingWithSelf';
  constructor() {
    super('an organisation does not meet itself');
  }
}

export class NotAParticipant extends NetworkRuleViolation {
  readonly rule = 'NotAParticipant';
  constructor(organisationId: string, fairId: string) {
    super(`organisation ${organisationId} does not take part in fair ${fairId}`, { organisationId, fairId });
  }
}

export class ParticipantNotAvailable extends NetworkRuleViolation {
  readonly rule = 'ParticipantNotAvailable';
  constructor(organisationId: string, slot: string) {
    super(`organisation ${organisationId} is not available at ${slot}`, { organisationId, slot });
  }
}

/** One of the two already has a meeting at that slot. */
export class SlotTaken extends NetworkRuleViolation {
  readonly rule = 'SlotTaken';
  constructor(organisationId: string, slot: string) {
    super(`organisation ${organisationId} already has a meeting at ${slot}`, { organisationId, slot });
  }
}

export class NoTableFree extends NetworkRuleViolation {
  readonly rule = 'NoTableFree';
  constructor(slot: string, tables: number) {
    super(`all ${tables} tables are taken at ${slot}`, { slot, tables });
  }
}

export class MeetingNotRequested extends NetworkRuleViolation {
  readonly rule = 'MeetingNotRequested';
  constructor(meetingId: string, status: string) {
    super(`meeting ${meetingId} is ${status}, not awaiting an answer`, { meetingId, status });
  }
}

export class UnknownMeeting extends NetworkRuleViolation {
  readonly rule = 'UnknownMeeting';
  constructor(meetingId: string) {
    super(`no meeting ${meetingId}`, { meetingId });
  }
}
