import { sql } from 'kysely';
import type { Role, Scope } from '../../shared/permissions.js';
import { makeActor, type Actor } from '../access.js';
import type { Db } from '../db.js';
import type { Lang } from '../i18n.js';
import { apiKeyPrefix, safeEqual, sha256 } from './tokens.js';

export const SESSION_COOKIE = 'sereno_session';
export const CSRF_COOKIE = 'sereno_csrf';

export interface RequestInfo {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  lang: Lang;
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
}

/** The actor behind a session cookie, or null when the session is unknown, expired, or its user inactive. */
export async function actorFromSession(db: Db, token: string, info: RequestInfo, now: Date): Promise<ResolvedSession | null> {
  const id = sha256(token);
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .select(['s.id as session_id', 's.csrf_token', 's.expires_at', 's.last_seen_at', 'u.id', 'u.username', 'u.display_name', 'u.roles', 'u.institution_id', 'u.entidad', 'u.capture_scope', 'u.view_scope', 'u.active', 'u.must_change_password'])
    .where('s.id', '=', id).executeTakeFirst();
  if (!row || !row.active || (row.expires_at as Date) <= now) return null;
  // Touch at most once a minute: reads stay reads.
  if (now.getTime() - (row.last_seen_at as Date).getTime() > 60_000) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return {
    csrfToken: row.csrf_token,
    actor: makeActor({
      type: 'user', id: row.id, name: row.username, roles: row.roles as Role[], institutionId: row.institution_id, entidad: row.entidad,
      captureScope: row.capture_scope as Scope, viewScope: row.view_scope as Scope, sessionId: row.session_id, mustChangePassword: row.must_change_password, ...info,
    }),
  };
}

type ApiKeyRow = { id: number; name: string; roles: unknown; institution_id: number; entidad: string | null; key_hash: string; active: boolean; revoked_at: unknown; expires_at: unknown; last_used_at: unknown };

/**
 * API keys looked up in the last API_KEY_CACHE_MS, per database. A state system sending hundreds of registrations a
 * second then costs one lookup per key and interval, not one per request. A revocation empties the cache of every
 * process at once (the revoking transaction notifies API_KEYS_CHANNEL, which each app listens to); the interval
 * bounds the delay only when that notification cannot arrive (a key changed by hand in the database).
 */
const API_KEY_CACHE_MS = 10_000;
const apiKeyCache = new WeakMap<object, Map<string, { row: ApiKeyRow; at: number }>>();
/** The channel a revocation notifies. */
export const API_KEYS_CHANNEL = 'sereno_api_keys';
/** Forgets every cached API key of a database (after a revocation). */
export function forgetApiKeys(db: Db): void {
  apiKeyCache.delete(db);
}

/** The actor behind an API key (`Authorization: Bearer srn_…`), or null. */
export async function actorFromApiKey(db: Db, key: string, info: RequestInfo, now: Date): Promise<Actor | null> {
  const prefix = apiKeyPrefix(key);
  if (!prefix) return null;
  let cache = apiKeyCache.get(db);
  if (!cache) apiKeyCache.set(db, (cache = new Map()));
  const hit = cache.get(prefix);
  let row: ApiKeyRow | undefined;
  if (hit && performance.now() - hit.at < API_KEY_CACHE_MS) row = hit.row;
  else {
    row = await db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirst() as ApiKeyRow | undefined;
    if (row) cache.set(prefix, { row, at: performance.now() });
    else cache.delete(prefix);
  }
  if (!row || !row.active || row.revoked_at || (row.expires_at && (row.expires_at as Date) <= now)) return null;
  if (!safeEqual(row.key_hash, sha256(key))) return null;
  if (!row.last_used_at || now.getTime() - (row.last_used_at as Date).getTime() > 60_000) {
    row.last_used_at = now;
    await db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('id', '=', row.id).execute();
  }
  // An API key is scoped to its institution for capture, and to its entidad for reading.
  return makeActor({
    type: 'api_key', id: row.id, name: `api:${row.name}`, roles: row.roles as Role[], institutionId: row.institution_id, entidad: row.entidad,
    captureScope: 'institution', viewScope: row.entidad ? 'entidad' : 'national', ...info,
  });
}
