/**
 * The auditor's search by record: GET /api/audit?entity_id=<folio> (listAudit: the page and its count, in the
 * auditor's territory) over a large log, with the indexes of migration 0012 — (entity_id, entity_type) and the GIN
 * index on the folios of bulk batch rows — against the same log with the indexes it had before (entity_type first;
 * no index on the batch rows' folio lists), in the same run.
 * The log: AUDIT_ROWS single-record rows (reads and writes of detentions, logins) and BATCH_ROWS bulk batch rows naming
 * 1,000 folios each, written with plain SQL (the hash chain is not what is measured). Half the folios searched are in
 * a row of their own, half inside a batch row.
 * PostgreSQL, in its own database (dropped after). Run: npx tsx bench/audit/search.ts   (AUDIT_ROWS=2000000 BATCH_ROWS=2000)
 */
import { sql } from 'kysely';
import { makeActor } from '../../src/core/access.js';
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { listAudit } from '../../src/modules/audit/audit.service.js';
import { AuditQuery } from '../../src/modules/audit/audit.schema.js';
import { createBenchDatabase, writeResult } from '../detentions/common.js';

const AUDIT_ROWS = Number(process.env.AUDIT_ROWS ?? 2_000_000);
const BATCH_ROWS = Number(process.env.BATCH_ROWS ?? 2_000);
const SEARCHES = 40;

