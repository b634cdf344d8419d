/**
 * Person-match quality: precision, recall and F1 of scorePersons at MATCH_THRESHOLD (run through the
 * `sereno match score` NDJSON contract, runMatchScore) against PostgreSQL pg_trgm `similarity()` on normalised,
 * unaccented full names at its best threshold, on the dev and held-out splits of pairs.ndjson (generate it
 * with gen.ts). Uses PostgreSQL when reachable (DATABASE_URL or postgres://postgres@127.0.0.1:5432/test),
 * else PGlite with pg_trgm. Writes bench/results/match-quality.json.
 * Run: npx tsx bench/match-quality/run.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import pg from 'pg';
import { MATCH_THRESHOLD, PERSON_ALGORITHM, normalizeText, runMatchScore, scorePersons, type PersonInput } from '../../src/matching/index.js';

interface Pair { a: PersonInput; b: PersonInput; label: 0 | 1 | boolean; kind: string; split: 'dev' | 'heldout' }

const HERE = import.meta.dirname;
const ROOT = path.resolve(HERE, '../..');
const pairsFile = path.join(HERE, 'pairs.ndjson');
if (!fs.existsSync(pairsFile)) {
  console.error('pairs.ndjson missing: run npx tsx bench/match-quality/gen.ts first');
  process.exit(1);
}
const lines = fs.readFileSync(pairsFile, 'utf8').split('\n').filter((l) => l.trim());
const pairs: Pair[] = lines.map((l) => JSON.parse(l));
const labels = pairs.map((p) => p.label === 1 || p.label === true);

/* ------------------------------------------------------------------ product, through the CLI contract */

const input = Readable.from(pairs.map((p) => `${JSON.stringify({ a: p.a, b: p.b })}\n`));
const output = new PassThrough();
const chunks: string[] = [];
output.on('data', (c: Buffer) => chunks.push(c.toString()));
const t0 = performance.now();
const exitCode = await runMatchScore(input, output);
const cliMs = performance.now() - t0;
output.end();
const results = chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { score: number; match: boolean; error?: string });
if (exitCode !== 0 || results.length !== pairs.length) throw new Error(`CLI exited ${exitCode} and wrote ${results.length} lines for ${pairs.length} pairs`);
const errors = results.filter((r) => r.error).length;

// Pure scoring speed, fresh objects each time (no parse cache hits across repetitions).
const REPS = 3;
const copies = Array.from({ length: REPS }, () => pairs.map((p) => structuredClone({ a: p.a, b: p.b })));
// CPU time rather than wall time: the bench machine is shared.
const c1 = process.cpuUsage();
for (const batch of copies) for (const p of batch) scorePersons(p.a, p.b);
const c2 = process.cpuUsage(c1);
const usPerPair = (c2.user + c2.system) / (REPS * pairs.length);

/* ------------------------------------------------------------------ baseline: pg_trgm similarity() */

function fullName(p: PersonInput): string {
  if (p.nombre_completo) return normalizeText(p.nombre_completo);
  return normalizeText([p.nombre, p.apellido_paterno, p.apellido_materno].filter(Boolean).join(' '));
}

async function trigramSimilarities(): Promise<{ sims: number[]; engine: string }> {
  const a = pairs.map((p) => fullName(p.a));
  const b = pairs.map((p) => fullName(p.b));
  const sql = 'SELECT similarity(x, y)::float8 AS s FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(x, y, i) ORDER BY i';
  const url = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
  try {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    await client.connect();
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      const { rows } = await client.query<{ s: number }>(sql, [a, b]);
      const { rows: v } = await client.query<{ v: string }>('SELECT current_setting(\'server_version\') AS v');
      return { sims: rows.map((r) => r.s), engine: `PostgreSQL ${v[0].v}` };
    } finally {
      await client.end();
    }
  } catch (e) {
    console.warn(`PostgreSQL not usable (${(e as Error).message}); falling back to PGlite`);
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const db = await PGlite.create({ extensions: { pg_trgm } });
    await db.exec('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    const { rows } = await db.query<{ s: number }>(sql, [a, b]);
    await db.close();
    return { sims: rows.map((r) => r.s), engine: 'PGlite + pg_trgm' };
  }
}
const { sims, engine } = await trigramSimilarities();

/* ------------------------------------------------------------------ metrics */

interface Metrics { precision: number; recall: number; f1: number; tp: number; fp: number; fn: number; tn: number }
function metrics(idx: number[], predicted: (i: number) => boolean): Metrics {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const i of idx) {
    const p = predicted(i);
    if (p && labels[i]) tp++;
    else if (p) fp++;
    else if (labels[i]) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, tp, fp, fn, tn };
}
/** Sweeps thresholds 0 (every pair a match), 0.01 … 1.00; `from` > 0 leaves out the trivial all-match point. */
function bestThreshold(idx: number[], from = 0): { threshold: number; m: Metrics } {
  let best = { threshold: from, m: metrics(idx, (i) => sims[i] >= from) };
  for (let t = Math.max(from, 0.01); t <= 1.0001; t += 0.01) {
    const m = metrics(idx, (i) => sims[i] >= t);
    if (m.f1 > best.m.f1) best = { threshold: Math.round(t * 100) / 100, m };
  }
  return best;
}

const bySplit = { dev: [] as number[], heldout: [] as number[] };
pairs.forEach((p, i) => bySplit[p.split].push(i));
const product = { dev: metrics(bySplit.dev, (i) => results[i].match), heldout: metrics(bySplit.heldout, (i) => results[i].match) };
const baseDev = bestThreshold(bySplit.dev);
const baseHeldBest = bestThreshold(bySplit.heldout);
const baseHeldNontrivial = bestThreshold(bySplit.heldout, 0.05);
const baseline = {
  dev: baseDev,
  heldoutAtDevThreshold: metrics(bySplit.heldout, (i) => sims[i] >= baseDev.threshold),
  heldoutBest: baseHeldBest,
};

