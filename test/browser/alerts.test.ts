import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, factories, login } from '../helper.js';
import { hasChromium, SHOTS, startBrowserWorld, uiLogin } from './browser.js';

/** A valid POST /api/detentions body for a person detained in Ciudad de México twenty minutes before `now`. */
function detentionIn09(now: Date, persona: Record<string, unknown>) {
  return {
    persona: { senas_particulares: 'Cicatriz en la ceja izquierda', ...persona },
    lugar: { entidad: '09', municipio: null, domicilio: 'Eje Central 100', lat: 19.43, lon: -99.14 },
    fecha_hora_detencion: new Date(now.getTime() - 20 * 60_000).toISOString(),
    motivo: 'Detenido en flagrancia al sustraer una cartera en el transporte público',
    tipo: 'hecho_probablemente_delictivo', supuesto: 'flagrancia', offence_codes: [],
    autoridad_detencion: { agentes: [{ nombre: 'Luis Ramírez Soto', cargo: 'Policía Primero', unidad: 'Sector Centro' }] },
    autoridad_destino: { tipo: 'ministerio_publico', nombre: 'Agencia del Ministerio Público de Detenidos' },
    lugar_traslado: 'Agencia del Ministerio Público de Detenidos',
  };
}

describe.skipIf(!hasChromium)('browser: objetivos prioritarios and live alerts across states', () => {
  let w: Awaited<ReturnType<typeof startBrowserWorld>>;
  beforeAll(async () => { w = await startBrowserWorld(); }, 180_000);
  afterAll(() => w?.close());

  it('Jalisco lists a target; a spelling variant is detained in CDMX; the Jalisco C5 gets it live and acknowledges it; CDMX sees only the reduced view', async () => {
    const f = factories(w.t.database);
    const inst14 = await f.institution('14', 'c5', 'C5 Escudo Urbano Jalisco');
    const inst09 = await f.institution('09', 'c5', 'C5 Ciudad de México');
    const issuer = await f.user({ roles: ['analyst'], entidad: '14', institutionId: inst14.id });
    const c5jal = await f.user({ roles: ['c5_operator'], entidad: '14', institutionId: inst14.id });
    const c5cdmx = await f.user({ roles: ['c5_operator'], entidad: '09', institutionId: inst09.id });
    const cap09 = await f.user({ roles: ['capturist'], entidad: '09', institutionId: inst09.id });
    const opts = { viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' };
    const logErrors = (p: import('playwright-core').Page) => p.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });

    // State A (14 Jalisco) lists the target through the form.
    const ctxA = await w.browser.newContext(opts);
    const pageA = await ctxA.newPage();
    logErrors(pageA);
    await uiLogin(pageA, w.base, issuer.username, issuer.password);
    await pageA.getByTestId('nav-objetivos-nuevo').click();
    await pageA.getByTestId('tg-nombre').fill('Guillermo');
    await pageA.getByTestId('tg-paterno').fill('Villalobos');
    await pageA.getByTestId('tg-materno').fill('Sáenz');
    await pageA.getByTestId('tg-alias').fill('El Memo, El Güero');
    await pageA.getByTestId('tg-fecha-nacimiento').fill('1985-03-14');
    await pageA.getByTestId('tg-reason').fill('Orden de aprehensión vigente por homicidio calificado, causa penal 123/2026');
    await pageA.getByTestId('tg-contact-nombre').fill('Mesa de objetivos, C5 Jalisco');
    await pageA.getByTestId('tg-contact-telefono').fill('33 3668 1800');
    await pageA.screenshot({ path: path.join(SHOTS, 'alerts-1-target-form.png'), fullPage: true });
    await pageA.getByTestId('tg-submit').click();
    await pageA.getByTestId('target-status').waitFor({ timeout: 15_000 });
    expect(await pageA.getByTestId('target-status').getAttribute('data-status')).toBe('active');
    const targetId = Number(/\/objetivos\/(\d+)/.exec(pageA.url())![1]);
    expect(targetId).toBeGreaterThan(0);
    await pageA.screenshot({ path: path.join(SHOTS, 'alerts-2-target-detail.png'), fullPage: true });

    // State A's C5 operator has the alerts page open and connected before anything happens.
    const ctxC5 = await w.browser.newContext(opts);
    const c5 = await ctxC5.newPage();
    logErrors(c5);
    await uiLogin(c5, w.base, c5jal.username, c5jal.password);
    await c5.getByTestId('nav-alertas').click();
    await c5.locator('[data-testid="alerts-stream-status"][data-state="live"]').waitFor({ timeout: 15_000 });
    await c5.evaluate(() => { (window as unknown as { __noReload: boolean }).__noReload = true; });

    // State B (09) registers a detention of a spelling variant of that person, through the API.
    const det = await as(w.t.app, await login(w.t.app, cap09.username)).post('/api/detentions', detentionIn09(w.t.clock.now(), {
      nombre: 'Memo', apellido_paterno: 'Bilalobos', apellido_materno: 'Saenz', edad: 41, sexo: 'H', alias: [],
    }));
    expect(det.statusCode, det.body).toBe(201);
    const folio = det.json().folio as string;

    // The alert arrives live: banner and row, no reload.
    const banner = c5.getByTestId('alerts-live-banner');
    await banner.waitFor({ timeout: 15_000 });
    expect(await c5.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    const row = c5.locator('[data-testid^="alert-row-"]').first();
    expect(await row.innerText()).toContain(folio);
    expect(await row.getAttribute('data-status')).toBe('new');
    await c5.screenshot({ path: path.join(SHOTS, 'alerts-3-live-alert.png'), fullPage: true });

    // The operator opens it, sees the features side by side, and acknowledges it.
    await c5.getByTestId('alerts-banner-open').click();
    await c5.getByTestId('alert-comparison').waitFor({ timeout: 15_000 });
    const comparison = await c5.getByTestId('alert-comparison').innerText();
    expect(comparison).toContain('Villalobos');
    expect(comparison).toContain('Bilalobos');
    await c5.getByTestId('alert-reason').fill('Recibida en mesa C5; se contacta a CDMX');
    await c5.getByTestId('alert-acknowledge').click();
    await c5.locator('[data-testid="alert-status"][data-status="acknowledged"]').waitFor({ timeout: 15_000 });
    const alertId = Number(/\/alertas\/(\d+)/.exec(c5.url())![1]);
    await c5.screenshot({ path: path.join(SHOTS, 'alerts-4-acknowledged.png'), fullPage: true });

    // State B's user: the target is "not found"; the alert shows only the reduced view.
    const sB = await login(w.t.app, c5cdmx.username);
    expect((await as(w.t.app, sB).get(`/api/targets/${targetId}`)).statusCode).toBe(404);
    const reduced = (await as(w.t.app, sB).get(`/api/alerts/${alertId}`)).json();
    expect(reduced.side).toBe('hit');
    expect(reduced.target).toBeUndefined();
    expect(reduced.features).toBeUndefined();
    const ctxB = await w.browser.newContext(opts);
    const pageB = await ctxB.newPage();
    logErrors(pageB);
    await uiLogin(pageB, w.base, c5cdmx.username, c5cdmx.password);
    await pageB.goto(`${w.base}/objetivos/${targetId}`);
    await pageB.getByRole('alert').waitFor({ timeout: 15_000 });
    expect(await pageB.getByRole('alert').innerText()).toMatch(/No se encontró el objetivo/);
    await pageB.screenshot({ path: path.join(SHOTS, 'alerts-5-other-state-target-404.png') });
    await pageB.goto(`${w.base}/alertas/${alertId}`);
    await pageB.getByTestId('alert-reduced').waitFor({ timeout: 15_000 });
    const body = await pageB.locator('main').innerText();
    expect(body).not.toContain('Villalobos');
    expect(body).not.toContain('homicidio');
    expect(await pageB.getByTestId('alert-acknowledge').count()).toBe(0);
    await pageB.screenshot({ path: path.join(SHOTS, 'alerts-6-other-state-reduced.png'), fullPage: true });


    // An analyst of state B searches the person across the registries they may see: motivo required, ranked, explained.
    const analyst09 = await f.user({ roles: ['analyst'], entidad: '09', institutionId: inst09.id });
    const ctxS = await w.browser.newContext(opts);
    const pageS = await ctxS.newPage();
    logErrors(pageS);
    await uiLogin(pageS, w.base, analyst09.username, analyst09.password);
    await pageS.getByTestId('nav-personas-buscar').click();
    await pageS.getByTestId('ps-nombre').fill('villalobos saenz guillermo');
    await pageS.getByTestId('ps-submit').click();
    await pageS.getByText('Campo obligatorio').or(pageS.getByText(/obligatori/i)).first().waitFor({ timeout: 10_000 });
    expect(await pageS.getByTestId('ps-results').count()).toBe(0);
    await pageS.getByTestId('ps-motivo').fill('Carpeta de investigación CI-FCH/123/2026');
    await pageS.getByTestId('ps-submit').click();
    await pageS.getByTestId('ps-row-0').waitFor({ timeout: 15_000 });
    expect(await pageS.getByTestId('ps-row-0').innerText()).toContain(folio);
    expect(await pageS.getByTestId('ps-row-0').getAttribute('data-match')).toBe('true');
    await pageS.getByTestId('ps-why-0').click();
    await pageS.getByTestId('ps-comparison-0').waitFor({ timeout: 5_000 });
    await pageS.screenshot({ path: path.join(SHOTS, 'alerts-7-person-search.png'), fullPage: true });

    for (const c of [ctxA, ctxC5, ctxB, ctxS]) await c.close();
  }, 150_000);
});
