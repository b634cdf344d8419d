import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { registrationBody, seedTestOffences } from './detentions.factories.js';
import { checkFile, MAX_CSV_RECORD_CHARS, prepareMany, zonedToInstant, type CheckedBatch } from './detentions.parse.js';
import { canCopy } from '../../core/db.js';
import { buildCurp } from '../../matching/index.js';
import { makeActor } from '../../core/access.js';
import { loadCatalog, Lookups } from './detentions.prepare.js';
import { copyRows, drawDetentionIds, insertDetentionRows, insertDetentionRowsByCopy, type DetentionDb } from './detentions.store.js';
import { ROWS_PER_SLICE } from '../../core/event-loop.js';
import { stopCheckWorker } from './detentions.check-client.js';
import { failStaleImports, StaleImportSweeper } from './detentions.import.js';
import { ensureRollup } from './detentions.rollup.js';

const HEADER = 'external_id,nombre,apellido_paterno,apellido_materno,edad,sexo,curp,entidad,municipio,fecha_hora_detencion,fecha_hora_registro,motivo,tipo,supuesto,offence_codes,agentes,autoridad_destino_tipo,autoridad_destino_nombre,lugar_traslado';
const row = (id: string, o: Partial<Record<string, string>> = {}) => {
  const v: Record<string, string> = {
    external_id: id, nombre: 'Ana', apellido_paterno: 'Ruiz', apellido_materno: 'Soto', edad: '25', sexo: 'M', curp: '', entidad: '14', municipio: '39',
    fecha_hora_detencion: '2026-11-23 10:00', fecha_hora_registro: '2026-11-23 10:10', motivo: '"Riña en la vía pública, sin lesiones"', tipo: 'falta_administrativa',
    supuesto: 'arresto_administrativo', offence_codes: 'T-RINA', agentes: 'Luis Pérez Soto|Policía|Sector 1;Juan Díaz|Policía Segundo', autoridad_destino_tipo: 'juez_civico',
    autoridad_destino_nombre: 'Juzgado Cívico 1', lugar_traslado: 'Juzgado Cívico 1, Guadalajara', ...o,
  };
  return HEADER.split(',').map((h) => v[h] ?? '').join(',');
};

