import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { inTerritory, requirePermission, territoryCondition } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, badRequest, notFound } from '../../core/errors.js';
import { ROWS_PER_SLICE, yieldToEventLoop } from '../../core/event-loop.js';
import { t } from '../../core/i18n.js';
import { checkDocument, Lookups, registerPrepared, normaliseRegistration, prepareRow, warningsFor, type FieldIssue, type PreparedRegistration } from './detentions.prepare.js';
import { offsetAt, timeZoneOf } from './detentions.rules.js';
import { RegistrationBody, type DetentionDocument, type ImportError, type ImportListInput } from './detentions.schema.js';
import { dbOf, defaultSource } from './detentions.service.js';
import { recorderOf, type DetentionDb, type DetentionTrx } from './detentions.store.js';

/** Rows per transaction: one multi-row insert, one events insert, one audit insert each. */
export const IMPORT_BATCH = 1000;
/** Batches written concurrently by one import (PostgreSQL; PGlite, a single session, simply queues them). */
export const IMPORT_WRITERS = 2;
/** Rejected lines kept in an import record (all are counted). */
export const MAX_STORED_ERRORS = 10_000;

/**
 * The columns of a bulk file (first row = header; case, accents and spaces in header names are ignored).
 * Lists inside a cell: `alias` and `offence_codes` separated by `|`; `agentes` as `nombre|cargo|unidad` separated by `;`.
 */
export const IMPORT_COLUMNS = [
  'external_id', 'fecha_hora_registro', 'nombre', 'apellido_paterno', 'apellido_materno', 'edad', 'fecha_nacimiento', 'sexo', 'curp', 'alias',
  'senas_particulares', 'entidad', 'municipio', 'domicilio', 'latitud', 'longitud', 'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto',
  'offence_codes', 'institution_id', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado',
  'confianza_nombre', 'confianza_parentesco', 'confianza_telefono', 'confianza_consentimiento',
] as const;
const REQUIRED = ['external_id', 'nombre', 'sexo', 'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado'];
const HEADER_ALIASES: Record<string, string> = { lat: 'latitud', lon: 'longitud', lng: 'longitud', codigos: 'offence_codes', delitos: 'offence_codes', id_externo: 'external_id' };

/** Where each document path lives in the file, for error reports that name the column. */
const PATH_TO_COLUMN: [RegExp, string][] = [
  [/^persona\.([a-z_]+)/, '$1'], [/^lugar\.lat/, 'latitud'], [/^lugar\.lon/, 'longitud'], [/^lugar\.([a-z_]+)/, '$1'],
  [/^autoridad_detencion\.institution_id/, 'institution_id'], [/^autoridad_detencion\.agentes.*/, 'agentes'],
  [/^autoridad_destino\.([a-z_]+)/, 'autoridad_destino_$1'], [/^persona_confianza\.([a-z_]+)/, 'confianza_$1'], [/^offence_codes.*/, 'offence_codes'],
];
const columnOf = (path: string) => {
  for (const [re, to] of PATH_TO_COLUMN) if (re.test(path)) return path.replace(re, to);
  return path;
};

const normHeader = (h: unknown) => {
  const s = String(h ?? '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
  return HEADER_ALIASES[s] ?? s;
};

type Cell = string | number | boolean | Date | null;
interface RawRow { line: number; values: Record<string, Cell> }
/** A stretch of a CSV file that could not be read as records (reported by line; the rest of the file is kept). */
interface Unreadable { unreadable: { line: number; key: string; params: Record<string, unknown> } }

const WALL = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * A wall-clock time in a zone as an instant, DST-safe: two correction passes over the zone's offset, which is cached
 * per hour (a bulk file has two dates a row; formatting each through Intl cost 8 µs, a seventh of the row's CPU).
 */
export function zonedToInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, zone: string): Date {
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  let guess = asUtc;
  for (let i = 0; i < 2; i++) guess = asUtc - offsetAt(zone, guess);
  return new Date(guess);
}

/** A date-time cell as ISO 8601: kept when it has an offset; a bare wall-clock time is read in the entidad's zone. */
function dateTimeCell(v: Cell, entidad: string | undefined): string | undefined {
  if (v == null || v === '') return undefined;
  const zone = timeZoneOf(entidad ?? '09');
  if (v instanceof Date) {
    // Spreadsheet dates carry no zone: their face value is the local time of the entidad.
    return zonedToInstant(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.getUTCHours(), v.getUTCMinutes(), v.getUTCSeconds(), zone).toISOString();
  }
  const s = String(v).trim();
  const m = WALL.exec(s);
  if (m) return zonedToInstant(+m[1], +m[2], +m[3], +m[4], +m[5], +(m[6] ?? 0), zone).toISOString();
  return s;
}

const dateCell = (v: Cell) => (v instanceof Date ? v.toISOString().slice(0, 10) : v == null || v === '' ? undefined : String(v).trim());
const textCell = (v: Cell) => (v == null ? undefined : v instanceof Date ? v.toISOString() : String(v).trim() || undefined);
const numCell = (v: Cell) => {
  const s = textCell(v);
  if (s === undefined) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) ? n : s;
};
const listCell = (v: Cell, sep: string) => textCell(v)?.split(sep).map((x) => x.trim()).filter(Boolean);

