import programme from '../indicators.json';
import { checkQuery, computeFigure, drillDown, IndicatorQuery, IndicatorQueryInvalid, resolve } from './engine';
import { FactRecord, factsOf, programmeDay, StreamedEvent } from './facts';
import { IndicatorConfig, IndicatorConfigInvalid, IndicatorDefinition, validateIndicatorConfig } from './indicator-config';
import { chartOf, reportCsv, reportHtml } from './report';

const T = {
  joined: 'eu.madeinbanat.network.member.joined.v1',
  left: 'eu.madeinbanat.network.member.left.v1',
  checkedIn: 'eu.madeinbanat.events.attendance.checked-in.v1',
  scheduled: 'eu.madeinbanat.events.event.scheduled.v1',
  sent: 'eu.madeinbanat.events.survey.sent.v1',
  answered: 'eu.madeinbanat.events.survey.answered.v1',
  meeting: 'eu.madeinbanat.network.meeting.agreed.v1',
};

let sequence = 0;
const streamed = (type: string, data: Record<string, unknown>, recordedAt = '2026-03-01T10:00:00.000Z'): StreamedEvent => {
  sequence++;
  return { id: `e-${sequence}`, type, source: 'urn:test', data, natsSubject: `banat.public.${type}`, sequence, recordedAt };
};
const at = (day: string) => `${day}T09:00:00.000Z`;

const config = (indicators: Partial<IndicatorDefinition>[]): IndicatorConfig =>
  validateIndicatorConfig({ programme: 'test', indicators: indicators.map((i, n) => ({ id: `i${n}`, name: 'N', definition: 'D', sources: [T.checkedIn], measure: 'count', breakdowns: [], unit: 'u', ...i })) });

describe('indicator configuration', () => {
  it('accepts the programme\'s own set: every indicator the funding body asks for', () => {
    const ids = validateIndicatorConfig(programme).indicators.map((i) => i.id);
    expect(ids).toEqual(['organisations-supported', 'brand-applications', 'brand-grants', 'network-members', 'mentoring-pairs', 'cooperation-agreements', 'b2b-meetings', 'events-held', 'participants', 'survey-response-rate', 'satisfaction-score']);
  });

  it.each([
    ['an unknown measure', { measure: 'median' }, '/indicators/0/measure'],
    ['an average without its field', { measure: 'average' }, "must have required property 'field'"],
    ['a rate without its denominator', { measure: 'rate' }, "must have required property 'denominator'"],
    ['a closedBy outside active-at-end', { closedBy: [T.left] }, '/indicators/0'],
    ['an unknown breakdown', { breakdowns: ['shoeSize'] }, '/indicators/0/breakdowns/0'],
    ['a source that is not an event type', { sources: ['members'] }, '/indicators/0/sources/0'],
    ['an unknown property', { colour: 'red' }, 'must NOT have additional properties'],
    ['a target whose period ends before it starts', { targets: [{ from: '2026-12-31', to: '2026-01-01', value: 3 }] }, 'ends (2026-01-01) before it starts'],
    ['a target for a group the indicator cannot break down by', { breakdowns: ['country'], targets: [{ from: '2026-01-01', to: '2026-12-31', value: 3, breakdown: { gender: 'female' } }] }, "breakdown/gender is not a breakdown of 'i0'"],
  ])('refuses %s, naming where', (_what, change, where) => {
    expect(() => config([change as Partial<IndicatorDefinition>])).toThrow(IndicatorConfigInvalid);
    expect(() => config([change as Partial<IndicatorDefinition>])).toThrow(where);
  });

  it('refuses an id used twice', () => {
    expect(() => validateIndicatorConfig({ programme: 'p', indicators: [0, 1].map(() => ({ id: 'same', name: 'N', definition: 'D', sources: [T.checkedIn], measure: 'count', breakdowns: [], unit: 'u' })) })).toThrow("'same' is used twice");
  });
});

describe('facts of public events', () => {
  it('one per side of a meeting, on the fair\'s day; an event held on its last day; registry changes give none', () => {
    const meeting = factsOf(streamed(T.meeting, { meetingId: 'm1', fairId: 'f', date: '2026-05-20', slot: '09:00', table: 1, organisationIds: ['a', 'b'], at: at('2026-03-01') }));
    expect(meeting.map((f) => [f.organisationId, f.role, f.day, f.ref])).toEqual([['a', 'requester', '2026-05-20', 'm1'], ['b', 'invitee', '2026-05-20', 'm1']]);
    const held = factsOf(streamed(T.scheduled, { eventId: 'ev', kind: 'workshop', country: 'RO', region: 'RO-TM', startsOn: '2026-04-01', endsOn: '2026-04-02', organiserOrganisationId: 'c', at: at('2026-03-01') }));
    expect(held[0]).toMatchObject({ day: '2026-04-02', eventKind: 'workshop', country: 'RO', recordedDay: '2026-03-01' });
    expect(factsOf(streamed('eu.madeinbanat.registry.organisation.registered.v1', { id: 'a' }))).toEqual([]);
  });

  it('counts days in the programme\'s time zone (Europe/Bucharest)', () => {
    expect(programmeDay('2026-03-01T22:30:00.000Z')).toBe('2026-03-02');
  });
});

