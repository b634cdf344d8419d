/**
 * Sustained plate-read ingestion against a 1M-plate stolen-vehicle hotlist: NDJSON batches go through the same steps as
 * POST /api/vehicles/reads (split → per-read zod validation → OCR-tolerant format fit → in-memory hotlist check →
 * one COPY of the reads without a hit, streamed while the batch is checked, and the hits with their alerts in a small
 * transaction, each with an audit row),
 * in-process (no HTTP), two batches in flight. Baseline: a raw COPY of the very same rows (exported after the run) into
 * the same emptied table, in the same run. Hit latency: from the batch being handed to the service (read accepted) to
 * the alert published to the live stream. Also: the share of random reads that a distance-1 match would flag against the same hotlist.
 * PostgreSQL in its own database (sereno_bench_plates, dropped after), then PGlite in memory.
 * Run: NODE_OPTIONS=--max-semi-space-size=64 npx tsx bench/plate-reads/ingest.ts
 *   (HOTLIST=1000000 READS=1000000 BATCH=10000 INFLIGHT=2 PGLITE_READS=200000; SKIP_PGLITE=1, SKIP_FUZZY=1 to shorten;
 *   BENCH_CPU_PROF=dir writes a CPU profile of the ingestion window, read it with `npx tsx bench/cpuprofile.ts <file>`)
 */
import os from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { makeActor } from '../../src/core/access.js';
import { openDatabase, type Database } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { plateOcrKey } from '../../src/matching/plate.js';
import { alertBus, type AlertRow } from '../../src/modules/alerts/index.js';
import { MODULES } from '../../src/modules/index.js';
import { Hotlist, hotlistFor } from '../../src/modules/vehicles/vehicles.hotlist.js';
import { ingestReads, splitBatch, type IngestOptions } from '../../src/modules/vehicles/vehicles.reads.js';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { percentile, postgresCpuByPid, postgresCpuMsSince, writeResult } from '../detentions/common.js';
import { mulberry32 } from '../../src/core/random.js';

const HOTLIST = Number(process.env.HOTLIST ?? 1_000_000);
const READS = Number(process.env.READS ?? 1_000_000);
const PGLITE_READS = Number(process.env.PGLITE_READS ?? 200_000);
const BATCH = Number(process.env.BATCH ?? 10_000);
const INFLIGHT = Number(process.env.INFLIGHT ?? 2);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'sereno_bench_plates';
/** Share of reads that are of listed plates (planted); the other reads come from a disjoint part of the plate space. */
const HIT_SHARE = 0.002;

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
/** Listed plates start with one of the first 12 letters, random reads with one of the other 11. */
const HALF = 12 * 529 * 10_000;
/** The i-th stolen plate: a bijection of i over half the @@@#### space, so plates are unique and spread out. */
const plateOf = (i: number) => {
  const j = Number((BigInt(i) * 2654435761n) % BigInt(HALF));
  const l = j % (12 * 529);
  return `${LETTERS[Math.floor(l / 529)]}${LETTERS[Math.floor(l / 23) % 23]}${LETTERS[l % 23]}${String(Math.floor(j / (12 * 529))).padStart(4, '0')}`;
};
/** A random plate from the unlisted half of the space. */
const randomPlate = (rnd: () => number) =>
  `${LETTERS[12 + Math.floor(rnd() * 11)]}${LETTERS[Math.floor(rnd() * 23)]}${LETTERS[Math.floor(rnd() * 23)]}${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`;
const OCR_SWAP: Record<string, string> = { '0': 'O', '1': 'I', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };


/** Migrated, seeded database with HOTLIST stolen reports and 100 cameras; returns the camera ids. */
async function prepare(database: Database, copyIn: (table: string, cols: string, text: string) => Promise<void>) {
  await migrate(database.pool);
  for (const m of MODULES) if (m.seed) await m.seed(database);
  const { rows: [inst] } = await database.pool.query<{ id: number }>(`INSERT INTO institutions (entidad, name, type) VALUES ('14', 'Fiscalía bench', 'prosecutor') RETURNING id`);
  const by = '{"type":"system","name":"bench"}';
  const cols = 'entidad, institution_id, source, external_id, status, plate, plate_ocr_key, plate_entidad, make, with_violence, stolen_at, created_at, created_by, updated_at, updated_by';
  const t0 = performance.now();
  for (let start = 0; start < HOTLIST; start += 200_000) {
    let text = '';
    for (let i = start; i < Math.min(HOTLIST, start + 200_000); i++) {
      const p = plateOf(i);
      text += `14\t${inst.id}\tbench\t${i}\tstolen\t${p}\t${plateOcrKey(p)}\t14\tNissan\tf\t2026-11-01 10:00:00+00\t2026-11-01 10:00:00+00\t${by}\t2026-11-01 10:00:00+00\t${by}\n`;
    }
    await copyIn('vehicle_reports', cols, text);
  }
  const cams: number[] = [];
  const ents = ['09', '14', '15', '19', '11'];
  for (let c = 0; c < 100; c++) {
    const e = ents[c % ents.length];
    const { rows: [ci] } = await database.pool.query<{ id: number }>(`INSERT INTO institutions (entidad, name, type) VALUES ($1, $2, 'c5') RETURNING id`, [e, `C5 bench ${c}`]);
    const { rows: [cam] } = await database.pool.query<{ id: number }>(`INSERT INTO lpr_cameras (entidad, institution_id, code, name, lat, lon, created_at, created_by)
      VALUES ($1, $2, $3, $4, $5, $6, now(), '{}') RETURNING id`, [e, ci.id, `ARCO-${c}`, `Arco ${c}`, 19 + (c % 10) * 0.1, -99 - (c % 7) * 0.1]);
    cams.push(Number(cam.id));
  }
  console.log(`  ${HOTLIST.toLocaleString('en')} stolen reports + 100 cameras loaded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return cams;
}

/** NDJSON batches of synthetic reads: HIT_SHARE of them of stolen plates (half with OCR confusions). */
function generate(n: number, cams: number[], now: Date, seed: number) {
  const rnd = mulberry32(seed);
  const batches: string[] = [];
  let hits = 0;
  for (let b = 0; b < n; b += BATCH) {
    const lines: string[] = [];
    for (let i = b; i < Math.min(n, b + BATCH); i++) {
      let plate: string;
      if (rnd() < HIT_SHARE) {
        plate = plateOf(Math.floor(rnd() * HOTLIST));
        if (rnd() < 0.5) plate = plate.slice(0, 3) + plate.slice(3).replace(/[0125687]/, (d) => OCR_SWAP[d] ?? d);
        hits++;
      } else plate = randomPlate(rnd);
      const cam = cams[Math.floor(rnd() * cams.length)];
      const at = new Date(now.getTime() - 3_600_000 + (i / n) * 3_590_000).toISOString();
      lines.push(JSON.stringify({ camera_id: cam, read_at: at, candidates: [{ plate, confidence: 0.9 }, { plate: plate.replace(/8/, 'B'), confidence: 0.6 }],
        lat: 19.4 + rnd() * 0.2, lon: -99.2 + rnd() * 0.2, direction: rnd() < 0.5 ? 'norte' : 'sur', image_ref: `lpr://${cam}/${i}.jpg#b${batches.length}` }));
    }
    batches.push(lines.join('\n'));
  }
  return { batches, hits };
}

