import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { sql } from 'kysely';
import { permissionsFor } from '../../shared/permissions.js';
import type { Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import { dummyPasswordHash, hashPassword, passwordAcceptable, verifyPassword } from '../../core/auth/passwords.js';
import { randomToken, sha256 } from '../../core/auth/tokens.js';
import type { Config } from '../../core/config.js';
import type { Ctx } from '../../core/context.js';
import { AppError, badRequest, unauthenticated } from '../../core/errors.js';
import type { Me } from './auth.schema.js';

export interface LoginInput { username: string; password: string; totp?: string }
export interface LoginResult { token: string; csrfToken: string; expiresAt: Date; user: Me }
type Policy = Pick<Config, 'LOGIN_MAX_FAILURES' | 'LOGIN_LOCK_MINUTES' | 'SESSION_TTL_HOURS'>;

const totpFor = (secret: string, username: string) =>
  new OTPAuth.TOTP({ issuer: 'Sereno', label: username, algorithm: 'SHA1', digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secret) });

/** Checks a TOTP code allowing one 30-second step of clock drift. */
export const totpValid = (secret: string, username: string, code: string, now: Date) =>
  totpFor(secret, username).validate({ token: code, timestamp: now.getTime(), window: 1 }) !== null;

/**
 * Verifies credentials (and the second factor when enabled), counts failures and locks the account after too
 * many, then opens a session. Every outcome is audited; a missing user costs the same time as a wrong password.
 */
export async function login(ctx: Ctx, input: LoginInput, policy: Policy): Promise<LoginResult> {
  const now = ctx.now();
  const user = await ctx.db.selectFrom('users').selectAll().where(sql`lower(username)`, '=', input.username.toLowerCase()).executeTakeFirst();
  const fail = async (code: string, status: number, details: Record<string, unknown>, userUpdate?: Record<string, unknown>) => {
    await ctx.db.transaction().execute(async (trx) => {
      if (user && userUpdate) await trx.updateTable('users').set(userUpdate).where('id', '=', user.id).execute();
      await writeAudit(trx, ctx.actor, { action: 'auth.login_failed', entityType: 'user', entityId: user?.id ?? null, entidad: user?.entidad ?? null, details: { username: input.username, reason: code, ...details } }, now);
    });
    return new AppError(code, status, details);
  };
  if (!user) {
    await verifyPassword(await dummyPasswordHash(), input.password);
    throw await fail('invalid_credentials', 401, {});
  }
  if (user.locked_until && (user.locked_until as Date) > now) {
    throw await fail('account_locked', 423, { until: (user.locked_until as Date).toISOString() });
  }
  const failure = async (code: string) => {
    const failures = user.failed_logins + 1;
    const lock = failures >= policy.LOGIN_MAX_FAILURES;
    const lockedUntil = new Date(now.getTime() + policy.LOGIN_LOCK_MINUTES * 60_000);
    return fail(code, 401, lock ? { locked: true } : {}, lock ? { failed_logins: 0, locked_until: lockedUntil } : { failed_logins: failures });
  };
  if (!(await verifyPassword(user.password_hash, input.password))) throw await failure('invalid_credentials');
  if (!user.active) throw await fail('account_inactive', 401, {});
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) throw new AppError('totp_required', 401);
    if (!totpValid(user.totp_secret, user.username, input.totp, now)) throw await failure('totp_invalid');
  }
  const token = randomToken();
  const csrfToken = randomToken(24);
  const expiresAt = new Date(now.getTime() + policy.SESSION_TTL_HOURS * 3600_000);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', user.id).execute();
    await trx.insertInto('sessions').values({ id: sha256(token), user_id: user.id, csrf_token: csrfToken, expires_at: expiresAt, ip: ctx.actor.ip ?? null, user_agent: ctx.actor.userAgent ?? null }).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('expires_at', '<', now).execute();
    await writeAudit(trx, { ...ctx.actor, type: 'user', id: user.id, name: user.username }, { action: 'auth.login_succeeded', entityType: 'user', entityId: user.id, entidad: user.entidad }, now);
  });
  return { token, csrfToken, expiresAt, user: await getMe({ ...ctx, actor: { ...ctx.actor, id: user.id } }) };
}

/** Ends the actor's current session. */
export async function logout(ctx: Ctx): Promise<void> {
  if (!ctx.actor.sessionId) return;
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sessions').where('id', '=', ctx.actor.sessionId!).execute();
    await writeAudit(trx, ctx.actor, { action: 'auth.logged_out', entityType: 'user', entityId: ctx.actor.id, entidad: ctx.actor.entidad }, ctx.now());
  });
}

