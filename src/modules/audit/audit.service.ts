import { sql, type RawBuilder } from 'kysely';
import { requirePermission, territoryCondition } from '../../core/access.js';
import { verifyAuditChain, writeAudit, type VerifyResult } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import type { AuditQueryInput } from './audit.schema.js';

/** Items a list shows of each array in a row's details; the whole row is read by id (GET /api/audit/:id). */
export const PREVIEW_ITEMS = 10;
const N = sql.lit(PREVIEW_ITEMS);

/** Whether a JSON value is an array longer than PREVIEW_ITEMS (CASE: SQL does not promise to evaluate AND in order). */
const longArray = (v: RawBuilder<unknown>) => sql<boolean>`CASE WHEN jsonb_typeof(${v}) = 'array' THEN jsonb_array_length(${v}) > ${N} ELSE false END`;

/** Whether a row's details hold an array longer than PREVIEW_ITEMS (a bulk batch row names its 1,000 records). */
const hasLongArray = sql<boolean>`CASE WHEN jsonb_typeof(a.details) = 'object'
  THEN EXISTS (SELECT 1 FROM jsonb_each(a.details) AS j WHERE ${longArray(sql`j.value`)}) ELSE false END`;

/**
 * The details as a list shows them: every array cut to its first PREVIEW_ITEMS items (the rest is counted by the
 * row's own `count`, when it has one). A page of 50 bulk batch rows was 3 MB; it is now a few kilobytes.
 */
const detailsPreview = sql`CASE WHEN ${hasLongArray} THEN (
  SELECT jsonb_object_agg(j.key, CASE WHEN ${longArray(sql`j.value`)}
    THEN (SELECT jsonb_agg(e.x ORDER BY e.o) FROM jsonb_array_elements(j.value) WITH ORDINALITY AS e(x, o) WHERE e.o <= ${N}) ELSE j.value END)
  FROM jsonb_each(a.details) AS j) ELSE a.details END`;

/** Where a folio sits in a bulk batch row: its position (1-based) and the id and external id beside it. */
const batchMatch = (folio: string): RawBuilder<unknown> => sql`CASE WHEN a.action = 'detention.batch_registered' AND jsonb_typeof(a.details -> 'folios') = 'array' THEN (
  SELECT jsonb_build_object('folio', f.v, 'position', f.o, 'count', jsonb_array_length(a.details -> 'folios'),
    'id', a.details -> 'ids' -> (f.o::int - 1), 'external_id', a.details -> 'external_ids' -> (f.o::int - 1))
  FROM jsonb_array_elements_text(a.details -> 'folios') WITH ORDINALITY AS f(v, o) WHERE f.v = ${folio} LIMIT 1) END`;

const ROW_COLUMNS = ['a.id', 'a.at', 'a.actor_type', 'a.actor_id', 'a.actor_name', 'a.action', 'a.entity_type', 'a.entity_id', 'a.entidad', 'a.ip',
  'a.user_agent', 'a.request_id', 'a.reason', 'a.prev_hash', 'a.hash'] as const;

/**
 * Audit rows in the auditor's territory, newest first; reading the log is itself audited. Long lists inside a row's
 * details come cut (`details_truncated`); a search by folio that finds it inside a bulk batch row says where (`match`).
 */
export async function listAudit(ctx: Ctx, q: AuditQueryInput) {
  requirePermission(ctx.actor, 'audit.read');
  let base = ctx.db.selectFrom('audit_log as a').where(territoryCondition(ctx.actor, 'view', { entidad: 'a.entidad' }));
  if (q.action) base = base.where('a.action', 'like', q.action.includes('*') ? q.action.replaceAll('*', '%') : q.action);
  if (q.actor) base = base.where(sql`lower(a.actor_name)`, '=', q.actor.toLowerCase());
  if (q.entidad) base = base.where('a.entidad', '=', q.entidad);
  const inBatches = !!q.entity_id && (!q.entity_type || q.entity_type === 'detention');
  if (q.entity_id) {
    // A record written by a bulk import is named in its batch's row (`details.folios`), not in a row of its own.
    const id = q.entity_id;
    const own = q.entity_type ? sql<boolean>`a.entity_type = ${q.entity_type} AND a.entity_id = ${id}` : sql<boolean>`a.entity_id = ${id}`;
    base = inBatches
      ? base.where(sql<boolean>`(${own} OR (a.action = 'detention.batch_registered' AND a.details -> 'folios' ? ${id}))`)
      : base.where(own);
  } else if (q.entity_type) base = base.where('a.entity_type', '=', q.entity_type);
  if (q.from) base = base.where('a.at', '>=', new Date(q.from));
  if (q.to) base = base.where('a.at', '<', q.to.length === 10 ? new Date(new Date(q.to).getTime() + 86_400_000) : new Date(q.to));
  const [rows, total] = await Promise.all([
    base.select(ROW_COLUMNS).select([detailsPreview.as('details'), hasLongArray.as('details_truncated'), (inBatches ? batchMatch(q.entity_id!) : sql`NULL::jsonb`).as('match')])
      .orderBy('a.id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const items = rows.map(({ match, ...r }) => (match == null ? r : { ...r, match }));
  await ctx.db.transaction().execute((trx) => writeAudit(trx, ctx.actor, { action: 'audit.viewed', entityType: 'audit_log', entidad: ctx.actor.entidad, details: { filters: q, returned: items.length } }, ctx.now()));
  return { items, total: total.n };
}

/** One audit row whole, in the auditor's territory (404 otherwise); the read is audited. */
export async function getAuditRow(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'audit.read');
  const row = await ctx.db.selectFrom('audit_log as a').select(ROW_COLUMNS).select('a.details')
    .where('a.id', '=', id).where(territoryCondition(ctx.actor, 'view', { entidad: 'a.entidad' })).executeTakeFirst();
  if (!row) throw notFound('audit_row_not_found');
  await ctx.db.transaction().execute((trx) => writeAudit(trx, ctx.actor, { action: 'audit.viewed', entityType: 'audit_log', entityId: String(id), entidad: ctx.actor.entidad, details: { id } }, ctx.now()));
  return { ...row, details_truncated: false };
}

/** Walks the whole chain (a national check: the chain is one for all entidades). */
export async function verifyAudit(ctx: Ctx): Promise<VerifyResult> {
  requirePermission(ctx.actor, 'audit.read');
  return verifyAuditChain(ctx.db);
}
