import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationBody } from '../src/modules/detentions/detentions.factories.js';
import type { DetentionTables } from '../src/modules/detentions/detentions.schema.js';
import { as, createTestApp, factories, login, type Session, type TestApp } from './helper.js';

/**
 * The access matrix: every route needs a session unless it is on the public list, and for every endpoint
 * that reads or writes territorial data, a user of entidad A gets 404 for entidad B's record.
 * A module that adds territorial endpoints adds its rows to TERRITORIAL below.
 */
const PUBLIC = new Set(['GET /api/health', 'GET /api/ready', 'GET /api/meta', 'POST /api/auth/login', 'GET /api/public/detenciones']);

interface World { t: TestApp; b: { institutionId: number; userId: number; apiKeyId: number; folio: string; importId: number; webhookId: number; vehicleReportId: number } }
interface Row { name: string; method: 'GET' | 'POST' | 'PATCH'; url: (w: World) => string; body?: unknown; role: 'state_admin' | 'auditor' | 'capturist' | 'analyst' }

const TERRITORIAL: Row[] = [
  { name: 'read a user', method: 'GET', url: (w) => `/api/admin/users/${w.b.userId}`, role: 'state_admin' },
  { name: 'update a user', method: 'PATCH', url: (w) => `/api/admin/users/${w.b.userId}`, body: { display_name: 'Otro nombre' }, role: 'state_admin' },
  { name: 'reset a password', method: 'POST', url: (w) => `/api/admin/users/${w.b.userId}/reset-password`, role: 'state_admin' },
  { name: 'unlock a user', method: 'POST', url: (w) => `/api/admin/users/${w.b.userId}/unlock`, role: 'state_admin' },
  { name: 'update an institution', method: 'PATCH', url: (w) => `/api/admin/institutions/${w.b.institutionId}`, body: { name: 'Nuevo nombre' }, role: 'state_admin' },
  { name: 'revoke an API key', method: 'POST', url: (w) => `/api/admin/api-keys/${w.b.apiKeyId}/revoke`, role: 'state_admin' },
  { name: 'read a detention', method: 'GET', url: (w) => `/api/detentions/${w.b.folio}`, role: 'capturist' },
  { name: 'read a detention timeline', method: 'GET', url: (w) => `/api/detentions/${w.b.folio}/timeline`, role: 'capturist' },
  { name: 'read a detention\'s versions', method: 'GET', url: (w) => `/api/detentions/${w.b.folio}/versions`, role: 'capturist' },
  { name: 'correct a detention', method: 'PATCH', url: (w) => `/api/detentions/${w.b.folio}`, body: { motivo_cambio: 'corrección', motivo: 'Otro motivo de detención' }, role: 'capturist' },
  { name: 'add a custody event', method: 'POST', url: (w) => `/api/detentions/${w.b.folio}/events`, body: { tipo: 'revision_medica', ocurrido_at: '2026-11-23T11:55:00-06:00', estado_fisico: 'Sin lesiones', lesiones: false }, role: 'capturist' },
  { name: 'read a detention import', method: 'GET', url: (w) => `/api/detentions/imports/${w.b.importId}`, role: 'capturist' },
  { name: 'export a monthly detention report', method: 'GET', url: () => '/api/detentions/reports/monthly?entidad=09&month=2026-10&format=csv', role: 'analyst' },
  // Watchlists and alerts: the world holds no 09 target, so these only show that ids outside the territory answer 404;
  // src/modules/watchlists/watchlists.test.ts checks a real 14 target against a 09 user.
  { name: 'read a priority target', method: 'GET', url: () => '/api/targets/1', role: 'analyst' },
  { name: 'read a priority target\'s versions', method: 'GET', url: () => '/api/targets/1/versions', role: 'analyst' },
  { name: 'read an alert', method: 'GET', url: () => '/api/alerts/1', role: 'analyst' },
  { name: 'read a webhook subscription', method: 'GET', url: (w) => `/api/webhooks/${w.b.webhookId}`, role: 'state_admin' },
  { name: 'change a webhook subscription', method: 'PATCH', url: (w) => `/api/webhooks/${w.b.webhookId}`, body: { active: false }, role: 'state_admin' },
  { name: 'rotate a webhook secret', method: 'POST', url: (w) => `/api/webhooks/${w.b.webhookId}/rotate-secret`, role: 'state_admin' },
  { name: 'read a webhook delivery log', method: 'GET', url: (w) => `/api/webhooks/${w.b.webhookId}/deliveries`, role: 'state_admin' },
  { name: 'read a vehicle theft report', method: 'GET', url: (w) => `/api/vehicles/reports/${w.b.vehicleReportId}`, role: 'capturist' },
  { name: 'read a vehicle report timeline', method: 'GET', url: (w) => `/api/vehicles/reports/${w.b.vehicleReportId}/timeline`, role: 'analyst' },
  { name: 'recover a stolen vehicle', method: 'POST', url: (w) => `/api/vehicles/reports/${w.b.vehicleReportId}/recover`, body: { recovered_at: '2026-11-23T11:55:00-06:00', condition: 'intacto' }, role: 'capturist' },
  { name: 'cancel a vehicle theft report', method: 'POST', url: (w) => `/api/vehicles/reports/${w.b.vehicleReportId}/cancel`, body: { reason: 'captura duplicada' }, role: 'capturist' },
  { name: 'read a vehicle alert\'s route', method: 'GET', url: () => '/api/vehicles/alerts/1/reads', role: 'analyst' },
];

