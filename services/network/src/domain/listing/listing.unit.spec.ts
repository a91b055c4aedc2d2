import { deciderSpecificationFor } from '../shared/decider-spec';
import { OrganisationNotRegistered } from '../shared/rule-violation';
import { ListingEvent } from './listing';
import { ListingCommand } from './listing.commands';
import { listingDecider } from './listing.decide';
import {
  ExpiryInPast,
  ExpiryNotADay,
  ExpiryTooFar,
  ListingAlreadyPublished,
  ListingNotClassified,
  ListingNotPublished,
  ListingWithdrawn,
  MAX_OPEN_LISTINGS,
  RenewalNotLater,
  TooManyOpenListings,
  UnknownNaceCode,
  UnknownNiceClass,
} from './listing.errors';

const given = deciderSpecificationFor(listingDecider);
const listingId = 'listing-1';
const bakery = { id: 'org-bakery', country: 'RO', active: true };
const now = '2026-12-01T10:00:00.000Z';
const member = { now, actor: 'ion', role: 'member', org: bakery.id };

const content = {
  listingId,
  organisationId: bakery.id,
  kind: 'business-offer' as const,
  title: 'Sourdough bread for hotels',
  description: 'Daily deliveries in Timiș and across the border.',
  naceCodes: ['1071'],
  niceClasses: [30],
  countriesWanted: ['RS'],
  languages: ['ro' as const, 'en' as const],
  expiresOn: '2027-06-30',
};
const publish = (changes: Partial<typeof content> = {}, organisation: typeof bakery | null = bakery, at = now): ListingCommand => ({
  type: 'PublishListing',
  data: { ...content, ...changes, organisation: organisation ?? undefined },
  metadata: { ...member, now: at },
});
const published: ListingEvent = {
  type: 'ListingPublished',
  data: { ...content, naceCodes: ['10.71'], organisationCountry: 'RO', at: now },
};
const renew = (expiresOn: string, at = '2027-06-01T08:00:00.000Z', openListings = 0): ListingCommand => ({ type: 'RenewListing', data: { listingId, expiresOn, openListings }, metadata: { ...member, now: at } });
const withdraw = (at = '2027-01-10T08:00:00.000Z'): ListingCommand => ({ type: 'WithdrawListing', data: { listingId }, metadata: { ...member, now: at } });
const withdrawn: ListingEvent = { type: 'ListingWithdrawn', data: { listingId, at: '2027-01-10T08:00:00.000Z' } };

describe('publishing a listing', () => {
  it('publishes it with its NACE codes in dotted form and the country of its organisation', () => {
    given([]).when(publish()).then([published]);
  });

  it('accepts a last day of today and of a year ahead', () => {
    given([]).when(publish({ expiresOn: '2026-12-01' })).then([{ ...published, data: { ...published.data, expiresOn: '2026-12-01' } }]);
    given([]).when(publish({ expiresOn: '2027-12-01' })).then([{ ...published, data: { ...published.data, expiresOn: '2027-12-01' } }]);
  });

  it('refuses an unknown NACE code, naming it', () => {
    given([]).when(publish({ naceCodes: ['10.71', '40.11'] })).thenThrows(UnknownNaceCode, { code: '40.11' });
  });

  it('refuses a Nice class outside 1 to 45', () => {
    given([]).when(publish({ niceClasses: [30, 46] })).thenThrows(UnknownNiceClass, { niceClass: 46 });
  });

  it('refuses a listing with neither NACE code nor Nice class', () => {
    given([]).when(publish({ naceCodes: [], niceClasses: [] })).thenThrows(ListingNotClassified);
  });

  it('refuses a last day in the past, one more than a year ahead, and one that is no day', () => {
    given([]).when(publish({ expiresOn: '2026-11-30' })).thenThrows(ExpiryInPast, { today: '2026-12-01' });
    given([]).when(publish({ expiresOn: '2027-12-02' })).thenThrows(ExpiryTooFar, { latest: '2027-12-01' });
    given([]).when(publish({ expiresOn: '2027-02-30' })).thenThrows(ExpiryNotADay);
    given([]).when(publish({ expiresOn: '2027-13-45' })).thenThrows(ExpiryNotADay);
  });

  it("counts today in the programme's time zone (Europe/Bucharest), not in UTC", () => {
    // 22:30 UTC on 1 December is already 2 December in Bucharest: the 1st is past there, the 2nd is today.
    given([]).when(publish({ expiresOn: '2026-12-01' }, bakery, '2026-12-01T22:30:00.000Z')).thenThrows(ExpiryInPast, { today: '2026-12-02' });
    given([]).when(publish({ expiresOn: '2026-12-02' }, bakery, '2026-12-01T22:30:00.000Z')).then([{ type: 'ListingPublished', data: { ...content, naceCodes: ['10.71'], organisationCountry: 'RO', expiresOn: '2026-12-02', at: '2026-12-01T22:30:00.000Z' } }]);
    // A year ahead is counted from Bucharest's today too.
    given([]).when(publish({ expiresOn: '2027-12-03' }, bakery, '2026-12-01T22:30:00.000Z')).thenThrows(ExpiryTooFar, { latest: '2027-12-02' });
  });

  it('refuses an organisation the directory does not know, or a deactivated one', () => {
    given([]).when(publish({}, null)).thenThrows(OrganisationNotRegistered, { organisationId: bakery.id });
    given([]).when(publish({}, { ...bakery, active: false })).thenThrows(OrganisationNotRegistered);
  });

  it('refuses to publish the same listing twice', () => {
    given([published]).when(publish()).thenThrows(ListingAlreadyPublished);
  });
});

