import { sql } from 'kysely';
import { ROLES, type Role, type Scope } from '../../shared/permissions.js';
import { inTerritory, requirePermission, scopeWithin, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { generatePassword, hashPassword, passwordAcceptable } from '../../core/auth/passwords.js';
import { API_KEYS_CHANNEL, forgetApiKeys } from '../../core/auth/resolve.js';
import { newApiKey } from '../../core/auth/tokens.js';
import type { Ctx } from '../../core/context.js';
import { AppError, badRequest, fieldError, forbidden, notFound } from '../../core/errors.js';
import type { UserCreateInput, UserUpdateInput } from './admin.schema.js';

/** Roles a state-level administrator may hand out; national roles stay with national administrators. */
const STATE_GRANTABLE: Role[] = ['state_admin', 'capturist', 'analyst', 'c5_operator', 'auditor', 'liaison'];

function assertGrantable(actor: Actor, roles: Role[], capture: Scope, view: Scope) {
  if (actor.viewScope !== 'national') {
    const bad = roles.find((r) => !STATE_GRANTABLE.includes(r));
    if (bad) throw forbidden('role_not_grantable', { role: bad });
  }
  if (!scopeWithin(actor, capture, 'view') || !scopeWithin(actor, view, 'view')) throw forbidden('scope_exceeds_own');
}

const page = (q: { page: number; page_size: number }) => ({ limit: q.page_size, offset: (q.page - 1) * q.page_size });

// ---------- institutions ----------

const institutionColumns = ['i.id', 'i.name', 'i.type', 'i.entidad', 'e.short_name as entidad_name', 'i.active', 'i.created_at'] as const;

/** Institutions in the actor's territory. */
export async function listInstitutions(ctx: Ctx, q: { entidad?: string; type?: string; q?: string; page: number; page_size: number }) {
  requirePermission(ctx.actor, 'institution.manage');
  let base = ctx.db.selectFrom('institutions as i').leftJoin('entidades as e', 'e.code', 'i.entidad')
    .where(territoryCondition(ctx.actor, 'view', { entidad: 'i.entidad', institution: 'i.id' }));
  if (q.entidad) base = base.where('i.entidad', '=', q.entidad);
  if (q.type) base = base.where('i.type', '=', q.type);
  if (q.q) base = base.where(sql`unaccent(lower(i.name))`, 'like', sql`'%' || unaccent(lower(${q.q})) || '%'`);
  const [items, total] = await Promise.all([
    base.select(institutionColumns).orderBy('i.entidad').orderBy('i.name').limit(page(q).limit).offset(page(q).offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

async function getInstitutionRow(ctx: Ctx, id: number) {
  const row = await ctx.db.selectFrom('institutions as i').leftJoin('entidades as e', 'e.code', 'i.entidad').select(institutionColumns).where('i.id', '=', id).executeTakeFirst();
  if (!row || !inTerritory(ctx.actor, 'view', { entidad: row.entidad, institution_id: row.id })) throw notFound('institution_not_found');
  return row;
}

/** Creates an institution in the actor's territory (a state admin only in their own entidad). */
export async function createInstitution(ctx: Ctx, input: { name: string; type: string; entidad: string | null }) {
  requirePermission(ctx.actor, 'institution.manage');
  if (ctx.actor.viewScope !== 'national' && input.entidad !== ctx.actor.entidad) throw fieldError('entidad', 'field.entidad_outside_scope');
  const type = await ctx.db.selectFrom('institution_types').select('code').where('code', '=', input.type).executeTakeFirst();
  if (!type) throw fieldError('type', 'field.institution_type_unknown');
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('institutions').values(input).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, ctx.actor, { action: 'institution.created', entityType: 'institution', entityId: row.id, entidad: input.entidad, details: input }, ctx.now());
    return row.id;
  }).catch(nameTaken(input.name));
  return getInstitutionRow(ctx, id);
}

/** A write that met institutions_name_uq (the same name, case aside, in the same entidad): 409 naming `name`. */
const nameTaken = (name: string) => (err: unknown): never => {
  const e = err as { code?: string; constraint?: string; message?: string };
  if (e.code === '23505' && (e.constraint === 'institutions_name_uq' || e.message?.includes('institutions_name_uq'))) {
    throw new AppError('institution_name_taken', 409, { name }, { issues: [{ path: 'name', key: 'field.institution_name_taken' }] });
  }
  throw err;
};

/** Renames or (de)activates an institution in the actor's territory. */
export async function updateInstitution(ctx: Ctx, id: number, input: { name?: string; active?: boolean }) {
  requirePermission(ctx.actor, 'institution.manage');
  const before = await getInstitutionRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('institutions').set({ ...input, updated_at: ctx.now() }).where('id', '=', id).execute();
    await writeAudit(trx, ctx.actor, { action: 'institution.updated', entityType: 'institution', entityId: id, entidad: before.entidad, details: { before: { name: before.name, active: before.active }, after: input } }, ctx.now());
  }).catch(nameTaken(input.name ?? before.name));
  return getInstitutionRow(ctx, id);
}

