/**
 * Commitments derived from acuerdos: creation (expanding a zone or "every state" to one row per entidad),
 * lifecycle, progress with evidence, the board, the compliance table, roll-ups, liaisons (enlaces),
 * notifications and the reminder sweep. Every write audits in its own transaction (and emits outbox events
 * where other parts of the platform may react).
 */
import crypto from 'node:crypto';
import { sql, type Expression, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { requirePermission, territoryOf, type Actor } from '../../core/access.js';
import { writeAudit, type AuditEntry } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, conflict, fieldError, forbidden, notFound } from '../../core/errors.js';
import { t } from '../../core/i18n.js';
import { emitEvents, type NewEvent } from '../../core/outbox.js';
import type {
  AgreementTables, CommitmentInput, CommitmentQueryInput, CommitmentSpec, CommitmentStatus, CommitmentUpdateInput, ProgressInput, Recurrence, ZoneName,
} from './agreements.schema.js';
import { CommitmentIn } from './agreements.schema.js';
import { addPeriod, addRelative, daysBetween, effectiveStatus, RUNNING, todayMx, TRANSITIONS } from './agreements.rules.js';

export type ADb = Kysely<CoreTables & AgreementTables>;
export type ATrx = Transaction<CoreTables & AgreementTables>;

/** The module's tables on the context's database (or transaction). */
export const adb = (db: Ctx['db']): ADb => (db as Kysely<CoreTables>).withTables<AgreementTables>();

/** Runs `fn` in one transaction; `raw` is the same transaction typed for core helpers (audit, outbox). */
export function inTx<T>(ctx: Ctx, fn: (trx: ATrx, raw: Transaction<CoreTables>) => Promise<T>): Promise<T> {
  return (ctx.db as Kysely<CoreTables>).transaction().execute((raw) => fn(raw.withTables<AgreementTables>(), raw));
}

export const ST_NAME = 'Secretaría Técnica de la Conferencia';
export const today = (ctx: Ctx) => todayMx(ctx.now());

// ------------------------------------------------------------------------------------------ access

/**
 * Which commitments an actor reads: a national territory reads all; anyone else reads their own entidad's and
 * the national ones (Secretaría Técnica, national institutions). Another entidad's commitment is "not found".
 */
export function visibleCommitments(actor: Actor, col = 'c.entidad'): Expression<SqlBool> {
  if (territoryOf(actor, 'view').kind === 'national') return sql<SqlBool>`true`;
  return actor.entidad ? sql<SqlBool>`(${sql.ref(col)} = ${actor.entidad} OR ${sql.ref(col)} IS NULL)` : sql<SqlBool>`${sql.ref(col)} IS NULL`;
}

/** Whether the actor may report progress on a commitment: its own entidad's, or any with a national capture territory. */
function assertCanReport(actor: Actor, c: { entidad: string | null }) {
  requirePermission(actor, 'agreement.progress');
  if (territoryOf(actor, 'capture').kind === 'national') return;
  if (c.entidad === null || c.entidad !== actor.entidad) throw forbidden('commitment_not_yours');
}

/** SQL for the status as of `day` (a running commitment past due reads as overdue before the sweep records it). */
export const effStatusSql = (day: string, alias = 'c') =>
  sql<CommitmentStatus>`CASE WHEN ${sql.ref(`${alias}.status`)} IN ('approved', 'in_progress') AND ${sql.ref(`${alias}.due_date`)} < ${day}::date THEN 'overdue' ELSE ${sql.ref(`${alias}.status`)} END`;

/** SQL for the value a commitment contributes to roll-ups (null: proposed and cancelled do not count). */
const rollupSql = (alias = 'c') =>
  sql`CASE WHEN ${sql.ref(`${alias}.status`)} IN ('proposed', 'cancelled') THEN NULL WHEN ${sql.ref(`${alias}.status`)} = 'fulfilled' THEN 100 ELSE ${sql.ref(`${alias}.progress`)} END`;

const round1 = (n: number | null | undefined) => (n == null ? null : Math.round(Number(n) * 10) / 10);

// ------------------------------------------------------------------------------------------ reading

function commitmentQuery(db: ADb, day: string) {
  return db.selectFrom('agreement_commitments as c')
    .innerJoin('agreements as a', 'a.id', 'c.agreement_id')
    .innerJoin('agreement_sessions as s', 's.id', 'a.session_id')
    .leftJoin('entidades as e', 'e.code', 'c.entidad')
    .select([
      'c.id', 'c.agreement_id', 'a.session_id', 'c.group_key', 'c.entidad', 'e.short_name as entidad_name', 'e.zone as entidad_zone',
      'c.responsible_kind', 'c.responsible_scope', 'c.responsible_name', 'c.institution_id', 'c.deliverable',
      'c.deadline', 'c.deadline_kind', 'c.deadline_phrase', 'c.recurrence', 'c.next_due', 'c.due_date', 'c.remind_days_before',
      effStatusSql(day).as('status'), 'c.status as recorded_status', 'c.progress', 'c.last_report_at',
      'c.status_changed_at', 'c.status_changed_by', 'c.approved_at', 'c.approved_by', 'c.fulfilled_at', 'c.fulfilled_by', 'c.overdue_at',
      'c.cancelled_at', 'c.cancelled_by', 'c.cancel_reason', 'c.external_id', 'c.created_at', 'c.created_by', 'c.updated_at',
      'a.ordinal as agreement_ordinal', 'a.title as agreement_title', 'a.section as agreement_section', 's.name as session_name', 's.date as session_date',
      sql<number | null>`CASE WHEN c.due_date IS NULL THEN NULL ELSE c.due_date - ${day}::date END`.as('days_left'),
    ]);
}
export type CommitmentRow = Awaited<ReturnType<ReturnType<typeof commitmentQuery>['executeTakeFirstOrThrow']>>;