/** An XLSX workbook (as ExcelJS writes it: worksheets stored before the shared strings) with sheets of good rows. */
async function workbook(sheets: [name: string, ids: string[], head?: string[]][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const [name, ids, head = HEADER.split(',')] of sheets) {
    const ws = wb.addWorksheet(name);
    ws.addRow(head);
    for (const id of ids) ws.addRow(head.map((h) => ({ external_id: id, nombre: 'Luisa', apellido_paterno: 'Mora', edad: 30, sexo: 'M', entidad: '14', fecha_hora_detencion: new Date(Date.UTC(2026, 10, 23, 9, 30)), motivo: 'Riña', tipo: 'falta_administrativa', supuesto: 'flagrancia', agentes: 'Mario Gil|Policía', autoridad_destino_tipo: 'juez_civico', autoridad_destino_nombre: 'Juzgado Cívico 2', lugar_traslado: 'Juzgado Cívico 2' } as Record<string, unknown>)[h] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function multipart(file: { name: string; content: Buffer | string; type: string }, fields: Record<string, string> = {}) {
  const boundary = `----sereno${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), Buffer.from(file.content), Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('wall-clock times in a bulk file', () => {
  it('are read in the zone given, on either side of a daylight-saving change', () => {
    const at = (zone: string, ...wall: [number, number, number, number, number]) => zonedToInstant(...wall, 0, zone).toISOString();
    expect(at('America/Tijuana', 2026, 1, 15, 10, 0)).toBe('2026-01-15T18:00:00.000Z'); // PST, UTC-8
    expect(at('America/Tijuana', 2026, 7, 1, 10, 0)).toBe('2026-07-01T17:00:00.000Z'); // PDT, UTC-7
    expect(at('America/Tijuana', 2026, 3, 8, 3, 30)).toBe('2026-03-08T10:30:00.000Z'); // the first hour after the change
    expect(at('America/Tijuana', 2026, 3, 8, 1, 30)).toBe('2026-03-08T09:30:00.000Z'); // the last hour before it
    expect(at('America/Mexico_City', 2026, 7, 1, 10, 0)).toBe('2026-07-01T16:00:00.000Z'); // no DST since 2022
    expect(at('America/Mexico_City', 2021, 7, 1, 10, 0)).toBe('2021-07-01T15:00:00.000Z'); // CDT then
    expect(at('America/Cancun', 2026, 12, 24, 23, 59)).toBe('2026-12-25T04:59:00.000Z'); // UTC-5 all year
  });
});

// Every file test runs twice: checked on the server's thread (a small upload) and in the worker thread (a large one).
describe.each([
  { where: 'checked on the server thread', env: {} as Record<string, string> },
  { where: 'checked in the worker thread', env: { IMPORT_WORKER_MIN_BYTES: '0' } },
])('bulk files and batches, $where', ({ env }) => {
  let t: TestApp;
  let cap: Session, cap09: Session;
  const upload = (s: Session, file: { name: string; content: Buffer | string; type: string }, fields: Record<string, string> = { source: 'sistema-jal' }) => {
    const m = multipart(file, fields);
    return t.app.inject({ method: 'POST', url: '/api/detentions/import', payload: m.payload, headers: { ...m.headers, cookie: s.cookie, 'x-csrf-token': s.csrf } });
  };
  const count = async (source: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM detentions WHERE source = ${source}`.execute(t.database.db)).rows[0].n;
  // The dashboard rollup a file's batches added (summed by its checker, or by the database where a batch met keys
  // already there) is the one a rebuild from the rows gives.
  const expectRollupExact = async () => {
    const snapshot = async () => (await sql<{ k: string }>`SELECT string_agg(concat_ws(':', entidad, grain, periodo, dim, value, n, registro_tardio, puesta_demorada, arresto_excedido,
      retencion_mp_excedida, running_puesta, running_arresto, running_retencion), ',' ORDER BY entidad, grain, periodo, dim, value) AS k FROM detention_rollup WHERE n <> 0`.execute(t.database.db)).rows[0].k;
    const incremental = await snapshot();
    expect(incremental).toBeTruthy();
    expect(await ensureRollup(t.database, undefined, { force: true })).toEqual({ rebuilt: true });
    expect(await snapshot()).toBe(incremental);
  };

  beforeAll(async () => {
    t = await createTestApp(env);
    await seedTestOffences(t.database.db);
    const f = factories(t.database);
    cap = await login(t.app, (await f.user({ roles: ['capturist'], entidad: '14' })).username);
    cap09 = await login(t.app, (await f.user({ roles: ['capturist'], entidad: '09' })).username);
  });
  afterAll(() => t.close());

  it('keeps good rows, reports bad ones by line, and a re-sent file adds nothing', async () => {
    const csv = [
      HEADER,
      row('X-1'),
      row('X-2', { nombre: 'Pedro', sexo: 'H', tipo: 'hecho_probablemente_delictivo', supuesto: 'flagrancia', offence_codes: 'T-ROBO', autoridad_destino_tipo: 'ministerio_publico', autoridad_destino_nombre: 'MP de Detenidos' }),
      row('X-3', { curp: 'HELO990501HVZRPN08' }),
      row('X-4', { nombre: '' }),
      row('X-5', { fecha_hora_detencion: '2026-11-23T09:00:00-06:00', fecha_hora_registro: '' }),
      row('X-1', { nombre: 'Otra' }),
      // Two fields of the wrong shape and an offence code not in the catalogue: all three reported in one round.
      row('X-6', { municipio: 'abc', edad: 'veinte', offence_codes: 'T-RINA|X-NOPE' }),
      // A valid CURP of another person's name: registered, and reported as a warning for its line.
      row('X-7', { curp: buildCurp({ nombre: 'Beatriz', apellido_paterno: 'Luna', apellido_materno: 'Paz', fecha_nacimiento: '2001-03-01', sexo: 'M', entidad_nacimiento: 'JC' }) }),
    ].join('\r\n');
    const res = await upload(cap, { name: 'detenciones.csv', content: csv, type: 'text/csv' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'completed', format: 'csv', source: 'sistema-jal', total_rows: 8, created: 4, existing: 0, rejected: 4, warned: 1 });
    expect(r.errors.map((e: { line: number }) => e.line)).toEqual([4, 5, 7, 8]);
    const byLine = Object.fromEntries(r.errors.map((e: { line: number; issues: { field: string; message: string }[] }) => [e.line, e.issues]));
    expect(byLine[4]).toEqual([{ field: 'curp', message: 'el dígito verificador de la CURP no es válido' }]);
    expect(byLine[5][0].field).toBe('nombre');
    expect(byLine[7]).toEqual([{ field: 'external_id', message: 'se repite en el mismo archivo (línea 2)' }]);
    expect(byLine[8].map((i: { field: string }) => i.field).sort()).toEqual(['edad', 'municipio', 'offence_codes']);
    expect(byLine[8]).toContainEqual({ field: 'offence_codes', message: expect.stringContaining('X-NOPE') });
    expect(byLine[8]).toContainEqual({ field: 'edad', message: 'debe ser un número; se recibió «veinte»' });
    expect(r.warnings).toEqual([{ line: 9, external_id: 'X-7', issues: [{ field: 'curp', message: 'la CURP empieza con LUPB y el nombre registrado daría RUSA: revise la CURP o el nombre' }] }]);
    expect(await count('sistema-jal')).toBe(4);
    // A wall-clock time without offset is read in the entidad's zone (Jalisco: UTC-6).
    const x1 = await sql<{ at: Date; lag: number }>`SELECT fecha_hora_detencion AS at, registro_lag_min AS lag FROM detentions WHERE external_id = 'X-1'`.execute(t.database.db);
    expect(x1.rows[0].at.toISOString()).toBe('2026-11-23T16:00:00.000Z');
    expect(x1.rows[0].lag).toBe(10);

    const again = await upload(cap, { name: 'detenciones.csv', content: csv, type: 'text/csv' });
    expect(again.json()).toMatchObject({ status: 'completed', total_rows: 8, created: 0, existing: 4, rejected: 4, warned: 1 });
    expect(await count('sistema-jal')).toBe(4);

    const read = await as(t.app, cap).get(`/api/detentions/imports/${r.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: r.id, created: 4, rejected: 4, error_lines_stored: 4, warned: 1, warning_lines_stored: 1 });
    const other = await as(t.app, cap09).get(`/api/detentions/imports/${r.id}`);
    expect(other.statusCode).toBe(404);

    // The list of recent imports: newest first, counts without line lists, only the reader's territory.
    const list = await as(t.app, cap).get('/api/detentions/imports?status=completed&page_size=2');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().items.map((i: { id: number }) => i.id)).toEqual([again.json().id, r.id]);
    await expectRollupExact();
    expect(list.json().items[1]).toMatchObject({ file_name: 'detenciones.csv', source: 'sistema-jal', status: 'completed', total_rows: 8, created: 4, rejected: 4, warned: 1 });
    expect(list.json().items[1].errors).toBeUndefined();
    expect((await as(t.app, cap09).get('/api/detentions/imports')).json().items.map((i: { id: number }) => i.id)).not.toContain(r.id);
    const bad = await as(t.app, cap).get('/api/detentions/imports?status=hecho', { 'accept-language': 'en' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.issues[0].path).toBe('query.status');
  });

  it('resumes an interrupted file: only the missing rows are added, in multi-row batches', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) => row(`R-${i}`, { nombre: `Persona${i}` }));
    const half = [HEADER, ...rows.slice(0, 600)].join('\n');
    const first = await upload(cap, { name: 'parte.csv', content: half, type: 'text/csv' }, { source: 'resume-test' });
    expect(first.json()).toMatchObject({ created: 600, rejected: 0 });
    const full = await upload(cap, { name: 'completo.csv', content: [HEADER, ...rows].join('\n'), type: 'text/csv' }, { source: 'resume-test' });
    expect(full.statusCode, full.body).toBe(201);
    expect(full.json()).toMatchObject({ total_rows: 1500, created: 900, existing: 600, rejected: 0 });
    expect(await count('resume-test')).toBe(1500);
    const folios = await sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT folio)::int AS d FROM detentions WHERE source = 'resume-test'`.execute(t.database.db);
    expect(folios.rows[0]).toEqual({ n: 1500, d: 1500 });
    await expectRollupExact();
    // Each batch writes ONE audit row and ONE event naming all its new records (the first file: one batch of 600; the
    // second: 400 new in its first 1,000 rows, then 500): every record is named exactly once.
    const named = await sql<{ rows: number; folios: number; distinct: number }>`
      SELECT count(DISTINCT a.id)::int AS rows, count(*)::int AS folios, count(DISTINCT f)::int AS distinct FROM audit_log a, jsonb_array_elements_text(a.details -> 'folios') AS f
      WHERE a.action = 'detention.batch_registered' AND f IN (SELECT folio FROM detentions WHERE source = 'resume-test')`.execute(t.database.db);
    expect(named.rows[0]).toEqual({ rows: 3, folios: 1500, distinct: 1500 });
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'detention.registered' AND details->>'via' LIKE 'import:%'`.execute(t.database.db)).rows[0].n).toBe(0);
    const events = await t.database.db.selectFrom('outbox').select(['payload']).where('type', '=', 'detention.batch_registered').where('aggregate_id', 'in', [String(first.json().id), String(full.json().id)]).execute();
    expect(events.map((e) => (e.payload as { count: number }).count).sort()).toEqual([400, 500, 600]);
    // An auditor looking a folio up finds the batch row that wrote it.
    const folio = (await sql<{ folio: string }>`SELECT folio FROM detentions WHERE source = 'resume-test' AND external_id = 'R-1234'`.execute(t.database.db)).rows[0].folio;
    const auditor = await login(t.app, (await factories(t.database).user({ roles: ['auditor'], entidad: '14' })).username);
    const found = await as(t.app, auditor).get(`/api/audit?entity_id=${folio}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((i: { action: string; entity_id: string }) => [i.action, i.entity_id])).toEqual([['detention.batch_registered', String(full.json().id)]]);
    // The list says where in the batch the folio is, and sends the batch's lists cut to their first items.
    const hit = found.json().items[0];
    const detentionId = (await sql<{ id: string }>`SELECT id FROM detentions WHERE folio = ${folio}`.execute(t.database.db)).rows[0].id;
    expect(hit.match).toMatchObject({ folio, external_id: 'R-1234', id: Number(detentionId), count: 500 });
    expect(hit.details_truncated).toBe(true);
    expect(hit.details.count).toBe(500);
    expect(hit.details.folios).toHaveLength(10);
    expect(hit.details.ids).toHaveLength(10);
    // The whole row, read by id, names all 500, the folio at the position the list gave.
    const whole = await as(t.app, auditor).get(`/api/audit/${hit.id}`);
    expect(whole.statusCode).toBe(200);
    expect(whole.json()).toMatchObject({ id: hit.id, hash: hit.hash, details_truncated: false });
    expect(whole.json().details.folios).toHaveLength(500);
    expect(whole.json().details.folios[hit.match.position - 1]).toBe(folio);
    expect(whole.json().details.external_ids[hit.match.position - 1]).toBe('R-1234');
    // Another entidad's auditor: not found. A malformed id: 400 naming it.
    const auditor09 = await login(t.app, (await factories(t.database).user({ roles: ['auditor'], entidad: '09' })).username);
    const hidden = await as(t.app, auditor09).get(`/api/audit/${hit.id}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('audit_row_not_found');
    const bad = await as(t.app, auditor).get('/api/audit/abc');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('id');
    // Every person is in the entity index as soon as the batch commits (written with the records, no event to wait
    // for), under the record's id and folio, and the watchlists are told through one event per batch.
    const indexed = await sql<{ n: number }>`SELECT count(*)::int AS n FROM person_mentions m JOIN detentions d ON d.entidad = m.entidad AND m.registry = 'detention'
      AND m.record_id = d.id::text AND m.label = d.folio AND m.persona ->> 'nombre' = d.nombre AND m.full_name = 'PERSONA RUIZ SOTO' WHERE d.source = 'resume-test'`.execute(t.database.db);
    expect(indexed.rows[0].n).toBe(1500);
    const told = await sql<{ n: number }>`SELECT coalesce(sum(jsonb_array_length(payload -> 'mentions')), 0)::int AS n FROM outbox
      WHERE type = 'person_mentions.indexed' AND payload -> 'mentions' -> 0 ->> 'record_id' IN (SELECT id::text FROM detentions WHERE source = 'resume-test')`.execute(t.database.db);
    expect(told.rows[0].n).toBe(1500);
  });

  it('a batch looks its keys up by a sample first: a record the sample misses is answered, not duplicated, and its folio voided', async () => {
    // A batch probes every 50th key and its last (here rows 0, 50, 100, 150 and 199) before looking all of them up.
    const rows = Array.from({ length: 200 }, (_, i) => row(`S-${i}`, { nombre: `Persona${i}` }));
    const voided = async () => (await sql<{ external_id: string; reason: string }>`SELECT details->>'external_id' AS external_id, details->>'reason' AS reason FROM audit_log
      WHERE action = 'detention.folio_voided' AND details->>'source' = 'sample-test' ORDER BY 1`.execute(t.database.db)).rows;
    const send = (name: string, list: string[]) => upload(cap, { name, content: [HEADER, ...list].join('\n'), type: 'text/csv' }, { source: 'sample-test' });
    // Three records already registered, none of them in the sample: the sample meets nothing, the insert meets them.
    expect((await send('sueltos.csv', [rows[7], rows[33], rows[120]])).json()).toMatchObject({ created: 3 });
    const all = await send('todos.csv', rows);
    expect(all.statusCode, all.body).toBe(201);
    expect(all.json()).toMatchObject({ total_rows: 200, created: 197, existing: 3, rejected: 0 });
    const folios = await sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT folio)::int AS d FROM detentions WHERE source = 'sample-test'`.execute(t.database.db);
    expect(folios.rows[0]).toEqual({ n: 200, d: 200 });
    expect(await voided()).toEqual(['S-120', 'S-33', 'S-7'].map((external_id) => ({ external_id, reason: 'duplicate_external_id' })));
    await expectRollupExact();
    // A file sent again meets its records in the sample: every key is looked up first and no folio is voided.
    const again = await send('todos.csv', rows);
    expect(again.json()).toMatchObject({ total_rows: 200, created: 0, existing: 200, rejected: 0 });
    expect(await voided()).toHaveLength(3);
    expect(await count('sample-test')).toBe(200);
  });

  it.runIf(env.IMPORT_WORKER_MIN_BYTES === '0')('a worker thread that dies mid-file fails the import, keeps what was written, and the file re-sent adds the rest', async () => {
    const rows = Array.from({ length: 8000 }, (_, i) => row(`W-${i}`, { nombre: `Persona${i}` }));
    const content = [HEADER, ...rows].join('\n');
    // A slow upload (of unknown size, so it goes to the worker): the first 3,000 rows, then the rest when let go.
    const m = multipart({ name: 'grande.csv', content, type: 'text/csv' }, { source: 'worker-dies' });
    const cut = m.payload.indexOf(Buffer.from('W-3000,'));
    let letGo!: () => void;
    const released = new Promise<void>((r) => { letGo = r; });
    const body = Readable.from((async function* () { yield m.payload.subarray(0, cut); await released; yield m.payload.subarray(cut); })());
    const uploading = t.app.inject({ method: 'POST', url: '/api/detentions/import', payload: body, headers: { ...m.headers, cookie: cap.cookie, 'x-csrf-token': cap.csrf } });
    // Once a batch is in, the worker is stopped (as a crash would stop it), then the rest of the file arrives.
    const record = async () => (await sql<{ created: number; status: string; failure: string | null }>`SELECT created, status, failure FROM detention_imports WHERE source = 'worker-dies'`.execute(t.database.db)).rows[0];
    for (let i = 0; i < 400 && !(await record())?.created; i++) await new Promise((r) => setTimeout(r, 25));
    await stopCheckWorker();
    letGo();
    const failed = await uploading;
    expect(failed.statusCode, failed.body).toBe(503);
    expect(failed.json().error.message).toContain('vuelva a enviar el archivo');
    expect(await record()).toMatchObject({ status: 'failed', failure: expect.stringContaining('se interrumpió') });
    const written = await count('worker-dies');
    expect(written).toBeGreaterThanOrEqual(1000);
    expect(written).toBeLessThan(8000);
    expect(written % 1000).toBe(0); // whole batches: each one is its own transaction
    const again = await upload(cap, { name: 'grande.csv', content, type: 'text/csv' }, { source: 'worker-dies' });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.json()).toMatchObject({ status: 'completed', total_rows: 8000, created: 8000 - written, existing: written, rejected: 0 });
    const folios = await sql<{ n: number; d: number }>`SELECT count(*)::int AS n, count(DISTINCT folio)::int AS d FROM detentions WHERE source = 'worker-dies'`.execute(t.database.db);
    expect(folios.rows[0]).toEqual({ n: 8000, d: 8000 });
  });

  it('a priority target named in a bulk file alerts its issuer, as a single registration does', async () => {
    const f = factories(t.database);
    const inst = await f.institution('14', 'c5');
    const issuer = await login(t.app, (await f.user({ roles: ['analyst'], entidad: '14', institutionId: inst.id })).username);
    const c5 = await login(t.app, (await f.user({ roles: ['c5_operator'], entidad: '14', institutionId: inst.id })).username);
    const target = await as(t.app, issuer).post('/api/targets', {
      persona: { nombre: 'Rigoberto', apellido_paterno: 'Quintanilla', apellido_materno: 'Zúñiga', sexo: 'H' }, reason: 'Orden de aprehensión vigente',
      classification: 'orden_de_aprehension', contact: { nombre: 'Guardia C5 Jalisco', telefono: '+52 33 3000 0000' },
    });
    expect(target.statusCode, target.body).toBe(201);
    const rows = Array.from({ length: 40 }, (_, i) => row(`T-${i}`, { nombre: `Persona${i}`, apellido_paterno: 'Ruiz', sexo: 'H' }));
    rows[25] = row('T-25', { nombre: 'Rigoberto', apellido_paterno: 'Quintanilla', apellido_materno: 'Zuniga', sexo: 'H', edad: '41' });
    const res = await upload(cap, { name: 'objetivo.csv', content: [HEADER, ...rows].join('\n'), type: 'text/csv' }, { source: 'target-test' });
    expect(res.json()).toMatchObject({ created: 40, rejected: 0 });
    for (let i = 0; i < 10; i++) if ((await t.dispatcher.drain()) === 0) break;
    const folio = (await sql<{ folio: string }>`SELECT folio FROM detentions WHERE source = 'target-test' AND external_id = 'T-25'`.execute(t.database.db)).rows[0].folio;
    const alerts = (await as(t.app, c5).get('/api/alerts?status=new')).json().items.filter((a: { target?: { id: number } }) => a.target?.id === target.json().id);
    expect(alerts.map((a: { hit: { label: string } }) => a.hit.label)).toEqual([folio]);
  });

  it('a bulk COPY that meets a key written meanwhile falls back to the insert that skips it (PostgreSQL)', async ({ skip }) => {
    if (!canCopy(t.database.db)) skip();
    const db = t.database.db as unknown as DetentionDb;
    const inst = await factories(t.database).institution('14', 'c5');
    const actor = makeActor({ type: 'api_key', id: 1, name: 'copy-test', roles: ['capturist'], institutionId: inst.id, entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
    const at = new Date(t.clock.now().getTime() - 3600_000);
    // Free text with a tab, a newline, a backslash and quotes: COPY's text format must carry them as the packed insert does.
    const bodies = ['C-1', 'C-2', 'C-3'].map((id) => registrationBody(at, { source: 'copy-test', external_id: id, motivo: `Riña\ten "la" vía\npública \\ ${id}` }));
    const { prepared, rejected } = await prepareMany(db, { actor, now: t.clock.now }, bodies.map((body, line) => ({ line, body })), new Lookups(), { requireExternalId: true });
    expect(rejected).toEqual([]);
    const ids = await drawDetentionIds(db, 3);
    const rows = prepared.map((p, i) => ({ ...p.row, id: ids[i], folio: `RND-14-2026-COPY${i}` }));
    const got = await db.transaction().execute(async (trx) => {
      await insertDetentionRows(trx, [{ ...rows[1], id: ids[1] + 1_000_000, folio: 'RND-14-2026-OTHER' }]); // another writer's C-2
      return insertDetentionRowsByCopy(trx, rows, await copyRows(rows));
    });
    expect(got.map((r) => r.external_id).sort()).toEqual(['C-1', 'C-3']);
    const folios = await sql<{ external_id: string; folio: string }>`SELECT external_id, folio FROM detentions WHERE source = 'copy-test' ORDER BY external_id`.execute(t.database.db);
    expect(folios.rows.map((r) => [r.external_id, r.folio])).toEqual([['C-1', 'RND-14-2026-COPY0'], ['C-2', 'RND-14-2026-OTHER'], ['C-3', 'RND-14-2026-COPY2']]);
    // Without a conflict the COPY itself writes them; C-2's document, written by COPY as M-1, reads back as the packed insert wrote it.
    const more = prepared.map((p, i) => ({ ...p.row, id: ids[i] + 2_000_000, folio: `RND-14-2026-MORE${i}`, external_id: `M-${i}` }));
    const direct = await db.transaction().execute(async (trx) => insertDetentionRowsByCopy(trx, more, await copyRows(more)));
    expect(direct.map((r) => r.external_id)).toEqual(['M-0', 'M-1', 'M-2']);
    const pair = await sql<Record<string, unknown>>`SELECT nombre, apellido_paterno, apellido_materno, sexo, edad, curp, municipio, fecha_hora_detencion, fecha_detencion, tipo, supuesto,
        offence_codes, institution_id, registered_at, registro_lag_min, registered_by, version_by, situacion, extended_retention, nombre_clave, data
      FROM detentions WHERE source = 'copy-test' AND external_id IN ('C-2', 'M-1') ORDER BY external_id`.execute(t.database.db);
    expect(pair.rows).toHaveLength(2);
    expect(pair.rows[1]).toEqual(pair.rows[0]);
    expect((pair.rows[1].data as { motivo: string }).motivo).toBe('Riña\ten "la" vía\npública \\ C-2');
  });

  it('checks and encodes a batch in slices, letting the event loop turn between them', async () => {
    const db = t.database.db as unknown as DetentionDb;
    const inst = await factories(t.database).institution('14', 'c5');
    const actor = makeActor({ type: 'api_key', id: 1, name: 'slice-test', roles: ['capturist'], institutionId: inst.id, entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
    const at = new Date(t.clock.now().getTime() - 3600_000);
    const n = 1000;
    const bodies = Array.from({ length: n }, (_, i) => ({ line: i + 2, body: registrationBody(at, { source: 'slice-test', external_id: `S-${i}` }) }));
    // One tick per turn of the event loop (an immediate re-queued from the check phase runs at the next turn).
    let turns = 0, counting = true;
    const tick = () => { turns++; if (counting) setImmediate(tick); };
    const turnsDuring = async <T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> => {
      turns = 0; counting = true;
      setImmediate(tick);
      try { return { value: await work(), turns }; } finally { counting = false; }
    };
    const checked = await turnsDuring(() => prepareMany(db, { actor, now: t.clock.now }, bodies, new Lookups(), { requireExternalId: true }));
    expect(checked.value.rejected).toEqual([]);
    expect(checked.value.prepared).toHaveLength(n);
    // Two loops (shape, then rules), each yielding every ROWS_PER_SLICE rows; without the yields a batch takes no turn at all.
    expect(checked.turns).toBeGreaterThanOrEqual(2 * Math.floor(n / ROWS_PER_SLICE));
    const rows = checked.value.prepared.map((p, i) => ({ ...p.row, id: i + 1, folio: `RND-14-2026-S${i}` }));
    const encoded = await turnsDuring(() => copyRows(rows));
    expect(encoded.value.join('').split('\n').filter(Boolean)).toHaveLength(n);
    expect(encoded.turns).toBeGreaterThanOrEqual(Math.floor(n / ROWS_PER_SLICE));
  });

  it('keeps the rows of a file with broken quoting and reports the unreadable part by line', async () => {
    const csv = [
      HEADER,
      row('Q-1'),
      row('Q-2', { nombre: 'Ana "la Güera"' }), // a quote inside an unquoted field: read as it is
      row('Q-3', { nombre: 'Berta' }),
      `Q-4,"Carla sin cerrar,Ruiz,Soto,25,M`, // the quote never closes (no quote follows): nothing after it can be read
      row('Q-5', { motivo: 'Riña' }),
    ].join('\n');
    const res = await upload(cap, { name: 'comillas.csv', content: csv, type: 'text/csv' }, { source: 'quote-test' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ status: 'completed', created: 3, rejected: 1, total_rows: 4 });
    expect(r.errors).toEqual([{ line: 5, external_id: null, issues: [{ field: '(fila)', message: expect.stringMatching(/^una comilla se abre en esta línea y no se cierra: de aquí al final del archivo \(línea 6\)/) }] }]);
    const names = await sql<{ nombre: string }>`SELECT nombre FROM detentions WHERE source = 'quote-test' ORDER BY external_id`.execute(t.database.db);
    expect(names.rows.map((n) => n.nombre)).toEqual(['Ana', 'Ana "la Güera"', 'Berta']);
    // With the quote closed, the same file adds only what was missing.
    const fixed = await upload(cap, { name: 'comillas.csv', content: csv.replace(`Q-4,"Carla sin cerrar,Ruiz,Soto,25,M`, row('Q-4', { nombre: 'Carla' })), type: 'text/csv' }, { source: 'quote-test' });
    expect(fixed.json()).toMatchObject({ created: 2, existing: 3, rejected: 0 });
  });

  it('reads XLSX files and semicolon-separated CSV, and rejects other formats or missing columns', async () => {
    const xlsx = await workbook([['Detenciones', ['XL-1', 'XL-2']]]);
    const res = await upload(cap, { name: 'detenciones.xlsx', content: xlsx, type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }, { source: 'xlsx-test' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ format: 'xlsx', created: 2, rejected: 0 });
    const at = await sql<{ at: Date }>`SELECT fecha_hora_detencion AS at FROM detentions WHERE external_id = 'XL-1'`.execute(t.database.db);
    expect(at.rows[0].at.toISOString()).toBe('2026-11-23T15:30:00.000Z');

    const semi = [HEADER, row('S-1', { motivo: 'Riña', agentes: 'Luis Pérez|Policía' })].join('\n').replace(/,/g, ';');
    const s = await upload(cap, { name: 'punto-y-coma.csv', content: semi, type: 'text/csv' }, { source: 'semi-test' });
    expect(s.json()).toMatchObject({ created: 1, rejected: 0 });

    const bad = await upload(cap, { name: 'detenciones.pdf', content: '%PDF', type: 'application/pdf' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('import_format_unsupported');
    const noCols = await upload(cap, { name: 'x.csv', content: 'nombre,edad\nAna,3', type: 'text/csv' });
    expect(noCols.statusCode).toBe(400);
    expect(noCols.json().error.message).toMatch(/external_id/);
    const json = await as(t.app, cap).post('/api/detentions/import', { file: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json().error.code).toBe('import_file_required');
  });

  it('answers a damaged, cut-short or empty file with a 400 that says so, and leaves no temporary file behind', async () => {
    // ExcelJS's streaming reader parks a worksheet stored before the shared strings in a temporary file of this process.
    const tmpFiles = () => fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith(`tmp-${process.pid}-`)).length;
    const before = tmpFiles();
    const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    const failedImport = async (res: Awaited<ReturnType<typeof upload>>, code: string) => {
      expect(res.statusCode, res.body).toBe(400);
      const error = res.json().error;
      expect(error.code).toBe(code);
      const rec = await as(t.app, cap).get(`/api/detentions/imports/${error.details.import_id}`);
      expect(rec.json()).toMatchObject({ status: 'failed', created: 0 });
      return error;
    };

    // Two sheets: only the first is read.
    const two = await workbook([['Detenciones', ['XT-1', 'XT-2']], ['Notas', ['XT-3']]]);
    const ok = await upload(cap, { name: 'dos-hojas.xlsx', content: two, type: XLSX }, { source: 'xlsx-two' });
    expect(ok.json()).toMatchObject({ status: 'completed', total_rows: 2, created: 2 });
    expect(await count('xlsx-two')).toBe(2);

    // Not a workbook at all (a CSV named .xlsx), and a workbook cut short: the file's fault, said in words.
    const notZip = await failedImport(await upload(cap, { name: 'detenciones.xlsx', content: `${HEADER}\n${row('XT-9')}`, type: XLSX }, { source: 'xlsx-bad' }), 'import_xlsx_unreadable');
    expect(notZip.message).toMatch(/^El archivo no se pudo leer como libro de Excel \(XLSX\): está dañado, incompleto o tiene otro formato/);
    expect(notZip.details.detail).toBeTruthy();
    const cut = multipart({ name: 'cortado.xlsx', content: two.subarray(0, Math.floor(two.length / 2)), type: XLSX }, { source: 'xlsx-bad' });
    const cutRes = await t.app.inject({ method: 'POST', url: '/api/detentions/import', payload: cut.payload, headers: { ...cut.headers, cookie: cap.cookie, 'x-csrf-token': cap.csrf, 'accept-language': 'en' } });
    expect((await failedImport(cutRes, 'import_xlsx_unreadable')).message).toMatch(/^The file could not be read as an Excel workbook \(XLSX\)/);
    expect(await count('xlsx-bad')).toBe(0);

    // A first sheet without the required columns stops the file early; its temporary file goes all the same.
    const noCols = await workbook([['Hoja1', ['XT-5'], ['external_id', 'nombre']]]);
    expect((await failedImport(await upload(cap, { name: 'sin-columnas.xlsx', content: noCols, type: XLSX }), 'import_header_missing')).message).toMatch(/sexo/);

    // Nothing to read: an empty CSV, a workbook whose sheet is empty.
    expect((await failedImport(await upload(cap, { name: 'vacio.csv', content: '', type: 'text/csv' }), 'import_file_empty')).message).toBe('El archivo está vacío: no tiene una línea de encabezado con los nombres de las columnas.');
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Hoja1');
    await failedImport(await upload(cap, { name: 'vacio.xlsx', content: Buffer.from(await empty.xlsx.writeBuffer()), type: XLSX }), 'import_file_empty');

    // The reader removes them asynchronously once past their sheet.
    await vi.waitFor(() => expect(tmpFiles()).toBe(before), { timeout: 5000 });
  });

  it('an upload cut off by its sender fails its import with words for it, keeping the batches written', async () => {
    // A real socket: the client sends the headers and part of a ~3,000-row file, waits for its first batch, and hangs up.
    const lines = [HEADER, ...Array.from({ length: 3000 }, (_, i) => row(`CUT-${i}`))].join('\n');
    const m = multipart({ name: 'cortado.csv', content: lines, type: 'text/csv' }, { source: 'upload-cut' });
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/detentions/import', headers: { ...m.headers, 'content-length': m.payload.length, cookie: cap.cookie, 'x-csrf-token': cap.csrf } });
    req.on('error', () => {}); // the hang-up is the point
    req.write(m.payload.subarray(0, Math.floor(m.payload.length * 0.6)));
    const record = async () => (await sql<{ status: string; created: number; failure: string | null }>`SELECT status, created, failure FROM detention_imports WHERE source = 'upload-cut'`.execute(t.database.db)).rows[0];
    await vi.waitFor(async () => expect((await record())?.created).toBeGreaterThan(0), { timeout: 20_000 });
    req.destroy();
    await vi.waitFor(async () => expect((await record()).status).toBe('failed'), { timeout: 20_000 });
    const r = await record();
    expect(r.failure).toBe('El envío del archivo se cortó antes de terminar. Las filas ya registradas se conservan; vuelva a enviar el archivo y solo se agregarán las que falten.');
    expect(await count('upload-cut')).toBe(r.created);
    // The whole file sent again adds only the rest.
    const again = await upload(cap, { name: 'cortado.csv', content: lines, type: 'text/csv' }, { source: 'upload-cut' });
    expect(again.json()).toMatchObject({ status: 'completed', created: 3000 - r.created, existing: r.created });
  });

  it('POST /api/detentions/batch keeps good items, reports bad ones by index, and is idempotent', async () => {
    const at = new Date(t.clock.now().getTime() - 3600_000);
    const items = [
      registrationBody(at, { source: 'batch-test', external_id: 'B-1', lugar: { municipio: null }, persona: { edad: 50, fecha_nacimiento: '1990-01-01' } }),
      registrationBody(at, { source: 'batch-test', external_id: 'B-2', tipo: 'otra_cosa' }),
      registrationBody(at, { lugar: { municipio: null } }),
      'no soy un objeto',
    ];
    const res = await as(t.app, cap).post('/api/detentions/batch', items);
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ created: 1, existing: 0, rejected: 3 });
    expect(r.results.map((x: { index: number; status: string }) => [x.index, x.status])).toEqual([[0, 'created'], [1, 'rejected'], [2, 'rejected'], [3, 'rejected']]);
    expect(r.results[0].avisos).toEqual([{ field: 'persona.edad', message: expect.stringMatching(/^la edad registrada \(50\) no corresponde a la fecha de nacimiento \(3\d años\)$/) }]);
    expect(r.results[1].errors[0].field).toBe('tipo');
    expect(r.results[2].errors[0].field).toBe('external_id');
    const again = await as(t.app, cap).post('/api/detentions/batch', items.slice(0, 1));
    expect(again.json()).toMatchObject({ created: 0, existing: 1, results: [{ index: 0, status: 'existing', folio: r.results[0].folio }] });
    // The created item's person reaches the entity index through its registration event, once, with its birth date.
    for (let i = 0; i < 10; i++) if ((await t.dispatcher.drain()) === 0) break;
    const mentions = await sql<{ label: string; fecha_nacimiento: string }>`SELECT label, fecha_nacimiento::text AS fecha_nacimiento FROM person_mentions
      WHERE registry = 'detention' AND label = ${r.results[0].folio}`.execute(t.database.db);
    expect(mentions.rows).toEqual([{ label: r.results[0].folio, fecha_nacimiento: '1990-01-01' }]);
  });
});

describe('a bulk file\'s encoded rows', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedTestOffences(t.database.db);
  });
  afterAll(() => t.close());

  const text = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('utf8');

  it('reads a CSV the same however it arrives in pieces: BOM, CRLF, accents cut in two, quoted line breaks, a badly closed quote', async () => {
    const inst = await factories(t.database).institution('14', 'c5');
    const actor = makeActor({ type: 'api_key', id: 1, name: 'chunk-test', roles: ['capturist'], institutionId: inst.id, entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
    const catalog = await loadCatalog(t.database.db as unknown as DetentionDb);
    const csv = '\ufeff' + [
      HEADER, // line 1
      row('C-1', { nombre: 'Ñoño', motivo: '"Riña en la vía pública,\r\ncon lesiones"' }), // lines 2-3
      '', // line 4: skipped
      row('C-2', { nombre: '"Ana"x' }), // line 5: a quoted field closed badly; the next lines are still read
      row('C-3', { edad: 'veinte' }), // line 6
      row('C-4', { nombre: 'María', apellido_paterno: 'Güémez' }), // line 7
    ].join('\r\n');
    const bytes = Buffer.from(csv);
    for (const size of [1, 3, 7, 65536]) {
      const pieces = Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
      const batches: CheckedBatch[] = [];
      await checkFile({ format: 'csv', source: 'chunk-test', actor, encoding: 'copy', catalog }, Readable.from(pieces), { now: t.clock.now, batch: async (b) => { batches.push(b); } });
      const rows = batches.flatMap((b) => b.rows);
      const rejected = batches.flatMap((b) => b.rejected);
      expect(rows.map((r) => r.line), `pieces of ${size} bytes`).toEqual([3, 7]);
      expect(text(rows[0].tail)).toContain('Ñoño');
      expect(text(rows[0].tail)).toContain('con lesiones'); // line 3: the line break inside the quotes is part of the field
      expect(text(rows[1].tail)).toContain('Güémez');
      expect(rejected.map((r) => [r.line, r.issues.map((i) => i.field)])).toEqual([[5, ['(fila)']], [6, ['edad']]]);
      expect(rejected[0].issues[0].message).toMatch(/^una comilla cierra un campo y le sigue más texto/);
      expect(batches.reduce((n, b) => n + b.total, 0)).toBe(4);
    }
  });

  it('reports a quote that never closes at its line, with the file\'s last line, without reading the rest again and again', async () => {
    const inst = await factories(t.database).institution('14', 'c5');
    const actor = makeActor({ type: 'api_key', id: 1, name: 'open-quote', roles: ['capturist'], institutionId: inst.id, entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
    const catalog = await loadCatalog(t.database.db as unknown as DetentionDb);
    // More than MAX_CSV_RECORD_CHARS after the open quote, and no other quote (a quote further on would close the
    // field badly, and reading would start again on the next line): the reader stops parsing there and counts lines.
    const after = Array.from({ length: Math.ceil(MAX_CSV_RECORD_CHARS / 150) }, (_, i) => row(`O-${i + 3}`, { motivo: 'Riña' }));
    expect(after.join('\n').length).toBeGreaterThan(MAX_CSV_RECORD_CHARS);
    const lines = [HEADER, row('O-1'), `O-2,"Carla sin cerrar,Ruiz,Soto,25,M`, ...after];
    for (const end of ['\n', '']) {
      const bytes = Buffer.from(`${lines.join('\n')}${end}`);
      const pieces = Array.from({ length: Math.ceil(bytes.length / 65536) }, (_, i) => bytes.subarray(i * 65536, (i + 1) * 65536));
      const batches: CheckedBatch[] = [];
      await checkFile({ format: 'csv', source: 'open-quote', actor, encoding: 'copy', catalog }, Readable.from(pieces), { now: t.clock.now, batch: async (b) => { batches.push(b); } });
      expect(batches.flatMap((b) => b.rows).map((r) => r.line)).toEqual([2]);
      const rejected = batches.flatMap((b) => b.rejected);
      expect(rejected).toHaveLength(1);
      expect(rejected[0].line).toBe(3);
      expect(rejected[0].issues[0].message).toContain(`(línea ${lines.length})`);
    }
  });

  it('hands its rows over as UTF-8 bytes, every row of a batch in one buffer (accents, Ñ, both encodings)', async () => {
    const inst = await factories(t.database).institution('14', 'c5');
    const actor = makeActor({ type: 'api_key', id: 1, name: 'bytes-test', roles: ['capturist'], institutionId: inst.id, entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
    const csv = [HEADER,
      row('R-1', { nombre: 'José Ángel', apellido_paterno: 'Núñez', apellido_materno: 'Peña' }),
      row('R-2', { nombre: 'María', apellido_paterno: 'Güémez', tipo: 'hecho_probablemente_delictivo', supuesto: 'flagrancia', offence_codes: 'T-ROBO', autoridad_destino_tipo: 'ministerio_publico', autoridad_destino_nombre: 'Agencia del Ministerio Público 1' }),
    ].join('\n');
    const catalog = await loadCatalog(t.database.db as unknown as DetentionDb);
    for (const [encoding, sep] of [['copy', '\t'], ['packed', '\u001f']] as const) {
      const batches: CheckedBatch[] = [];
      await checkFile({ format: 'csv', source: 'bytes-test', actor, encoding, catalog }, Readable.from([Buffer.from(csv)]), { now: t.clock.now, batch: async (b) => { batches.push(b); } });
      expect(batches.flatMap((b) => b.rejected)).toEqual([]);
      expect(batches).toHaveLength(1);
      const [r1, r2] = batches[0].rows;
      // One ArrayBuffer under every view: what the worker thread transfers with the batch.
      expect(new Set([r1.tail, r1.mention, r2.tail, r2.mention].map((v) => v.buffer)).size).toBe(1);
      expect(Buffer.from(r1.tail.buffer, r1.tail.byteOffset, r1.tail.byteLength).includes(Buffer.from('Núñez', 'utf8'))).toBe(true);
      // Each view is exactly its row's encoded text: it starts at its first field and ends at its last.
      expect(text(r1.tail).startsWith(`bytes-test${sep}R-1${sep}`)).toBe(true);
      expect(text(r2.tail)).toMatch(/"apellido_paterno":"Güémez"/);
      expect(text(r2.tail).endsWith('}')).toBe(true);
      expect(text(r1.mention)).toMatch(/JOSE ANGEL NUNEZ PENA/);
      expect(text(r2.mention).endsWith(`${sep}1`)).toBe(true); // source_version, the mention's last column
    }
  });
});

describe('imports left processing', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(() => t.close());

  it('are marked failed once no batch has been committed for IMPORT_STALE_MINUTES, with words for it, audited', async () => {
    const inst = await factories(t.database).institution('14', 'c5');
    const at = (minutesAgo: number) => new Date(t.clock.now().getTime() - minutesAgo * 60_000);
    const add = async (status: string, minutesAgo: number) => Number((await t.database.db.insertInto('detention_imports' as never).values({
      entidad: '14', institution_id: inst.id, actor: JSON.stringify({ id: 1, name: 'x', type: 'user' }), source: `stale-${minutesAgo}`, file_name: 'f.csv', format: 'csv',
      status, errors: '[]', created: 1000, started_at: at(minutesAgo + 1), updated_at: at(minutesAgo),
    } as never).returning('id' as never).executeTakeFirstOrThrow() as { id: string }).id);
    const stopped = await add('processing', 16); // its server stopped 16 minutes ago
    const slow = await add('processing', 5); // a batch 5 minutes ago: still alive
    const done = await add('completed', 60);
    const status = async (id: number) => (await sql<{ status: string; failure: string | null }>`SELECT status, failure FROM detention_imports WHERE id = ${id}`.execute(t.database.db)).rows[0];

    // The worker, as the server runs it (a first pass at start).
    const sweeper = new StaleImportSweeper(t.database, 15, t.clock.now);
    await sweeper.start();
    try {
      await vi.waitFor(async () => expect((await status(stopped)).status).toBe('failed'), { timeout: 10_000 });
    } finally {
      await sweeper.stop();
    }
    expect((await status(stopped)).failure).toMatch(/^La carga se interrumpió: ningún lote se registró en 15 minutos/);
    expect(await status(slow)).toEqual({ status: 'processing', failure: null });
    expect((await status(done)).status).toBe('completed');
    const audit = await sql<{ details: { status: string; reason: string; created: number } }>`SELECT details FROM audit_log WHERE action = 'detention.import_finished' AND entity_id = ${String(stopped)}`.execute(t.database.db);
    expect(audit.rows.map((r) => r.details)).toEqual([expect.objectContaining({ status: 'failed', reason: 'stale', created: 1000 })]);

    // Ten minutes on, the slow one has had no batch for 15 either.
    t.clock.advance(11 * 60_000);
    expect(await failStaleImports(t.database.db.withTables() as never, t.clock.now(), 15)).toEqual([slow]);
    expect(await failStaleImports(t.database.db.withTables() as never, t.clock.now(), 15)).toEqual([]);
  });
});