// ---------- users ----------

const userColumns = ['u.id', 'u.username', 'u.display_name', 'u.email', 'u.institution_id', 'i.name as institution_name', 'u.entidad', 'u.roles', 'u.capture_scope', 'u.view_scope', 'u.active', 'u.locked_until', 'u.totp_enabled', 'u.last_login_at', 'u.created_at'] as const;

/** Users in the actor's territory; listing personal data is audited. */
export async function listUsers(ctx: Ctx, q: { entidad?: string; institution_id?: number; role?: string; q?: string; page: number; page_size: number }) {
  requirePermission(ctx.actor, 'user.manage');
  let base = ctx.db.selectFrom('users as u').innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .where(territoryCondition(ctx.actor, 'view', { entidad: 'u.entidad', institution: 'u.institution_id' }));
  if (q.entidad) base = base.where('u.entidad', '=', q.entidad);
  if (q.institution_id) base = base.where('u.institution_id', '=', q.institution_id);
  if (q.role) base = base.where(sql<boolean>`${q.role} = ANY(u.roles)`);
  if (q.q) base = base.where((eb) => eb.or([
    eb(sql`lower(u.username)`, 'like', `%${q.q!.toLowerCase()}%`),
    eb(sql`unaccent(lower(u.display_name))`, 'like', sql`'%' || unaccent(lower(${q.q})) || '%'`),
  ]));
  const [items, total] = await Promise.all([
    base.select(userColumns).orderBy('u.username').limit(page(q).limit).offset(page(q).offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await ctx.db.transaction().execute((trx) => writeAudit(trx, ctx.actor, { action: 'user.listed', entityType: 'user', details: { filters: q, returned: items.length } }, ctx.now()));
  return { items, total: total.n };
}

async function getUserRow(ctx: Ctx, id: number) {
  const row = await ctx.db.selectFrom('users as u').innerJoin('institutions as i', 'i.id', 'u.institution_id').select(userColumns).where('u.id', '=', id).executeTakeFirst();
  if (!row || !inTerritory(ctx.actor, 'view', { entidad: row.entidad, institution_id: row.institution_id })) throw notFound('user_not_found');
  return row;
}

async function institutionInScope(ctx: Ctx, id: number) {
  const inst = await ctx.db.selectFrom('institutions').selectAll().where('id', '=', id).executeTakeFirst();
  if (!inst || !inst.active || !inTerritory(ctx.actor, 'view', { entidad: inst.entidad, institution_id: inst.id })) throw fieldError('institution_id', 'field.institution_outside_scope');
  return inst;
}

/** Reads one user of the actor's territory (audited: it is personal data). */
export async function getUser(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'user.manage');
  const row = await getUserRow(ctx, id);
  await ctx.db.transaction().execute((trx) => writeAudit(trx, ctx.actor, { action: 'user.viewed', entityType: 'user', entityId: id, entidad: row.entidad }, ctx.now()));
  return row;
}

/** Creates a user in an institution of the actor's territory; returns the initial password once if none was given. */
export async function createUser(ctx: Ctx, input: UserCreateInput) {
  requirePermission(ctx.actor, 'user.manage');
  const inst = await institutionInScope(ctx, input.institution_id);
  assertGrantable(ctx.actor, input.roles, input.capture_scope, input.view_scope);
  if (!inst.entidad && (input.capture_scope === 'entidad' || input.view_scope === 'entidad')) throw badRequest('institution_national_scope');
  const initial = input.password ? null : generatePassword();
  const password = input.password ?? initial!;
  if (!passwordAcceptable(password, input.username)) throw fieldError('password', 'field.password_too_weak');
  const taken = await ctx.db.selectFrom('users').select('id').where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  if (taken) throw new AppError('username_taken', 409, { username: input.username });
  const hash = await hashPassword(password);
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('users').values({
      username: input.username, display_name: input.display_name, email: input.email ?? null, password_hash: hash, institution_id: inst.id,
      entidad: inst.entidad, roles: input.roles, capture_scope: input.capture_scope, view_scope: input.view_scope,
      must_change_password: initial !== null, created_by: ctx.actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    const { password: _omit, ...details } = input;
    await writeAudit(trx, ctx.actor, { action: 'user.created', entityType: 'user', entityId: row.id, entidad: inst.entidad, details }, ctx.now());
    return row.id;
  });
  return { user: await getUserRow(ctx, id), initial_password: initial ?? undefined };
}

/** Changes a user's profile, roles, territory or status; an administrator cannot change their own roles or scope. */
export async function updateUser(ctx: Ctx, id: number, input: UserUpdateInput) {
  requirePermission(ctx.actor, 'user.manage');
  const before = await getUserRow(ctx, id);
  if (id === ctx.actor.id && (input.roles || input.capture_scope || input.view_scope || input.active === false)) throw forbidden('cannot_modify_self');
  // Both what the user has and what they will have must be within the actor's power.
  assertGrantable(ctx.actor, before.roles as Role[], before.capture_scope as Scope, before.view_scope as Scope);
  assertGrantable(ctx.actor, (input.roles ?? before.roles) as Role[], (input.capture_scope ?? before.capture_scope) as Scope, (input.view_scope ?? before.view_scope) as Scope);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ ...input, updated_at: ctx.now() }).where('id', '=', id).execute();
    if (input.active === false || input.roles || input.capture_scope || input.view_scope) await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await writeAudit(trx, ctx.actor, { action: 'user.updated', entityType: 'user', entityId: id, entidad: before.entidad, details: { before: { roles: before.roles, capture_scope: before.capture_scope, view_scope: before.view_scope, active: before.active }, after: input } }, ctx.now());
  });
  return getUserRow(ctx, id);
}

