import { AsyncLocalStorage } from 'node:async_hooks';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import Papa from 'papaparse';
import ExcelJS from 'exceljs';
import { z } from 'zod';
import type { Actor } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { zodMessage } from '../../core/http.js';
import { ROWS_PER_SLICE, yieldToEventLoop } from '../../core/event-loop.js';
import { ByteSink } from '../../core/rowtext.js';
import { t } from '../../core/i18n.js';
import {
  catalogueIssues, checkDocument, detentionMention, Lookups, normaliseRegistration, prepareRow, warningsFor, wellFormedFacts,
  type CatalogSnapshot, type EncodedRegistration, type FieldIssue, type PreparedRegistration,
} from './detentions.prepare.js';
import { encodeMention } from '../entities/index.js';
import { offsetAt, timeZoneOf } from './detentions.rules.js';
import { contributionsOf, type Contribution } from './detentions.rollup.js';
import { RegistrationBody, type DetentionDocument, type ImportError } from './detentions.schema.js';
import { defaultSource } from './detentions.service.js';
import { encodeTail, recorderOf, type DetentionDb, type RowEncoding } from './detentions.store.js';

/**
 * Reading and checking bulk files: rows out of CSV or XLSX, each turned into a registration body, checked with the
 * API's zod schema and document rules, and the good ones encoded for the writer. Nothing here touches the database
 * once the catalogues are in hand, so a file can be checked in a worker thread (detentions.check-worker.ts) while the
 * server's thread only writes.
 */

/** Rows per batch handed to the writer (one transaction each). */
export const IMPORT_BATCH = 1000;

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
export const REQUIRED = ['external_id', 'nombre', 'sexo', 'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado'];
const HEADER_ALIASES: Record<string, string> = { lat: 'latitud', lon: 'longitud', lng: 'longitud', codigos: 'offence_codes', delitos: 'offence_codes', id_externo: 'external_id' };

/** Where each document path lives in the file, for error reports that name the column. */
const PATH_TO_COLUMN: [RegExp, string][] = [
  [/^persona\.([a-z_]+)/, '$1'], [/^lugar\.lat/, 'latitud'], [/^lugar\.lon/, 'longitud'], [/^lugar\.([a-z_]+)/, '$1'],
  [/^autoridad_detencion\.institution_id/, 'institution_id'], [/^autoridad_detencion\.agentes.*/, 'agentes'],
  [/^autoridad_destino\.([a-z_]+)/, 'autoridad_destino_$1'], [/^persona_confianza\.([a-z_]+)/, 'confianza_$1'], [/^offence_codes.*/, 'offence_codes'],
];
export const columnOf = (path: string) => {
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

/** The object without its undefined properties (a loop: this runs five times for every row of a file). */
function definedOnly(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in o) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

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
  return definedOnly({
    source, external_id: textCell(v.external_id), fecha_hora_registro: dateTimeCell(v.fecha_hora_registro ?? null, entidad),
    persona: definedOnly({
      nombre: textCell(v.nombre), apellido_paterno: textCell(v.apellido_paterno), apellido_materno: textCell(v.apellido_materno),
      edad: numCell(v.edad), fecha_nacimiento: dateCell(v.fecha_nacimiento ?? null), sexo: textCell(v.sexo)?.toUpperCase(), curp: textCell(v.curp),
      alias: listCell(v.alias, '|'), senas_particulares: textCell(v.senas_particulares),
    }),
    lugar: definedOnly({ entidad, municipio: textCell(v.municipio)?.padStart(3, '0'), domicilio: textCell(v.domicilio), lat: numCell(v.latitud), lon: numCell(v.longitud) }),
    fecha_hora_detencion: dateTimeCell(v.fecha_hora_detencion ?? null, entidad), motivo: textCell(v.motivo), tipo: textCell(v.tipo), supuesto: textCell(v.supuesto),
    offence_codes: listCell(v.offence_codes, '|'),
    autoridad_detencion: definedOnly({ institution_id: numCell(v.institution_id), agentes }),
    autoridad_destino: definedOnly({ tipo: textCell(v.autoridad_destino_tipo), nombre: textCell(v.autoridad_destino_nombre) }),
    lugar_traslado: textCell(v.lugar_traslado), persona_confianza: confianza ? definedOnly(confianza) : undefined,
  });
}

/** Renders a zod issue's message (custom messages are i18n keys; the rest come in the language already). */
function zodIssues(err: z.ZodError): FieldIssue[] {
  return err.issues.map((i) => ({ path: i.path.map(String).join('.') || '(fila)', key: i.message }));
}

