import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Actor } from '../../core/access.js';
import type { CoreTables } from '../../core/db-types.js';
import { copyFromStdin } from '../../core/db.js';
import { mapInSlices } from '../../core/event-loop.js';
import { encodeArrayField, encodeField, joinFields, joinHead, joinRows, selectPacked, type RowEncoding, type RowsText } from '../../core/rowtext.js';
import type { DetentionDocument, DetentionTables, Recorder } from './detentions.schema.js';

/** The database as this module sees it: core tables plus its own. */
export type DetentionDb = Kysely<CoreTables & DetentionTables>;
/** A transaction over core tables plus this module's. */
export type DetentionTrx = Transaction<CoreTables & DetentionTables>;

/** Who is writing, as stored with versions and events. */
export const recorderOf = (actor: Actor): Recorder => ({ type: actor.type, id: actor.id, name: actor.name, institution_id: actor.institutionId });

/** RND-EE-YYYY-NNNNNNN: entidad, registration year, consecutive number within both (7 digits, more if needed). */
export const formatFolio = (entidad: string, year: number, n: number) => `RND-${entidad}-${year}-${String(n).padStart(7, '0')}`;

/** The custody columns of a detention, projected from its events. */
export interface CustodyProjection {
  situacion: string;
  situacion_juridica: string | null;
  ubicacion_actual: string | null;
  autoridad_actual: string | null;
  puesta_at: Date | null;
  mp_at: Date | null;
  juez_control_at: Date | null;
  libertad_at: Date | null;
  extended_retention: boolean;
  events_count: number;
}

/** A stored custody event as the projection reads it. */
export interface StoredEvent { seq: number; tipo: string; ocurrido_at: Date; data: Record<string, unknown> }

/**
 * Replays the custody chain in the order things happened (ties by recording order): the first puesta a disposición
 * starts the "sin demora" clock's end, the first puesta to the Ministerio Público starts its 48/96 h clock, the
 * first puesta to a juez de control ends it, a libertad ends custody. The current place is the last place named.
 */
export function projectCustody(lugarTraslado: string | null, events: StoredEvent[], offenceExtended: boolean): CustodyProjection {
  const p: CustodyProjection = {
    situacion: 'custodia_policial', situacion_juridica: null, ubicacion_actual: lugarTraslado, autoridad_actual: null,
    puesta_at: null, mp_at: null, juez_control_at: null, libertad_at: null, extended_retention: offenceExtended, events_count: events.length,
  };
  const ordered = [...events].sort((a, b) => a.ocurrido_at.getTime() - b.ocurrido_at.getTime() || a.seq - b.seq);
  for (const e of ordered) {
    const d = e.data as Record<string, any>;
    switch (e.tipo) {
      case 'puesta_a_disposicion': {
        const tipo = d.autoridad?.tipo as string;
        p.puesta_at ??= e.ocurrido_at;
        if (tipo === 'ministerio_publico') p.mp_at ??= e.ocurrido_at;
        if (tipo === 'juez_control') p.juez_control_at ??= e.ocurrido_at;
        if (!p.libertad_at) {
          p.situacion = `a_disposicion_${tipo}`;
          p.ubicacion_actual = d.lugar ?? p.ubicacion_actual;
          p.autoridad_actual = d.autoridad?.nombre ?? p.autoridad_actual;
        }
        break;
      }
      case 'traslado':
        if (!p.libertad_at) p.ubicacion_actual = d.destino ?? p.ubicacion_actual;
        break;
      case 'cambio_situacion_juridica':
        p.situacion_juridica = d.situacion ?? p.situacion_juridica;
        if (d.delincuencia_organizada === true) p.extended_retention = true;
        break;
      case 'libertad':
        p.libertad_at ??= e.ocurrido_at;
        p.situacion = 'en_libertad';
        p.ubicacion_actual = null;
        break;
    }
  }
  return p;
}

/** Everything one new detention row holds (the projection included, so demo data can insert finished chains). */
export interface NewDetentionRow extends CustodyProjection {
  /** Drawn beforehand when the caller needs it before the insert; otherwise the sequence's next value. */
  id?: number;
  entidad: string;
  folio: string;
  source: string;
  external_id: string | null;
  version_at: Date;
  version_by: Recorder;
  nombre: string;
  apellido_paterno: string | null;
  apellido_materno: string | null;
  sexo: string;
  edad: number | null;
  fecha_nacimiento: string | null;
  curp: string | null;
  municipio: string | null;
  fecha_hora_detencion: Date;
  fecha_detencion: string;
  tipo: string;
  supuesto: string;
  offence_codes: string[];
  institution_id: number;
  registered_at: Date;
  received_at: Date;
  registro_lag_min: number;
  registered_by: Recorder;
  data: DetentionDocument;
}

