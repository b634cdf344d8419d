import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, factories, login } from '../helper.js';
import { hasChromium, SHOTS, startBrowserWorld, uiLogin } from './browser.js';

describe.skipIf(!hasChromium)('browser: stolen vehicles in the C5', () => {
  let w: Awaited<ReturnType<typeof startBrowserWorld>>;
  beforeAll(async () => { w = await startBrowserWorld(); }, 180_000);
  afterAll(() => w?.close());

  it('a theft reported in Jalisco, read by a camera in Mexico City: the CDMX C5 sees the hit live on the map and dispatches', async () => {
    const f = factories(w.t.database);
    const fge14 = await f.institution('14', 'prosecutor', 'Fiscalía del Estado de Jalisco');
    const c5cdmx = await f.institution('09', 'c5', 'C5 Ciudad de México');
    const cap14 = await f.user({ roles: ['capturist'], entidad: '14', institutionId: fge14.id });
    const reader09 = await f.user({ roles: ['capturist'], entidad: '09', institutionId: c5cdmx.id });
    const c5op = await f.user({ roles: ['c5_operator'], entidad: '09', institutionId: c5cdmx.id });

    // 1. The theft, reported through the form by Jalisco's capturist.
    const page = await w.browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    page.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(page, w.base, cap14.username, cap14.password);
    await page.getByTestId('nav-vehiculos').click();
    await page.getByTestId('veh-form-plate').fill('JKL-123-4');
    await page.getByTestId('veh-form-make').fill('Nissan');
    // The server's clock is fixed at 2026-11-23 12:00 (Mexico City): a theft that morning.
    await page.getByTestId('veh-form-stolen-at').fill('2026-11-23T08:15');
    await page.getByTestId('veh-form-lat').fill('20.6597');
    await page.getByTestId('veh-form-lon').fill('-103.3496');
    await page.getByTestId('veh-form-place').fill('Av. Juárez y 16 de Septiembre, Guadalajara');
    await page.getByTestId('veh-form-submit').click();
    await page.getByTestId('veh-form-done').waitFor({ timeout: 15_000 });
    await page.screenshot({ path: path.join(SHOTS, 'vehicles-report-form.png'), fullPage: true });
    await page.close();

    // 2. A camera of the CDMX C5, registered through the API.
    const reader = as(w.t.app, await login(w.t.app, reader09.username));
    const cam = await reader.post('/api/vehicles/cameras', { code: 'ARCO-CDMX-07', name: 'Arco Periférico Norte / Indios Verdes', lat: 19.4958, lon: -99.1191, direction: 'sur' });
    expect(cam.statusCode, cam.body).toBe(201);

    // 3. The CDMX C5 operator opens the live view.
    const ctx = await w.browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'es-MX', timezoneId: 'America/Mexico_City' });
    const c5 = await ctx.newPage();
    c5.on('console', (m) => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 600)); });
    await uiLogin(c5, w.base, c5op.username, c5op.password);
    await c5.getByTestId('nav-c5-vehiculos').click();
    await c5.getByTestId('veh-c5-live').filter({ hasText: 'En vivo' }).waitFor({ timeout: 15_000 });

    // 4. Reads arrive from the camera; one of them is the stolen plate, read with an OCR confusion.
    const now = w.t.clock.now().getTime();
    const reads = [
      { camera_id: cam.json().id, read_at: new Date(now - 20 * 60_000).toISOString(), candidates: [{ plate: 'PRT4410', confidence: 0.95 }], image_ref: 'lpr://cdmx/07/1.jpg' },
      { camera_id: cam.json().id, read_at: new Date(now - 2 * 60_000).toISOString(), candidates: [{ plate: 'JKLI234', confidence: 0.88 }, { plate: 'JKL1Z34', confidence: 0.5 }], lat: 19.4958, lon: -99.1191, direction: 'sur', image_ref: 'lpr://cdmx/07/2.jpg' },
    ];
    const res = await reader.post('/api/vehicles/reads', reads);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().hits).toHaveLength(1);
    const alertId = res.json().hits[0].alert_id as number;

    const item = c5.getByTestId(`veh-hit-${alertId}`);
    await item.waitFor({ timeout: 15_000 });
    await item.click();
    const caption = c5.getByTestId('veh-map-caption');
    await caption.waitFor({ timeout: 15_000 });
    expect(await caption.innerText()).toContain('ARCO-CDMX-07');
    expect(await caption.innerText()).toContain('Jalisco');
    await c5.getByTestId('veh-map').locator('path').first().waitFor({ timeout: 15_000 });
    await c5.waitForTimeout(800);
    await c5.screenshot({ path: path.join(SHOTS, 'vehicles-c5-hit-map.png'), fullPage: true });

    await c5.getByTestId('veh-dispatch').click();
    await c5.getByTestId('veh-alert-status').filter({ hasText: 'Unidades enviadas' }).waitFor({ timeout: 15_000 });
    await c5.screenshot({ path: path.join(SHOTS, 'vehicles-c5-dispatched.png') });
    await ctx.close();
  }, 150_000);
});
