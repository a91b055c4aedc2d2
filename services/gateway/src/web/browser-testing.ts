import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { loadConfig } from '@banat/messaging';
import { projectRoot, RunningPlatform, startPlatform } from '@banat/testing';
import { issueLocalToken } from '../auth/issue-token';
import type { Role } from '../auth/roles';

/** Debian's chromium package (`.ci/run` installs it); never a downloaded browser. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(projectRoot, 'docs', 'screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * The whole platform (as `npm start` runs it, on a bus enforcing deploy/nats/auth.conf) and a headless
 * Debian Chromium, started together for the browser tests.
 */
export async function startPlatformAndBrowser(): Promise<{ platform: RunningPlatform; browser: Browser }> {
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium; .ci/run does) or set CHROMIUM_PATH`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  const [platform, browser] = await Promise.all([
    startPlatform({ natsAuth: true, readyTimeoutMs: 120_000, env: { RPC_TIMEOUT_MS: '5000', THROTTLE_LIMIT: '100000' } }),
    chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'] }),
  ]);
  return { platform, browser };
}

/** A token signed with the platform's local secret (what `npm run token` prints). */
export const tokenFor = (platform: RunningPlatform, role: Role, sub: string, org?: string) =>
  issueLocalToken(loadConfig({ AUTH_JWT_SECRET: platform.authSecret }), { role, sub, ...(org ? { org } : {}) });

/** The Authorization header of such a token. */
export const bearer = async (platform: RunningPlatform, role: Role, sub: string, org?: string) => ({ authorization: `Bearer ${await tokenFor(platform, role, sub, org)}` });

/** No serious or critical accessibility violation (axe-core) on the page as it is now. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const result = await (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run();
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.map((n) => n.target.join(' ')) }));
  });
  expect([name, violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')]).toEqual([name, []]);
}

/** A full-page screenshot into docs/screenshots. */
export const shoot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
