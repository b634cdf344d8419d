import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { fitPlateFormat } from '../../matching/plate.js';
import { Hotlist, hotlistFor } from './vehicles.hotlist.js';
import { makeActor } from '../../core/access.js';
import { openDatabase } from '../../core/db.js';
import { dropExpiredPartitions, ensurePartitions, ingestReads, isPlainValidRead } from './vehicles.reads.js';
import { PlateRead } from './vehicles.schema.js';

const theft = (o: Record<string, unknown> = {}) => ({
  source: 'fiscalia', external_id: `ext-${Math.random().toString(36).slice(2)}`, plate: 'JKL-123-4', plate_entidad: '14', vin: '1M8GDM9AXKP042788',
  make: 'Nissan', model: 'Versa', year: 2019, color: 'Gris', with_violence: true, stolen_at: '2026-11-23T08:00:00-06:00', lat: 20.67, lon: -103.35,
  place: 'Av. Vallarta y Chapultepec', carpeta: 'CI-JAL-2026-001234', ...o,
});

describe('stolen vehicles and plate reads', () => {
  let t: TestApp;
  type Who = 'cap14' | 'cap09' | 'c5_09' | 'c5_14' | 'c5_07' | 'analyst09';
  const s: Record<Who, Session> = {} as never;
  let camera09: number;
  let camera14: number;
  let report: { id: number; entidad: string };
  let n = 0;
  const readAt = (minutes: number) => new Date(t.clock.now().getTime() - minutes * 60_000).toISOString();
  const read = (plate: string | string[], o: Record<string, unknown> = {}) => ({
    camera_id: camera09, read_at: readAt(++n), candidates: (Array.isArray(plate) ? plate : [plate]).map((p, i) => ({ plate: p, confidence: 0.9 - i * 0.1 })),
    direction: 'norte', image_ref: `s3://lpr/09/${n}.jpg`, ...o,
  });
  /** A read at a given age that leaves the shared counter alone (later tests' reads stay recent). */
  const readAged = (plate: string, minutesAgo: number, o: Record<string, unknown> = {}) => ({
    camera_id: camera09, read_at: readAt(minutesAgo), candidates: [{ plate, confidence: 0.9 }], direction: 'norte', image_ref: `s3://lpr/09/aged-${minutesAgo}.jpg`, ...o,
  });
  const post = (who: Who, body: unknown, headers?: Record<string, string>) => as(t.app, s[who]).post('/api/vehicles/reads', body, headers);

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    const inst14 = await f.institution('14', 'prosecutor');
    const c5inst14 = await f.institution('14', 'c5');
    const inst09 = await f.institution('09', 'c5');
    const mk = async (who: Who, roles: Parameters<typeof f.user>[0]['roles'], entidad: string, institutionId?: number) => {
      s[who] = await login(t.app, (await f.user({ roles, entidad, institutionId })).username);
    };
    await mk('cap14', ['capturist'], '14', inst14.id);
    await mk('cap09', ['capturist'], '09', inst09.id);
    await mk('c5_09', ['c5_operator'], '09', inst09.id);
    await mk('c5_14', ['c5_operator'], '14', c5inst14.id);
    await mk('c5_07', ['c5_operator'], '07');
    await mk('analyst09', ['analyst'], '09');
    const cam = await as(t.app, s.cap09).post('/api/vehicles/cameras', { code: 'ARCO-CDMX-01', name: 'Arco Periférico Norte', lat: 19.49, lon: -99.2, direction: 'norte' });
    expect(cam.statusCode, cam.body).toBe(201);
    camera09 = cam.json().id;
    const cam14 = await as(t.app, s.cap14).post('/api/vehicles/cameras', { code: 'ARCO-GDL-01', name: 'Arco López Mateos', lat: 20.63, lon: -103.41 });
    camera14 = cam14.json().id;
    const res = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ external_id: 'fge-jal-1' }));
    expect(res.statusCode, res.body).toBe(201);
    report = res.json();
    expect(report).toMatchObject({ entidad: '14', status: 'stolen', plate: 'JKL1234', vin_check_ok: true });
  });
  afterAll(() => t.close());

  it('fits readings to Mexican formats through OCR confusions, and rejects what fits none', () => {
    expect(fitPlateFormat('JKLI234')?.plate).toBe('JKL1234');
    expect(fitPlateFormat(' jkl 1234')?.plate).toBe('JKL1234');
    expect(fitPlateFormat('JKL-12-34')?.plate).toBe('JKL1234');
    expect(fitPlateFormat('8CD1234')?.plate).toBe('BCD1234');
    expect(fitPlateFormat('JKL12345')).toBeNull();
    expect(fitPlateFormat('12')).toBeNull();
    expect(fitPlateFormat('JKLMNOP')).toBeNull();
  });

  it('accepts on its fast path only reads that the zod schema accepts', () => {
    const ok = { camera_id: 3, read_at: '2026-11-23T10:00:00.123-06:00', candidates: [{ plate: 'ABC1234', confidence: 0.9 }], lat: 19.4, lon: -99.1, direction: 'norte', image_ref: 'x' };
    const variants: unknown[] = [ok, { ...ok, read_id: 'r1' }, { ...ok, lat: null, lon: null }, { ...ok, read_at: '2026-02-30T10:00:00Z' }, { ...ok, read_at: '2026-02-28T10:00:00Z' },
      { ...ok, read_at: '2026-11-23T24:00:00Z' }, { ...ok, read_at: '2026-11-23 10:00:00Z' }, { ...ok, read_at: '2026-11-23T10:00:00' }, { ...ok, camera_id: 1.5 }, { ...ok, camera_id: '3' },
      { ...ok, extra: 1 }, { ...ok, candidates: [] }, { ...ok, candidates: [{ plate: '' }] }, { ...ok, candidates: [{ plate: 'A', confidence: 2 }] }, { ...ok, candidates: [{ plate: 'A', x: 1 }] },
      { ...ok, lat: 50 }, { ...ok, lon: -80 }, { ...ok, direction: 'x'.repeat(41) }, { ...ok, read_at: '2026-11-23T10:00:00+25:00' }, null, [], 'x'];
    for (const v of variants) {
      if (isPlainValidRead(v)) expect(PlateRead.safeParse(v).success, JSON.stringify(v)).toBe(true);
    }
    expect(isPlainValidRead(ok)).toBe(true);
  });

  it('validates theft reports naming the field, in Spanish or English; a retry answers the same report', async () => {
    const bad = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ vin: '1M8GDM9A1KP042788', year: 1800 }));
    expect(bad.statusCode).toBe(400);
    const issues = bad.json().error.details.issues as { path: string; message: string }[];
    expect(issues.find((i) => i.path === 'vin')?.message).toMatch(/dígito verificador/);
    expect(issues.find((i) => i.path === 'year')?.message).toMatch(/año modelo/);
    const en = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ vin: 'IM8GDM9AXKP042788' }), { 'accept-language': 'en' });
    expect(en.json().error.details.issues[0]).toMatchObject({ path: 'vin', message: expect.stringMatching(/17 characters/) });
    const none = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ plate: null, vin: null }));
    expect(none.json().error.details.issues[0]).toMatchObject({ path: 'plate', message: 'indique la placa o el NIV' });
    // a theft after the server's clock (beyond a few minutes of skew) is refused, naming the field
    const later = new Date(t.clock.now().getTime() + 60 * 60_000).toISOString();
    const future = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ stolen_at: later }));
    expect([future.statusCode, future.json().error.details.issues[0]]).toEqual([400, expect.objectContaining({ path: 'stolen_at', message: 'la fecha y hora no puede estar en el futuro' })]);
    const futureEn = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ stolen_at: later }), { 'accept-language': 'en' });
    expect(futureEn.json().error.details.issues[0]).toMatchObject({ path: 'stolen_at', message: 'the date and time cannot be in the future' });

    const again = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ external_id: 'fge-jal-1' }));
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: report.id, created: false });
    const timeline = await as(t.app, s.cap14).get(`/api/vehicles/reports/${report.id}/timeline`);
    expect(timeline.json().items.map((e: { kind: string }) => e.kind)).toEqual(['reported']);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'vehicle.theft_reported' AND entity_id = ${String(report.id)}`.execute(t.database.db);
    expect(rows[0].n).toBe(1);
  });

  it('answers 404 for another entidad\'s report (read, timeline, recover, cancel)', async () => {
    for (const [method, url, body] of [
      ['GET', `/api/vehicles/reports/${report.id}`], ['GET', `/api/vehicles/reports/${report.id}/timeline`],
      ['POST', `/api/vehicles/reports/${report.id}/recover`, { recovered_at: readAt(0), condition: 'intacto' }],
      ['POST', `/api/vehicles/reports/${report.id}/cancel`, { reason: 'captura duplicada' }],
    ] as const) {
      const res = method === 'GET' ? await as(t.app, s.cap09).get(url) : await as(t.app, s.cap09).post(url, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().error.code).toBe('vehicle_report_not_found');
    }
    const list = await as(t.app, s.analyst09).get('/api/vehicles/reports');
    expect(list.json().items.find((r: { id: number }) => r.id === report.id)).toBeUndefined();
  });

  it('hits a stolen JKL1234 read as JKLI234, JKL-12-34 and " jkl 1234", routed to the camera\'s and the report\'s entidad', async () => {
    const res = await post('cap09', [read('JKLI234'), read(['XYZ9876', 'JKL-12-34']), read(' jkl 1234'), read('JKL1234', { camera_id: camera09 })]);
    expect(res.statusCode, res.body).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ received: 4, accepted: 4, stored: 4, rejected: [] });
    expect(out.hits.map((h: { index: number }) => h.index)).toEqual([0, 1, 2, 3]);
    expect(out.hits.every((h: { report_id: number; distance: number }) => h.report_id === report.id && h.distance === 0)).toBe(true);
    // the reads of one pass within five minutes share one alert
    const ids = new Set(out.hits.map((h: { alert_id: number | null }) => h.alert_id).filter(Boolean));
    expect(ids.size).toBeGreaterThanOrEqual(1);

    const c5 = await as(t.app, s.c5_09).get('/api/alerts?kind=vehicle');
    const alert = c5.json().items[0];
    expect(alert).toMatchObject({ kind: 'vehicle', side: 'hit', status: 'new', hit: { entidad: '09' }, issuer: { entidad: '14' }, report_id: report.id });
    expect(alert.vehicle.read).toMatchObject({ camera: { id: camera09, code: 'ARCO-CDMX-01' }, lat: 19.49, lon: -99.2, image_ref: expect.stringMatching(/^s3:\/\/lpr\/09\//) });
    expect(alert.vehicle.report).toMatchObject({ plate: 'JKL1234', make: 'Nissan', lat: 20.67, lon: -103.35 });
    const issuer = await as(t.app, s.c5_14).get(`/api/alerts/${alert.id}`);
    expect(issuer.json()).toMatchObject({ id: alert.id, side: 'issuer', kind: 'vehicle' });
    expect((await as(t.app, s.c5_07).get(`/api/alerts/${alert.id}`)).statusCode).toBe(404);
  });

  it('does not hit near misses: two characters off, another format, and readings that fit no plate format', async () => {
    const res = await post('cap09', [read('JKL1256'), read('JKM1235'), read('JKL123'), read('KLJ1234'), read('JKL12345'), read('ZZZ')]);
    const out = res.json();
    expect(out.hits).toEqual([]);
    expect(out.rejected.map((r: { index: number }) => r.index)).toEqual([4, 5]);
    expect(out.rejected[0].issues[0]).toMatchObject({ path: '[4].candidates', message: expect.stringMatching(/formato de placa mexicano/) });
    // one character off (not an OCR confusion) is another plate unless PLATE_MATCH_MAX_DISTANCE allows it (default 0)
    expect((await post('cap09', [read('JKL1235')])).json().hits).toEqual([]);
  });

  it('with a bounded edit distance of 1, finds a plate one character off (weaker hit), never two', () => {
    const h = new Hotlist(1);
    h.apply({ entidad: '14', id: 1, institution_id: 1, plate: 'JKL1234', key: 'JK11234', version: 1, status: 'stolen' });
    h.apply({ entidad: '14', id: 2, institution_id: 1, plate: 'ABC123', key: 'A8C123', version: 1, status: 'stolen' });
    expect(h.check([{ plate: 'JKL1235', key: 'JK11235' }])).toMatchObject([{ entry: { id: 1 }, distance: 1, exact: false }]);
    expect(h.check([{ plate: 'JKL1256', key: 'JK11256' }])).toEqual([]);
    expect(h.check([{ plate: 'ABC1234', key: 'A8C1234' }])).toEqual([]);
    expect(h.check([{ plate: 'JKLI234', key: 'JK11234' }])).toMatchObject([{ entry: { id: 1 }, distance: 0 }]);
    // a recovery (newer version) removes it; an older "reported" replayed later does not bring it back
    h.apply({ entidad: '14', id: 1, institution_id: 1, plate: 'JKL1234', key: 'JK11234', version: 2, status: 'recovered' });
    h.apply({ entidad: '14', id: 1, institution_id: 1, plate: 'JKL1234', key: 'JK11234', version: 1, status: 'stolen' });
    expect(h.check([{ plate: 'JKL1235', key: 'JK11235' }])).toEqual([]);
    expect(h.size).toBe(1);
  });

  it('keeps the good reads of a batch with malformed entries and reports the bad ones by index; NDJSON too', async () => {
    const batch = [read('AAA1111'), { read_at: readAt(1), candidates: [{ plate: 'BBB2222' }] }, read('CCC3333'), read('DDD4444', { read_at: 'ayer' }),
      read('EEE5555', { camera_id: 999999 }), read('FFF6666', { candidates: [] }), read('GGG7777')];
    const res = await post('cap09', batch);
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out).toMatchObject({ received: 7, accepted: 3, stored: 3 });
    expect(out.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3, 4, 5]);
    expect(out.rejected[0].issues[0].path).toBe('[1].camera_id');
    expect(out.rejected[1].issues[0].path).toBe('[3].read_at');
    const en = (await post('cap09', [{ ...read('HHH8888'), camera_id: 'x' }], { 'accept-language': 'en' })).json();
    expect(en.rejected[0].issues[0].message).toBe('numeric camera id');

    const nd = [JSON.stringify(read('JJJ1234')), '{no es json', JSON.stringify(read('KKK1234'))].join('\n');
    const res2 = await t.app.inject({ method: 'POST', url: '/api/vehicles/reads', payload: nd, headers: { cookie: s.cap09.cookie, 'x-csrf-token': s.cap09.csrf, 'content-type': 'application/x-ndjson' } });
    expect(res2.statusCode, res2.body).toBe(200);
    expect(res2.json()).toMatchObject({ received: 3, stored: 2, rejected: [{ index: 1 }] });
    // CRLF line ends, a byte-order mark, a blank line inside (not JSON, by its index) and a final newline
    const crlf = `\ufeff${JSON.stringify(read('JJJ1235'))}\r\n\r\n${JSON.stringify(read('KKK1235'))}\r\n`;
    const res3 = await t.app.inject({ method: 'POST', url: '/api/vehicles/reads', payload: crlf, headers: { cookie: s.cap09.cookie, 'x-csrf-token': s.cap09.csrf, 'content-type': 'application/x-ndjson' } });
    expect(res3.json()).toMatchObject({ received: 3, stored: 2, rejected: [{ index: 1, issues: [{ code: 'invalid_json' }] }] });
  });

  it('stores nothing twice when a batch is re-sent (and raises no second alert)', async () => {
    const batch = [read('MMM1000'), read('JKL1234', { read_id: 'cam09-77' }), read('NNN2000')];
    const first = (await post('cap09', batch)).json();
    expect(first.stored).toBe(3);
    const count = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM plate_reads`.execute(t.database.db)).rows[0].n;
    const alerts = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM alerts WHERE kind = 'vehicle'`.execute(t.database.db)).rows[0].n;
    const before = [await count(), await alerts()];
    const again = (await post('cap09', batch)).json();
    expect(again).toMatchObject({ received: 3, stored: 0, duplicates: 3 });
    expect([await count(), await alerts()]).toEqual(before);
    // a batch partly stored before: only its new reads are stored
    const mixed = (await post('cap09', [batch[2], read('RRR4000'), batch[0]])).json();
    expect(mixed).toMatchObject({ received: 3, stored: 1, duplicates: 2 });
    expect(await count()).toBe(before[0] + 1);
    // the same read twice in one batch is kept once
    const twice = (await post('cap09', [read('PPP3000', { read_at: readAt(500) }), read('PPP3000', { read_at: readAt(500) })])).json();
    expect(twice).toMatchObject({ stored: 1, duplicates: 1 });
  });

  it('stores a large batch whose later reads fall on a day without a partition yet, and nothing twice when it is re-sent', async () => {
    // Past the first chunk (2,048 reads) the COPY is already streaming: reads of a new day are copied after it commits.
    const plate = (i: number) => `SXT${String(i).padStart(4, '0')}`;
    const batch = Array.from({ length: 2300 }, (_, i) => readAged(plate(i), i < 2100 ? 2000 + i : 60 * 24 * 6 + i));
    // and a hit, late in the batch, on a third day without a partition: its partition is made once the COPY committed
    // (made while this batch's own COPY was open, the DDL would wait on it for ever)
    batch[2250] = readAged('JKL1234', 60 * 24 * 9);
    const first = (await post('cap09', batch)).json();
    expect(first).toMatchObject({ received: 2300, accepted: 2300, stored: 2300, duplicates: 0, rejected: [] });
    expect(first.hits).toMatchObject([{ index: 2250, report_id: report.id }]);
    const again = (await post('cap09', batch)).json();
    expect(again).toMatchObject({ received: 2300, stored: 0, duplicates: 2300 });
    const { rows: [c] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM plate_reads WHERE plate LIKE 'SXT%'`.execute(t.database.db);
    expect(c.n).toBe(2299);
  }, 30_000);

  it('never holds every pool client with streaming COPYs: concurrent large batches meeting an uncached camera finish', async () => {
    // A batch whose COPY streams holds a client while it may still need another (a camera not in the cache). With a
    // two-client pool and two such batches at once, both clients would be held and neither lookup could run.
    const url = (t.database.pool as unknown as { options: { connectionString?: string } }).options.connectionString;
    const small = t.database.kind === 'postgresql' && url ? await openDatabase({ databaseUrl: url, poolSize: 2 }) : t.database;
    try {
      const camera = async (code: string) => (await as(t.app, s.cap09).post('/api/vehicles/cameras', { code, name: `Arco ${code}`, lat: 19.3, lon: -99.15 })).json().id as number;
      const [cam2, cam3] = [await camera('ARCO-CDMX-02'), await camera('ARCO-CDMX-03')];
      const actor = makeActor({ type: 'api_key', id: 1, name: 'lectores', roles: ['capturist'], institutionId: null, entidad: null, captureScope: 'national', viewScope: 'national' });
      const ctx = { db: small.db, actor, now: () => t.clock.now() };
      // each batch meets its own new camera near its end, long after both batches' COPYs are streaming
      const batch = (tag: string, late: number) => Array.from({ length: 12_000 }, (_, i) => readAged(`${tag}${String(i % 10_000).padStart(4, '0')}`, 3000 + i, i >= 11_900 ? { camera_id: late } : {}));
      const opts = { database: small, retentionDays: 90, maxDistance: 0 };
      const outs = await Promise.all([ingestReads(ctx, batch('PXA', cam2), opts), ingestReads(ctx, batch('PXB', cam3), opts)]);
      expect(outs.map((o) => [o.stored, o.rejected.length])).toEqual([[12_000, 0], [12_000, 0]]);
    } finally {
      if (small !== t.database) await small.close();
    }
  }, 30_000);

  it('keeps one hotlist per match distance, so a loader checking at distance 1 does not set the server\'s', async () => {
    const [d1, d0] = [await hotlistFor(t.database.db, 1), await hotlistFor(t.database.db, 0)];
    expect([d1.maxDistance, d0.maxDistance, d0 === (await hotlistFor(t.database.db, 0))]).toEqual([1, 0, true]);
    const before = [d1.size, d0.size];
    const res = await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ external_id: 'fge-jal-hl', plate: 'HLT4321', vin: null }));
    expect(res.statusCode, res.body).toBe(201);
    // a new report reaches every hotlist of the process at once
    expect([d1.size, d0.size]).toEqual([before[0] + 1, before[1] + 1]);
    expect(d0.check([{ plate: 'HLT4322', key: 'H1T4322' }])).toEqual([]);
    expect(d1.check([{ plate: 'HLT4322', key: 'H1T4322' }]).map((h) => h.distance)).toEqual([1]);
  });

  it('refuses a camera of another entidad (by index) and reads without the capture permission', async () => {
    const res = (await post('cap09', [read('QQQ1234', { camera_id: camera14 })])).json();
    expect(res.rejected[0].issues[0]).toMatchObject({ path: '[0].camera_id' });
    expect((await post('c5_09', [read('QQQ1234')])).statusCode).toBe(403);
  });

  it('keeps a second process\'s hotlist current from the outbox, and a recovery clears the plate at once', async () => {
    const other = new Hotlist(1);
    await other.load(t.database.db);
    const fresh = (await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ plate: 'RST4321', vin: null }))).json();
    await other.sync(t.database.db);
    expect(other.check([{ plate: 'RST4321', key: 'R5T4321' }]).map((h) => h.entry.id)).toEqual([fresh.id]);

    const hit = (await post('cap09', [read('RST4321')])).json();
    expect(hit.hits).toHaveLength(1);
    const early = await as(t.app, s.cap14).post(`/api/vehicles/reports/${fresh.id}/recover`, { recovered_at: '2026-11-22T08:00:00-06:00', condition: 'danado' });
    expect([early.statusCode, early.json().error.details.issues[0]]).toEqual([400, expect.objectContaining({ path: 'recovered_at', message: 'la recuperación no puede ser anterior al robo' })]);
    const rec = await as(t.app, s.cap14).post(`/api/vehicles/reports/${fresh.id}/recover`, { recovered_at: readAt(0), condition: 'danado', lat: 20.7, lon: -103.3, place: 'Corralón' });
    expect(rec.statusCode, rec.body).toBe(200);
    expect(rec.json().status).toBe('recovered');
    const after = (await post('cap09', [read('RST4321')])).json();
    expect(after.hits).toEqual([]);
    await other.sync(t.database.db);
    expect(other.check([{ plate: 'RST4321', key: 'R5T4321' }])).toEqual([]);
    const tl = (await as(t.app, s.cap14).get(`/api/vehicles/reports/${fresh.id}/timeline`)).json();
    expect(tl.items.map((e: { kind: string }) => e.kind)).toEqual(['reported', 'recovered']);
    expect((await as(t.app, s.cap14).post(`/api/vehicles/reports/${fresh.id}/cancel`, { reason: 'ya recuperado' })).statusCode).toBe(409);
  });

  it('lets the camera\'s C5 acknowledge, dispatch and mark recovered, which records the recovery on the report', async () => {
    const plate = 'UVW5678';
    const rep = (await as(t.app, s.cap14).post('/api/vehicles/reports', theft({ plate, vin: null }))).json();
    const out = (await post('cap09', [read(plate), read(plate)])).json();
    const alertId = out.hits[0].alert_id as number;
    expect(alertId).toBeGreaterThan(0);
    const c5 = as(t.app, s.c5_09);
    expect((await c5.post(`/api/alerts/${alertId}/acknowledge`, { reason: 'Visto en el monitor' })).json().status).toBe('acknowledged');
    expect((await c5.post(`/api/alerts/${alertId}/dispatch`, { reason: 'Unidad 12 en camino' })).json().status).toBe('dispatched');
    const route = (await c5.get(`/api/vehicles/alerts/${alertId}/reads`)).json();
    expect(route.items.length).toBe(2);
    expect(route.items[0]).toMatchObject({ camera_code: 'ARCO-CDMX-01', lat: 19.49 });
    expect((await as(t.app, s.c5_07).get(`/api/vehicles/alerts/${alertId}/reads`)).statusCode).toBe(404);
    expect((await c5.post(`/api/alerts/${alertId}/recovered`, { reason: 'Asegurado en Periférico' })).json().status).toBe('recovered');
    expect((await c5.post(`/api/alerts/${alertId}/dispatch`, {})).statusCode).toBe(409);
    await t.dispatcher.drain();
    const r = (await as(t.app, s.cap14).get(`/api/vehicles/reports/${rep.id}`)).json();
    expect(r.status).toBe('recovered');
    expect(r.recovery).toMatchObject({ lat: 19.49, lon: -99.2, alert_id: alertId });
    expect((await post('cap09', [read(plate)])).json().hits).toEqual([]);
  });

  it('counts thefts, recoveries and hits per camera', async () => {
    const st = (await as(t.app, s.cap14).get('/api/vehicles/stats')).json();
    expect(st.totals.thefts).toBeGreaterThanOrEqual(3);
    expect(st.totals.recovered).toBeGreaterThanOrEqual(2);
    expect(st.by_entidad.map((e: { entidad: string }) => e.entidad)).toEqual(['14']);
    const nat = (await as(t.app, s.c5_09).get('/api/vehicles/stats')).json();
    expect(nat.cameras.find((c: { id: number }) => c.id === camera09).hits).toBeGreaterThan(3);
  });

  it('creates daily partitions on demand and drops those past retention', async () => {
    const db = t.database.db;
    await ensurePartitions(db, ['2026-01-02'], 3650, t.clock.now());
    const names = async () => (await sql<{ n: string }>`SELECT c.relname AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'plate_reads'::regclass`.execute(db)).rows.map((r) => r.n);
    expect(await names()).toContain('plate_reads_p20260102');
    const dropped = await dropExpiredPartitions(db, 30, t.clock.now());
    expect(dropped).toEqual(['plate_reads_p20260102']);
    expect(await names()).not.toContain('plate_reads_p20260102');
    expect((await names()).length).toBeGreaterThan(0);
  });
});
