import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type TestApp } from '../../../test/helper.js';

describe('auth', () => {
  let t: TestApp;
  let f: ReturnType<typeof factories>;
  beforeAll(async () => { t = await createTestApp(); f = factories(t.database); });
  afterAll(() => t.close());

  it('logs in, sets httpOnly session and readable CSRF cookies, and answers /me', async () => {
    const u = await f.user({ roles: ['analyst'], entidad: '14' });
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username.toUpperCase(), password: u.password } });
    expect(res.statusCode).toBe(200);
    const cookies = res.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[];
    expect(cookies.find((c) => c.name === 'sereno_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    expect(cookies.find((c) => c.name === 'sereno_csrf')?.httpOnly).toBeFalsy();
    expect(res.json().user).toMatchObject({ username: u.username, roles: ['analyst'], entidad: { code: '14', name: 'Jalisco' }, view_scope: 'entidad' });
    const s = await login(t.app, u.username);
    const me = await as(t.app, s).get('/api/auth/me');
    expect(me.json().user.permissions).toContain('person.search');
    expect((await as(t.app, null).get('/api/auth/me')).statusCode).toBe(401);
  });

  it('answers the same 401 for an unknown user and a wrong password, and audits both', async () => {
    const u = await f.user({ roles: ['analyst'], entidad: '09' });
    const a = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'nobody-here', password: 'x' } });
    const b = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong' } });
    expect([a.statusCode, b.statusCode]).toEqual([401, 401]);
    expect(a.json().error.code).toBe('invalid_credentials');
    expect(b.json().error.message).toBe('Usuario o contraseña incorrectos.');
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'auth.login_failed').execute();
    expect(audit.map((r) => (r.details as { username: string }).username)).toEqual(expect.arrayContaining(['nobody-here', u.username]));
  });

  it('locks the account after repeated failures, and the lock expires with time', async () => {
    const u = await f.user({ roles: ['capturist'], entidad: '19' });
    for (let i = 0; i < t.config.LOGIN_MAX_FAILURES; i++) {
      await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong' }, remoteAddress: `10.0.0.${i}` });
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password }, remoteAddress: '10.0.1.1' });
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.code).toBe('account_locked');
    t.clock.advance((t.config.LOGIN_LOCK_MINUTES + 1) * 60_000);
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password }, remoteAddress: '10.0.1.2' });
    expect(ok.statusCode).toBe(200);
  });

  it('requires the CSRF header on writes made with the session cookie', async () => {
    const u = await f.user({ roles: ['analyst'], entidad: '14' });
    const s = await login(t.app, u.username);
    const without = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('csrf_failed');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie, 'x-csrf-token': 'nope' } });
    expect(wrong.statusCode).toBe(403);
    const ok = await as(t.app, s).post('/api/auth/logout');
    expect(ok.statusCode).toBe(204);
    expect((await as(t.app, s).get('/api/auth/me')).statusCode).toBe(401); // the session is gone
  });

  it('enrols TOTP and then requires the code at login', async () => {
    const u = await f.user({ roles: ['analyst'], entidad: '14' });
    const s = await login(t.app, u.username);
    const setup = await as(t.app, s).post('/api/auth/totp/setup');
    expect(setup.statusCode).toBe(200);
    const { secret, qr_svg, otpauth_url } = setup.json();
    expect(qr_svg).toContain('<svg');
    expect(otpauth_url).toMatch(/^otpauth:\/\/totp\/Sereno/);
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 });
    const code = () => totp.generate({ timestamp: t.clock.now().getTime() });
    expect((await as(t.app, s).post('/api/auth/totp/enable', { code: '000000' === code() ? '111111' : '000000' })).statusCode).toBe(400);
    expect((await as(t.app, s).post('/api/auth/totp/enable', { code: code() })).statusCode).toBe(204);
    const need = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password } });
    expect(need.statusCode).toBe(401);
    expect(need.json().error.code).toBe('totp_required');
    const ok = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: u.password, totp: code() } });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user.totp_enabled).toBe(true);
  });

  it('changes the password after checking the current one and rejects weak ones', async () => {
    const u = await f.user({ roles: ['analyst'], entidad: '14' });
    const s = await login(t.app, u.username);
    const weak = await as(t.app, s).post('/api/auth/password', { current_password: u.password, new_password: 'short' });
    expect(weak.statusCode).toBe(400);
    expect(weak.json().error.code).toBe('password_too_weak');
    const bad = await as(t.app, s).post('/api/auth/password', { current_password: 'nope', new_password: 'a-much-better-passphrase' });
    expect(bad.statusCode).toBe(401);
    expect((await as(t.app, s).post('/api/auth/password', { current_password: u.password, new_password: 'a-much-better-passphrase' })).statusCode).toBe(204);
    expect((await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'a-much-better-passphrase' } })).statusCode).toBe(200);
  });

  it('lets a user with an initial password do nothing but change it', async () => {
    const u = await f.user({ roles: ['national_admin'], entidad: null });
    await t.database.db.updateTable('users').set({ must_change_password: true }).where('id', '=', u.id).execute();
    const s = await login(t.app, u.username);
    expect((await as(t.app, s).get('/api/auth/me')).json().user.must_change_password).toBe(true);
    const blocked = await as(t.app, s).get('/api/admin/users');
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.code).toBe('password_change_required');
    expect((await as(t.app, s).post('/api/auth/password', { current_password: u.password, new_password: 'una-frase-nueva-y-larga' })).statusCode).toBe(204);
    expect((await as(t.app, s).get('/api/admin/users')).statusCode).toBe(200);
  });

  it('authenticates state systems with an API key and rejects a revoked one', async () => {
    const admin = await f.user({ roles: ['state_admin'], entidad: '14' });
    const s = await login(t.app, admin.username);
    const inst = await f.institution('14', 'c5');
    const created = await as(t.app, s).post('/api/admin/api-keys', { name: 'C5 Jalisco CAD', institution_id: inst.id, roles: ['capturist'] });
    expect(created.statusCode).toBe(201);
    const { key, api_key } = created.json();
    expect(key).toMatch(/^srn_/);
    const stored = await t.database.db.selectFrom('api_keys').select(['key_hash']).where('id', '=', api_key.id).executeTakeFirstOrThrow();
    // The secret is everything after `srn_<prefix>_` (it may itself contain `_`, so it is not split on it).
    const secret = /^srn_[0-9a-f]{12}_(.+)$/.exec(key)![1];
    expect(secret.length).toBeGreaterThanOrEqual(20);
    expect(stored.key_hash).not.toContain(secret);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(me.statusCode).toBe(200);
    expect(me.json().user).toMatchObject({ roles: ['capturist'], capture_scope: 'institution' });
    expect((await as(t.app, s).post(`/api/admin/api-keys/${api_key.id}/revoke`)).statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('invalid_api_key');
  });

  it('rate-limits login attempts per address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < t.config.LOGIN_RATE_LIMIT_PER_MINUTE + 2; i++) {
      const r = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' }, remoteAddress: '192.0.2.77' });
      codes.push(r.statusCode);
    }
    expect(codes.at(-1)).toBe(429);
    const last = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'x', password: 'y' }, remoteAddress: '192.0.2.77', headers: { 'accept-language': 'en' } });
    expect(last.json().error).toMatchObject({ code: 'rate_limited' });
    expect(last.json().error.message).toMatch(/Too many requests/);
  });
});
