import { sql, type Expression, type SqlBool, type Transaction } from 'kysely';
import { inTerritory, requirePermission, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, notFound } from '../../core/errors.js';
import { emitEvents } from '../../core/outbox.js';
import { ALERTS_CHANNEL, publishAlerts } from './alerts.bus.js';
import type { AlertQueryInput, AlertRow, AlertStatus, NewAlert, NewVehicleAlert } from './alerts.schema.js';

const actorRef = (a: Actor) => JSON.stringify({ type: a.type, id: a.id, name: a.name, institution_id: a.institutionId, entidad: a.entidad });

/**
 * The payload of `alert.*` outbox events (and of webhook bodies): enough for a state system to route the alert and
 * fetch it through the API, without the target's identity. `kind` lets other alert kinds share the same events.
 */
export function alertEventPayload(r: AlertRow) {
  return {
    alert_id: Number(r.id), kind: r.kind ?? 'person', status: r.status, issuer_entidad: r.issuer_entidad, issuer_institution_id: Number(r.issuer_institution_id),
    target_id: Number(r.target_id), hit_entidad: r.hit_entidad, registry: r.registry, record_id: r.record_id, record_label: r.record_label,
    score: Math.round(Number(r.score) * 1e4) / 1e4, algorithm: r.algorithm, trigger: r.trigger, created_at: r.created_at,
  };
}

/**
 * Inserts alerts in the caller's transaction, one per (target, record) ever: a pair already alerted (in any
 * status, dismissed included) is skipped; audit rows and one `alert.raised` outbox event per alert in the same
 * transaction (webhooks and other processes are driven by it). Returns the rows actually created; call `publishAlerts` after commit.
 */
export async function raiseAlerts(trx: Transaction<CoreTables>, actor: Actor, list: NewAlert[], now: Date): Promise<AlertRow[]> {
  if (list.length === 0) return [];
  const created: AlertRow[] = [];
  for (const a of list) {
    const { rows } = await sql<AlertRow>`
      INSERT INTO alerts (issuer_entidad, issuer_institution_id, target_id, target_summary, hit_entidad, registry, record_id, record_label,
        mention_persona, observed_at, score, features, algorithm, trigger, status, created_at)
      VALUES (${a.target.entidad}, ${a.target.institution_id}, ${a.target.id}, ${JSON.stringify(a.target)}::jsonb, ${a.hit.entidad}, ${a.hit.registry},
        ${a.hit.record_id}, ${a.hit.label}, ${JSON.stringify(a.hit.persona)}::jsonb, ${a.hit.observed_at}, ${a.score}, ${JSON.stringify(a.features)}::jsonb,
        ${a.algorithm}, ${a.trigger}, 'new', ${now})
      ON CONFLICT (issuer_entidad, target_id, hit_entidad, registry, record_id) DO NOTHING
      RETURNING *`.execute(trx);
    created.push(...rows);
  }
  await writeAudit(trx, actor, created.map((r) => ({
    action: 'alert.raised', entityType: 'alert', entityId: r.id, entidad: r.issuer_entidad,
    details: { target_id: r.target_id, hit_entidad: r.hit_entidad, registry: r.registry, record_id: r.record_id, score: r.score, algorithm: r.algorithm, trigger: r.trigger },
  })), now);
  await emitEvents(trx, created.map((r) => ({
    type: 'alert.raised', entidad: r.issuer_entidad, aggregateType: 'alert', aggregateId: `${r.issuer_entidad}:${r.id}`, payload: alertEventPayload(r),
  })));
  // Wakes the SSE fan-out of every API process at commit (AlertFanout); nothing is sent for a rolled-back raise.
  if (created.length) await sql`SELECT pg_notify(${ALERTS_CHANNEL}, '')`.execute(trx);
  return created;
}

