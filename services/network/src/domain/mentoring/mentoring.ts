/** Mentoring or twinning between two organisations: mentor, mentee, period, goals, meetings, outcome. */
import type { CommandMetadata, Decider } from '../shared/decider';
import { dayOf, isRealDay } from '../shared/decider';
import { checkOpenProposals } from '../shared/proposals';
import { NetworkRuleViolation, OrganisationNotRegistered } from '../shared/rule-violation';

export interface MentoringTerms {
  mentoringId: string;
  kind: 'mentoring' | 'twinning';
  mentorOrganisationId: string;
  menteeOrganisationId: string;
  from: string;
  until: string;
  goals: string[];
}

export type MentoringEvent =
  | { type: 'MentoringProposed'; data: MentoringTerms & { at: string } }
  | { type: 'MentoringAccepted'; data: { mentoringId: string; at: string } }
  | { type: 'MentoringDeclined'; data: { mentoringId: string; at: string } }
  | { type: 'MentoringWithdrawn'; data: { mentoringId: string; at: string } }
  | { type: 'MentoringMeetingHeld'; data: { mentoringId: string; on: string; notes: string; at: string } }
  | { type: 'MentoringClosed'; data: { mentoringId: string; outcome: string; at: string } };

export type Mentoring =
  | { status: 'none' }
  | (MentoringTerms & { status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'closed'; meetings: { on: string; notes: string }[]; outcome?: string; proposedAt: string });

export type MentoringCommand =
  /** `openProposals`: the mentor's mentoring proposals awaiting an answer. */
  | { type: 'ProposeMentoring'; data: MentoringTerms & { mentorKnown: boolean; menteeKnown: boolean; openProposals: number }; metadata: CommandMetadata }
  | { type: 'AcceptMentoring' | 'DeclineMentoring'; data: { mentoringId: string }; metadata: CommandMetadata }
  /** The mentor takes back a proposal not answered yet: it no longer counts against the bound on open proposals. */
  | { type: 'WithdrawMentoring'; data: { mentoringId: string }; metadata: CommandMetadata }
  | { type: 'RecordMentoringMeeting'; data: { mentoringId: string; on: string; notes: string }; metadata: CommandMetadata }
  | { type: 'CloseMentoring'; data: { mentoringId: string; outcome: string }; metadata: CommandMetadata };

export class MentoringWithSelf extends NetworkRuleViolation {
  readonly rule = 'MentoringWithSelf';
  constructor() {
    super('an organisation does not mentor itself');
  }
}

export class MentoringPeriodInvalid extends NetworkRuleViolation {
  readonly rule = 'MentoringPeriodInvalid';
  constructor(from: string, until: string, today: string) {
    super(`a period from ${from} to ${until} must start today (${today}) or later and end after it starts`, { from, until, today });
  }
}

export class GoalsRequired extends NetworkRuleViolation {
  readonly rule = 'GoalsRequired';
  constructor() {
    super('a mentoring, twinning or partnership states at least one goal');
  }
}

export class MentoringNotInStatus extends NetworkRuleViolation {
  readonly rule = 'MentoringNotInStatus';
  constructor(mentoringId: string, status: string, needed: string) {
    super(`mentoring ${mentoringId} is ${status}; this needs it ${needed}`, { mentoringId, status, needed });
  }
}

export class MeetingOutsidePeriod extends NetworkRuleViolation {
  readonly rule = 'MeetingOutsidePeriod';
  constructor(on: string, from: string, until: string) {
    super(`a meeting on ${on} is outside the period ${from} to ${until}, or in the future`, { on, from, until });
  }
}

export class OutcomeRequired extends NetworkRuleViolation {
  readonly rule = 'OutcomeRequired';
  constructor() {
    super('a mentoring, twinning or partnership is closed with its outcome');
  }
}

/**
 * Most meetings one mentoring records. Either side records them, each with up to 2,000 characters of notes, and every
 * change stores the whole mentoring again (outbox): without a bound, one side's script grew the record, and what each
 * change stores, without end. A hundred is two a week for a year.
 */
export const MAX_MENTORING_MEETINGS = 100;

export class TooManyMentoringMeetings extends NetworkRuleViolation {
  readonly rule = 'TooManyMentoringMeetings';
  constructor(mentoringId: string) {
    super(`mentoring ${mentoringId} already records ${MAX_MENTORING_MEETINGS} meetings, the most one may`, { mentoringId, max: MAX_MENTORING_MEETINGS });
  }
}

