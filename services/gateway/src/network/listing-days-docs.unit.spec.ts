import 'reflect-metadata';
import { ExpressInterestBodyDto, PROGRAMME_DAY_TIME_ZONE, programmeToday, PublishListingBodyDto, RenewListingBodyDto } from '@banat/contracts';

/** What the OpenAPI document says of a body field (@ApiProperty's metadata, as the document is built from). */
const described = (dto: new () => object, field: string): string | undefined =>
  (Reflect.getMetadata('swagger/apiModelProperties', dto.prototype, field) as { description?: string } | undefined)?.description;

describe("the OpenAPI document tells listings' days as the network counts them: days in the programme's time zone", () => {
  it('counts them in Europe/Bucharest (the network takes today from programmeToday): 22:30 UTC on 1 December is 2 December there', () => {
    expect(PROGRAMME_DAY_TIME_ZONE).toBe('Europe/Bucharest');
    expect(programmeToday(new Date('2026-12-01T22:30:00Z'))).toBe('2026-12-02');
  });

  it.each([
    ['PublishListingBodyDto', 'expiresOn', PublishListingBodyDto],
    ['RenewListingBodyDto', 'expiresOn', RenewListingBodyDto],
    ['ExpressInterestBodyDto', 'replyBy', ExpressInterestBodyDto],
  ] as const)('%s.%s names Europe/Bucharest, never UTC', (_, field, dto) => {
    const description = described(dto, field);
    expect(description).toContain(PROGRAMME_DAY_TIME_ZONE);
    expect(description).not.toMatch(/\bUTC\b/);
  });
});
