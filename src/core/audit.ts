import crypto from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
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

/** A row's canonical content after its id: the hashed body is `[` + id + `,` + this (a JSON array's tail). */
function auditTail(r: Omit<HashedFields, 'id' | 'prev_hash'>): string {
  return canonicalJson([
    new Date(r.at).toISOString(), r.actor_type, r.actor_id, r.actor_name, r.action, r.entity_type, r.entity_id,
    r.entidad, r.ip, r.user_agent, r.request_id, r.reason, r.details ?? {},
  ]).slice(1);
}

/** The hash of one row: sha256 over the previous hash and the row's canonical content (as audit_append() computes it). */
export function auditHash(r: HashedFields): string {
  return crypto.createHash('sha256').update(r.prev_hash).update('\n').update(`[${JSON.stringify(r.id)},${auditTail(r)}`).digest('hex');
}

/**
 * The SQL expression that appends these audit rows to the chain (migrations/0008_audit_append.sql, linear since 0009): inside the
 * statement's transaction, it takes the chain's lock, reads the head, draws ids and links the rows in one server-side
 * step, so no client round trip happens while the lock is held except the commit. A service whose whole write is one
 * statement embeds it there, and then not even the commit waits on the client.
 */
export function auditAppend(actor: Actor, entries: AuditEntry | AuditEntry[], at: Date = new Date()): RawBuilder<number> {
  return sql<number>`audit_append(${auditRowsJson(actor, entries, at)}::jsonb)`;
}

/** The argument of audit_append(): the rows as JSON, each with its canonical `tail` for the hash. */
export function auditRowsJson(actor: Actor, entries: AuditEntry | AuditEntry[], at: Date = new Date()): string {
  return JSON.stringify((Array.isArray(entries) ? entries : [entries]).map((e) => auditRow(actor, e, at)));
}

/** One element of audit_append()'s argument (callers that assemble the array in SQL embed these). */
export function auditRow(actor: Actor, e: AuditEntry, at: Date) {
  const row = {
    at, actor_type: actor.type, actor_id: actor.id, actor_name: actor.name, action: e.action,
    entity_type: e.entityType ?? null, entity_id: e.entityId == null ? null : String(e.entityId), entidad: e.entidad ?? null,
    ip: actor.ip ?? null, user_agent: actor.userAgent ?? null, request_id: actor.requestId ?? null, reason: e.reason ?? null,
    details: e.details ?? {},
  };
  return { ...row, tail: auditTail(row) };
}

/**
 * Appends audit rows inside the caller's transaction (so a rolled-back change leaves no audit row and a
 * committed one always has it). A transaction-scoped advisory lock, taken by audit_append(), orders writers so the
 * chain has no forks; write audit last in a transaction, since the lock is held until commit.
 */
export async function writeAudit(trx: Transaction<CoreTables>, actor: Actor, entries: AuditEntry | AuditEntry[], at: Date = new Date()): Promise<void> {
  if (Array.isArray(entries) && entries.length === 0) return;
  await sql`SELECT ${auditAppend(actor, entries, at)}`.execute(trx);
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
