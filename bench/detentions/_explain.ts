/**
 * Diagnostic: EXPLAIN (ANALYZE, BUFFERS) of the single registration statement, captured from a real request and
 * re-run with a fresh key inside a rolled-back transaction. Run: npx tsx bench/detentions/_explain.ts
 */
import pg from 'pg';
let captured: { text: string; values: unknown[] } | null = null;
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, cfg: any, values?: any, cb?: any) {
  const text: string = typeof cfg === 'string' ? cfg : cfg?.text ?? '';
  if (text.includes('d AS (') && text.includes('audit_append')) captured = { text, values: cfg?.values ?? values };
  return orig.call(this, cfg, values, cb);
};
import { buildApp } from '../../src/core/app.js';
import { newApiKey } from '../../src/core/auth/tokens.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { MODULES } from '../../src/modules/index.js';
import { createBenchDatabase, syntheticBodies } from './common.js';
const bdb = await createBenchDatabase('bench_detentions_explain');
const database = await openDatabase({ databaseUrl: bdb.url, poolSize: 10 });
await migrate(database.pool);
for (const m of MODULES) if (m.seed) await m.seed(database);
const inst = await database.db.insertInto('institutions').values({ entidad: '14', type: 'c5', name: `C5 probe` }).returning('id').executeTakeFirstOrThrow();
const k = newApiKey();
await database.db.insertInto('api_keys').values({ name: 'bench', prefix: k.prefix, key_hash: k.hash, institution_id: inst.id, entidad: '14', roles: ['capturist', 'analyst'] }).execute();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SERENO_DEMO: '0', DATABASE_URL: bdb.url });
const app = await buildApp({ config, database, modules: MODULES, logger: false });
const body = syntheticBodies(42, { entidad: '14', now: new Date(), spreadDays: 2, idPrefix: `p-${Date.now()}` });
for (let i = 0; i < 500; i++) await app.inject({ method: 'POST', url: '/api/detentions', headers: { authorization: `Bearer ${k.key}` }, payload: body(i) });
const c = await database.pool.connect();
for (let j = 0; j < 3; j++) {
  await app.inject({ method: 'POST', url: '/api/detentions', headers: { authorization: `Bearer ${k.key}` }, payload: body(1000 + j) });
  const q = captured!;
  await c.query('BEGIN');
  // a fresh key so the insert happens
  const vals = q.values.map((v) => (typeof v === 'string' && v.includes('\u001f') ? v.replace(/p-\d+-\d+/, `zz-${j}`).replace(/RND-14-(\d{4})-\d+/, 'RND-14-$1-9999999').replace(/^14\u001f\d+/, '14\u001f\u001d') : v));
  const r = await c.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${q.text}`, vals);
  await c.query('ROLLBACK');
  if (j === 2) console.log(r.rows.map((x: any) => x['QUERY PLAN']).join('\n'));
}
c.release();
await app.close(); await database.close(); await bdb.drop();
