import { sql, type Expression, type SqlBool } from 'kysely';
import { permissionsFor, type Permission, type Role, type Scope } from '../shared/permissions.js';
import { forbidden, unauthenticated } from './errors.js';
import type { Lang } from './i18n.js';

/** Who is acting: a signed-in user, a state system's API key, the system itself, or the anonymous public. */
export interface Actor {
  type: 'user' | 'api_key' | 'system' | 'public';
  id: number | null;
  name: string;
  roles: Role[];
  permissions: ReadonlySet<Permission>;
  institutionId: number | null;
  entidad: string | null;
  captureScope: Scope;
  viewScope: Scope;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
  sessionId?: string | null;
  /** A user with an initial or reset password may only change it (enforced by the HTTP layer). */
  mustChangePassword?: boolean;
  lang: Lang;
}

/** Builds an actor from stored roles and scopes. */
export function makeActor(fields: Omit<Actor, 'permissions' | 'lang'> & { lang?: Lang }): Actor {
  return { lang: 'es', ...fields, permissions: new Set(permissionsFor(fields.roles)) };
}

/** The actor for start-up jobs, migrations, demo loading and event handlers: national, every permission. */
export const SYSTEM_ACTOR: Actor = makeActor({
  type: 'system', id: null, name: 'sistema', roles: ['national_admin'], institutionId: null, entidad: null,
  captureScope: 'national', viewScope: 'national',
});

/** The anonymous public (portal): no permissions, no territory. */
export const PUBLIC_ACTOR: Actor = makeActor({
  type: 'public', id: null, name: 'público', roles: [], institutionId: null, entidad: null,
  captureScope: 'institution', viewScope: 'institution',
});

export const can = (actor: Actor, perm: Permission) => actor.permissions.has(perm);

/** Throws 401 for the public and 403 when the action itself is not granted (record scoping answers 404 elsewhere). */
export function requirePermission(actor: Actor, perm: Permission): void {
  if (actor.type === 'public') throw unauthenticated();
  if (!actor.permissions.has(perm)) throw forbidden('forbidden', { permission: perm });
}

export type AccessMode = 'view' | 'capture';

/** The territory an actor may read or write, as sets (one query filters a whole list, as immich does). */
export type Territory =
  | { kind: 'national' }
  | { kind: 'entidad'; entidad: string }
  | { kind: 'institution'; entidad: string | null; institutionId: number }
  | { kind: 'none' };

export function territoryOf(actor: Actor, mode: AccessMode): Territory {
  const scope = mode === 'view' ? actor.viewScope : actor.captureScope;
  if (actor.type === 'public') return { kind: 'none' };
  if (scope === 'national') return { kind: 'national' };
  if (scope === 'entidad') return actor.entidad ? { kind: 'entidad', entidad: actor.entidad } : { kind: 'none' };
  return actor.institutionId ? { kind: 'institution', entidad: actor.entidad, institutionId: actor.institutionId } : { kind: 'none' };
}

/** Whether a record with this entidad (and owning institution) lies in the actor's territory. */
export function inTerritory(actor: Actor, mode: AccessMode, rec: { entidad: string | null; institution_id?: number | null }): boolean {
  const t = territoryOf(actor, mode);
  switch (t.kind) {
    case 'national': return true;
    case 'entidad': return rec.entidad === t.entidad;
    case 'institution': return rec.institution_id != null ? rec.institution_id === t.institutionId : false;
    case 'none': return false;
  }
}

/**
 * A SQL condition restricting rows to the actor's territory, for any table that has an entidad column
 * and (optionally) an owning-institution column. Use it in every list and every read by id.
 */
export function territoryCondition(actor: Actor, mode: AccessMode, cols: { entidad: string; institution?: string }): Expression<SqlBool> {
  const t = territoryOf(actor, mode);
  switch (t.kind) {
    case 'national': return sql<SqlBool>`true`;
    case 'entidad': return sql<SqlBool>`${sql.ref(cols.entidad)} = ${t.entidad}`;
    case 'institution':
      return cols.institution ? sql<SqlBool>`${sql.ref(cols.institution)} = ${t.institutionId}` : sql<SqlBool>`false`;
    case 'none': return sql<SqlBool>`false`;
  }
}

const SCOPE_RANK: Record<Scope, number> = { national: 0, entidad: 1, institution: 2 };

/** True when `scope` is no wider than the actor's own (a state admin cannot grant national scope). */
export const scopeWithin = (actor: Actor, scope: Scope, mode: AccessMode) =>
  SCOPE_RANK[scope] >= SCOPE_RANK[mode === 'view' ? actor.viewScope : actor.captureScope];
