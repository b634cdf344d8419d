/**
 * The benchmark server: the real application (all modules, audit and outbox on; the outbox dispatcher and the module
 * workers running in the same process as in production, unless BENCH_DISPATCHER=0) on 127.0.0.1, over PostgreSQL
 * (BENCH_DATABASE_URL) or in-memory PGlite, with one C5 institution of Jalisco and its API key. Reports
 * { port, authorization, institutionId } to the parent over IPC. Not a CLI: started by bench/detentions/common.ts.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { buildApp } from '../../src/core/app.js';
import { newApiKey } from '../../src/core/auth/tokens.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { dispatcherFor } from '../../src/server.js';
import { MODULES } from '../../src/modules/index.js';

import pg from 'pg';
// BENCH_COUNT_QUERIES=1: counts the statements the server sends, by their first words, and prints them on exit.
const counts = new Map<string, number>();
if (process.env.BENCH_COUNT_QUERIES) {
  const orig = pg.Client.prototype.query as (...a: unknown[]) => unknown;
  (pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown }).query = function (this: unknown, cfg: unknown, ...rest: unknown[]) {
    const text = typeof cfg === 'string' ? cfg : (cfg as { text?: string })?.text ?? '';
    const key = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    return orig.call(this, cfg, ...rest);
  };
}
const url = process.env.BENCH_DATABASE_URL || undefined;
const database = await openDatabase(url ? { databaseUrl: url, poolSize: Number(process.env.BENCH_POOL ?? 10) } : { dataDir: 'memory://' });
await migrate(database.pool);
for (const m of MODULES) if (m.seed) await m.seed(database);
const inst = await database.db.insertInto('institutions').values({ entidad: '14', type: 'c5', name: `C5 Jalisco (bench ${Date.now()})` }).returning('id').executeTakeFirstOrThrow();
const k = newApiKey();
await database.db.insertInto('api_keys').values({ name: 'bench', prefix: k.prefix, key_hash: k.hash, institution_id: inst.id, entidad: '14', roles: ['capturist', 'analyst'] }).execute();
const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', SERENO_DEMO: '0', DATABASE_URL: url ?? '' });
// The dispatcher npm start builds (src/server.ts), unless this benchmark runs without it or beside a worker.
const dispatcher = process.env.BENCH_DISPATCHER === '0' || !config.OUTBOX_DISPATCHER ? undefined : dispatcherFor(database, config);
const app = await buildApp({ config, database, dispatcher, modules: MODULES, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
await dispatcher?.start();
const workers = dispatcher ? MODULES.flatMap((m) => m.workers?.(database) ?? []) : [];
for (const w of workers) await w.start();
const address = app.server.address();
// How long timers waited on the event loop (reset and read by the parent around a measured stretch).
const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
process.on('message', (m: { cpu?: boolean; loopDelay?: 'reset' | 'read' }) => {
  if (m?.cpu) { const u = process.cpuUsage(); process.send!({ cpuMs: (u.user + u.system) / 1000 }); }
  if (m?.loopDelay === 'reset') loopDelay.reset();
  if (m?.loopDelay === 'read') {
    const ms = (ns: number) => Math.round(ns / 1e5) / 10;
    process.send!({ loopDelay: { p50_ms: ms(loopDelay.percentile(50)), p99_ms: ms(loopDelay.percentile(99)), max_ms: ms(loopDelay.max) } });
  }
});
process.send!({ port: typeof address === 'object' && address ? address.port : 0, authorization: `Bearer ${k.key}`, institutionId: Number(inst.id) });
const stop = async () => {
  if (counts.size) console.error([...counts].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, n]) => `${String(n).padStart(7)}  ${k}`).join('\n'));
  await app.close();
  for (const w of workers) await w.stop();
  await dispatcher?.stop();
  await database.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