describe('access matrix', () => {
  let t: TestApp;
  let w: World;
  const sessions: Partial<Record<Row['role'] | 'capturist', Session>> = {};

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    const instB = await f.institution('09', 'c5');
    const userB = await f.user({ roles: ['capturist'], entidad: '09', institutionId: instB.id });
    const key = await t.database.db.insertInto('api_keys').values({ name: 'k', prefix: 'abcdefabcdef', key_hash: 'x', institution_id: instB.id, entidad: '09', roles: ['capturist'] }).returning('id').executeTakeFirstOrThrow();
    const sessionB = await login(t.app, userB.username);
    const detB = await as(t.app, sessionB).post('/api/detentions', registrationBody(new Date('2026-11-23T11:30:00-06:00'), { lugar: { entidad: '09', municipio: null }, offence_codes: [] }));
    const importB = await t.database.db.withTables<DetentionTables>()
      .insertInto('detention_imports').values({ entidad: '09', actor: '{}', source: 's', file_name: 'f.csv', format: 'csv', status: 'completed', errors: '[]', started_at: new Date(), updated_at: new Date() }).returning('id').executeTakeFirstOrThrow();
    const adminB = await login(t.app, (await f.user({ roles: ['state_admin'], entidad: '09', institutionId: instB.id })).username);
    const hookB = await as(t.app, adminB).post('/api/webhooks', { url: 'https://c5.cdmx.example/sereno' });
    const vehB = await as(t.app, sessionB).post('/api/vehicles/reports', { external_id: 'matrix-1', plate: 'ABC1234', make: 'Nissan', with_violence: false, stolen_at: '2026-11-23T10:00:00-06:00' });
    w = { t, b: { institutionId: instB.id, userId: userB.id, apiKeyId: key.id, folio: detB.json().folio, importId: importB.id, webhookId: hookB.json().id, vehicleReportId: vehB.json().id } };
    for (const role of ['state_admin', 'auditor', 'capturist', 'analyst'] as const) {
      const u = await f.user({ roles: [role], entidad: '14' });
      sessions[role] = await login(t.app, u.username);
    }
  });
  afterAll(() => t.close());

  it('answers 401 without a session on every non-public route', async () => {
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    const checked: string[] = [];
    for (const [p, methods] of Object.entries(paths)) {
      for (const m of Object.keys(methods)) {
        const key = `${m.toUpperCase()} ${p}`;
        if (PUBLIC.has(key) || p.startsWith('/api/docs')) continue;
        const url = p.replace(/\{[^}]+\}/g, '1');
        const res = await t.app.inject({ method: m.toUpperCase() as 'GET', url, payload: m === 'get' ? undefined : {} });
        expect(res.statusCode, key).toBe(401);
        expect(res.json().error.code, key).toBe('unauthenticated');
        checked.push(key);
      }
    }
    expect(checked.length).toBeGreaterThan(15);
  });

  for (const row of TERRITORIAL) {
    it(`a user of entidad 14 gets 404 trying to ${row.name} of entidad 09`, async () => {
      const res = await as(t.app, sessions[row.role]!)[row.method === 'GET' ? 'get' : row.method === 'POST' ? 'post' : 'patch'](row.url(w), row.body as never);
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toMatch(/not_found$/);
    });
  }

  it('lists only the actor\'s own entidad', async () => {
    const users = await as(t.app, sessions.state_admin!).get('/api/admin/users?page_size=500');
    expect(users.statusCode).toBe(200);
    expect(users.json().items.every((u: { entidad: string }) => u.entidad === '14')).toBe(true);
    const insts = await as(t.app, sessions.state_admin!).get('/api/admin/institutions?page_size=500');
    expect(insts.json().items.every((i: { entidad: string }) => i.entidad === '14')).toBe(true);
    const filteredToB = await as(t.app, sessions.state_admin!).get('/api/admin/users?entidad=09');
    expect(filteredToB.json()).toMatchObject({ items: [], total: 0 });
    const keys = await as(t.app, sessions.state_admin!).get('/api/admin/api-keys');
    expect(keys.json().items).toEqual([]);
  });

  it('does not let a state administrator create users in another entidad or grant national roles', async () => {
    const f = factories(t.database);
    const instB = await f.institution('09');
    const other = await as(t.app, sessions.state_admin!).post('/api/admin/users', { username: 'nuevo.b', display_name: 'Nuevo B', institution_id: instB.id, roles: ['capturist'], capture_scope: 'entidad', view_scope: 'entidad' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.issues[0].path).toBe('institution_id');
    const instA = await f.institution('14');
    const national = await as(t.app, sessions.state_admin!).post('/api/admin/users', { username: 'nuevo.a', display_name: 'Nuevo A', institution_id: instA.id, roles: ['national_admin'], capture_scope: 'entidad', view_scope: 'entidad' });
    expect(national.statusCode).toBe(403);
    const wide = await as(t.app, sessions.state_admin!).post('/api/admin/users', { username: 'nuevo.c', display_name: 'Nuevo C', institution_id: instA.id, roles: ['analyst'], capture_scope: 'entidad', view_scope: 'national' });
    expect(wide.statusCode).toBe(403);
    expect(wide.json().error.code).toBe('scope_exceeds_own');
    const ok = await as(t.app, sessions.state_admin!).post('/api/admin/users', { username: 'nuevo.d', display_name: 'Nuevo D', institution_id: instA.id, roles: ['analyst'], capture_scope: 'entidad', view_scope: 'entidad' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().initial_password).toMatch(/^\w{5}-\w{5}-\w{5}-\w{5}$/);
    expect(ok.json().user.entidad).toBe('14');
  });

  it('a capturist cannot manage users, institutions or keys (403), nor read the audit log', async () => {
    const s = sessions.capturist!;
    for (const res of [
      await as(t.app, s).get('/api/admin/users'),
      await as(t.app, s).post('/api/admin/users', { username: 'x.y', display_name: 'X Y', institution_id: 1, roles: ['capturist'], capture_scope: 'entidad', view_scope: 'entidad' }),
      await as(t.app, s).get('/api/admin/institutions'),
      await as(t.app, s).get('/api/admin/api-keys'),
      await as(t.app, s).get('/api/audit'),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('a state auditor sees only the audit rows of their entidad', async () => {
    const res = await as(t.app, sessions.auditor!).get('/api/audit?page_size=500');
    expect(res.statusCode).toBe(200);
    const rows = res.json().items as { entidad: string | null }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.entidad === '14')).toBe(true);
  });
});
