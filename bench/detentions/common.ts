/**
 * Shared pieces of the detention benchmarks: their own PostgreSQL databases (created and dropped), a server in a
 * child process (so the load generator does not share its event loop), synthetic rows, percentiles, result files.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { personKeys } from '../../src/matching/index.js';
import { mulberry32 } from '../../src/core/random.js';

/** The repository root. */
export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The PostgreSQL server the benchmarks create their databases on (BENCH_PG_URL). */
export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/** This machine, as the result files record it. */
export const MACHINE = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;

/** A URL for another database on the same server. */
export const dbUrl = (name: string) => PG_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);

/** Creates (after dropping any leftover) a benchmark database; returns its URL and a dropper. */
export async function createBenchDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!/^bench_detentions_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to manage database ${name}`);
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    url: dbUrl(name),
    drop: async () => {
      const a = new pg.Client({ connectionString: PG_URL });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * The node flags npm start gives the server (package.json): a young generation in which a bulk file's rows die young.
 * BENCH_SEMI_SPACE=<MB> runs the benchmark server with another size, to compare.
 */
export const SERVER_NODE_FLAGS = [`--max-semi-space-size=${process.env.BENCH_SEMI_SPACE ?? 64}`];

/** What the benchmark server child reports once it listens. */
export interface ServerInfo { port: number; authorization: string; institutionId: number }

/** Starts bench/detentions/server.ts in a child process (PostgreSQL when `databaseUrl` is set, else PGlite in memory). */
export async function startServer(databaseUrl: string | null, extraEnv: Record<string, string> = {}): Promise<{ info: ServerInfo; child: ChildProcess; stop: () => Promise<void> }> {
  const child = fork(path.join(ROOT, 'bench/detentions/server.ts'), [], {
    execArgv: [...SERVER_NODE_FLAGS, '--import', 'tsx', ...(process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [])], env: { ...process.env, BENCH_DATABASE_URL: databaseUrl ?? '', ...extraEnv }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<ServerInfo>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 120 s')), 120_000);
    child.once('message', (m) => { clearTimeout(timer); resolve(m as ServerInfo); });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return {
    info, child,
    stop: async () => {
      if (child.exitCode != null) return;
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    },
  };
}

/** CPU milliseconds used so far by every postgres process on this machine (server, backends, WAL writer…, and the backends that exited; Linux /proc). */
export function postgresCpuMs(): number {
  let ms = 0;
  for (const t of postgresCpuByPid().values()) ms += t;
  return ms;
}

/** CPU milliseconds of each running postgres process, by pid, and of the processes each has reaped (under -pid). */
export function postgresCpuByPid(): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(pid), (Number(f[11]) + Number(f[12])) * 10); // USER_HZ = 100
      // A backend that exits (a pooled connection idle for 10 s is closed) takes its CPU with it; the postmaster
      // collects it as its children's time (cutime, cstime), kept here under the negated pid.
      const children = (Number(f[13]) + Number(f[14])) * 10;
      if (children) out.set(-Number(pid), children);
    } catch { /* the process ended */ }
  }
  return out;
}

/**
 * CPU milliseconds postgres processes used since `before` (from postgresCpuByPid): a backend that exited in between
 * drops out instead of making the sum negative (pool connections close when idle), so keep them busy or alive.
 */
export function postgresCpuMsSince(before: Map<number, number>): number {
  let ms = 0;
  for (const [pid, t] of postgresCpuByPid()) ms += t - (before.get(pid) ?? 0);
  return ms;
}

/** CPU milliseconds the benchmark server process has used so far (asked over IPC). */
export function serverCpuMs(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (m && typeof m === 'object' && 'cpuMs' in m) { child.off('message', on); resolve((m as { cpuMs: number }).cpuMs); }
    };
    child.on('message', on);
    child.send({ cpu: true });
  });
}

/** Resets the benchmark server's event-loop delay histogram (`reset`) or reads it (`read`: timer lateness in ms). */
export function serverLoopDelay(child: ChildProcess, op: 'reset' | 'read'): Promise<{ p50_ms: number; p99_ms: number; max_ms: number } | null> {
  if (op === 'reset') { child.send({ loopDelay: 'reset' }); return Promise.resolve(null); }
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if (m && typeof m === 'object' && 'loopDelay' in m) { child.off('message', on); resolve((m as { loopDelay: { p50_ms: number; p99_ms: number; max_ms: number } }).loopDelay); }
    };
    child.on('message', on);
    child.send({ loopDelay: 'read' });
  });
}

/** The p-th percentile (nearest rank) of a list of numbers. */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** Writes bench/results/<name>.json and returns the path. */
export function writeResult(name: string, result: Record<string, unknown>): string {
  const dir = path.join(ROOT, 'bench/results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ ...result, date: new Date().toISOString(), machine: MACHINE }, null, 2)}\n`);
  return file;
}

const NOMBRES = ['José', 'Juan', 'María Guadalupe', 'Luis', 'Carlos', 'Ana', 'Jorge', 'Miguel Ángel', 'Verónica', 'Francisco', 'Alejandra', 'Jesús', 'Pedro', 'Rosa María', 'Ricardo', 'Daniela'];
const APELLIDOS = ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales', 'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Núñez', 'Ávila'];
const FALTAS = ['FA-ALC-VIA', 'FA-ORD-PUB', 'FA-RIN', 'FA-EBR-CON'];
const DELITOS = ['D-PAT-ROB-TRN', 'D-SOC-NAR', 'D-FAM-VIO', 'D-VID-LES-DOL', 'D-PAT-ROB-NEG'];