/** Runs the batches through the ingestion path with INFLIGHT batches at once; returns reads/s and hit latencies. */
async function ingestAll(database: Database, batches: string[], total: number, opts: IngestOptions, now: Date) {
  const actor = makeActor({ type: 'api_key', id: 1, name: 'bench', roles: ['capturist'], institutionId: null, entidad: null, captureScope: 'national', viewScope: 'national' });
  const ctx = { db: database.db, actor, now: () => now };
  const started = new Map<number, number>();
  const latencies: number[] = [];
  // the batch number rides on each read's image_ref (…#bN), so an alert names the batch it came from
  alertBus.on('alert', (row: AlertRow) => {
    const ref = String((row.payload as { read?: { image_ref?: string } } | null)?.read?.image_ref ?? '');
    const batch = Number(/#b(\d+)$/.exec(ref)?.[1] ?? -1);
    const t0 = started.get(batch);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  });
  let stored = 0;
  let hits = 0;
  let next = 0;
  // BENCH_CPU_PROF=dir: a CPU profile of the ingestion window only (not the hotlist load or the data generation)
  const prof = process.env.BENCH_CPU_PROF ? new Session() : null;
  if (prof) { prof.connect(); await prof.post('Profiler.enable'); await prof.post('Profiler.start'); }
  const cpu0 = process.cpuUsage();
  const pg0 = postgresCpuByPid();
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const b = next++;
      if (b >= batches.length) return;
      started.set(b, performance.now());
      const out = await ingestReads(ctx, splitBatch(batches[b]), opts);
      if (out.rejected.length) throw new Error(`rejected: ${JSON.stringify(out.rejected.slice(0, 2))}`);
      stored += out.stored;
      hits += out.hits.length;
    }
  };
  await Promise.all(Array.from({ length: INFLIGHT }, worker));
  const s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const nodeUs = (cpu.user + cpu.system) / total;
  const pgUs = (postgresCpuMsSince(pg0) * 1000) / total;
  if (prof) {
    const { profile } = await prof.post('Profiler.stop');
    fs.mkdirSync(process.env.BENCH_CPU_PROF!, { recursive: true });
    fs.writeFileSync(`${process.env.BENCH_CPU_PROF}/ingest-${database.kind}.cpuprofile`, JSON.stringify(profile));
    prof.disconnect();
  }
  console.log(`  CPU per read: node ${nodeUs.toFixed(1)} µs, postgres ${pgUs.toFixed(1)} µs (wall ${((s * 1e6) / total).toFixed(1)} µs)`);
  alertBus.removeAllListeners('alert');
  if (stored !== total) throw new Error(`stored ${stored} of ${total}`);
  return { s, rps: total / s, hits, latencies, nodeUs, pgUs };
}