/** Turns one row of a bulk file into a registration body (validated afterwards by the same zod schema as the API). */
export function rowToRegistration(v: Record<string, Cell>, source: string): Record<string, unknown> {
  const entidad = textCell(v.entidad);
  const agentes = listCell(v.agentes, ';')?.map((a) => {
    const [nombre, cargo, unidad] = a.split('|').map((x) => x.trim());
    return { nombre, cargo, ...(unidad ? { unidad } : {}) };
  });
  const consent = textCell(v.confianza_consentimiento)?.toLowerCase();
  const confianza = textCell(v.confianza_nombre) ? {
    nombre: textCell(v.confianza_nombre), parentesco: textCell(v.confianza_parentesco), telefono: textCell(v.confianza_telefono),
    consentimiento: consent ? ['si', 'sí', 'true', '1', 'yes', 's'].includes(consent) || consent : undefined,
  } : undefined;
  const drop = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, x]) => x !== undefined));
  return drop({
    source, external_id: textCell(v.external_id), fecha_hora_registro: dateTimeCell(v.fecha_hora_registro ?? null, entidad),
    persona: drop({
      nombre: textCell(v.nombre), apellido_paterno: textCell(v.apellido_paterno), apellido_materno: textCell(v.apellido_materno),
      edad: numCell(v.edad), fecha_nacimiento: dateCell(v.fecha_nacimiento ?? null), sexo: textCell(v.sexo)?.toUpperCase(), curp: textCell(v.curp),
      alias: listCell(v.alias, '|'), senas_particulares: textCell(v.senas_particulares),
    }),
    lugar: drop({ entidad, municipio: textCell(v.municipio)?.padStart(3, '0'), domicilio: textCell(v.domicilio), lat: numCell(v.latitud), lon: numCell(v.longitud) }),
    fecha_hora_detencion: dateTimeCell(v.fecha_hora_detencion ?? null, entidad), motivo: textCell(v.motivo), tipo: textCell(v.tipo), supuesto: textCell(v.supuesto),
    offence_codes: listCell(v.offence_codes, '|'),
    autoridad_detencion: drop({ institution_id: numCell(v.institution_id), agentes }),
    autoridad_destino: drop({ tipo: textCell(v.autoridad_destino_tipo), nombre: textCell(v.autoridad_destino_nombre) }),
    lugar_traslado: textCell(v.lugar_traslado), persona_confianza: confianza ? drop(confianza) : undefined,
  });
}

/** Renders a zod issue's message (custom messages are i18n keys; the rest come in the language already). */
const zodLocale = { es: z.locales.es(), en: z.locales.en() };
function zodIssues(err: z.ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(fila)', key: i.message }));
}

/**
 * Validates candidate registrations (zod shape, then the document rules against cached lookups) and returns the
 * prepared ones and the rejected ones with their line and fields. Used by bulk files and by the JSON batch. A batch is
 * tens of milliseconds of CPU, so the loops yield every ROWS_PER_SLICE rows: requests served meanwhile are not held.
 */