/** Sets a new random password that must be changed at next login, and closes the user's sessions. */
export async function resetUserPassword(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'user.manage');
  const before = await getUserRow(ctx, id);
  assertGrantable(ctx.actor, before.roles as Role[], before.capture_scope as Scope, before.view_scope as Scope);
  const initial = generatePassword();
  const hash = await hashPassword(initial);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: true, failed_logins: 0, locked_until: null, updated_at: ctx.now() }).where('id', '=', id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', id).execute();
    await writeAudit(trx, ctx.actor, { action: 'user.password_reset', entityType: 'user', entityId: id, entidad: before.entidad }, ctx.now());
  });
  return { initial_password: initial };
}

/** Lifts a lockout after failed logins. */
export async function unlockUser(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'user.manage');
  const before = await getUserRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', id).execute();
    await writeAudit(trx, ctx.actor, { action: 'user.unlocked', entityType: 'user', entityId: id, entidad: before.entidad }, ctx.now());
  });
}

// ---------- API keys ----------

const apiKeyColumns = ['k.id', 'k.name', 'k.prefix', 'k.institution_id', 'i.name as institution_name', 'k.entidad', 'k.roles', 'k.active', 'k.last_used_at', 'k.created_at', 'k.expires_at', 'k.revoked_at'] as const;

/** API keys of institutions in the actor's territory (never the secret). */
export async function listApiKeys(ctx: Ctx, q: { entidad?: string; page: number; page_size: number }) {
  requirePermission(ctx.actor, 'apikey.manage');
  let base = ctx.db.selectFrom('api_keys as k').innerJoin('institutions as i', 'i.id', 'k.institution_id')
    .where(territoryCondition(ctx.actor, 'view', { entidad: 'k.entidad', institution: 'k.institution_id' }));
  if (q.entidad) base = base.where('k.entidad', '=', q.entidad);
  const [items, total] = await Promise.all([
    base.select(apiKeyColumns).orderBy('k.id', 'desc').limit(page(q).limit).offset(page(q).offset).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

async function getApiKeyRow(ctx: Ctx, id: number) {
  const row = await ctx.db.selectFrom('api_keys as k').innerJoin('institutions as i', 'i.id', 'k.institution_id').select(apiKeyColumns).where('k.id', '=', id).executeTakeFirst();
  if (!row || !inTerritory(ctx.actor, 'view', { entidad: row.entidad, institution_id: row.institution_id })) throw notFound('api_key_not_found');
  return row;
}

/** Creates an API key for one institution; the key is returned once and only its hash is kept. */
export async function createApiKey(ctx: Ctx, input: { name: string; institution_id: number; roles: Role[]; expires_at?: string }) {
  requirePermission(ctx.actor, 'apikey.manage');
  const inst = await institutionInScope(ctx, input.institution_id);
  assertGrantable(ctx.actor, input.roles, 'institution', inst.entidad ? 'entidad' : 'national');
  const { key, prefix, hash } = newApiKey();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('api_keys').values({
      name: input.name, prefix, key_hash: hash, institution_id: inst.id, entidad: inst.entidad, roles: input.roles,
      expires_at: input.expires_at ?? null, created_by: ctx.actor.id,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(trx, ctx.actor, { action: 'apikey.created', entityType: 'api_key', entityId: row.id, entidad: inst.entidad, details: { name: input.name, prefix, roles: input.roles, institution_id: inst.id } }, ctx.now());
    return row.id;
  });
  return { api_key: await getApiKeyRow(ctx, id), key };
}

/** Revokes an API key at once. */
export async function revokeApiKey(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'apikey.manage');
  const row = await getApiKeyRow(ctx, id);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('api_keys').set({ active: false, revoked_at: ctx.now() }).where('id', '=', id).execute();
    await writeAudit(trx, ctx.actor, { action: 'apikey.revoked', entityType: 'api_key', entityId: id, entidad: row.entidad }, ctx.now());
    // Every API process forgets its cached keys at commit (see core/auth/resolve.ts).
    await sql`SELECT pg_notify(${API_KEYS_CHANNEL}, '')`.execute(trx);
  });
  forgetApiKeys(ctx.db);
}

export { ROLES };
