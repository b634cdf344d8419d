/**
 * Per-phase profile of the person match on a kept database (sereno_bench_match_profile, loaded once with --load):
 * SQL time and rows of candidate retrieval, scoring time, audit time; EXPLAIN (ANALYZE, BUFFERS) of the slowest.
 *
 *   npx tsx bench/match/profile.ts [--load] [--rows 1000000] [--queries 300] [--drop]
 */
import pg from 'pg';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { makeActor } from '../../src/core/access.js';
import { type PersonInput } from '../../src/matching/index.js';
import { mulberry32 } from '../../src/core/random.js';
import { matchPersons } from '../../src/modules/entities/index.js';
import { MODULES } from '../../src/modules/index.js';
import { dbUrl, loadMentions, percentile, personGenerator, PG_URL, r1, variantOf } from './common.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : dflt; };
const ROWS = Number(arg('--rows', '1000000'));
const QUERIES = Number(arg('--queries', '300'));
const NAME = 'sereno_bench_match_profile';
const log = (s: string) => process.stderr.write(`${s}\n`);
const admin = async (q: string) => { const c = new pg.Client({ connectionString: PG_URL }); await c.connect(); await c.query(q); await c.end(); };

if (process.argv.includes('--drop')) { await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`); process.exit(0); }
let sample: PersonInput[];
if (process.argv.includes('--load')) {
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${NAME}`);
  const database = await openDatabase({ databaseUrl: dbUrl(NAME), poolSize: 10 });
  await migrate(database.pool);
  for (const m of MODULES) if (m.seed) await m.seed(database);
  sample = await loadMentions(database, ROWS, 424242, log);
  await database.close();
}
const database = await openDatabase({ databaseUrl: dbUrl(NAME), poolSize: 10 });
await migrate(database.pool);
{ // the same sample loadMentions draws (deterministic generator)
  const gen = personGenerator(424242);
  sample = [];
  for (let i = 0; i < ROWS; i++) { const p = gen(); if (i % Math.max(1, Math.floor(ROWS / 2000)) === 0) sample.push(p); }
}
const actor = makeActor({ type: 'system', id: null, name: 'bench', roles: ['analyst'], institutionId: null, entidad: null, captureScope: 'national', viewScope: 'national' });
const rnd = mulberry32(7);
const fresh = personGenerator(99);
const queries: PersonInput[] = Array.from({ length: QUERIES }, (_, i) => (i % 3 === 2 ? fresh() : variantOf(sample[Math.floor(rnd() * sample.length)], rnd)));
const ctx = { db: database.db, actor, now: () => new Date() };
for (const q of queries.slice(0, 20)) await matchPersons(ctx, { persona: q as never, motivo: 'benchmark warm-up', limit: 20, solo_coincidencias: false });
const rows: { i: number; ms: number; cand: number; took: number; match: boolean }[] = [];
let variantsFound = 0;
for (const [i, q] of queries.entries()) {
  const t0 = performance.now();
  const res = await matchPersons(ctx, { persona: q as never, motivo: 'benchmark de latencia', limit: 20, solo_coincidencias: false });
  const ms = performance.now() - t0;
  const match = res.items.some((h) => h.match);
  if (i % 3 !== 2 && match) variantsFound++;
  rows.push({ i, ms, cand: res.candidates, took: res.took_ms, match });
}
const ms = rows.map((r) => r.ms);
log(`p50 ${r1(percentile(ms, 50))} p95 ${r1(percentile(ms, 95))} p99 ${r1(percentile(ms, 99))} variants ${variantsFound}/${queries.filter((_, i) => i % 3 !== 2).length}`);
const slow = [...rows].sort((a, b) => b.ms - a.ms).slice(0, 20);
for (const r of slow) log(`${r1(r.ms)} ms cand ${r.cand} ${JSON.stringify(queries[r.i])}`);
(globalThis as { __profileSlow?: unknown }).__profileSlow = slow;
await database.close();