export async function prepareMany(db: DetentionDb, ctx: Ctx, candidates: { line: number; body: unknown }[], lookups: Lookups, opts: { requireExternalId: boolean; toColumn?: (path: string) => string }) {
  const now = ctx.now();
  const lang = ctx.actor.lang;
  const toColumn = opts.toColumn ?? ((p: string) => p);
  const rejected: ImportError[] = [];
  const docs: { line: number; body: z.infer<typeof RegistrationBody>; doc: DetentionDocument }[] = [];
  const reject = (line: number, externalId: unknown, issues: FieldIssue[]) =>
    rejected.push({ line, external_id: typeof externalId === 'string' ? externalId : null, issues: issues.map((i) => ({ field: toColumn(i.path), message: t(lang, i.key, i.params ?? {}) })) });
  for (let k = 0; k < candidates.length; k++) {
    if (k % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    const c = candidates[k];
    if (typeof c.body !== 'object' || c.body === null || Array.isArray(c.body)) { reject(c.line, null, [{ path: '(fila)', key: 'field.row_invalid' }]); continue; }
    const r = RegistrationBody.safeParse(c.body, { error: (iss) => zodLocale[lang].localeError(iss) as string });
    const ext = (c.body as Record<string, unknown>).external_id;
    if (!r.success) { reject(c.line, ext, zodIssues(r.error)); continue; }
    if (opts.requireExternalId && (!r.data.external_id || !r.data.source)) {
      reject(c.line, ext, [...(r.data.external_id ? [] : [{ path: 'external_id', key: 'field.external_id_required' }]), ...(r.data.source ? [] : [{ path: 'source', key: 'field.external_id_required' }])]);
      continue;
    }
    docs.push({ line: c.line, body: r.data, doc: normaliseRegistration(r.data, ctx.actor) });
  }
  await lookups.load(db, docs.map((d) => ({ codes: d.doc.offence_codes, entidad: d.doc.lugar.entidad || null, municipio: d.doc.lugar.municipio ?? null, institutionId: d.doc.autoridad_detencion.institution_id })));
  const prepared: (PreparedRegistration & { line: number })[] = [];
  // Rows that pass but carry data-quality warnings (a CURP of another name, an age that does not fit): registered, and
  // reported by line as the rejected ones are.
  const warned: ImportError[] = [];
  const seen = new Map<string, number>();
  const recorder = recorderOf(ctx.actor);
  for (let k = 0; k < docs.length; k++) {
    if (k % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    const d = docs[k];
    const issues = d.doc.lugar.entidad ? checkDocument(d.doc, ctx.actor, lookups, now) : [{ path: 'lugar.entidad', key: 'field.required' }];
    const key = `${d.doc.lugar.entidad}\u0000${d.body.source ?? ''}\u0000${d.body.external_id ?? ''}`;
    if (d.body.external_id && seen.has(key)) issues.push({ path: 'external_id', key: 'field.external_id_repeated', params: { line: seen.get(key) } });
    if (issues.length) { reject(d.line, d.body.external_id, issues); continue; }
    if (d.body.external_id) seen.set(key, d.line);
    const avisos = warningsFor(d.doc, lang);
    if (avisos.length) warned.push({ line: d.line, external_id: d.body.external_id ?? null, issues: avisos.map((a) => ({ field: toColumn(a.field), message: a.message })) });
    prepared.push({ line: d.line, ...prepareRow(d.doc, { source: d.body.source ?? defaultSource(ctx.actor), external_id: d.body.external_id ?? null, recorder, received: now }, lookups) });
  }
  rejected.sort((a, b) => a.line - b.line);
  return { prepared, rejected, warned };
}

/**
 * Registers up to 1,000 detentions from a state system in one transaction. Each item is checked on its own: good
 * items are kept, bad ones reported by index; an item whose (source, external_id) exists answers its folio.
 */
export async function registerBatch(ctx: Ctx, items: unknown[]) {
  requirePermission(ctx.actor, 'detention.capture');
  const db = dbOf(ctx);
  const { prepared, rejected, warned } = await prepareMany(db, ctx, items.map((body, i) => ({ line: i, body })), new Lookups(), { requireExternalId: true });
  const outcomes = prepared.length ? await registerPrepared(db, ctx.actor, prepared, ctx.now(), 'batch') : [];
  const avisosOf = new Map(warned.map((w) => [w.line, w.issues]));
  const results = [
    ...prepared.map((p, i) => ({ index: p.line, status: outcomes[i].status, folio: outcomes[i].folio, external_id: p.row.external_id, ...(avisosOf.has(p.line) ? { avisos: avisosOf.get(p.line) } : {}) })),
    ...rejected.map((r) => ({ index: r.line, status: 'rejected' as const, external_id: r.external_id, errors: r.issues })),
  ].sort((a, b) => a.index - b.index);
  return {
    created: outcomes.filter((o) => o.status === 'created').length,
    existing: outcomes.filter((o) => o.status === 'existing').length,
    rejected: rejected.length,
    results,
  };
}

/** Splits a bulk file into rows with their line numbers (CSV with `,`, `;` or tab; or the first sheet of an XLSX). */
async function* readRows(format: 'csv' | 'xlsx', stream: Readable): AsyncGenerator<RawRow | Unreadable | { header: string[] }> {
  if (format === 'xlsx') {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
    let headers: string[] | null = null;
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const vals = (row.values as unknown[]).slice(1).map(xlsxCell);
        if (!headers) {
          headers = vals.map(normHeader);
          yield { header: headers };
          continue;
        }
        if (vals.every((x) => x == null || x === '')) continue;
        yield { line: row.number, values: Object.fromEntries(headers.map((h, i) => [h, vals[i] ?? null])) };
      }
      break; // only the first sheet
    }
    return;
  }
  const source = await sniffDelimiter(stream);
  // A quote inside a field is taken as it is (hand-made files have them); a record csv-parse still cannot read is
  // reported by line and skipped, so the good rows around it are kept. A quote that never closes swallows the rest
  // of the file: that is reported at the line where the unreadable record starts.
  const skipped: Unreadable[] = [];
  let parsedLine = 0; // the last line of the last record read, as the parser goes (it runs ahead of this loop)
  const parser = source.stream.pipe(parse({
    delimiter: source.delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true, trim: false,
    on_record: (record, context) => { parsedLine = context.lines; return record; },
    skip_records_with_error: true,
    on_skip: (err) => {
      if (!err) return;
      const lines = (err as { lines?: number }).lines ?? 0;
      skipped.push(err.code === 'CSV_QUOTE_NOT_CLOSED'
        ? { unreadable: { line: parsedLine + 1, key: 'field.csv_quote_not_closed', params: { last: lines } } }
        : { unreadable: { line: lines, key: 'field.csv_row_unreadable', params: { code: err.code } } });
    },
  }));
  let headers: string[] | null = null;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length && skipped[0].unreadable.line <= rec.info.lines) yield skipped.shift()!;
    if (!headers) {
      headers = rec.record.map(normHeader);
      yield { header: headers };
      continue;
    }
    yield { line: rec.info.lines, values: Object.fromEntries(headers.map((h, i) => [h, rec.record[i] ?? null])) };
  }
  while (skipped.length) yield skipped.shift()!;
}

