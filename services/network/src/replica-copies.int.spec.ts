import { INestMicroservice } from '@nestjs/common';
import { CERTIFICATION_EVENT_SOURCE, CertificationEvents, NetworkEvents } from '@banat/contracts';
import { PublicEventPublisher } from '@banat/messaging';
import { eventually, httpGet, httpPost, programmeDay } from '@banat/testing';
import { NetworkReplicas, startNetworkReplicas } from '../test/network-replicas';
import { BrandHolderCopy } from './application/brand-holder-copy';
import { ListingIndex } from './application/listing-index';
import { MembershipCopy } from './application/membership-copy';
import { OutboxService } from './application/outbox.service';

const BAKERY = '2b3c4d5e-1111-4aaa-8aaa-000000000001';
const HOTEL = '2b3c4d5e-2222-4aaa-8aaa-000000000002';

/**
 * Two network replicas on one database (real NATS + FerretDB): each answers listing searches and matches, the members'
 * list and the brand holders' list from its own copies, which follow what the other one (and the outbox relay) writes.
 */
describe("network replicas: each one's copies of listings, memberships and brand holders follow the other's writes", () => {
  let p: NetworkReplicas;
  let replicas: INestMicroservice[] = [];
  let base: string;
  const auth: Record<string, Record<string, string>> = {};
  const offer = { kind: 'business-offer', title: 'Sourdough for hotels', description: 'Daily, by 6 am.', naceCodes: ['10.71'], niceClasses: [30], countriesWanted: [], languages: ['sr'], expiresOn: programmeDay(60) };

  beforeAll(async () => {
    p = await startNetworkReplicas(2, [[BAKERY, 'RS', 'RS-VO'], [HOTEL, 'RO', 'RO-TM']], { SEARCH_REFRESH_MS: '200' });
    ({ base, replicas } = p);
    auth.bakery = await p.bearer('milan', 'member', BAKERY);
    auth.hotel = await p.bearer('ana', 'member', HOTEL);
    auth.secretariat = await p.bearer('sec', 'secretariat');
  });

  afterAll(async () => p?.stop());

  const inEveryIndex = (id: string, day = programmeDay(0)) => replicas.every((r) => r.get(ListingIndex).open(day).some((d) => d._id === id));

  it('shows a listing published through either replica in both replicas\' searches within a second or so, and a withdrawal likewise', async () => {
    const published = await httpPost(`${base}/network/listings`, offer, auth.bakery);
    expect(published.status).toBe(201);
    const id = published.body.id as string;
    const started = Date.now();
    await eventually(async () => inEveryIndex(id) || undefined, 50, 100);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Through the gateway: each search lands on either replica, and every one of them finds it.
    for (let i = 0; i < 6; i++) {
      const page = await httpGet(`${base}/network/listings?kind=business-offer&nace=10&country=RS`);
      expect(page.body).toMatchObject({ total: 1, items: [{ id, status: 'published', title: offer.title }] });
    }
    expect((await httpGet(`${base}/network/listings?country=HU`)).body).toMatchObject({ total: 0, items: [] });

    expect((await httpPost(`${base}/network/listings/${id}/withdrawal`, {}, auth.bakery)).status).toBe(200);
    await eventually(async () => replicas.every((r) => !r.get(ListingIndex).open(programmeDay(0)).some((d) => d._id === id)) || undefined, 50, 100);
    for (let i = 0; i < 4; i++) expect((await httpGet(`${base}/network/listings?kind=business-offer`)).body.total).toBe(0);
    // A replica started now takes in open listings only: the withdrawn one (which never opens again) is not held at all.
    const late = await p.addReplica();
    expect(late.get(ListingIndex).size).toBe(0);
    expect((await httpGet(`${base}/network/listings/${id}`, auth.bakery)).body.status).toBe('withdrawn');
  });

  it("matches a request against offers another replica stored, and leaves expired offers out of searches and matches", async () => {
    const fresh = (await httpPost(`${base}/network/listings`, { ...offer, title: 'Rye bread' }, auth.bakery)).body.id as string;
    await eventually(async () => inEveryIndex(fresh) || undefined, 50, 100);
    const request = await httpPost(`${base}/network/listings`, { ...offer, kind: 'business-request', title: 'Bread for a hotel', countriesWanted: ['RS'], languages: ['ro'] }, auth.hotel);
    expect(request.status).toBe(201);
    for (let i = 0; i < 4; i++) {
      const matches = await httpGet(`${base}/network/listings/${request.body.id}/matches`);
      expect(matches.body.map((m: { offer: { id: string } }) => m.offer.id)).toEqual([fresh]);
    }
    // A day past the offer's last day, no index holds it open.
    for (const r of replicas) expect(r.get(ListingIndex).open(programmeDay(61)).map((d) => d._id)).not.toContain(fresh);
  });

  it("follows a change the outbox relay applied for a dead writer, seconds after it was decided (stamped when applied)", async () => {
    const [writer, other] = replicas;
    const id = '2b3c4d5e-5555-4aaa-8aaa-000000000005';
    const state = { _id: id, organisationId: BAKERY, organisationCountry: 'RS', kind: 'business-offer', title: 'Left by a crash', description: 'x', naceCodes: ['10.71'], niceClasses: [], countriesWanted: [], languages: ['sr'], expiresOn: programmeDay(10), status: 'published', publishedAt: new Date().toISOString(), version: 0 };
    const event = { id: `listing:${id}:1`, subject: NetworkEvents.listingPublished.subject, type: NetworkEvents.listingPublished.type, about: id, data: { listingId: id }, time: new Date().toISOString() };
    // Only the first step ran: the change is stored, the listing is not written. The relay takes it once it is 5 s old,
    // later than the other replica's read-backs of the time it was decided.
    await writer.get(OutboxService).store('listing', state, 0, [event]);
    await eventually(async () => {
      await writer.get(OutboxService).relay();
      return (await httpGet(`${base}/network/listings/${id}`)).status === 200 ? true : undefined;
    }, 200, 100);
    await eventually(async () => other.get(ListingIndex).open(programmeDay(0)).some((d) => d._id === id) || undefined, 50, 100);
  });

  it('lists a member approved through either replica from both replicas within a second or so', async () => {
    expect((await httpPost(`${base}/network/members`, { roles: ['partner'] }, auth.bakery)).status).toBe(201);
    // Applied, not yet approved: listed nowhere.
    for (let i = 0; i < 4; i++) expect((await httpGet(`${base}/network/members`)).body.total).toBe(0);
    const approved = await httpPost(`${base}/network/members/${BAKERY}/approval`, {}, auth.secretariat);
    expect(approved.body).toMatchObject({ status: 'active' });
    await eventually(async () => replicas.every((r) => r.get(MembershipCopy).page({}, 0, 20).entries.some((m) => m._id === BAKERY)) || undefined, 50, 100);
    for (let i = 0; i < 4; i++) {
      expect((await httpGet(`${base}/network/members?country=RS`)).body).toMatchObject({ total: 1, items: [{ organisationId: BAKERY, status: 'active', roles: ['partner'] }] });
      expect((await httpGet(`${base}/network/members?country=RO`)).body.total).toBe(0);
    }
  });

  it('lists a brand holder marked by either replica from both replicas, and takes it off both on suspension', async () => {
    const event = (kind: 'granted' | 'suspended', revision: number) => ({
      id: `certificate-MIB-2026-000501-${revision}`,
      subject: CertificationEvents[kind].subject,
      type: CertificationEvents[kind].type,
      about: 'MIB-2026-000501',
      data: { certificateNumber: 'MIB-2026-000501', holderOrganisationId: BAKERY, holderCountry: 'RS', holderRegion: 'RS-VO', schemeId: 'made-in-banat', schemeVersion: 1, products: [{ name: 'Sourdough', niceClass: 30 }], validFrom: '2026-01-05', validUntil: '2099-01-04', ...(kind === 'granted' ? {} : { reason: 'surveillance' }), at: '2026-01-05T09:00:00.000Z' },
    });
    const certification = new PublicEventPublisher(p.nc, CERTIFICATION_EVENT_SOURCE);
    const listed = async () => ((await httpGet(`${base}/network/brand-holders`)).body.items as { organisationId: string }[]).map((h) => h.organisationId);
    const inEveryCopy = (held: boolean) => replicas.every((r) => r.get(BrandHolderCopy).holdersOn(programmeDay(0)).some((h) => h._id === BAKERY) === held) || undefined;
    await certification.publish(event('granted', 0));
    await eventually(async () => inEveryCopy(true), 100, 100);
    for (let i = 0; i < 4; i++) expect(await listed()).toEqual([BAKERY]);
    for (let i = 0; i < 4; i++) expect(((await httpGet(`${base}/network/members?role=brand-holder`)).body.items as { organisationId: string }[]).map((m) => m.organisationId)).toEqual([BAKERY]);
    await certification.publish(event('suspended', 1));
    await eventually(async () => inEveryCopy(false), 100, 100);
    for (let i = 0; i < 4; i++) expect(await listed()).toEqual([]);
  });
});