/**
 * Inserts stolen-vehicle alerts in the caller's transaction in one multi-row statement (plate reads arrive in
 * batches), one per (report, record) ever; audits each created alert and writes its `alert.raised` event. Call
 * `publishAlerts` after commit.
 */
export async function raiseVehicleAlerts(trx: Transaction<CoreTables>, actor: Actor, list: NewVehicleAlert[], now: Date): Promise<AlertRow[]> {
  if (list.length === 0) return [];
  const values = list.map((a) => sql`(${a.report.entidad}, ${a.report.institution_id}, ${a.report.id}, ${a.hit.entidad}, 'plate_read', ${a.hit.record_id},
    ${a.hit.label}, ${a.hit.observed_at}, ${a.score}, '{}'::jsonb, ${a.algorithm}, 'read', 'new', ${now}, 'vehicle', ${JSON.stringify(a.payload)}::jsonb)`);
  const { rows } = await sql<AlertRow>`
    INSERT INTO alerts (issuer_entidad, issuer_institution_id, target_id, hit_entidad, registry, record_id, record_label, observed_at, score, features,
      algorithm, trigger, status, created_at, kind, payload)
    VALUES ${sql.join(values)}
    ON CONFLICT (issuer_entidad, target_id, hit_entidad, registry, record_id) DO NOTHING
    RETURNING *`.execute(trx);
  // The same events and wake-up as person alerts: webhooks and the SSE fan-out of other processes are kind-agnostic.
  await emitEvents(trx, rows.map((r) => ({
    type: 'alert.raised', entidad: r.issuer_entidad, aggregateType: 'alert', aggregateId: `${r.issuer_entidad}:${r.id}`, payload: alertEventPayload(r),
  })));
  if (rows.length) await sql`SELECT pg_notify(${ALERTS_CHANNEL}, '')`.execute(trx);
  // Audit last: its lock serialises every writer until commit, so it is taken as late as possible.
  await writeAudit(trx, actor, rows.map((r) => ({
    action: 'alert.raised', entityType: 'alert', entityId: r.id, entidad: r.issuer_entidad,
    details: { kind: 'vehicle', report_id: Number(r.target_id), hit_entidad: r.hit_entidad, registry: r.registry, record_id: r.record_id, score: r.score, algorithm: r.algorithm },
  })), now);
  return rows;
}

export { publishAlerts };

/** Which side of an alert the actor stands on: the issuing institution/entidad, the entidad of the hit, or neither. */
export function alertSide(actor: Actor, row: Pick<AlertRow, 'issuer_entidad' | 'issuer_institution_id' | 'hit_entidad'>): 'issuer' | 'hit' | null {
  if (inTerritory(actor, 'view', { entidad: row.issuer_entidad, institution_id: row.issuer_institution_id })) return 'issuer';
  if (inTerritory(actor, 'view', { entidad: row.hit_entidad, institution_id: null })) return 'hit';
  return null;
}

/**
 * What each side sees. The issuer: everything (the target as listed, the record, score, features, who worked it and
 * why). The entidad of the hit: that its own record matched a priority target of another entidad, the score, and whom
 * to contact there — not the target's identity, identifiers, reason, classification, the features, or the workflow notes.
 */
export function presentAlert(actor: Actor, row: AlertRow) {
  const side = alertSide(actor, row);
  if (!side) return null;
  if (row.kind === 'vehicle') return presentVehicleAlert(side, row);
  const common = {
    id: Number(row.id), kind: 'person' as const, side, status: row.status, created_at: row.created_at, score: Math.round(Number(row.score) * 1e4) / 1e4,
    hit: { entidad: row.hit_entidad, registry: row.registry, record_id: row.record_id, label: row.record_label, observed_at: row.observed_at, persona: row.mention_persona },
    issuer: { entidad: row.issuer_entidad, institution_name: row.target_summary.institution_name, contact: row.target_summary.contact },
  };
  if (side === 'hit') return common;
  return {
    ...common,
    issuer: { ...common.issuer, institution_id: Number(row.issuer_institution_id) },
    target: row.target_summary,
    features: row.features, algorithm: row.algorithm, trigger: row.trigger,
    acknowledged_at: row.acknowledged_at, acknowledged_by: row.acknowledged_by, resolved_at: row.resolved_at, resolved_by: row.resolved_by, status_reason: row.status_reason,
  };
}

