import { Browser, Page } from 'playwright-core';
import { eventually, grantBrandOverHttp, httpGet, httpPost, RunningPlatform } from '@banat/testing';
import { bearer, expectAccessible as accessible, shoot as screenshot, startPlatformAndBrowser } from './browser-testing';

type Role = 'secretariat' | 'expert' | 'decision-maker' | 'member';

/**
 * The public pages in a real headless Chromium against the whole platform (as `npm start` runs it, on a
 * bus enforcing deploy/nats/auth.conf): a buyer searches, opens a product and its booth, switches
 * language, checks a certificate; a suspension through the API takes the mark off the page; every
 * page passes axe-core with no serious or critical violation. Screenshots go to docs/screenshots.
 */
describe('public web pages in a browser', () => {
  let platform: RunningPlatform;
  let browser: Browser;
  let page: Page;
  let organisationId: string;
  let certificate: string;
  let productId: string;
  const api = (path: string) => `${platform.baseUrl}/api/v1${path}`;
  const as = (role: Role, sub: string, org?: string) => bearer(platform, role, sub, org);
  const expectAccessible = (name: string) => accessible(page, name);
  const shoot = (name: string) => screenshot(page, name);

  /** A PNG drawn by the browser itself, for a logo and a product picture. */
  const drawPng = async (label: string, colour: string) => {
    const canvas = await browser.newPage({ viewport: { width: 240, height: 240 } });
    await canvas.setContent(`<div id="p" style="width:240px;height:240px;display:grid;place-items:center;background:${colour};color:#fff;font:bold 48px sans-serif">${label}</div>`);
    const png = await canvas.locator('#p').screenshot();
    await canvas.close();
    return png.toString('base64');
  };

  beforeAll(async () => {
    ({ platform, browser } = await startPlatformAndBrowser());

    // A dairy registered, granted the brand through every step, each by its own role.
    const secretariat = await as('secretariat', 'sec-ana');
    const created = await httpPost(
      api('/organisations'),
      { kind: 'sme', name: { ro: 'Lăptăria Banat', 'sr-Cyrl': 'Млекара Банат', en: 'Banat Dairy' }, country: 'RS', region: 'RS-02', legalId: { kind: 'RS-PIB', value: '101134702' } },
      secretariat,
    );
    expect(created.status).toBe(201);
    organisationId = created.body.id;
    ({ certificateNumber: certificate } = await grantBrandOverHttp(api, as, organisationId, [{ name: 'Banat cheese', niceClass: 29 }]));
    await eventually(async () => ((await httpGet(api(`/exhibition/booths/${organisationId}`))).body?.brandMark?.shown ? true : undefined));

    // The dairy's member fills its booth: logo, description, contacts, a product page with a picture.
    const member = await as('member', 'mila', organisationId);
    const logo = await httpPost(api(`/exhibition/booths/${organisationId}/images`), { data: await drawPng('MB', '#1f5f3a') }, member);
    expect(logo.status).toBe(201);
    const picture = await httpPost(api(`/exhibition/booths/${organisationId}/images`), { data: await drawPng('SIR', '#8a5a0b') }, member);
    const boothPage = await fetch(api(`/exhibition/booths/${organisationId}/page`), {
      method: 'PUT',
      headers: { 'content-type': 'application/json', ...member },
      body: JSON.stringify({ description: { en: 'Cheese from the milk of Banat farms since 1962.', 'sr-Cyrl': 'Сир од млека банатских фарми од 1962.', ro: 'Brânză din laptele fermelor bănățene din 1962.' }, contacts: { email: 'sales@mlekara-banat.rs', phone: '+381 23 000 000', website: 'https://mlekara-banat.rs' }, logoImageId: logo.body.id }),
    });
    expect(boothPage.status).toBe(200);
    const product = await httpPost(
      api(`/exhibition/booths/${organisationId}/products`),
      { name: { 'sr-Cyrl': 'Банатски сир', ro: 'Brânză de Banat', en: 'Banat cheese', hu: 'Bánsági sajt' }, description: { en: 'White brined cheese, aged 60 days.', 'sr-Cyrl': 'Бели сир у саламури, зрео 60 дана.' }, niceClasses: [29], imageIds: [picture.body.id] },
      member,
    );
    expect(product.status).toBe(201);
    productId = product.body.id;
    const theme = await httpPost(api('/exhibition/themes'), { title: { en: 'Winter cheeses', ro: 'Brânzeturi de iarnă', 'sr-Cyrl': 'Зимски сиреви' }, kind: 'category', niceClass: 29, startsOn: '2026-01-01', endsOn: '2099-12-31' }, secretariat);
    expect((await httpPost(api(`/exhibition/themes/${theme.body.id}/participants`), { organisationId }, member)).status).toBe(200);

    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: platform.baseUrl, locale: 'en-GB' });
    // Starting the platform and certifying through every step takes longer than one test on a loaded machine.
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('searches for a product from the home page and opens it, then its booth', async () => {
    await page.goto('/');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await expectAccessible('home');
    await shoot('home');
    // Keyboard: the first Tab reaches the skip link, shown with a visible focus ring; it leads to the content.
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { activeElement: { textContent: string } | null } }).document;
      const style = (globalThis as unknown as { getComputedStyle(e: unknown): { outlineStyle: string; outlineWidth: string } }).getComputedStyle(doc.activeElement);
      return { text: doc.activeElement?.textContent, outline: `${style.outlineStyle} ${style.outlineWidth}` };
    });
    expect(focused).toEqual({ text: 'Skip to content', outline: 'solid 3px' });
    await page.keyboard.press('Enter');
    expect(page.url()).toMatch(/#main$/);

    await page.getByLabel('Search products and exhibitors').fill('cheese');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/exhibition\?q=cheese/);
    const result = page.getByRole('link', { name: 'Banat cheese' });
    expect(await result.count()).toBe(1);
    await expectAccessible('exhibition');
    await shoot('exhibition-search');

    await result.click();
    await page.waitForURL(`**/exhibition/products/${productId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Banat cheese');
    expect(await page.locator('[data-brand-mark]').getAttribute('data-brand-mark')).toBe('shown');
    await expectAccessible('product');
    await shoot('product');

    await page.getByRole('link', { name: 'Banat Dairy' }).click();
    await page.waitForURL(`**/exhibition/booths/${organisationId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Banat Dairy');
    expect(await page.locator('[data-brand-mark]').innerText()).toContain(certificate);
    expect(await page.getByRole('img', { name: /Logo of Banat Dairy/ }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBe(240);
    await expectAccessible('booth');
    await shoot('booth');
  });

  it('switches to Serbian Cyrillic, keeps it across pages, and marks the page with its language', async () => {
    await page.goto(`/exhibition/booths/${organisationId}`);
    await page.getByRole('link', { name: 'Српски (ћирилица)' }).click();
    await page.waitForURL(`**/exhibition/booths/${organisationId}`);
    expect(await page.getAttribute('html', 'lang')).toBe('sr-Cyrl');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Млекара Банат');
    expect(await page.locator('h1 span').getAttribute('lang')).toBe('sr-Cyrl');
    await page.goto('/exhibition');
    expect(await page.getAttribute('html', 'lang')).toBe('sr-Cyrl');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Изложба');
    await expectAccessible('exhibition (sr-Cyrl)');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/exhibition/products/${productId}`);
    await shoot('product-phone-sr-cyrl');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('link', { name: 'English' }).click();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
  });

  it('refuses a bad e-mail on the contact form beside the field, and takes a good one', async () => {
    await page.goto(`/exhibition/booths/${organisationId}/contact`);
    await page.getByLabel('Your name').fill('Eva Buyer');
    await page.getByLabel('Your e-mail address').fill('eva@');
    await page.getByLabel('Message').fill('Your price for 200 kg a month?');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.locator('#email-error').innerText()).toBe('Enter an e-mail address like name@example.com.');
    expect(await page.getByLabel('Your e-mail address').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Message').inputValue()).toBe('Your price for 200 kg a month?');
    await expectAccessible('contact with an error');
    await shoot('contact-error');
    await page.getByLabel('Your e-mail address').fill('eva@example.hu');
    await page.getByRole('button', { name: 'Send' }).click();
    expect(await page.getByRole('status').innerText()).toMatch(/Your message was received/);
  });

  it('checks a certificate by its number; a suspension through the API takes the mark off the booth page within seconds', async () => {
    await page.goto('/certificates/check');
    await page.getByLabel('Certificate number').fill(certificate);
    await page.getByRole('button', { name: 'Check' }).first().click();
    expect(await page.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('active');
    expect(await page.getByRole('status').innerText()).toContain('This certificate is valid.');
    await expectAccessible('check');
    await shoot('certificate-check');

    const suspended = await httpPost(api(`/certificates/${certificate}/suspension`), { reason: 'raw materials from outside the region' }, await as('decision-maker', 'dm-milan'));
    expect(suspended.status).toBe(200);
    await page.goto(`/exhibition/booths/${organisationId}`);
    const mark = await eventually(async () => {
      await page.reload();
      const state = await page.locator('[data-brand-mark]').getAttribute('data-brand-mark');
      return state === 'not-shown' ? state : undefined;
    }, 50, 200);
    expect(mark).toBe('not-shown');
    expect(await page.locator('[data-brand-mark]').innerText()).toBe('No valid certificate');

    await page.goto(`/certificates/check?number=${certificate}`);
    expect(await page.locator('[data-certificate-status]').getAttribute('data-certificate-status')).toBe('suspended');
    await page.goto('/register?status=suspended');
    const row = page.getByRole('row', { name: new RegExp(certificate) });
    expect(await row.innerText()).toMatch(/suspended[\s\S]*raw materials from outside the region/);
    await expectAccessible('register');
    await shoot('register');
  });

  it('checks a certificate by its credential, naming the checks', async () => {
    const credential = await fetch(api(`/certificates/${certificate}/credential`), { headers: { accept: 'application/vc+jwt' } });
    expect(credential.status).toBe(200);
    await page.goto('/certificates/check');
    await page.getByLabel(/Credential/).fill(await credential.text());
    await page.getByRole('button', { name: 'Check' }).nth(1).click();
    const result = page.locator('[data-verified]');
    // Suspended by the test before: authentic, but its status check fails.
    expect(await result.getAttribute('data-verified')).toBe('false');
    expect(await result.innerText()).toMatch(/signature: ✓[\s\S]*status: ✗/);
    await expectAccessible('check by credential');
  });

  it("works under the API docs' Content-Security-Policy: Swagger UI shows every operation and tries one, with no violation", async () => {
    const docs = await browser.newPage({ viewport: { width: 1280, height: 900 }, baseURL: platform.baseUrl });
    try {
      const violations: string[] = [];
      docs.on('console', (m) => void (/Content Security Policy/.test(m.text()) && violations.push(m.text())));
      await docs.addInitScript("document.addEventListener('securitypolicyviolation', (e) => console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))");
      const res = await docs.goto('/api/v1/docs');
      expect(res?.headers()['content-security-policy']).toMatch(/script-src 'self';/);
      await docs.waitForSelector('.opblock', { timeout: 15_000 });
      expect(await docs.locator('.opblock').count()).toBeGreaterThan(50);
      await docs.locator('.opblock-summary').filter({ hasText: '/health' }).first().click();
      await docs.getByText('Try it out').first().click();
      await docs.getByText('Execute').first().click();
      expect(await docs.locator('.live-responses-table').first().innerText({ timeout: 10_000 })).toMatch(/200[\s\S]*"status": "ok"/);
      expect(violations).toEqual([]);
    } finally {
      await docs.close();
    }
  });
});
