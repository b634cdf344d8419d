import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ROOT, WEB_DIST } from '../../src/server.js';
import { createTestApp, type TestApp } from '../helper.js';

export const CHROMIUM = '/usr/bin/chromium';
/** Browser tests need Debian's chromium (`.ci/run` installs it); without it they are skipped, and say so. */
export const hasChromium = fs.existsSync(CHROMIUM);
export const SHOTS = path.join(ROOT, 'test-results');

/** The real server on a loopback port, with the built web bundle, and a headless chromium. */
export async function startBrowserWorld(): Promise<{ t: TestApp; base: string; browser: Browser; close(): Promise<void> }> {
  const t = await createTestApp({}, { webDir: WEB_DIST });
  await t.dispatcher.start();
  for (const w of t.workers) await w.start(); // as the server does: live alerts travel through LISTEN/NOTIFY
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  const browser = await chromium.launch({
    executablePath: CHROMIUM, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  return { t, base, browser, close: async () => { await browser.close(); await t.dispatcher.stop(); await t.close(); } };
}

/** Signs in through the login form. */
export async function uiLogin(page: Page, base: string, username: string, password: string) {
  await page.goto(`${base}/`);
  await page.getByTestId('login-username').waitFor({ timeout: 20_000 }).catch(async (err) => {
    await page.screenshot({ path: path.join(SHOTS, 'failure-login.png') });
    throw err;
  });
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('home-title').waitFor({ timeout: 15_000 });
}
