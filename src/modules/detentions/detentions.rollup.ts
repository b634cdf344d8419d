import { sql, type RawBuilder } from 'kysely';
import type { Database } from '../../core/db.js';
import { CLOCK_FLAGS, DETENTION_RULES, FLAGS, flagConditions, LAG_BUCKETS, lagBucketOf, runningClocks, runningClocksOf, stoppedFlagsOf, type CustodyClock, type DetentionRules, type Flag } from './detentions.rules.js';
import type { DetentionTables } from './detentions.schema.js';
import type { DetentionDb, DetentionTrx } from './detentions.store.js';

/** The registration-lag bucket of a row, as SQL (buckets of LAG_BUCKETS). */
export function lagBucket(alias = 'd'): RawBuilder<string> {
  const lag = sql.ref(`${alias}.registro_lag_min`);
  return sql<string>`CASE ${sql.join(LAG_BUCKETS.map((b) => (b.max == null ? sql`ELSE ${sql.lit(b.key)}` : sql`WHEN ${lag} <= ${sql.lit(b.max)} THEN ${sql.lit(b.key)}`)), sql` `)} END`;
}

/** A row key of detentions. */
export interface DetentionKey { entidad: string; id: number }

/**
 * The rollup rows a set of detentions contributes (each detention counts once per grain — day and month — under
 * each breakdown: total, municipio, tipo, institution, lag bucket, and each offence code), with the flags whose
 * clock has stopped. `keys = 'all'` covers the whole table (rebuild).
 *
 * The day rows come from ONE grouping-sets aggregate over the detentions (plus one over their offence codes), and
 * the month rows from the day rows: a 1,000-row batch aggregates ~6,000 inputs once instead of expanding into
 * ~12,000 (breakdown × grain) rows and sorting them (36–45 → ~10 ms per batch on PostgreSQL, bench machine).
 */
function contributions(keys: DetentionKey[] | 'all' | { rows: RawBuilder<unknown> }, rules: DetentionRules): RawBuilder<unknown> {
  const f = flagConditions('stopped', rules, 'x');
  const run = runningClocks('x');
  // Each detention's flags are evaluated once, in the row source; each key is found through the primary key.
  const row = sql`x.entidad, x.fecha_detencion, x.municipio, x.tipo, x.institution_id, ${lagBucket('x')} AS lag, x.offence_codes,
    ${sql.join(FLAGS.map((fl) => sql`${f[fl]} AS ${sql.ref(`f_${fl}`)}`))}, ${sql.join(CLOCK_FLAGS.map((fl) => sql`${run[fl]} AS ${sql.ref(`r_${fl}`)}`))}`;
  const source = keys === 'all'
    ? sql`SELECT ${row} FROM detentions x`
    : 'rows' in keys ? sql`SELECT ${row} FROM ${keys.rows} x`
    : sql`SELECT ${row} FROM unnest(${keys.map((k) => k.entidad)}::char(2)[], ${keys.map((k) => k.id)}::int8[]) AS k(entidad, id)
      JOIN LATERAL (SELECT * FROM detentions x WHERE x.entidad = k.entidad AND x.id = k.id) AS x ON true`;
  const counted = sql.join([
    sql`count(*)::int AS n`,
    ...FLAGS.map((fl) => sql`(count(*) FILTER (WHERE ${sql.ref(`d.f_${fl}`)}))::int AS ${sql.ref(fl)}`),
    ...CLOCK_FLAGS.map((fl) => sql`(count(*) FILTER (WHERE ${sql.ref(`d.r_${fl}`)}))::int AS ${sql.ref(RUNNING[fl])}`),
  ]);
  const summed = sql.join(COUNTS.map((c) => sql`sum(${sql.ref(c)})::int AS ${sql.ref(c)}`));
  const cols = sql.join(COUNTS.map((c) => sql.ref(c)));
  // In each grouping set exactly one breakdown column is grouped (none for the total).
  const g = (col: string) => sql`grouping(${sql.ref(`d.${col}`)}) = 0`;
  return sql`
    WITH rollup_src AS (${source}),
    rollup_day AS (
      SELECT d.entidad, d.fecha_detencion AS periodo,
             CASE WHEN ${g('municipio')} THEN 'municipio' WHEN ${g('tipo')} THEN 'tipo' WHEN ${g('institution_id')} THEN 'institution' WHEN ${g('lag')} THEN 'lag' ELSE 'total' END AS dim,
             CASE WHEN ${g('municipio')} THEN coalesce(d.municipio, '') WHEN ${g('tipo')} THEN d.tipo WHEN ${g('institution_id')} THEN d.institution_id::text WHEN ${g('lag')} THEN d.lag ELSE '' END AS value,
             ${counted}
      FROM rollup_src d
      GROUP BY d.entidad, d.fecha_detencion, GROUPING SETS ((), (d.municipio), (d.tipo), (d.institution_id), (d.lag))
      UNION ALL
      SELECT d.entidad, d.fecha_detencion, 'offence', o.code, ${counted}
      FROM rollup_src d CROSS JOIN LATERAL unnest(d.offence_codes) AS o(code)
      GROUP BY d.entidad, d.fecha_detencion, o.code)
    SELECT entidad, 'd' AS grain, periodo, dim, value, ${cols} FROM rollup_day
    UNION ALL
    SELECT entidad, 'm', date_trunc('month', periodo::timestamp)::date, dim, value, ${summed}
    FROM rollup_day GROUP BY entidad, date_trunc('month', periodo::timestamp)::date, dim, value`;
}

