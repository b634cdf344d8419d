import { randomBytes } from 'node:crypto';
import { sql, type Kysely, type SqlBool, type Transaction } from 'kysely';
import { inTerritory, requirePermission, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { fieldError, notFound } from '../../core/errors.js';
import type { OutboxEvent } from '../../core/outbox.js';
import type { DeliveryQueryInput, WebhookCreateInput, WebhookUpdateInput } from './webhooks.schema.js';

type Trx = Transaction<CoreTables>;
type AnyDb = Kysely<CoreTables> | Trx;

/** Managing webhooks is integration work, like API keys for state systems: the same permission. */
const PERMISSION = 'apikey.manage' as const;

interface SubscriptionRow {
  id: number; institution_id: number; institution_name: string; entidad: string | null; scope: 'institution' | 'entidad'; url: string; events: string[];
  description: string | null; active: boolean; created_at: Date; created_by: unknown; updated_at: Date; secret_rotated_at: Date | null;
}

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;
const actorRef = (a: Actor) => JSON.stringify({ type: a.type, id: a.id, name: a.name, institution_id: a.institutionId, entidad: a.entidad });
const present = (r: SubscriptionRow) => ({ ...r, id: Number(r.id), institution_id: Number(r.institution_id) });

const SELECT = sql`SELECT s.id, s.institution_id, i.name AS institution_name, s.entidad, s.scope, s.url, s.events, s.description, s.active, s.created_at,
  s.created_by, s.updated_at, s.secret_rotated_at FROM webhook_subscriptions s JOIN institutions i ON i.id = s.institution_id`;

const territory = (actor: Actor) => territoryCondition(actor, 'capture', { entidad: 's.entidad', institution: 's.institution_id' });

async function readSubscription(db: AnyDb, actor: Actor, id: number, lock = false): Promise<SubscriptionRow | null> {
  const { rows: [row] } = await sql<SubscriptionRow>`${SELECT} WHERE s.id = ${id} AND ${territory(actor)} ${lock ? sql`FOR UPDATE OF s` : sql``}`.execute(db);
  return row ?? null;
}

/**
 * Subscribes an institution (the actor's, or one in the actor's territory) to alert events. The signing secret is
 * generated here and returned once; afterwards only its rotation shows a new one.
 */
export async function createWebhook(ctx: Ctx, input: WebhookCreateInput) {
  requirePermission(ctx.actor, PERMISSION);
  const institutionId = input.institution_id ?? ctx.actor.institutionId;
  if (!institutionId) throw fieldError('institution_id', 'field.webhook_institution');
  const { rows: [inst] } = await sql<{ id: number; entidad: string | null }>`SELECT id, entidad FROM institutions WHERE id = ${institutionId} AND active`.execute(ctx.db);
  if (!inst || !inTerritory(ctx.actor, 'capture', { entidad: inst.entidad, institution_id: Number(inst.id) })) throw fieldError('institution_id', 'field.webhook_institution');
  if (input.scope === 'entidad' && (!inst.entidad || !inTerritory(ctx.actor, 'view', { entidad: inst.entidad, institution_id: null }))) throw fieldError('scope', 'field.webhook_scope');
  const now = ctx.now();
  const secret = newSecret();
  const row = await ctx.db.transaction().execute(async (trx) => {
    const { rows: [{ id }] } = await sql<{ id: number }>`
      INSERT INTO webhook_subscriptions (institution_id, entidad, scope, url, secret, events, description, created_at, created_by, updated_at)
      VALUES (${institutionId}, ${inst.entidad}, ${input.scope}, ${input.url}, ${secret}, ${input.events}::text[], ${input.description ?? null}, ${now},
        ${actorRef(ctx.actor)}::jsonb, ${now}) RETURNING id`.execute(trx);
    await writeAudit(trx as Trx, ctx.actor, { action: 'webhook.subscribed', entityType: 'webhook', entityId: Number(id), entidad: inst.entidad, details: { url: input.url, events: input.events, scope: input.scope, institution_id: institutionId } }, now);
    return (await readSubscription(trx, ctx.actor, Number(id)))!;
  });
  return { ...present(row), secret };
}

/** Subscriptions in the actor's territory (never the secret). */
export async function listWebhooks(ctx: Ctx) {
  requirePermission(ctx.actor, PERMISSION);
  const { rows } = await sql<SubscriptionRow>`${SELECT} WHERE ${territory(ctx.actor)} ORDER BY s.id DESC LIMIT 500`.execute(ctx.db);
  return { items: rows.map(present) };
}

/** One subscription with its delivery counts; 404 outside the territory. */
export async function getWebhook(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, PERMISSION);
  const row = await readSubscription(ctx.db, ctx.actor, id);
  if (!row) throw notFound('webhook_not_found');
  const { rows } = await sql<{ status: string; n: number }>`SELECT status, count(*)::int AS n FROM webhook_deliveries WHERE subscription_id = ${id} GROUP BY status`.execute(ctx.db);
  return { ...present(row), deliveries: Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) };
}

