import crypto from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Actor } from './access.js';
import type { CoreTables } from './db-types.js';

/** What one audit row records besides who/when/from where (taken from the actor). */
export interface AuditEntry {
  action: string;
  entityType?: string | null;
  entityId?: string | number | null;
  entidad?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 74230002;

/** JSON with keys sorted at every depth, so the hash survives jsonb's key reordering. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj).filter((k) => obj[k] !== undefined).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

interface HashedFields {
  id: number; at: Date; actor_type: string; actor_id: number | null; actor_name: string; action: string;
  entity_type: string | null; entity_id: string | null; entidad: string | null; ip: string | null;
  user_agent: string | null; request_id: string | null; reason: string | null; details: unknown; prev_hash: string;
}

/** The hash of one row: sha256 over the previous hash and the row's canonical content. */
export function auditHash(r: HashedFields): string {
  const body = canonicalJson([
    r.id, new Date(r.at).toISOString(), r.actor_type, r.actor_id, r.actor_name, r.action, r.entity_type, r.entity_id,
    r.entidad, r.ip, r.user_agent, r.request_id, r.reason, r.details ?? {},
  ]);
  return crypto.createHash('sha256').update(r.prev_hash).update('\n').update(body).digest('hex');
}

/**
 * Appends audit rows inside the caller's transaction (so a rolled-back change leaves no audit row and a
 * committed one always has it). A transaction-scoped advisory lock orders writers so the chain has no forks.
 */
export async function writeAudit(trx: Transaction<CoreTables>, actor: Actor, entries: AuditEntry | AuditEntry[], at: Date = new Date()): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  // The lock is held until commit and orders every writer, so the head and the ids are read in one round trip after
  // it (a statement of its own: its snapshot must start once the lock is held, to see the previous holder's row).
  await sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`.execute(trx);
  const { rows: [head] } = await sql<{ hash: string | null; ids: string[] }>`
    SELECT (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS hash,
      ARRAY(SELECT nextval('audit_log_id_seq')::int8 FROM generate_series(1, ${list.length}))::text[] AS ids`.execute(trx);
  const rows = head.ids.map((id) => ({ id }));
  let prev = head.hash ?? GENESIS;
  const values = list.map((e, i) => {
    const row: HashedFields = {
      id: Number(rows[i].id), at, actor_type: actor.type, actor_id: actor.id, actor_name: actor.name, action: e.action,
      entity_type: e.entityType ?? null, entity_id: e.entityId == null ? null : String(e.entityId), entidad: e.entidad ?? null,
      ip: actor.ip ?? null, user_agent: actor.userAgent ?? null, request_id: actor.requestId ?? null, reason: e.reason ?? null,
      details: e.details ?? {}, prev_hash: prev,
    };
    const hash = auditHash(row);
    prev = hash;
    return { ...row, details: canonicalJson(row.details), hash };
  });
  await trx.insertInto('audit_log').values(values).execute();
}

/** Runs `fn` in a transaction and audits it there: the usual shape of a service write. */
export async function withAudit<T>(db: Kysely<CoreTables>, actor: Actor, fn: (trx: Transaction<CoreTables>) => Promise<{ result: T; audit: AuditEntry | AuditEntry[] }>, at?: Date): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const { result, audit } = await fn(trx);
    await writeAudit(trx, actor, audit, at);
    return result;
  });
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  first_broken_id: number | null;
  reason: string | null;
}

/** Walks the whole chain in id order, recomputing every hash; names the first row that does not fit. */
export async function verifyAuditChain(db: Kysely<CoreTables>, batch = 5000): Promise<VerifyResult> {
  let prev = GENESIS;
  let afterId = -1;
  let checked = 0;
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(batch).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, first_broken_id: r.id, reason: 'prev_hash no coincide con el hash de la fila anterior (fila eliminada o insertada)' };
      const expected = auditHash({ ...r, at: r.at as Date, details: r.details });
      if (expected !== r.hash) return { ok: false, checked, first_broken_id: r.id, reason: 'el contenido de la fila no coincide con su hash (fila modificada)' };
      prev = r.hash;
      checked++;
      afterId = r.id;
    }
  }
  return { ok: true, checked, first_broken_id: null, reason: null };
}