function xlsxCell(v: unknown): Cell {
  if (v == null) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  const o = v as { richText?: { text: string }[]; text?: string; result?: unknown; error?: string };
  if (o.richText) return o.richText.map((r) => r.text).join('');
  if (o.result !== undefined) return xlsxCell(o.result);
  if (o.text !== undefined) return String(o.text);
  return null;
}

/** Looks at the header line to pick the delimiter, then hands back a stream that still starts at byte 0. */
async function sniffDelimiter(stream: Readable): Promise<{ delimiter: string; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head: Buffer = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  const line = head.toString('utf8').split(/\r?\n/)[0];
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  const rest = async function* () {
    if (head.length) yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  };
  return { delimiter: counts[0][1] > 1 ? counts[0][0] : ',', stream: Readable.from(rest()) };
}

/** The format a file name (or MIME type) says it has. */
export function formatOf(fileName: string, mime?: string): 'csv' | 'xlsx' | null {
  const n = fileName.toLowerCase();
  if (n.endsWith('.csv') || n.endsWith('.txt') || mime === 'text/csv') return 'csv';
  if (n.endsWith('.xlsx') || mime === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  return null;
}

const importColumns = ['id', 'entidad', 'source', 'file_name', 'format', 'status', 'total_rows', 'created', 'existing', 'rejected', 'errors', 'warned', 'warnings', 'failure', 'started_at', 'finished_at', 'actor'] as const;

/**
 * Imports a CSV or XLSX file of detentions: streamed, validated row by row, good rows inserted 1,000 per transaction
 * (the next batch is validated while the previous one is written), bad rows reported by line. Idempotent on
 * (entidad, source, external_id): a re-sent or interrupted file adds only what is missing. Progress is committed
 * with each batch in the import record, readable at GET /api/detentions/imports/:id.
 */
export async function importDetentions(ctx: Ctx, file: { fileName: string; mime?: string; stream: Readable }, opts: { source?: string }) {
  requirePermission(ctx.actor, 'detention.capture');
  const format = formatOf(file.fileName, file.mime);
  if (!format) {
    file.stream.resume();
    throw badRequest('import_format_unsupported', { name: file.fileName });
  }
  const source = opts.source ?? defaultSource(ctx.actor);
  if (!/^[\w.:-]{1,100}$/.test(source)) {
    file.stream.resume();
    throw badRequest('import_source_required');
  }
  const db = dbOf(ctx);
  const started = ctx.now();
  const rec = await db.transaction().execute(async (trx) => {
    const r = await trx.insertInto('detention_imports').values({
      entidad: ctx.actor.entidad, institution_id: ctx.actor.institutionId, actor: JSON.stringify(recorderOf(ctx.actor)), source, file_name: file.fileName.slice(0, 300),
      format, status: 'processing', errors: '[]', started_at: started, updated_at: started,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, { action: 'detention.import_started', entityType: 'detention_import', entityId: r.id, entidad: ctx.actor.entidad, details: { file_name: file.fileName, format, source } }, started);
    return r;
  });
  const importId = Number(rec.id);
  const lookups = new Lookups();
  const allOffences = await db.selectFrom('offences').select(['code', 'kind', 'extended_retention']).where('active', '=', true).execute();
  for (const o of allOffences) lookups.offences.set(o.code, { kind: o.kind, extended_retention: o.extended_retention });

  let failure: unknown = null;
  const write = async (prepared: (PreparedRegistration & { line: number })[], rejected: ImportError[], warned: ImportError[], total: number) => {
    const now = ctx.now();
    const progress = async (trx: DetentionTrx, outcomes: { status: string }[]) => {
      const created = outcomes.filter((o) => o.status === 'created').length;
      await sql`UPDATE detention_imports SET total_rows = total_rows + ${total}::int, created = created + ${created}::int,
        existing = existing + ${outcomes.length - created}::int, rejected = rejected + ${rejected.length}::int,
        errors = CASE WHEN jsonb_array_length(errors) < ${MAX_STORED_ERRORS}::int THEN errors || ${JSON.stringify(rejected)}::jsonb ELSE errors END,
        warned = warned + ${warned.length}::int,
        warnings = CASE WHEN jsonb_array_length(warnings) < ${MAX_STORED_ERRORS}::int THEN warnings || ${JSON.stringify(warned)}::jsonb ELSE warnings END,
        updated_at = ${now.toISOString()}::timestamptz WHERE id = ${importId}::int8`.execute(trx);
    };
    if (prepared.length) await registerPrepared(db, ctx.actor, prepared, now, `import:${importId}`, progress, { entityType: 'detention_import', entityId: String(importId) });
    else await db.transaction().execute((trx) => progress(trx, []));
  };
  // Up to WRITERS batches are written at once (their inserts and events proceed in parallel; the import row, the
  // rollup rows and the audit chain are taken last and in order), while the next batch is parsed and validated.
  const inFlight: Promise<void>[] = [];
  const settled = () => Promise.all(inFlight.splice(0));
  // Stretches of the file that could not be read as rows, reported with the next batch.
  let unreadable: ImportError[] = [];
  const flush = async (rows: { line: number; body: unknown }[]) => {
    const { prepared, rejected, warned } = await prepareMany(db, ctx, rows, lookups, { requireExternalId: true, toColumn: columnOf });
    const bad = unreadable.length ? [...unreadable, ...rejected].sort((a, b) => a.line - b.line) : rejected;
    const total = rows.length + unreadable.length;
    unreadable = [];
    while (inFlight.length >= IMPORT_WRITERS) await inFlight.shift();
    if (failure) throw failure;
    inFlight.push(write(prepared, bad, warned, total).catch((e) => { failure = e; }));
  };
  try {
    let batch: { line: number; body: unknown }[] = [];
    for await (const item of readRows(format, file.stream)) {
      if ('header' in item) {
        const missing = REQUIRED.filter((c) => !item.header.includes(c));
        if (missing.length) throw badRequest('import_header_missing', { columns: missing.join(', ') });
        continue;
      }
      if ('unreadable' in item) {
        const u = item.unreadable;
        unreadable.push({ line: u.line, external_id: null, issues: [{ field: '(fila)', message: t(ctx.actor.lang, u.key, u.params) }] });
        continue;
      }
      batch.push({ line: item.line, body: rowToRegistration(item.values, source) });
      // Parsing runs on buffered data without ever reaching the event loop: let I/O in between slices.
      if (batch.length % ROWS_PER_SLICE === 0) await yieldToEventLoop();
      if (batch.length >= IMPORT_BATCH) {
        await flush(batch);
        batch = [];
      }
    }
    if (batch.length || unreadable.length) await flush(batch);
    await settled();
    if (failure) throw failure;
    await finish(db, ctx, importId, 'completed', null);
  } catch (err) {
    file.stream.resume();
    await settled().catch(() => {});
    const message = err instanceof AppError ? t(ctx.actor.lang, err.code, err.params) : (err as Error).message;
    await finish(db, ctx, importId, 'failed', message.slice(0, 2000));
    if (err instanceof AppError) throw err;
    if ((err as { code?: string }).code?.startsWith?.('CSV_')) throw badRequest('import_parse_failed', { detail: (err as Error).message });
    throw err;
  }
  return getImport(ctx, importId);
}

async function finish(db: DetentionDb, ctx: Ctx, id: number, status: 'completed' | 'failed', failure: string | null) {
  const now = ctx.now();
  await db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('detention_imports').set({ status, failure, finished_at: now, updated_at: now }).where('id', '=', id)
      .returning(['total_rows', 'created', 'existing', 'rejected']).executeTakeFirstOrThrow();
    await writeAudit(trx as unknown as Transaction<CoreTables>, ctx.actor, { action: 'detention.import_finished', entityType: 'detention_import', entityId: id, entidad: ctx.actor.entidad, details: { status, ...r, failure } }, now);
  });
}

