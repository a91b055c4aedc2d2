import { addDays, dayOf, Decider, isRealDay } from '../shared/decider';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { evolveInterest, initialInterest, Interest, InterestEvent } from './interest';
import { InterestCommand } from './interest.commands';
import { InterestAlreadyPending, InterestExpired, InterestInOwnListing, InterestNotPending, ListingNotOpen, MAX_INTERESTS_PER_LISTING, ReplyDeadlineOutOfRange, TooManyInterests, UnknownInterest } from './interest.errors';

/** The reply deadline when none is asked for, and the latest one may ask for. */
export const DEFAULT_REPLY_DAYS = 14;
export const MAX_REPLY_DAYS = 30;

function decideInterest(command: InterestCommand, state: Interest): InterestEvent[] {
  const at = command.metadata.now;
  const today = dayOf(at);
  if (command.type === 'ExpressInterest') {
    const { listing, from, fromOrganisationId, message, interestId, pendingInterestId } = command.data;
    if (!from || !from.active) throw new OrganisationNotRegistered(fromOrganisationId);
    if (listing.organisationId === fromOrganisationId) throw new InterestInOwnListing(listing.listingId);
    if (!listing.open) throw new ListingNotOpen(listing.listingId);
    if (pendingInterestId) throw new InterestAlreadyPending(listing.listingId, pendingInterestId);
    if (command.data.expressedBefore >= MAX_INTERESTS_PER_LISTING) throw new TooManyInterests(listing.listingId, fromOrganisationId);
    const earliest = addDays(today, 1);
    const latest = addDays(today, MAX_REPLY_DAYS);
    const replyBy = command.data.replyBy ?? addDays(today, DEFAULT_REPLY_DAYS);
    if (!isRealDay(replyBy) || replyBy < earliest || replyBy > latest) throw new ReplyDeadlineOutOfRange(replyBy, earliest, latest);
    return [{ type: 'InterestExpressed', data: { interestId, listingId: listing.listingId, listingOrganisationId: listing.organisationId, listingTitle: listing.title, fromOrganisationId, message: message.trim(), replyBy, at } }];
  }
  if (state.status === 'none') throw new UnknownInterest(command.data.interestId);
  switch (command.type) {
    case 'AnswerInterest':
      if (state.status !== 'pending') throw new InterestNotPending(state.interestId, state.status);
      if (today > state.replyBy) throw new InterestExpired(state.interestId, state.replyBy);
      return [{ type: 'InterestAnswered', data: { interestId: state.interestId, answer: command.data.answer, ...(command.data.message ? { message: command.data.message } : {}), at } }];
    case 'ExpireInterest':
      // Only a pending one past its deadline expires; anything else is left as it is (the sweep may run twice).
      return state.status === 'pending' && today > state.replyBy ? [{ type: 'InterestExpired', data: { interestId: state.interestId, at } }] : [];
    case 'WithdrawInterest':
      if (state.status !== 'pending') throw new InterestNotPending(state.interestId, state.status);
      return [{ type: 'InterestWithdrawn', data: { interestId: state.interestId, at } }];
  }
}

export const interestDecider: Decider<Interest, InterestCommand, InterestEvent> = {
  decide: decideInterest,
  evolve: evolveInterest,
  initialState: initialInterest,
};
