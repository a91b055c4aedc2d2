/** Every way a listing command can be refused, each with the rule name the caller sees. */
import { NetworkRuleViolation } from '../shared/rule-violation';

export class UnknownNaceCode extends NetworkRuleViolation {
  readonly rule = 'UnknownNaceCode';
  constructor(code: string, reason: string) {
    super(reason, { code });
  }
}

export class UnknownNiceClass extends NetworkRuleViolation {
  readonly rule = 'UnknownNiceClass';
  constructor(niceClass: unknown) {
    super(`${String(niceClass)} is not a Nice class (1 to 45)`, { niceClass });
  }
}

/** Matching works on codes: a listing without any says nothing a partner could be found for. */
export class ListingNotClassified extends NetworkRuleViolation {
  readonly rule = 'ListingNotClassified';
  constructor() {
    super('a listing names at least one NACE code or Nice class');
  }
}

export class ExpiryInPast extends NetworkRuleViolation {
  readonly rule = 'ExpiryInPast';
  constructor(expiresOn: string, today: string) {
    super(`the last day ${expiresOn} is before today (${today})`, { expiresOn, today });
  }
}

/** Listings are renewed, not left standing: at most a year ahead. */
export class ExpiryTooFar extends NetworkRuleViolation {
  readonly rule = 'ExpiryTooFar';
  constructor(expiresOn: string, latest: string) {
    super(`the last day ${expiresOn} is more than a year ahead (latest ${latest})`, { expiresOn, latest });
  }
}

export class ExpiryNotADay extends NetworkRuleViolation {
  readonly rule = 'ExpiryNotADay';
  constructor(expiresOn: string) {
    super(`${expiresOn} is not a day of the calendar`, { expiresOn });
  }
}

export class ListingAlreadyPublished extends NetworkRuleViolation {
  readonly rule = 'ListingAlreadyPublished';
  constructor(listingId: string) {
    super(`listing ${listingId} is already published`, { listingId });
  }
}

export class ListingNotPublished extends NetworkRuleViolation {
  readonly rule = 'ListingNotPublished';
  constructor(listingId: string) {
    super(`listing ${listingId} is not published`, { listingId });
  }
}

export class ListingWithdrawn extends NetworkRuleViolation {
  readonly rule = 'ListingWithdrawn';
  constructor(listingId: string) {
    super(`listing ${listingId} was withdrawn`, { listingId });
  }
}

export class RenewalNotLater extends NetworkRuleViolation {
  readonly rule = 'RenewalNotLater';
  constructor(expiresOn: string, current: string) {
    super(`a renewal runs past the current last day ${current}; ${expiresOn} does not`, { expiresOn, current });
  }
}

/**
 * Most listings one organisation may have open at once. Each new offer is matched against every open request, one event per
 * match: without a bound, a member's script publishing requests made every later offer cost (and publish) that many more.
 */
export const MAX_OPEN_LISTINGS = 50;

export class TooManyOpenListings extends NetworkRuleViolation {
  readonly rule = 'TooManyOpenListings';
  constructor(organisationId: string) {
    super(`organisation ${organisationId} already has ${MAX_OPEN_LISTINGS} open listings, the most an organisation may (withdraw one first)`, { organisationId, max: MAX_OPEN_LISTINGS });
  }
}
