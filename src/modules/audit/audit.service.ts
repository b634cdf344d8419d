import { sql } from 'kysely';
import { requirePermission, territoryCondition } from '../../core/access.js';
import { verifyAuditChain, writeAudit, type VerifyResult } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { AuditQueryInput } from './audit.schema.js';

/** Audit rows in the auditor's territory, newest first; reading the log is itself audited. */
export async function listAudit(ctx: Ctx, q: AuditQueryInput) {
  requirePermission(ctx.actor, 'audit.read');
  let base = ctx.db.selectFrom('audit_log as a').where(territoryCondition(ctx.actor, 'view', { entidad: 'a.entidad' }));
  if (q.action) base = base.where('a.action', 'like', q.action.includes('*') ? q.action.replaceAll('*', '%') : q.action);
  if (q.actor) base = base.where(sql`lower(a.actor_name)`, '=', q.actor.toLowerCase());
  if (q.entidad) base = base.where('a.entidad', '=', q.entidad);
  if (q.entity_id) {
    // A record written by a bulk import is named in its batch's row (`details.folios`), not in a row of its own.
    const id = q.entity_id;
    const own = q.entity_type ? sql<boolean>`a.entity_type = ${q.entity_type} AND a.entity_id = ${id}` : sql<boolean>`a.entity_id = ${id}`;
    base = !q.entity_type || q.entity_type === 'detention'
      ? base.where(sql<boolean>`(${own} OR (a.action = 'detention.batch_registered' AND a.details -> 'folios' ? ${id}))`)
      : base.where(own);
  } else if (q.entity_type) base = base.where('a.entity_type', '=', q.entity_type);
  if (q.from) base = base.where('a.at', '>=', new Date(q.from));
  if (q.to) base = base.where('a.at', '<', q.to.length === 10 ? new Date(new Date(q.to).getTime() + 86_400_000) : new Date(q.to));
  const [items, total] = await Promise.all([
    base.selectAll().orderBy('a.id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await ctx.db.transaction().execute((trx) => writeAudit(trx, ctx.actor, { action: 'audit.viewed', entityType: 'audit_log', entidad: ctx.actor.entidad, details: { filters: q, returned: items.length } }, ctx.now()));
  return { items, total: total.n };
}

/** Walks the whole chain (a national check: the chain is one for all entidades). */
export async function verifyAudit(ctx: Ctx): Promise<VerifyResult> {
  requirePermission(ctx.actor, 'audit.read');
  return verifyAuditChain(ctx.db);
}