const bdb = await createBenchDatabase('bench_detentions_audit_search');
const database = await openDatabase({ databaseUrl: bdb.url });
try {
  await migrate(database.pool);
  const db = database.db;
  let t = performance.now();
  // Single-record rows: a third logins (entity user), two thirds reads and writes of detentions across 32 entidades.
  await sql`INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, entidad, details, prev_hash, hash)
    SELECT g, now() - make_interval(secs => ${AUDIT_ROWS} - g), 'user', g % 500, 'analista' || (g % 500),
      CASE g % 3 WHEN 0 THEN 'detention.viewed' WHEN 1 THEN 'detention.registered' ELSE 'auth.login' END,
      CASE WHEN g % 3 = 2 THEN 'user' ELSE 'detention' END,
      CASE WHEN g % 3 = 2 THEN (g % 500)::text ELSE 'RND-' || lpad((g % 32 + 1)::text, 2, '0') || '-2026-' || lpad((g / 3)::text, 7, '0') END,
      lpad((g % 32 + 1)::text, 2, '0'), jsonb_build_object('via', 'api', 'request', g), repeat('0', 64), md5(g::text) || md5(g::text)
    FROM generate_series(1, ${AUDIT_ROWS}) AS g`.execute(db);
  // Bulk batch rows: 1,000 folios each (entidad 14, numbers after the single rows'), with ids and external ids as written.
  await sql`INSERT INTO audit_log (id, at, actor_type, actor_id, actor_name, action, entity_type, entity_id, entidad, details, prev_hash, hash)
    SELECT ${AUDIT_ROWS} + b, now(), 'api_key', 1, 'api:estatal', 'detention.batch_registered', 'detention_import', 'imp-' || b, '14',
      jsonb_build_object('via', 'import', 'count', 1000, 'sources', jsonb_build_array('estatal'),
        'folios', (SELECT jsonb_agg('RND-14-2025-' || lpad((b * 1000 + k)::text, 7, '0') ORDER BY k) FROM generate_series(0, 999) k),
        'ids', (SELECT jsonb_agg(b * 1000 + k ORDER BY k) FROM generate_series(0, 999) k),
        'external_ids', (SELECT jsonb_agg('ext-' || (b * 1000 + k) ORDER BY k) FROM generate_series(0, 999) k)),
      repeat('0', 64), md5(b::text) || md5(b::text)
    FROM generate_series(1, ${BATCH_ROWS}) AS b`.execute(db);
  await sql`SELECT setval('audit_log_id_seq', ${AUDIT_ROWS + BATCH_ROWS})`.execute(db); // the searches' own audit rows follow
  await sql`ANALYZE audit_log`.execute(db);
  const size = (await sql<{ s: string }>`SELECT pg_size_pretty(pg_total_relation_size('audit_log')) AS s`.execute(db)).rows[0].s;
  console.log(`audit log: ${AUDIT_ROWS.toLocaleString('en')} single rows + ${BATCH_ROWS.toLocaleString('en')} batch rows (${(BATCH_ROWS * 1000).toLocaleString('en')} folios), ${size}, written in ${Math.round((performance.now() - t) / 1000)} s`);

  // A national auditor (every entidad) and a Jalisco one.
  const auditors = [
    makeActor({ type: 'user', id: 1, name: 'auditor', roles: ['auditor'], institutionId: null, entidad: null, captureScope: 'institution', viewScope: 'national' }),
    makeActor({ type: 'user', id: 2, name: 'auditor.jal', roles: ['auditor'], institutionId: null, entidad: '14', captureScope: 'institution', viewScope: 'entidad' }),
  ];
  // A single row of entidad 14 has g % 32 = 13 and g % 3 <> 2 (not a login); its folio number is g / 3.
  const singleFolio = (i: number) => {
    let g = 32 * ((i * 7919) % Math.floor(AUDIT_ROWS / 32 - 1)) + 13;
    if (g % 3 === 2) g += 32;
    return `RND-14-2026-${String(Math.floor(g / 3)).padStart(7, '0')}`;
  };
  const folios = Array.from({ length: SEARCHES }, (_, i) => i % 2 === 0
    ? singleFolio(i)
    : `RND-14-2025-${String(1000 + ((i * 104729) % ((BATCH_ROWS - 1) * 1000))).padStart(7, '0')}`); // inside a batch row
  const search = async () => {
    const ms: number[] = [];
    let found = 0;
    for (const [i, folio] of folios.entries()) {
      const q = AuditQuery.parse({ entity_id: folio });
      const s = performance.now();
      const r = await listAudit({ db, actor: auditors[i % 2], now: () => new Date() }, q);
      ms.push(performance.now() - s);
      found += r.total;
    }
    ms.sort((a, b) => a - b);
    return { p50: ms[Math.floor(ms.length / 2)], p95: ms[Math.floor(ms.length * 0.95)], found };
  };
  await search(); // warm the cache
  const withIdx = await search();
  console.log(`search by folio, migration 0012's indexes: p50 ${withIdx.p50.toFixed(1)} ms, p95 ${withIdx.p95.toFixed(1)} ms (${withIdx.found} rows found for ${SEARCHES} folios)`);

  t = performance.now();
  await sql`DROP INDEX audit_log_entity_id_idx`.execute(db);
  await sql`DROP INDEX audit_log_batch_folios_idx`.execute(db);
  await sql`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`.execute(db);
  await sql`ANALYZE audit_log`.execute(db);
  await search();
  const before = await search();
  console.log(`search by folio, the indexes before 0012: p50 ${before.p50.toFixed(1)} ms, p95 ${before.p95.toFixed(1)} ms (${before.found} rows found)`);
  if (before.found !== withIdx.found || withIdx.found < SEARCHES) throw new Error(`the two schemas found ${withIdx.found} and ${before.found} rows for ${SEARCHES} folios`);
  const ratio = Number((before.p50 / withIdx.p50).toFixed(1));
  const file = writeResult('audit-search-by-folio', {
    figure: `GET /api/audit?entity_id=<folio> (listAudit: page + count) over ${AUDIT_ROWS.toLocaleString('en')} audit rows + ${BATCH_ROWS.toLocaleString('en')} bulk batch rows, median of ${SEARCHES} folios, PostgreSQL`,
    value: Number(withIdx.p50.toFixed(1)), unit: 'ms', p95_ms: Number(withIdx.p95.toFixed(1)),
    baseline: Number(before.p50.toFixed(1)), baseline_figure: 'the same search with the indexes before migration 0012 (entity_type first; batch rows read one by one)', baseline_p95_ms: Number(before.p95.toFixed(1)),
    ratio, ratio_meaning: 'baseline / value (times faster)', audit_log_size: size,
    command: 'npx tsx bench/audit/search.ts',
  });
  console.log(`${ratio} x faster; wrote ${file}`);
} finally {
  await database.close();
  await bdb.drop();
}