/**
 * A vehicle alert: both sides work it (the report's entidad owns the theft; the camera's C5 sends the units), so both
 * see the vehicle, the read, the camera and the workflow.
 */
function presentVehicleAlert(side: 'issuer' | 'hit', row: AlertRow) {
  return {
    id: Number(row.id), kind: 'vehicle' as const, side, status: row.status, created_at: row.created_at, score: Math.round(Number(row.score) * 1e4) / 1e4,
    algorithm: row.algorithm, trigger: row.trigger,
    hit: { entidad: row.hit_entidad, registry: row.registry, record_id: row.record_id, label: row.record_label, observed_at: row.observed_at },
    issuer: { entidad: row.issuer_entidad, institution_id: Number(row.issuer_institution_id) },
    report_id: Number(row.target_id),
    vehicle: row.payload ?? {},
    acknowledged_at: row.acknowledged_at, acknowledged_by: row.acknowledged_by, dispatched_at: row.dispatched_at ?? null, dispatched_by: row.dispatched_by ?? null,
    resolved_at: row.resolved_at, resolved_by: row.resolved_by, status_reason: row.status_reason,
  };
}

const visible = (actor: Actor) => sql<SqlBool>`(${territoryCondition(actor, 'view', { entidad: 'a.issuer_entidad', institution: 'a.issuer_institution_id' })}
  OR ${territoryCondition(actor, 'view', { entidad: 'a.hit_entidad' })})`;