async function pgRun() {
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB_NAME}`);
  const url = PG_URL.replace(/\/[^/?]*(\?|$)/, `/${DB_NAME}$1`);
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  try {
    const copyIn = async (table: string, cols: string, text: string) => {
      const c = await database.pool.connect();
      try { await pipeline(Readable.from([text]), c.query(copyFrom(`COPY ${table} (${cols}) FROM STDIN`))); } finally { c.release(); }
    };
    const cams = await prepare(database, copyIn);
    const now = new Date();
    const tH = performance.now();
    const hotlist = await hotlistFor(database.db, 0);
    const hotlistLoadS = (performance.now() - tH) / 1000;
    console.log(`  hotlist: ${hotlist.size.toLocaleString('en')} plates in memory, loaded in ${hotlistLoadS.toFixed(1)} s, heap ${Math.round(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
    const { batches, hits: planted } = generate(READS, cams, now, 11);
    const run = await ingestAll(database, batches, READS, { database, retentionDays: 90, maxDistance: 0 }, now);
    console.log(`  ingestion: ${READS.toLocaleString('en')} reads in ${run.s.toFixed(1)} s = ${Math.round(run.rps).toLocaleString('en')} reads/s; ${run.hits} hits (${planted} planted), ${run.latencies.length} alerts`);

    // Raw COPY of the same rows into the same emptied table.
    const c = await database.pool.connect();
    const chunks: Buffer[] = [];
    const cols = 'entidad, read_at, camera_id, read_key, plate, ocr_key, confidence, candidates, lat, lon, direction, image_ref, hit_report, received_at';
    await pipeline(c.query(copyTo(`COPY (SELECT ${cols} FROM plate_reads) TO STDOUT`)), async function* (src) { for await (const ch of src) chunks.push(ch as Buffer); });
    const text = Buffer.concat(chunks);
    await c.query('TRUNCATE plate_reads');
    await c.query('CHECKPOINT');
    const pgC0 = postgresCpuByPid();
    const t1 = performance.now();
    await c.query('BEGIN');
    await pipeline(Readable.from([text]), c.query(copyFrom(`COPY plate_reads (${cols}) FROM STDIN`)));
    await c.query('COMMIT');
    const copyS = (performance.now() - t1) / 1000;
    const copyPgUs = (postgresCpuMsSince(pgC0) * 1000) / READS;
    const { rows: [{ n }] } = await c.query<{ n: string }>('SELECT count(*) AS n FROM plate_reads');
    c.release();
    if (Number(n) !== READS) throw new Error(`COPY loaded ${n}`);
    const copyRps = READS / copyS;
    console.log(`  raw COPY of the same ${READS.toLocaleString('en')} rows: ${copyS.toFixed(1)} s = ${Math.round(copyRps).toLocaleString('en')} rows/s (postgres CPU ${copyPgUs.toFixed(1)} µs per row)`);

    // What a bounded edit distance of 1 would flag against this hotlist.
    if (process.env.SKIP_FUZZY) return { run, copyS, copyRps, copyPgUs, hotlistLoadS, fuzzyShare: NaN, fuzzyLoadS: NaN, planted };
    const fuzzy = new Hotlist(1);
    const tF = performance.now();
    await fuzzy.load(database.db);
    const fuzzyLoadS = (performance.now() - tF) / 1000;
    const rnd = mulberry32(5);
    let flagged = 0;
    const SAMPLE = 100_000;
    const tC = performance.now();
    for (let i = 0; i < SAMPLE; i++) {
      // any plate of the space (listed ones excluded: those are exact hits)
      const j = Math.floor(rnd() * 12167);
      const p = `${LETTERS[Math.floor(j / 529)]}${LETTERS[Math.floor(j / 23) % 23]}${LETTERS[j % 23]}${String(Math.floor(rnd() * 10000)).padStart(4, '0')}`;
      if (fuzzy.check([{ plate: p, key: plateOcrKey(p) }]).some((h) => h.distance === 0)) { i--; continue; }
      if (fuzzy.check([{ plate: p, key: plateOcrKey(p) }]).some((h) => h.distance > 0)) flagged++;
    }
    const checkUs = ((performance.now() - tC) * 1000) / SAMPLE;
    console.log(`  distance-1 index: built in ${fuzzyLoadS.toFixed(1)} s; ${(100 * flagged / SAMPLE).toFixed(1)} % of random reads would hit at distance 1 (${checkUs.toFixed(1)} µs per check)`);
    return { run, copyS, copyRps, copyPgUs, hotlistLoadS, fuzzyShare: flagged / SAMPLE, fuzzyLoadS, planted };
  } finally {
    await database.close();
    await admin.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await admin.end();
  }
}

