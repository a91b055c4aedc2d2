import type { CommandMetadata } from '../shared/decider';
import type { KnownOrganisation } from '../listing/listing.commands';

/** What the interested side sees of the listing when it expresses interest. */
export interface ListingSeen {
  listingId: string;
  organisationId: string;
  title: string;
  open: boolean;
}

export type InterestCommand =
  | {
      type: 'ExpressInterest';
      /** `expressedBefore`: how many times the organisation expressed interest in this listing already (withdrawn, answered, expired). */
      data: { interestId: string; listing: ListingSeen; from?: KnownOrganisation; fromOrganisationId: string; message: string; replyBy?: string; pendingInterestId?: string; expressedBefore: number };
      metadata: CommandMetadata;
    }
  | { type: 'AnswerInterest'; data: { interestId: string; answer: 'accepted' | 'declined'; message?: string }; metadata: CommandMetadata }
  | { type: 'ExpireInterest'; data: { interestId: string }; metadata: CommandMetadata }
  | { type: 'WithdrawInterest'; data: { interestId: string }; metadata: CommandMetadata };