/** Alerts the actor may see (issued by their territory, or hits in it), newest first, with filters. */
export async function listAlerts(ctx: Ctx, q: AlertQueryInput) {
  requirePermission(ctx.actor, 'alert.read');
  const issuer = territoryCondition(ctx.actor, 'view', { entidad: 'a.issuer_entidad', institution: 'a.issuer_institution_id' });
  const hit = territoryCondition(ctx.actor, 'view', { entidad: 'a.hit_entidad' });
  const conds: Expression<SqlBool>[] = [visible(ctx.actor)];
  if (q.side === 'issuer') conds.push(issuer);
  if (q.side === 'hit') conds.push(sql<SqlBool>`NOT ${issuer} AND ${hit}`);
  if (q.status) conds.push(sql<SqlBool>`a.status = ${q.status}`);
  if (q.kind) conds.push(sql<SqlBool>`a.kind = ${q.kind}`);
  if (q.target_id) conds.push(sql<SqlBool>`a.target_id = ${q.target_id} AND ${issuer}`);
  if (q.hit_entidad) conds.push(sql<SqlBool>`a.hit_entidad = ${q.hit_entidad}`);
  if (q.since) conds.push(sql<SqlBool>`a.created_at >= ${new Date(q.since)}`);
  const where = sql.join(conds, sql` AND `);
  const { rows } = await sql<AlertRow>`SELECT a.* FROM alerts a WHERE ${where} ORDER BY a.created_at DESC, a.id DESC
    LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`.execute(ctx.db);
  const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM alerts a WHERE ${where}`.execute(ctx.db);
  return { items: rows.map((r) => presentAlert(ctx.actor, r)!), total: Number(n), page: q.page, page_size: q.page_size };
}

/** One alert, presented for the actor's side; 404 outside both sides. */
export async function getAlert(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'alert.read');
  const { rows: [row] } = await sql<AlertRow>`SELECT a.* FROM alerts a WHERE a.id = ${id} AND ${visible(ctx.actor)}`.execute(ctx.db);
  if (!row) throw notFound('alert_not_found');
  return presentAlert(ctx.actor, row)!;
}

type Action = 'acknowledge' | 'confirm' | 'dismiss';
type VehicleAction = 'acknowledge' | 'dispatch' | 'recovered' | 'dismiss';
const V_FROM: Record<VehicleAction, AlertStatus[]> = {
  acknowledge: ['new'], dispatch: ['new', 'acknowledged'], recovered: ['new', 'acknowledged', 'dispatched'], dismiss: ['new', 'acknowledged', 'dispatched'],
};
const V_TO: Record<VehicleAction, AlertStatus> = { acknowledge: 'acknowledged', dispatch: 'dispatched', recovered: 'recovered', dismiss: 'dismissed' };

/** Event announcing that a C5 operator worked a vehicle alert (the vehicles module records a recovery from it). */
export const VEHICLE_ALERT_WORKED = 'alert.vehicle_worked';

/**
 * Works a vehicle alert: new → acknowledged → dispatched → recovered | dismissed, by either side (the report's
 * entidad or the camera's); 404 outside both. Audited; an outbox event lets the vehicles module record the recovery.
 */
export async function workVehicleAlert(ctx: Ctx, id: number, action: VehicleAction, reason: string | null) {
  requirePermission(ctx.actor, 'alert.work');
  const now = ctx.now();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { rows: [cur] } = await sql<AlertRow>`SELECT a.* FROM alerts a WHERE a.id = ${id} AND a.kind = 'vehicle' AND ${visible(ctx.actor)} FOR UPDATE`.execute(trx);
    if (!cur) throw notFound('alert_not_found');
    if (!V_FROM[action].includes(cur.status)) throw new AppError('alert_transition_invalid', 409, { status: cur.status, action });
    const by = actorRef(ctx.actor);
    const to = V_TO[action];
    const { rows: [next] } = action === 'acknowledge'
      ? await sql<AlertRow>`UPDATE alerts SET status = 'acknowledged', acknowledged_at = ${now}, acknowledged_by = ${by}::jsonb, status_reason = COALESCE(${reason}, status_reason)
          WHERE issuer_entidad = ${cur.issuer_entidad} AND id = ${id} RETURNING *`.execute(trx)
      : action === 'dispatch'
        ? await sql<AlertRow>`UPDATE alerts SET status = 'dispatched', dispatched_at = ${now}, dispatched_by = ${by}::jsonb, status_reason = COALESCE(${reason}, status_reason),
            acknowledged_at = COALESCE(acknowledged_at, ${now}), acknowledged_by = COALESCE(acknowledged_by, ${by}::jsonb)
            WHERE issuer_entidad = ${cur.issuer_entidad} AND id = ${id} RETURNING *`.execute(trx)
        : await sql<AlertRow>`UPDATE alerts SET status = ${to}, resolved_at = ${now}, resolved_by = ${by}::jsonb, status_reason = COALESCE(${reason}, status_reason),
            acknowledged_at = COALESCE(acknowledged_at, ${now}), acknowledged_by = COALESCE(acknowledged_by, ${by}::jsonb)
            WHERE issuer_entidad = ${cur.issuer_entidad} AND id = ${id} RETURNING *`.execute(trx);
    await writeAudit(trx as Transaction<CoreTables>, ctx.actor, {
      action: `alert.${to}`, entityType: 'alert', entityId: id, entidad: cur.issuer_entidad, reason,
      details: { kind: 'vehicle', from: cur.status, to, report_id: Number(cur.target_id), hit_entidad: cur.hit_entidad, record_id: cur.record_id },
    }, now);
    await emitEvents(trx as Transaction<CoreTables>, {
      type: VEHICLE_ALERT_WORKED, entidad: cur.issuer_entidad, aggregateType: 'alert', aggregateId: id,
      payload: { alert_id: id, action, to, report_entidad: cur.issuer_entidad, report_id: Number(cur.target_id), hit_entidad: cur.hit_entidad,
        at: now.toISOString(), by: JSON.parse(by), reason, read: (cur.payload as { read?: unknown } | null)?.read ?? null },
    });
    return next;
  });
  return presentAlert(ctx.actor, row)!;
}
const FROM: Record<Action, AlertStatus[]> = { acknowledge: ['new'], confirm: ['new', 'acknowledged'], dismiss: ['new', 'acknowledged'] };
const TO: Record<Action, AlertStatus> = { acknowledge: 'acknowledged', confirm: 'confirmed', dismiss: 'dismissed' };

/**
 * Works an alert: new → acknowledged → confirmed | dismissed, by the issuing side only (the hit entidad gets 404),
 * audited with who and why. A dismissed pair stays dismissed: the unique (target, record) key stops it alerting again.
 */
export async function workAlert(ctx: Ctx, id: number, action: Action, reason: string | null) {
  requirePermission(ctx.actor, 'alert.work');
  const now = ctx.now();
  const issuer = territoryCondition(ctx.actor, 'view', { entidad: 'a.issuer_entidad', institution: 'a.issuer_institution_id' });
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { rows: [cur] } = await sql<AlertRow>`SELECT a.* FROM alerts a WHERE a.id = ${id} AND ${issuer} FOR UPDATE`.execute(trx);
    if (!cur) throw notFound('alert_not_found');
    if (cur.kind === 'vehicle') throw new AppError('alert_transition_invalid', 409, { status: cur.status, action });
    if (!FROM[action].includes(cur.status)) throw new AppError('alert_transition_invalid', 409, { status: cur.status, action });
    const by = actorRef(ctx.actor);
    const { rows: [next] } = action === 'acknowledge'
      ? await sql<AlertRow>`UPDATE alerts SET status = 'acknowledged', acknowledged_at = ${now}, acknowledged_by = ${by}::jsonb, status_reason = COALESCE(${reason}, status_reason)
          WHERE issuer_entidad = ${cur.issuer_entidad} AND id = ${id} RETURNING *`.execute(trx)
      : await sql<AlertRow>`UPDATE alerts SET status = ${TO[action]}, resolved_at = ${now}, resolved_by = ${by}::jsonb, status_reason = ${reason},
          acknowledged_at = COALESCE(acknowledged_at, ${now}), acknowledged_by = COALESCE(acknowledged_by, ${by}::jsonb)
          WHERE issuer_entidad = ${cur.issuer_entidad} AND id = ${id} RETURNING *`.execute(trx);
    await writeAudit(trx as Transaction<CoreTables>, ctx.actor, {
      action: `alert.${TO[action]}`, entityType: 'alert', entityId: id, entidad: cur.issuer_entidad, reason,
      details: { from: cur.status, to: next.status, target_id: Number(cur.target_id), hit_entidad: cur.hit_entidad, registry: cur.registry, record_id: cur.record_id },
    }, now);
    await emitEvents(trx, {
      type: `alert.${TO[action]}`, entidad: cur.issuer_entidad, aggregateType: 'alert', aggregateId: `${cur.issuer_entidad}:${id}`,
      payload: { ...alertEventPayload(next), reason, by: { type: ctx.actor.type, id: ctx.actor.id, name: ctx.actor.name } },
    });
    return next;
  });
  return presentAlert(ctx.actor, row)!;
}

/** Acknowledge for either kind: person alerts keep the issuer-only workflow, vehicle alerts the C5 one. */
export async function acknowledgeAlert(ctx: Ctx, id: number, reason: string | null) {
  requirePermission(ctx.actor, 'alert.work');
  const { rows: [k] } = await sql<{ kind: string }>`SELECT a.kind FROM alerts a WHERE a.id = ${id} AND ${visible(ctx.actor)}`.execute(ctx.db);
  if (k?.kind === 'vehicle') return workVehicleAlert(ctx, id, 'acknowledge', reason);
  return workAlert(ctx, id, 'acknowledge', reason);
}
