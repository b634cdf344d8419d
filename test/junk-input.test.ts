import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, factories, login, type Session, type TestApp } from './helper.js';

/**
 * Every route of the OpenAPI document, fed junk — in its path, in each query parameter, as its whole body and in each
 * body field — by a national administrator and by a state capturist: whatever the answer (400, 401, 403, 404, 409,
 * 413, 415), it is never a server error. A route added later is swept too, with no change here.
 */
const SKIP = new Set([
  'GET /api/alerts/stream', // server-sent events: the answer never ends
  'POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/password', // would end or change the sweeping session
  'POST /api/auth/totp/setup', 'POST /api/auth/totp/enable', 'POST /api/auth/totp/disable',
]);
const PATH_JUNK = ['x', '-1', '99999999999999999999', 'RND-14-2026-9999999', '%00', 'a'.repeat(600)];
const QUERY_JUNK = ['x', '-1', '1e309', '99999999999999999999', '2026-13-45', 'a'.repeat(3000), "' OR 1=1 --"];
const BODY_JUNK: unknown[] = [{}, [], 'x', null, 123, { a: 1 }, [{}], [null]];
const FIELD_JUNK: unknown[] = ['x', -1, 1e308, 99999999999999999999, '', 'a'.repeat(5000), [], {}, null, '2026-02-30T25:61:00Z', [{}]];

interface Operation { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown>; items?: { properties?: Record<string, unknown> } } }> } }

describe('junk input on every route', () => {
  let t: TestApp;
  const sessions: [string, Session][] = [];
  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    sessions.push(['national_admin', await login(t.app, (await f.user({ roles: ['national_admin'], entidad: null })).username)]);
    sessions.push(['capturist 14', await login(t.app, (await f.user({ roles: ['capturist'], entidad: '14' })).username)]);
  });
  afterAll(() => t.close());

  it('never answers a server error, whoever sends it', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
    const failures: string[] = [];
    let sent = 0;
    for (const [who, s] of sessions) {
      const headers = { cookie: s.cookie, 'x-csrf-token': s.csrf };
      const send = async (method: string, url: string, payload?: unknown) => {
        sent++;
        const res = await t.app.inject({ method: method as 'GET', url, headers: payload === undefined ? headers : { ...headers, 'content-type': 'application/json' }, payload: payload === undefined ? undefined : JSON.stringify(payload) });
        if (res.statusCode >= 500) failures.push(`${who}: ${method} ${url.slice(0, 120)} ${payload === undefined ? '' : JSON.stringify(payload).slice(0, 80)} → ${res.statusCode} ${res.body.slice(0, 160)}`);
      };
      for (const [path, ops] of Object.entries(spec.paths)) {
        for (const [m, op] of Object.entries(ops)) {
          const method = m.toUpperCase();
          if (SKIP.has(`${method} ${path}`)) continue;
          const urls = path.includes('{') ? PATH_JUNK.map((v) => path.replace(/\{[^}]+\}/g, encodeURIComponent(v))) : [path];
          for (const url of urls) {
            if (method === 'GET' || method === 'DELETE') {
              await send(method, url);
              for (const q of (op.parameters ?? []).filter((p) => p.in === 'query')) {
                for (const v of QUERY_JUNK) await send(method, `${url}?${encodeURIComponent(q.name)}=${encodeURIComponent(v)}`);
                await send(method, `${url}?${q.name}=1&${q.name}=2`);
              }
              continue;
            }
            for (const b of BODY_JUNK) await send(method, url, b);
            const schema = op.requestBody?.content?.['application/json']?.schema;
            const fields = schema?.properties ?? schema?.items?.properties ?? {};
            for (const f of Object.keys(fields)) for (const v of FIELD_JUNK) await send(method, url, schema?.items ? [{ [f]: v }] : { [f]: v });
          }
        }
      }
    }
    expect(sent).toBeGreaterThan(5000); // the sweep reached the routes, not an empty document
    expect(failures).toEqual([]);
  }, 300_000);
});
