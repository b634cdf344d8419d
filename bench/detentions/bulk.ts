/**
 * Bulk import of ROWS detentions through POST /api/detentions/import (a CSV streamed as multipart over HTTP on
 * 127.0.0.1, validated row by row, 1,000-row transactions with folios, outbox events, hash-chained audit rows and
 * the dashboard rollup) against a raw COPY of the very same rows into the same, emptied table in the same run
 * (COPY FROM STDIN of the rows the import produced: the table's indexes, generated column and foreign keys apply to both).
 * Also prints the CPU each costs per row (server process and every postgres process, Linux /proc): the ratio of
 * those is steadier than the ratio of rates on a machine whose speed drifts.
 * Rows are in chronological order, as a registry's export is (SHUFFLED=1 spreads each batch over the whole year).
 * TARGETS=1000 lists that many active priority targets first, so every imported person is checked against a watchlist (listTargets).
 * PostgreSQL, in its own database (dropped after). Run: npx tsx bench/detentions/bulk.ts   (ROWS=1000000)
 * BENCH_WORKER=1 measures the split deployment instead: the server with OUTBOX_DISPATCHER=0 beside a `sereno worker`
 * process (written to detentions-bulk-import-worker.json; the worker's CPU is reported on its own).
 * PROBE_RATE=20 also registers detentions one by one (POST /api/detentions, open loop at that rate) on the same server,
 * first for 10 s with nothing else running, then during the import, and reports their latency: what a C5 operator
 * registering at the moment of arrest sees while a state system uploads a file (detentions-api-during-import.json;
 * the import's own figure is then only printed, as the probe's requests share its machine).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { createBenchDatabase, listTargets, percentile, postgresCpuByPid, postgresCpuMsSince, SERVER_NODE_FLAGS, serverCpuMs, serverLoopDelay, startServer, syntheticBodies, writeResult } from './common.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const SPLIT = process.env.BENCH_WORKER === '1';
const PROBE_RATE = Number(process.env.PROBE_RATE ?? 0);
/** Active priority targets every imported person is checked against (TARGETS=1000: a national watchlist; 0, the default, none). */
const TARGETS = Number(process.env.TARGETS ?? 0);
/** CPU milliseconds a process has used (Linux /proc, 100 ticks a second). */
const procCpuMs = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-detentions-bulk-'));
const csvFile = path.join(tmp, 'detenciones.csv');
const copyFile = path.join(tmp, 'copy.csv');

const COLUMNS = ['external_id', 'fecha_hora_registro', 'nombre', 'apellido_paterno', 'apellido_materno', 'edad', 'sexo', 'senas_particulares', 'entidad', 'municipio', 'domicilio',
  'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'offence_codes', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado'];
