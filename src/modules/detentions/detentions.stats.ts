import { sql, type RawBuilder } from 'kysely';
import { requirePermission, territoryCondition, territoryOf } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { fieldError } from '../../core/errors.js';
import { lagBucket, RUNNING } from './detentions.rollup.js';
import { CLOCK_FLAGS, DETENTION_RULES, FLAGS, flagConditions, LAG_BUCKETS, localDate, pendingClocks, runningCondition, type ClockFlag, type Flag } from './detentions.rules.js';
import type { DetentionTrx } from './detentions.store.js';
import { TIPOS, type StatsInput } from './detentions.schema.js';
import { dbOf } from './detentions.service.js';

type FlagCounts = Record<Flag, number>;

/** The dashboard's numbers; the monthly report renders exactly this object. */
export interface DetentionStats {
  filters: { from: string; to: string; period: 'day' | 'month'; entidad: string | null; municipio: string | null; tipo: string | null; offence: string | null; institution: number | null };
  computed_from: 'rollup' | 'rows';
  generated_at: string;
  total: number;
  flags: FlagCounts;
  per_period: { period: string; count: number }[];
  per_entidad: { entidad: string; nombre: string | null; count: number; flags: FlagCounts }[];
  per_municipio: { entidad: string; municipio: string | null; nombre: string | null; count: number }[];
  per_tipo: { tipo: string; count: number }[];
  per_offence: { code: string; nombre: string | null; kind: string | null; count: number }[];
  per_institution: { institution_id: number; nombre: string | null; entidad: string | null; count: number; flags: FlagCounts }[];
  registration_lag: { bucket: string; count: number }[];
  thresholds: { registro_tardio_min: number; puesta_sin_demora_min: number; arresto_administrativo_h: number; retencion_mp_h: number; retencion_delincuencia_organizada_h: number };
}

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthStart = (d: string, back = 0) => {
  const [y, m] = d.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1 - back, 1));
  return t.toISOString().slice(0, 10);
};

/** The full date range and period a query means (defaults: the last 12 months by month, up to today in Mexico City). */
export function resolveRange(q: StatsInput, now: Date): { from: string; to: string; period: 'day' | 'month' } {
  const to = q.to ?? localDate(now, '09');
  const from = q.from ?? monthStart(to, 11);
  if (from > to) throw fieldError('from', 'field.range_order');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days > 3660) throw fieldError('from', 'field.range_too_long');
  return { from, to, period: q.period ?? (days > 62 ? 'month' : 'day') };
}

/** Every period key in the range, so charts get zeros for empty days or months. */
function periodKeys(from: string, to: string, period: 'day' | 'month'): string[] {
  const out: string[] = [];
  if (period === 'day') for (let d = from, i = 0; d <= to && i < 4000; d = addDays(d, 1), i++) out.push(d);
  else for (let m = monthStart(from), i = 0; m <= to && i < 200; m = monthStart(addDays(m, 32)), i++) out.push(m.slice(0, 7));
  return out;
}

const zeroFlags = (): FlagCounts => Object.fromEntries(FLAGS.map((f) => [f, 0])) as FlagCounts;
const addFlags = (a: FlagCounts, b: Partial<FlagCounts>) => { for (const f of FLAGS) a[f] += b[f] ?? 0; return a; };

/** The counts both computations produce, before names are attached. */
interface RawStats {
  total: number;
  flags: FlagCounts;
  days: Map<string, number>;
  entidades: Map<string, { count: number; flags: FlagCounts }>;
  municipios: { entidad: string; municipio: string | null; count: number }[];
  tipos: Map<string, number>;
  institutions: Map<number, { count: number; flags: FlagCounts }>;
  lag: Map<string, number>;
  offences: { code: string; count: number }[];
}

type Scope = { where: RawBuilder<unknown>[]; from: string; to: string; period: 'day' | 'month' };