type Col = [keyof NewDetentionRow, string, ((r: NewDetentionRow) => string | null)?];
// A file's rows share their reception time and their recorder: each is formatted once, not once a row.
let lastTime = NaN, lastIso = '';
const iso = (d: Date | null) => {
  if (!d) return null;
  const time = d.getTime();
  if (time !== lastTime) { lastTime = time; lastIso = d.toISOString(); }
  return lastIso;
};
const recorderJson = new WeakMap<object, string>();
const json = (v: unknown) => JSON.stringify(v);
const jsonOfRecorder = (v: Recorder) => {
  let s = recorderJson.get(v);
  if (s === undefined) recorderJson.set(v, (s = JSON.stringify(v)));
  return s;
};
/** Column name, SQL type, and how to encode it as text (default: String(value)). */
const COLUMNS: Col[] = [
  ['entidad', 'char(2)'], ['id', 'int8'], ['folio', 'text'], ['source', 'text'], ['external_id', 'text'],
  ['version_at', 'timestamptz', (r) => iso(r.version_at)], ['version_by', 'jsonb', (r) => jsonOfRecorder(r.version_by)],
  ['nombre', 'text'], ['apellido_paterno', 'text'], ['apellido_materno', 'text'], ['sexo', 'char(1)'], ['edad', 'int2'],
  ['fecha_nacimiento', 'date'], ['curp', 'char(18)'], ['municipio', 'char(3)'],
  ['fecha_hora_detencion', 'timestamptz', (r) => iso(r.fecha_hora_detencion)], ['fecha_detencion', 'date'], ['tipo', 'text'], ['supuesto', 'text'],
  ['offence_codes', 'text[]'], ['institution_id', 'int8'],
  ['registered_at', 'timestamptz', (r) => iso(r.registered_at)], ['received_at', 'timestamptz', (r) => iso(r.received_at)],
  ['registro_lag_min', 'int4'], ['registered_by', 'jsonb', (r) => jsonOfRecorder(r.registered_by)],
  ['situacion', 'text'], ['situacion_juridica', 'text'], ['ubicacion_actual', 'text'], ['autoridad_actual', 'text'],
  ['puesta_at', 'timestamptz', (r) => iso(r.puesta_at)], ['mp_at', 'timestamptz', (r) => iso(r.mp_at)],
  ['juez_control_at', 'timestamptz', (r) => iso(r.juez_control_at)], ['libertad_at', 'timestamptz', (r) => iso(r.libertad_at)],
  ['extended_retention', 'bool'], ['events_count', 'int4'], ['data', 'jsonb', (r) => json(r.data)],
];
export type { RowEncoding };
/** Columns ahead of a row's encoded tail (entidad, id, folio): known only once folios are drawn. */
const HEAD_COLUMNS = 3;
/** One column of one row, encoded (see src/core/rowtext.ts). */
const encodeColumn = (encoding: RowEncoding, r: NewDetentionRow, [name, type, enc]: Col): string =>
  type === 'text[]' ? encodeArrayField(encoding, r.offence_codes)
    : enc ? encodeField(encoding, enc(r), 'json') : encodeField(encoding, r[name] as string | number | boolean | null);
const TAIL_COLUMNS = COLUMNS.slice(HEAD_COLUMNS);

/** The rows as one packed text value (joinRows('packed', …) of whole rows). */
export function packRows(rows: NewDetentionRow[]): string {
  return joinRows('packed', rows.map((r) => joinFields('packed', COLUMNS.map((c) => encodeColumn('packed', r, c)))));
}

/**
 * The rows in COPY's text format, COLUMNS in order, with the same values packRows() gives the packed insert; built in
 * slices that let the event loop in (a 1,000-row batch is ~15 ms of CPU).
 */
export async function copyRows(rows: NewDetentionRow[]): Promise<readonly string[]> {
  return joinRows('copy', await mapInSlices(rows, (r) => joinFields('copy', COLUMNS.map((c) => encodeColumn('copy', r, c)))));
}

/**
 * A row's columns after entidad, id and folio, encoded: what a bulk file's checking (in a worker thread) hands the
 * writer, which adds the head once the folio is drawn (rowWithHead).
 */
export function encodeTail(r: Omit<NewDetentionRow, 'folio'>, encoding: RowEncoding): string {
  return joinFields(encoding, TAIL_COLUMNS.map((c) => encodeColumn(encoding, r as NewDetentionRow, c)));
}

/** The head of an encoded row, ahead of encodeTail()'s text (encodedRows()); an id left out is drawn by the insert. */
export function rowHead(encoding: RowEncoding, head: { entidad: string; id?: number; folio: string }): string {
  return joinHead(encoding, [head.entidad, encodeField(encoding, head.id), head.folio]);
}

export { joinRows };

