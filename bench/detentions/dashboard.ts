/**
 * Dashboard aggregation over 5M detentions on PostgreSQL: GET /api/detentions/stats (the same service function the
 * monthly report renders) for (a) twelve months by month, nationally — every row of the table; (b) one month,
 * nationally, by day; (c) one entidad's month (the monthly report's numbers). Data: 5M synthetic rows over 13 months
 * in 32 entidades, generated in SQL in its own database (dropped after); secondary indexes built after the load and
 * the table vacuumed, as a production table would be. Timings: median of RUNS after one warm-up, through app.inject.
 * Run: npx tsx bench/detentions/dashboard.ts   (ROWS=5000000 RUNS=5; KEEP=1 keeps the database, REUSE=1 times a kept one again)
 */
import { sql } from 'kysely';
import { buildApp } from '../../src/core/app.js';
import { newApiKey } from '../../src/core/auth/tokens.js';
import { loadConfig } from '../../src/core/config.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { MODULES } from '../../src/modules/index.js';
import { ensureRollup } from '../../src/modules/detentions/detentions.rollup.js';
import { DETENTION_RULES } from '../../src/modules/detentions/detentions.rules.js';
import fs from 'node:fs';
import path from 'node:path';
import { createBenchDatabase, dbUrl, percentile, ROOT, writeResult } from './common.js';

const ROWS = Number(process.env.ROWS ?? 5_000_000);
const RUNS = Number(process.env.RUNS ?? 5);
const CHUNK = 500_000;
const NOW = new Date('2026-11-23T18:00:00Z');