describe('indicator engine', () => {
  const orgs = new Map([
    ['a', { country: 'RO', region: 'RO-TM', organisationKind: 'sme' }],
    ['b', { country: 'RS', region: 'RS-02', organisationKind: 'ngo' }],
  ]);
  const checkIn = (organisationId: string, gender: string, day: string, first = true, recordedAt = at(day)) =>
    factsOf(streamed(T.checkedIn, { eventId: 'ev', registrationId: 'r', organisationId, country: orgs.get(organisationId)!.country, list: `day:${day}`, at: at(day) }, recordedAt), { gender, firstCheckIn: first });
  const facts: FactRecord[] = [
    ...checkIn('a', 'female', '2026-03-02'),
    ...checkIn('a', 'female', '2026-03-03', false),
    ...checkIn('a', 'male', '2026-03-02'),
    ...checkIn('b', 'female', '2026-04-10'),
    ...checkIn('b', 'other', '2026-05-10', true, at('2026-06-15')), // recorded late
    ...factsOf(streamed(T.joined, { organisationId: 'a', organisationCountry: 'RO', roles: ['partner'], at: at('2026-01-10') }, at('2026-01-10'))),
    ...factsOf(streamed(T.joined, { organisationId: 'b', organisationCountry: 'RS', roles: ['partner'], at: at('2026-01-11') }, at('2026-01-11'))),
    ...factsOf(streamed(T.left, { organisationId: 'b', at: at('2026-04-01') }, at('2026-04-01'))),
    ...factsOf(streamed(T.sent, { eventId: 'ev', surveyId: 's', purpose: 'satisfaction', invitees: 4, at: at('2026-03-05') })),
    ...factsOf(streamed(T.answered, { eventId: 'ev', surveyId: 's', purpose: 'satisfaction', at: at('2026-03-06') }), { score: 100 }),
    ...factsOf(streamed(T.answered, { eventId: 'ev', surveyId: 's', purpose: 'satisfaction', at: at('2026-03-06') }), { score: 50 }),
  ].map((f) => resolve(f, orgs));

  const cfg = config([
    { id: 'participants', filter: { firstCheckIn: true }, breakdowns: ['country', 'gender', 'organisationKind'], targets: [{ from: '2026-01-01', to: '2026-12-31', value: 10 }, { from: '2026-01-01', to: '2026-12-31', value: 6, breakdown: { country: 'RO' } }, { from: '2026-01-01', to: '2026-12-31', value: 4, breakdown: { country: 'HU' } }] },
    { id: 'members', sources: [T.joined], closedBy: [T.left], measure: 'active-at-end', breakdowns: ['country'] },
    { id: 'rate', sources: [T.answered], measure: 'rate', denominator: { sources: [T.sent], field: 'invitees' }, breakdowns: ['purpose'] },
    { id: 'score', sources: [T.answered], measure: 'average', field: 'score', breakdowns: [] },
    { id: 'orgs', measure: 'distinct-organisations', breakdowns: ['country'] },
    { id: 'people-sum', sources: [T.sent], measure: 'sum', field: 'invitees', breakdowns: [] },
  ]);
  const q = (indicator: string, extra: Partial<IndicatorQuery> = {}): IndicatorQuery => ({ indicator, from: '2026-01-01', to: '2026-12-31', asOf: '2026-12-31', ...extra });
  const run = (query: IndicatorQuery) => computeFigure(checkQuery(cfg, query), facts, query);
  const byKey = (figure: ReturnType<typeof run>) => Object.fromEntries(figure.groups.map((g) => [Object.values(g.key).join('/'), [g.value, g.target]]));

  it('counts, with a filter, broken down, against targets for the whole and per group (a planned group with nothing yet shows)', () => {
    const f = run(q('participants', { breakdown: ['country'] }));
    expect([f.value, f.target, f.records]).toEqual([4, 10, 4]);
    expect(byKey(f)).toEqual({ RO: [2, 6], RS: [2, undefined], HU: [0, 4] });
    expect(byKey(run(q('participants', { breakdown: ['gender', 'organisationKind'] })))).toEqual({ 'female/sme': [1, undefined], 'male/sme': [1, undefined], 'female/ngo': [1, undefined], 'other/ngo': [1, undefined] });
  });

  it('keeps to the period, and as of a day only what had happened and been recorded by then', () => {
    expect(run(q('participants', { from: '2026-04-01' })).value).toBe(2);
    expect(run(q('participants', { to: '2026-03-31' })).value).toBe(2);
    expect(run(q('participants', { asOf: '2026-06-01' })).value).toBe(3); // the May check-in was recorded on 15 June
    expect(run(q('participants', { asOf: '2026-03-01' })).value).toBe(0);
    // A target counts only when its period lies within the query's.
    expect(run(q('participants', { to: '2026-06-30' })).target).toBeUndefined();
  });

  it('counts members at the end of the period: joined and not left since; the period\'s start does not matter', () => {
    expect(byKey(run(q('members', { to: '2026-03-31', from: '2026-03-01', breakdown: ['country'] })))).toEqual({ RO: [1, undefined], RS: [1, undefined] });
    expect(run(q('members', { breakdown: ['country'] })).value).toBe(1);
    expect(run(q('members', { asOf: '2026-01-10' })).value).toBe(1);
  });

  it('gives a rate (answers per 100 invited), an average, a sum and distinct organisations', () => {
    expect(run(q('rate'))).toMatchObject({ value: 50, numerator: 2, denominator: 4 });
    expect(run(q('rate', { to: '2026-03-01' }))).toMatchObject({ value: null, denominator: 0 });
    expect(run(q('score')).value).toBe(75);
    expect(run(q('score', { to: '2026-03-01' })).value).toBeNull();
    expect(run(q('people-sum')).value).toBe(4);
    expect(byKey(run(q('orgs', { breakdown: ['country'] })))).toEqual({ RO: [1, undefined], RS: [1, undefined] });
  });

  it('drills down to the records of one group, each with the event that produced it', () => {
    const query = q('participants', { where: { country: 'RO' } });
    const records = drillDown(checkQuery(cfg, query), facts, query);
    expect(records.map((r) => [r.organisationId, r.gender, r.day])).toEqual([['a', 'female', '2026-03-02'], ['a', 'male', '2026-03-02']]);
    expect(records[0].event).toEqual({ id: expect.stringMatching(/^e-\d+$/), source: 'urn:test', type: T.checkedIn, subject: `banat.public.${T.checkedIn}`, sequence: expect.any(Number), recordedAt: at('2026-03-02') });
    const rate = q('rate');
    expect(drillDown(checkQuery(cfg, rate), facts, rate).map((r) => r.part)).toEqual(['measured', 'measured', 'denominator']);
  });

  it('refuses an unknown indicator, a reversed period, a day that is not one and a breakdown not allowed, naming each field', () => {
    const fields = (query: IndicatorQuery) => {
      try {
        checkQuery(cfg, query);
      } catch (error) {
        return (error as IndicatorQueryInvalid).fields.map((f) => f.field);
      }
      return [];
    };
    expect(fields(q('jobs'))).toEqual(['indicator']);
    expect(fields(q('participants', { from: '2026-05-01', to: '2026-04-01' }))).toEqual(['to']);
    expect(fields(q('participants', { asOf: '2026-02-30' }))).toEqual(['asOf']);
    expect(fields(q('score', { breakdown: ['gender'] }))).toEqual(['breakdown']);
    expect(fields(q('score', { where: { country: 'RO' } }))).toEqual(['country']);
  });

  it('renders CSV rows per figure and group, and HTML with an SVG bar per group, escaping what it prints', () => {
    const figure = run(q('participants', { breakdown: ['country'] }));
    const whole = run(q('participants'));
    const report = { programme: 'Banat <script>alert(1)</script>', from: '2026-01-01', to: '2026-12-31', asOf: '2026-12-31', generatedAt: 'now', figures: [whole, figure] };
    expect(reportCsv(report).split('\n').slice(0, 4)).toEqual([
      'indicator,name,unit,from,to,asOf,breakdown,group,value,target,records',
      'participants,N,u,2026-01-01,2026-12-31,2026-12-31,,,4,10,4',
      'participants,N,u,2026-01-01,2026-12-31,2026-12-31,country,,4,10,4',
      'participants,N,u,2026-01-01,2026-12-31,2026-12-31,country,country=HU,0,4,0',
    ]);
    const html = reportHtml(report);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Banat &lt;script&gt;');
    expect(html.match(/<rect /g)).toHaveLength(3);
    const chart = chartOf(figure);
    expect(chart.bars.map((b) => [b.label, b.width])).toEqual([['country=HU', 0], ['country=RO', 127], ['country=RS', 127]]);
  });
});