/**
 * Validates candidate registrations (zod shape, then the document rules against cached lookups) and returns the
 * prepared ones and the rejected ones with their line and fields. Used by bulk files and by the JSON batch. A batch is
 * tens of milliseconds of CPU, so the loops yield every ROWS_PER_SLICE rows: requests served meanwhile are not held.
 */
export async function prepareMany(db: DetentionDb | null, ctx: Pick<Ctx, 'actor' | 'now'>, candidates: { line: number; body: unknown }[], lookups: Lookups, opts: { requireExternalId: boolean; toColumn?: (path: string) => string }) {
  const now = ctx.now();
  const lang = ctx.actor.lang;
  const toColumn = opts.toColumn ?? ((p: string) => p);
  const rejected: ImportError[] = [];
  const docs: { line: number; body: z.infer<typeof RegistrationBody>; doc: DetentionDocument }[] = [];
  // Rows that failed the shape check: their well-formed fields still go through the catalogue checks below.
  const misshapen: { line: number; ext: unknown; issues: FieldIssue[]; facts: ReturnType<typeof wellFormedFacts> }[] = [];
  const reject = (line: number, externalId: unknown, issues: FieldIssue[]) =>
    rejected.push({ line, external_id: typeof externalId === 'string' ? externalId : null, issues: issues.map((i) => ({ field: toColumn(i.path), message: t(lang, i.key, i.params ?? {}) })) });
  for (let k = 0; k < candidates.length; k++) {
    if (k % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    const c = candidates[k];
    if (typeof c.body !== 'object' || c.body === null || Array.isArray(c.body)) { reject(c.line, null, [{ path: '(fila)', key: 'field.row_invalid' }]); continue; }
    const r = RegistrationBody.safeParse(c.body, { reportInput: true, error: (iss) => zodMessage(iss as z.core.$ZodIssue, lang) });
    const ext = (c.body as Record<string, unknown>).external_id;
    if (!r.success) {
      const issues = zodIssues(r.error);
      misshapen.push({ line: c.line, ext, issues, facts: wellFormedFacts(c.body as Record<string, unknown>, ctx.actor, issues) });
      continue;
    }
    if (opts.requireExternalId && (!r.data.external_id || !r.data.source)) {
      reject(c.line, ext, [...(r.data.external_id ? [] : [{ path: 'external_id', key: 'field.external_id_required' }]), ...(r.data.source ? [] : [{ path: 'source', key: 'field.external_id_required' }])]);
      continue;
    }
    docs.push({ line: c.line, body: r.data, doc: normaliseRegistration(r.data, ctx.actor) });
  }
  await lookups.load(db, [
    ...docs.map((d) => ({ codes: d.doc.offence_codes, entidad: d.doc.lugar.entidad || null, municipio: d.doc.lugar.municipio ?? null, institutionId: d.doc.autoridad_detencion.institution_id })),
    ...misshapen.map((m) => m.facts),
  ]);
  for (const m of misshapen) reject(m.line, m.ext, [...m.issues, ...catalogueIssues(m.facts, ctx.actor, lookups)]);
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
 * Splits a bulk file into rows with their line numbers (CSV with `,`, `;` or tab; or the first sheet of an XLSX), a
 * CSV's in runs (the rows of one piece of the file: an async generator's step costs a promise and a turn of the
 * microtask queue, and two of them a row added up to ~1 µs of a row's checking).
 */
async function* readRows(format: 'csv' | 'xlsx', stream: Readable): AsyncGenerator<(RawRow | Unreadable | { header: string[] })[]> {
  if (format === 'xlsx') {
    for await (const row of readXlsxRows(stream)) yield [row];
    return;
  }
  const source = await sniffCsv(stream);
  let headers: string[] | null = null;
  for await (const recs of readCsvRecords(source)) {
    const out: (RawRow | Unreadable | { header: string[] })[] = [];
    for (const rec of recs) {
      if ('unreadable' in rec) { out.push(rec); continue; }
      if (!headers) {
        headers = rec.record.map(normHeader);
        out.push({ header: headers });
        continue;
      }
      const values: Record<string, Cell> = {};
      for (let i = 0; i < headers.length; i++) values[headers[i]] = rec.record[i] ?? null;
      out.push({ line: rec.line, values });
    }
    yield out;
  }
}

/**
 * ExcelJS's streaming reader parks a worksheet stored before the shared strings in a temporary file (the `tmp`
 * package: an open descriptor and a file in the OS's temporary directory) and releases it only when driven past that
 * sheet; a workbook that breaks further on (cut short, say) leaves it behind for the life of the process (exceljs
 * 4.4.0). The release callbacks of the files created while reading one upload are noted here (the `tmp` instance
 * ExcelJS itself loads, wrapped once) and called when that read ends; calling one twice does nothing.
 */
const parkedSheets = new AsyncLocalStorage<(() => void)[]>();
{
  const excelTmp = createRequire(createRequire(import.meta.url).resolve('exceljs'))('tmp') as { file: (...args: unknown[]) => unknown };
  const file = excelTmp.file;
  excelTmp.file = function noted(this: unknown, ...args: unknown[]) {
    const release = parkedSheets.getStore();
    const cb = args[args.length - 1];
    if (release && typeof cb === 'function') {
      args[args.length - 1] = (err: unknown, path: string, fd: number, cleanup: () => void) => {
        if (!err) release.push(cleanup);
        return cb(err, path, fd, cleanup);
      };
    }
    return file.apply(this, args);
  };
}

const XLSX_OPTIONS = { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' } as const;

/**
 * The rows of an XLSX workbook's first sheet. What goes wrong inside the workbook — not a ZIP archive, cut short,
 * XML that does not parse — is the file's fault: a 400 (`import_xlsx_unreadable`), not a server error; the batches
 * already written stay. ExcelJS's streaming reader parks a worksheet stored before the shared strings (as ExcelJS and
 * other libraries write them) in a temporary file, removed only when the reader is driven past that sheet: so the
 * reader is always run to its end, the sheets after the first read and dropped, even when the caller stops early; and
 * what a broken workbook leaves parked is released here (parkedSheets).
 */
async function* readXlsxRows(stream: Readable): AsyncGenerator<RawRow | { header: string[] }> {
  const sheets = new ExcelJS.stream.xlsx.WorkbookReader(stream, XLSX_OPTIONS)[Symbol.asyncIterator]();
  const unreadable = (err: unknown) => badRequest('import_xlsx_unreadable', {}, { detail: (err as Error)?.message ?? String(err) });
  const release: (() => void)[] = [];
  const step = async <T>(next: () => Promise<T>): Promise<T> => {
    try {
      return await parkedSheets.run(release, next);
    } catch (err) {
      // The server's own trouble (a full disk for a parked sheet, say) stays a server error.
      throw (err as NodeJS.ErrnoException)?.syscall ? err : unreadable(err);
    }
  };
  let done = false;
  let rows: AsyncIterator<ExcelJS.Row> | undefined;
  try {
    const first = await step(() => sheets.next());
    if (first.done) { done = true; return; }
    const sheet = first.value[Symbol.asyncIterator]();
    rows = sheet;
    let headers: string[] | null = null;
    for (let r = await step(() => sheet.next()); !r.done; r = await step(() => sheet.next())) {
      const vals = (r.value.values as unknown[]).slice(1).map(xlsxCell);
      if (!headers) {
        headers = vals.map(normHeader);
        yield { header: headers };
        continue;
      }
      if (vals.every((x) => x == null || x === '')) continue;
      yield { line: r.value.number, values: Object.fromEntries(headers.map((h, i) => [h, vals[i] ?? null])) };
    }
  } finally {
    // Only the first sheet is read; the others are drained so the reader reaches its end and removes its temporary files.
    try {
      await rows?.return?.();
      const next = () => parkedSheets.run(release, () => sheets.next());
      for (let s = done ? null : await next(); s && !s.done; s = await next()) for await (const row of s.value) void row;
    } catch {
      // the file is broken further on: already answered, or irrelevant past the first sheet
    }
    for (const cleanup of release) cleanup();
  }
}

/** The longest record a CSV may hold (characters): past it an open quote is taken to run to the end of the file. */
export const MAX_CSV_RECORD_CHARS = 1 << 20;

type CsvRecord = { record: string[]; line: number };

/**
 * The records of a CSV with the line each ends on, read by papaparse's core parser chunk by chunk (a record cut by a
 * chunk's end is carried into the next; bytes are decoded as UTF-8 across chunk ends). What the file's author meant
 * is kept where it can be:
 * - a quote inside an unquoted field is taken as it is (hand-made files have them: `Ana "la Güera"`);
 * - a quoted field whose closing quote is followed by something else (`"Ana"x,…`) makes its line unreadable: it is
 *   reported by line and reading starts again on the next line, so the good rows after it are kept;
 * - a quote that never closes swallows the rest of the file: reported at the line where its record starts.
 */
async function* readCsvRecords(source: { delimiter: string; newline: string; stream: Readable }): AsyncGenerator<(CsvRecord | Unreadable)[]> {
  const { newline } = source;
  const nl = newline === '\r' ? '\r' : '\n';
  const decoder = new StringDecoder('utf8');
  let line = 0; // the last line of what was read
  const countLines = (text: string, from: number, to: number) => {
    let n = 0;
    for (let i = text.indexOf(nl, from); i !== -1 && i < to; i = text.indexOf(nl, i + 1)) n++;
    return n;
  };
  /**
   * A record with a badly closed quoted field (starting at `start`, the broken field at `at`): reported, and skipped
   * to the end of the line where the broken field starts. Answers where reading starts again (null: at the end of
   * `text`, the line not ending in it).
   */
  const skipMalformed = (text: string, start: number, at: number, out: (CsvRecord | Unreadable)[]): number | null => {
    out.push({ unreadable: { line: line + 1, key: 'field.csv_quote_malformed', params: {} } });
    const eol = text.indexOf(newline, at);
    const resume = eol === -1 ? text.length : eol + newline.length;
    line += countLines(text, start, resume) + (eol === -1 ? 1 : 0);
    return eol === -1 ? null : resume;
  };
  /**
   * Reads the complete records of `text` (and, when `final`, the last one too) into `out`; answers where the part
   * still to read starts (an incomplete last record, to be read again with more text).
   */
  const readText = (text: string, final: boolean, out: (CsvRecord | Unreadable)[]): number => {
    let from = 0;
    for (;;) {
      let rowStart = from, resume = -1;
      const onRow = (res: Papa.ParseResult<string[]>) => { // the core parser steps with data = [the row]
        const end = from + res.meta.cursor;
        const start = line + 1;
        const bad = res.errors.find((e) => e.code === 'InvalidQuotes');
        if (bad) {
          resume = skipMalformed(text, rowStart, from + (bad.index ?? 0), out) ?? text.length;
          parser.abort();
          return;
        }
        line += countLines(text, rowStart, end) + (text.startsWith(newline, end - newline.length) && end > rowStart ? 0 : 1);
        rowStart = end;
        const record = res.data[0];
        if (res.errors.some((e) => e.code === 'MissingQuotes')) out.push({ unreadable: { line: start, key: 'field.csv_quote_not_closed', params: { last: line } } });
        else if (record.length > 1 || record[0] !== '') out.push({ record, line }); // an empty line is skipped
      };
      const parser = new Papa.Parser({ delimiter: source.delimiter, newline: newline as '\n', quoteChar: '"', step: onRow as never });
      const res = parser.parse(from ? text.slice(from) : text, 0, !final) as Papa.ParseResult<string[]>;
      if (resume !== -1) { from = resume; continue; }
      // The incomplete last record: broken already (a field closed badly) or waiting for more text.
      const bad = res.errors.find((e) => e.code === 'InvalidQuotes');
      const tail = from + res.meta.cursor;
      // Its line complete: skipped now. Not yet: read again with the next chunk.
      const after = bad && text.indexOf(newline, from + (bad.index ?? 0)) !== -1 ? skipMalformed(text, tail, from + (bad.index ?? 0), out) : null;
      if (after == null) return tail;
      from = after;
    }
  };
  let carry = '';
  let first = true;
  const chunks = source.stream[Symbol.asyncIterator]();
  for (let c = await chunks.next(); !c.done; c = await chunks.next()) {
    let text = carry + decoder.write(c.value as Buffer);
    if (first && text) { first = false; if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); }
    const out: (CsvRecord | Unreadable)[] = [];
    carry = text.slice(readText(text, false, out));
    yield out;
    if (carry.length > MAX_CSV_RECORD_CHARS) {
      // Only an open quote makes a record this long: nothing after it can be read. Count the lines to the end.
      let breaks = countLines(carry, 0, carry.length), lastChar = carry[carry.length - 1];
      const more = (t: string) => { breaks += countLines(t, 0, t.length); if (t) lastChar = t[t.length - 1]; };
      for (let m = await chunks.next(); !m.done; m = await chunks.next()) more(decoder.write(m.value as Buffer));
      more(decoder.end());
      yield [{ unreadable: { line: line + 1, key: 'field.csv_quote_not_closed', params: { last: line + breaks + (lastChar === nl ? 0 : 1) } } }];
      return;
    }
  }
  const out: (CsvRecord | Unreadable)[] = [];
  readText(carry + decoder.end(), true, out);
  yield out;
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

/**
 * Looks at the header line to pick the delimiter and the line break (reading as many chunks as the line takes), then
 * hands back a stream that still starts at byte 0.
 */
async function sniffCsv(stream: Readable): Promise<{ delimiter: string; newline: string; stream: Readable }> {
  const it = stream[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let size = 0;
  for (;;) {
    const n = await it.next();
    if (n.done) break;
    const b = Buffer.from(n.value);
    read.push(b);
    size += b.length;
    // A line break seen (a CR at the very end may be the first half of a CRLF: one chunk more), or no header is this long.
    if ((b.includes(10) || b.includes(13)) && b[b.length - 1] !== 13) break;
    if (size >= 1 << 20) break;
  }
  const text = Buffer.concat(read).toString('utf8');
  const line = text.split(/\r\n|\n|\r/)[0];
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length] as const).sort((a, b) => b[1] - a[1]);
  const rest = async function* () {
    yield* read;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  };
  return { delimiter: counts[0][1] > 1 ? counts[0][0] : ',', newline: /\r\n|\n|\r/.exec(text)?.[0] ?? '\n', stream: Readable.from(rest()) };
}


/** What checking a file needs: its format, the source named for it, who sends it, and the catalogues. */
export interface FileCheckInit {
  format: 'csv' | 'xlsx';
  source: string;
  actor: Actor;
  /** How good rows are encoded: COPY's text format on PostgreSQL, packed on PGlite (see canCopy). */
  encoding: RowEncoding;
  catalog: CatalogSnapshot;
}

/**
 * A checked batch: its good rows encoded (tail and mention as views of ONE buffer, which a worker thread transfers
 * with the batch), what they add to the dashboard rollup, and its rejected and warned lines.
 */
export interface CheckedBatch { rows: (EncodedRegistration & { line: number; tail: Uint8Array; mention: Uint8Array })[]; rollup: Contribution[]; rejected: ImportError[]; warned: ImportError[]; total: number }

/** How checkFile() hands batches on: `batch` is awaited before the next one is checked (back-pressure). */
export interface FileCheckHooks { now: () => Date; batch: (b: CheckedBatch) => Promise<void> }

/**
 * Reads a bulk file and checks it batch by batch: a missing required column fails the whole file (400), an
 * unreadable stretch of a CSV is reported at its line with the next batch, every other row is checked on its own.
 */
export async function checkFile(init: FileCheckInit, stream: Readable, hooks: FileCheckHooks): Promise<void> {
  const lookups = Lookups.fromCatalog(init.catalog);
  const lang = init.actor.lang;
  let unreadable: ImportError[] = [];
  const flush = async (rows: { line: number; body: unknown }[]) => {
    const { prepared, rejected, warned } = await prepareMany(null, { actor: init.actor, now: hooks.now }, rows, lookups, { requireExternalId: true, toColumn: columnOf });
    const bad = unreadable.length ? [...unreadable, ...rejected].sort((a, b) => a.line - b.line) : rejected;
    const total = rows.length + unreadable.length;
    unreadable = [];
    // Every row's tail and mention as UTF-8 in one buffer (see ByteSink): the writer's thread gets bytes, not strings.
    const sink = new ByteSink(prepared.length * 2048 + 1024);
    for (const p of prepared) {
      sink.put(encodeTail(p.row, init.encoding));
      sink.put(encodeMention(detentionMention(p.row), init.encoding));
    }
    const bytes = sink.views();
    const encoded = prepared.map((p, k) => ({
      line: p.line, year: p.year, row: { entidad: p.row.entidad, source: p.row.source, external_id: p.row.external_id }, tail: bytes[2 * k], mention: bytes[2 * k + 1],
    }));
    await hooks.batch({ rows: encoded, rollup: contributionsOf(prepared.map((p) => p.row)), rejected: bad, warned, total });
  };
  let batch: { line: number; body: unknown }[] = [];
  let header = false;
  for await (const items of readRows(init.format, stream)) for (const item of items) {
    if ('header' in item) {
      const missing = REQUIRED.filter((c) => !item.header.includes(c));
      if (missing.length) throw badRequest('import_header_missing', { columns: missing.join(', ') });
      header = true;
      continue;
    }
    if ('unreadable' in item) {
      const u = item.unreadable;
      unreadable.push({ line: u.line, external_id: null, issues: [{ field: '(fila)', message: t(lang, u.key, u.params) }] });
      continue;
    }
    batch.push({ line: item.line, body: rowToRegistration(item.values, init.source) });
    // Parsing runs on buffered data without ever reaching the event loop: let I/O in between slices.
    if (batch.length % ROWS_PER_SLICE === 0) await yieldToEventLoop();
    if (batch.length >= IMPORT_BATCH) {
      await flush(batch);
      batch = [];
    }
  }
  if (!header && !unreadable.length) throw badRequest('import_file_empty');
  if (batch.length || unreadable.length) await flush(batch);
}
