import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { inTerritory, requirePermission, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, conflict, fieldError, notFound } from '../../core/errors.js';
import { emitEvents } from '../../core/outbox.js';
import { plateOcrKey } from '../../matching/plate.js';
import { validateVin } from '../../matching/vin.js';
import { loadedHotlists, type HotSnapshot } from './vehicles.hotlist.js';
import type { CameraCreateInput, CameraRow, RecoveryInput, ReportQueryInput, ReportRow, ReportStatus, TheftReportInput } from './vehicles.schema.js';

type Trx = Transaction<CoreTables>;
type Db = Kysely<CoreTables> | Trx;

const actorRef = (a: Actor) => ({ type: a.type, id: a.id, name: a.name, institution_id: a.institutionId, entidad: a.entidad });
const SELECT = sql`SELECT r.*, i.name AS institution_name FROM vehicle_reports r JOIN institutions i ON i.id = r.institution_id`;

/** The hotlist snapshot of a report, carried by its events. */
export const snapshotOf = (r: ReportRow): HotSnapshot => ({
  entidad: r.entidad, id: Number(r.id), institution_id: Number(r.institution_id), plate: r.plate ?? '', key: r.plate_ocr_key ?? '', version: Number(r.version), status: r.status,
});

/** A report as the API shows it. */
export function presentReport(r: ReportRow) {
  return { ...r, id: Number(r.id), institution_id: Number(r.institution_id), version: Number(r.version) };
}

/** Which entidad a write is for: the actor's own, or (national actors only) the one asked for. */
function entidadFor(actor: Actor, asked?: string): string {
  const entidad = actor.captureScope === 'national' ? (asked ?? actor.entidad) : actor.entidad;
  if (!entidad) throw fieldError('entidad', 'field.vehicle_entidad');
  if (!inTerritory(actor, 'capture', { entidad, institution_id: actor.institutionId })) throw fieldError('entidad', 'field.vehicle_entidad_scope');
  return entidad;
}

async function readReport(db: Db, actor: Actor, id: number, mode: 'view' | 'capture', lock = false): Promise<ReportRow> {
  const { rows: [row] } = await sql<ReportRow>`${SELECT} WHERE r.id = ${id}
    AND ${territoryCondition(actor, mode, { entidad: 'r.entidad', institution: 'r.institution_id' })} ${lock ? sql`FOR UPDATE OF r` : sql``}`.execute(db);
  if (!row) throw notFound('vehicle_report_not_found');
  return row;
}

async function appendEvent(trx: Trx, r: { entidad: string; id: number }, kind: string, at: Date, data: Record<string, unknown>, actor: Actor, now: Date) {
  await sql`INSERT INTO vehicle_report_events (entidad, report_id, seq, kind, at, data, recorded_at, recorded_by)
    VALUES (${r.entidad}, ${r.id}, (SELECT coalesce(max(seq), 0) + 1 FROM vehicle_report_events WHERE entidad = ${r.entidad} AND report_id = ${r.id}),
      ${kind}, ${at}, ${JSON.stringify(data)}::jsonb, ${now}, ${JSON.stringify(actorRef(actor))}::jsonb)`.execute(trx);
}

/** After commit: this process's hotlists learn the change at once (other processes read it from the outbox). */
async function applyToHotlist(db: Db, snap: HotSnapshot) {
  for (const list of await loadedHotlists(db as Kysely<CoreTables>)) list.apply(snap);
}

/** How far ahead of this server's clock a reported time may be (another system's clock) before it is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Registers a theft (denuncia de robo de vehículo) for the actor's entidad and institution. Idempotent on
 * entidad + source + external_id: a retry answers the same report with `created: false`. The report is on the
 * hotlist as soon as this returns (in this process; within a second elsewhere, through the outbox).
 */