/** A deterministic stream of synthetic registrations (JSON bodies as the API takes them). */
export function syntheticBodies(seed: number, opts: { entidad: string; now: Date; spreadDays: number; idPrefix: string; orderedCount?: number }) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  return (i: number) => {
    const falta = rnd() < 0.6;
    // In chronological order when orderedCount is given (a registry's export is), else uniformly at random.
    const back = opts.orderedCount ? (1 - i / opts.orderedCount) * opts.spreadDays * 86_400_000 + Math.floor(rnd() * 1_800_000) : Math.floor(rnd() * opts.spreadDays * 86_400_000);
    const at = new Date(opts.now.getTime() - 60 * 60_000 - back);
    return {
      source: 'bench', external_id: `${opts.idPrefix}-${i}`, fecha_hora_registro: new Date(at.getTime() + Math.floor(rnd() * 40) * 60_000).toISOString(),
      persona: { nombre: pick(NOMBRES), apellido_paterno: pick(APELLIDOS), apellido_materno: pick(APELLIDOS), edad: 18 + Math.floor(rnd() * 45), sexo: rnd() < 0.85 ? 'H' : 'M', senas_particulares: rnd() < 0.3 ? 'Tatuaje en el antebrazo' : null },
      lugar: { entidad: opts.entidad, municipio: String(1 + Math.floor(rnd() * 120)).padStart(3, '0'), domicilio: `Calle ${pick(APELLIDOS)} ${1 + Math.floor(rnd() * 900)}` },
      fecha_hora_detencion: at.toISOString(),
      motivo: falta ? 'Falta al bando de policía y buen gobierno; reporte al 9-1-1' : 'Detenido en flagrancia tras el señalamiento de la víctima',
      tipo: falta ? 'falta_administrativa' : 'hecho_probablemente_delictivo',
      supuesto: falta ? 'arresto_administrativo' : 'flagrancia',
      offence_codes: [falta ? pick(FALTAS) : pick(DELITOS)],
      autoridad_detencion: { agentes: [{ nombre: `${pick(NOMBRES)} ${pick(APELLIDOS)}`, cargo: 'Policía Primero', unidad: 'Sector Centro' }] },
      autoridad_destino: falta ? { tipo: 'juez_civico', nombre: 'Juzgado Cívico Zona Centro' } : { tipo: 'ministerio_publico', nombre: 'Agencia del Ministerio Público de Detenidos' },
      lugar_traslado: falta ? 'Juzgado Cívico Zona Centro' : 'Agencia del Ministerio Público de Detenidos',
    };
  };
}

/**
 * A national watchlist of `count` active priority targets (three issuing entidades), listed with SQL before the import,
 * their keys from the same personKeys() the API uses. One in a hundred bears a name the file's generator also draws
 * (it draws from 16 given names and 20 surnames, so each such name is borne by ~1 row in 6,400 and raises alerts); the
 * rest have made-up names that share no key with the file's persons, so every person is still looked up against the
 * whole watchlist's indexes, as in production, without the generator's tiny name pool turning most rows into hits.
 */
export async function listTargets(url: string, count: number): Promise<void> {
  if (count === 0) return;
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const named = syntheticBodies(99, { entidad: '09', now: new Date(), spreadDays: 360, idPrefix: 'target' });
  const syllables = ['xo', 'chi', 'tla', 'cuau', 'tzin', 'ye', 'mo', 'quet', 'zal', 'hu', 'ix', 'tec', 'pa', 'ni', 'ko'];
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  const word = () => { let w = ''; for (let k = 0; k < 3; k++) w += syllables[Math.floor(rnd() * syllables.length)]; return w[0].toUpperCase() + w.slice(1); };
  const rows = [];
  for (let i = 0; i < count; i++) {
    const p = named(i).persona;
    const persona = i % 100 === 0 ? { nombre: p.nombre, apellido_paterno: p.apellido_paterno, apellido_materno: p.apellido_materno, sexo: p.sexo }
      : { nombre: word(), apellido_paterno: word(), apellido_materno: word(), sexo: p.sexo };
    const k = personKeys(persona);
    rows.push({ entidad: ['09', '14', '19'][i % 3], persona, full_name: k.fullName, blocking_keys: k.blockingKeys, phonetic_keys: k.phoneticKeys, aliases: k.aliases, curp: k.curp });
  }
  await c.query(`WITH i AS (INSERT INTO institutions (entidad, type, name) SELECT e, 'c5', 'C5 ' || e FROM unnest(ARRAY['09','14','19']) AS e RETURNING id, entidad)
    INSERT INTO targets (entidad, institution_id, status, persona, reason, classification, valid_from, contact, full_name, blocking_keys, phonetic_keys, aliases, curp,
      created_at, created_by, updated_at, updated_by)
    SELECT x.entidad, i.id, 'active', x.persona, 'Orden de aprehensión vigente', 'orden_de_aprehension', now()::date - 400, '{"nombre":"Guardia C5"}', x.full_name,
      x.blocking_keys, x.phonetic_keys, x.aliases, x.curp, now(), '{"type":"system"}', now(), '{"type":"system"}'
    FROM jsonb_to_recordset($1::jsonb) AS x(entidad char(2), persona jsonb, full_name text, blocking_keys text[], phonetic_keys text[], aliases text[], curp text)
    JOIN i ON i.entidad = x.entidad`, [JSON.stringify(rows)]);
  await c.end();
}
