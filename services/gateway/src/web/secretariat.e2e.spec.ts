import { Browser, Page } from 'playwright-core';
import { eventually, grantBrandOverHttp, httpGet, httpPost, RunningPlatform } from '@banat/testing';
import { bearer, expectAccessible, shoot, startPlatformAndBrowser, tokenFor } from './browser-testing';

const PROGRAMME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest', year: 'numeric', month: '2-digit', day: '2-digit' });
const day = (offset: number) => PROGRAMME_DAY.format(new Date(Date.now() + offset * 86_400_000));

type Figure = { indicator: { id: string }; breakdown: string[]; value: number | null; target?: number; groups: { key: Record<string, string>; value: number | null }[] };

/**
 * The secretariat's pages in a real headless Chromium against the whole platform: a small programme is
 * driven over the API (two organisations, a brand application taken to a grant, a workshop with
 * registrations and a check-in), then the secretariat signs in with its API token and reads the
 * indicators, one of them by breakdown and as of a later day, its records, and the printable report
 * (SVG charts, printed to PDF), each figure equal to what the API answers; a member's token is refused.
 */
describe('secretariat dashboard in a browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  const orgs: Record<string, string> = {};
  const year = day(0).slice(0, 4);
  const period = `from=${year}-01-01&to=${year}-12-31`;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;
  const ok = async (reply: Promise<{ status: number; body: any }>) => {
    const r = await reply;
    if (r.status !== 200 && r.status !== 201) throw new Error(`expected 200/201, got ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };

  beforeAll(async () => {
    ({ platform, browser } = await startPlatformAndBrowser());
    const as = (role: 'secretariat' | 'expert' | 'decision-maker' | 'auditor', sub: string) => bearer(platform, role, sub);
    const secretariat = await as('secretariat', 'sec-ana');
    const register = async (key: string, body: Record<string, unknown>) => {
      orgs[key] = (await ok(httpPost(api('/organisations'), { kind: 'sme', name: { en: key }, ...body }, secretariat))).id;
    };
    await register('Bakery', { country: 'RO', region: 'RO-TM', legalId: { kind: 'RO-CUI', value: 'RO18547290' } });
    await register('Dairy', { country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } });
    await grantBrandOverHttp(api, as, orgs.Bakery!, [{ name: 'Banat bread', niceClass: 30 }]);

    // A workshop today and tomorrow in Timișoara: both register, one person of the bakery is checked in today (on the day of its list).
    const workshop = (await ok(httpPost(api('/events'), {
      kind: 'workshop',
      title: { en: 'Branding workshop' },
      place: { venue: 'CCIA Timiș', city: 'Timișoara', country: 'RO', region: 'RO-TM' },
      startsOn: day(0),
      endsOn: day(1),
      languages: ['ro', 'sr'],
      topics: ['branding'],
      organiserOrganisationId: orgs.Bakery,
      sessions: [{ sessionId: 'opening', title: 'Opening', date: day(0) }],
      registration: { capacity: 20, quotas: [], requiresApproval: false, deadline: `${day(1)}T06:00:00.000Z` },
    }, secretariat))).eventId as string;
    const registerPeople = (key: string, people: Record<string, string>[]) =>
      eventually(async () => {
        const r = await httpPost(api(`/events/${workshop}/registrations`), { organisationId: orgs[key], people }, secretariat);
        return r.status === 201 ? (r.body.registrationId as string) : undefined; // until the events service has heard of the organisation
      }, 100, 200);
    const bakery = await registerPeople('Bakery', [{ name: 'Ana Popescu', email: 'ana@bakery.ro', gender: 'female' }, { name: 'Ion Ionescu', email: 'ion@bakery.ro', gender: 'male' }]);
    await registerPeople('Dairy', [{ name: 'Mila Jovanović', email: 'mila@dairy.rs', gender: 'female' }]);
    await ok(httpPost(api(`/events/${workshop}/check-ins`), { registrationId: bakery, email: 'ana@bakery.ro', list: `day:${day(0)}` }, secretariat));

    // Everything published has reached the reporting read model.
    const auditor = await as('auditor', 'aud-eva');
    let last: unknown;
    await eventually(async () => {
      const participants = await httpGet(api(`/reporting/indicators/participants?from=${day(0)}&to=${day(1)}&asOf=${day(1)}`), auditor);
      const status = await httpGet(api('/reporting/status'), auditor);
      last = { participants: participants.body, status: status.body };
      return participants.body?.records === 1 && status.body?.caughtUp ? true : undefined;
    }, 150, 200).catch((error) => {
      throw new Error(`the reporting read model did not catch up: ${JSON.stringify(last)} (${error})`);
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: platform.baseUrl, locale: 'en-GB' });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  /** The figure the API gives for the same query (as an auditor). */
  const apiFigure = async (indicator: string, query: string): Promise<Figure> => ok(httpGet(api(`/reporting/indicators/${indicator}?${query}`), await bearer(platform, 'auditor', 'aud-eva')));

  it("sends a visitor to the sign-in page, and refuses a member's token naming why", async () => {
    await page.goto('/secretariat');
    await page.waitForURL(/\/secretariat\/sign-in\?back=%2Fsecretariat$/);
    await page.getByLabel('API token').fill(await tokenFor(platform, 'member', 'mila', orgs.Dairy));
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await page.locator('#token-error').innerText()).toBe("The role 'member' may not open the secretariat's pages (allowed: secretariat, auditor).");
    expect(await page.getByLabel('API token').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'sign-in with an error');
    await page.goto('/secretariat');
    expect(page.url()).toMatch(/\/secretariat\/sign-in/); // no cookie was set
  });

  it('signs the secretariat in with its token and shows each indicator this year against its target, as the API computes it', async () => {
    await page.goto('/secretariat/sign-in');
    await page.getByLabel('API token').fill(await tokenFor(platform, 'secretariat', 'sec-ana'));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/secretariat$/);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Programme indicators');
    expect(await page.getByText('Signed in as sec-ana (secretariat)').count()).toBe(1);
    const rows = await page.locator('tr[data-indicator]').evaluateAll((trs) =>
      trs.map((tr) => ({ id: tr.getAttribute('data-indicator')!, value: tr.querySelector('[data-value]')!.textContent!, target: tr.querySelector('[data-target]')!.textContent! })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    for (const row of rows) {
      const f = await apiFigure(row.id, period);
      expect(row).toEqual({ id: row.id, value: f.value === null ? '—' : String(f.value), target: f.target === undefined ? '—' : String(f.target) });
    }
    expect(rows.find((r) => r.id === 'brand-grants')?.value).toBe('1');
    expect(rows.find((r) => r.id === 'brand-applications')?.value).toBe('1');
    await expectAccessible(page, 'secretariat dashboard');
    await shoot(page, 'secretariat-dashboard');
  });

  it('shows one indicator by breakdown as of a later day, a period ending before it starts beside its field, and drills down to the records and their events', async () => {
    await page.goto('/secretariat');
    await page.getByRole('link', { name: 'Participants in programme events', exact: true }).click();
    await page.getByLabel(/^As of/).fill(day(1));
    await page.getByLabel('gender').check();
    await page.getByRole('button', { name: 'Show' }).click();
    const groups = await page.locator('table[data-figure] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-group'), tr.querySelector('[data-value]')!.textContent]));
    const f = await apiFigure('participants', `${period}&asOf=${day(1)}&breakdown=gender`);
    expect(groups).toEqual([['', String(f.value)], ...f.groups.map((g) => [g.key.gender, String(g.value)])]);
    expect(groups).toContainEqual(['female', '1']);
    await expectAccessible(page, 'indicator by gender');

    await page.getByRole('link', { name: /records behind it: female/ }).click();
    const record = page.locator('tr[data-event-id]');
    expect(await record.count()).toBe(1);
    expect(await record.innerText()).toContain('eu.madeinbanat.events.attendance.checked-in.v1');
    await expectAccessible(page, 'records');

    await page.goBack();
    await page.getByLabel('From').fill(`${year}-05-01`);
    await page.getByLabel('To', { exact: true }).fill(`${year}-04-01`);
    await page.getByRole('button', { name: 'Show' }).click();
    expect(await page.locator('#to-error').innerText()).toMatch(/before/);
    expect(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid')).toBe('true');
  });

  it('opens the printable report: SVG charts with the API\'s figures, accessible, printed to a PDF; the CSV downloads', async () => {
    await page.goto('/secretariat');
    await page.getByRole('link', { name: /Printable report/ }).click();
    await page.waitForURL(/\/secretariat\/report\?/);
    expect(await page.locator('section svg rect.bar').count()).toBeGreaterThan(0);
    const report = await ok(httpGet(api(`/reporting/report?${period}`), await bearer(platform, 'auditor', 'aud-eva')));
    const whole = (report.figures as Figure[]).filter((f) => f.breakdown.length === 0);
    for (const f of whole) expect([f.indicator.id, await page.locator(`section[id="${f.indicator.id}"] table td.n`).first().innerText()]).toEqual([f.indicator.id, f.value === null ? '—' : String(f.value)]);
    const grantsByCountry = (report.figures as Figure[]).find((f) => f.indicator.id === 'brand-grants' && f.breakdown.join() === 'country')!;
    expect(await page.locator('section[id="brand-grants"] svg').first().getAttribute('aria-label')).toBe('Made in Banat brands granted by country');
    expect(await page.locator('section[id="brand-grants"] svg').first().locator('text').allTextContents()).toEqual(grantsByCountry.groups.flatMap((g) => [`country=${g.key.country}`, `${g.value}`]));
    await expectAccessible(page, 'printable report');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(5_000);

    const csv = await page.request.get(`/secretariat/report.csv?${period}`);
    expect(csv.headers()['content-disposition']).toBe('attachment; filename="indicators.csv"');
    expect(await csv.text()).toMatch(/^brand-grants,Made in Banat brands granted,certificates,.*,,1,[^,]*,1$/m);
  });

  it('signs out: the dashboard asks for a token again', async () => {
    await page.goto('/secretariat');
    await page.getByRole('button', { name: 'Sign out' }).click();
    expect(await page.getByRole('status').innerText()).toBe('You are signed out.');
    await page.goto('/secretariat');
    expect(page.url()).toMatch(/\/secretariat\/sign-in/);
  });
});