export class UnknownMentoring extends NetworkRuleViolation {
  readonly rule = 'UnknownMentoring';
  constructor(mentoringId: string) {
    super(`no mentoring ${mentoringId}`, { mentoringId });
  }
}

/** The goals without blanks; at least one. */
export function statedGoals(goals: string[]): string[] {
  const stated = goals.map((g) => g.trim()).filter(Boolean);
  if (stated.length === 0) throw new GoalsRequired();
  return stated;
}

/** The outcome trimmed; never blank. */
export function statedOutcome(outcome: string): string {
  if (!outcome.trim()) throw new OutcomeRequired();
  return outcome.trim();
}

function decideMentoring(command: MentoringCommand, state: Mentoring): MentoringEvent[] {
  const at = command.metadata.now;
  const today = dayOf(at);
  if (command.type === 'ProposeMentoring') {
    const { mentorKnown, menteeKnown, openProposals, ...terms } = command.data;
    if (terms.mentorOrganisationId === terms.menteeOrganisationId) throw new MentoringWithSelf();
    if (!mentorKnown) throw new OrganisationNotRegistered(terms.mentorOrganisationId);
    if (!menteeKnown) throw new OrganisationNotRegistered(terms.menteeOrganisationId);
    if (!isRealDay(terms.from) || !isRealDay(terms.until) || terms.from < today || terms.until <= terms.from) throw new MentoringPeriodInvalid(terms.from, terms.until, today);
    const goals = statedGoals(terms.goals);
    checkOpenProposals(terms.mentorOrganisationId, 'mentoring', openProposals);
    return [{ type: 'MentoringProposed', data: { ...terms, goals, at } }];
  }
  if (state.status === 'none') throw new UnknownMentoring(command.data.mentoringId);
  const mentoringId = state.mentoringId;
  switch (command.type) {
    case 'AcceptMentoring':
    case 'DeclineMentoring':
      if (state.status !== 'proposed') throw new MentoringNotInStatus(mentoringId, state.status, 'proposed');
      return [{ type: command.type === 'AcceptMentoring' ? 'MentoringAccepted' : 'MentoringDeclined', data: { mentoringId, at } }];
    case 'WithdrawMentoring':
      if (state.status !== 'proposed') throw new MentoringNotInStatus(mentoringId, state.status, 'proposed');
      return [{ type: 'MentoringWithdrawn', data: { mentoringId, at } }];
    case 'RecordMentoringMeeting':
      if (state.status !== 'active') throw new MentoringNotInStatus(mentoringId, state.status, 'active');
      if (!isRealDay(command.data.on) || command.data.on < state.from || command.data.on > state.until || command.data.on > today) throw new MeetingOutsidePeriod(command.data.on, state.from, state.until);
      if (state.meetings.length >= MAX_MENTORING_MEETINGS) throw new TooManyMentoringMeetings(mentoringId);
      return [{ type: 'MentoringMeetingHeld', data: { mentoringId, on: command.data.on, notes: command.data.notes.trim(), at } }];
    case 'CloseMentoring':
      if (state.status !== 'active') throw new MentoringNotInStatus(mentoringId, state.status, 'active');
      return [{ type: 'MentoringClosed', data: { mentoringId, outcome: statedOutcome(command.data.outcome), at } }];
  }
}

function evolveMentoring(state: Mentoring, event: MentoringEvent): Mentoring {
  if (event.type === 'MentoringProposed') {
    const { at, ...terms } = event.data;
    return { ...terms, status: 'proposed', meetings: [], proposedAt: at };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'MentoringAccepted':
      return { ...state, status: 'active' };
    case 'MentoringDeclined':
      return { ...state, status: 'declined' };
    case 'MentoringWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'MentoringMeetingHeld':
      return { ...state, meetings: [...state.meetings, { on: event.data.on, notes: event.data.notes }].sort((a, b) => a.on.localeCompare(b.on)) };
    case 'MentoringClosed':
      return { ...state, status: 'closed', outcome: event.data.outcome };
  }
}

export const mentoringDecider: Decider<Mentoring, MentoringCommand, MentoringEvent> = {
  decide: decideMentoring,
  evolve: evolveMentoring,
  initialState: () => ({ status: 'none' }),
};
