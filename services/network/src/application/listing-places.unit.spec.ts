import { derivedId } from '@banat/messaging';
import { ListingPlaces } from './listing-places';

describe("an organisation's places for open listings", () => {
  const listings = [{ version: 1 }, { version: 3 }, { version: 2 }];

  it('are named by the state of its listings: two changes decided on the same read name the same place', () => {
    expect(ListingPlaces.sequence(listings)).toBe(6);
    expect(derivedId('listing-place', 'org', ListingPlaces.sequence(listings))).toBe(derivedId('listing-place', 'org', ListingPlaces.sequence([...listings])));
  });

  it('never name a place twice: every listing change (a publication, a renewal, a withdrawal) moves the sequence on', () => {
    const published = [...listings, { version: 1 }];
    const renewed = listings.map((l, i) => (i === 0 ? { version: l.version + 1 } : l));
    for (const after of [published, renewed]) expect(ListingPlaces.sequence(after)).toBeGreaterThan(ListingPlaces.sequence(listings));
    expect(ListingPlaces.sequence([])).toBe(0);
  });
});