const REUSE = !!process.env.REUSE;
const bench = REUSE ? { url: dbUrl('bench_detentions_dash'), drop: async () => {} } : await createBenchDatabase('bench_detentions_dash');
const database = await openDatabase({ databaseUrl: bench.url, poolSize: 4 });
let setup: Record<string, number> = {};
let k = newApiKey();
try {
  if (REUSE) {
    const prev = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/results/detentions-dashboard-month.json'), 'utf8'));
    setup = Object.fromEntries(Object.entries(prev.setup ?? {}).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    k = newApiKey();
    const nat = await database.db.selectFrom('institutions').select('id').where('type', '=', 'sesnsp').executeTakeFirstOrThrow();
    await database.db.insertInto('api_keys').values({ name: 'bench-analyst', prefix: k.prefix, key_hash: k.hash, institution_id: nat.id, entidad: null, roles: ['analyst'] }).execute();
  } else {
  await migrate(database.pool);
  for (const m of MODULES) if (m.seed) await m.seed(database);
  const db = database.db;
  const t0 = performance.now();
  // Three detaining institutions per entidad, and a national one holding the analyst's API key.
  await sql`INSERT INTO institutions (entidad, type, name) SELECT e.code, 'security_secretariat', 'Institución ' || e.code || '-' || g FROM entidades e, generate_series(1, 3) g`.execute(db);
  const nat = await db.insertInto('institutions').values({ entidad: null, type: 'sesnsp', name: 'SESNSP (bench)' }).returning('id').executeTakeFirstOrThrow();
  k = newApiKey();
  await db.insertInto('api_keys').values({ name: 'bench-analyst', prefix: k.prefix, key_hash: k.hash, institution_id: nat.id, entidad: null, roles: ['analyst'] }).execute();

  // Load without the secondary indexes, then build them (as a bulk load would).
  await sql`DROP INDEX detentions_stats_idx, detentions_list_idx, detentions_nombre_idx, detentions_curp_idx, detentions_running_idx, detentions_mp_running_idx`.execute(db);
  const load = performance.now();
  for (let start = 0; start < ROWS; start += CHUNK) {
    const n = Math.min(CHUNK, ROWS - start);
    await db.connection().execute(async (c) => {
      await sql`SET synchronous_commit = off`.execute(c);
      await sql`
        WITH ent AS (SELECT array_agg(code ORDER BY code) AS codes FROM entidades),
        off AS (SELECT array_agg(code ORDER BY code) FILTER (WHERE kind = 'falta') AS faltas, array_agg(code ORDER BY code) FILTER (WHERE kind = 'delito') AS delitos FROM offences),
        inst AS (SELECT entidad, array_agg(id ORDER BY id) AS ids FROM institutions WHERE entidad IS NOT NULL GROUP BY entidad),
        g AS MATERIALIZED (
          SELECT s AS i,
                 -- entidades unevenly weighted (a skewed variate over the codes, shuffled by a fixed permutation)
                 ent.codes[1 + ((floor(power(random(), 1.6) * 32)::int * 7 + 3) % 32)] AS entidad,
                 timestamptz '2025-10-24 06:00:00+00' + random() * interval '395 days' AS det,
                 random() < 0.6 AS falta, random() AS r1, random() AS r2, random() AS r3, random() AS r4
          FROM generate_series(${start + 1}::int, ${start + n}::int) s CROSS JOIN ent
        )
        INSERT INTO detentions (entidad, folio, source, external_id, version_at, version_by, nombre, apellido_paterno, apellido_materno, sexo, edad,
          municipio, fecha_hora_detencion, fecha_detencion, tipo, supuesto, offence_codes, institution_id, registered_at, received_at, registro_lag_min,
          registered_by, situacion, ubicacion_actual, puesta_at, mp_at, juez_control_at, libertad_at, extended_retention, events_count, data)
        SELECT g.entidad, 'RND-' || g.entidad || '-' || extract(year FROM g.det)::int || '-' || lpad(g.i::text, 7, '0'), 'bench', 'B-' || g.i,
          g.det + lag.m * interval '1 minute', '{"type":"system","name":"bench"}',
          (ARRAY['JOSE','JUAN','MARIA','LUIS','CARLOS','ANA','JORGE','VERONICA'])[1 + (g.i % 8)], (ARRAY['HERNANDEZ','GARCIA','MARTINEZ','LOPEZ','PEREZ','SANCHEZ'])[1 + (g.i % 6)],
          (ARRAY['RAMIREZ','CRUZ','FLORES','GOMEZ','DIAZ'])[1 + (g.i % 5)], CASE WHEN g.r1 < 0.86 THEN 'H' ELSE 'M' END, 18 + (g.i % 45),
          lpad((1 + floor(g.r2 * 60))::int::text, 3, '0'), g.det, (g.det AT TIME ZONE 'America/Mexico_City')::date,
          CASE WHEN g.falta THEN 'falta_administrativa' ELSE 'hecho_probablemente_delictivo' END,
          CASE WHEN g.falta THEN 'arresto_administrativo' WHEN g.r3 < 0.8 THEN 'flagrancia' ELSE 'orden_de_aprehension' END,
          ARRAY[CASE WHEN g.falta THEN off.faltas[1 + (g.i % array_length(off.faltas, 1))] ELSE off.delitos[1 + (g.i % array_length(off.delitos, 1))] END],
          inst.ids[1 + (g.i % 3)], g.det + lag.m * interval '1 minute', g.det + lag.m * interval '1 minute', lag.m, '{"type":"system","name":"bench"}',
          -- Custody chains mostly complete: 97 % of faltas released; delitos handed to the MP (95 %), then to a judge (60 %) or
          -- released (30 %). What stays open keeps a legal clock running (the live part of the flags).
          CASE WHEN (g.falta AND g.r4 < 0.97) OR (NOT g.falta AND g.r1 >= 0.6 AND g.r1 < 0.9) THEN 'en_libertad' ELSE 'a_disposicion_ministerio_publico' END,
          CASE WHEN (g.falta AND g.r4 < 0.97) OR (NOT g.falta AND g.r1 >= 0.6 AND g.r1 < 0.9) THEN NULL ELSE 'Agencia del MP' END,
          CASE WHEN g.falta OR g.r2 < 0.95 THEN g.det + (0.3 + g.r3 * (CASE WHEN g.r2 < 0.05 THEN 10 ELSE 4 END)) * interval '1 hour' END,
          CASE WHEN NOT g.falta AND g.r2 < 0.95 THEN g.det + (0.5 + g.r3 * 4) * interval '1 hour' END,
          CASE WHEN NOT g.falta AND g.r2 < 0.95 AND g.r1 < 0.6 THEN g.det + (12 + g.r4 * 40) * interval '1 hour' END,
          CASE WHEN g.falta AND g.r4 < 0.97 THEN g.det + (2 + g.r1 * 34) * interval '1 hour'
               WHEN NOT g.falta AND g.r1 >= 0.6 AND g.r1 < 0.9 THEN g.det + (6 + g.r4 * 40) * interval '1 hour' END,
          g.i % 500 = 0, 2 + (g.i % 3),
          jsonb_build_object('synthetic', true, 'motivo', 'Registro sintético de carga ' || g.i, 'lugar', jsonb_build_object('entidad', g.entidad))
        FROM g CROSS JOIN off
        JOIN inst ON inst.entidad = g.entidad
        CROSS JOIN LATERAL (SELECT (CASE WHEN g.r2 < 0.85 THEN 2 + g.r3 * 28 WHEN g.r2 < 0.97 THEN 30 + g.r3 * 300 ELSE 360 + g.r3 * 2000 END)::int AS m) lag`.execute(c);
    });
    process.stdout.write(`  loaded ${start + n} rows (${Math.round((performance.now() - load) / 1000)} s)\n`);
  }
  const indexes = performance.now();
  await sql`CREATE INDEX detentions_stats_idx ON detentions (fecha_detencion, entidad)
    INCLUDE (municipio, tipo, institution_id, registro_lag_min, fecha_hora_detencion, puesta_at, mp_at, juez_control_at, libertad_at, extended_retention, offence_codes)`.execute(db);
  await sql`CREATE INDEX detentions_list_idx ON detentions (entidad, fecha_hora_detencion DESC, id DESC)`.execute(db);
  await sql`CREATE INDEX detentions_nombre_idx ON detentions (nombre_clave)`.execute(db);
  await sql`CREATE INDEX detentions_curp_idx ON detentions (curp) WHERE curp IS NOT NULL`.execute(db);
  await sql`CREATE INDEX detentions_running_idx ON detentions (fecha_detencion, entidad)
    INCLUDE (institution_id, tipo, registro_lag_min, fecha_hora_detencion, puesta_at, mp_at, juez_control_at, libertad_at, extended_retention)
    WHERE libertad_at IS NULL
      AND (puesta_at IS NULL OR (tipo = 'falta_administrativa' AND mp_at IS NULL AND juez_control_at IS NULL) OR (mp_at IS NOT NULL AND juez_control_at IS NULL))`.execute(db);
  await sql`CREATE INDEX detentions_mp_running_idx ON detentions (mp_at) INCLUDE (entidad, fecha_detencion, institution_id, extended_retention)
    WHERE mp_at IS NOT NULL AND juez_control_at IS NULL AND libertad_at IS NULL`.execute(db);
  // Rows loaded with plain SQL bypass the write path: build the rollup from them, as a threshold change would.
  const rollup = performance.now();
  await ensureRollup(database, DETENTION_RULES, { force: true });
  const rollupS = Math.round((performance.now() - rollup) / 1000);
  await sql`VACUUM (ANALYZE) detentions`.execute(db);
  await sql`VACUUM (ANALYZE) detention_rollup`.execute(db);
  setup = { load_s: Math.round((indexes - load) / 1000), index_rollup_vacuum_s: Math.round((performance.now() - indexes) / 1000), rollup_rebuild_s: rollupS, total_s: Math.round((performance.now() - t0) / 1000) };
  const size = (await sql<{ table: string; stats_index: string; rollup: string; rollup_rows: number; running_rows: number }>`SELECT pg_size_pretty(pg_table_size('detentions')) AS table, pg_size_pretty(pg_relation_size('detentions_stats_idx')) AS stats_index,
    pg_size_pretty(pg_total_relation_size('detention_rollup')) AS rollup, (SELECT count(*)::int FROM detention_rollup) AS rollup_rows,
    (SELECT count(*)::int FROM detentions WHERE libertad_at IS NULL AND (puesta_at IS NULL OR (tipo = 'falta_administrativa' AND mp_at IS NULL AND juez_control_at IS NULL) OR (mp_at IS NOT NULL AND juez_control_at IS NULL))) AS running_rows`.execute(db)).rows[0];
  console.log(`setup: ${JSON.stringify(setup)}; sizes ${JSON.stringify(size)}`);
  Object.assign(setup, size);
  }
  const db = database.db;
  // Index-only scans need the visibility map: vacuum until the tables are all-visible (a concurrent snapshot elsewhere can delay it).
  for (let i = 0; i < 5; i++) {
    await sql`VACUUM detentions`.execute(db);
    await sql`VACUUM detention_rollup`.execute(db);
    const v = (await sql<{ ok: boolean }>`SELECT bool_and(relallvisible >= relpages * 0.99) AS ok FROM pg_class WHERE relname IN ('detentions', 'detention_rollup')`.execute(db)).rows[0];
    if (v.ok) break;
    await new Promise((r) => setTimeout(r, 2000));
  }

  const config = loadConfig({ LOG_LEVEL: 'silent', SERENO_DEMO: '0', DATABASE_URL: bench.url });
  const app = await buildApp({ config, database, modules: MODULES, logger: false, clock: () => NOW });
  const auth = { authorization: `Bearer ${k.key}` };
  const time = async (name: string, url: string) => {
    const ms: number[] = [];
    let body = '';
    for (let i = 0; i <= RUNS; i++) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url, headers: auth });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      if (i > 0) ms.push(performance.now() - t);
      body = res.body;
    }
    const total = body.startsWith('{') ? JSON.parse(body).total : Number(/^total,,[^,]*,(\d+)/m.exec(body)?.[1]);
    const r = { url, rows_aggregated: total, median_ms: Math.round(percentile(ms, 50)), max_ms: Math.round(Math.max(...ms)), runs_ms: ms.map(Math.round) };
    console.log(`${name}: median ${r.median_ms} ms, max ${r.max_ms} ms over ${total} rows`);
    return r;
  };
  const year = await time('12 months by month, national', '/api/detentions/stats?from=2025-12-01&to=2026-11-30&period=month');
  const month = await time('one month by day, national', '/api/detentions/stats?from=2026-10-01&to=2026-10-31&period=day');
  const entidadMonth = await time('one entidad, one month (monthly report)', '/api/detentions/stats?from=2026-10-01&to=2026-10-31&entidad=14&period=day');
  const report = await time('monthly report CSV, entidad 14', '/api/detentions/reports/monthly?entidad=14&month=2026-10&format=csv');
  // The same month counted row by row (a filter that the rollup cannot answer forces it): for comparison.
  const rowsMonth = await time('one month by day, national, row by row (tipo filter)', '/api/detentions/stats?from=2026-10-01&to=2026-10-31&period=day&tipo=falta_administrativa');
  const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT fecha_detencion, count(*) FROM detentions WHERE fecha_detencion BETWEEN '2025-12-01' AND '2026-11-30' GROUP BY 1`.execute(db)).rows.map((r) => r['QUERY PLAN']);
  await app.close();
  const file = writeResult('detentions-dashboard-month', {
    figure: `GET /api/detentions/stats: 12 months by month over all ${ROWS.toLocaleString('en')} rows, national (every breakdown, one snapshot), PostgreSQL`,
    value: year.median_ms, unit: 'ms', baseline: 300, baseline_figure: 'goal: <= 300 ms', ratio: Number((year.median_ms / 300).toFixed(2)),
    runs: { year_by_month_national: year, month_by_day_national: month, entidad_month_by_day: entidadMonth, monthly_report_csv: report, month_by_day_national_row_by_row_tipo_filter: rowsMonth },
    setup: { rows: ROWS, ...setup }, plan_by_day_index_only: plan,
    command: 'npx tsx bench/detentions/dashboard.ts',
  });
  console.log(`wrote ${file}`);
} finally {
  await database.close();
  if (!process.env.KEEP) await bench.drop();
}