/**
 * Inserts encoded rows (COPY's text format, every row with its id) through COPY (PostgreSQL; callers check canCopy).
 * A COPY cannot skip a row whose (entidad, source, external_id) exists — a concurrent writer's, since callers leave
 * out the keys they found — so it runs under a savepoint; on a unique violation the same text is copied into a
 * temporary table and inserted from there, skipping those keys. `rows` are the identities of the encoded rows, in any
 * order; answers the ones inserted.
 */
export async function insertDetentionRowsByCopy(trx: DetentionTrx, rows: InsertedRow[], text: RowsText): Promise<InsertedRow[]> {
  if (rows.length === 0) return [];
  const names = COLUMNS.map(([name]) => name);
  await sql`SAVEPOINT detentions_copy`.execute(trx);
  try {
    await copyFromStdin('detentions', names, text).execute(trx);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await sql`ROLLBACK TO SAVEPOINT detentions_copy`.execute(trx);
    await sql`CREATE TEMPORARY TABLE detentions_copy_stage (LIKE detentions INCLUDING DEFAULTS) ON COMMIT DROP`.execute(trx);
    await copyFromStdin('detentions_copy_stage', names, text).execute(trx);
    const cols = sql.join(names.map((n) => sql.ref(n)));
    return (await sql<InsertedRow>`INSERT INTO detentions (${cols}) SELECT ${cols} FROM detentions_copy_stage
      ON CONFLICT (entidad, source, external_id) DO NOTHING RETURNING entidad, id, folio, source, external_id`.execute(trx)).rows;
  }
  await sql`RELEASE SAVEPOINT detentions_copy`.execute(trx);
  return rows.map((r) => ({ entidad: r.entidad, id: r.id, folio: r.folio, source: r.source, external_id: r.external_id }));
}

/**
 * Draws `n` detention ids from the table's sequence in one statement, answered as ONE array (a row per id cost the
 * server's thread ~1 µs an id to parse).
 */
export async function drawDetentionIds(db: DetentionTrx | DetentionDb, n: number): Promise<number[]> {
  if (n === 0) return [];
  const { rows: [r] } = await sql<{ ids: string }>`SELECT array_to_string(array_agg(nextval('detentions_id_seq')), ',') AS ids FROM generate_series(1, ${n}::int)`.execute(db);
  return r.ids.split(',').map(Number);
}

/** The row identities an insert returns. */
export interface InsertedRow { entidad: string; id: number; folio: string; source: string; external_id: string | null }

/** The columns of one detention as reads answer it (alias `d`, joined to institutions `i` and entidades `e`). */
export const DETAIL_COLUMNS = sql`d.entidad, d.id, d.folio, d.source, d.external_id, d.version, d.version_at, d.version_by, d.version_reason, d.version_changed,
  d.registered_at, d.received_at, d.registro_lag_min, d.registered_by, d.institution_id, i.name AS institution_name, e.short_name AS entidad_nombre,
  d.situacion, d.situacion_juridica, d.ubicacion_actual, d.autoridad_actual, d.puesta_at, d.mp_at, d.juez_control_at, d.libertad_at,
  d.extended_retention, d.events_count, d.tipo, d.fecha_hora_detencion, d.data`;

/** One detention row as DETAIL_COLUMNS (plus its flags) gives it. */
export interface DetailRow {
  entidad: string; id: number; folio: string; source: string; external_id: string | null; version: number; version_at: Date; version_by: Recorder;
  version_reason: string | null; version_changed: string[]; registered_at: Date; received_at: Date; registro_lag_min: number; registered_by: Recorder;
  institution_id: number; institution_name: string; entidad_nombre: string; situacion: string; situacion_juridica: string | null; ubicacion_actual: string | null;
  autoridad_actual: string | null; puesta_at: Date | null; mp_at: Date | null; juez_control_at: Date | null; libertad_at: Date | null; extended_retention: boolean;
  events_count: number; tipo: string; fecha_hora_detencion: Date; data: unknown; flags: string[];
}

/**
 * Inserts many detentions in ONE statement and ONE parameter: the rows travel packed in a single text value that
 * the server splits with string_to_array and casts column by column (as COPY's text format would), which costs
 * less than one array parameter per column. A row whose (entidad, source, external_id) exists is skipped.
 * With `detail`, the same statement answers each inserted row as a read would (names and flags included).
 */
export async function insertDetentionRows(trx: DetentionTrx, rows: NewDetentionRow[]): Promise<InsertedRow[]>;
export async function insertDetentionRows(trx: DetentionTrx, rows: NewDetentionRow[], detail: { flags: RawBuilder<string[]> }): Promise<DetailRow[]>;
export async function insertDetentionRows(trx: DetentionTrx, rows: NewDetentionRow[], detail?: { flags: RawBuilder<string[]> }): Promise<InsertedRow[] | DetailRow[]> {
  if (rows.length === 0) return [];
  if (!detail) return insertPackedRows(trx, packRows(rows));
  const insert = insertStatement(rows);
  return (await sql<DetailRow>`WITH d AS (${insert} RETURNING *)
    SELECT ${DETAIL_COLUMNS}, ${detail.flags} AS flags FROM d JOIN institutions i ON i.id = d.institution_id JOIN entidades e ON e.code = d.entidad`.execute(trx)).rows;
}