/** The rollup column counting each running clock. */
export const RUNNING = { puesta_demorada: 'running_puesta', arresto_excedido: 'running_arresto', retencion_mp_excedida: 'running_retencion' } as const;
const COUNTS = ['n', ...FLAGS, 'running_puesta', 'running_arresto', 'running_retencion'] as const;
/** One rollup row's worth of counts: what some detentions add to (or, negated, take from) one rollup key. */
export type Contribution = { entidad: string; grain: string; periodo: string; dim: string; value: string } & Record<(typeof COUNTS)[number], number>;

/** Reads what these detentions contribute now (before a change, to take it back afterwards). */
export async function readContributions(trx: DetentionTrx, keys: DetentionKey[], rules: DetentionRules = DETENTION_RULES): Promise<Contribution[]> {
  if (keys.length === 0) return [];
  return (await sql<Contribution>`SELECT entidad, grain, periodo::text AS periodo, dim, value, ${sql.join(COUNTS.map((c) => sql.ref(c)))} FROM (${contributions(keys, rules)}) c`.execute(trx)).rows;
}

/**
 * Adds what these detentions contribute now, minus what they contributed before (`before`, from readContributions),
 * in ONE upsert whose rows are sorted by key, so concurrent writers lock rollup rows in the same order (no
 * deadlocks) and hold them until their commit (the rollup is exact at every commit).
 */
export async function applyRollup(trx: DetentionTrx, keys: DetentionKey[], before: Contribution[] = [], rules: DetentionRules = DETENTION_RULES): Promise<void> {
  if (keys.length === 0 && before.length === 0) return;
  const old = before.map((b) => ({ ...b, ...Object.fromEntries(COUNTS.map((c) => [c, -b[c]])) }) as Contribution);
  const cols = sql.join(COUNTS.map((c) => sql.ref(c)));
  await upsertRollup(sql`
      ${keys.length ? sql`SELECT entidad, grain, periodo, dim, value, ${cols} FROM (${contributions(keys, rules)}) c UNION ALL` : sql``}
      ${givenContributions(old)}`).execute(trx);
}

/** Contributions computed in node, as the rows of a SELECT (one array parameter a column). */
function givenContributions(rows: Contribution[]): RawBuilder<unknown> {
  const column = (k: keyof Contribution) => rows.map((r) => r[k]);
  return sql`SELECT * FROM unnest(${column('entidad')}::char(2)[], ${column('grain')}::char(1)[], ${column('periodo')}::date[], ${column('dim')}::text[], ${column('value')}::text[],
      ${sql.join(COUNTS.map((c) => sql`${column(c)}::int[]`))}) AS o(entidad, grain, periodo, dim, value, ${sql.join(COUNTS.map((c) => sql.ref(c)))})`;
}