/** Row by row: one GROUPING SETS statement over the covering index plus one for offences (any filter). */
async function fromRows(trx: DetentionTrx, s: Scope, now: Date): Promise<RawStats> {
  const flags = flagConditions(now, DETENTION_RULES, 'd');
  const cond = sql.join(s.where, sql` AND `);
  const flagCols = sql.join(FLAGS.map((f) => sql`${flags[f]} AS ${sql.ref(f)}`));
  const flagCounts = sql.join(FLAGS.map((f) => sql`count(*) FILTER (WHERE s.${sql.ref(f)})::int AS ${sql.ref(f)}`));
  type Row = { g: number; dia: string | null; entidad: string | null; municipio: string | null; tipo: string | null; institution_id: number | null; lag_bucket: string | null; n: number } & FlagCounts;
  const { rows } = await sql<Row>`
    SELECT grouping(s.fecha_detencion, s.entidad, s.municipio, s.tipo, s.institution_id, s.lag_bucket) AS g,
           s.fecha_detencion::text AS dia, s.entidad, s.municipio, s.tipo, s.institution_id, s.lag_bucket, count(*)::int AS n, ${flagCounts}
    FROM (SELECT d.fecha_detencion, d.entidad, d.municipio, d.tipo, d.institution_id, ${lagBucket('d')} AS lag_bucket, ${flagCols}
          FROM detentions d WHERE ${cond}) s
    GROUP BY GROUPING SETS ((s.fecha_detencion), (s.entidad), (s.entidad, s.municipio), (s.tipo), (s.institution_id), (s.lag_bucket), ())`.execute(trx);
  const { rows: offences } = await sql<{ code: string; n: number }>`
    SELECT code, count(*)::int AS n FROM detentions d CROSS JOIN LATERAL unnest(d.offence_codes) AS code WHERE ${cond} GROUP BY code`.execute(trx);
  // grouping() sets a bit for each argument NOT grouped, first argument = highest bit (6 arguments).
  const only = (...cols: number[]) => 0b111111 & ~cols.reduce((m, c) => m | (1 << (5 - c)), 0);
  const DAY = 0, ENT = 1, MUN = 2, TIPO = 3, INST = 4, LAG = 5;
  const of = (mask: number) => rows.filter((r) => r.g === mask);
  const flagsOf = (r: Row): FlagCounts => Object.fromEntries(FLAGS.map((f) => [f, r[f]])) as FlagCounts;
  const total = rows.find((r) => r.g === 0b111111);
  return {
    total: total?.n ?? 0, flags: total ? flagsOf(total) : zeroFlags(),
    days: new Map(of(only(DAY)).map((r) => [r.dia!, r.n])),
    entidades: new Map(of(only(ENT)).map((r) => [r.entidad!, { count: r.n, flags: flagsOf(r) }])),
    municipios: of(only(ENT, MUN)).map((r) => ({ entidad: r.entidad!, municipio: r.municipio, count: r.n })),
    tipos: new Map(of(only(TIPO)).map((r) => [r.tipo!, r.n])),
    institutions: new Map(of(only(INST)).map((r) => [Number(r.institution_id), { count: r.n, flags: flagsOf(r) }])),
    lag: new Map(of(only(LAG)).map((r) => [r.lag_bucket!, r.n])),
    offences: offences.map((o) => ({ code: o.code, count: o.n })),
  };
}

/**
 * From the rollup: whole months from the monthly rows, the days at either end from the daily rows, the per-day
 * series from the daily totals. Flags: those whose clock stopped (stored) + the running clocks (stored) − the
 * running clocks not yet overdue now — the recent ones, read through two small partial-index scans. Only for whole
 * entidades (no filter other than entidad; national or entidad territory).
 */
