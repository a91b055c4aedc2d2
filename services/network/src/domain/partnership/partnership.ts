/** A partnership between two organisations (cross-border cooperation): proposed by one, accepted or declined by the other, ended with an outcome; every step kept. */
import type { PARTNERSHIP_KINDS } from '@banat/contracts';
import type { CommandMetadata, Decider } from '../shared/decider';
import { isRealDay } from '../shared/decider';
import { checkOpenProposals } from '../shared/proposals';
import { NetworkRuleViolation, OrganisationNotRegistered } from '../shared/rule-violation';
import { statedGoals, statedOutcome } from '../mentoring/mentoring';

export type PartnershipKind = (typeof PARTNERSHIP_KINDS)[number];

export interface PartnershipTerms {
  partnershipId: string;
  kind: PartnershipKind;
  proposerOrganisationId: string;
  partnerOrganisationId: string;
  title: string;
  from: string;
  until: string;
  goals: string[];
}

export type PartnershipStep = { step: 'proposed' | 'accepted' | 'declined' | 'withdrawn' | 'ended'; at: string; by: string; outcome?: string };

export type PartnershipEvent =
  | { type: 'PartnershipProposed'; data: PartnershipTerms & { at: string; by: string } }
  | { type: 'PartnershipAccepted' | 'PartnershipDeclined' | 'PartnershipWithdrawn'; data: { partnershipId: string; at: string; by: string } }
  | { type: 'PartnershipEnded'; data: { partnershipId: string; outcome: string; at: string; by: string } };

export type Partnership =
  | { status: 'none' }
  | (PartnershipTerms & { status: 'proposed' | 'active' | 'declined' | 'withdrawn' | 'ended'; outcome?: string; proposedAt: string; history: PartnershipStep[] });

export type PartnershipCommand =
  /** `openProposals`: the proposer's partnership proposals awaiting an answer. */
  | { type: 'ProposePartnership'; data: PartnershipTerms & { proposerKnown: boolean; partnerKnown: boolean; openProposals: number }; metadata: CommandMetadata }
  | { type: 'AcceptPartnership' | 'DeclinePartnership'; data: { partnershipId: string }; metadata: CommandMetadata }
  /** The proposer takes back a proposal not answered yet: it no longer counts against the bound on open proposals. */
  | { type: 'WithdrawPartnership'; data: { partnershipId: string }; metadata: CommandMetadata }
  | { type: 'EndPartnership'; data: { partnershipId: string; outcome: string }; metadata: CommandMetadata };

export class PartnershipWithSelf extends NetworkRuleViolation {
  readonly rule = 'PartnershipWithSelf';
  constructor() {
    super('an organisation does not enter a partnership with itself');
  }
}

export class PartnershipPeriodInvalid extends NetworkRuleViolation {
  readonly rule = 'PartnershipPeriodInvalid';
  constructor(from: string, until: string) {
    super(`a period from ${from} to ${until} must name real days and end after it starts`, { from, until });
  }
}

export class PartnershipTitleRequired extends NetworkRuleViolation {
  readonly rule = 'PartnershipTitleRequired';
  constructor() {
    super('a partnership has a title');
  }
}

export class PartnershipNotInStatus extends NetworkRuleViolation {
  readonly rule = 'PartnershipNotInStatus';
  constructor(partnershipId: string, status: string, needed: string) {
    super(`partnership ${partnershipId} is ${status}; this needs it ${needed}`, { partnershipId, status, needed });
  }
}

export class UnknownPartnership extends NetworkRuleViolation {
  readonly rule = 'UnknownPartnership';
  constructor(partnershipId: string) {
    super(`no partnership ${partnershipId}`, { partnershipId });
  }
}

function decidePartnership(command: PartnershipCommand, state: Partnership): PartnershipEvent[] {
  const { now: at, actor: by } = command.metadata;
  if (command.type === 'ProposePartnership') {
    const { proposerKnown, partnerKnown, openProposals, ...terms } = command.data;
    if (terms.proposerOrganisationId === terms.partnerOrganisationId) throw new PartnershipWithSelf();
    if (!proposerKnown) throw new OrganisationNotRegistered(terms.proposerOrganisationId);
    if (!partnerKnown) throw new OrganisationNotRegistered(terms.partnerOrganisationId);
    const title = terms.title.trim();
    if (!title) throw new PartnershipTitleRequired();
    if (!isRealDay(terms.from) || !isRealDay(terms.until) || terms.until <= terms.from) throw new PartnershipPeriodInvalid(terms.from, terms.until);
    const goals = statedGoals(terms.goals);
    checkOpenProposals(terms.proposerOrganisationId, 'partnership', openProposals);
    return [{ type: 'PartnershipProposed', data: { ...terms, title, goals, at, by } }];
  }
  if (state.status === 'none') throw new UnknownPartnership(command.data.partnershipId);
  const partnershipId = state.partnershipId;
  switch (command.type) {
    case 'AcceptPartnership':
    case 'DeclinePartnership':
      if (state.status !== 'proposed') throw new PartnershipNotInStatus(partnershipId, state.status, 'proposed');
      return [{ type: command.type === 'AcceptPartnership' ? 'PartnershipAccepted' : 'PartnershipDeclined', data: { partnershipId, at, by } }];
    case 'WithdrawPartnership':
      if (state.status !== 'proposed') throw new PartnershipNotInStatus(partnershipId, state.status, 'proposed');
      return [{ type: 'PartnershipWithdrawn', data: { partnershipId, at, by } }];
    case 'EndPartnership':
      if (state.status !== 'active') throw new PartnershipNotInStatus(partnershipId, state.status, 'active');
      return [{ type: 'PartnershipEnded', data: { partnershipId, outcome: statedOutcome(command.data.outcome), at, by } }];
  }
}

function evolvePartnership(state: Partnership, event: PartnershipEvent): Partnership {
  if (event.type === 'PartnershipProposed') {
    const { at, by, ...terms } = event.data;
    return { ...terms, status: 'proposed', proposedAt: at, history: [{ step: 'proposed', at, by }] };
  }
  if (state.status === 'none') return state;
  const { at, by } = event.data;
  switch (event.type) {
    case 'PartnershipAccepted':
      return { ...state, status: 'active', history: [...state.history, { step: 'accepted', at, by }] };
    case 'PartnershipDeclined':
      return { ...state, status: 'declined', history: [...state.history, { step: 'declined', at, by }] };
    case 'PartnershipWithdrawn':
      return { ...state, status: 'withdrawn', history: [...state.history, { step: 'withdrawn', at, by }] };
    case 'PartnershipEnded':
      return { ...state, status: 'ended', outcome: event.data.outcome, history: [...state.history, { step: 'ended', at, by, outcome: event.data.outcome }] };
  }
}

export const partnershipDecider: Decider<Partnership, PartnershipCommand, PartnershipEvent> = {
  decide: decidePartnership,
  evolve: evolvePartnership,
  initialState: () => ({ status: 'none' }),
};
