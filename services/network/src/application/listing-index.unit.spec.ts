import { pageInOrder } from '@banat/messaging';
import { ListingDocument } from '../read-models/listing.schema';
import { isOpen, listingMatches, newestFirst } from './listing-index';

const listing = (id: string, fields: Partial<ListingDocument> = {}): ListingDocument => ({
  _id: id,
  organisationId: 'org-a',
  organisationCountry: 'RO',
  kind: 'business-offer',
  title: id,
  description: '',
  naceCodes: ['10.71'],
  niceClasses: [30],
  countriesWanted: [],
  languages: ['ro'],
  expiresOn: '2027-03-01',
  status: 'published',
  publishedAt: '2026-12-01T10:00:00.000Z',
  version: 1,
  ...fields,
});

describe("the listing index's filters and order (pure)", () => {
  const day = '2026-12-03';

  it('holds a listing open while published and up to its last day, that day included', () => {
    expect(isOpen(listing('a', { expiresOn: day }), day)).toBe(true);
    expect(isOpen(listing('a', { expiresOn: '2026-12-02' }), day)).toBe(false);
    expect(isOpen(listing('a', { status: 'withdrawn' }), day)).toBe(false);
  });

  it('keeps a listing only when every filter asked for fits', () => {
    const doc = listing('a', { kind: 'business-request', organisationCountry: 'RS', niceClasses: [30, 43], naceCodes: ['56.10', '10.71'], organisationId: 'org-b' });
    expect(listingMatches(doc, day, {})).toBe(true);
    expect(listingMatches(doc, day, { kind: 'business-request', country: 'RS', niceClass: 43, nace: /^10\.7/, notOrganisationId: 'org-a' })).toBe(true);
    expect(listingMatches(doc, day, { kind: 'business-offer' })).toBe(false);
    expect(listingMatches(doc, day, { kinds: ['technology-request', 'business-request'] })).toBe(true);
    expect(listingMatches(doc, day, { kinds: ['technology-request'] })).toBe(false);
    expect(listingMatches(doc, day, { country: 'HU' })).toBe(false);
    expect(listingMatches(doc, day, { niceClass: 29 })).toBe(false);
    expect(listingMatches(doc, day, { nace: /^62/ })).toBe(false);
    expect(listingMatches(doc, day, { notOrganisationId: 'org-b' })).toBe(false);
    expect(listingMatches(listing('b', { expiresOn: '2026-12-01' }), day, {})).toBe(false);
  });

  it('pages newest first, ties by id, without overlap or gaps', () => {
    const docs = [
      listing('c', { publishedAt: '2026-12-02T08:00:00.000Z' }),
      listing('a', { publishedAt: '2026-12-01T08:00:00.000Z' }),
      listing('b', { publishedAt: '2026-12-02T08:00:00.000Z' }),
      listing('d', { publishedAt: '2026-12-03T08:00:00.000Z' }),
    ];
    expect([...docs].sort(newestFirst).map((d) => d._id)).toEqual(['d', 'b', 'c', 'a']);
    const first = pageInOrder(docs, newestFirst, 0, 2);
    const second = pageInOrder(docs, newestFirst, 2, 2);
    expect(first.total).toBe(4);
    expect([...first.entries, ...second.entries].map((d) => d._id)).toEqual(['d', 'b', 'c', 'a']);
  });
});