/** Overdue first, then by due date (undated last), then by entidad. */
const ORDER = sql`CASE WHEN ${sql.ref('c.status')} = 'overdue' THEN 0 ELSE 1 END`;

async function loadVisible(ctx: Ctx, id: number, db: ADb = adb(ctx.db)): Promise<CommitmentRow> {
  const row = await commitmentQuery(db, today(ctx)).where('c.id', '=', id).where(visibleCommitments(ctx.actor)).executeTakeFirst();
  if (!row) throw notFound('commitment_not_found');
  return row;
}

/** One commitment with its evidence, history and liaisons (404 outside the actor's territory). */
export async function getCommitment(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const commitment = await loadVisible(ctx, id, db);
  const [evidence, history, liaisons] = await Promise.all([
    db.selectFrom('agreement_evidence').select(['id', 'document_ref', 'url', 'note', 'period_due', 'created_at', 'created_by_name']).where('commitment_id', '=', id).orderBy('id').execute(),
    db.selectFrom('agreement_commitment_history').select(['id', 'at', 'actor_name', 'action', 'from_status', 'to_status', 'progress', 'note', 'details']).where('commitment_id', '=', id).orderBy('id').execute(),
    db.selectFrom('agreement_liaisons').selectAll().where('active', '=', true)
      .where((eb) => eb.or([eb('commitment_id', '=', id), eb.and([eb('commitment_id', 'is', null), eb('entidad', '=', commitment.entidad ?? '--')])]))
      .orderBy('commitment_id').orderBy('id').execute(),
  ]);
  return { commitment, evidence, history, liaisons };
}

