/**
 * Person match latency over a large entity index: `matchPersons` (the service behind POST /api/match/persons: candidate
 * retrieval on the index + scoring in TypeScript + the audit row) against a plain pg_trgm `similarity` query over the
 * same table, same queries, same run. PostgreSQL with --rows mentions (default 1,000,000) in database
 * sereno_bench_match (created and dropped), then PGlite in memory with --pglite-rows (default 100,000).
 *
 *   npx tsx bench/match/latency.ts [--rows 1000000] [--pglite-rows 100000] [--queries 300] [--only postgresql|pglite]
 */
import { sql } from 'kysely';
import { makeActor } from '../../src/core/access.js';
import { personKeys, type PersonInput } from '../../src/matching/index.js';
import { mulberry32 } from '../../src/core/random.js';
import { matchPersons } from '../../src/modules/entities/index.js';
import { loadAverage, loadMentions, MACHINE, openBenchDatabase, percentile, personGenerator, r1, variantOf } from './common.js';
import fs from 'node:fs';
import path from 'node:path';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(name); return i >= 0 ? process.argv[i + 1] : dflt; };
const ROWS = Number(arg('--rows', '1000000'));
const PGLITE_ROWS = Number(arg('--pglite-rows', '100000'));
const QUERIES = Number(arg('--queries', '300'));
const ONLY = arg('--only', '');
const log = (s: string) => process.stderr.write(`${s}\n`);

const actor = makeActor({ type: 'system', id: null, name: 'bench', roles: ['analyst'], institutionId: null, entidad: null, captureScope: 'national', viewScope: 'national' });

async function run(backend: 'postgresql' | 'pglite', rows: number) {
  log(`${backend}: ${rows} mentions`);
  const { database, drop } = await openBenchDatabase(backend, 'sereno_bench_match');
  try {
    const sample = await loadMentions(database, rows, 424242, log);
    const rnd = mulberry32(7);
    const fresh = personGenerator(99);
    // Two thirds: variants of stored persons (found); one third: persons not in the index (mostly near-misses of common names).
    const queries: PersonInput[] = Array.from({ length: QUERIES }, (_, i) => (i % 3 === 2 ? fresh() : variantOf(sample[Math.floor(rnd() * sample.length)], rnd)));
    const ctx = { db: database.db, actor, now: () => new Date() };
    for (const q of queries.slice(0, 20)) await matchPersons(ctx, { persona: q as never, motivo: 'benchmark warm-up', limit: 20, solo_coincidencias: false });
    const sereno: number[] = [];
    let found = 0;
    let variantsFound = 0;
    let candidates = 0;
    for (const [i, q] of queries.entries()) {
      const t0 = performance.now();
      const res = await matchPersons(ctx, { persona: q as never, motivo: 'benchmark de latencia', limit: 20, solo_coincidencias: false });
      sereno.push(performance.now() - t0);
      candidates += res.candidates;
      if (res.items.some((h) => h.match)) found++;
      if (i % 3 !== 2 && res.items.some((h) => h.match)) variantsFound++;
    }
    // Baseline: what a plain trigram search does over the same table (same normalisation of the query name).
    const trgm: number[] = [];
    for (const q of queries.slice(0, 20)) await sql`SELECT 1 FROM person_mentions WHERE full_name % ${personKeys(q).fullName} LIMIT 1`.execute(database.db);
    for (const q of queries) {
      const name = personKeys(q).fullName;
      const t0 = performance.now();
      await sql`SELECT entidad, registry, record_id, persona, similarity(full_name, ${name}) AS s FROM person_mentions
        WHERE full_name % ${name} ORDER BY s DESC LIMIT 20`.execute(database.db);
      trgm.push(performance.now() - t0);
    }
    const out = {
      backend, mentions: rows, queries: QUERIES,
      sereno: { p50_ms: r1(percentile(sereno, 50)), p95_ms: r1(percentile(sereno, 95)), p99_ms: r1(percentile(sereno, 99)), max_ms: r1(Math.max(...sereno)), mean_candidates: Math.round(candidates / QUERIES), queries_with_a_match: found, variant_queries: queries.filter((_, i) => i % 3 !== 2).length, variant_queries_matched: variantsFound },
      pg_trgm: { p50_ms: r1(percentile(trgm, 50)), p95_ms: r1(percentile(trgm, 95)), p99_ms: r1(percentile(trgm, 99)), max_ms: r1(Math.max(...trgm)) },
      load_average: loadAverage(),
    };
    log(JSON.stringify(out));
    return out;
  } finally {
    await drop();
  }
}

const file = path.resolve(import.meta.dirname, '../results/match-latency.json');
// A run of one backend (--only) keeps the other backend's last figures, with their own command and date.
type Run = Awaited<ReturnType<typeof run>> & { command?: string; date?: string };
const previous = (fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).runs : {}) as Record<string, Run>;
const runs: Record<string, Run> = { ...previous };
const stamp = { command: `npx tsx bench/match/latency.ts ${process.argv.slice(2).join(' ')}`.trim(), date: new Date().toISOString() };
if (ONLY !== 'pglite') runs.postgresql = { ...(await run('postgresql', ROWS)), ...stamp };
if (ONLY !== 'postgresql') runs.pglite = { ...(await run('pglite', PGLITE_ROWS)), ...stamp };
const main = runs.postgresql ?? runs.pglite;
fs.writeFileSync(file, `${JSON.stringify({
  figure: `matchPersons p95 latency (index retrieval + scoring + audit), ${main.mentions.toLocaleString('en')} mentions, ${main.backend}`,
  value: main.sereno.p95_ms, unit: 'ms',
  baseline: main.pg_trgm.p95_ms, baseline_figure: 'plain pg_trgm similarity query (full_name % q ORDER BY similarity LIMIT 20), same table and queries, p95',
  ratio: Math.round((main.sereno.p95_ms / main.pg_trgm.p95_ms) * 100) / 100,
  goals: { postgresql_p95_ms: 50, pglite_p95_ms: 200 },
  runs,
  command: main.command ?? stamp.command,
  date: new Date().toISOString(), machine: MACHINE,
}, null, 2)}\n`);
log(`wrote ${file}`);
