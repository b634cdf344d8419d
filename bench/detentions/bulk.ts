/**
 * Bulk import of ROWS detentions through POST /api/detentions/import (a CSV streamed as multipart over HTTP on
 * 127.0.0.1, validated row by row, 1,000-row transactions with folios, outbox events, hash-chained audit rows and
 * the dashboard rollup) against a raw COPY of the very same rows into the same, emptied table in the same run
 * (COPY FROM STDIN of the rows the import produced: the table's indexes, generated column and foreign keys apply to both).
 * Also prints the CPU each costs per row (server process and every postgres process, Linux /proc): the ratio of
 * those is steadier than the ratio of rates on a machine whose speed drifts.
 * Rows are in chronological order, as a registry's export is (SHUFFLED=1 spreads each batch over the whole year).
 * PostgreSQL, in its own database (dropped after). Run: npx tsx bench/detentions/bulk.ts   (ROWS=1000000)
 * BENCH_WORKER=1 measures the split deployment instead: the server with OUTBOX_DISPATCHER=0 beside a `sereno worker`
 * process (written to detentions-bulk-import-worker.json; the worker's CPU is reported on its own).
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
import { createBenchDatabase, postgresCpuByPid, postgresCpuMsSince, serverCpuMs, startServer, syntheticBodies, writeResult } from './common.js';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const SPLIT = process.env.BENCH_WORKER === '1';
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

const db = await createBenchDatabase('bench_detentions_bulk');
const server = await startServer(db.url, SPLIT ? { OUTBOX_DISPATCHER: '0' } : {});
// The split deployment's worker: the CLI itself, started the way a service unit would start it.
const worker: ChildProcess | null = SPLIT
  ? spawn(process.execPath, ['--max-semi-space-size=64', path.join(import.meta.dirname, '../../bin/sereno.mjs'), 'worker'], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] })
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
  const srv0 = await serverCpuMs(server.child);
  const wk0 = worker ? procCpuMs(worker.pid!) : 0;
  const pg0 = postgresCpuByPid();
  const t1 = performance.now();
  const res = await upload(server.info.port, server.info.authorization);
  const importS = (performance.now() - t1) / 1000;
  const serverUs = ((await serverCpuMs(server.child)) - srv0) * 1000 / ROWS;
  const workerUs = worker ? (procCpuMs(worker.pid!) - wk0) * 1000 / ROWS : null;
  const pgUs = postgresCpuMsSince(pg0) * 1000 / ROWS;
  if (res.status !== 201 || res.body.created !== ROWS) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  const importRps = ROWS / importS;
  console.log(`import: ${ROWS} rows in ${importS.toFixed(1)} s = ${Math.round(importRps)} rows/s (rejected ${res.body.rejected}); CPU per row: server ${serverUs.toFixed(0)} µs${workerUs != null ? `, worker ${workerUs.toFixed(0)} µs` : ''}, postgres ${pgUs.toFixed(0)} µs (the dispatcher's indexing included, as far as it got)`);

  // The server's outbox dispatcher is still indexing the imported mentions: stop it, so the COPY has the machine to
  // itself as the import had (the import shared it with that indexing, as production would).
  await server.stop();
  await stopWorker();
  const psql = (cmd: string) => execFileSync('psql', [db.url, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const cols = psql(`SELECT string_agg(attname, ',' ORDER BY attnum) FROM pg_attribute WHERE attrelid = 'detentions'::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''`).trim();
  psql(`\\copy (SELECT ${cols} FROM detentions ORDER BY entidad, id) TO '${copyFile}' CSV`);
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
  const file = writeResult(SPLIT ? 'detentions-bulk-import-worker' : 'detentions-bulk-import', {
    figure: `POST /api/detentions/import of ${ROWS.toLocaleString('en')} CSV rows (multipart over HTTP, validated, folios, events, audit, rollup), PostgreSQL${SPLIT ? ', server with OUTBOX_DISPATCHER=0 beside a `sereno worker` process' : ''}`,
    value: Math.round(importRps), unit: 'rows/s', baseline: Math.round(copyRps), baseline_figure: 'COPY FROM STDIN of the same rows into the same emptied table', ratio,
    cpu_per_row_us: { server: Math.round(serverUs), ...(workerUs != null ? { worker: Math.round(workerUs) } : {}), postgres: Math.round(pgUs), raw_copy_postgres: Math.round(copyPgUs) },
    import_s: Number(importS.toFixed(1)), copy_s: Number(copyS.toFixed(1)), csv_mb: Math.round(bytes / 1e6), order: process.env.SHUFFLED ? 'shuffled' : 'chronological', goal: 'ratio >= 0.5',
    command: SPLIT ? 'BENCH_WORKER=1 npx tsx bench/detentions/bulk.ts' : 'npx tsx bench/detentions/bulk.ts',
  });
  console.log(`ratio import/COPY = ${ratio}; wrote ${file}`);
} finally {
  await server.stop();
  await stopWorker();
  await db.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
