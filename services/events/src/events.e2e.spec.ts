import { loadConfig } from '@banat/messaging';
import { eventually, httpGet, httpPost, RunningPlatform, startPlatform, programmeDay } from '@banat/testing';
import { issueLocalToken } from '../../gateway/src/auth/issue-token';

const day = (offset: number) => programmeDay(offset);

/** A workshop from scheduling to figures, over HTTP against the platform as `npm start` runs it. */
describe('events end to end: schedule, register, wait, take a freed place, check in, report', () => {
  let platform: RunningPlatform;
  let secretariat: Record<string, string>;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;

  beforeAll(async () => {
    platform = await startPlatform({ env: { RPC_TIMEOUT_MS: '10000' } });
    secretariat = { authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role: 'secretariat', sub: 'sec-ana' })}` };
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('runs a workshop of one place', async () => {
    const chamber = await httpPost(api('/organisations'), { kind: 'business-support', name: { ro: 'CCIA Timiș' }, country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: '18547290' } }, secretariat);
    const dairy = await httpPost(api('/organisations'), { kind: 'sme', name: { 'sr-Latn': 'Mlekara Zrenjanin' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } }, secretariat);
    expect([chamber.status, dairy.status]).toEqual([201, 201]);
    const member = { authorization: `Bearer ${await issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role: 'member', sub: 'milan', org: dairy.body.id })}` };

    const scheduled = await httpPost(
      api('/events'),
      {
        kind: 'training',
        title: { en: 'Training: quality marks' },
        place: { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO' },
        // Today and tomorrow: a person is checked in on the day of the list.
        startsOn: day(0),
        endsOn: day(1),
        languages: ['ro', 'sr'],
        topics: ['quality'],
        organiserOrganisationId: chamber.body.id,
        sessions: [],
        registration: { capacity: 1, quotas: [], requiresApproval: false, deadline: `${day(1)}T06:00:00.000Z` },
      },
      secretariat,
    );
    expect(scheduled.status).toBe(201);
    const eventId = scheduled.body.eventId;

    const first = await httpPost(api(`/events/${eventId}/registrations`), { organisationId: chamber.body.id, people: [{ name: 'Ana', email: 'ana@cciat.ro' }] }, secretariat);
    const second = await httpPost(api(`/events/${eventId}/registrations`), { organisationId: dairy.body.id, people: [{ name: 'Milan', email: 'milan@mlekara.rs', gender: 'male' }] }, member);
    expect([first.body.status, second.body.status, second.body.waitingReason]).toEqual(['confirmed', 'waiting', 'CapacityReached']);

    await httpPost(api(`/events/${eventId}/registrations/${first.body.registrationId}/cancellation`), {}, secretariat);
    const accepted = await httpPost(api(`/events/${eventId}/registrations/${second.body.registrationId}/offer-acceptance`), {}, member);
    expect(accepted.body.status).toBe('confirmed');
    const checkIn = await httpPost(api(`/events/${eventId}/check-ins`), { registrationId: second.body.registrationId, email: 'milan@mlekara.rs', list: `day:${day(0)}` }, secretariat);
    expect(checkIn.status).toBe(201);

    const figures = await httpGet(api(`/events/${eventId}/figures`), secretariat);
    expect(figures.body).toMatchObject({ registered: { people: 1, byCountry: { RS: 1 }, byGender: { male: 1 } }, attended: { people: 1, byCountry: { RS: 1 } } });
    const listed = await eventually(async () => {
      const page = await httpGet(api('/events?kind=training'));
      return page.body.total === 1 ? page.body : undefined;
    });
    expect(listed.items[0]).toMatchObject({ eventId, kind: 'training', country: 'RO' });
  });
});