export async function reportTheft(ctx: Ctx, input: TheftReportInput) {
  const { actor } = ctx;
  requirePermission(actor, 'vehicle.capture');
  const entidad = entidadFor(actor, input.entidad);
  if (!actor.institutionId) throw fieldError('make', 'field.vehicle_institution_required');
  const now = ctx.now();
  if (new Date(input.stolen_at).getTime() > now.getTime() + CLOCK_SKEW_MS) throw fieldError('stolen_at', 'field.vehicle_time_future');
  const externalId = input.external_id ?? crypto.randomUUID();
  const vin = input.vin ? validateVin(input.vin) : null;
  const result = await ctx.db.transaction().execute(async (trx) => {
    const { rows: [inserted] } = await sql<ReportRow>`
      INSERT INTO vehicle_reports (entidad, institution_id, source, external_id, status, plate, plate_ocr_key, plate_entidad, vin, vin_check_ok, make, model,
        year, color, with_violence, stolen_at, lat, lon, place, carpeta, created_at, created_by, updated_at, updated_by)
      VALUES (${entidad}, ${actor.institutionId}, ${input.source}, ${externalId}, 'stolen', ${input.plate ?? null}, ${input.plate ? plateOcrKey(input.plate) : null},
        ${input.plate_entidad ?? null}, ${vin?.vin ?? null}, ${vin?.checkDigitOk ?? null}, ${input.make}, ${input.model ?? null}, ${input.year ?? null},
        ${input.color ?? null}, ${input.with_violence}, ${new Date(input.stolen_at)}, ${input.lat ?? null}, ${input.lon ?? null}, ${input.place ?? null},
        ${input.carpeta ?? null}, ${now}, ${JSON.stringify(actorRef(actor))}::jsonb, ${now}, ${JSON.stringify(actorRef(actor))}::jsonb)
      ON CONFLICT (entidad, source, external_id) DO NOTHING RETURNING *`.execute(trx);
    if (!inserted) {
      const { rows: [existing] } = await sql<ReportRow>`${SELECT} WHERE r.entidad = ${entidad} AND r.source = ${input.source} AND r.external_id = ${externalId}`.execute(trx);
      return { report: existing, created: false };
    }
    await appendEvent(trx, inserted, 'reported', inserted.stolen_at, { with_violence: inserted.with_violence, lat: inserted.lat, lon: inserted.lon, place: inserted.place, carpeta: inserted.carpeta }, actor, now);
    await writeAudit(trx, actor, { action: 'vehicle.theft_reported', entityType: 'vehicle_report', entityId: inserted.id, entidad, details: { plate: inserted.plate, vin: inserted.vin, source: input.source, external_id: externalId } }, now);
    await emitEvents(trx, { type: 'vehicle.reported', entidad, aggregateType: 'vehicle_report', aggregateId: inserted.id, payload: { ...snapshotOf(inserted) } });
    return { report: inserted, created: true };
  });
  if (result.created) await applyToHotlist(ctx.db, snapshotOf(result.report));
  return { ...presentReport(result.report), created: result.created };
}

async function changeStatus(ctx: Ctx, id: number, action: 'recover' | 'cancel', apply: (trx: Trx, cur: ReportRow, now: Date) => Promise<ReportRow>) {
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const cur = await readReport(trx, ctx.actor, id, 'capture', true);
    if (cur.status !== 'stolen') throw new AppError('vehicle_report_status', 409, { status: cur.status, action });
    return apply(trx, cur, now);
  });
  await applyToHotlist(ctx.db, snapshotOf(row));
  return presentReport(row);
}

/**
 * Records the recovery of a stolen vehicle (coordinates, time, condition, recovering institution) and takes it off
 * the hotlist at once: a vehicle left listed after recovery is the classic source of false hits.
 */
export async function recoverVehicle(ctx: Ctx, id: number, input: RecoveryInput) {
  requirePermission(ctx.actor, 'vehicle.capture');
  return changeStatus(ctx, id, 'recover', async (trx, cur, now) => {
    const institutionId = input.institution_id ?? ctx.actor.institutionId;
    const { rows: [inst] } = institutionId
      ? await sql<{ id: number; name: string; entidad: string | null }>`SELECT id, name, entidad FROM institutions WHERE id = ${institutionId}`.execute(trx)
      : { rows: [] };
    if (!inst) throw fieldError('institution_id', 'field.vehicle_institution');
    const at = new Date(input.recovered_at).getTime();
    if (at > now.getTime() + CLOCK_SKEW_MS) throw fieldError('recovered_at', 'field.vehicle_time_future');
    if (at < new Date(cur.stolen_at).getTime()) throw fieldError('recovered_at', 'field.vehicle_recovered_before_theft');
    return recordRecovery(trx, ctx.actor, cur, {
      recovered_at: new Date(input.recovered_at), lat: input.lat ?? null, lon: input.lon ?? null, place: input.place ?? null, condition: input.condition,
      institution_id: Number(inst.id), institution_name: inst.name, notes: input.notes ?? null,
    }, now);
  });
}

