/** Proposals one organisation makes to others (mentoring or twinning, partnerships): how many may await an answer at once. */
import { NetworkRuleViolation } from './rule-violation';

/**
 * Most proposals of one kind an organisation may have awaiting an answer. Each proposal is a record the other side
 * must read and answer: without a bound, a member's script proposing to every organisation in the directory filled
 * their inboxes and the store. The other side's answer (or the secretariat's, on its behalf) makes room.
 */
export const MAX_OPEN_PROPOSALS = 20;

export type ProposalKind = 'mentoring' | 'partnership';

export class TooManyOpenProposals extends NetworkRuleViolation {
  readonly rule = 'TooManyOpenProposals';
  constructor(organisationId: string, kind: ProposalKind, open: number) {
    super(`organisation ${organisationId} already has ${open} ${kind} proposals awaiting an answer, the most an organisation may (${MAX_OPEN_PROPOSALS}): wait for an answer`, { organisationId, kind, open, max: MAX_OPEN_PROPOSALS });
  }
}

/** Refuses a proposal past the bound, given how many of the proposer's proposals of this kind await an answer. */
export function checkOpenProposals(organisationId: string, kind: ProposalKind, open: number): void {
  if (open >= MAX_OPEN_PROPOSALS) throw new TooManyOpenProposals(organisationId, kind, open);
}