describe('renewing and withdrawing a listing', () => {
  it('renews to a later last day, even after it expired', () => {
    given([published]).when(renew('2027-12-31')).then([{ type: 'ListingRenewed', data: { listingId, expiresOn: '2027-12-31', at: '2027-06-01T08:00:00.000Z' } }]);
    given([published]).when(renew('2027-09-30', '2027-07-15T08:00:00.000Z')).then([{ type: 'ListingRenewed', data: { listingId, expiresOn: '2027-09-30', at: '2027-07-15T08:00:00.000Z' } }]);
  });

  it(`refuses to reopen an expired listing while the organisation has ${MAX_OPEN_LISTINGS} open (the bound on publishing, passed by letting listings expire and renewing them)`, () => {
    given([published]).when(renew('2027-09-30', '2027-07-15T08:00:00.000Z', MAX_OPEN_LISTINGS)).thenThrows(TooManyOpenListings, { max: MAX_OPEN_LISTINGS });
    given([published]).when(renew('2027-09-30', '2027-07-15T08:00:00.000Z', MAX_OPEN_LISTINGS - 1)).then([{ type: 'ListingRenewed', data: { listingId, expiresOn: '2027-09-30', at: '2027-07-15T08:00:00.000Z' } }]);
    // Still open, it is already counted: renewing it opens nothing more.
    given([published]).when(renew('2027-12-31', '2027-06-01T08:00:00.000Z', MAX_OPEN_LISTINGS)).then([{ type: 'ListingRenewed', data: { listingId, expiresOn: '2027-12-31', at: '2027-06-01T08:00:00.000Z' } }]);
  });

  it('refuses a renewal that is not later, in the past or too far', () => {
    given([published]).when(renew('2027-06-30')).thenThrows(RenewalNotLater, { current: '2027-06-30' });
    given([published]).when(renew('2027-05-31')).thenThrows(ExpiryInPast);
    given([published]).when(renew('2028-06-02')).thenThrows(ExpiryTooFar);
  });

  it('refuses to renew a withdrawn or unknown listing', () => {
    given([published, withdrawn]).when(renew('2027-12-31')).thenThrows(ListingWithdrawn);
    given([]).when(renew('2027-12-31')).thenThrows(ListingNotPublished);
  });

  it('withdraws once; a second withdrawal changes nothing', () => {
    given([published]).when(withdraw()).then([withdrawn]);
    given([published, withdrawn]).when(withdraw()).then([]);
    given([]).when(withdraw()).thenThrows(ListingNotPublished);
  });
});
