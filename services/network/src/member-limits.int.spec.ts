import { INestMicroservice } from '@nestjs/common';
import { getModelToken } from '@nestjs/mongoose';
import { Model } from 'mongoose';
import { derivedId } from '@banat/messaging';
import { httpPost, programmeDay } from '@banat/testing';
import { NetworkReplicas, startNetworkReplicas } from '../test/network-replicas';
import { MAX_OPEN_LISTINGS, MAX_OPEN_PROPOSALS } from './domain';
import { InterestDocument } from './read-models/interest.schema';
import { ListingDocument } from './read-models/listing.schema';
import { ListingPlaceDocument } from './read-models/listing-place.schema';
import { ListingPlaces } from './application/listing-places';
import { Change } from './read-models/change.schema';
import { MeetingDocument } from './read-models/fair.schema';
import { MentoringDocument } from './read-models/mentoring.schema';
import { PartnershipDocument } from './read-models/partnership.schema';

const HOTEL = '6f1c8d2e-1111-4aaa-8aaa-000000000001';
const PEKARA = '6f1c8d2e-2222-4aaa-8aaa-000000000002';
const MUHELY = '6f1c8d2e-3333-4aaa-8aaa-000000000003';
const CLUSTER = '6f1c8d2e-4444-4aaa-8aaa-000000000004';

