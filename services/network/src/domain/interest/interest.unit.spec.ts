import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { InterestEvent, interestStatusOn } from './interest';
import { InterestCommand } from './interest.commands';
import { interestDecider } from './interest.decide';
import { InterestAlreadyPending, InterestExpired, InterestInOwnListing, InterestNotPending, ListingNotOpen, MAX_INTERESTS_PER_LISTING, ReplyDeadlineOutOfRange, TooManyInterests, UnknownInterest } from './interest.errors';

const given = deciderSpecificationFor(interestDecider);
const interestId = 'interest-1';
const hotel = { id: 'org-hotel', country: 'RO', active: true };
const listing = { listingId: 'listing-bread', organisationId: 'org-pekara', title: 'Bread for hotels', open: true };
const at = (day: string) => ({ now: `${day}T09:00:00.000Z`, actor: 'ana', role: 'member', org: hotel.id });

const express = (changes: Partial<Extract<InterestCommand, { type: 'ExpressInterest' }>['data']> = {}): InterestCommand => ({
  type: 'ExpressInterest',
  data: { interestId, listing, from: hotel, fromOrganisationId: hotel.id, message: ' 300 loaves a day? ', expressedBefore: 0, ...changes },
  metadata: at('2026-12-01'),
});
const expressed: InterestEvent = {
  type: 'InterestExpressed',
  data: { interestId, listingId: listing.listingId, listingOrganisationId: 'org-pekara', listingTitle: 'Bread for hotels', fromOrganisationId: hotel.id, message: '300 loaves a day?', replyBy: '2026-12-15', at: '2026-12-01T09:00:00.000Z' },
};
const answer = (day: string, reply: 'accepted' | 'declined' = 'accepted'): InterestCommand => ({ type: 'AnswerInterest', data: { interestId, answer: reply, message: 'yes, from January' }, metadata: at(day) });
const expire = (day: string): InterestCommand => ({ type: 'ExpireInterest', data: { interestId }, metadata: at(day) });

describe('expressing interest in a listing', () => {
  it('is awaiting a reply for 14 days unless a deadline is asked for', () => {
    given([]).when(express()).then([expressed]);
    given([]).when(express({ replyBy: '2026-12-02' })).then([{ ...expressed, data: { ...expressed.data, replyBy: '2026-12-02' } }]);
  });

  it(`refuses expression number ${MAX_INTERESTS_PER_LISTING + 1} by one organisation in one listing (expressing and withdrawing without end filled the listing's received interests)`, () => {
    given([]).when(express({ expressedBefore: MAX_INTERESTS_PER_LISTING - 1 })).then([expressed]);
    given([]).when(express({ expressedBefore: MAX_INTERESTS_PER_LISTING })).thenThrows(TooManyInterests, { listingId: listing.listingId, fromOrganisationId: hotel.id, max: MAX_INTERESTS_PER_LISTING });
  });

  it('refuses interest in one\'s own listing', () => {
    given([]).when(express({ fromOrganisationId: 'org-pekara', from: { id: 'org-pekara', country: 'RS', active: true } })).thenThrows(InterestInOwnListing);
  });

  it('refuses interest in a listing that is not open, from an unknown organisation, or twice while one is pending', () => {
    given([]).when(express({ listing: { ...listing, open: false } })).thenThrows(ListingNotOpen);
    given([]).when(express({ from: undefined })).thenThrows(OrganisationNotRegistered);
    given([]).when(express({ pendingInterestId: 'interest-0' })).thenThrows(InterestAlreadyPending, { interestId: 'interest-0' });
  });

  it('refuses a reply deadline of today, in the past or more than 30 days ahead', () => {
    for (const replyBy of ['2026-12-01', '2026-11-20', '2026-12-32', '2027-01-01']) {
      given([]).when(express({ replyBy })).thenThrows(ReplyDeadlineOutOfRange, { earliest: '2026-12-02', latest: '2026-12-31' });
    }
  });
});

describe('answering, expiring and withdrawing', () => {
  it('is answered by the deadline, once', () => {
    const accepted: InterestEvent = { type: 'InterestAnswered', data: { interestId, answer: 'accepted', message: 'yes, from January', at: '2026-12-15T09:00:00.000Z' } };
    given([expressed]).when(answer('2026-12-15')).then([accepted]);
    given([expressed, accepted]).when(answer('2026-12-16', 'declined')).thenThrows(InterestNotPending, { status: 'accepted' });
  });

  it('cannot be answered after its deadline; the sweep then expires it, and only then', () => {
    given([expressed]).when(answer('2026-12-16')).thenThrows(InterestExpired);
    given([expressed]).when(expire('2026-12-15')).then([]);
    const expired: InterestEvent = { type: 'InterestExpired', data: { interestId, at: '2026-12-16T09:00:00.000Z' } };
    given([expressed]).when(expire('2026-12-16')).then([expired]);
    given([expressed, expired]).when(expire('2026-12-17')).then([]);
    given([expressed, expired]).when(answer('2026-12-17')).thenThrows(InterestNotPending, { status: 'expired' });
  });

  it('reads as expired once past its deadline, even before the sweep', () => {
    expect(interestStatusOn({ status: 'pending', replyBy: '2026-12-15' }, '2026-12-15')).toBe('pending');
    expect(interestStatusOn({ status: 'pending', replyBy: '2026-12-15' }, '2026-12-16')).toBe('expired');
    expect(interestStatusOn({ status: 'accepted', replyBy: '2026-12-15' }, '2026-12-16')).toBe('accepted');
  });

  it('is withdrawn by the interested side while pending; an unknown one is refused', () => {
    given([expressed]).when({ type: 'WithdrawInterest', data: { interestId }, metadata: at('2026-12-03') }).then([{ type: 'InterestWithdrawn', data: { interestId, at: '2026-12-03T09:00:00.000Z' } }]);
    given([]).when(answer('2026-12-03')).thenThrows(UnknownInterest);
  });
});