/** The facts of a detention row its rollup contribution depends on. */
export type RollupFacts = CustodyClock & { entidad: string; fecha_detencion: string; municipio: string | null; institution_id: number; registro_lag_min: number; offence_codes: readonly string[] };

/**
 * What these detentions contribute to the rollup, computed in memory from their rows — contributions() in SQL,
 * through the flags' in-memory twins (stoppedFlagsOf, runningClocksOf). A bulk file's checker computes it for each
 * batch it checks, so the batch's write adds a few hundred sums instead of having the database read back and
 * aggregate the thousand rows it has just written (~10 ms of a 1,000-row batch). A test holds it equal to the SQL.
 */
export function contributionsOf(rows: readonly RollupFacts[], rules: DetentionRules = DETENTION_RULES): Contribution[] {
  // Counts in COUNTS order, under grain → entidad → periodo → dim → value: nested maps, because a key built by
  // concatenation costs a string to flatten and hash on every lookup (~10 against ~1 µs a row).
  type Level<T> = Map<string, T>;
  const grains: Record<'d' | 'm', Level<Level<Level<Level<number[]>>>>> = { d: new Map(), m: new Map() };
  const child = <T>(m: Level<T>, k: string, make: () => T): T => {
    let v = m.get(k);
    if (v === undefined) m.set(k, (v = make()));
    return v;
  };
  const flagAt = FLAGS.map((f) => COUNTS.indexOf(f));
  const runningAt = CLOCK_FLAGS.map((f) => COUNTS.indexOf(RUNNING[f]));
  const counts = new Array<number>(COUNTS.length).fill(0);
  const add = (byDim: Level<Level<number[]>>, dim: string, value: string) => {
    const c = child(child(byDim, dim, () => new Map()), value, () => new Array<number>(COUNTS.length).fill(0));
    for (let i = 0; i < counts.length; i++) c[i] += counts[i];
  };
  for (const r of rows) {
    const stopped = stoppedFlagsOf(r, rules);
    const running = runningClocksOf(r);
    counts[0] = 1;
    for (let i = 0; i < FLAGS.length; i++) counts[flagAt[i]] = stopped[FLAGS[i]] ? 1 : 0;
    for (let i = 0; i < CLOCK_FLAGS.length; i++) counts[runningAt[i]] = running[CLOCK_FLAGS[i]] ? 1 : 0;
    const lag = lagBucketOf(r.registro_lag_min), institution = String(r.institution_id);
    for (const [grain, periodo] of [['d', r.fecha_detencion], ['m', `${r.fecha_detencion.slice(0, 7)}-01`]] as const) {
      const byDim = child(child(grains[grain], r.entidad, () => new Map()), periodo, () => new Map());
      add(byDim, 'total', '');
      add(byDim, 'municipio', r.municipio ?? '');
      add(byDim, 'tipo', r.tipo);
      add(byDim, 'institution', institution);
      add(byDim, 'lag', lag);
      for (const code of r.offence_codes) add(byDim, 'offence', code);
    }
  }
  const out: Contribution[] = [];
  for (const grain of ['d', 'm'] as const)
    for (const [entidad, byPeriodo] of grains[grain])
      for (const [periodo, byDim] of byPeriodo)
        for (const [dim, byValue] of byDim)
          for (const [value, n] of byValue) {
            const c = { entidad, grain, periodo, dim, value } as Contribution;
            for (let i = 0; i < COUNTS.length; i++) c[COUNTS[i]] = n[i];
            out.push(c);
          }
  return out;
}

/** The upsert adding contributions computed in node (contributionsOf: one row a key), to embed in a larger statement. */
export function rollupInsertOf(rows: Contribution[]): RawBuilder<unknown> {
  return upsertRollup(givenContributions(rows), { summed: true });
}