const kinds = [...new Set(pairs.map((p) => p.kind))];
const perKind: Record<string, { label: number; n: number; productCorrect: number; baselineCorrect: number }> = {};
for (const k of kinds) {
  const idx = bySplit.heldout.filter((i) => pairs[i].kind === k);
  const label = labels[idx[0]] ? 1 : 0;
  perKind[k] = {
    label,
    n: idx.length,
    productCorrect: idx.filter((i) => results[i].match === labels[i]).length / idx.length,
    baselineCorrect: idx.filter((i) => sims[i] >= baseHeldNontrivial.threshold === labels[i]).length / idx.length,
  };
}

/* ------------------------------------------------------------------ report */

const f = (x: number) => x.toFixed(3);
const row = (name: string, m: Metrics, extra = '') => console.log(`| ${name.padEnd(46)} | ${f(m.precision)} | ${f(m.recall)} | ${f(m.f1)} | ${String(m.fp).padStart(3)} | ${String(m.fn).padStart(3)} |${extra}`);
console.log(`\n${pairs.length} pairs (dev ${bySplit.dev.length}, held-out ${bySplit.heldout.length}); baseline on ${engine}\n`);
console.log(`| ${'method'.padEnd(46)} | prec  | rec   | F1    |  FP |  FN |`);
console.log(`| ${'-'.repeat(46)} | ----- | ----- | ----- | --- | --- |`);
row(`${PERSON_ALGORITHM} @ ${MATCH_THRESHOLD}, dev`, product.dev);
row(`${PERSON_ALGORITHM} @ ${MATCH_THRESHOLD}, held-out`, product.heldout);
row(`pg_trgm similarity @ ${baseDev.threshold} (best on dev), dev`, baseDev.m);
row(`pg_trgm similarity @ ${baseDev.threshold} (dev's best), held-out`, baseline.heldoutAtDevThreshold);
row(`pg_trgm similarity @ ${baseHeldBest.threshold} (best on held-out)`, baseHeldBest.m);
row(`pg_trgm similarity @ ${baseHeldNontrivial.threshold} (best ≥ 0.05, held-out)`, baseHeldNontrivial.m);
if (baseHeldBest.threshold === 0) console.log('(threshold 0 calls every pair a match: on these hard negatives no similarity cut-off does better)');
console.log(`\nper kind, held-out (share classified correctly; pg_trgm at its best non-trivial threshold ${baseHeldNontrivial.threshold}):\n`);
console.log(`| ${'kind'.padEnd(26)} | label |   n | product | pg_trgm |`);
console.log(`| ${'-'.repeat(26)} | ----- | --- | ------- | ------- |`);
for (const [k, v] of Object.entries(perKind)) console.log(`| ${k.padEnd(26)} | ${v.label ? 'same ' : 'diff '} | ${String(v.n).padStart(3)} | ${f(v.productCorrect).padStart(7)} | ${f(v.baselineCorrect).padStart(7)} |`);
console.log(`\nscoring: ${usPerPair.toFixed(1)} µs CPU/pair (scorePersons, fresh objects, warm caches); CLI end to end ${((cliMs * 1000) / pairs.length).toFixed(1)} µs/line; ${errors} error lines`);

const round = (m: Metrics) => ({ precision: +f(m.precision), recall: +f(m.recall), f1: +f(m.f1), tp: m.tp, fp: m.fp, fn: m.fn, tn: m.tn });
const value = +f(product.heldout.f1);
const baselineF1 = +f(baseHeldBest.m.f1);
const result = {
  figure: 'person match F1 at product threshold',
  value,
  unit: 'F1',
  baseline: baselineF1,
  ratio: +(value / baselineF1).toFixed(3),
  command: 'npx tsx bench/match-quality/run.ts',
  date: new Date().toISOString(),
  algorithm: PERSON_ALGORITHM,
  threshold: MATCH_THRESHOLD,
  baseline_description: `pg_trgm similarity() on normalised unaccented full names, at its best threshold on the held-out split itself (${baseHeldBest.threshold}); ${engine}`,
  pairs: { total: pairs.length, dev: bySplit.dev.length, heldout: bySplit.heldout.length, file: 'bench/match-quality/pairs.ndjson', generator: 'npx tsx bench/match-quality/gen.ts' },
  product: { dev: round(product.dev), heldout: round(product.heldout) },
  pg_trgm: {
    dev: { threshold: baseDev.threshold, ...round(baseDev.m) },
    heldout_at_dev_threshold: { threshold: baseDev.threshold, ...round(baseline.heldoutAtDevThreshold) },
    heldout_best: { threshold: baseHeldBest.threshold, ...round(baseHeldBest.m) },
    heldout_best_nontrivial: { threshold: baseHeldNontrivial.threshold, ...round(baseHeldNontrivial.m) },
  },
  per_kind_heldout: Object.fromEntries(Object.entries(perKind).map(([k, v]) => [k, { label: v.label, n: v.n, product_correct: +f(v.productCorrect), pg_trgm_correct_at_nontrivial_threshold: +f(v.baselineCorrect) }])),
  speed: { us_per_pair: +usPerPair.toFixed(1), cli_us_per_line: +((cliMs * 1000) / pairs.length).toFixed(1) },
  cli_error_lines: errors,
};
const outFile = path.join(ROOT, 'bench/results/match-quality.json');
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`);
console.log(`\nwrote ${path.relative(process.cwd(), outFile)}`);
