import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { inTerritory, requirePermission, SYSTEM_ACTOR, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, fieldError, notFound } from '../../core/errors.js';
import { personKeys, scorePersons, type PersonInput } from '../../matching/index.js';
import { publishAlerts, raiseAlerts, type AlertRow, type NewAlert, type TargetSummary } from '../alerts/index.js';
import { findPersonMentions, personCandidateTest, type MentionRow } from '../entities/index.js';
import type { TargetCreateInput, TargetPersonaInput, TargetQueryInput, TargetStatus, TargetUpdateInput } from './watchlists.schema.js';

type Trx = Transaction<CoreTables>;

interface TargetRow {
  entidad: string; id: number; institution_id: number; institution_name: string; version: number; status: TargetStatus;
  persona: TargetPersonaInput; photo_ref: string | null; reason: string; classification: string; valid_from: string; valid_until: string | null;
  contact: Record<string, unknown>; created_at: Date; created_by: Record<string, unknown>; updated_at: Date; updated_by: Record<string, unknown>;
  status_reason: string | null;
}

/** Most mentions an exhaustive search scores for one target (candidates are ranked by index agreement first). */
const EXHAUSTIVE_CAP = 5000;

const actorRef = (a: Actor) => JSON.stringify({ type: a.type, id: a.id, name: a.name, institution_id: a.institutionId, entidad: a.entidad });
/** Building an Intl.DateTimeFormat costs a good part of a millisecond: one, made once. */
const MX_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City' });
const mxDate = (d: Date) => MX_DAY.format(d);
const keysOf = (p: TargetPersonaInput) => personKeys(p as PersonInput);

const COLUMNS = sql`t.entidad, t.id, t.institution_id, i.name AS institution_name, t.version, t.status, t.persona, t.photo_ref, t.reason,
  t.classification, t.valid_from::text AS valid_from, t.valid_until::text AS valid_until, t.contact, t.created_at, t.created_by, t.updated_at,
  t.updated_by, t.status_reason`;
const SELECT = sql`SELECT ${COLUMNS} FROM targets t JOIN institutions i ON i.id = t.institution_id`;

const present = (r: TargetRow) => ({ ...r, id: Number(r.id), institution_id: Number(r.institution_id) });

const summaryOf = (r: TargetRow): TargetSummary => ({
  id: Number(r.id), entidad: r.entidad, institution_id: Number(r.institution_id), institution_name: r.institution_name, persona: r.persona,
  classification: r.classification, reason: r.reason, contact: r.contact, valid_until: r.valid_until,
});

const hitOf = (m: MentionRow): NewAlert['hit'] => ({
  entidad: m.entidad, registry: m.registry, record_id: m.record_id, label: m.label, persona: m.persona as Record<string, unknown>, observed_at: new Date(m.observed_at),
});

async function readTarget(db: Kysely<CoreTables> | Trx, actor: Actor, id: number, mode: 'view' | 'capture', lock = false): Promise<TargetRow | null> {
  const { rows: [row] } = await sql<TargetRow>`${SELECT}
    WHERE t.id = ${id} AND ${territoryCondition(actor, mode, { entidad: 't.entidad', institution: 't.institution_id' })}
    ${lock ? sql`FOR UPDATE OF t` : sql``}`.execute(db);
  return row ?? null;
}

/** Búsqueda exhaustiva: the target against every mention in the index, every entidad; hits become alerts in `trx`. */
async function searchTargetEverywhere(trx: Trx, actor: Actor, target: TargetRow, now: Date): Promise<AlertRow[]> {
  const hits = await findPersonMentions(trx, target.persona as PersonInput, { cap: EXHAUSTIVE_CAP, trigram: 'always' });
  const summary = summaryOf(target);
  return raiseAlerts(trx, actor, hits.filter((h) => h.match).map((h) => ({
    target: summary, hit: hitOf(h.mention), score: h.score, features: h.features as unknown as Record<string, unknown>, algorithm: h.algorithm, trigger: 'listing',
  })), now);
}

/**
 * Lists a priority target for the actor's institution and entidad, then searches it at once against everything
 * already indexed; the alerts it raises are in the same transaction and pushed live after commit.
 */