/**
 * The upsert adding what the rows of `rows` (a CTE of just-inserted detentions, `RETURNING *`) contribute, as one
 * data-modifying statement to embed in a larger one (a registration written in a single statement).
 */
export function rollupInsertFrom(rows: RawBuilder<unknown>, rules: DetentionRules = DETENTION_RULES): RawBuilder<unknown> {
  const cols = sql.join(COUNTS.map((c) => sql.ref(c)));
  return upsertRollup(sql`SELECT entidad, grain, periodo, dim, value, ${cols} FROM (${contributions({ rows }, rules)}) c`);
}

/** The upsert adding what these (already inserted) detentions contribute, to embed in a larger statement. */
export function rollupInsertFor(keys: DetentionKey[], rules: DetentionRules = DETENTION_RULES): RawBuilder<unknown> {
  const cols = sql.join(COUNTS.map((c) => sql.ref(c)));
  return upsertRollup(sql`SELECT entidad, grain, periodo, dim, value, ${cols} FROM (${contributions(keys, rules)}) c`);
}

/**
 * Sums deltas per rollup key (`summed`: each key comes once already) and adds them, in key order (concurrent writers
 * lock rollup rows in the same order).
 */
function upsertRollup(delta: RawBuilder<unknown>, opts: { summed?: boolean } = {}): RawBuilder<unknown> {
  const cols = sql.join(COUNTS.map((c) => sql.ref(c)));
  return sql`
    INSERT INTO detention_rollup AS r (entidad, grain, periodo, dim, value, ${cols})
    SELECT entidad, grain, periodo, dim, value, ${opts.summed ? cols : sql.join(COUNTS.map((c) => sql`sum(${sql.ref(c)})::int`))}
    FROM (${delta}) AS delta
    ${opts.summed ? sql`` : sql`GROUP BY 1, 2, 3, 4, 5`}
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (entidad, grain, periodo, dim, value) DO UPDATE SET ${sql.join(COUNTS.map((c) => sql`${sql.ref(c)} = r.${sql.ref(c)} + excluded.${sql.ref(c)}`))}`;
}

const SETTING = 'detentions.rollup_rules';
const rulesFingerprint = (r: DetentionRules) => ({
  registro_tardio_min: r.registrationLag.minutes, puesta_min: r.puestaSinDemora.minutes, arresto_h: r.arrestoAdministrativo.hours,
  mp_h: r.retencionMinisterioPublico.hours, do_h: r.retencionDelincuenciaOrganizada.hours, buckets: LAG_BUCKETS.map((b) => b.key), running: 1,
});

/**
 * Rebuilds the rollup from detentions when the thresholds it was computed with differ from the configured ones
 * (or it was never built; `force` rebuilds anyway, e.g. after loading rows with plain SQL); runs at start-up.
 * Under an advisory lock, in one transaction.
 */
export async function ensureRollup(database: Database, rules: DetentionRules = DETENTION_RULES, opts: { force?: boolean } = {}): Promise<{ rebuilt: boolean }> {
  const db = database.db.withTables<DetentionTables>() as unknown as DetentionDb;
  const want = JSON.stringify(rulesFingerprint(rules)); // stored as a JSON string, compared as text
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(74230014)`.execute(trx);
    const have = await trx.selectFrom('settings').select('value').where('key', '=', SETTING).executeTakeFirst();
    if (!opts.force && have && have.value === want) return { rebuilt: false };
    await sql`DELETE FROM detention_rollup`.execute(trx);
    await sql`INSERT INTO detention_rollup (entidad, grain, periodo, dim, value, ${sql.join(COUNTS.map((c) => sql.ref(c)))})
      SELECT entidad, grain, periodo, dim, value, ${sql.join(COUNTS.map((c) => sql.ref(c)))} FROM (${contributions('all', rules)}) c`.execute(trx);
    await trx.insertInto('settings').values({ key: SETTING, value: JSON.stringify(want) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(want), updated_at: new Date() })).execute();
    return { rebuilt: true };
  });
}

/** Flag counts per flag. */
export type FlagCounts = Record<Flag, number>;
