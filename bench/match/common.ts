/**
 * Shared pieces of the person-match benchmarks: a database of their own (PostgreSQL: created and dropped; PGlite: in
 * memory), synthetic Mexican names with a skewed (Zipf-like) surname distribution, and the bulk load of mentions.
 */
import os from 'node:os';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/core/db.js';
import { migrate } from '../../src/core/migrate.js';
import { personKeys, type PersonInput } from '../../src/matching/index.js';
import { mulberry32 } from '../../src/core/random.js';
import { MODULES } from '../../src/modules/index.js';

export const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const dbUrl = (name: string) => PG_URL.replace(/\/[^/?]*(\?|$)/, `/${name}$1`);
export const MACHINE = `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB`;
export const loadAverage = () => os.loadavg().map((x) => Math.round(x * 100) / 100);

/** Opens a fresh, migrated and seeded database: PostgreSQL database `name` (dropped first), or PGlite in memory. */
export async function openBenchDatabase(backend: 'postgresql' | 'pglite', name: string): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!/^sereno_bench_[a-z0-9_]+$/.test(name)) throw new Error(`refusing to manage database ${name}`);
  const admin = async (q: string) => { const c = new pg.Client({ connectionString: PG_URL }); await c.connect(); await c.query(q); await c.end(); };
  if (backend === 'postgresql') {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
  }
  const database = await openDatabase(backend === 'postgresql' ? { databaseUrl: dbUrl(name), poolSize: 10 } : { dataDir: 'memory://' });
  await migrate(database.pool);
  for (const m of MODULES) if (m.seed) await m.seed(database);
  return {
    database,
    drop: async () => { await database.close(); if (backend === 'postgresql') await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`); },
  };
}

const SURNAMES = ['Hernández', 'García', 'Martínez', 'López', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores', 'Gómez', 'Morales',
  'Vázquez', 'Reyes', 'Jiménez', 'Torres', 'Díaz', 'Gutiérrez', 'Ruiz', 'Mendoza', 'Aguilar', 'Ortiz', 'Moreno', 'Castillo', 'Romero', 'Álvarez', 'Méndez',
  'Chávez', 'Rivera', 'Juárez', 'Ramos', 'Domínguez', 'Herrera', 'Medina', 'Castro', 'Vargas', 'Guzmán', 'Velázquez', 'Muñoz', 'Rojas', 'De la Cruz', 'Contreras',
  'Salazar', 'Luna', 'Ortega', 'Santiago', 'Guerrero', 'Estrada', 'Bautista', 'Cortés', 'Soto', 'Alvarado', 'Espinoza', 'Lara', 'Ávila', 'Ríos', 'Cervantes',
  'Silva', 'Delgado', 'Vega', 'Márquez', 'Sandoval', 'Carrillo', 'León', 'Mejía', 'Solís', 'Rosas', 'Ibarra', 'Valdez', 'Núñez', 'Campos', 'Santos', 'Camacho',
  'Navarro', 'Peña', 'Maldonado', 'Rosales', 'Acosta', 'Miranda', 'Trejo', 'Valencia', 'Nava', 'Pacheco', 'Huerta', 'Padilla', 'Villalobos', 'Zamora', 'Benítez',
  'Escobar', 'Villanueva', 'Zúñiga', 'Montes', 'Cabrera', 'Osorio', 'Calderón', 'Galván', 'Fuentes', 'Arellano', 'Becerra', 'Olvera', 'Bravo', 'Quintero'];
const MALE = ['José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel Ángel', 'Francisco', 'Jesús', 'Pedro', 'Ricardo', 'Alejandro', 'Fernando', 'Roberto', 'Eduardo',
  'Javier', 'Manuel', 'Antonio', 'Sergio', 'Daniel', 'Arturo', 'Raúl', 'Guillermo', 'José Luis', 'Juan Carlos', 'Víctor', 'Mario', 'Óscar', 'Alberto', 'Héctor',
  'Enrique', 'Rafael', 'Martín', 'Ignacio', 'Salvador', 'Gerardo', 'Rubén', 'Hugo', 'Adrián', 'Gustavo', 'Iván', 'Ernesto', 'Alfredo', 'José Antonio', 'Armando'];
const FEMALE = ['María Guadalupe', 'Ana', 'Verónica', 'Alejandra', 'Rosa María', 'Daniela', 'Patricia', 'Gabriela', 'Leticia', 'Adriana', 'Claudia', 'Laura',
  'María Elena', 'Silvia', 'Martha', 'Sandra', 'Elizabeth', 'Mónica', 'Araceli', 'Yolanda', 'Guadalupe', 'Diana', 'Karla', 'Fernanda', 'Lucía', 'Beatriz'];
const ALIASES = ['El Flaco', 'El Gordo', 'El Güero', 'El Chino', 'El Negro', 'El Pelón', 'El Chaparro', 'El Tuerto', 'El Cholo', 'El Gallo', 'El Tigre', 'El Pollo'];

const SYL_A = ['Al', 'Ar', 'Be', 'Ca', 'Ce', 'Cor', 'Du', 'Es', 'Fa', 'Ga', 'Gal', 'Ho', 'Ir', 'La', 'Lo', 'Ma', 'Mon', 'Na', 'Ol', 'Pa', 'Que', 'Ro', 'Sa', 'Ta', 'Ur', 'Va', 'Za', 'Ya', 'Bal', 'Tre'];
const SYL_B = ['ba', 'ce', 'da', 'go', 'la', 'li', 'ma', 'me', 'ne', 'ri', 'ro', 'sa', 'te', 'to', 'va', 'za', 'qui', 'rre', 'lle', 'ño'];
const SYL_C = ['des', 'do', 'les', 'nez', 'ra', 'rez', 'ro', 'sa', 'tes', 'no', 'ña', 'jo', 'gas', 'cio', 'llo'];
/** ~9,000 pronounceable synthetic surnames, and given names drawn from the same syllables. */
const TAIL_SURNAMES = SYL_A.flatMap((a) => SYL_B.flatMap((b) => SYL_C.map((c) => a + b + c)));
const TAIL_GIVEN = SYL_A.flatMap((a) => SYL_B.map((b) => `${a}${b}${'o'}`)).slice(0, 600);

/** A Zipf-like draw: item i has weight 1 / (i + 1)^s. */
function zipf<T>(xs: readonly T[], s: number, rnd: () => number): () => T {
  const w = xs.map((_, i) => 1 / (i + 1) ** s);
  const cum: number[] = [];
  w.reduce((a, b, i) => (cum[i] = a + b), 0);
  const total = cum[cum.length - 1];
  return () => {
    const x = rnd() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (cum[mid] < x) lo = mid + 1; else hi = mid; }
    return xs[lo];
  };
}

/** A deterministic generator of synthetic persons as registries write them. */
export function personGenerator(seed: number) {
  const rnd = mulberry32(seed);
  // Calibrated on the published shares of Mexican surnames (Hernández ≈ 3.3 %, García ≈ 2.4 %, then a long tail):
  // a skewed head of 104 common surnames for 65 % of draws, a long tail of ~2,000 rarer ones for the rest.
  const head = zipf(SURNAMES, 0.5, rnd);
  const tail = zipf(TAIL_SURNAMES, 0.3, rnd);
  const surname = () => (rnd() < 0.65 ? head() : tail());
  const male = zipf([...MALE, ...TAIL_GIVEN.slice(0, 300)], 0.7, rnd);
  const female = zipf([...FEMALE, ...TAIL_GIVEN.slice(300)], 0.7, rnd);
  return (): PersonInput & { sexo: 'H' | 'M' } => {
    const sexo = rnd() < 0.85 ? 'H' : 'M';
    const y = 1960 + Math.floor(rnd() * 46), m = 1 + Math.floor(rnd() * 12), d = 1 + Math.floor(rnd() * 28);
    return {
      nombre: sexo === 'H' ? male() : female(), apellido_paterno: surname(), apellido_materno: rnd() < 0.95 ? surname() : null, sexo,
      fecha_nacimiento: rnd() < 0.6 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null,
      alias: rnd() < 0.1 ? [ALIASES[Math.floor(rnd() * ALIASES.length)]] : [],
    };
  };
}

/** A spelling variant as another registry might write the same person (b/v, s/z, dropped accents, nickname-free). */
export function variantOf(p: PersonInput, rnd: () => number): PersonInput {
  const swap = (s: string | null | undefined) => s ? s.replace(/v/g, 'b').replace(/z/g, 's').replace(/ll/g, 'y').normalize('NFD').replace(/[\u0300-\u036f]/g, '') : s;
  return rnd() < 0.5
    ? { ...p, apellido_paterno: swap(p.apellido_paterno), apellido_materno: rnd() < 0.3 ? null : p.apellido_materno }
    : { nombre_completo: `${p.apellido_paterno ?? ''} ${p.apellido_materno ?? ''} ${p.nombre ?? ''}`.toUpperCase(), fecha_nacimiento: p.fecha_nacimiento, sexo: p.sexo };
}

const arr = (xs: string[]) => `{${xs.map((x) => `"${x.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;
const ENTIDADES = Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0'));

/**
 * Loads `n` synthetic detention mentions (keys computed by src/matching, as the index does), with the table's
 * secondary indexes dropped during the load and rebuilt afterwards (the same definitions), then ANALYZE.
 * Returns a sample of the stored persons for drawing queries.
 */
export async function loadMentions(database: Database, n: number, seed: number, log: (s: string) => void): Promise<PersonInput[]> {
  const gen = personGenerator(seed);
  const pool = database.pool;
  const { rows: idx } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'person_mentions' AND indexname <> 'person_mentions_pkey'`);
  for (const i of idx) await pool.query(`DROP INDEX ${i.indexname}`);
  const sample: PersonInput[] = [];
  const batch = 5000;
  const t0 = performance.now();
  const rnd = mulberry32(seed + 1);
  for (let start = 0; start < n; start += batch) {
    const cols: string[][] = Array.from({ length: 10 }, () => []);
    for (let i = start; i < Math.min(n, start + batch); i++) {
      const p = gen();
      if (i % Math.max(1, Math.floor(n / 2000)) === 0) sample.push(p);
      const k = personKeys(p);
      const at = new Date(Date.UTC(2024, 0, 1) + Math.floor(rnd() * 3 * 365 * 86_400_000));
      const row = [ENTIDADES[Math.floor(rnd() * 32)], String(i + 1), `RND-BENCH-${i + 1}`, at.toISOString(), k.fullName,
        arr(k.blockingKeys), k.birthDate ?? '', k.sex ?? '', arr(k.aliases), JSON.stringify(p)];
      row.forEach((v, c) => cols[c].push(v));
    }
    await pool.query(`INSERT INTO person_mentions (entidad, registry, record_id, label, institution_id, observed_at, full_name,
        blocking_keys, curp, fecha_nacimiento, sexo, aliases, persona, source_version, indexed_at)
      SELECT e, 'detention', r, l, NULL, o::timestamptz, f, bk::text[], NULL, NULLIF(fn, '')::date, NULLIF(sx, ''), al::text[], p::jsonb, 1, now()
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
        AS u(e, r, l, o, f, bk, fn, sx, al, p)`, cols);
    if ((start / batch) % 20 === 0) log(`  ${start + batch} rows (${Math.round((performance.now() - t0) / 1000)} s)`);
  }
  log(`  loaded ${n} rows in ${Math.round((performance.now() - t0) / 1000)} s; building ${idx.length} indexes`);
  const t1 = performance.now();
  const client = await pool.connect();
  try {
    if (database.kind === 'postgresql') await client.query(`SET maintenance_work_mem = '1GB'`);
    for (const i of idx) await client.query(i.indexdef);
    await client.query('ANALYZE person_mentions');
  } finally { client.release(); }
  log(`  indexes built in ${Math.round((performance.now() - t1) / 1000)} s`);
  return sample;
}

/** The p-th percentile (nearest rank). */
export function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}
export const r1 = (x: number) => Math.round(x * 10) / 10;
