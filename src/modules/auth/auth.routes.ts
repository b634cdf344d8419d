import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CSRF_COOKIE, SESSION_COOKIE } from '../../core/auth/resolve.js';
import { ChangePasswordBody, LoginBody, MeSchema, TotpDisableBody, TotpEnableBody } from './auth.schema.js';
import { changePassword, disableTotp, enableTotp, getMe, login, logout, setupTotp } from './auth.service.js';

/** Session endpoints: login (rate limited), logout, profile, password change, TOTP second factor. */
export const authRoutes: FastifyPluginAsync = async (app) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config } = app.sereno;
  const tags = ['autenticación'];

  r.post('/auth/login', {
    config: { auth: 'public', rateLimit: { max: config.LOGIN_RATE_LIMIT_PER_MINUTE, timeWindow: '1 minute' } },
    schema: { tags, summary: 'Iniciar sesión', body: LoginBody, response: { 200: z.object({ user: MeSchema }) } },
  }, async (req, reply) => {
    const result = await login(req.ctx(), req.body, config);
    // Max-Age, not Expires: relative to the browser's own clock, so a skewed server clock cannot expire it early.
    const maxAge = Math.max(0, Math.floor((result.expiresAt.getTime() - app.sereno.clock().getTime()) / 1000));
    const cookieBase = { path: '/', secure: config.COOKIE_SECURE, maxAge };
    reply.setCookie(SESSION_COOKIE, result.token, { ...cookieBase, httpOnly: true, sameSite: 'lax' });
    reply.setCookie(CSRF_COOKIE, result.csrfToken, { ...cookieBase, httpOnly: false, sameSite: 'strict' });
    return { user: result.user };
  });

  r.post('/auth/logout', { schema: { tags, summary: 'Cerrar sesión' } }, async (req, reply) => {
    await logout(req.ctx());
    reply.clearCookie(SESSION_COOKIE, { path: '/' }).clearCookie(CSRF_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  r.get('/auth/me', { schema: { tags, summary: 'Usuario actual', response: { 200: z.object({ user: MeSchema }) } } }, async (req) => {
    if (req.actor.type !== 'user') return { user: apiKeyProfile(req.actor) };
    return { user: await getMe(req.ctx()) };
  });

  r.post('/auth/password', { schema: { tags, summary: 'Cambiar la contraseña propia', body: ChangePasswordBody } }, async (req, reply) => {
    await changePassword(req.ctx(), req.body);
    return reply.status(204).send();
  });

  r.post('/auth/totp/setup', { schema: { tags, summary: 'Generar secreto TOTP' } }, async (req) => setupTotp(req.ctx()));
  r.post('/auth/totp/enable', { schema: { tags, summary: 'Activar TOTP', body: TotpEnableBody } }, async (req, reply) => {
    await enableTotp(req.ctx(), req.body.code);
    return reply.status(204).send();
  });
  r.post('/auth/totp/disable', { schema: { tags, summary: 'Desactivar TOTP', body: TotpDisableBody } }, async (req, reply) => {
    await disableTotp(req.ctx(), req.body.password);
    return reply.status(204).send();
  });
};

function apiKeyProfile(actor: import('../../core/access.js').Actor) {
  return {
    id: actor.id ?? 0, username: actor.name, display_name: actor.name, roles: actor.roles, permissions: [...actor.permissions],
    institution: null, entidad: null, capture_scope: actor.captureScope, view_scope: actor.viewScope, totp_enabled: false, must_change_password: false,
  };
}