export async function createTarget(ctx: Ctx, input: TargetCreateInput) {
  const { actor } = ctx;
  requirePermission(actor, 'watchlist.manage');
  const entidad = actor.viewScope === 'national' && actor.captureScope === 'national' ? (input.entidad ?? actor.entidad) : actor.entidad;
  if (!entidad) throw fieldError('entidad', 'field.target_entidad_required');
  if (!actor.institutionId) throw fieldError('persona', 'field.target_institution_required');
  if (!inTerritory(actor, 'capture', { entidad, institution_id: actor.institutionId })) throw fieldError('entidad', 'field.target_entidad');
  const now = ctx.now();
  const k = keysOf(input.persona);
  const { target, alerts } = await ctx.db.transaction().execute(async (trx) => {
    const { rows: [{ id }] } = await sql<{ id: number }>`
      INSERT INTO targets (entidad, institution_id, status, persona, photo_ref, reason, classification, valid_from, valid_until, contact,
        full_name, blocking_keys, phonetic_keys, aliases, curp, created_at, created_by, updated_at, updated_by)
      VALUES (${entidad}, ${actor.institutionId}, 'active', ${JSON.stringify(input.persona)}::jsonb, ${input.photo_ref ?? null}, ${input.reason},
        ${input.classification}, ${input.valid_from ?? mxDate(now)}::date, ${input.valid_until ?? null}::date, ${JSON.stringify(input.contact)}::jsonb,
        ${k.fullName}, ${k.blockingKeys}::text[], ${k.phoneticKeys}::text[], ${k.aliases}::text[], ${k.curp}, ${now}, ${actorRef(actor)}::jsonb,
        ${now}, ${actorRef(actor)}::jsonb)
      RETURNING id`.execute(trx);
    const target = (await readTarget(trx, SYSTEM_ACTOR, Number(id), 'view'))!;
    await writeAudit(trx as Trx, actor, { action: 'target.listed', entityType: 'target', entityId: Number(id), entidad, details: { classification: input.classification } }, now);
    const alerts = await searchTargetEverywhere(trx as Trx, actor, target, now);
    return { target, alerts };
  });
  publishAlerts(alerts);
  return { ...present(target), alerts_raised: alerts.length };
}

/** One target, within the actor's view territory (others: 404, existence does not leak). */
export async function getTarget(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'watchlist.read');
  const row = await readTarget(ctx.db, ctx.actor, id, 'view');
  if (!row) throw notFound('target_not_found');
  return present(row);
}