async function pgliteRun() {
  const database = await openDatabase({ dataDir: 'memory://' });
  try {
    const copyIn = async (table: string, cols: string, text: string) => {
      await database.pglite!.query(`COPY ${table} (${cols}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    };
    const cams = await prepare(database, copyIn);
    // Live streams announce each alert id once per process: start past the ids the PostgreSQL run already announced.
    await database.pglite!.query(`SELECT setval(pg_get_serial_sequence('alerts', 'id'), 10000000)`);
    const now = new Date();
    await hotlistFor(database.db, 0);
    const { batches } = generate(PGLITE_READS, cams, now, 12);
    const run = await ingestAll(database, batches, PGLITE_READS, { database, retentionDays: 90, maxDistance: 0 }, now);
    console.log(`  PGlite ingestion: ${PGLITE_READS.toLocaleString('en')} reads in ${run.s.toFixed(1)} s = ${Math.round(run.rps).toLocaleString('en')} reads/s`);
    const cols = 'entidad, read_at, camera_id, read_key, plate, ocr_key, confidence, candidates, lat, lon, direction, image_ref, hit_report, received_at';
    const out = await database.pglite!.query(`COPY (SELECT ${cols} FROM plate_reads) TO '/dev/blob'`);
    const blob = out.blob!;
    await database.pglite!.query('TRUNCATE plate_reads');
    const t1 = performance.now();
    await database.pglite!.query(`COPY plate_reads (${cols}) FROM '/dev/blob'`, [], { blob });
    const copyS = (performance.now() - t1) / 1000;
    console.log(`  PGlite raw COPY of the same rows: ${copyS.toFixed(1)} s = ${Math.round(PGLITE_READS / copyS).toLocaleString('en')} rows/s`);
    return { run, copyRps: PGLITE_READS / copyS };
  } finally {
    await database.close();
  }
}

const load0 = os.loadavg();
console.log(`PostgreSQL: hotlist ${HOTLIST.toLocaleString('en')}, ${READS.toLocaleString('en')} reads in batches of ${BATCH}, ${INFLIGHT} in flight`);
const p = await pgRun();
console.log('PGlite:');
const l = process.env.SKIP_PGLITE ? null : await pgliteRun();
const load1 = os.loadavg();
const p99 = percentile(p.run.latencies, 99);
const ratio = Number((p.run.rps / p.copyRps).toFixed(2));
const file = writeResult('plate-reads-ingest', {
  figure: `plate reads ingested (NDJSON split, per-read validation, OCR-tolerant format fit, hotlist check against ${HOTLIST.toLocaleString('en')} stolen plates, COPY + alerts + audit per batch of ${BATCH}, ${INFLIGHT} in flight, in-process), PostgreSQL`,
  value: Math.round(p.run.rps), unit: 'reads/s', baseline: Math.round(p.copyRps), baseline_figure: 'raw COPY of the same rows into the same emptied table, one stream', ratio,
  p99_hit_latency_ms: Math.round(p99 * 10) / 10, p50_hit_latency_ms: Math.round(percentile(p.run.latencies, 50) * 10) / 10, hits: p.run.hits, alerts: p.run.latencies.length,
  cpu_per_read_us: { node: Number(p.run.nodeUs.toFixed(1)), postgres: Number(p.run.pgUs.toFixed(1)), raw_copy_postgres: Number(p.copyPgUs.toFixed(1)) },
  reads: READS, hotlist: HOTLIST, hotlist_load_s: Number(p.hotlistLoadS.toFixed(1)),
  distance1_false_hit_share: Number(p.fuzzyShare.toFixed(3)), distance1_index_build_s: Number(p.fuzzyLoadS.toFixed(1)),
  pglite: l ? { reads: PGLITE_READS, value: Math.round(l.run.rps), baseline: Math.round(l.copyRps), ratio: Number((l.run.rps / l.copyRps).toFixed(2)), p99_hit_latency_ms: Math.round(percentile(l.run.latencies, 99) * 10) / 10 } : null,
  goal: '>= 50,000 reads/s and ratio >= 0.7 on PostgreSQL; p99 hit latency <= 1 s',
  load_average: { start: load0.map((x) => Number(x.toFixed(2))), end: load1.map((x) => Number(x.toFixed(2))) },
  command: `${process.env.NODE_OPTIONS ? `NODE_OPTIONS=${process.env.NODE_OPTIONS} ` : ''}npx tsx bench/plate-reads/ingest.ts`,
});
console.log(`ratio ${ratio}, p99 hit latency ${p99.toFixed(1)} ms; wrote ${file}`);
process.exit(0);