const cell = (v: unknown) => {
  const s = v == null ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

async function writeCsv(): Promise<number> {
  const body = syntheticBodies(7, { entidad: '14', now: new Date(), spreadDays: 360, idPrefix: `bulk-${Date.now()}`, orderedCount: process.env.SHUFFLED ? undefined : ROWS });
  const out = fs.createWriteStream(csvFile);
  out.write(`${COLUMNS.join(',')}\n`);
  for (let i = 0; i < ROWS; i++) {
    const b = body(i);
    const line = [b.external_id, b.fecha_hora_registro, b.persona.nombre, b.persona.apellido_paterno, b.persona.apellido_materno, b.persona.edad, b.persona.sexo,
      b.persona.senas_particulares, b.lugar.entidad, b.lugar.municipio, b.lugar.domicilio, b.fecha_hora_detencion, b.motivo, b.tipo, b.supuesto, b.offence_codes.join('|'),
      b.autoridad_detencion.agentes.map((a) => `${a.nombre}|${a.cargo}|${a.unidad}`).join(';'), b.autoridad_destino.tipo, b.autoridad_destino.nombre, b.lugar_traslado].map(cell).join(',');
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return fs.statSync(csvFile).size;
}

/** Streams the file as multipart/form-data and returns the import record the server answers. */
function upload(port: number, authorization: string): Promise<{ status: number; body: any }> {
  const boundary = `----sereno-bench-${Date.now()}`;
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/detentions/import?source=bench-bulk', headers: { authorization, 'content-type': `multipart/form-data; boundary=${boundary}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
    });
    req.on('error', reject);
    req.write(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="detenciones.csv"\r\nContent-Type: text/csv\r\n\r\n`);
    const file = fs.createReadStream(csvFile);
    file.on('error', reject);
    file.pipe(req, { end: false });
    file.on('end', () => req.end(`\r\n--${boundary}--\r\n`));
  });
}

/**
 * Registers detentions one at a time at `rate` per second until `until` settles (open loop: latency from each
 * request's scheduled moment, whether or not the ones before it finished) and returns their latencies in ms.
 */
async function probe(port: number, authorization: string, rate: number, until: Promise<unknown>): Promise<{ latencies: number[]; failed: number }> {
  const agent = new http.Agent({ keepAlive: true });
  const body = syntheticBodies(11, { entidad: '14', now: new Date(), spreadDays: 2, idPrefix: `probe-${Date.now()}-${Math.random()}` });
  const latencies: number[] = [];
  const pending: Promise<void>[] = [];
  let failed = 0, done = false;
  until.finally(() => { done = true; });
  const t0 = performance.now();
  for (let i = 0; !done; i++) {
    const scheduled = t0 + (i * 1000) / rate;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (done) break;
    const payload = JSON.stringify(body(i));
    pending.push(new Promise<void>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, path: '/api/detentions', method: 'POST', agent, headers: { 'content-type': 'application/json', authorization, 'content-length': Buffer.byteLength(payload) } }, (res) => {
        res.resume();
        res.on('end', () => { if (res.statusCode === 201) latencies.push(performance.now() - scheduled); else failed++; resolve(); });
      });
      req.on('error', () => { failed++; resolve(); });
      req.end(payload);
    }));
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies, failed };
}
const summary = (xs: number[]) => ({ n: xs.length, p50_ms: Math.round(percentile(xs, 50) * 10) / 10, p99_ms: Math.round(percentile(xs, 99) * 10) / 10, max_ms: Math.round(Math.max(...xs) * 10) / 10 });

const db = await createBenchDatabase('bench_detentions_bulk');
const server = await startServer(db.url, SPLIT ? { OUTBOX_DISPATCHER: '0' } : {});
await listTargets(db.url, TARGETS);
// The split deployment's worker: the CLI itself, started the way a service unit would start it.
const worker: ChildProcess | null = SPLIT
  ? spawn(process.execPath, [...SERVER_NODE_FLAGS, path.join(import.meta.dirname, '../../bin/sereno.mjs'), 'worker'], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] })
  : null;
// Running once it says so (after its migrations check and its LISTEN).
const workerReady = worker ? new Promise<void>((resolve, reject) => {
  let out = '';
  worker.stdout!.on('data', (c: Buffer) => { process.stdout.write(c); out += c; if (out.includes('Sereno worker:')) resolve(); });
  worker.once('exit', (code) => reject(new Error(`sereno worker exited with ${code}`)));
}) : Promise.resolve();
const stopWorker = async () => {
  if (!worker || worker.exitCode != null) return;
  worker.kill('SIGTERM');
  await once(worker, 'exit');
};
try {
  await workerReady;
  const t0 = performance.now();
  const bytes = await writeCsv();
  console.log(`generated ${ROWS} rows (${(bytes / 1e6).toFixed(0)} MB) in ${Math.round((performance.now() - t0) / 1000)} s`);
  const idle = PROBE_RATE ? summary((await probe(server.info.port, server.info.authorization, PROBE_RATE, new Promise((r) => setTimeout(r, 10_000)))).latencies) : null;
  if (idle) console.log(`registrations at ${PROBE_RATE}/s, nothing else running: p50 ${idle.p50_ms} ms, p99 ${idle.p99_ms} ms, max ${idle.max_ms} ms (${idle.n})`);
  const srv0 = await serverCpuMs(server.child);
  const wk0 = worker ? procCpuMs(worker.pid!) : 0;
  const pg0 = postgresCpuByPid();
  const t1 = performance.now();
  await serverLoopDelay(server.child, 'reset');
  const importStart = new Date().toISOString();
  const uploading = upload(server.info.port, server.info.authorization);
  const probing = PROBE_RATE ? probe(server.info.port, server.info.authorization, PROBE_RATE, uploading) : null;
  const res = await uploading;
  const importS = (performance.now() - t1) / 1000;
  const srv1 = await serverCpuMs(server.child);
  const pg1 = postgresCpuByPid();
  const serverUs = (srv1 - srv0) * 1000 / ROWS;
  const workerUs = worker ? (procCpuMs(worker.pid!) - wk0) * 1000 / ROWS : null;
  const pgUs = postgresCpuMsSince(pg0) * 1000 / ROWS;
  const loop = await serverLoopDelay(server.child, 'read');
  // The import is done when its rows are in; the entity index and the priority targets' check of its persons follow
  // through the outbox (a bulk file's batches after live events). How much of that was left at the import's end, and
  // how long and how much CPU the dispatcher took to finish it (waited for at most 10 min).
  const pendingSql = `SELECT count(*) FILTER (WHERE processed_at IS NULL), count(*) FILTER (WHERE processed_at IS NULL AND type = 'detention.batch_registered' AND NOT payload ? 'indexed') FROM outbox`;
  const pendingNow = () => execFileSync('psql', [db.url, '-qAt', '-F', ' ', '-c', pendingSql], { encoding: 'utf8' }).trim().split(' ').map(Number);
  const [pendingAtEnd, batchesAtEnd] = pendingNow();
  const t3 = performance.now();
  // With BENCH_DISPATCHER=0 nothing processes them: not waited for (the figures below then say so).
  const noDispatcher = process.env.BENCH_DISPATCHER === '0' && !SPLIT;
  while (!noDispatcher && pendingNow()[0] > 0 && performance.now() - t3 < 600_000) await new Promise((r) => setTimeout(r, 250));
  const catchUpS = Number(((performance.now() - t3) / 1000).toFixed(1));
  const catchUpUs = { server: Math.round(((await serverCpuMs(server.child)) - srv1) * 1000 / ROWS), postgres: Math.round(postgresCpuMsSince(pg1) * 1000 / ROWS) };
  const indexedRps = Math.round(ROWS / (importS + catchUpS));
  const alertsRaised = Number(execFileSync('psql', [db.url, '-qAt', '-c', 'SELECT count(*) FROM alerts'], { encoding: 'utf8' }).trim());
  console.log(`${TARGETS} active priority targets; the imported persons raised ${alertsRaised} alerts`);
  if (noDispatcher) console.log(`at the import's end ${pendingAtEnd} outbox events were pending, none processed: the dispatcher is off (BENCH_DISPATCHER=0)`);
  else console.log(`at the import's end ${pendingAtEnd} outbox events were pending (${batchesAtEnd} of them batches of ~1,000 records whose persons were still to index); the dispatcher finished them ${catchUpS} s later (CPU per row meanwhile: server ${catchUpUs.server} µs, postgres ${catchUpUs.postgres} µs): every row imported and indexed at ${indexedRps} rows/s`);
  if (res.status !== 201 || res.body.created !== ROWS) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  const importRps = ROWS / importS;
  let dispatchLag: Record<string, number> | null = null;
  if (probing && idle) {
    const p = await probing;
    const during = summary(p.latencies);
    console.log(`registrations at ${PROBE_RATE}/s during the import: p50 ${during.p50_ms} ms, p99 ${during.p99_ms} ms, max ${during.max_ms} ms (${during.n}, ${p.failed} failed)`);
    // How long the outbox dispatcher took to pick up the events of the registrations made during the import (entity
    // index, then the priority targets' check): waited for until all are processed, at most two minutes.
    const lagSql = `SELECT count(*) FILTER (WHERE processed_at IS NULL) AS pending,
        round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at) * 1000)) AS p50,
        round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - created_at) * 1000)) AS p99,
        round(max(extract(epoch FROM processed_at - created_at) * 1000)) AS max
      FROM outbox WHERE type = 'detention.registered' AND created_at >= '${importStart}'`;
    let lag: string[] = [];
    for (let i = 0; i < 240; i++) {
      lag = execFileSync('psql', [db.url, '-qAt', '-F', ' ', '-c', lagSql], { encoding: 'utf8' }).trim().split(' ');
      if (lag[0] === '0') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    console.log(`their events picked up by the dispatcher after p50 ${lag[1]} ms, p99 ${lag[2]} ms, max ${lag[3]} ms (${lag[0]} still pending)`);
    dispatchLag = { p50_ms: Number(lag[1]), p99_ms: Number(lag[2]), max_ms: Number(lag[3]), pending: Number(lag[0]) };
    writeResult('detentions-api-during-import', {
      figure: `p99 latency of POST /api/detentions at ${PROBE_RATE} req/s while POST /api/detentions/import loads ${ROWS.toLocaleString('en')} CSV rows on the same server, PostgreSQL`,
      value: during.p99_ms, unit: 'ms', baseline: idle.p99_ms, baseline_figure: `the same registrations at ${PROBE_RATE} req/s for 10 s before the import, nothing else running`,
      ratio: Number((during.p99_ms / idle.p99_ms).toFixed(2)), during, idle, failed: p.failed, server_event_loop_delay: loop, dispatch_lag: dispatchLag, import_rows_per_s: Math.round(importRps),
      command: `PROBE_RATE=${PROBE_RATE} ROWS=${ROWS} npx tsx bench/detentions/bulk.ts`,
    });
  }
  console.log(`import: ${ROWS} rows in ${importS.toFixed(1)} s = ${Math.round(importRps)} rows/s (rejected ${res.body.rejected}); CPU per row: server ${serverUs.toFixed(0)} µs${workerUs != null ? `, worker ${workerUs.toFixed(0)} µs` : ''}, postgres ${pgUs.toFixed(0)} µs (the dispatcher's indexing included, as far as it got)`);
  console.log(`the server's event loop during the import: timers late by p50 ${loop?.p50_ms} ms, p99 ${loop?.p99_ms} ms, max ${loop?.max_ms} ms`);

  // The server's outbox dispatcher is still indexing the imported mentions: stop it, so the COPY has the machine to
  // itself as the import had (the import shared it with that indexing, as production would).
  await server.stop();
  await stopWorker();
  const psql = (cmd: string) => execFileSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const cols = psql(`SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'detentions'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`).trim();
  psql(`\\copy (SELECT ${cols} FROM detentions WHERE source = 'bench-bulk' ORDER BY entidad, id) TO '${copyFile}' CSV`);
  psql('TRUNCATE detentions CASCADE');
  psql('CHECKPOINT');
  // COPY FROM STDIN from a client that stays connected, so its backend's CPU can be read before it exits.
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const cp0 = postgresCpuByPid();
  const t2 = performance.now();
  await pipeline(fs.createReadStream(copyFile), client.query(copyFrom(`COPY detentions (${cols}) FROM STDIN (FORMAT csv)`)));
  const copyS = (performance.now() - t2) / 1000;
  const copyPgUs = postgresCpuMsSince(cp0) * 1000 / ROWS;
  await client.end();
  const copyRps = ROWS / copyS;
  const n = Number(psql('SELECT count(*) FROM detentions').trim());
  if (n !== ROWS) throw new Error(`COPY loaded ${n} rows`);
  console.log(`raw COPY of the same rows: ${copyS.toFixed(1)} s = ${Math.round(copyRps)} rows/s; postgres CPU per row ${copyPgUs.toFixed(0)} µs`);
  const ratio = Number((importRps / copyRps).toFixed(2));
  if (PROBE_RATE) {
    console.log(`ratio import/COPY = ${ratio} (not recorded: the probe's registrations shared the import's machine)`);
  }
  const file = PROBE_RATE ? null : writeResult(SPLIT ? 'detentions-bulk-import-worker' : 'detentions-bulk-import', {
    figure: `POST /api/detentions/import of ${ROWS.toLocaleString('en')} CSV rows (multipart over HTTP, validated, folios, events, audit, rollup), PostgreSQL${SPLIT ? ', server with OUTBOX_DISPATCHER=0 beside a `sereno worker` process' : ''}`,
    value: Math.round(importRps), unit: 'rows/s', baseline: Math.round(copyRps), baseline_figure: 'COPY FROM STDIN of the same rows into the same emptied table', ratio,
    cpu_per_row_us: { server: Math.round(serverUs), ...(workerUs != null ? { worker: Math.round(workerUs) } : {}), postgres: Math.round(pgUs), raw_copy_postgres: Math.round(copyPgUs) },
    watchlist: { active_targets: TARGETS, alerts_raised: alertsRaised }, server_event_loop_delay_ms: loop, outbox_pending_at_end: pendingAtEnd, ...(noDispatcher ? { dispatcher: 'off (BENCH_DISPATCHER=0): the rows are not indexed' } : { index_caught_up_s: catchUpS, catch_up_cpu_per_row_us: catchUpUs, imported_and_indexed_rows_per_s: indexedRps }), import_s: Number(importS.toFixed(1)), copy_s: Number(copyS.toFixed(1)), csv_mb: Math.round(bytes / 1e6), order: process.env.SHUFFLED ? 'shuffled' : 'chronological', goal: 'ratio >= 0.5',
    command: SPLIT ? 'BENCH_WORKER=1 npx tsx bench/detentions/bulk.ts' : 'npx tsx bench/detentions/bulk.ts',
  });
  if (file) console.log(`ratio import/COPY = ${ratio}; wrote ${file}`);
} finally {
  await server.stop();
  await stopWorker();
  await db.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
