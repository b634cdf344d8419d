/**
 * Diagnostic, not a benchmark figure: importDetentions() in-process on PostgreSQL (its own database) with a CSV of N
 * rows, printing node CPU and the time spent per statement (pg's Client.query wrapped). Run:
 * N=20000 npx tsx bench/detentions/_imp.ts   (KEEP=1 keeps the database; DRAIN=1 then runs the outbox handlers over the
 * import's events — the entity index and the watchlist check — and prints their CPU and statements the same way;
 * PRE_SQL='…' runs a schema change first, e.g. an index dropped, to compare)
 */
import pg from 'pg';
import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
const timings = new Map<string, { n: number; ms: number; bytes: number }>();
// What each statement sends as parameters (characters of their text form), to find a statement that ships bulk data.
const paramChars = (vs: unknown) => (Array.isArray(vs) ? vs.reduce((a: number, v) => a + (v == null ? 0 : typeof v === 'string' ? v.length : Array.isArray(v) ? JSON.stringify(v).length : String(v).length), 0) : 0);
const orig = pg.Client.prototype.query as any;
(pg.Client.prototype as any).query = function (this: any, cfg: any, values?: any, cb?: any) {
  const text: string = typeof cfg === 'string' ? cfg : cfg?.text ?? '';
  const key = text.replace(/\s+/g, ' ').slice(0, 70);
  const t = performance.now();
  const bytes = paramChars(Array.isArray(values) ? values : cfg?.values);
  const r = orig.call(this, cfg, values, cb);
  if (r && typeof r.then === 'function') r.then(() => { const e = timings.get(key) ?? { n: 0, ms: 0, bytes: 0 }; e.n++; e.ms += performance.now() - t; e.bytes += bytes; timings.set(key, e); }, () => {});
  return r;
};
import { openDatabase } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { MODULES } from '../../src/modules/index.js';
import { makeActor } from '../../src/core/access.js';
import { importDetentions } from '../../src/modules/detentions/detentions.import.js';
import { OutboxDispatcher } from '../../src/core/outbox.js';
import { createBenchDatabase, listTargets, postgresCpuMs, syntheticBodies } from './common.js';
const bdb = await createBenchDatabase('bench_detentions_imp');
// STMT_STATS=1: PostgreSQL logs each statement's parse, plan and execution CPU to its server log; read them with
// `python3 bench/detentions/_stmtstats.py <log> <byte offset printed here>`.
if (process.env.STMT_STATS) {
  const c = new pg.Client({ connectionString: bdb.url });
  await c.connect();
  await c.query(`ALTER DATABASE ${new URL(bdb.url).pathname.slice(1)} SET log_executor_stats = on`); await c.query(`ALTER DATABASE ${new URL(bdb.url).pathname.slice(1)} SET log_planner_stats = on`); await c.query(`ALTER DATABASE ${new URL(bdb.url).pathname.slice(1)} SET log_parser_stats = on`);
  await c.end();
}
const database = await openDatabase({ databaseUrl: bdb.url });
await migrate(database.pool);
for (const m of MODULES) if (m.seed) await m.seed(database);
// PRE_SQL='…': a schema change to try before the import (an index dropped, a storage parameter), to compare.
if (process.env.PRE_SQL) await database.pool.query(process.env.PRE_SQL);
await listTargets(bdb.url, Number(process.env.TARGETS ?? 0)); // TARGETS=1000: a watchlist the import's persons are checked against
const inst = await database.db.insertInto('institutions').values({ entidad: '14', type: 'c5', name: 'imp' }).returning('id').executeTakeFirstOrThrow();
const actor = makeActor({ type: 'api_key', id: 1, name: 'api:imp', roles: ['capturist'], institutionId: Number(inst.id), entidad: '14', captureScope: 'institution', viewScope: 'entidad' });
const body = syntheticBodies(1, { entidad: '14', now: new Date(), spreadDays: Number(process.env.SPREAD ?? 360), idPrefix: 'imp', orderedCount: Number(process.env.N ?? 5000) });
const COLUMNS = ['external_id', 'fecha_hora_registro', 'nombre', 'apellido_paterno', 'apellido_materno', 'edad', 'sexo', 'entidad', 'municipio', 'fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'offence_codes', 'agentes', 'autoridad_destino_tipo', 'autoridad_destino_nombre', 'lugar_traslado'];
const lines = [COLUMNS.join(',')];
for (let i = 0; i < Number(process.env.N ?? 5000); i++) {
  const b = body(i);
  lines.push([b.external_id, b.fecha_hora_registro, b.persona.nombre, b.persona.apellido_paterno, b.persona.apellido_materno, b.persona.edad, b.persona.sexo, '14', b.lugar.municipio, b.fecha_hora_detencion, `"${b.motivo}"`, b.tipo, b.supuesto, b.offence_codes.join('|'), 'Luis Pérez|Policía|S1', b.autoridad_destino.tipo, b.autoridad_destino.nombre, b.lugar_traslado].join(','));
}
// The file in 64 KB pieces, as an upload arrives (one 20 MB piece would be parsed in one go, stalling the loop).
function* chunks(b: Buffer) { for (let i = 0; i < b.length; i += 65536) yield b.subarray(i, i + 65536); }
// BENCH_CPU_PROF=dir: a CPU profile of the import alone (read it with `npx tsx bench/cpuprofile.ts <file>`)
const prof = process.env.BENCH_CPU_PROF ? new Session() : null;
if (prof) { prof.connect(); await prof.post('Profiler.enable'); await prof.post('Profiler.start'); }
const pgCpu = postgresCpuMs;
const eld = monitorEventLoopDelay({ resolution: 5 });
eld.enable();
const pg0 = pgCpu();
const cpu0 = process.cpuUsage();
const t = performance.now();
const r = await importDetentions({ db: database.db, actor, now: () => new Date() }, { fileName: 'x.csv', stream: Readable.from(chunks(Buffer.from(lines.join('\n')))) }, { source: 'imp' });
const c = process.cpuUsage(cpu0);
if (prof) {
  const { profile } = await prof.post('Profiler.stop');
  fs.mkdirSync(process.env.BENCH_CPU_PROF!, { recursive: true });
  fs.writeFileSync(`${process.env.BENCH_CPU_PROF}/import.cpuprofile`, JSON.stringify(profile));
}
eld.disable();
console.log(`event loop delay during the import: p50 ${(eld.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(eld.percentile(99) / 1e6).toFixed(1)} ms, max ${(eld.max / 1e6).toFixed(1)} ms`);
console.log('import', r.created, 'rows in', Math.round(performance.now() - t), 'ms; node cpu', Math.round((c.user + c.system) / 1000), 'ms; postgres cpu', pgCpu() - pg0, 'ms');
console.log([...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 14).map(([k, v]) => `${Math.round(v.ms)} ms total, ${(v.ms / v.n).toFixed(1)} ms x${v.n}, params ${Math.round(v.bytes / v.n / 1024)} KB each  ${k}`).join('\n'));
if (process.env.DRAIN) {
  timings.clear();
  const dispatcher = new OutboxDispatcher(database.db, undefined, 500, 200);
  for (const m of MODULES) for (const h of m.handlers?.(database) ?? []) dispatcher.register(h);
  if (prof) await prof.post('Profiler.start');
  const p0 = pgCpu(), c0 = process.cpuUsage(), t0 = performance.now();
  let n = 0;
  for (let i = 0; i < 20; i++) { const k = await dispatcher.drain(); n += k; if (k === 0) break; }
  const cd = process.cpuUsage(c0);
  console.log('handlers:', n, 'events in', Math.round(performance.now() - t0), 'ms; node cpu', Math.round((cd.user + cd.system) / 1000), 'ms; postgres cpu', pgCpu() - p0, 'ms');
  console.log([...timings].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10).map(([k, v]) => `${Math.round(v.ms)} ms total, ${(v.ms / v.n).toFixed(1)} ms x${v.n}, params ${Math.round(v.bytes / v.n / 1024)} KB each  ${k}`).join('\n'));
  if (prof) fs.writeFileSync(`${process.env.BENCH_CPU_PROF}/drain.cpuprofile`, JSON.stringify((await prof.post('Profiler.stop')).profile));
}
await database.close();
if (!process.env.KEEP) await bdb.drop();
