import { ListingKind } from '@banat/contracts';
import { ANSWERED_BY, matchOffer, POINTS, PublishedListing, rankOffers, requestKindsAnsweredBy, requestsAnswered } from './matching';

const today = '2026-12-01';
let n = 0;
const listing = (kind: ListingKind, changes: Partial<PublishedListing> = {}): PublishedListing => ({
  listingId: `listing-${++n}`,
  organisationId: `org-${n}`,
  organisationCountry: 'RO',
  kind,
  title: kind,
  description: kind,
  naceCodes: [],
  niceClasses: [],
  countriesWanted: [],
  languages: ['ro'],
  expiresOn: '2027-06-30',
  status: 'published',
  publishedAt: '2026-11-01T10:00:00.000Z',
  ...changes,
});

// A Timiș hotel asks for bread from Serbia; bakeries offer.
const request = listing('business-request', { organisationCountry: 'RO', naceCodes: ['10.71'], niceClasses: [30], countriesWanted: ['RS'], languages: ['ro', 'en'] });
const novisad = listing('business-offer', { organisationCountry: 'RS', naceCodes: ['10.71'], niceClasses: [30], languages: ['sr', 'en'] });

describe('which offers fit a request', () => {
  it('an offer with the same NACE class and Nice class, in a wanted country, fits with every reason and its points', () => {
    const match = matchOffer(request, novisad, today)!;
    expect(match.reasons).toEqual([
      { kind: 'nace', detail: 'NACE 10.71 asked and offered', points: POINTS.naceSame },
      { kind: 'nice', detail: 'Nice class 30 asked and offered', points: POINTS.nice },
      { kind: 'country-wanted', detail: 'RS is a country the request wants', points: POINTS.countryWanted },
      { kind: 'cross-border', detail: 'RS to RO across the border', points: POINTS.crossBorder },
      { kind: 'language', detail: 'both work in en', points: POINTS.language },
    ]);
    expect(match.score).toBe(4 + 3 + 2 + 1 + 1);
  });

  it('a broader or narrower NACE code fits with fewer points', () => {
    const broader = matchOffer(request, { ...novisad, naceCodes: ['10'], niceClasses: [] }, today)!;
    expect(broader.reasons[0]).toEqual({ kind: 'nace', detail: 'NACE 10.71 asked, 10 offered', points: POINTS.naceRelated });
    const sectionAsked = matchOffer({ ...request, naceCodes: ['C'], niceClasses: [] }, { ...novisad, niceClasses: [] }, today)!;
    expect(sectionAsked.reasons[0]).toEqual({ kind: 'nace', detail: 'NACE C asked, 10.71 offered', points: POINTS.naceRelated });
  });

  it('an offer with no code in common does not fit', () => {
    expect(matchOffer(request, { ...novisad, naceCodes: ['62.01'], niceClasses: [42] }, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, naceCodes: ['10.81'], niceClasses: [] }, today)).toBeUndefined();
  });

  it('an offer from a country the request does not want, or that does not want the requester\'s country, does not fit', () => {
    expect(matchOffer(request, { ...novisad, organisationCountry: 'HU' }, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, countriesWanted: ['HU'] }, today)).toBeUndefined();
    expect(matchOffer({ ...request, countriesWanted: [] }, { ...novisad, organisationCountry: 'HU', countriesWanted: ['RO'] }, today)).toBeDefined();
  });

  it('only an answering kind fits: a business request is not answered by a technology offer', () => {
    expect(matchOffer(request, { ...novisad, kind: 'technology-offer' }, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, kind: 'business-request' }, today)).toBeUndefined();
    expect(ANSWERED_BY['research-partner-search']).toEqual(['research-partner-search', 'technology-offer']);
    expect(requestKindsAnsweredBy('technology-offer')).toEqual(['technology-request', 'research-partner-search']);
    expect(requestKindsAnsweredBy('business-request')).toEqual([]);
  });

  it('an organisation\'s own offer, an expired or a withdrawn one never fits, nor does an expired request', () => {
    expect(matchOffer(request, { ...novisad, organisationId: request.organisationId }, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, expiresOn: '2026-11-30' }, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, status: 'withdrawn' }, today)).toBeUndefined();
    expect(matchOffer({ ...request, expiresOn: '2026-11-30' }, novisad, today)).toBeUndefined();
    expect(matchOffer(request, { ...novisad, expiresOn: today }, today)).toBeDefined();
  });
});

describe('ranking', () => {
  it('puts the best fit first, then the most recent, then by id; leaves out what does not fit', () => {
    const related = listing('business-offer', { organisationCountry: 'RS', naceCodes: ['10'] });
    const sameOlder = { ...novisad, listingId: 'z-older', publishedAt: '2026-10-01T00:00:00.000Z' };
    const sameNewer = { ...novisad, listingId: 'y-newer', publishedAt: '2026-11-20T00:00:00.000Z' };
    const sameNewerB = { ...sameNewer, listingId: 'x-newer' };
    const misfit = listing('business-offer', { organisationCountry: 'RS', naceCodes: ['62.01'] });
    const ranked = rankOffers(request, [related, sameOlder, misfit, sameNewer, sameNewerB], today);
    expect(ranked.map((m) => m.offer.listingId)).toEqual(['x-newer', 'y-newer', 'z-older', related.listingId]);
    expect(ranked.map((m) => m.score)).toEqual([11, 11, 11, POINTS.naceRelated + POINTS.countryWanted + POINTS.crossBorder + POINTS.language]);
  });

  it('a new offer is matched against the open requests it answers, each with its requester', () => {
    const other = listing('business-request', { organisationCountry: 'HU', niceClasses: [30] });
    const techRequest = listing('technology-request', { naceCodes: ['10.71'] });
    const expired = { ...request, listingId: 'expired', expiresOn: '2026-01-01' };
    const matches = requestsAnswered(novisad, [request, other, techRequest, expired], today);
    expect(matches.map((m) => [m.request.listingId, m.request.organisationId])).toEqual([
      [request.listingId, request.organisationId],
      [other.listingId, other.organisationId],
    ]);
  });
});