async function fromRollup(trx: DetentionTrx, s: Scope & { rollupWhere: RawBuilder<unknown>[] }, now: Date): Promise<RawStats> {
  const rules = DETENTION_RULES;
  const firstFull = s.from.endsWith('-01') ? s.from : monthStart(addDays(monthStart(s.from), 32));
  const afterTo = addDays(s.to, 1);
  const lastFullNext = afterTo.endsWith('-01') ? afterTo : monthStart(s.to);
  const hasFull = firstFull < lastFullNext;
  const rw = sql.join(s.rollupWhere, sql` AND `);
  const dims = sql`ARRAY['total', 'municipio', 'tipo', 'institution', 'lag', 'offence']`;
  const cols = ['n', ...FLAGS, ...CLOCK_FLAGS.map((f) => RUNNING[f])];
  const sums = sql.join(cols.map((c) => sql`sum(${sql.ref(c)})::int AS ${sql.ref(c)}`));
  type Counts = FlagCounts & Record<(typeof RUNNING)[ClockFlag], number>;
  type Row = { dim: string; value: string; entidad: string | null; n: number } & Counts;
  const { rows } = await sql<Row>`
    SELECT dim, value, CASE WHEN dim IN ('total', 'municipio') THEN entidad END AS entidad, ${sums}
    FROM (
      SELECT r.* FROM detention_rollup r WHERE r.grain = 'm' AND r.dim = ANY(${dims}) AND ${hasFull ? sql`r.periodo >= ${firstFull}::date AND r.periodo < ${lastFullNext}::date` : sql`false`} AND ${rw}
      UNION ALL
      SELECT r.* FROM detention_rollup r WHERE r.grain = 'd' AND r.dim = ANY(${dims}) AND r.periodo BETWEEN ${s.from}::date AND ${s.to}::date
        AND ${hasFull ? sql`NOT (r.periodo >= ${firstFull}::date AND r.periodo < ${lastFullNext}::date)` : sql`true`} AND ${rw}
    ) AS src
    GROUP BY 1, 2, 3`.execute(trx);
  // The series: daily totals; by month, whole months from the monthly totals (keyed by their first day).
  const byMonth = s.period === 'month' && hasFull;
  const { rows: days } = await sql<{ dia: string; n: number }>`
    SELECT r.periodo::text AS dia, sum(r.n)::int AS n FROM detention_rollup r
    WHERE r.dim = 'total' AND ${rw} AND (
      ${byMonth ? sql`(r.grain = 'm' AND r.periodo >= ${firstFull}::date AND r.periodo < ${lastFullNext}::date) OR` : sql``}
      (r.grain = 'd' AND r.periodo BETWEEN ${s.from}::date AND ${s.to}::date ${byMonth ? sql`AND NOT (r.periodo >= ${firstFull}::date AND r.periodo < ${lastFullNext}::date)` : sql``}))
    GROUP BY 1`.execute(trx);
  // Running clocks not yet overdue: detained within the longest detention-based limit, or at the MP within 96 h.
  const pending = pendingClocks(now, rules, 'd');
  const detLimitMin = Math.max(rules.puestaSinDemora.minutes, rules.arrestoAdministrativo.hours * 60);
  const sinceDet = new Date(now.getTime() - detLimitMin * 60_000);
  const sinceMp = new Date(now.getTime() - Math.max(rules.retencionMinisterioPublico.hours, rules.retencionDelincuenciaOrganizada.hours) * 3_600_000);
  const where = sql.join(s.where, sql` AND `);
  type Pending = { entidad: string; institution_id: number; puesta_demorada: number; arresto_excedido: number; retencion_mp_excedida: number };
  const { rows: pend } = await sql<Pending>`
    SELECT d.entidad, d.institution_id, count(*) FILTER (WHERE ${pending.puesta_demorada})::int AS puesta_demorada,
           count(*) FILTER (WHERE ${pending.arresto_excedido})::int AS arresto_excedido, 0 AS retencion_mp_excedida
    FROM detentions d
    WHERE ${where} AND ${runningCondition('d')} AND d.fecha_detencion >= ${localDate(sinceDet, '02')}::date - 1 AND d.fecha_hora_detencion >= ${sinceDet.toISOString()}::timestamptz
    GROUP BY 1, 2
    UNION ALL
    SELECT d.entidad, d.institution_id, 0, 0, count(*) FILTER (WHERE ${pending.retencion_mp_excedida})::int
    FROM detentions d
    WHERE ${where} AND d.mp_at IS NOT NULL AND d.juez_control_at IS NULL AND d.libertad_at IS NULL AND d.mp_at >= ${sinceMp.toISOString()}::timestamptz
    GROUP BY 1, 2`.execute(trx);
  const settle = (r: Partial<Counts>, minus?: Partial<FlagCounts>): FlagCounts => {
    const out = zeroFlags();
    for (const f of FLAGS) out[f] = r[f] ?? 0;
    for (const f of CLOCK_FLAGS) out[f] += (r[RUNNING[f]] ?? 0) - (minus?.[f] ?? 0);
    return out;
  };
  const pendTotal: FlagCounts = zeroFlags();
  const pendEnt = new Map<string, FlagCounts>();
  const pendInst = new Map<number, FlagCounts>();
  for (const p of pend) {
    addFlags(pendTotal, p);
    addFlags(pendEnt.get(p.entidad) ?? pendEnt.set(p.entidad, zeroFlags()).get(p.entidad)!, p);
    const id = Number(p.institution_id);
    addFlags(pendInst.get(id) ?? pendInst.set(id, zeroFlags()).get(id)!, p);
  }
  const raw: RawStats = {
    total: 0, flags: zeroFlags(), days: new Map(days.map((d) => [d.dia, d.n])), entidades: new Map(), municipios: [], tipos: new Map(),
    institutions: new Map(), lag: new Map(), offences: [],
  };
  const totals: Partial<Counts> = {};
  for (const r of rows) {
    switch (r.dim) {
      case 'total':
        raw.total += r.n;
        for (const c of cols) (totals as Record<string, number>)[c] = ((totals as Record<string, number>)[c] ?? 0) + (r as unknown as Record<string, number>)[c];
        if (r.n > 0) raw.entidades.set(r.entidad!, { count: r.n, flags: settle(r, pendEnt.get(r.entidad!)) });
        break;
      case 'municipio': if (r.n > 0) raw.municipios.push({ entidad: r.entidad!, municipio: r.value || null, count: r.n }); break;
      case 'tipo': raw.tipos.set(r.value, r.n); break;
      case 'institution': if (r.n > 0) raw.institutions.set(Number(r.value), { count: r.n, flags: settle(r, pendInst.get(Number(r.value))) }); break;
      case 'lag': raw.lag.set(r.value, r.n); break;
      case 'offence': if (r.n > 0) raw.offences.push({ code: r.value, count: r.n }); break;
    }
  }
  raw.flags = settle(totals, pendTotal);
  return raw;
}