/** Writes a recovery on a locked, stolen report in the caller's transaction (also used by the C5 alert workflow). */
export async function recordRecovery(trx: Trx, actor: Actor, cur: ReportRow, rec: Record<string, unknown> & { recovered_at: Date }, now: Date): Promise<ReportRow> {
  const { rows: [next] } = await sql<ReportRow>`UPDATE vehicle_reports SET status = 'recovered', version = version + 1, recovered_at = ${rec.recovered_at},
      recovery = ${JSON.stringify(rec)}::jsonb, updated_at = ${now}, updated_by = ${JSON.stringify(actorRef(actor))}::jsonb
    WHERE entidad = ${cur.entidad} AND id = ${cur.id} RETURNING *`.execute(trx);
  await appendEvent(trx, cur, 'recovered', rec.recovered_at, rec, actor, now);
  await writeAudit(trx, actor, { action: 'vehicle.recovered', entityType: 'vehicle_report', entityId: cur.id, entidad: cur.entidad, details: { plate: cur.plate, ...rec } }, now);
  await emitEvents(trx, { type: 'vehicle.recovered', entidad: cur.entidad, aggregateType: 'vehicle_report', aggregateId: cur.id, payload: { ...snapshotOf(next) } });
  return next;
}

/** Cancels a report made in error (with the reason); it leaves the hotlist at once. Nothing is deleted. */
export async function cancelReport(ctx: Ctx, id: number, reason: string) {
  requirePermission(ctx.actor, 'vehicle.capture');
  return changeStatus(ctx, id, 'cancel', async (trx, cur, now) => {
    const { rows: [next] } = await sql<ReportRow>`UPDATE vehicle_reports SET status = 'cancelled', version = version + 1, cancelled_at = ${now}, status_reason = ${reason},
        updated_at = ${now}, updated_by = ${JSON.stringify(actorRef(ctx.actor))}::jsonb
      WHERE entidad = ${cur.entidad} AND id = ${cur.id} RETURNING *`.execute(trx);
    await appendEvent(trx, cur, 'cancelled', now, { reason }, ctx.actor, now);
    await writeAudit(trx, ctx.actor, { action: 'vehicle.report_cancelled', entityType: 'vehicle_report', entityId: cur.id, entidad: cur.entidad, reason, details: { plate: cur.plate } }, now);
    await emitEvents(trx, { type: 'vehicle.cancelled', entidad: cur.entidad, aggregateType: 'vehicle_report', aggregateId: cur.id, payload: { ...snapshotOf(next) } });
    return next;
  });
}

/** One report in the actor's view territory (404 outside it). */
export async function getReport(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'vehicle.read');
  return presentReport(await readReport(ctx.db, ctx.actor, id, 'view'));
}

/** The report's timeline: reported, recovered, cancelled, with who recorded each step. */
export async function reportTimeline(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'vehicle.read');
  const r = await readReport(ctx.db, ctx.actor, id, 'view');
  const { rows } = await sql<{ seq: number; kind: string; at: Date; data: unknown; recorded_at: Date; recorded_by: unknown }>`
    SELECT seq, kind, at, data, recorded_at, recorded_by FROM vehicle_report_events WHERE entidad = ${r.entidad} AND report_id = ${r.id} ORDER BY seq`.execute(ctx.db);
  return { report_id: Number(r.id), items: rows };
}