/** Commitments in the actor's territory, filtered; overdue first, then by due date. */
export async function listCommitments(ctx: Ctx, q: CommitmentQueryInput) {
  requirePermission(ctx.actor, 'agreement.read');
  const day = today(ctx);
  let base = commitmentQuery(adb(ctx.db), day).where(visibleCommitments(ctx.actor));
  if (q.entidad === 'nacional') base = base.where('c.entidad', 'is', null);
  else if (q.entidad) base = base.where('c.entidad', '=', q.entidad);
  if (q.session_id) base = base.where('a.session_id', '=', q.session_id);
  if (q.agreement_id) base = base.where('c.agreement_id', '=', q.agreement_id);
  if (q.zone) base = base.where('e.zone', '=', q.zone);
  if (q.status) base = base.where(effStatusSql(day), '=', q.status);
  if (q.overdue !== undefined) base = base.where(effStatusSql(day), q.overdue ? '=' : '!=', 'overdue');
  const outer = adb(ctx.db).selectFrom(base.as('c')).selectAll();
  const [items, total] = await Promise.all([
    outer.orderBy(ORDER).orderBy(sql`c.due_date ASC NULLS LAST`).orderBy('c.entidad').orderBy('c.id').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    adb(ctx.db).selectFrom(base.as('c')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { as_of: day, items, total: total.n };
}

const STATUS_RANK: Record<CommitmentStatus, number> = { overdue: 0, in_progress: 1, approved: 2, proposed: 3, fulfilled: 4, cancelled: 5 };

/**
 * The commitments board: one column per entidad (plus "Nacional" for the Secretaría Técnica and national
 * institutions), each with counts by status and its open commitments, overdue first, then by due date.
 * Columns with more overdue commitments come first.
 */
export async function commitmentsBoard(ctx: Ctx, q: { entidad?: string; session_id?: number; zone?: ZoneName; include_closed?: boolean }) {
  requirePermission(ctx.actor, 'agreement.read');
  const day = today(ctx);
  let base = commitmentQuery(adb(ctx.db), day).where(visibleCommitments(ctx.actor));
  if (q.entidad) base = base.where('c.entidad', '=', q.entidad);
  if (q.session_id) base = base.where('a.session_id', '=', q.session_id);
  if (q.zone) base = base.where('e.zone', '=', q.zone);
  const rows = await base.execute();
  const columns = new Map<string, { entidad: string | null; name: string; zone: string | null; counts: Record<CommitmentStatus, number>; items: CommitmentRow[] }>();
  for (const r of rows) {
    const key = r.entidad ?? 'nacional';
    let col = columns.get(key);
    if (!col) {
      col = { entidad: r.entidad, name: r.entidad_name ?? 'Nacional', zone: r.entidad_zone ?? null, counts: { proposed: 0, approved: 0, in_progress: 0, fulfilled: 0, overdue: 0, cancelled: 0 }, items: [] };
      columns.set(key, col);
    }
    col.counts[r.status]++;
    if (q.include_closed || (r.status !== 'fulfilled' && r.status !== 'cancelled')) col.items.push(r);
  }
  const cols = [...columns.values()];
  for (const c of cols) {
    c.items.sort((x, y) => STATUS_RANK[x.status] - STATUS_RANK[y.status] || (x.due_date ?? '9999').localeCompare(y.due_date ?? '9999') || x.id - y.id);
  }
  cols.sort((x, y) => y.counts.overdue - x.counts.overdue || (x.entidad ?? '99').localeCompare(y.entidad ?? '99'));
  return { as_of: day, columns: cols };
}

interface ComplianceRow {
  entidad: string | null; name: string; zone: string | null; commitments: number; proposed: number; approved: number; in_progress: number;
  fulfilled: number; overdue: number; cancelled: number; fulfilled_pct: number | null; mean_progress: number | null;
}

/**
 * The per-state compliance table: counts by (effective) status, % fulfilled = fulfilled / (all − proposed −
 * cancelled), mean progress (fulfilled = 100), overdue; a "Nacional" row for national commitments and the
 * national total. A state user sees their own row and the national one only.
 */
export async function complianceTable(ctx: Ctx, q: { session_id?: number; agreement_id?: number; zone?: ZoneName }) {
  requirePermission(ctx.actor, 'agreement.read');
  const day = today(ctx);
  const db = adb(ctx.db);
  const st = effStatusSql(day);
  let base = db.selectFrom('agreement_commitments as c').innerJoin('agreements as a', 'a.id', 'c.agreement_id').where(visibleCommitments(ctx.actor));
  if (q.session_id) base = base.where('a.session_id', '=', q.session_id);
  if (q.agreement_id) base = base.where('c.agreement_id', '=', q.agreement_id);
  const agg = await base.select([
    'c.entidad',
    sql<number>`count(*)::int`.as('commitments'),
    ...(['proposed', 'approved', 'in_progress', 'fulfilled', 'overdue', 'cancelled'] as const).map((s) => sql<number>`(count(*) FILTER (WHERE ${st} = ${s}))::int`.as(s)),
    sql<number | null>`avg(${rollupSql()})`.as('mean_progress'),
  ]).groupBy('c.entidad').execute();
  const byEntidad = new Map(agg.map((r) => [r.entidad, r]));
  let entidades = db.selectFrom('entidades').select(['code', 'short_name', 'zone']).orderBy('code');
  if (q.zone) entidades = entidades.where('zone', '=', q.zone);
  if (territoryOf(ctx.actor, 'view').kind !== 'national') entidades = entidades.where('code', '=', ctx.actor.entidad ?? '--');
  const finish = (r: Omit<ComplianceRow, 'fulfilled_pct'>): ComplianceRow => {
    const counted = r.commitments - r.proposed - r.cancelled;
    return { ...r, mean_progress: round1(r.mean_progress), fulfilled_pct: counted > 0 ? round1((r.fulfilled / counted) * 100) : null };
  };
  const empty = { commitments: 0, proposed: 0, approved: 0, in_progress: 0, fulfilled: 0, overdue: 0, cancelled: 0, mean_progress: null };
  const rows: ComplianceRow[] = (await entidades.execute()).map((e) => {
    const a = byEntidad.get(e.code);
    return finish({ entidad: e.code, name: e.short_name, zone: e.zone, ...empty, ...(a ? { ...a, entidad: e.code } : {}) });
  });
  const nat = byEntidad.get(null);
  const national = !q.zone && nat ? finish({ ...nat, entidad: null, name: 'Nacional (Secretaría Técnica e instituciones)', zone: null }) : null;
  const all = [...rows, ...(national ? [national] : [])];
  const sum = (k: keyof typeof empty) => all.reduce((n, r) => n + ((r[k] as number) ?? 0), 0);
  const totalCommitments = sum('commitments');
  const weighted = all.reduce((n, r) => n + (r.mean_progress ?? 0) * (r.commitments - r.proposed - r.cancelled), 0);
  const counted = totalCommitments - sum('proposed') - sum('cancelled');
  const total = {
    entidad: null, name: 'Total', zone: q.zone ?? null, commitments: totalCommitments, proposed: sum('proposed'), approved: sum('approved'),
    in_progress: sum('in_progress'), fulfilled: sum('fulfilled'), overdue: sum('overdue'), cancelled: sum('cancelled'),
    fulfilled_pct: counted > 0 ? round1((sum('fulfilled') / counted) * 100) : null, mean_progress: counted > 0 ? round1(weighted / counted) : null,
  };
  return { as_of: day, rows, national, total };
}

/** Roll-up of acuerdos: mean progress of their counted commitments (fulfilled = 100) over all entidades, with counts. */
export async function agreementRollups(ctx: Ctx, agreementIds: number[]) {
  if (agreementIds.length === 0) return new Map<number, { progress: number | null; commitments: number; counted: number; fulfilled: number; overdue: number }>();
  const day = today(ctx);
  const rows = await adb(ctx.db).selectFrom('agreement_commitments as c').where('c.agreement_id', 'in', agreementIds).select([
    'c.agreement_id',
    sql<number | null>`avg(${rollupSql()})`.as('progress'),
    sql<number>`count(*)::int`.as('commitments'),
    sql<number>`(count(*) FILTER (WHERE c.status NOT IN ('proposed', 'cancelled')))::int`.as('counted'),
    sql<number>`(count(*) FILTER (WHERE c.status = 'fulfilled'))::int`.as('fulfilled'),
    sql<number>`(count(*) FILTER (WHERE ${effStatusSql(day)} = 'overdue'))::int`.as('overdue'),
  ]).groupBy('c.agreement_id').execute();
  return new Map(rows.map((r) => [r.agreement_id, { progress: round1(r.progress), commitments: r.commitments, counted: r.counted, fulfilled: r.fulfilled, overdue: r.overdue }]));
}

/** Progress of one acuerdo: national (all commitments, an aggregate) and by entidad (the actor's territory only). */
export async function agreementProgress(ctx: Ctx, agreementId: number) {
  const national = (await agreementRollups(ctx, [agreementId])).get(agreementId) ?? { progress: null, commitments: 0, counted: 0, fulfilled: 0, overdue: 0 };
  const day = today(ctx);
  const by = await adb(ctx.db).selectFrom('agreement_commitments as c').leftJoin('entidades as e', 'e.code', 'c.entidad')
    .where('c.agreement_id', '=', agreementId).where(visibleCommitments(ctx.actor))
    .select([
      'c.entidad', sql<string>`coalesce(max(e.short_name), 'Nacional')`.as('name'),
      sql<number | null>`avg(${rollupSql()})`.as('progress'),
      sql<number>`count(*)::int`.as('commitments'),
      sql<number>`(count(*) FILTER (WHERE c.status = 'fulfilled'))::int`.as('fulfilled'),
      sql<number>`(count(*) FILTER (WHERE ${effStatusSql(day)} = 'overdue'))::int`.as('overdue'),
    ]).groupBy('c.entidad').orderBy('c.entidad').execute();
  return { national, by_entidad: by.map((r) => ({ ...r, progress: round1(r.progress) })) };
}

// ------------------------------------------------------------------------------------------ creating

interface Target { entidad: string | null; name: string; kind: 'entidad' | 'institution' | 'secretaria_tecnica'; scope: string; institution_id: number | null }

async function expandResponsible(db: ADb, r: CommitmentSpec['responsible'], session: { zone: ZoneName | null }, at: (f: string) => string): Promise<Target[]> {
  switch (r.kind) {
    case 'zone': {
      const zone = r.zone ?? session.zone;
      if (!zone) throw fieldError(at('responsible.zone'), 'field.session_zone_missing');
      const es = await db.selectFrom('entidades').select(['code', 'short_name']).where('zone', '=', zone).orderBy('code').execute();
      return es.map((e) => ({ entidad: e.code, name: e.short_name, kind: 'entidad', scope: `zone:${zone}`, institution_id: null }));
    }
    case 'all_states': {
      const es = await db.selectFrom('entidades').select(['code', 'short_name']).orderBy('code').execute();
      return es.map((e) => ({ entidad: e.code, name: e.short_name, kind: 'entidad', scope: 'all_states', institution_id: null }));
    }
    case 'entidades': {
      const codes = [...new Set(r.entidades)];
      const es = await db.selectFrom('entidades').select(['code', 'short_name']).where('code', 'in', codes).orderBy('code').execute();
      return es.map((e) => ({ entidad: e.code, name: e.short_name, kind: 'entidad', scope: 'entidades', institution_id: null }));
    }
    case 'institution': {
      if (r.institution_id) {
        const inst = await db.selectFrom('institutions').select(['id', 'entidad']).where('id', '=', r.institution_id).executeTakeFirst();
        if (!inst) throw fieldError(at('responsible.institution_id'), 'field.institution_unknown');
        return [{ entidad: inst.entidad, name: r.name, kind: 'institution', scope: 'institution', institution_id: inst.id }];
      }
      return [{ entidad: null, name: r.name, kind: 'institution', scope: 'institution', institution_id: null }];
    }
    case 'secretaria_tecnica':
      return [{ entidad: null, name: ST_NAME, kind: 'secretaria_tecnica', scope: 'secretaria_tecnica', institution_id: null }];
  }
}

/**
 * Inserts the commitments of one definition inside the caller's transaction (used by the API and by the
 * import). Returns the new ids, or the existing ones when `external_id` was already used (idempotent retry).
 */
export async function insertCommitments(trx: ATrx, raw: Transaction<CoreTables>, actor: Actor, now: Date, agreementId: number, input: CommitmentInput, path = ''): Promise<{ ids: number[]; existing: boolean }> {
  const spec = CommitmentIn.parse(input);
  const p = (f: string) => (path ? `${path}.${f}` : f);
  if (spec.external_id) {
    const prior = await trx.selectFrom('agreement_commitments').select('id').where('external_id', '=', spec.external_id).orderBy('id').execute();
    if (prior.length) return { ids: prior.map((r) => r.id), existing: true };
  }
  const ag = await trx.selectFrom('agreements as a').innerJoin('agreement_sessions as s', 's.id', 'a.session_id')
    .select(['a.id', 'a.ordinal', 's.zone', 's.date']).where('a.id', '=', agreementId).executeTakeFirst();
  if (!ag) throw notFound('agreement_not_found');
  const targets = await expandResponsible(trx, spec.responsible, { zone: ag.zone }, p);
  const day = todayMx(now);
  let deadline: string | null = spec.deadline ?? null;
  let kind: 'none' | 'explicit' | 'relative' | 'recurring' = deadline ? (spec.deadline_kind ?? 'explicit') : spec.deadline_phrase ? 'relative' : 'none';
  let phrase = spec.deadline_phrase ?? null;
  let nextDue: string | null = null;
  const recurrence: Recurrence | null = spec.recurrence ?? null;
  if (recurrence) {
    if (spec.deadline) throw fieldError(p('deadline'), 'field.deadline_for_recurring');
    kind = 'recurring';
    nextDue = spec.next_due ?? addPeriod(day, recurrence);
  } else if (spec.relative) {
    deadline = addRelative(spec.relative.from ?? ag.date, spec.relative.amount, spec.relative.unit);
    kind = 'relative';
    phrase ??= `${spec.relative.amount} ${spec.relative.unit}`;
  }
  const groupKey = crypto.randomUUID();
  const approved = spec.status === 'approved';
  const rows = await trx.insertInto('agreement_commitments').values(targets.map((tg) => ({
    agreement_id: agreementId, group_key: groupKey, entidad: tg.entidad, responsible_kind: tg.kind, responsible_scope: tg.scope,
    responsible_name: tg.name, institution_id: tg.institution_id, deliverable: spec.deliverable, deadline, deadline_kind: kind, deadline_phrase: phrase,
    recurrence, next_due: nextDue, remind_days_before: spec.remind_days_before, status: spec.status, progress: 0,
    status_changed_at: now, status_changed_by: actor.name, approved_at: approved ? now : null, approved_by: approved ? actor.name : null,
    external_id: spec.external_id ?? null, created_at: now, created_by: actor.name, updated_at: now,
  }))).returning(['id', 'entidad']).execute();
  await trx.insertInto('agreement_commitment_history').values(rows.map((r) => ({
    commitment_id: r.id, entidad: r.entidad, at: now, actor_id: actor.id, actor_name: actor.name, action: 'created', from_status: null, to_status: spec.status,
    progress: 0, note: null, details: JSON.stringify({ responsible: spec.responsible, deadline, recurrence, next_due: nextDue }),
  }))).execute();
  await writeAudit(raw, actor, rows.map((r) => ({
    action: 'agreement.commitment_created', entityType: 'agreement_commitment', entityId: r.id, entidad: r.entidad,
    details: { agreement_id: agreementId, group_key: groupKey, deliverable: spec.deliverable, status: spec.status, deadline, recurrence, next_due: nextDue },
  })), now);
  return { ids: rows.map((r) => r.id), existing: false };
}

/** Creates the commitments of an acuerdo (agreement.manage); a zone or "all_states" becomes one row per entidad. */
export async function createCommitments(ctx: Ctx, agreementId: number, input: CommitmentInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  const r = await inTx(ctx, (trx, raw) => insertCommitments(trx, raw, ctx.actor, ctx.now(), agreementId, input));
  const items = await commitmentQuery(adb(ctx.db), today(ctx)).where('c.id', 'in', r.ids).orderBy('c.entidad').orderBy('c.id').execute();
  return { created: r.existing ? 0 : r.ids.length, existing: r.existing, items };
}

// ------------------------------------------------------------------------------------------ changing

interface Locked { id: number; entidad: string | null; status: CommitmentStatus; progress: number; recurrence: Recurrence | null; next_due: string | null; deadline: string | null; due_date: string | null; agreement_id: number; deliverable: string }

async function lockRows(trx: ATrx, ids: number[]): Promise<Locked[]> {
  return trx.selectFrom('agreement_commitments').select(['id', 'entidad', 'status', 'progress', 'recurrence', 'next_due', 'deadline', 'due_date', 'agreement_id', 'deliverable'])
    .where('id', 'in', ids).forUpdate().execute() as Promise<Locked[]>;
}

const statusEvent = (c: Locked, from: CommitmentStatus, to: CommitmentStatus, extra: Record<string, unknown> = {}): NewEvent => ({
  type: 'agreement.commitment_status_changed', entidad: c.entidad, aggregateType: 'agreement_commitment', aggregateId: c.id,
  payload: { commitment_id: c.id, agreement_id: c.agreement_id, entidad: c.entidad, from, to, ...extra },
});

/**
 * Moves commitments through the lifecycle (agreement.manage): proposed → approved | cancelled; approved →
 * in_progress | fulfilled | cancelled; in_progress → fulfilled | cancelled; overdue → fulfilled | cancelled;
 * fulfilled → in_progress (reopen). Cancelling and reopening need a reason. All or nothing.
 */
export async function changeStatus(ctx: Ctx, input: { ids: number[]; status: 'approved' | 'in_progress' | 'fulfilled' | 'cancelled'; reason?: string }) {
  requirePermission(ctx.actor, 'agreement.manage');
  const ids = [...new Set(input.ids)];
  const now = ctx.now();
  const who = ctx.actor.name;
  await inTx(ctx, async (trx, raw) => {
    const visible = await trx.selectFrom('agreement_commitments as c').select('c.id').where('c.id', 'in', ids).where(visibleCommitments(ctx.actor)).execute();
    const missing = ids.find((id) => !visible.some((v) => v.id === id));
    if (missing) throw notFound('commitment_not_found', { id: missing });
    const rows = await lockRows(trx, ids);
    const audits: AuditEntry[] = [];
    const events: NewEvent[] = [];
    for (const c of rows) {
      const to = input.status;
      if (!TRANSITIONS[c.status].includes(to)) throw conflict('commitment_transition_invalid', { id: c.id, from: c.status, to });
      if ((to === 'cancelled' || c.status === 'fulfilled') && !input.reason) throw fieldError('reason', 'field.reason_required');
      const set: Record<string, unknown> = { status: to, status_changed_at: now, status_changed_by: who, updated_at: now };
      if (to === 'approved') Object.assign(set, { approved_at: now, approved_by: who });
      if (to === 'fulfilled') Object.assign(set, { fulfilled_at: now, fulfilled_by: who, progress: 100 });
      if (to === 'cancelled') Object.assign(set, { cancelled_at: now, cancelled_by: who, cancel_reason: input.reason });
      if (c.status === 'fulfilled') Object.assign(set, { fulfilled_at: null, fulfilled_by: null });
      await trx.updateTable('agreement_commitments').set(set).where('id', '=', c.id).execute();
      await trx.insertInto('agreement_commitment_history').values({
        commitment_id: c.id, entidad: c.entidad, at: now, actor_id: ctx.actor.id, actor_name: who, action: 'status_changed', from_status: c.status, to_status: to,
        progress: to === 'fulfilled' ? 100 : c.progress, note: input.reason ?? null, details: '{}',
      }).execute();
      audits.push({ action: 'agreement.commitment_status_changed', entityType: 'agreement_commitment', entityId: c.id, entidad: c.entidad, reason: input.reason ?? null, details: { from: c.status, to } });
      events.push(statusEvent(c, c.status, to));
    }
    await writeAudit(raw, ctx.actor, audits, now);
    await emitEvents(raw, events);
  });
  const items = await commitmentQuery(adb(ctx.db), today(ctx)).where('c.id', 'in', ids).orderBy('c.id').execute();
  return { items };
}

/**
 * Edits a commitment (agreement.manage). Moving the due date of an overdue commitment to today or later puts it
 * back to in_progress (or approved when nothing was reported).
 */
export async function updateCommitment(ctx: Ctx, id: number, input: CommitmentUpdateInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  await loadVisible(ctx, id);
  const now = ctx.now();
  const day = today(ctx);
  await inTx(ctx, async (trx, raw) => {
    const [c] = await lockRows(trx, [id]);
    const full = await trx.selectFrom('agreement_commitments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const recurrence = input.recurrence !== undefined ? input.recurrence : full.recurrence;
    const set: Record<string, unknown> = { updated_at: now };
    for (const k of ['deliverable', 'deadline_phrase', 'remind_days_before', 'responsible_name'] as const) if (input[k] !== undefined) set[k] = input[k];
    if (recurrence) {
      if (input.deadline) throw fieldError('deadline', 'field.deadline_for_recurring');
      set.recurrence = recurrence;
      set.deadline = null;
      set.deadline_kind = 'recurring';
      set.next_due = input.next_due ?? full.next_due ?? addPeriod(day, recurrence);
    } else {
      if (input.recurrence === null) { set.recurrence = null; set.next_due = null; }
      if (input.deadline !== undefined) {
        set.deadline = input.deadline;
        if (input.deadline && input.deadline_phrase === undefined) set.deadline_phrase = null;
        const phrase = input.deadline_phrase !== undefined ? input.deadline_phrase : input.deadline ? null : full.deadline_phrase;
        set.deadline_kind = input.deadline ? (input.deadline_phrase ? 'relative' : 'explicit') : phrase ? 'relative' : 'none';
      } else if (input.recurrence === null) {
        set.deadline_kind = full.deadline_phrase ? 'relative' : 'none';
      }
    }
    const newDue = recurrence ? (set.next_due as string | null) : (set.deadline !== undefined ? set.deadline as string | null : full.deadline);
    let to: CommitmentStatus = c.status;
    if (c.status === 'overdue' && (newDue === null || newDue >= day)) to = c.progress > 0 ? 'in_progress' : 'approved';
    if (to !== c.status) Object.assign(set, { status: to, status_changed_at: now, status_changed_by: ctx.actor.name });
    await trx.updateTable('agreement_commitments').set(set).where('id', '=', id).execute();
    const changes = Object.fromEntries(Object.entries(set).filter(([k]) => k !== 'updated_at'));
    await trx.insertInto('agreement_commitment_history').values({
      commitment_id: id, entidad: c.entidad, at: now, actor_id: ctx.actor.id, actor_name: ctx.actor.name, action: 'updated',
      from_status: c.status, to_status: to, progress: c.progress, note: input.reason ?? null, details: JSON.stringify(changes),
    }).execute();
    await writeAudit(raw, ctx.actor, { action: 'agreement.commitment_updated', entityType: 'agreement_commitment', entityId: id, entidad: c.entidad, reason: input.reason ?? null, details: { before: { deliverable: full.deliverable, deadline: full.deadline, recurrence: full.recurrence, next_due: full.next_due, status: full.status }, after: changes } }, now);
    if (to !== c.status) await emitEvents(raw, statusEvent(c, c.status, to));
  });
  return loadVisible(ctx, id);
}

/**
 * A progress report of the responsible entidad (agreement.progress, own entidad only; a national territory may
 * report on any). Rules: only approved, in_progress or overdue commitments take reports; the first report moves
 * approved to in_progress; 100 % needs at least one evidence (this report's or an earlier one) and makes the
 * commitment fulfilled; on a recurring commitment a report with evidence is the delivery of the period due on
 * next_due, which then advances one period (an overdue one catches up when the new due date is not past).
 */
export async function reportProgress(ctx: Ctx, id: number, input: ProgressInput) {
  requirePermission(ctx.actor, 'agreement.progress');
  const seen = await loadVisible(ctx, id);
  assertCanReport(ctx.actor, seen);
  const now = ctx.now();
  const day = today(ctx);
  await inTx(ctx, async (trx, raw) => {
    const [c] = await lockRows(trx, [id]);
    if (!['approved', 'in_progress', 'overdue'].includes(c.status)) throw new AppError('commitment_not_open', 409, { status: c.status });
    const prior = await trx.selectFrom('agreement_evidence').select(sql<number>`count(*)::int`.as('n')).where('commitment_id', '=', id).executeTakeFirstOrThrow();
    const progress = input.progress ?? c.progress;
    if (progress === 100 && prior.n + input.evidence.length === 0) throw fieldError('evidence', 'field.evidence_required');
    if (input.evidence.length) {
      await trx.insertInto('agreement_evidence').values(input.evidence.map((e) => ({
        commitment_id: id, entidad: c.entidad, document_ref: e.document_ref ?? null, url: e.url ?? null, note: e.note ?? null,
        period_due: c.recurrence ? c.next_due : null, created_at: now, created_by: ctx.actor.id, created_by_name: ctx.actor.name,
      }))).execute();
    }
    const set: Record<string, unknown> = { progress, last_report_at: now, updated_at: now };
    let to: CommitmentStatus = c.status;
    let delivered: string | null = null;
    if (progress === 100) {
      to = 'fulfilled';
      Object.assign(set, { fulfilled_at: now, fulfilled_by: ctx.actor.name });
    } else if (c.recurrence && input.evidence.length) {
      delivered = c.next_due;
      const next = addPeriod(c.next_due ?? day, c.recurrence);
      set.next_due = next;
      to = next < day ? 'overdue' : 'in_progress';
    } else if (c.status === 'approved') {
      to = 'in_progress';
    }
    if (to !== c.status) Object.assign(set, { status: to, status_changed_at: now, status_changed_by: ctx.actor.name });
    await trx.updateTable('agreement_commitments').set(set).where('id', '=', id).execute();
    await trx.insertInto('agreement_commitment_history').values({
      commitment_id: id, entidad: c.entidad, at: now, actor_id: ctx.actor.id, actor_name: ctx.actor.name, action: 'progress_reported',
      from_status: c.status, to_status: to, progress, note: input.note ?? null,
      details: JSON.stringify({ previous_progress: c.progress, evidence: input.evidence.length, delivered_period: delivered, next_due: set.next_due ?? c.next_due }),
    }).execute();
    await writeAudit(raw, ctx.actor, {
      action: 'agreement.progress_reported', entityType: 'agreement_commitment', entityId: id, entidad: c.entidad,
      details: { from: c.progress, to: progress, status: to, evidence: input.evidence.length, delivered_period: delivered },
    }, now);
    if (to !== c.status) await emitEvents(raw, statusEvent(c, c.status, to, { progress }));
  });
  return getCommitment(ctx, id);
}

// ------------------------------------------------------------------------------------------ reminders

/**
 * The reminder sweep (run hourly by the server, by `sereno agreements remind`, and by POST
 * /api/agreements/reminders/run). As of today in Mexico City: running commitments past their due date become
 * overdue (recorded with the time) and their entidad (the Secretaría Técnica for national ones) gets an
 * "overdue" notification; running commitments due within their `remind_days_before` get one "reminder_due"
 * notification per due date. Each notification is also an outbox event (agreement.reminder_due /
 * agreement.commitment_overdue) for e-mail or other channels. Idempotent: notifications are unique per
 * commitment, kind and due date.
 */
export async function runReminders(ctx: Ctx) {
  requirePermission(ctx.actor, 'agreement.manage');
  const now = ctx.now();
  const day = today(ctx);
  return inTx(ctx, async (trx, raw) => {
    const described = (ids: number[]) => ids.length === 0 ? Promise.resolve([]) : trx.selectFrom('agreement_commitments as c')
      .innerJoin('agreements as a', 'a.id', 'c.agreement_id').innerJoin('agreement_sessions as s', 's.id', 'a.session_id')
      .select(['c.id', 'c.entidad', 'c.due_date', 'c.deliverable', 'c.agreement_id', 'c.status', 'a.ordinal', 's.name as session_name'])
      .where('c.id', 'in', ids).orderBy('c.id').execute();
    const label = (r: { ordinal: string; session_name: string }) => `${r.ordinal} — ${r.session_name}`;
    const short = (s: string) => (s.length > 140 ? `${s.slice(0, 139)}…` : s);

    const late = await trx.selectFrom('agreement_commitments').select(['id']).where('status', 'in', RUNNING as CommitmentStatus[])
      .where('due_date', '<', day).orderBy('id').forUpdate().execute();
    const lateRows = await described(late.map((r) => r.id));
    if (lateRows.length) {
      await trx.updateTable('agreement_commitments').set({ status: 'overdue', overdue_at: now, status_changed_at: now, status_changed_by: ctx.actor.name, updated_at: now })
        .where('id', 'in', lateRows.map((r) => r.id)).execute();
      await trx.insertInto('agreement_commitment_history').values(lateRows.map((r) => ({
        commitment_id: r.id, entidad: r.entidad, at: now, actor_id: ctx.actor.id, actor_name: ctx.actor.name, action: 'overdue',
        from_status: r.status, to_status: 'overdue', progress: null, note: null, details: JSON.stringify({ due_date: r.due_date }),
      }))).execute();
    }
    const overdueOpen = await trx.selectFrom('agreement_commitments').select('id').where('status', '=', 'overdue').where('due_date', '<', day).execute();
    const overdueRows = await described(overdueOpen.map((r) => r.id));
    const soon = await trx.selectFrom('agreement_commitments').select('id').where('status', 'in', RUNNING as CommitmentStatus[])
      .where('due_date', '>=', day).where(sql<SqlBool>`due_date - remind_days_before <= ${day}::date`).execute();
    const soonRows = await described(soon.map((r) => r.id));

    const notify = async (kind: 'reminder_due' | 'overdue', rows: Awaited<ReturnType<typeof described>>) => {
      if (!rows.length) return [];
      return trx.insertInto('agreement_notifications').values(rows.map((r) => ({
        entidad: r.entidad, commitment_id: r.id, kind, due_date: r.due_date!, created_at: now,
        params: JSON.stringify({ deliverable: short(r.deliverable), agreement: label(r), due_date: r.due_date, days_left: daysBetween(day, r.due_date!) }),
      }))).onConflict((oc) => oc.columns(['commitment_id', 'kind', 'due_date']).doNothing()).returning(['id', 'commitment_id', 'entidad', 'due_date', 'kind']).execute();
    };
    const overdueNotes = await notify('overdue', overdueRows);
    const reminderNotes = await notify('reminder_due', soonRows);
    const byId = new Map([...overdueRows, ...soonRows].map((r) => [r.id, r]));
    const events: NewEvent[] = [...overdueNotes, ...reminderNotes].map((n) => {
      const r = byId.get(n.commitment_id)!;
      return {
        type: n.kind === 'overdue' ? 'agreement.commitment_overdue' : 'agreement.reminder_due', entidad: n.entidad, aggregateType: 'agreement_commitment', aggregateId: n.commitment_id,
        payload: { notification_id: n.id, commitment_id: n.commitment_id, agreement_id: r.agreement_id, entidad: n.entidad, due_date: n.due_date, days_left: daysBetween(day, n.due_date), deliverable: short(r.deliverable) },
      };
    });
    await emitEvents(raw, events);
    const audits: AuditEntry[] = [
      ...lateRows.map((r) => ({ action: 'agreement.commitment_overdue', entityType: 'agreement_commitment', entityId: r.id, entidad: r.entidad, details: { due_date: r.due_date, from: r.status } })),
      ...reminderNotes.map((n) => ({ action: 'agreement.reminder_created', entityType: 'agreement_commitment', entityId: n.commitment_id, entidad: n.entidad, details: { notification_id: n.id, due_date: n.due_date } })),
      ...overdueNotes.map((n) => ({ action: 'agreement.overdue_notified', entityType: 'agreement_commitment', entityId: n.commitment_id, entidad: n.entidad, details: { notification_id: n.id, due_date: n.due_date } })),
    ];
    await writeAudit(raw, ctx.actor, audits, now);
    return { as_of: day, marked_overdue: lateRows.length, overdue_notifications: overdueNotes.length, reminders: reminderNotes.length, email: 'not_configured' as const };
  });
}

// ------------------------------------------------------------------------------------------ notifications

/** Whose notifications the actor reads: their entidad's; a national actor the Secretaría Técnica's (or an entidad's, asked for). */
function notificationAudience(actor: Actor, entidad?: string): Expression<SqlBool> {
  if (territoryOf(actor, 'view').kind === 'national') return entidad ? sql<SqlBool>`n.entidad = ${entidad}` : sql<SqlBool>`n.entidad IS NULL`;
  return actor.entidad ? sql<SqlBool>`n.entidad = ${actor.entidad}` : sql<SqlBool>`false`;
}

/** In-app notifications (reminders and overdue notices), newest first, rendered in the actor's language. */
export async function listNotifications(ctx: Ctx, q: { unread?: boolean; entidad?: string; page: number; page_size: number }) {
  requirePermission(ctx.actor, 'agreement.read');
  let base = adb(ctx.db).selectFrom('agreement_notifications as n').where(notificationAudience(ctx.actor, q.entidad));
  if (q.unread) base = base.where('n.read_at', 'is', null);
  const [rows, total] = await Promise.all([
    base.selectAll().orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((n) => ({ ...n, message: t(ctx.actor.lang, `notification.${n.kind}`, n.params as Record<string, unknown>) })), total: total.n };
}

/** Marks one notification as read. */
export async function markNotificationRead(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const national = territoryOf(ctx.actor, 'view').kind === 'national';
  const n = await db.selectFrom('agreement_notifications as n').select(['n.id', 'n.entidad', 'n.read_at']).where('n.id', '=', id)
    .where(national ? sql<SqlBool>`true` : notificationAudience(ctx.actor)).executeTakeFirst();
  if (!n) throw notFound('notification_not_found');
  if (!n.read_at) await db.updateTable('agreement_notifications').set({ read_at: ctx.now(), read_by: ctx.actor.name }).where('id', '=', id).execute();
  return { id, read: true };
}

// ------------------------------------------------------------------------------------------ liaisons

function liaisonTerritory(actor: Actor): Expression<SqlBool> {
  if (territoryOf(actor, 'view').kind === 'national') return sql<SqlBool>`true`;
  return actor.entidad ? sql<SqlBool>`l.entidad = ${actor.entidad}` : sql<SqlBool>`false`;
}

/** Enlaces of the actor's territory (a state user: their own entidad's). */
export async function listLiaisons(ctx: Ctx, q: { entidad?: string; commitment_id?: number; active?: boolean }) {
  requirePermission(ctx.actor, 'agreement.read');
  let base = adb(ctx.db).selectFrom('agreement_liaisons as l').leftJoin('entidades as e', 'e.code', 'l.entidad').where(liaisonTerritory(ctx.actor));
  if (q.entidad) base = base.where('l.entidad', '=', q.entidad);
  if (q.commitment_id) base = base.where('l.commitment_id', '=', q.commitment_id);
  if (q.active !== undefined) base = base.where('l.active', '=', q.active);
  const items = await base.selectAll('l').select('e.short_name as entidad_name').orderBy('l.entidad').orderBy('l.commitment_id').orderBy('l.id').execute();
  return { items };
}

function assertLiaisonWriter(actor: Actor, entidad: string) {
  if (actor.permissions.has('agreement.manage') && territoryOf(actor, 'capture').kind === 'national') return;
  requirePermission(actor, 'agreement.progress');
  if (actor.entidad !== entidad && territoryOf(actor, 'capture').kind !== 'national') throw fieldError('entidad', 'field.entidad_outside_scope');
}

/**
 * Registers an enlace designated by oficio, for an entidad or one of its commitments: the entidad itself
 * (agreement.progress) or the Secretaría Técnica (agreement.manage).
 */
export async function createLiaison(ctx: Ctx, input: { entidad: string; commitment_id?: number; name: string; position: string; oficio_number: string; oficio_date: string; email?: string; phone?: string }) {
  assertLiaisonWriter(ctx.actor, input.entidad);
  if (input.commitment_id) {
    const c = await adb(ctx.db).selectFrom('agreement_commitments as c').select(['c.id', 'c.entidad']).where('c.id', '=', input.commitment_id).where(visibleCommitments(ctx.actor)).executeTakeFirst();
    if (!c) throw fieldError('commitment_id', 'commitment_not_found');
    if (c.entidad !== input.entidad) throw fieldError('commitment_id', 'field.commitment_other_entidad');
  }
  const now = ctx.now();
  const id = await inTx(ctx, async (trx, raw) => {
    const row = await trx.insertInto('agreement_liaisons').values({
      entidad: input.entidad, commitment_id: input.commitment_id ?? null, name: input.name, position: input.position, oficio_number: input.oficio_number,
      oficio_date: input.oficio_date, email: input.email ?? null, phone: input.phone ?? null, created_at: now, created_by: ctx.actor.name,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(raw, ctx.actor, { action: 'agreement.liaison_designated', entityType: 'agreement_liaison', entityId: row.id, entidad: input.entidad, details: input }, now);
    return row.id;
  });
  return adb(ctx.db).selectFrom('agreement_liaisons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/** Ends a designation (active: false) or corrects its contact data; nothing is deleted. */
export async function updateLiaison(ctx: Ctx, id: number, input: { active?: false; email?: string | null; phone?: string | null }) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const l = await db.selectFrom('agreement_liaisons as l').selectAll().where('l.id', '=', id).where(liaisonTerritory(ctx.actor)).executeTakeFirst();
  if (!l) throw notFound('liaison_not_found');
  assertLiaisonWriter(ctx.actor, l.entidad);
  const now = ctx.now();
  await inTx(ctx, async (trx, raw) => {
    const set: Record<string, unknown> = {};
    if (input.email !== undefined) set.email = input.email;
    if (input.phone !== undefined) set.phone = input.phone;
    if (input.active === false && l.active) Object.assign(set, { active: false, ended_at: now });
    if (Object.keys(set).length) await trx.updateTable('agreement_liaisons').set(set).where('id', '=', id).execute();
    await writeAudit(raw, ctx.actor, { action: input.active === false ? 'agreement.liaison_ended' : 'agreement.liaison_updated', entityType: 'agreement_liaison', entityId: id, entidad: l.entidad, details: { before: { email: l.email, phone: l.phone, active: l.active }, after: input } }, now);
  });
  return db.selectFrom('agreement_liaisons').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

export { effectiveStatus };
