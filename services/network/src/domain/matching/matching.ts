/**
 * Which offers fit a request, and how well: pure, so the ranking is tested without a database.
 * An offer fits when its kind answers the request's, both are open, they come from different
 * organisations, they share a NACE code (one within the other) or a Nice class, and each side's
 * organisation is in a country the other wants (if it names any).
 */
import type { ListingKind, MatchReason } from '@banat/contracts';
import { naceCodeMatches } from '@banat/contracts';
import { isOpen, Listing } from '../listing/listing';

export type PublishedListing = Extract<Listing, { status: 'published' | 'withdrawn' }>;

/** Which kinds of listing answer each request. A research partner search is answered by another, or by a technology offer. */
export const ANSWERED_BY: Readonly<Record<ListingKind, readonly ListingKind[]>> = {
  'business-request': ['business-offer'],
  'technology-request': ['technology-offer'],
  'research-partner-search': ['research-partner-search', 'technology-offer'],
  'business-offer': [],
  'technology-offer': [],
};

/** Kinds that look for partners: a new listing of an answering kind is matched against them. */
export const SEEKING_KINDS = (Object.keys(ANSWERED_BY) as ListingKind[]).filter((k) => ANSWERED_BY[k].length > 0);

/** Requests a newly published listing of this kind may answer. */
export const requestKindsAnsweredBy = (kind: ListingKind): ListingKind[] => SEEKING_KINDS.filter((k) => ANSWERED_BY[k].includes(kind));

export const POINTS = { naceSame: 4, naceRelated: 2, nice: 3, countryWanted: 2, crossBorder: 1, language: 1 } as const;

export interface Match {
  request: PublishedListing;
  offer: PublishedListing;
  score: number;
  reasons: MatchReason[];
}

/** How the offer's NACE codes meet the request's: the same code, or one within the other (10 and 10.71). */
function naceReasons(request: PublishedListing, offer: PublishedListing): MatchReason[] {
  return request.naceCodes.flatMap((asked): MatchReason[] => {
    if (offer.naceCodes.includes(asked)) return [{ kind: 'nace', detail: `NACE ${asked} asked and offered`, points: POINTS.naceSame }];
    const related = offer.naceCodes.find((given) => naceCodeMatches(given, asked) || naceCodeMatches(asked, given));
    return related ? [{ kind: 'nace', detail: `NACE ${asked} asked, ${related} offered`, points: POINTS.naceRelated }] : [];
  });
}

const wants = (wanted: readonly string[], country: string) => wanted.length === 0 || wanted.includes(country);

/** The match of one offer with one request, or undefined when it does not fit. */
export function matchOffer(request: PublishedListing, offer: PublishedListing, today: string): Match | undefined {
  if (!ANSWERED_BY[request.kind].includes(offer.kind)) return undefined;
  if (request.listingId === offer.listingId || request.organisationId === offer.organisationId) return undefined;
  if (!isOpen(request, today) || !isOpen(offer, today)) return undefined;
  if (!wants(request.countriesWanted, offer.organisationCountry) || !wants(offer.countriesWanted, request.organisationCountry)) return undefined;
  const codes = [
    ...naceReasons(request, offer),
    ...request.niceClasses.filter((c) => offer.niceClasses.includes(c)).map((c): MatchReason => ({ kind: 'nice', detail: `Nice class ${c} asked and offered`, points: POINTS.nice })),
  ];
  if (codes.length === 0) return undefined;
  const reasons: MatchReason[] = [...codes];
  if (request.countriesWanted.length > 0) reasons.push({ kind: 'country-wanted', detail: `${offer.organisationCountry} is a country the request wants`, points: POINTS.countryWanted });
  if (request.organisationCountry !== offer.organisationCountry) reasons.push({ kind: 'cross-border', detail: `${offer.organisationCountry} to ${request.organisationCountry} across the border`, points: POINTS.crossBorder });
  for (const language of request.languages.filter((l) => offer.languages.includes(l))) reasons.push({ kind: 'language', detail: `both work in ${language}`, points: POINTS.language });
  return { request, offer, score: reasons.reduce((sum, r) => sum + r.points, 0), reasons };
}

/** Best first; on a tie the more recently published offer, then by id so the order is stable. */
const byRank = (a: Match, b: Match) => b.score - a.score || b.offer.publishedAt.localeCompare(a.offer.publishedAt) || a.offer.listingId.localeCompare(b.offer.listingId);

/** The offers that fit a request, ranked. */
export function rankOffers(request: PublishedListing, offers: readonly PublishedListing[], today: string): Match[] {
  return offers.flatMap((offer) => matchOffer(request, offer, today) ?? []).sort(byRank);
}

/** The open requests a newly published listing fits: each requester is to be told. */
export function requestsAnswered(offer: PublishedListing, requests: readonly PublishedListing[], today: string): Match[] {
  return requests.flatMap((request) => matchOffer(request, offer, today) ?? []);
}
