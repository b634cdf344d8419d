/**
 * Diagnostic, not a benchmark figure: POST /api/detentions through app.inject on PostgreSQL, sequentially (ms per
 * request, node CPU, queries per request and time per statement) then CONC at a time, and the audit chain verified.
 * Run: N=300 CONC=20 npx tsx bench/detentions/_probe.ts
 */
import pg from 'pg';
const timings = new Map<string, { n: number; ms: number }>();
let nq = 0;
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, cfg: any, values?: any, cb?: any) {
  const text: string = typeof cfg === 'string' ? cfg : cfg?.text ?? '';
  const key = text.replace(/\s+/g, ' ').slice(0, 90);
  const t = performance.now(); nq++;
  const r = orig.call(this, cfg, values, cb);
  if (r && typeof r.then === 'function') r.then(() => { const e = timings.get(key) ?? { n: 0, ms: 0 }; e.n++; e.ms += performance.now() - t; timings.set(key, e); }, () => {});
  return r;
};
import { buildApp } from '../../src/core/app.js';
import { newApiKey } from '../../src/core/auth/tokens.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { MODULES } from '../../src/modules/index.js';
import { createBenchDatabase, syntheticBodies } from './common.js';
const bdb = await createBenchDatabase('bench_detentions_probe');
const database = await openDatabase({ databaseUrl: bdb.url, poolSize: 10 });
await migrate(database.pool);
for (const m of MODULES) if (m.seed) await m.seed(database);
const inst = await database.db.insertInto('institutions').values({ entidad: '14', type: 'c5', name: `C5 probe` }).returning('id').executeTakeFirstOrThrow();
const k = newApiKey();
await database.db.insertInto('api_keys').values({ name: 'bench', prefix: k.prefix, key_hash: k.hash, institution_id: inst.id, entidad: '14', roles: ['capturist', 'analyst'] }).execute();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SERENO_DEMO: '0', DATABASE_URL: bdb.url });
const app = await buildApp({ config, database, modules: MODULES, logger: false });
const body = syntheticBodies(42, { entidad: '14', now: new Date(), spreadDays: 2, idPrefix: `p-${Date.now()}` });
const N = Number(process.env.N ?? 300);
for (let i = 0; i < 50; i++) await app.inject({ method: 'POST', url: '/api/detentions', headers: { authorization: `Bearer ${k.key}` }, payload: body(i) });
timings.clear(); nq = 0;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const lat: number[] = [];
for (let i = 50; i < 50 + N; i++) {
  const t = performance.now();
  const r = await app.inject({ method: 'POST', url: '/api/detentions', headers: { authorization: `Bearer ${k.key}` }, payload: body(i) });
  if (r.statusCode !== 201) { console.log(r.statusCode, r.body); break; }
  lat.push(performance.now() - t);
}
const el = performance.now() - t0; const c = process.cpuUsage(cpu0);
lat.sort((a, b) => a - b);
console.log(`sequential: ${(el / N).toFixed(2)} ms/req, p50 ${lat[N >> 1].toFixed(2)}, node cpu ${((c.user + c.system) / 1000 / N).toFixed(2)} ms/req, queries/req ${(nq / N).toFixed(1)}`);
console.log([...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20).map(([k, v]) => `${(v.ms / N).toFixed(2)} ms/req x${(v.n / N).toFixed(1)}  ${k}`).join('\n'));
// concurrent
if (process.env.CONC) {
  const C = Number(process.env.CONC); let next = 50 + N; const end = next + 1000; const t1 = performance.now();
  await Promise.all(Array.from({ length: C }, async () => { while (next < end) { const i = next++; await app.inject({ method: 'POST', url: '/api/detentions', headers: { authorization: `Bearer ${k.key}` }, payload: body(i) }); } }));
  console.log(`concurrency ${C}: ${(1000 / ((performance.now() - t1) / 1000)).toFixed(0)} req/s`);
}
const { verifyAuditChain } = await import('../../src/core/audit.js');
console.log('audit chain', JSON.stringify(await verifyAuditChain(database.db)));
const c2 = await database.db.selectFrom('outbox' as any).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst();
const c3 = await database.db.selectFrom('detentions' as any).select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst();
console.log('outbox', c2, 'detentions', c3);
await app.close(); await database.close(); await bdb.drop();