/** Changes the URL, events, description, or pauses/resumes a subscription (audited). */
export async function updateWebhook(ctx: Ctx, id: number, input: WebhookUpdateInput) {
  requirePermission(ctx.actor, PERMISSION);
  const now = ctx.now();
  return ctx.db.transaction().execute(async (trx) => {
    const cur = await readSubscription(trx, ctx.actor, id, true);
    if (!cur) throw notFound('webhook_not_found');
    await sql`UPDATE webhook_subscriptions SET url = ${input.url ?? cur.url}, events = ${input.events ?? cur.events}::text[],
      description = ${input.description === undefined ? cur.description : input.description}, active = ${input.active ?? cur.active}, updated_at = ${now}
      WHERE id = ${id}`.execute(trx);
    await writeAudit(trx as Trx, ctx.actor, { action: 'webhook.updated', entityType: 'webhook', entityId: id, entidad: cur.entidad, details: { changed: Object.keys(input), ...input } }, now);
    return present((await readSubscription(trx, ctx.actor, id))!);
  });
}

/** A new signing secret, returned once; deliveries signed from now on use it (pending retries too). */
export async function rotateWebhookSecret(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, PERMISSION);
  const now = ctx.now();
  const secret = newSecret();
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await readSubscription(trx, ctx.actor, id, true);
    if (!cur) throw notFound('webhook_not_found');
    await sql`UPDATE webhook_subscriptions SET secret = ${secret}, secret_rotated_at = ${now}, updated_at = ${now} WHERE id = ${id}`.execute(trx);
    await writeAudit(trx as Trx, ctx.actor, { action: 'webhook.secret_rotated', entityType: 'webhook', entityId: id, entidad: cur.entidad }, now);
  });
  return { id, secret };
}

interface DeliveryRow {
  id: number; event_id: number; event_type: string; status: string; attempts: number; next_attempt_at: Date | null; last_status_code: number | null;
  last_error: string | null; created_at: Date; delivered_at: Date | null;
}
const presentDelivery = (d: DeliveryRow) => ({ ...d, id: Number(d.id), event_id: Number(d.event_id) });

/** The delivery log of a subscription, newest first: status, attempts, last status code and error, next retry. */
export async function listDeliveries(ctx: Ctx, id: number, q: DeliveryQueryInput) {
  requirePermission(ctx.actor, PERMISSION);
  if (!(await readSubscription(ctx.db, ctx.actor, id))) throw notFound('webhook_not_found');
  const where = q.status ? sql<SqlBool>`subscription_id = ${id} AND status = ${q.status}` : sql<SqlBool>`subscription_id = ${id}`;
  const { rows } = await sql<DeliveryRow>`SELECT id, event_id, event_type, status, attempts, next_attempt_at, last_status_code, last_error, created_at, delivered_at
    FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`.execute(ctx.db);
  const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM webhook_deliveries WHERE ${where}`.execute(ctx.db);
  return { items: rows.map(presentDelivery), total: Number(n), page: q.page, page_size: q.page_size };
}

/** One delivery with the body sent and every attempt. */
export async function getDelivery(ctx: Ctx, id: number, deliveryId: number) {
  requirePermission(ctx.actor, PERMISSION);
  if (!(await readSubscription(ctx.db, ctx.actor, id))) throw notFound('webhook_not_found');
  const { rows: [d] } = await sql<DeliveryRow & { body: string }>`SELECT * FROM webhook_deliveries WHERE id = ${deliveryId} AND subscription_id = ${id}`.execute(ctx.db);
  if (!d) throw notFound('webhook_delivery_not_found');
  const { rows: attempts } = await sql`SELECT attempt, at, status_code, error, duration_ms, next_retry_at FROM webhook_attempts WHERE delivery_id = ${deliveryId} ORDER BY attempt`.execute(ctx.db);
  const { body, ...rest } = d as DeliveryRow & { body: string; subscription_id: number };
  return { ...presentDelivery(rest), body: JSON.parse(body) as unknown, attempts };
}

/**
 * The outbox side (system, no actor): turns one `alert.*` event into one delivery row per matching active
 * subscription — the issuing institution's, and entidad-wide ones of the issuing entidad. Idempotent per
 * (subscription, event), so a re-run of the handler adds nothing. Returns how many deliveries were created.
 */
export async function enqueueAlertEvent(db: Kysely<CoreTables>, event: OutboxEvent, now: Date = new Date()): Promise<number> {
  const p = event.payload as { issuer_institution_id?: number; issuer_entidad?: string };
  if (!p.issuer_institution_id && !p.issuer_entidad) return 0;
  const body = JSON.stringify({ id: String(event.id), type: event.type, created_at: event.created_at, data: p });
  const { rows } = await sql<{ id: number }>`
    INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, body, status, attempts, next_attempt_at, created_at)
    SELECT s.id, ${event.id}, ${event.type}, ${body}, 'pending', 0, ${now}, ${now} FROM webhook_subscriptions s
    WHERE s.active AND ${event.type} = ANY(s.events)
      AND ((s.scope = 'institution' AND s.institution_id = ${p.issuer_institution_id ?? null})
        OR (s.scope = 'entidad' AND s.entidad = ${p.issuer_entidad ?? null}))
    ON CONFLICT (subscription_id, event_id) DO NOTHING RETURNING id`.execute(db);
  return rows.length;
}