/** insertDetentionRows() of rows already packed (packRows, or joinRows('packed', …)): answers the rows inserted. */
export async function insertPackedRows(trx: DetentionTrx, packed: RowsText): Promise<InsertedRow[]> {
  return (await sql<InsertedRow>`${insertPacked(packed)} RETURNING entidad, id, folio, source, external_id`.execute(trx)).rows;
}

/** The INSERT of packed rows (without RETURNING); a row whose (entidad, source, external_id) exists is skipped. */
export function insertStatement(rows: NewDetentionRow[]): RawBuilder<unknown> {
  return insertPacked(packRows(rows));
}

/** insertStatement() of rows already packed (by packRows), or of a compiledOnce() slot standing for them. */
export function insertPacked(packed: RowsText): RawBuilder<unknown> {
  const names = COLUMNS.map(([name]) => name);
  return sql`
    INSERT INTO detentions (${sql.join(names.map((n) => sql.ref(n)))})
    ${selectPacked(COLUMNS.map(([name, type]) => [name, type]), packed, (name, f) => (name === 'id' ? sql`coalesce(${f}::int8, nextval('detentions_id_seq'))` : undefined))}
    ON CONFLICT (entidad, source, external_id) DO NOTHING`;
}

/** Reserves `n` consecutive folio numbers per (entidad, year) in one statement; returns the first of each range. */
export async function allocateFolios(trx: DetentionTrx | DetentionDb, wants: Map<string, number>): Promise<Map<string, number>> {
  const keys = [...wants.keys()].sort(); // a fixed lock order: concurrent batches never deadlock on counters
  if (keys.length === 0) return new Map();
  const { rows } = await sql<{ entidad: string; year: number; last_value: number }>`
    INSERT INTO detention_folio_counters (entidad, year, last_value)
    SELECT * FROM unnest(${keys.map((k) => k.slice(0, 2))}::text[], ${keys.map((k) => Number(k.slice(3)))}::int2[], ${keys.map((k) => wants.get(k)!)}::int8[])
    ON CONFLICT (entidad, year) DO UPDATE SET last_value = detention_folio_counters.last_value + excluded.last_value
    RETURNING entidad, year, last_value`.execute(trx);
  return new Map(rows.map((r) => {
    const key = `${r.entidad}-${r.year}`;
    return [key, Number(r.last_value) - wants.get(key)! + 1];
  }));
}

/** The detentions that already exist for these idempotency keys (entidad, source, external_id). */
export async function findByExternalIds(trx: DetentionTrx | DetentionDb, keys: { entidad: string; source: string; external_id: string }[]): Promise<InsertedRow[]> {
  if (keys.length === 0) return [];
  const { rows } = await sql<InsertedRow>`
    SELECT d.entidad, d.id, d.folio, d.source, d.external_id FROM detentions d
    WHERE (d.entidad, d.source, d.external_id) IN (
      SELECT * FROM unnest(${keys.map((k) => k.entidad)}::char(2)[], ${keys.map((k) => k.source)}::text[], ${keys.map((k) => k.external_id)}::text[]))`.execute(trx);
  return rows;
}

/** Whether any of these offence codes carries the doubled retention term (delincuencia organizada). */
export async function offencesExtended(trx: DetentionTrx, codes: string[]): Promise<boolean> {
  if (codes.length === 0) return false;
  const row = await trx.selectFrom('offences').select(sql<boolean>`coalesce(bool_or(extended_retention), false)`.as('x')).where('code', 'in', codes).executeTakeFirst();
  return !!row?.x;
}

/** Recomputes the custody projection of one detention from its events and writes it to the head row. */
export async function recomputeProjection(trx: DetentionTrx, entidad: string, id: number): Promise<CustodyProjection> {
  const head = await trx.selectFrom('detentions').select(['data', 'offence_codes']).where('entidad', '=', entidad).where('id', '=', id).executeTakeFirstOrThrow();
  const events = await trx.selectFrom('detention_events').select(['seq', 'tipo', 'ocurrido_at', 'data']).where('entidad', '=', entidad).where('detention_id', '=', id).execute();
  const p = projectCustody((head.data as DetentionDocument).lugar_traslado ?? null, events as StoredEvent[], await offencesExtended(trx, head.offence_codes));
  await trx.updateTable('detentions').set(p).where('entidad', '=', entidad).where('id', '=', id).execute();
  return p;
}
