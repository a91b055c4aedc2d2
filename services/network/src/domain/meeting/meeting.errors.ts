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

/**
 * Most meeting requests one participant may have awaiting an answer at a fair. Each is a record the invitee must read and
 * answer: without a bound, a member's script asked every participant for every slot, without end. An answer (the
 * invitee's, or the secretariat's on its behalf) makes room.
 */
export const MAX_OPEN_MEETING_REQUESTS = 50;

export class TooManyOpenMeetingRequests extends NetworkRuleViolation {
  readonly rule = 'TooManyOpenMeetingRequests';
  constructor(organisationId: string, fairId: string) {
    super(`organisation ${organisationId} already has ${MAX_OPEN_MEETING_REQUESTS} meeting requests awaiting an answer at fair ${fairId}, the most a participant may`, { organisationId, fairId, max: MAX_OPEN_MEETING_REQUESTS });
  }
}

/** The same participant asked again for the same slot while the first request awaits its answer. */
export class MeetingAlreadyRequested extends NetworkRuleViolation {
  readonly rule = 'MeetingAlreadyRequested';
  constructor(inviteeOrganisationId: string, slot: string) {
    super(`a meeting with ${inviteeOrganisationId} at ${slot} is already requested and awaits its answer`, { inviteeOrganisationId, slot });
  }
}
