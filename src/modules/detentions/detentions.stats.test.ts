import { createRequire } from 'node:module';
import path from 'node:path';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { registrationBody, seedTestMunicipios, seedTestOffences } from './detentions.factories.js';

/** The text of each page of a PDF, as pdf.js (Firefox's reader) extracts it. */
async function pdfPages(pdf: Buffer): Promise<string[]> {
  const standardFontDataUrl = path.join(path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/');
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, useSystemFonts: false, standardFontDataUrl }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(' ').replace(/\s+/g, ' '));
  }
  await doc.destroy();
  return pages;
}

describe('dashboard stats and the monthly report', () => {
  let t: TestApp;
  let analyst14: Session, analystNational: Session, liaison14: Session, capturist14: Session;
  let inst14: number, inst09: number;

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestOffences(t.database.db);
    await seedTestMunicipios(t.database.db, '14', [['039', 'Guadalajara'], ['120', 'Zapopan']]);
    const f = factories(t.database);
    inst14 = Number((await f.institution('14', 'security_secretariat', 'Comisaría de Guadalajara (prueba)')).id);
    inst09 = Number((await f.institution('09', 'security_secretariat', 'SSC Ciudad de México (prueba)')).id);
    const national = await login(t.app, (await f.user({ roles: ['capturist'], entidad: null, scope: 'national' })).username);
    analyst14 = await login(t.app, (await f.user({ roles: ['analyst'], entidad: '14' })).username);
    liaison14 = await login(t.app, (await f.user({ roles: ['liaison'], entidad: '14' })).username);
    capturist14 = await login(t.app, (await f.user({ roles: ['capturist'], entidad: '14' })).username);
    analystNational = await login(t.app, (await f.user({ roles: ['analyst'], entidad: null, scope: 'national' })).username);

    const falta = { tipo: 'falta_administrativa', supuesto: 'arresto_administrativo', autoridad_destino: { tipo: 'juez_civico', nombre: 'Juzgado Cívico 1' } };
    const mk = (n: number, entidad: string, local: string, o: Record<string, any> = {}, lagMin = 10) => {
      const at = new Date(`${local}-06:00`);
      return registrationBody(at, {
        source: 'stats-test', external_id: `S-${n}`, fecha_hora_registro: new Date(at.getTime() + lagMin * 60_000).toISOString(),
        lugar: { entidad, municipio: null, lat: null, lon: null }, autoridad_detencion: { institution_id: entidad === '14' ? inst14 : inst09 }, ...o,
        ...(o.lugar ? { lugar: { entidad, lat: null, lon: null, ...o.lugar } } : {}),
      });
    };
    const items = [
      mk(1, '14', '2026-10-01T02:00:00', { lugar: { municipio: '039' } }),
      mk(2, '14', '2026-10-01T22:00:00', { ...falta, offence_codes: ['T-EBRIO'], lugar: { municipio: '039' } }),
      mk(3, '14', '2026-10-05T13:00:00', { ...falta, offence_codes: ['T-EBRIO'], lugar: { municipio: '120' } }, 180),
      mk(4, '14', '2026-10-15T09:00:00', { ...falta, offence_codes: ['T-EBRIO'], lugar: { municipio: '120' } }),
      mk(5, '14', '2026-10-20T10:00:00', { offence_codes: ['T-ROBO', 'T-DO'], lugar: { municipio: '039' } }),
      mk(6, '14', '2026-10-31T23:30:00', { ...falta, offence_codes: [] }), // 05:30Z on 1 November: still October in Jalisco
      mk(7, '09', '2026-10-02T12:00:00', { lugar: { municipio: '015' } }),
      mk(8, '09', '2026-10-02T13:00:00', { lugar: { municipio: '015' } }),
      mk(9, '09', '2026-10-28T08:00:00', { ...falta, offence_codes: ['T-RINA'] }),
      mk(10, '14', '2026-11-02T08:00:00', {}),
    ];
    const res = await as(t.app, national).post('/api/detentions/batch', items);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().created, res.body).toBe(10);
  });
  afterAll(() => t.close());

  const october = 'from=2026-10-01&to=2026-10-31';

  it('counts within the view territory, by day, entidad, municipio, tipo, offence, institution, lag and flag', async () => {
    const res = await as(t.app, analyst14).get(`/api/detentions/stats?${october}`);
    expect(res.statusCode, res.body).toBe(200);
    const s = res.json();
    expect(s.filters).toMatchObject({ from: '2026-10-01', to: '2026-10-31', period: 'day' });
    expect(s.total).toBe(6);
    expect(s.per_entidad).toEqual([{ entidad: '14', nombre: 'Jalisco', count: 6, flags: s.flags }]);
    expect(s.per_period).toHaveLength(31);
    expect(s.per_period.reduce((a: number, p: { count: number }) => a + p.count, 0)).toBe(6);
    expect(s.per_period.find((p: { period: string }) => p.period === '2026-10-01').count).toBe(2);
    expect(s.per_period.find((p: { period: string }) => p.period === '2026-10-31').count).toBe(1);
    expect(s.per_tipo).toEqual([{ tipo: 'falta_administrativa', count: 4 }, { tipo: 'hecho_probablemente_delictivo', count: 2 }]);
    expect(s.per_offence).toEqual([
      { code: 'T-EBRIO', nombre: 'Ingerir bebidas alcohólicas en la vía pública (prueba)', kind: 'falta', count: 3 },
      { code: 'T-ROBO', nombre: 'Robo (prueba)', kind: 'delito', count: 2 },
      { code: 'T-DO', nombre: 'Delincuencia organizada (prueba)', kind: 'delito', count: 1 },
    ]);
    expect(s.per_municipio).toEqual(expect.arrayContaining([
      { entidad: '14', municipio: '039', nombre: 'Guadalajara', count: 3 },
      { entidad: '14', municipio: '120', nombre: 'Zapopan', count: 2 },
      { entidad: '14', municipio: null, nombre: null, count: 1 },
    ]));
    expect(s.per_institution).toEqual([{ institution_id: inst14, nombre: 'Comisaría de Guadalajara (prueba)', entidad: '14', count: 6, flags: s.flags }]);
    expect(s.registration_lag).toEqual([{ bucket: '0-15m', count: 5 }, { bucket: '15-60m', count: 0 }, { bucket: '1-6h', count: 1 }, { bucket: '6-24h', count: 0 }, { bucket: '>24h', count: 0 }]);
    // No puesta recorded for any of them by 23 November: every one is overdue; faltas also beyond 36 h; nobody at the MP.
    expect(s.flags).toEqual({ registro_tardio: 1, puesta_demorada: 6, arresto_excedido: 4, retencion_mp_excedida: 0 });
  });

  it('filters, and a national analyst sees every entidad', async () => {
    const national = (await as(t.app, analystNational).get(`/api/detentions/stats?${october}`)).json();
    expect(national.total).toBe(9);
    expect(national.per_entidad.map((e: { entidad: string; count: number }) => [e.entidad, e.count])).toEqual([['14', 6], ['09', 3]]);
    const q = async (qs: string) => (await as(t.app, analyst14).get(`/api/detentions/stats?${october}&${qs}`)).json().total;
    expect(await q('offence=T-EBRIO')).toBe(3);
    expect(await q('municipio=039')).toBe(3);
    expect(await q('tipo=hecho_probablemente_delictivo')).toBe(2);
    expect(await q(`institution=${inst14}`)).toBe(6);
    expect(await q('entidad=09')).toBe(0);
    const months = (await as(t.app, analyst14).get('/api/detentions/stats?from=2026-01-01&to=2026-12-31')).json();
    expect(months.filters.period).toBe('month');
    expect(months.per_period).toHaveLength(12);
    expect(months.per_period.find((p: { period: string }) => p.period === '2026-10').count).toBe(6);
    expect(months.per_period.find((p: { period: string }) => p.period === '2026-11').count).toBe(1);
    expect((await as(t.app, liaison14).get(`/api/detentions/stats?${october}`)).statusCode).toBe(200);
    expect((await as(t.app, capturist14).get(`/api/detentions/stats?${october}`)).statusCode).toBe(403);
    const bad = await as(t.app, analyst14).get('/api/detentions/stats?from=2026-10-31&to=2026-10-01');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toBe('from');
  });

  it('the monthly report has exactly the stats numbers, in CSV, XLSX and PDF', async () => {
    const stats = (await as(t.app, analyst14).get(`/api/detentions/stats?${october}&entidad=14&period=day`)).json();
    const csv = await as(t.app, analyst14).get('/api/detentions/reports/monthly?entidad=14&month=2026-10&format=csv');
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.headers['content-disposition']).toBe('attachment; filename="rnd-informe-14-2026-10.csv"');
    const rows = Papa.parse<{ seccion: string; clave: string; nombre: string; conteo: string }>(csv.rawPayload.toString('utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
    const section = (name: string) => rows.filter((r) => r.seccion === name).map((r) => [r.clave, Number(r.conteo)]);
    expect(section('total')).toEqual([['', stats.total]]);
    expect(section('tipo')).toEqual(stats.per_tipo.map((x: { tipo: string; count: number }) => [x.tipo, x.count]));
    expect(section('bandera')).toEqual(Object.entries(stats.flags));
    expect(section('registro_lag')).toEqual(stats.registration_lag.map((x: { bucket: string; count: number }) => [x.bucket, x.count]));
    expect(section('periodo')).toEqual(stats.per_period.map((x: { period: string; count: number }) => [x.period, x.count]));
    expect(section('municipio')).toEqual(stats.per_municipio.map((x: { municipio: string | null; count: number }) => [x.municipio ?? '', x.count]));
    expect(section('delito_falta')).toEqual(stats.per_offence.map((x: { code: string; count: number }) => [x.code, x.count]));
    expect(section('institucion')).toEqual(stats.per_institution.map((x: { institution_id: number; count: number }) => [String(x.institution_id), x.count]));
    expect(rows.find((r) => r.seccion === 'informe' && r.clave === 'entidad')!.nombre).toBe('Jalisco (14)');

    const xlsx = await as(t.app, analyst14).get('/api/detentions/reports/monthly?entidad=14&month=2026-10&format=xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const summary = wb.getWorksheet('Resumen')!;
    const totalRow = summary.getRows(1, summary.rowCount)!.find((r) => r.getCell(1).value === 'Total de detenciones')!;
    expect(totalRow.getCell(2).value).toBe(stats.total);
    const perDay = wb.getWorksheet('Por día')!;
    expect(perDay.rowCount).toBe(32);

    const pdf = await as(t.app, analyst14).get('/api/detentions/reports/monthly?entidad=14&month=2026-10&format=pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Read back as a reader sees it: every page carries rows and its "page n of N" footer, and no page is empty.
    const pages = await pdfPages(pdf.rawPayload);
    expect(pages.length).toBeGreaterThanOrEqual(2); // 31 days alone need more than one A4 page
    pages.forEach((text, i) => {
      expect(text).toContain(`Página ${i + 1} de ${pages.length}`);
      expect(text.replace(/Sereno — .* — Página \d+ de \d+/, '').trim().length).toBeGreaterThan(100);
    });
    expect(pages[0]).toMatch(new RegExp(`Total de detenciones\\s+${stats.total}\\b`));
    for (const day of ['2026-10-01', '2026-10-31']) expect(pages.join(' ')).toContain(day);
    expect(pages[0]).toContain('(America/Mexico_City)');

    const other = await as(t.app, analyst14).get('/api/detentions/reports/monthly?entidad=09&month=2026-10&format=csv');
    expect(other.statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('audit_log').select(['entity_id', 'details']).where('action', '=', 'detention.report_exported').execute();
    expect(audit.map((a) => (a.details as { format: string }).format).sort()).toEqual(['csv', 'pdf', 'xlsx']);
  });
});

describe('the dashboard rollup equals counting row by row', () => {
  let t: TestApp;
  let cap: Session;

  beforeAll(async () => {
    t = await createTestApp({ SESSION_TTL_HOURS: '720' });
    await seedTestOffences(t.database.db);
    await seedTestMunicipios(t.database.db, '14', [['039', 'Guadalajara'], ['120', 'Zapopan']]);
    cap = await login(t.app, (await factories(t.database).user({ roles: ['capturist'], entidad: '14' })).username);
  });
  afterAll(() => t.close());

  const H = 3600_000;
  const both = async (q: Record<string, string>) => {
    const { computeStats } = await import('./detentions.stats.js');
    const { SYSTEM_ACTOR } = await import('../../core/access.js');
    const ctx = { db: t.database.db, actor: SYSTEM_ACTOR, now: t.clock.now };
    const a = await computeStats(ctx, q);
    const b = await computeStats(ctx, q, { source: 'rows' });
    expect(a.computed_from).toBe('rollup');
    expect(b.computed_from).toBe('rows');
    expect({ ...a, computed_from: null }).toEqual({ ...b, computed_from: null });
    return a;
  };

  it('after registrations, corrections that move a record between days, tipos and municipalities, custody events and time passing', async () => {
    const now = () => t.clock.now().getTime();
    const folios: string[] = [];
    for (let i = 0; i < 12; i++) {
      const falta = i % 3 === 0;
      const body = registrationBody(new Date(now() - (i * 7 + 1) * H), {
        ...(falta ? { tipo: 'falta_administrativa', supuesto: 'arresto_administrativo', offence_codes: ['T-EBRIO'], autoridad_destino: { tipo: 'juez_civico', nombre: 'Juzgado Cívico 1' } } : {}),
        offence_codes: falta ? ['T-EBRIO'] : i % 4 === 1 ? ['T-ROBO', 'T-DO'] : ['T-ROBO'],
        lugar: { municipio: i % 2 ? '039' : '120' },
      });
      const res = await as(t.app, cap).post('/api/detentions', body);
      expect(res.statusCode, res.body).toBe(201);
      folios.push(res.json().folio);
    }
    const q = { from: '2026-11-01', to: '2026-11-30' };
    expect((await both(q)).total).toBe(12);
    // Corrections: another day, another municipality, another tipo and offences.
    const p1 = await as(t.app, cap).patch(`/api/detentions/${folios[2]}`, { motivo_cambio: 'fecha corregida', fecha_hora_detencion: new Date(now() - 70 * H).toISOString(), lugar: { municipio: '039' } });
    expect(p1.statusCode, p1.body).toBe(200);
    const p2 = await as(t.app, cap).patch(`/api/detentions/${folios[3]}`, { motivo_cambio: 'reclasificación', tipo: 'falta_administrativa', supuesto: 'flagrancia', offence_codes: ['T-RINA'] });
    expect(p2.statusCode, p2.body).toBe(200);
    // Custody: a late puesta, a puesta to the MP then to a judge, a release.
    const ev = (folio: string, body: Record<string, unknown>) => as(t.app, cap).post(`/api/detentions/${folio}/events`, body);
    const e4 = await ev(folios[4], { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now() - 10 * H).toISOString(), autoridad: { tipo: 'ministerio_publico', nombre: 'MP de Detenidos' }, lugar: 'Agencia del MP' });
    expect(e4.statusCode, e4.body).toBe(201);
    expect((await ev(folios[5], { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now() - 34 * H).toISOString(), autoridad: { tipo: 'ministerio_publico', nombre: 'MP de Detenidos' }, lugar: 'Agencia del MP' })).statusCode).toBe(201);
    expect((await ev(folios[5], { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now() - 2 * H).toISOString(), autoridad: { tipo: 'juez_control', nombre: 'Juez de Control' }, lugar: 'Centro Penitenciario' })).statusCode).toBe(201);
    expect((await ev(folios[6], { tipo: 'libertad', ocurrido_at: new Date(now() - H).toISOString(), motivo: 'pago_de_multa' })).statusCode).toBe(201);
    const s1 = await both(q);
    expect(s1.flags.puesta_demorada).toBeGreaterThan(0);
    // Time passes: running clocks turn into flags; stopped ones do not change.
    t.clock.advance(60 * H);
    const s2 = await both(q);
    expect(s2.flags.retencion_mp_excedida).toBeGreaterThan(s1.flags.retencion_mp_excedida);
    expect(s2.flags.arresto_excedido).toBeGreaterThan(s1.flags.arresto_excedido);
    await both({ from: '2026-10-15', to: '2026-12-10', period: 'month' });
    await both({ from: '2026-11-20', to: '2026-11-25', entidad: '14' });
    // A rebuild (as after a change of thresholds) reproduces the incrementally maintained rollup exactly.
    const { ensureRollup } = await import('./detentions.rollup.js');
    const snapshot = async () => (await sql<{ k: string }>`SELECT string_agg(entidad || grain || periodo || dim || value || ':' || n || '/' || registro_tardio || puesta_demorada || arresto_excedido || retencion_mp_excedida, ',' ORDER BY entidad, grain, periodo, dim, value) AS k FROM detention_rollup WHERE n <> 0 OR registro_tardio + puesta_demorada + arresto_excedido + retencion_mp_excedida <> 0`.execute(t.database.db)).rows[0].k;
    const incremental = await snapshot();
    expect(await ensureRollup(t.database)).toEqual({ rebuilt: false });
    await t.database.db.deleteFrom('settings').where('key', '=', 'detentions.rollup_rules').execute();
    expect(await ensureRollup(t.database)).toEqual({ rebuilt: true });
    expect(await snapshot()).toBe(incremental);
  });

  it('the rollup a bulk file\'s checker computes in memory equals the one the database computes from the same rows', async () => {
    const { contributionsOf, readContributions } = await import('./detentions.rollup.js');
    const { flagConditions, runningClocks, stoppedFlagsOf, runningClocksOf, FLAGS, CLOCK_FLAGS, DETENTION_RULES } = await import('./detentions.rules.js');
    // The rows of the test above (custody events, releases, corrections among them), read back as a checker holds them.
    const rows = (await sql<{ entidad: string; id: string; fecha_detencion: string; municipio: string | null; tipo: string; institution_id: string; registro_lag_min: number; offence_codes: string[];
      fecha_hora_detencion: Date; puesta_at: Date | null; mp_at: Date | null; juez_control_at: Date | null; libertad_at: Date | null; extended_retention: boolean }>`
      SELECT entidad, id, fecha_detencion::text AS fecha_detencion, municipio, tipo, institution_id, registro_lag_min, offence_codes, fecha_hora_detencion, puesta_at, mp_at,
        juez_control_at, libertad_at, extended_retention FROM detentions`.execute(t.database.db)).rows;
    expect(rows.length).toBeGreaterThan(10);
    const sorted = (cs: Record<string, unknown>[]) => cs.map((c) => JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]))).sort();
    const inMemory = contributionsOf(rows.map((r) => ({ ...r, institution_id: Number(r.institution_id) })));
    const inSql = await t.database.db.transaction().execute((trx) => readContributions(trx as never, rows.map((r) => ({ entidad: r.entidad, id: Number(r.id) }))));
    expect(sorted(inMemory)).toEqual(sorted(inSql));
    // The flags' in-memory twins against the SQL over every branch: each clock stopped before, at and after its limit,
    // or not at all, for both tipos, with and without the extended retention.
    const det = Date.parse('2026-11-20T10:00:00Z');
    const M = 60_000;
    const at = (min: number | null) => (min == null ? null : new Date(det + min * M));
    const r = DETENTION_RULES;
    const puesta = [null, r.puestaSinDemora.minutes - 1, r.puestaSinDemora.minutes, r.puestaSinDemora.minutes + 1];
    const arresto = r.arrestoAdministrativo.hours * 60;
    const mps = [null, 30, arresto + 5];
    const grid: { tipo: string; registro_lag_min: number; fecha_hora_detencion: Date; puesta_at: Date | null; mp_at: Date | null; juez_control_at: Date | null; libertad_at: Date | null; extended_retention: boolean }[] = [];
    for (const tipo of ['falta_administrativa', 'hecho_probablemente_delictivo'])
      for (const lag of [r.registrationLag.minutes, r.registrationLag.minutes + 1])
        for (const p of puesta)
          for (const mp of mps)
            for (const extended of [false, true]) {
              const limit = mp == null ? 0 : mp + (extended ? r.retencionDelincuenciaOrganizada.hours : r.retencionMinisterioPublico.hours) * 60;
              for (const juez of [null, mp == null ? arresto : limit, mp == null ? arresto + 1 : limit + 1])
                for (const libertad of [null, arresto - 1, arresto, arresto + 1, limit + 2])
                  grid.push({ tipo, registro_lag_min: lag, fecha_hora_detencion: at(0)!, puesta_at: at(p), mp_at: at(mp), juez_control_at: at(juez), libertad_at: at(libertad), extended_retention: extended });
            }
    const stopped = flagConditions('stopped', r, 'd');
    const running = runningClocks('d');
    const fromSql = (await sql<Record<string, boolean>>`SELECT ${sql.join(FLAGS.map((f) => sql`${stopped[f]} AS ${sql.ref(`s_${f}`)}`))}, ${sql.join(CLOCK_FLAGS.map((f) => sql`${running[f]} AS ${sql.ref(`r_${f}`)}`))}
      FROM json_to_recordset(${JSON.stringify(grid.map((g, n) => ({ ...g, n })))}::json) AS d(tipo text, registro_lag_min int, fecha_hora_detencion timestamptz, puesta_at timestamptz, mp_at timestamptz,
        juez_control_at timestamptz, libertad_at timestamptz, extended_retention bool, n int8) ORDER BY d.n`.execute(t.database.db)).rows;
    const fromNode = grid.map((g) => {
      const s = stoppedFlagsOf(g, r), run = runningClocksOf(g);
      return { ...Object.fromEntries(FLAGS.map((f) => [`s_${f}`, s[f]])), ...Object.fromEntries(CLOCK_FLAGS.map((f) => [`r_${f}`, run[f]])) };
    });
    expect(fromNode).toEqual(fromSql.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v ?? false]))));
    // Every flag is both true and false somewhere in the grid.
    for (const k of Object.keys(fromNode[0])) expect(new Set(fromNode.map((x) => x[k])).size, k).toBe(2);
  });
});
