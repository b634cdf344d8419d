import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { factories } from '../helper.js';
import { hasChromium, SHOTS, startBrowserWorld, uiLogin } from './browser.js';

describe.skipIf(!hasChromium)('browser: foundation', () => {
  let w: Awaited<ReturnType<typeof startBrowserWorld>>;
  beforeAll(async () => { w = await startBrowserWorld(); }, 180_000);
  afterAll(() => w?.close());

  it('logs in, shows the home page in Spanish, switches to English', async () => {
    const u = await factories(w.t.database).user({ roles: ['analyst'], entidad: '14', username: 'ana.analista' });
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-MX' });
    await page.goto(`${w.base}/`);
    await page.getByTestId('login-submit').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'foundation-login.png') });
    // a wrong password shows the server's Spanish message
    await page.getByTestId('login-username').fill(u.username);
    await page.getByTestId('login-password').fill('incorrecta');
    await page.getByTestId('login-submit').click();
    await page.getByText('Usuario o contraseña incorrectos.').waitFor();

    await uiLogin(page, w.base, u.username, u.password);
    expect(await page.getByTestId('home-title').innerText()).toBe('Inicio');
    const body = await page.locator('body').innerText();
    expect(body).toContain('Jalisco');
    expect(body).toContain('Analista');
    await page.screenshot({ path: path.join(SHOTS, 'foundation-home-es.png') });

    await page.getByTestId('lang-en').click();
    await page.getByTestId('home-title').filter({ hasText: 'Home' }).waitFor();
    expect(await page.locator('body').innerText()).toContain('Analyst');
    await page.screenshot({ path: path.join(SHOTS, 'foundation-home-en.png') });
    await page.close();
  }, 60_000);
});