/** The signed-in user's profile: roles, permissions, institution, entidad and territory. */
export async function getMe(ctx: Ctx): Promise<Me> {
  const row = await ctx.db.selectFrom('users as u')
    .innerJoin('institutions as i', 'i.id', 'u.institution_id')
    .leftJoin('entidades as e', 'e.code', 'u.entidad')
    .select(['u.id', 'u.username', 'u.display_name', 'u.roles', 'u.capture_scope', 'u.view_scope', 'u.totp_enabled', 'u.must_change_password', 'i.id as institution_id', 'i.name as institution_name', 'i.type as institution_type', 'e.code as entidad_code', 'e.name as entidad_name'])
    .where('u.id', '=', ctx.actor.id!).executeTakeFirstOrThrow();
  return {
    id: row.id, username: row.username, display_name: row.display_name, roles: row.roles, permissions: permissionsFor(row.roles),
    institution: { id: row.institution_id, name: row.institution_name, type: row.institution_type },
    entidad: row.entidad_code ? { code: row.entidad_code, name: row.entidad_name! } : null,
    capture_scope: row.capture_scope as Me['capture_scope'], view_scope: row.view_scope as Me['view_scope'],
    totp_enabled: row.totp_enabled, must_change_password: row.must_change_password,
  };
}

async function userOf(ctx: Ctx) {
  if (ctx.actor.type !== 'user' || !ctx.actor.id) throw unauthenticated();
  return ctx.db.selectFrom('users').selectAll().where('id', '=', ctx.actor.id).executeTakeFirstOrThrow();
}

/** Changes the actor's own password after checking the current one; other sessions of the user are closed. */
export async function changePassword(ctx: Ctx, input: { current_password: string; new_password: string }): Promise<void> {
  const user = await userOf(ctx);
  if (!(await verifyPassword(user.password_hash, input.current_password))) throw new AppError('invalid_credentials', 401);
  if (!passwordAcceptable(input.new_password, user.username)) throw badRequest('password_too_weak');
  const hash = await hashPassword(input.new_password);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, must_change_password: false, password_changed_at: ctx.now(), updated_at: ctx.now() }).where('id', '=', user.id).execute();
    await trx.deleteFrom('sessions').where('user_id', '=', user.id).where('id', '!=', ctx.actor.sessionId ?? '').execute();
    await writeAudit(trx, ctx.actor, { action: 'auth.password_changed', entityType: 'user', entityId: user.id, entidad: user.entidad }, ctx.now());
  });
}

/** Generates (or regenerates) a pending TOTP secret; it takes effect only once a code from it is confirmed. */
export async function setupTotp(ctx: Ctx): Promise<{ secret: string; otpauth_url: string; qr_svg: string }> {
  const user = await userOf(ctx);
  const secret = new OTPAuth.Secret({ size: 20 }).base32;
  const url = totpFor(secret, user.username).toString();
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_secret: secret, totp_enabled: false }).where('id', '=', user.id).execute();
    await writeAudit(trx, ctx.actor, { action: 'auth.totp_setup_started', entityType: 'user', entityId: user.id, entidad: user.entidad }, ctx.now());
  });
  return { secret, otpauth_url: url, qr_svg: await QRCode.toString(url, { type: 'svg', margin: 1 }) };
}

/** Confirms the pending TOTP secret with a code and turns the second factor on. */
export async function enableTotp(ctx: Ctx, code: string): Promise<void> {
  const user = await userOf(ctx);
  if (!user.totp_secret) throw badRequest('totp_not_setup');
  if (!totpValid(user.totp_secret, user.username, code, ctx.now())) throw badRequest('totp_invalid');
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: true }).where('id', '=', user.id).execute();
    await writeAudit(trx, ctx.actor, { action: 'auth.totp_enabled', entityType: 'user', entityId: user.id, entidad: user.entidad }, ctx.now());
  });
}

/** Turns the second factor off after checking the password. */
export async function disableTotp(ctx: Ctx, password: string): Promise<void> {
  const user = await userOf(ctx);
  if (!(await verifyPassword(user.password_hash, password))) throw new AppError('invalid_credentials', 401);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: false, totp_secret: null }).where('id', '=', user.id).execute();
    await writeAudit(trx, ctx.actor, { action: 'auth.totp_disabled', entityType: 'user', entityId: user.id, entidad: user.entidad }, ctx.now());
  });
}

export type { Actor };