/** What one member's organisation may have awaiting others' answers (interests, proposals, meeting requests, open listings): bounded, also when sent at once to two replicas. */
describe('network: open proposals and meeting requests per organisation (real NATS + FerretDB, two replicas)', () => {
  let p: NetworkReplicas;
  let replicas: INestMicroservice[] = [];
  let base: string;
  const auth: Record<string, Record<string, string>> = {};
  const model = <T>(name: string) => replicas[0].get<Model<T>>(getModelToken(name));
  const mentoring = (i: number) => ({ kind: 'mentoring', menteeOrganisationId: PEKARA, from: programmeDay(0), until: programmeDay(120), goals: [`goal ${i}`] });
  const partnership = (i: number) => ({ kind: 'business', partnerOrganisationId: PEKARA, title: `Partnership ${i}`, from: programmeDay(0), until: programmeDay(365), goals: [`goal ${i}`] });

  beforeAll(async () => {
    p = await startNetworkReplicas(2, [[HOTEL, 'RO', 'RO-TM'], [PEKARA, 'RS', 'RS-VO'], [MUHELY, 'HU', 'HU-CS'], [CLUSTER, 'RO', 'RO-TM']]);
    ({ base, replicas } = p);
    auth.hotel = await p.bearer('ana', 'member', HOTEL);
    auth.pekara = await p.bearer('milan', 'member', PEKARA);
    auth.muhely = await p.bearer('zsofi', 'member', MUHELY);
    auth.cluster = await p.bearer('cl', 'member', CLUSTER);
    auth.secretariat = await p.bearer('sec', 'secretariat');
  });

  afterAll(async () => p?.stop());

  it('lets one of many simultaneous expressions by the same organisation through; the others get 409 or 422, never a second pending one', async () => {
    const offer = { kind: 'business-offer', title: 'Bread and pastry for hotels', description: '300 loaves a day.', naceCodes: ['10.71'], niceClasses: [30], countriesWanted: [], languages: ['sr', 'en'], expiresOn: programmeDay(90) };
    const listing = await httpPost(`${base}/network/listings`, offer, auth.pekara);
    expect(listing.status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => httpPost(`${base}/network/listings/${listing.body.id}/interests`, { message: `interested ${i}` }, auth.hotel)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
    const interests = replicas[0].get<Model<InterestDocument>>(getModelToken(InterestDocument.name));
    expect(await interests.countDocuments({ listingId: listing.body.id, fromOrganisationId: HOTEL, status: 'pending' })).toBe(1);
    // Once it is closed, a new one may be expressed.
    const pending = replies.find((r) => r.status === 201)!.body;
    const withdrawn = await httpPost(`${base}/network/interests/${pending.id}/withdrawal`, undefined, auth.hotel);
    expect([withdrawn.status, withdrawn.body]).toEqual([200, expect.objectContaining({ status: 'withdrawn' })]);
    const again = await httpPost(`${base}/network/listings/${listing.body.id}/interests`, { message: 'still interested' }, auth.hotel);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(pending.id);
  });

  it(`keeps at most ${MAX_OPEN_PROPOSALS} mentoring proposals of an organisation awaiting an answer: the next is a 422 TooManyOpenProposals, stores nothing; an answer makes room`, async () => {
    const url = `${base}/network/mentorings`;
    const made: string[] = [];
    for (let i = 0; i < MAX_OPEN_PROPOSALS; i++) {
      const reply = await httpPost(url, mentoring(i), auth.hotel);
      expect(reply.status).toBe(201);
      made.push(reply.body.id);
    }
    const changes = model<Change>(Change.name);
    const before = await changes.countDocuments();
    for (const [body, headers] of [[mentoring(99), auth.hotel], [{ ...mentoring(99), organisationId: HOTEL }, auth.secretariat]] as const) {
      const refused = await httpPost(url, body, headers);
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'RULE_VIOLATED', rule: 'TooManyOpenProposals', message: expect.stringContaining(`organisation ${HOTEL} already has ${MAX_OPEN_PROPOSALS} mentoring proposals awaiting an answer`) });
    }
    expect(await changes.countDocuments()).toBe(before);
    expect(await model<MentoringDocument>(MentoringDocument.name).countDocuments({ mentorOrganisationId: HOTEL })).toBe(MAX_OPEN_PROPOSALS);
    // Another organisation is not bound by the hotel's proposals.
    expect((await httpPost(url, mentoring(0), auth.muhely)).status).toBe(201);
    // The mentee declines one: room for one more.
    expect((await httpPost(`${url}/${made[0]}/answer`, { answer: 'declined' }, auth.pekara)).body.status).toBe('declined');
    const again = await httpPost(url, mentoring(100), auth.hotel);
    expect(again.status).toBe(201);
    expect(made).not.toContain(again.body.id);
    expect((await httpPost(url, mentoring(101), auth.hotel)).body.rule).toBe('TooManyOpenProposals');
  });

  it(`keeps at most ${MAX_OPEN_PROPOSALS} partnership proposals of an organisation awaiting an answer; an acceptance makes room`, async () => {
    const url = `${base}/network/partnerships`;
    const made: string[] = [];
    for (let i = 0; i < MAX_OPEN_PROPOSALS; i++) made.push((await httpPost(url, partnership(i), auth.hotel)).body.id);
    expect(new Set(made).size).toBe(MAX_OPEN_PROPOSALS);
    const refused = await httpPost(url, partnership(99), auth.hotel);
    expect(refused).toMatchObject({ status: 422, body: { rule: 'TooManyOpenProposals', message: expect.stringContaining(`${MAX_OPEN_PROPOSALS} partnership proposals`) } });
    expect((await httpPost(`${url}/${made[3]}/acceptance`, undefined, auth.pekara)).body.status).toBe('active');
    expect((await httpPost(url, partnership(100), auth.hotel)).status).toBe(201);
  });

  it('lets one of many proposals sent at once through when one place is left; the others get 409 or 422, never more open than the bound', async () => {
    for (const [path, body, model$, field] of [
      ['mentorings', mentoring, MentoringDocument.name, 'mentorOrganisationId'],
      ['partnerships', partnership, PartnershipDocument.name, 'proposerOrganisationId'],
    ] as const) {
      const url = `${base}/network/${path}`;
      for (let i = 0; i < MAX_OPEN_PROPOSALS - 1; i++) expect((await httpPost(url, body(i), auth.cluster)).status).toBe(201);
      const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => httpPost(url, body(50 + i), auth.cluster)));
      expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
      for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
      expect(await model<Record<string, unknown>>(model$).countDocuments({ [field]: CLUSTER, status: 'proposed' })).toBe(MAX_OPEN_PROPOSALS);
      expect((await httpPost(url, body(99), auth.cluster)).body.rule).toBe('TooManyOpenProposals');
    }
  });

  it('lets the proposing organisation withdraw a proposal no one answered, which makes room under the bound; not the other side (403), not once answered (422)', async () => {
    for (const [path, body, notInStatus] of [
      ['mentorings', mentoring, 'MentoringNotInStatus'],
      ['partnerships', partnership, 'PartnershipNotInStatus'],
    ] as const) {
      const url = `${base}/network/${path}`;
      const made: string[] = [];
      for (let i = 0, reply = await httpPost(url, body(200), auth.muhely); reply.status === 201; reply = await httpPost(url, body(201 + i++), auth.muhely)) made.push(reply.body.id);
      expect((await httpPost(url, body(300), auth.muhely)).body.rule).toBe('TooManyOpenProposals');
      const last = made.at(-1)!;
      expect((await httpPost(`${url}/${last}/withdrawal`, undefined, auth.pekara)).status).toBe(403); // only the proposer
      expect((await httpPost(`${url}/${last}/withdrawal`, undefined, auth.hotel)).status).toBe(404);
      expect((await httpPost(`${url}/${last}/withdrawal`, undefined, auth.muhely)).body).toMatchObject({ status: 'withdrawn', version: 2 });
      expect(await httpPost(`${url}/${last}/withdrawal`, undefined, auth.muhely)).toMatchObject({ status: 422, body: { code: 'RULE_VIOLATED', rule: notInStatus } });
      const again = await httpPost(url, body(301), auth.muhely);
      expect(again.status).toBe(201); // the withdrawn one no longer counts
      // Answered: too late to withdraw.
      const answered = path === 'mentorings' ? await httpPost(`${url}/${again.body.id}/answer`, { answer: 'accepted' }, auth.pekara) : await httpPost(`${url}/${again.body.id}/acceptance`, undefined, auth.pekara);
      expect(answered.body.status).toBe('active');
      expect(await httpPost(`${url}/${again.body.id}/withdrawal`, undefined, auth.secretariat)).toMatchObject({ status: 422, body: { rule: notInStatus, details: { status: 'active', needed: 'proposed' } } });
    }
  });

  it('takes one request for a meeting with a participant at a slot while it awaits its answer, also when sent many times at once; an answer makes room', async () => {
    const fair = await httpPost(`${base}/network/fairs`, { name: 'Banat B2B days', date: programmeDay(30), opensAt: '09:00', closesAt: '10:00', slotMinutes: 30, tables: 3 }, auth.secretariat);
    expect(fair.status).toBe(201);
    const url = `${base}/network/fairs/${fair.body.id}`;
    for (const who of [auth.hotel, auth.pekara, auth.muhely]) expect((await httpPost(`${url}/participants`, { availableSlots: ['09:00', '09:30'] }, who)).status).toBe(200);
    const replies = await Promise.all(Array.from({ length: 8 }, (_, i) => httpPost(`${url}/meetings`, { withOrganisationId: PEKARA, slot: '09:00', message: `hello ${i}` }, auth.hotel)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
    const meetings = model<MeetingDocument>(MeetingDocument.name);
    expect(await meetings.countDocuments({ fairId: fair.body.id, requesterOrganisationId: HOTEL, inviteeOrganisationId: PEKARA, slot: '09:00', status: 'requested' })).toBe(1);
    expect((await httpPost(`${url}/meetings`, { withOrganisationId: PEKARA, slot: '09:00' }, auth.hotel)).body.rule).toBe('MeetingAlreadyRequested');
    // Another slot, or another participant, is another request.
    expect((await httpPost(`${url}/meetings`, { withOrganisationId: PEKARA, slot: '09:30' }, auth.hotel)).status).toBe(201);
    expect((await httpPost(`${url}/meetings`, { withOrganisationId: MUHELY, slot: '09:00' }, auth.hotel)).status).toBe(201);
    // Declined: it may be asked again.
    const first = replies.find((r) => r.status === 201)!.body;
    expect((await httpPost(`${base}/network/meetings/${first.id}/refusal`, {}, auth.pekara)).body.status).toBe('declined');
    expect((await httpPost(`${url}/meetings`, { withOrganisationId: PEKARA, slot: '09:00' }, auth.hotel)).status).toBe(201);
  });

  it(`lets one of many listings published at once through when one of ${MAX_OPEN_LISTINGS} open places is left; never more open than the bound`, async () => {
    const url = `${base}/network/listings`;
    const listing = (i: number) => ({ kind: 'business-request', title: `Request ${i}`, description: 'Flour, 2 t a week.', naceCodes: ['10.61'], niceClasses: [30], countriesWanted: [], languages: ['hu', 'en'], expiresOn: programmeDay(90) });
    for (let i = 0; i < MAX_OPEN_LISTINGS - 1; i++) expect((await httpPost(url, listing(i), auth.muhely)).status).toBe(201);
    const replies = await Promise.all(Array.from({ length: 10 }, (_, i) => httpPost(url, listing(100 + i), auth.muhely)));
    expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 201)) expect([409, 422]).toContain(reply.status);
    expect(await model<ListingDocument>(ListingDocument.name).countDocuments({ organisationId: MUHELY, status: 'published' })).toBe(MAX_OPEN_LISTINGS);
    expect((await httpPost(url, listing(999), auth.muhely)).body.rule).toBe('TooManyOpenListings');
  });

  it(`lets one of many renewals of different expired listings sent at once take the last of ${MAX_OPEN_LISTINGS} open places; the others are refused (422 TooManyOpenListings, or 409), never more open than the bound`, async () => {
    const url = `${base}/network/listings`;
    const listing = (i: number) => ({ kind: 'technology-request', title: `Request ${i}`, description: 'A bakery oven controller.', naceCodes: ['10.71'], niceClasses: [], countriesWanted: [], languages: ['ro', 'en'], expiresOn: programmeDay(90) });
    const ids: string[] = [];
    for (let i = 0; i < MAX_OPEN_LISTINGS; i++) {
      const reply = await httpPost(url, listing(i), auth.hotel);
      expect(reply.status).toBe(201);
      ids.push(reply.body.id);
    }
    const listings = model<ListingDocument>(ListingDocument.name);
    const expired = ids.slice(0, 10);
    await listings.updateMany({ _id: { $in: expired } }, { $set: { expiresOn: programmeDay(-1) } }); // their last day has passed
    for (let i = 0; i < 9; i++) expect((await httpPost(url, listing(100 + i), auth.hotel)).status).toBe(201);
    const open = () => listings.countDocuments({ organisationId: HOTEL, status: 'published', expiresOn: { $gte: programmeDay(0) } });
    expect(await open()).toBe(MAX_OPEN_LISTINGS - 1);
    const replies = await Promise.all(expired.map((id) => httpPost(`${url}/${id}/renewal`, { expiresOn: programmeDay(60) }, auth.hotel)));
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    for (const reply of replies.filter((r) => r.status !== 200)) {
      expect([409, 422]).toContain(reply.status);
      if (reply.status === 422) expect(reply.body.rule).toBe('TooManyOpenListings');
    }
    expect(await open()).toBe(MAX_OPEN_LISTINGS);
    const still = expired.filter((id) => replies[expired.indexOf(id)].status !== 200);
    expect((await httpPost(`${url}/${still[0]}/renewal`, { expiresOn: programmeDay(60) }, auth.hotel)).body.rule).toBe('TooManyOpenListings');
  });

  it('respects a place claimed by a change in flight (409, nothing stored) and takes over one whose writer died before storing its change', async () => {
    const url = `${base}/network/listings`;
    const request = { kind: 'business-request', title: 'Rye flour', description: '1 t a month.', naceCodes: ['10.61'], niceClasses: [], countriesWanted: [], languages: ['sr'], expiresOn: programmeDay(30) };
    const listings = model<ListingDocument>(ListingDocument.name);
    const places = model<ListingPlaceDocument>(ListingPlaceDocument.name);
    const _id = derivedId('listing-place', PEKARA, ListingPlaces.sequence(await listings.find({ organisationId: PEKARA }, { version: 1 }).lean()));
    await places.create({ _id, organisationId: PEKARA, changeId: 'listing:never-stored:1', at: new Date().toISOString() });
    const before = await listings.countDocuments({ organisationId: PEKARA });
    expect((await httpPost(url, request, auth.pekara)).status).toBe(409);
    expect(await listings.countDocuments({ organisationId: PEKARA })).toBe(before);
    await places.updateOne({ _id }, { $set: { at: new Date(Date.now() - 60_000).toISOString() } }); // its writer died a minute ago
    const taken = await httpPost(url, request, auth.pekara);
    expect(taken.status).toBe(201);
    expect((await places.findById(_id).lean())?.changeId).toBe(`listing:${taken.body.id}:1`);
  });
});
