import { parse } from 'csv-parse/sync';
import { createService } from '@banat/messaging';
import { PUBLIC_STREAM } from '@banat/messaging';
import { eventually } from '@banat/testing';
import { NetworkModule } from '../../../network/src/network.module';
import { reviewedFile } from '../../../certification/test/certification-scenarios';
import { CertificationPlatform, startCertificationPlatform } from '../../../certification/test/certification-test-platform';
import { EventsModule } from '../events.module';
import { programmeDay } from './domain/facts';

const DAY_MS = 86_400_000;
/** A programme day `offset` days from today. */
const day = (offset: number) => programmeDay(new Date(Date.now() + offset * DAY_MS));

/**
 * A small programme driven through the real services (registry, certification, network, events and
 * the gateway on a real nats-server and FerretDB): organisations, applications and a grant, network
 * members (one leaves), a mentoring pair, a partnership, a B2B meeting at a fair, two events with
 * registrations and check-ins, a satisfaction survey. Then every indicator, its breakdowns, as of
 * different days, its drill-down to records and their events on BANAT_PUBLIC, the CSV and HTML
 * report, bad queries, and a rebuild from the stream that gives the same figures.
 */
describe('reporting: programme indicators from every service\'s public events (real servers)', () => {
  let p: CertificationPlatform;
  const orgs: Record<string, string> = {};
  const secretariat = () => p.as('sec-ana', 'secretariat');
  const auditor = () => p.as('aud-eva', 'auditor');
  const member = (org: string) => p.as(`member-${org}`, 'member', orgs[org]);
  /** The body of a success (200 or 201); anything else fails with what the platform said. */
  const ok = async (reply: Promise<{ status: number; body: any }>, status?: number) => {
    const r = await reply;
    if (status ? r.status !== status : r.status !== 200 && r.status !== 201) throw new Error(`expected ${status ?? '200/201'}, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const period = () => `from=${day(0)}&to=${day(40)}`;
  const figure = async (indicator: string, query = '') => ok(p.get(`/reporting/indicators/${indicator}?${period()}&asOf=${day(40)}${query}`, auditor()), 200);
  const values = (f: { groups: { key: Record<string, string>; value: number | null }[] }) => Object.fromEntries(f.groups.map((g) => [Object.values(g.key).join('/'), g.value]));

  beforeAll(async () => {
    p = await startCertificationPlatform();
    p.clock.now = new Date().toISOString();
    await p.start(await createService('network', (c) => NetworkModule.forRoot(c), p.config));
    await p.start(await createService('events', (c) => EventsModule.forRoot(c), p.config));

    const register = async (key: string, body: Record<string, unknown>) => {
      orgs[key] = (await ok(p.post('/organisations', { kind: 'sme', name: { en: key }, ...body }, secretariat()))).id;
    };
    await register('bakery', { country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } });
    await register('winery', { country: 'RO', region: 'RO-AR', legalId: { kind: 'RO-CUI', value: '18547303' } });
    await register('chamber', { kind: 'business-support', country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: '18547311' } });
    await register('dairy', { country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } });
    await register('ngo', { kind: 'ngo', country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134719' } });
    for (const id of Object.values(orgs)) await eventually(async () => ((await p.get(`/network/directory/${id}`)).status === 200 ? true : undefined), 200);

    // Certification: two applications, one granted.
    const bakeryFile = await reviewedFile(p, orgs.bakery);
    await ok(p.post(`/applications/${bakeryFile}/decision`, { outcome: 'grant', reasons: ['every threshold met'] }, p.as('dm-milan', 'decision-maker')), 200);
    await ok(p.post('/applications', { schemeId: 'made-in-banat', organisationId: orgs.dairy, products: [{ name: 'Banat cheese', niceClass: 29 }], declaredRegionalRawMaterialShare: 0.8, evidence: [{ kind: 'product-description', ref: 'd-1' }] }, secretariat()));

    // Network: three members, one of whom leaves; a mentoring pair; a partnership; a B2B meeting at a fair in 20 days.
    for (const key of ['bakery', 'winery', 'dairy']) {
      await ok(p.post('/network/members', { roles: ['partner'] }, member(key)));
      await ok(p.post(`/network/members/${orgs[key]}/approval`, {}, secretariat()), 200);
    }
    await ok(p.post(`/network/members/${orgs.dairy}/departure`, { reason: 'closing its export branch' }, member('dairy')), 200);
    const mentoring = await ok(p.post('/network/mentorings', { kind: 'twinning', menteeOrganisationId: orgs.bakery, from: day(0), until: day(120), goals: ['export to Austria'] }, member('chamber')));
    await ok(p.post(`/network/mentorings/${mentoring.id}/answer`, { answer: 'accepted' }, member('bakery')), 200);
    const partnership = await ok(p.post('/network/partnerships', { kind: 'cross-border-project', partnerOrganisationId: orgs.dairy, title: 'Banat wine and cheese', from: day(0), until: day(365), goals: ['a joint tasting route'] }, member('winery')));
    await ok(p.post(`/network/partnerships/${partnership.id}/acceptance`, undefined, member('dairy')), 200);
    const fair = await ok(p.post('/network/fairs', { name: 'Banat B2B days', date: day(20), opensAt: '09:00', closesAt: '10:00', slotMinutes: 30, tables: 2 }, secretariat()));
    for (const key of ['bakery', 'dairy']) await ok(p.post(`/network/fairs/${fair.id}/participants`, { availableSlots: ['09:00'] }, member(key)));
    const meeting = await ok(p.post(`/network/fairs/${fair.id}/meetings`, { withOrganisationId: orgs.dairy, slot: '09:00' }, member('bakery')));
    await ok(p.post(`/network/meetings/${meeting.id}/acceptance`, {}, member('dairy')), 200);

    // Events: a workshop in Timișoara (today and tomorrow) and a conference in Serbia (day 10); three people attend the workshop
    // today (check-in is taken on the list's day), one registered does not.
    const schedule = async (kind: string, place: Record<string, string>, startsOn: string, endsOn: string) =>
      (await ok(p.post('/events', {
        kind,
        title: { en: `${kind} of the programme` },
        place,
        startsOn,
        endsOn,
        languages: ['ro', 'sr'],
        topics: ['branding'],
        organiserOrganisationId: orgs.chamber,
        sessions: [{ sessionId: 'opening', title: 'Opening', date: startsOn }],
        registration: { capacity: 20, quotas: [], requiresApproval: false, deadline: `${day(1)}T06:00:00.000Z` },
      }, secretariat()))).eventId as string;
    const workshop = await schedule('workshop', { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO', region: 'RO-TM' }, day(0), day(1));
    await schedule('conference', { venue: 'Hotel Vojvodina', city: 'Zrenjanin', country: 'RS', region: 'RS-02' }, day(10), day(10));
    const registerPeople = async (key: string, people: Record<string, string>[]) => (await ok(p.post(`/events/${workshop}/registrations`, { organisationId: orgs[key], people }, secretariat()))).registrationId as string;
    const bakeryReg = await registerPeople('bakery', [{ name: 'Ana Popescu', email: 'ana@bakery.ro', gender: 'female' }, { name: 'Ion Ionescu', email: 'ion@bakery.ro', gender: 'male' }]);
    const dairyReg = await registerPeople('dairy', [{ name: 'Mila Jovanović', email: 'mila@dairy.rs', gender: 'female' }]);
    await registerPeople('ngo', [{ name: 'Zoran Petrović', email: 'zoran@ngo.rs' }]);
    const checkIn = (registrationId: string, email: string, list: string) => ok(p.post(`/events/${workshop}/check-ins`, { registrationId, email, list }, secretariat()));
    await checkIn(bakeryReg, 'ana@bakery.ro', `day:${day(0)}`);
    await checkIn(bakeryReg, 'ana@bakery.ro', 'session:opening'); // the same person again: one participant
    await checkIn(bakeryReg, 'ion@bakery.ro', `day:${day(0)}`);
    await checkIn(dairyReg, 'mila@dairy.rs', `day:${day(0)}`);
    const survey = { surveyId: 'satisfaction', title: 'How was it?', purpose: 'satisfaction', audience: 'attendees', anonymous: true, questions: [{ questionId: 'overall', text: 'Overall', kind: 'scale', min: 1, max: 5 }, { questionId: 'remarks', text: 'Remarks', kind: 'text' }] };
    await ok(p.post(`/events/${workshop}/surveys`, survey, secretariat()));
    const invitations = (await ok(p.post(`/events/${workshop}/surveys/satisfaction/sending`, {}, secretariat()))).invitations as { email: string; code: string }[];
    expect(invitations).toHaveLength(3);
    await ok(p.post(`/events/${workshop}/surveys/satisfaction/answers`, { code: invitations[0].code, answers: [{ questionId: 'overall', value: 5 }, { questionId: 'remarks', value: 'More tastings' }] }));
    await ok(p.post(`/events/${workshop}/surveys/satisfaction/answers`, { code: invitations[1].code, answers: [{ questionId: 'overall', value: 4 }] }));

    // Everything published has reached the reporting read model (the last fact: the second answer, then nothing pending).
    await eventually(async () => {
      const answered = await p.get(`/reporting/indicators/satisfaction-score?${period()}&asOf=${day(40)}`, auditor());
      if (answered.body?.records !== 2) return undefined;
      const status = await p.get('/reporting/status', auditor());
      return status.body?.caughtUp ? true : undefined;
    }, 300, 200);
  }, 240_000);

  afterAll(async () => {
    await p?.stop();
  });

  it('counts organisations supported (any activity) once each, by country and kind; an organisation only registered for an event it did not attend is not one', async () => {
    const f = await figure('organisations-supported', '&breakdown=country');
    expect(f).toMatchObject({ value: 4, indicator: { unit: 'organisations', measure: 'distinct-organisations' } });
    expect(values(f)).toEqual({ RO: 3, RS: 1 });
    expect(values(await figure('organisations-supported', '&breakdown=organisationKind'))).toEqual({ sme: 3, 'business-support': 1 });
    expect(values(await figure('organisations-supported', '&breakdown=country,region'))).toEqual({ 'RO/RO-TM': 2, 'RO/RO-AR': 1, 'RS/RS-02': 1 });
  });

  it('counts brand applications and grants by country and region', async () => {
    const applications = await figure('brand-applications', '&breakdown=country,region');
    expect(applications.value).toBe(2);
    expect(values(applications)).toEqual({ 'RO/RO-TM': 1, 'RS/RS-02': 1 });
    const grants = await figure('brand-grants', '&breakdown=country');
    expect([grants.value, values(grants)]).toEqual([1, { RO: 1 }]);
  });

  it('counts network members at the end of the period (one left), mentoring pairs and cooperation agreements', async () => {
    const members = await figure('network-members', '&breakdown=region');
    expect([members.value, values(members)]).toEqual([2, { 'RO-TM': 1, 'RO-AR': 1 }]);
    expect(values(await figure('mentoring-pairs', '&breakdown=country,organisationKind'))).toEqual({ 'RO/sme': 1 });
    const agreements = await figure('cooperation-agreements', '&breakdown=region');
    expect([agreements.value, values(agreements)]).toEqual([1, { 'RO-AR': 1 }]);
  });

  it('counts B2B meetings and events held only once their day has come: as of today none, as of day 40 all', async () => {
    const asOfToday = async (indicator: string) => (await ok(p.get(`/reporting/indicators/${indicator}?${period()}&asOf=${day(0)}`, auditor()), 200)).value;
    expect(await asOfToday('b2b-meetings')).toBe(0);
    expect(await asOfToday('events-held')).toBe(0);
    expect((await figure('b2b-meetings', '&breakdown=country')).value).toBe(1);
    const held = await figure('events-held', '&breakdown=country');
    expect([held.value, values(held)]).toEqual([2, { RO: 1, RS: 1 }]);
    expect(values(await figure('events-held', '&breakdown=eventKind'))).toEqual({ workshop: 1, conference: 1 });
    // As of a day before anything was recorded: nothing at all.
    expect((await ok(p.get(`/reporting/indicators/organisations-supported?from=${day(-30)}&to=${day(40)}&asOf=${day(-1)}`, auditor()), 200)).value).toBe(0);
  });

  it('counts participants once per event, by country, organisation kind and gender (gender read from the events service\'s own records, never published)', async () => {
    const f = await figure('participants', '&breakdown=gender');
    expect([f.value, values(f)]).toEqual([3, { female: 2, male: 1 }]);
    expect(values(await figure('participants', '&breakdown=country,organisationKind'))).toEqual({ 'RO/sme': 2, 'RS/sme': 1 });
  });

  it('gives the survey response rate and the satisfaction score', async () => {
    const rate = await figure('survey-response-rate', '&breakdown=purpose');
    expect(rate).toMatchObject({ value: 66.7, numerator: 2, denominator: 3, indicator: { unit: '%' } });
    expect(values(rate)).toEqual({ satisfaction: 66.7 });
    expect((await figure('satisfaction-score')).value).toBe(87.5); // (5 → 100, 4 → 75) on 0–100
  });

  it('drills down to the records of a group and to the public events behind them, which the stream holds', async () => {
    const records = await ok(p.get(`/reporting/indicators/participants/records?${period()}&asOf=${day(40)}&gender=female`, auditor()), 200);
    expect(records).toMatchObject({ indicator: 'participants', where: { gender: 'female' }, total: 2 });
    expect(records.items.map((r: { organisationId: string }) => r.organisationId).sort()).toEqual([orgs.bakery, orgs.dairy].sort());
    const jsm = await p.nc.jetstreamManager();
    for (const record of records.items) {
      expect(record).toMatchObject({ part: 'measured', gender: 'female', firstCheckIn: true, event: { type: 'eu.madeinbanat.events.attendance.checked-in.v1', subject: 'banat.public.events.attendance.checked-in.v1' } });
      const stored = await jsm.streams.getMessage(PUBLIC_STREAM, { seq: record.event.sequence });
      const event = stored.json<{ id: string; data: { organisationId: string } }>();
      expect([event.id, event.data.organisationId]).toEqual([record.event.id, record.organisationId]);
      expect(JSON.stringify(event)).not.toContain('female'); // the gender is not on the public stream
    }
    const rate = await ok(p.get(`/reporting/indicators/survey-response-rate/records?${period()}&asOf=${day(40)}`, auditor()), 200);
    expect(rate.items.map((r: { part: string }) => r.part).sort()).toEqual(['denominator', 'measured', 'measured']);
  });

  it('an unknown indicator is a 404 listing the known ones; refuses a period ending before it starts and a breakdown the indicator does not have, naming each; only the secretariat and auditors read', async () => {
    const unknown = await p.get(`/reporting/indicators/jobs-created?${period()}`, auditor());
    expect([unknown.status, unknown.body.message]).toEqual([404, expect.stringContaining('indicator jobs-created not found')]);
    expect(unknown.body.details?.knownIndicators).toContain('participants');
    expect((await p.get(`/reporting/indicators/jobs-created/records?${period()}`, auditor())).status).toBe(404);
    const reversed = await p.get(`/reporting/indicators/participants?from=${day(10)}&to=${day(0)}`, auditor());
    expect([reversed.status, reversed.body.fields?.[0]?.field]).toEqual([400, 'to']);
    const breakdown = await p.get(`/reporting/indicators/satisfaction-score?${period()}&breakdown=gender`, auditor());
    expect([breakdown.status, breakdown.body.fields?.[0]?.field]).toEqual([400, 'breakdown']);
    expect(breakdown.body.fields[0].reason).toContain('gender');
    const badDay = await p.get('/reporting/indicators/participants?from=2026-13-01', auditor());
    expect([badDay.status, badDay.body.fields?.[0]?.field]).toEqual([400, 'from']);
    expect((await p.get(`/reporting/indicators/participants?${period()}`, member('bakery'))).status).toBe(403);
    expect((await p.get(`/reporting/indicators/participants?${period()}`)).status).toBe(401);
    expect((await p.post('/reporting/rebuild', undefined, auditor())).status).toBe(403);
  });

  it('exports CSV and a printable HTML report with SVG bar charts', async () => {
    const csv = await p.get(`/reporting/report?${period()}&asOf=${day(40)}&format=csv`, auditor());
    expect([csv.status, csv.headers.get('content-type'), csv.headers.get('cache-control')]).toEqual([200, 'text/csv; charset=utf-8', 'no-store']);
    const rows = parse(csv.body as string, { columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.indicator === 'participants' && r.group === 'gender=female')).toMatchObject({ value: '2', breakdown: 'gender' });
    expect(rows.find((r) => r.indicator === 'events-held' && r.breakdown === '')).toMatchObject({ value: '2' });
    const html = await p.get(`/reporting/report?${period()}&asOf=${day(40)}&format=html`, secretariat());
    expect([html.status, html.headers.get('content-type'), html.headers.get('cache-control')]).toEqual([200, 'text/html; charset=utf-8', 'no-store']);
    // A page on the API's origin: no script, its stylesheet by hash (it was served with no Content-Security-Policy at all).
    expect(html.headers.get('content-security-policy')).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/]+=*'; img-src 'self'; script-src 'none'; frame-ancestors 'none'/);
    expect(html.body).toContain('<h2>Participants in programme events</h2>');
    expect((html.body as string).match(/<svg /g)?.length).toBeGreaterThan(10);
    expect(html.body).toContain('Made in Banat — cross-border regional brand programme (RO-RS-HU)');
  });

  it('rebuilt from BANAT_PUBLIC, the read model gives the same figures', async () => {
    const report = async () => {
      const { generatedAt: _g, ...rest } = await ok(p.get(`/reporting/report?${period()}&asOf=${day(40)}`, auditor()), 200);
      return rest;
    };
    const before = await report();
    const facts = (await ok(p.get('/reporting/status', auditor()), 200)).facts;
    expect(facts).toBeGreaterThan(20);
    await ok(p.post('/reporting/rebuild', undefined, secretariat()));
    await eventually(async () => {
      const status = (await p.get('/reporting/status', auditor())).body;
      return status.caughtUp && status.facts === facts ? true : undefined;
    }, 300, 200);
    expect(await report()).toEqual(before);
  });
});