/** Reports in the actor's territory, newest theft first, with filters. */
export async function listReports(ctx: Ctx, q: ReportQueryInput) {
  requirePermission(ctx.actor, 'vehicle.read');
  const conds = [territoryCondition(ctx.actor, 'view', { entidad: 'r.entidad', institution: 'r.institution_id' })];
  if (q.status) conds.push(sql<SqlBool>`r.status = ${q.status}`);
  if (q.entidad) conds.push(sql<SqlBool>`r.entidad = ${q.entidad}`);
  if (q.plate) conds.push(sql<SqlBool>`(r.plate_ocr_key = ${plateOcrKey(q.plate)} OR r.vin = ${q.plate.toUpperCase()})`);
  const where = sql.join(conds, sql` AND `);
  const { rows } = await sql<ReportRow>`${SELECT} WHERE ${where} ORDER BY r.stolen_at DESC, r.id DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`.execute(ctx.db);
  const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM vehicle_reports r WHERE ${where}`.execute(ctx.db);
  return { items: rows.map(presentReport), total: Number(n), page: q.page, page_size: q.page_size };
}

/** Thefts and recoveries per entidad and month, recovery rate, and hits per camera, within the actor's territory. */
export async function vehicleStats(ctx: Ctx, q: { from?: string; to?: string }) {
  requirePermission(ctx.actor, 'vehicle.read');
  const from = q.from ?? '2000-01-01';
  const to = q.to ?? '2100-01-01';
  const terr = territoryCondition(ctx.actor, 'view', { entidad: 'r.entidad', institution: 'r.institution_id' });
  const { rows: months } = await sql<{ entidad: string; month: string; thefts: number; violent: number; recoveries: number }>`
    WITH t AS (SELECT r.entidad, to_char(r.stolen_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') AS month, count(*)::int AS thefts,
                 count(*) FILTER (WHERE r.with_violence)::int AS violent
               FROM vehicle_reports r WHERE ${terr} AND r.status <> 'cancelled'
                 AND r.stolen_at >= ${from}::date AND r.stolen_at < ${to}::date + 1 GROUP BY 1, 2),
         rc AS (SELECT r.entidad, to_char(r.recovered_at AT TIME ZONE 'America/Mexico_City', 'YYYY-MM') AS month, count(*)::int AS recoveries
               FROM vehicle_reports r WHERE ${terr} AND r.status = 'recovered'
                 AND r.recovered_at >= ${from}::date AND r.recovered_at < ${to}::date + 1 GROUP BY 1, 2)
    SELECT coalesce(t.entidad, rc.entidad) AS entidad, coalesce(t.month, rc.month) AS month, coalesce(t.thefts, 0) AS thefts, coalesce(t.violent, 0) AS violent,
      coalesce(rc.recoveries, 0) AS recoveries
    FROM t FULL JOIN rc ON rc.entidad = t.entidad AND rc.month = t.month ORDER BY 2, 1`.execute(ctx.db);
  const { rows: [tot] } = await sql<{ thefts: number; recovered: number }>`SELECT count(*)::int AS thefts, count(*) FILTER (WHERE r.status = 'recovered')::int AS recovered
    FROM vehicle_reports r WHERE ${terr} AND r.status <> 'cancelled' AND r.stolen_at >= ${from}::date AND r.stolen_at < ${to}::date + 1`.execute(ctx.db);
  const camTerr = territoryCondition(ctx.actor, 'view', { entidad: 'c.entidad', institution: 'c.institution_id' });
  const { rows: cameras } = await sql<{ id: number; entidad: string; code: string; name: string; lat: number; lon: number; reads: number; hits: number }>`
    SELECT c.id, c.entidad, c.code, c.name, c.lat, c.lon,
      (SELECT count(*)::int FROM plate_reads p WHERE p.entidad = c.entidad AND p.camera_id = c.id AND p.read_at >= ${from}::date AND p.read_at < ${to}::date + 1) AS reads,
      (SELECT count(*)::int FROM plate_reads p WHERE p.entidad = c.entidad AND p.camera_id = c.id AND p.hit_report IS NOT NULL AND p.read_at >= ${from}::date AND p.read_at < ${to}::date + 1) AS hits
    FROM lpr_cameras c WHERE ${camTerr} ORDER BY hits DESC, c.id LIMIT 200`.execute(ctx.db);
  const byEntidad = new Map<string, { entidad: string; thefts: number; recoveries: number }>();
  for (const m of months) {
    const e = byEntidad.get(m.entidad) ?? { entidad: m.entidad, thefts: 0, recoveries: 0 };
    e.thefts += m.thefts;
    e.recoveries += m.recoveries;
    byEntidad.set(m.entidad, e);
  }
  return {
    months, by_entidad: [...byEntidad.values()], cameras,
    totals: { thefts: tot.thefts, recovered: tot.recovered, recovery_rate: tot.thefts ? Math.round((tot.recovered / tot.thefts) * 1000) / 1000 : null },
  };
}

/** Registers a plate-reader camera of the actor's institution, with its location. */
export async function registerCamera(ctx: Ctx, input: CameraCreateInput) {
  const { actor } = ctx;
  requirePermission(actor, 'vehicle.capture');
  const entidad = entidadFor(actor, input.entidad);
  if (!actor.institutionId) throw fieldError('code', 'field.vehicle_institution_required');
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { rows: [row] } = await sql<CameraRow>`INSERT INTO lpr_cameras (entidad, institution_id, code, name, lat, lon, direction, created_at, created_by)
      VALUES (${entidad}, ${actor.institutionId}, ${input.code}, ${input.name}, ${input.lat}, ${input.lon}, ${input.direction ?? null}, ${now}, ${JSON.stringify(actorRef(actor))}::jsonb)
      ON CONFLICT (entidad, institution_id, code) DO NOTHING RETURNING *`.execute(trx);
    if (!row) throw conflict('camera_code_taken');
    await writeAudit(trx, actor, { action: 'vehicle.camera_registered', entityType: 'lpr_camera', entityId: row.id, entidad, details: { code: row.code, lat: row.lat, lon: row.lon } }, now);
    return { ...row, id: Number(row.id), institution_id: Number(row.institution_id) };
  });
}

/** Cameras in the actor's view territory. */
export async function listCameras(ctx: Ctx) {
  requirePermission(ctx.actor, 'vehicle.read');
  const { rows } = await sql<CameraRow & { institution_name: string }>`SELECT c.*, i.name AS institution_name FROM lpr_cameras c JOIN institutions i ON i.id = c.institution_id
    WHERE ${territoryCondition(ctx.actor, 'view', { entidad: 'c.entidad', institution: 'c.institution_id' })} ORDER BY c.entidad, c.code`.execute(ctx.db);
  return { items: rows.map((r) => ({ ...r, id: Number(r.id), institution_id: Number(r.institution_id) })) };
}

/** Reports by id for alert payloads (no access check: the caller raises alerts as the system). */
export async function reportsById(db: Db, keys: { entidad: string; id: number }[]): Promise<Map<string, ReportRow>> {
  if (keys.length === 0) return new Map();
  const { rows } = await sql<ReportRow>`${SELECT} JOIN unnest(${keys.map((k) => k.entidad)}::char(2)[], ${keys.map((k) => k.id)}::bigint[]) AS k(entidad, id)
    ON r.entidad = k.entidad AND r.id = k.id`.execute(db);
  return new Map(rows.map((r) => [`${r.entidad}:${r.id}`, r]));
}

/** Marks a report recovered from a C5's "recovered" on a vehicle alert (outbox handler; idempotent). */
export async function recoverFromAlert(db: Kysely<CoreTables>, actor: Actor, p: { report_entidad: string; report_id: number; at: string; read?: { lat?: number; lon?: number; camera?: { name?: string } } | null; by?: { institution_id?: number | null }; alert_id: number }) {
  const now = new Date(p.at);
  const row = await db.transaction().execute(async (trx) => {
    const { rows: [cur] } = await sql<ReportRow>`SELECT * FROM vehicle_reports WHERE entidad = ${p.report_entidad} AND id = ${p.report_id} FOR UPDATE`.execute(trx);
    if (!cur || cur.status !== 'stolen') return null;
    const institutionId = p.by?.institution_id ?? null;
    const { rows: [inst] } = institutionId ? await sql<{ name: string }>`SELECT name FROM institutions WHERE id = ${institutionId}`.execute(trx) : { rows: [] };
    return recordRecovery(trx, actor, cur, {
      recovered_at: now, lat: p.read?.lat ?? null, lon: p.read?.lon ?? null, place: p.read?.camera?.name ?? null, condition: 'otro',
      institution_id: institutionId, institution_name: inst?.name ?? null, notes: `Recuperado desde la alerta ${p.alert_id} (C5)`, alert_id: p.alert_id,
    }, now);
  });
  if (row) await applyToHotlist(db, snapshotOf(row));
}

export type { ReportStatus };