/**
 * Counts of detentions in the actor's view territory by period, entidad, municipality, tipo, offence, detaining
 * institution, registration-lag bucket, and legal-deadline flag (at the injected clock), all from one
 * repeatable-read snapshot so every breakdown adds up to the same total. Whole entidades (no filter but entidad,
 * national or entidad territory) are answered from the rollup, the rest row by row; both give the same numbers.
 */
export async function computeStats(ctx: Ctx, q: StatsInput, opts: { source?: 'auto' | 'rows' } = {}): Promise<DetentionStats> {
  requirePermission(ctx.actor, 'detention.dashboard');
  const now = ctx.now();
  const { from, to, period } = resolveRange(q, now);
  const rules = DETENTION_RULES;
  const where: RawBuilder<unknown>[] = [
    sql`d.fecha_detencion BETWEEN ${from}::date AND ${to}::date`,
    sql`${territoryCondition(ctx.actor, 'view', { entidad: 'd.entidad', institution: 'd.institution_id' })}`,
  ];
  const rollupWhere: RawBuilder<unknown>[] = [sql`${territoryCondition(ctx.actor, 'view', { entidad: 'r.entidad' })}`];
  if (q.entidad) { where.push(sql`d.entidad = ${q.entidad}`); rollupWhere.push(sql`r.entidad = ${q.entidad}`); }
  if (q.municipio) where.push(sql`d.municipio = ${q.municipio}`);
  if (q.tipo) where.push(sql`d.tipo = ${q.tipo}`);
  if (q.institution) where.push(sql`d.institution_id = ${q.institution}`);
  if (q.offence) where.push(sql`d.offence_codes @> ARRAY[${q.offence}]::text[]`);
  const terr = territoryOf(ctx.actor, 'view').kind;
  const rollup = opts.source !== 'rows' && !q.municipio && !q.tipo && !q.institution && !q.offence && (terr === 'national' || terr === 'entidad');
  const db = dbOf(ctx);
  const raw = await db.transaction().setIsolationLevel('repeatable read').execute((trx) =>
    (rollup ? fromRollup(trx, { where, rollupWhere, from, to, period }, now) : fromRows(trx, { where, from, to, period }, now)));

  // Names, in one query.
  const instIds = [...raw.institutions.keys()];
  const { rows: [names] } = await sql<{ entidades: { code: string; short_name: string }[]; municipios: { entidad: string; code: string; name: string }[] | null; institutions: { id: number; name: string; entidad: string | null }[] | null; offences: { code: string; name_es: string; name_en: string; kind: string }[] | null }>`
    SELECT (SELECT json_agg(json_build_object('code', code, 'short_name', short_name)) FROM entidades) AS entidades,
           (SELECT json_agg(json_build_object('entidad', entidad, 'code', code, 'name', name)) FROM municipios WHERE (entidad, code) IN (SELECT * FROM unnest(${raw.municipios.map((m) => m.entidad)}::text[], ${raw.municipios.map((m) => m.municipio ?? '')}::text[]))) AS municipios,
           (SELECT json_agg(json_build_object('id', id, 'name', name, 'entidad', entidad)) FROM institutions WHERE id = ANY(${instIds}::int8[])) AS institutions,
           (SELECT json_agg(json_build_object('code', code, 'name_es', name_es, 'name_en', name_en, 'kind', kind)) FROM offences WHERE code = ANY(${raw.offences.map((o) => o.code)}::text[])) AS offences`.execute(db);
  const entName = new Map(names.entidades.map((e) => [e.code, e.short_name]));
  const muniName = new Map((names.municipios ?? []).map((m) => [`${m.entidad}-${m.code}`, m.name]));
  const inst = new Map((names.institutions ?? []).map((i) => [Number(i.id), i]));
  const off = new Map((names.offences ?? []).map((o) => [o.code, o]));
  const en = ctx.actor.lang === 'en';
  const byDesc = <T extends { count: number }>(a: T, b: T) => b.count - a.count;
  const perPeriod = new Map<string, number>();
  for (const [day, n] of raw.days) perPeriod.set(period === 'day' ? day : day.slice(0, 7), (perPeriod.get(period === 'day' ? day : day.slice(0, 7)) ?? 0) + n);
  return {
    filters: { from, to, period, entidad: q.entidad ?? null, municipio: q.municipio ?? null, tipo: q.tipo ?? null, offence: q.offence ?? null, institution: q.institution ?? null },
    computed_from: rollup ? 'rollup' : 'rows',
    generated_at: now.toISOString(),
    total: raw.total,
    flags: raw.flags,
    per_period: periodKeys(from, to, period).map((p) => ({ period: p, count: perPeriod.get(p) ?? 0 })),
    per_entidad: [...raw.entidades].filter(([, v]) => v.count > 0).map(([entidad, v]) => ({ entidad, nombre: entName.get(entidad) ?? null, count: v.count, flags: v.flags })).sort(byDesc),
    per_municipio: raw.municipios.map((m) => ({ ...m, nombre: m.municipio ? muniName.get(`${m.entidad}-${m.municipio}`) ?? null : null })).sort((a, b) => b.count - a.count || a.entidad.localeCompare(b.entidad) || (a.municipio ?? '').localeCompare(b.municipio ?? '')),
    per_tipo: TIPOS.map((tipo) => ({ tipo, count: raw.tipos.get(tipo) ?? 0 })),
    per_offence: raw.offences.map((o) => ({ code: o.code, nombre: (en ? off.get(o.code)?.name_en : off.get(o.code)?.name_es) ?? null, kind: off.get(o.code)?.kind ?? null, count: o.count }))
      .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code)),
    per_institution: [...raw.institutions].filter(([, v]) => v.count > 0).map(([id, v]) => ({ institution_id: id, nombre: inst.get(id)?.name ?? null, entidad: inst.get(id)?.entidad ?? null, count: v.count, flags: v.flags }))
      .sort((a, b) => b.count - a.count || a.institution_id - b.institution_id),
    registration_lag: LAG_BUCKETS.map((b) => ({ bucket: b.key, count: raw.lag.get(b.key) ?? 0 })),
    thresholds: {
      registro_tardio_min: rules.registrationLag.minutes, puesta_sin_demora_min: rules.puestaSinDemora.minutes, arresto_administrativo_h: rules.arrestoAdministrativo.hours,
      retencion_mp_h: rules.retencionMinisterioPublico.hours, retencion_delincuencia_organizada_h: rules.retencionDelincuenciaOrganizada.hours,
    },
  };
}
