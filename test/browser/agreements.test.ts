import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../src/server.js';
import { as, factories, login } from '../helper.js';
import { hasSeeds, seedFile } from '../seeds.js';
import { hasChromium, SHOTS, startBrowserWorld, uiLogin } from './browser.js';

/** Seed 000 (a zone session's acuerdos in prose). */
const seed000 = () => { const s = seedFile('000_'); return { file: s.file, name: s.name }; };

describe.skipIf(!hasChromium || !hasSeeds)('browser: acuerdos de la Conferencia', () => {
  let w: Awaited<ReturnType<typeof startBrowserWorld>>;
  beforeAll(async () => { w = await startBrowserWorld(); }, 180_000);
  afterAll(() => w?.close());

  it('the secretariat imports a seed with a review step and opens the session; a Jalisco liaison fulfils a commitment with evidence', async () => {
    const f = factories(w.t.database);
    const secretariat = await f.user({ roles: ['secretariat'], entidad: null });
    const liaison = await f.user({ roles: ['liaison'], entidad: '14' });
    const seed = seed000();
    const shot = async (p: import('playwright-core').Page, name: string, fullPage = true) => {
      await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: path.join(SHOTS, `agreements-${name}.png`), fullPage });
    };

    // ---- the technical secretariat: import with review, session page, commitment for Jalisco
    const ctx = await w.browser.newContext({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    const page = await ctx.newPage();
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    page.on('pageerror', (e) => console.log('pageerror:', e.message.slice(0, 600)));
    await uiLogin(page, w.base, secretariat.username, secretariat.password);

    await page.getByTestId('nav-acuerdos-importar').click();
    await page.getByTestId('ag-import-title').waitFor();
    await page.getByTestId('ag-import-file-input').setInputFiles(seed.file);
    await shot(page, 'import-upload', false);
    await page.getByTestId('ag-import-review').click();
    await page.getByTestId('ag-import-preview').waitFor({ timeout: 20_000 });
    const summary = await page.getByTestId('ag-import-summary').innerText();
    expect(summary).toContain('13 acuerdos');
    expect(await page.getByTestId('ag-review-action').textContent()).toBe('Nueva');
    await expect.poll(() => page.getByTestId('ag-review-acuerdos-0-row').count()).toBe(13);
    const review = await page.getByTestId('ag-review-session-0').innerText();
    expect(review).toContain('DÉCIMO TERCERO');
    expect(review).toContain('IMPLEMENTACIÓN DEL REGISTRO NACIONAL DE DETENCIONES');
    await shot(page, 'import-review');

    await page.getByTestId('ag-import-save').click();
    await page.getByTestId('ag-import-result').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('ag-import-result').innerText()).toContain('13 acuerdos');
    await shot(page, 'import-result', false);

    await page.getByTestId('ag-import-open-0').click();
    await page.getByTestId('ag-session-heading').waitFor();
    const heading = await page.getByTestId('ag-session-heading').innerText();
    expect(heading).toContain('CONFERENCIA NACIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA');
    expect(heading).toContain('19 DE NOVIEMBRE DE 2019');
    expect(await page.getByTestId('ag-acuerdo').count()).toBe(13);
    const ordinals = await page.locator('[data-testid="ag-acuerdo"] .ag-ordinal').allInnerTexts();
    expect(ordinals[0]).toBe('PRIMERO.');
    expect(ordinals[12]).toBe('DÉCIMO TERCERO.');
    await shot(page, 'session');

    // TERCERO (Registro Nacional de Detenciones): a commitment for Jalisco, created as proposed, then approved.
    await page.getByTestId('ag-acuerdo-open-acuerdo-3').click();
    await page.getByTestId('ag-agreement-title').filter({ hasText: 'TERCERO' }).waitFor();
    await page.getByTestId('ag-new-kind').selectOption('entidades');
    await page.getByTestId('ag-new-entidades').click();
    await page.keyboard.type('Jalisco');
    await page.getByRole('option', { name: '14 · Jalisco' }).click();
    await page.keyboard.press('Escape');
    await page.getByTestId('ag-new-deliverable').fill('Nombrar un enlace permanente para el Registro Nacional de Detenciones y comunicarlo por oficio.');
    // The server's clock is 2026-11-23: due in four days, so the reminder sweep notifies Jalisco.
    await page.getByTestId('ag-new-deadline').fill('2026-11-27');
    await page.getByTestId('ag-new-submit').click();
    const row = page.getByTestId('ag-agreement-commitment-row').filter({ hasText: 'Jalisco' });
    await row.filter({ hasText: 'Propuesto' }).waitFor({ timeout: 15_000 });
    const openId = await row.locator('[data-testid^="ag-commitment-open-"]').getAttribute('data-testid');
    const commitmentId = Number(openId!.replace('ag-commitment-open-', ''));
    expect(commitmentId).toBeGreaterThan(0);
    await page.getByTestId(`ag-select-${commitmentId}`).check();
    await page.getByTestId('ag-approve-selected').click();
    await row.filter({ hasText: 'Aprobado' }).waitFor({ timeout: 15_000 });
    await shot(page, 'acuerdo');

    // The board, the reminder sweep, the search and the compliance table, as the secretariat sees them.
    await page.getByTestId('nav-acuerdos-compromisos').click();
    await page.getByTestId('ag-board-col-14').waitFor();
    expect(await page.getByTestId('ag-board-col-14').innerText()).toContain('Nombrar un enlace permanente');
    await shot(page, 'board-secretariat');
    await page.getByTestId('nav-acuerdos-avisos').click();
    await page.getByTestId('ag-run-sweep').click();
    await page.getByText('recordatorios: 1').waitFor({ timeout: 15_000 });
    await page.getByTestId('nav-acuerdos-buscar').click();
    await page.getByTestId('ag-search-q').fill('detenciones');
    await page.getByTestId('ag-search-submit').click();
    await page.getByTestId('ag-search-results').locator('mark').first().waitFor();
    expect(await page.getByTestId('ag-search-count').innerText()).toMatch(/acuerdos? encontrados?/);
    await shot(page, 'search');
    await page.getByTestId('nav-acuerdos-sesiones').click();
    await page.getByTestId('ag-sessions-table').getByText('Segunda Sesión Ordinaria 2019 de la Zona Occidente').waitFor();
    await shot(page, 'sessions', false);
    await page.getByTestId('nav-acuerdos-cumplimiento').click();
    await page.getByTestId('ag-compliance-row-14').waitFor();
    expect(await page.getByTestId('ag-compliance-row-14').innerText()).toContain('Jalisco');
    await shot(page, 'compliance');
    await ctx.close();

    // ---- the liaison of Jalisco: opens the commitment from the board and marks it fulfilled with evidence
    const lctx = await w.browser.newContext({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    const lpage = await lctx.newPage();
    lpage.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(lpage, w.base, liaison.username, liaison.password);
    await lpage.getByTestId('nav-acuerdos-avisos').click();
    await lpage.getByTestId('ag-notifications-table').getByText('Recordatorio').waitFor({ timeout: 15_000 });
    await shot(lpage, 'notifications-liaison', false);
    await lpage.getByTestId('nav-acuerdos-compromisos').click();
    await lpage.getByTestId(`ag-board-item-${commitmentId}`).click();
    await lpage.getByTestId('ag-commitment-status').filter({ hasText: 'Aprobado' }).waitFor();
    await lpage.getByTestId('ag-progress-fulfilled').check();
    await lpage.getByTestId('ag-evidence-ref-0').fill('Oficio SSPJ/DGE/0457/2026');
    await lpage.getByTestId('ag-evidence-url-0').fill('https://seguridad.jalisco.gob.mx/oficios/SSPJ-DGE-0457-2026.pdf');
    await lpage.getByTestId('ag-evidence-note-0').fill('Oficio de designación del enlace permanente ante el Registro Nacional de Detenciones.');
    await lpage.getByTestId('ag-progress-note').fill('Enlace designado y comunicado a la Secretaría Técnica.');
    await shot(lpage, 'commitment-report');
    await lpage.getByTestId('ag-progress-submit').click();
    await lpage.getByTestId('ag-commitment-status').filter({ hasText: 'Cumplido' }).waitFor({ timeout: 15_000 });
    expect(await lpage.getByTestId('ag-evidence-table').innerText()).toContain('Oficio SSPJ/DGE/0457/2026');
    await shot(lpage, 'commitment-fulfilled');

    // The same page in English.
    await lpage.getByTestId('lang-en').click();
    await lpage.getByTestId('ag-commitment-status').filter({ hasText: 'Fulfilled' }).waitFor();
    await shot(lpage, 'commitment-fulfilled-en', false);
    await lctx.close();

    // What the server holds: fulfilled at 100 % by the liaison, with the evidence.
    const api = (await as(w.t.app, await login(w.t.app, secretariat.username)).get(`/api/agreements/commitments/${commitmentId}`)).json();
    expect(api.commitment.status).toBe('fulfilled');
    expect(api.commitment.progress).toBe(100);
    expect(api.commitment.entidad).toBe('14');
    expect(api.evidence[0].document_ref).toBe('Oficio SSPJ/DGE/0457/2026');
    expect(api.commitment.fulfilled_by).toBe(liaison.username);
  }, 180_000);
});