/** Targets in the actor's view territory, newest first. */
export async function listTargets(ctx: Ctx, q: TargetQueryInput) {
  requirePermission(ctx.actor, 'watchlist.read');
  const conds = [territoryCondition(ctx.actor, 'view', { entidad: 't.entidad', institution: 't.institution_id' })];
  if (q.status) conds.push(sql<SqlBool>`t.status = ${q.status}`);
  if (q.q) {
    const k = personKeys({ nombre_completo: q.q });
    conds.push(sql<SqlBool>`(t.full_name % ${k.fullName} OR t.full_name LIKE ${`%${k.fullName}%`} OR t.aliases && ${k.aliases.length ? k.aliases : [k.fullName]}::text[])`);
  }
  const where = sql.join(conds, sql` AND `);
  const { rows } = await sql<TargetRow>`${SELECT} WHERE ${where} ORDER BY t.created_at DESC, t.id DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`.execute(ctx.db);
  const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM targets t WHERE ${where}`.execute(ctx.db);
  return { items: rows.map(present), total: Number(n), page: q.page, page_size: q.page_size };
}

async function saveVersion(trx: Trx, cur: TargetRow, change: string, reason: string | null, now: Date) {
  const { institution_name: _n, ...data } = cur;
  await sql`INSERT INTO target_versions (entidad, target_id, version, data, version_at, version_by, superseded_at, change, reason)
    VALUES (${cur.entidad}, ${cur.id}, ${cur.version}, ${JSON.stringify(data)}::jsonb, ${cur.updated_at}, ${JSON.stringify(cur.updated_by)}::jsonb, ${now}, ${change}, ${reason})`.execute(trx);
}

/** Corrects a target (a new version; the old one kept). A changed person is searched again at once. */
export async function updateTarget(ctx: Ctx, id: number, input: TargetUpdateInput) {
  requirePermission(ctx.actor, 'watchlist.manage');
  const now = ctx.now();
  const { target, alerts } = await ctx.db.transaction().execute(async (trx) => {
    const cur = await readTarget(trx, ctx.actor, id, 'capture', true);
    if (!cur) throw notFound('target_not_found');
    if (cur.status === 'closed') throw new AppError('target_closed', 409);
    const validFrom = input.valid_from ?? cur.valid_from;
    const validUntil = input.valid_until === undefined ? cur.valid_until : input.valid_until;
    if (validUntil && validUntil < validFrom) throw fieldError('valid_until', 'field.target_valid_until_before');
    await saveVersion(trx as Trx, cur, 'updated', input.motivo_cambio, now);
    const persona = input.persona ?? cur.persona;
    const k = keysOf(persona);
    const changed = Object.keys(input).filter((f) => f !== 'motivo_cambio');
    await sql`UPDATE targets SET version = version + 1, persona = ${JSON.stringify(persona)}::jsonb,
      photo_ref = ${input.photo_ref === undefined ? cur.photo_ref : input.photo_ref}, reason = ${input.reason ?? cur.reason},
      classification = ${input.classification ?? cur.classification}, valid_from = ${validFrom}::date, valid_until = ${validUntil}::date,
      contact = ${JSON.stringify(input.contact ?? cur.contact)}::jsonb, full_name = ${k.fullName}, blocking_keys = ${k.blockingKeys}::text[],
      phonetic_keys = ${k.phoneticKeys}::text[], aliases = ${k.aliases}::text[], curp = ${k.curp}, updated_at = ${now}, updated_by = ${actorRef(ctx.actor)}::jsonb
      WHERE entidad = ${cur.entidad} AND id = ${id}`.execute(trx);
    await writeAudit(trx as Trx, ctx.actor, { action: 'target.updated', entityType: 'target', entityId: id, entidad: cur.entidad, reason: input.motivo_cambio, details: { version: cur.version + 1, changed } }, now);
    const target = (await readTarget(trx, SYSTEM_ACTOR, id, 'view'))!;
    const alerts = input.persona && target.status === 'active' ? await searchTargetEverywhere(trx as Trx, ctx.actor, target, now) : [];
    return { target, alerts };
  });
  publishAlerts(alerts);
  return { ...present(target), alerts_raised: alerts.length };
}

const TRANSITIONS: Record<'suspend' | 'reactivate' | 'close', { from: TargetStatus[]; to: TargetStatus; change: string }> = {
  suspend: { from: ['active'], to: 'suspended', change: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active', change: 'reactivated' },
  close: { from: ['active', 'suspended'], to: 'closed', change: 'closed' },
};

/** Suspends, reactivates or closes a target (a new version with the reason). Reactivation searches again at once. */
export async function setTargetStatus(ctx: Ctx, id: number, action: keyof typeof TRANSITIONS, reason: string) {
  requirePermission(ctx.actor, 'watchlist.manage');
  const now = ctx.now();
  const tr = TRANSITIONS[action];
  const { target, alerts } = await ctx.db.transaction().execute(async (trx) => {
    const cur = await readTarget(trx, ctx.actor, id, 'capture', true);
    if (!cur) throw notFound('target_not_found');
    if (!tr.from.includes(cur.status)) throw new AppError('target_transition_invalid', 409, { status: cur.status, action });
    await saveVersion(trx as Trx, cur, tr.change, reason, now);
    await sql`UPDATE targets SET version = version + 1, status = ${tr.to}, status_reason = ${reason}, updated_at = ${now}, updated_by = ${actorRef(ctx.actor)}::jsonb
      WHERE entidad = ${cur.entidad} AND id = ${id}`.execute(trx);
    await writeAudit(trx as Trx, ctx.actor, { action: `target.${tr.change}`, entityType: 'target', entityId: id, entidad: cur.entidad, reason, details: { from: cur.status, to: tr.to, version: cur.version + 1 } }, now);
    const target = (await readTarget(trx, SYSTEM_ACTOR, id, 'view'))!;
    const alerts = tr.to === 'active' ? await searchTargetEverywhere(trx as Trx, ctx.actor, target, now) : [];
    return { target, alerts };
  });
  publishAlerts(alerts);
  return { ...present(target), alerts_raised: alerts.length };
}

/** The history of a target: every superseded version whole, then the current one. */
export async function listTargetVersions(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'watchlist.read');
  const cur = await readTarget(ctx.db, ctx.actor, id, 'view');
  if (!cur) throw notFound('target_not_found');
  const { rows } = await sql<{ version: number; data: Record<string, unknown>; version_at: Date; version_by: unknown; superseded_at: Date; change: string; reason: string | null }>`
    SELECT version, data, version_at, version_by, superseded_at, change, reason FROM target_versions
    WHERE entidad = ${cur.entidad} AND target_id = ${id} ORDER BY version`.execute(ctx.db);
  return {
    items: [
      ...rows.map((r) => ({ version: r.version, data: r.data, version_at: r.version_at, version_by: r.version_by, superseded_at: r.superseded_at, superseded_by_change: r.change, change_reason: r.reason })),
      { version: cur.version, data: present(cur), version_at: cur.updated_at, version_by: cur.updated_by, superseded_at: null, superseded_by_change: null, change_reason: null },
    ],
  };
}

/**
 * Checks indexed mentions against every active target of every entidad, in ONE transaction and ONE statement: the
 * mentions are read by key first (MATERIALIZED, so the targets are probed for these mentions only, whatever the
 * planner estimates for a table not yet analyzed), then each one's candidate targets are retrieved in the database by
 * the keys it was indexed with (computed by the same personKeys() when it was written: any shared blocking key, CURP,
 * alias or a pg_trgm-similar full name), so only the rare mention with a candidate comes back at all;
 * personCandidateTest then keeps exactly the pairs personCandidateCondition would, they are scored, and every match
 * raised as an alert (idempotent per target and record). One event or a bulk import's thousand mentions take the
 * same road.
 */
export async function checkMentionsAgainstTargets(db: Kysely<CoreTables>, keys: { entidad: string; registry: string; record_id: string }[], now: Date = new Date()): Promise<AlertRow[]> {
  if (keys.length === 0) return [];
  const alerts = await db.transaction().execute(async (trx) => {
    // The planner prices `t.full_name % m.full_name` like an equality, so for a batch of a thousand mentions it found
    // it cheaper to test every target against every mention (5,000 × 1,000 similarities, 18 s) than to look each
    // mention up in the targets' indexes (0.05 ms each). For this statement it is told not to read tables whole.
    // A mention or a few (a registration's) are planned with the indexes anyway: no extra round trips for them.
    const hint = keys.length > 20;
    const was = hint ? (await sql<{ was: string }>`SELECT current_setting('enable_seqscan') AS was, set_config('enable_seqscan', 'off', true)`.execute(trx)).rows[0].was : null;
    const { rows } = await sql<TargetRow & { mention: MentionRow; m_keys: { fullName: string; blockingKeys: string[]; curp: string | null; aliases: string[] }; trgm_hit: boolean; blocking_keys: string[]; t_curp: string | null; t_aliases: string[] | null }>`
      WITH m AS MATERIALIZED (
        SELECT k.ord, m.entidad, m.registry, m.record_id, m.label, m.institution_id, m.observed_at, m.persona, m.full_name, m.blocking_keys, m.curp, m.aliases
        FROM unnest(${keys.map((k) => k.entidad)}::char(2)[], ${keys.map((k) => k.registry)}::text[], ${keys.map((k) => k.record_id)}::text[]) WITH ORDINALITY AS k(entidad, registry, record_id, ord)
        JOIN person_mentions m ON m.entidad = k.entidad AND m.registry = k.registry AND m.record_id = k.record_id
        WHERE EXISTS (SELECT 1 FROM targets WHERE status = 'active'))
      SELECT json_build_object('entidad', m.entidad, 'registry', m.registry, 'record_id', m.record_id, 'label', m.label, 'institution_id', m.institution_id,
          'observed_at', m.observed_at, 'persona', m.persona) AS mention,
        json_build_object('fullName', m.full_name, 'blockingKeys', m.blocking_keys, 'curp', m.curp, 'aliases', m.aliases) AS m_keys, c.*
      FROM m CROSS JOIN LATERAL (
        SELECT ${COLUMNS}, t.blocking_keys, t.curp AS t_curp, t.aliases AS t_aliases, (length(m.full_name) >= 3 AND t.full_name % m.full_name) AS trgm_hit
        FROM targets t JOIN institutions i ON i.id = t.institution_id
        WHERE t.status = 'active' AND (t.valid_until IS NULL OR t.valid_until >= (m.observed_at AT TIME ZONE 'America/Mexico_City')::date)
          AND (t.curp = m.curp OR t.blocking_keys && m.blocking_keys OR (length(m.full_name) >= 3 AND t.full_name % m.full_name) OR t.aliases && m.aliases)) AS c
      ORDER BY m.ord, c.entidad, c.id`.execute(trx);
    if (was !== null) await sql`SELECT set_config('enable_seqscan', ${was}, true)`.execute(trx); // the alerts' writes plan as usual
    const list: NewAlert[] = [];
    for (const t of rows) {
      if (!personCandidateTest(t.m_keys, { blocking_keys: t.blocking_keys, curp: t.t_curp, aliases: t.t_aliases }, t.trgm_hit)) continue;
      const mention = { ...t.mention, institution_id: t.mention.institution_id == null ? null : Number(t.mention.institution_id), observed_at: new Date(t.mention.observed_at) };
      const s = scorePersons(t.persona as PersonInput, mention.persona as PersonInput);
      if (s.match) list.push({ target: summaryOf(t), hit: hitOf(mention), score: s.score, features: s.features as unknown as Record<string, unknown>, algorithm: s.algorithm, trigger: 'mention' });
    }
    return raiseAlerts(trx as Trx, SYSTEM_ACTOR, list, now);
  });
  publishAlerts(alerts);
  return alerts;
}

/** Checks one indexed mention against every active target (see checkMentionsAgainstTargets). */
export const checkMentionAgainstTargets = (db: Kysely<CoreTables>, key: { entidad: string; registry: string; record_id: string }, now: Date = new Date()) =>
  checkMentionsAgainstTargets(db, [key], now);
