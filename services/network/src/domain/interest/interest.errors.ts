/** Every way an expression of interest can be refused. */
import { NetworkRuleViolation } from '../shared/rule-violation';

export class InterestInOwnListing extends NetworkRuleViolation {
  readonly rule = 'InterestInOwnListing';
  constructor(listingId: string) {
    super(`an organisation cannot express interest in its own listing ${listingId}`, { listingId });
  }
}

export class ListingNotOpen extends NetworkRuleViolation {
  readonly rule = 'ListingNotOpen';
  constructor(listingId: string) {
    super(`listing ${listingId} is not open (withdrawn or past its last day)`, { listingId });
  }
}

export class InterestAlreadyPending extends NetworkRuleViolation {
  readonly rule = 'InterestAlreadyPending';
  constructor(listingId: string, interestId: string) {
    super(`an expression of interest in listing ${listingId} is already awaiting a reply`, { listingId, interestId });
  }
}

export class ReplyDeadlineOutOfRange extends NetworkRuleViolation {
  readonly rule = 'ReplyDeadlineOutOfRange';
  constructor(replyBy: string, earliest: string, latest: string) {
    super(`the reply deadline ${replyBy} must be from ${earliest} to ${latest}`, { replyBy, earliest, latest });
  }
}

export class InterestNotPending extends NetworkRuleViolation {
  readonly rule = 'InterestNotPending';
  constructor(interestId: string, status: string) {
    super(`expression of interest ${interestId} is ${status}, no longer awaiting a reply`, { interestId, status });
  }
}

export class InterestExpired extends NetworkRuleViolation {
  readonly rule = 'InterestExpired';
  constructor(interestId: string, replyBy: string) {
    super(`the reply deadline ${replyBy} of expression of interest ${interestId} has passed`, { interestId, replyBy });
  }
}

export class UnknownInterest extends NetworkRuleViolation {
  readonly rule = 'UnknownInterest';
  constructor(interestId: string) {
    super(`no expression of interest ${interestId}`, { interestId });
  }
}

/**
 * Most expressions of interest one organisation may make in one listing. One may be withdrawn and expressed again, and
 * each lands, with its message, in the listing organisation's received interests: without a bound, a member's script
 * expressing and withdrawing filled that list without end.
 */
export const MAX_INTERESTS_PER_LISTING = 10;

export class TooManyInterests extends NetworkRuleViolation {
  readonly rule = 'TooManyInterests';
  constructor(listingId: string, fromOrganisationId: string) {
    super(`organisation ${fromOrganisationId} has expressed interest in listing ${listingId} ${MAX_INTERESTS_PER_LISTING} times, the most one may`, { listingId, fromOrganisationId, max: MAX_INTERESTS_PER_LISTING });
  }
}
