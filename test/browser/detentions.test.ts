import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCurp } from '../../src/matching/index.js';
import { seedTestOffences } from '../../src/modules/detentions/detentions.factories.js';
import { as, factories, login, type TestApp } from '../helper.js';
import { hasChromium, SHOTS, startBrowserWorld, uiLogin } from './browser.js';

/** A bulk row's columns after the person's: entidad, municipio, time, motivo, tipo, supuesto, offence, agentes, authority, place. */
const ROW_REST = '14,039,2026-11-23 09:00,Riña en la vía pública,falta_administrativa,arresto_administrativo,T-RINA,Luis Pérez|Policía,juez_civico,Juzgado Cívico 1,Juzgado Cívico 1';

/** The test offences, a Jalisco institution and a capturist of it. */
async function jaliscoCapturist(t: TestApp, institution: string) {
  const f = factories(t.database);
  await seedTestOffences(t.database.db);
  const inst = await f.institution('14', 'c5', institution);
  return { f, capturist: await f.user({ roles: ['capturist'], entidad: '14', institutionId: inst.id }) };
}

describe.skipIf(!hasChromium)('browser: Registro Nacional de Detenciones', () => {
  let w: Awaited<ReturnType<typeof startBrowserWorld>>;
  beforeAll(async () => { w = await startBrowserWorld(); }, 180_000);
  afterAll(() => w?.close());

  it('a capturist registers a detention through the form; an analyst sees it counted; the public finds it', async () => {
    const f = factories(w.t.database);
    const inst = await f.institution('14', 'security_secretariat', 'Secretaría de Seguridad del Estado de Jalisco');
    const capturist = await f.user({ roles: ['capturist'], entidad: '14', institutionId: inst.id });
    const analyst = await f.user({ roles: ['analyst'], entidad: '14' });

    const page = await w.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(page, w.base, capturist.username, capturist.password);
    await page.getByTestId('nav-detenciones-nueva').click();
    await page.getByTestId('det-nombre').fill('José Luis');
    await page.getByTestId('det-paterno').fill('Pérez');
    await page.getByTestId('det-materno').fill('López');
    await page.getByTestId('det-edad').fill('34');
    // A valid CURP, but of another name (Beatriz Luna Paz): registered all the same, with a warning to correct it.
    await page.getByTestId('det-curp').fill(buildCurp({ nombre: 'Beatriz', apellido_paterno: 'Luna', apellido_materno: 'Paz', fecha_nacimiento: '1992-05-10', sexo: 'H', entidad_nacimiento: 'JC' }));
    await page.getByTestId('det-municipio').fill('039');
    // The server's clock is fixed at 2026-11-23 12:00 (Mexico City): a detention that morning.
    await page.getByTestId('det-fecha-hora').fill('2026-11-23T10:30');
    await page.getByTestId('det-motivo').fill('Sorprendido en flagrancia sustrayendo mercancía de un comercio.');
    await page.getByTestId('det-agente-nombre').fill('Juan Ramírez Torres');
    await page.getByTestId('det-agente-cargo').fill('Policía tercero');
    await page.getByTestId('det-destino-nombre').fill('Agencia del Ministerio Público de Guadalajara');
    await page.getByTestId('det-traslado').fill('Agencia del Ministerio Público de Guadalajara');
    await page.screenshot({ path: path.join(SHOTS, 'detentions-capture-form.png'), fullPage: true });
    await page.getByTestId('det-submit').click();
    const folio = (await page.getByTestId('det-folio').innerText({ timeout: 15_000 })).trim();
    expect(folio).toMatch(/^RND-14-2026-\d{7}$/);
    expect(await page.getByTestId('det-aviso-curp_nombre').innerText()).toBe('la CURP empieza con LUPB y el nombre registrado daría PELL: revise la CURP o el nombre'); // José Luis: the second given name counts
    await page.screenshot({ path: path.join(SHOTS, 'detentions-capture-folio.png') });
    // The record itself keeps showing it until a new version corrects the CURP or the name.
    await page.getByRole('link', { name: 'Abrir el registro' }).click();
    await page.getByTestId('det-detail-title').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('det-avisos').innerText()).toContain('LUPB');
    await page.close();

    // The analyst, in a browser context of their own.
    const ctx = await w.browser.newContext({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX' });
    const apage = await ctx.newPage();
    await uiLogin(apage, w.base, analyst.username, analyst.password);
    const api = (await as(w.t.app, await login(w.t.app, analyst.username)).get('/api/detentions/stats')).json();
    expect(api.total).toBeGreaterThanOrEqual(1);
    await apage.getByTestId('nav-tablero').click();
    const kpi = apage.getByTestId('det-kpi-total');
    await kpi.waitFor({ timeout: 15_000 });
    expect(Number((await kpi.innerText()).replace(/\D/g, ''))).toBe(api.total);
    // The red figure is the four flags added up (a detention may carry several), and says so.
    const flags = apage.getByTestId('det-kpi-flags');
    expect(Number((await flags.innerText()).replace(/\D/g, ''))).toBe(Object.values(api.flags as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(await flags.locator('xpath=..').innerText()).toMatch(/^Alertas de plazo\s+[\d,]+\s+suma de las cuatro; una detención puede tener varias$/);
    await apage.getByTestId('det-map').locator('path').first().waitFor({ timeout: 15_000 });
    await apage.waitForTimeout(500); // let the charts finish their entry animation before the screenshot
    await apage.screenshot({ path: path.join(SHOTS, 'detentions-dashboard.png'), fullPage: true });
    // Filters that match nothing (kept in the URL): zeros, and each breakdown says it has nothing to draw.
    await apage.goto(`${w.base}/tablero?from=2020-01-01&to=2020-01-31`);
    await apage.getByTestId('det-chart-empty').first().waitFor({ timeout: 15_000 });
    expect(await apage.getByTestId('det-kpi-total').innerText()).toBe('0');
    expect(await apage.getByTestId('det-chart-empty').allInnerTexts()).toEqual(Array(4).fill('Sin datos con estos filtros.'));
    await ctx.close();

    // The public consultation, without a session: accent-, case- and order-tolerant, only the allowed fields.
    const pub = await w.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-MX' });
    await pub.goto(`${w.base}/consulta-detenciones`);
    await pub.getByTestId('pub-nombre').fill('JOSE LUIS');
    await pub.getByTestId('pub-paterno').fill('perez');
    await pub.getByTestId('pub-materno').fill('LÓPEZ');
    await pub.getByTestId('pub-submit').click();
    const result = pub.getByTestId('pub-result');
    await result.waitFor({ timeout: 15_000 });
    const text = await result.innerText();
    expect(text).toContain('Secretaría de Seguridad del Estado de Jalisco');
    expect(text).not.toContain(folio);
    await pub.screenshot({ path: path.join(SHOTS, 'detentions-public-consultation.png') });
    await pub.close();
  }, 120_000);

  it('an auditor finds a folio a bulk file wrote: the batch row says where it is, the drawer shows the whole batch', async () => {
    const { f, capturist } = await jaliscoCapturist(w.t, 'C5 Jalisco');
    const auditor = await f.user({ roles: ['auditor'], entidad: '14' });
    const header = 'external_id,nombre,apellido_paterno,edad,sexo,entidad,municipio,fecha_hora_detencion,motivo,tipo,supuesto,offence_codes,agentes,autoridad_destino_tipo,autoridad_destino_nombre,lugar_traslado';
    const lines = Array.from({ length: 25 }, (_, i) => `AUD-${i},Persona${i},Ruiz,30,M,${ROW_REST}`);
    const boundary = '----serenoaudit';
    const payload = `--${boundary}\r\nContent-Disposition: form-data; name="source"\r\n\r\nsistema-aud\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="lote.csv"\r\nContent-Type: text/csv\r\n\r\n${[header, ...lines].join('\n')}\r\n--${boundary}--\r\n`;
    const s = await login(w.t.app, capturist.username);
    const imported = await w.t.app.inject({ method: 'POST', url: '/api/detentions/import', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: s.cookie, 'x-csrf-token': s.csrf } });
    expect(imported.json(), imported.body).toMatchObject({ created: 25, rejected: 0 });
    const { folio } = (await sql<{ folio: string }>`SELECT folio FROM detentions WHERE source = 'sistema-aud' AND external_id = 'AUD-17'`.execute(w.t.database.db)).rows[0];

    const page = await w.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(page, w.base, auditor.username, auditor.password);
    await page.goto(`${w.base}/auditoria?entity_id=${folio}`);
    const match = page.locator('[data-testid^="audit-match-"]');
    await match.waitFor({ timeout: 15_000 });
    expect(await match.innerText()).toBe(`${folio}: posición 18 de 25 del lote`);
    await page.locator('[data-testid^="audit-open-"]').first().click();
    await page.getByTestId('audit-drawer-match').waitFor();
    expect(await page.getByTestId('audit-drawer-match').innerText()).toContain('ID externo AUD-17');
    // The list sent the batch's lists cut to 10 items; the drawer reads the row whole.
    const json = page.getByTestId('audit-details-json');
    await page.waitForFunction(() => (document.querySelector('[data-testid="audit-details-json"]')?.textContent ?? '').includes('AUD-24'), undefined, { timeout: 15_000 });
    expect(await json.innerText()).toContain(folio);
    await page.waitForTimeout(400); // the drawer's opening transition
    await page.screenshot({ path: path.join(SHOTS, 'audit-folio-in-batch.png') });
    await page.close();
  }, 120_000);

  it('a capturist uploads a file through the page: rejected rows and rows registered with warnings, each by line', async () => {
    const { capturist } = await jaliscoCapturist(w.t, 'C5 Jalisco (carga)');
    const header = 'external_id,nombre,apellido_paterno,apellido_materno,edad,sexo,curp,entidad,municipio,fecha_hora_detencion,motivo,tipo,supuesto,offence_codes,agentes,autoridad_destino_tipo,autoridad_destino_nombre,lugar_traslado';
    const other = buildCurp({ nombre: 'Beatriz', apellido_paterno: 'Luna', apellido_materno: 'Paz', fecha_nacimiento: '1996-01-01', sexo: 'M', entidad_nacimiento: 'JC' });
    const file = path.join(SHOTS, 'carga-con-avisos.csv');
    fs.writeFileSync(file, [header, `UP-1,Ana,Ruiz,Soto,30,M,,${ROW_REST}`, `UP-2,Eva,Mora,Gil,treinta,M,,${ROW_REST}`, `UP-3,Ana,Ruiz,Soto,30,M,${other},${ROW_REST}`].join('\n'));

    const page = await w.browser.newPage({ viewport: { width: 1366, height: 900 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(page, w.base, capturist.username, capturist.password);
    await page.getByTestId('nav-detenciones-carga').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('det-import-file').click();
    await (await chooser).setFiles(file);
    await page.getByTestId('det-import-submit').click();
    await page.getByTestId('det-import-result').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('det-import-result').innerText()).toContain('3 filas · 2 creadas · 0 ya existían · 1 rechazadas · 1 con avisos');
    expect(await page.getByTestId('det-import-errors').innerText()).toMatch(/3\s+UP-2\s+edad:/);
    expect(await page.getByTestId('det-import-warnings').innerText()).toMatch(/4\s+UP-3\s+curp: la CURP empieza con LUPB y el nombre registrado daría RUSA/);
    // The file is listed among the recent uploads; opening it from there shows the same lines.
    const recent = page.getByTestId('det-import-recent');
    await recent.getByText('carga-con-avisos.csv').waitFor({ timeout: 15_000 });
    expect(await recent.innerText()).toMatch(/carga-con-avisos\.csv\s+carga-web\s+\S.*\s+Terminada\s+3 filas · 2 creadas · 1 rechazadas · 1 con avisos/i);
    await page.screenshot({ path: path.join(SHOTS, 'detentions-import-warnings.png'), fullPage: true });
    await page.reload();
    await recent.getByText('carga-con-avisos.csv').click();
    await page.getByTestId('det-import-warnings').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('det-import-result').innerText()).toContain('carga-con-avisos.csv');

    // A file that is not a workbook: the page says so, clears the last result, and the failed upload is listed with why.
    const damaged = path.join(SHOTS, 'danado.xlsx');
    fs.writeFileSync(damaged, 'esto no es un libro de Excel');
    const chooser2 = page.waitForEvent('filechooser');
    await page.getByTestId('det-import-file').click();
    await (await chooser2).setFiles(damaged);
    await page.getByTestId('det-import-submit').click();
    await page.getByText(/El archivo no se pudo leer como libro de Excel \(XLSX\)/).first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('det-import-result').count()).toBe(0);
    await recent.getByText('danado.xlsx').waitFor({ timeout: 15_000 });
    expect(await recent.innerText()).toMatch(/danado\.xlsx\s+carga-web\s+\S.*\s+Fallida\s+0 filas[^\n]*\n?\s*El archivo no se pudo leer como libro de Excel/i);
    await recent.getByText('danado.xlsx').click();
    await page.getByTestId('det-import-failure').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('det-import-failure').innerText()).toMatch(/^La carga se detuvo: El archivo no se pudo leer como libro de Excel/);
    expect(await page.getByText('No se pudo completar la acción').count()).toBe(0); // the upload's own error gave way to the record
    await page.screenshot({ path: path.join(SHOTS, 'detentions-import-damaged.png'), fullPage: true });
    await page.close();
  }, 120_000);
});