/**
 * The import records in the reader's territory, newest first, with their counts but not their line lists (one
 * record's lines: getImport). A file whose upload page was closed can be found here, still `processing` or done.
 */
export async function listImports(ctx: Ctx, q: ImportListInput) {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  let base = db.selectFrom('detention_imports').where(territoryCondition(ctx.actor, 'view', { entidad: 'entidad', institution: 'institution_id' }));
  if (q.status) base = base.where('status', '=', q.status);
  const [items, total] = await Promise.all([
    base.select(['id', 'entidad', 'source', 'file_name', 'format', 'status', 'total_rows', 'created', 'existing', 'rejected', 'warned', 'failure', 'started_at', 'updated_at', 'finished_at', 'actor'])
      .orderBy('id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((r) => ({ ...r, id: Number(r.id) })), total: total.n, page: q.page, page_size: q.page_size };
}

/** One import record with its counts and rejected lines; only within the importer's territory (404 otherwise). */
export async function getImport(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  const r = await db.selectFrom('detention_imports').select(importColumns).select('institution_id').where('id', '=', id).executeTakeFirst();
  if (!r || !inTerritory(ctx.actor, 'view', { entidad: r.entidad, institution_id: r.institution_id })) throw notFound('import_not_found');
  const { institution_id: _i, ...rest } = r;
  const byLine = (list: ImportError[]) => [...list].sort((a, b) => a.line - b.line); // batches may commit out of order
  const errors = byLine(r.errors as ImportError[]);
  const warnings = byLine(r.warnings as ImportError[]);
  return { ...rest, id: Number(r.id), errors, error_lines_stored: errors.length, warnings, warning_lines_stored: warnings.length };
}

