import { sql, type RawBuilder } from 'kysely';
import { requirePermission, territoryCondition } from '../../core/access.js';
import type { Ctx } from '../../core/context.js';
import { fieldError } from '../../core/errors.js';
import { DETENTION_RULES, FLAGS, flagConditions, LAG_BUCKETS, localDate, type Flag } from './detentions.rules.js';
import { TIPOS, type StatsInput } from './detentions.schema.js';
import { dbOf } from './detentions.service.js';

type FlagCounts = Record<Flag, number>;

/** The dashboard's numbers; the monthly report renders exactly this object. */
export interface DetentionStats {
  filters: { from: string; to: string; period: 'day' | 'month'; entidad: string | null; municipio: string | null; tipo: string | null; offence: string | null; institution: number | null };
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

/**
 * Counts of detentions in the actor's view territory by period, entidad, municipality, tipo, offence, detaining
 * institution, registration-lag bucket, and legal-deadline flag (at the injected clock). One GROUPING SETS
 * statement over the covering index `detentions_stats_idx` plus one for offences, in one repeatable-read snapshot,
 * so every breakdown adds up to the same total.
 */
export async function computeStats(ctx: Ctx, q: StatsInput): Promise<DetentionStats> {
  requirePermission(ctx.actor, 'detention.dashboard');
  const now = ctx.now();
  const { from, to, period } = resolveRange(q, now);
  const rules = DETENTION_RULES;
  const flags = flagConditions(now, rules, 'd');
  const where: RawBuilder<unknown>[] = [
    sql`d.fecha_detencion BETWEEN ${from}::date AND ${to}::date`,
    sql`${territoryCondition(ctx.actor, 'view', { entidad: 'd.entidad', institution: 'd.institution_id' })}`,
  ];
  if (q.entidad) where.push(sql`d.entidad = ${q.entidad}`);
  if (q.municipio) where.push(sql`d.municipio = ${q.municipio}`);
  if (q.tipo) where.push(sql`d.tipo = ${q.tipo}`);
  if (q.institution) where.push(sql`d.institution_id = ${q.institution}`);
  if (q.offence) where.push(sql`d.offence_codes @> ARRAY[${q.offence}]::text[]`);
  const cond = sql.join(where, sql` AND `);
  const lagCase = sql.join(LAG_BUCKETS.map((b) => (b.max == null ? sql`ELSE ${b.key}` : sql`WHEN d.registro_lag_min <= ${b.max}::int THEN ${b.key}`)), sql` `);
  const flagCols = sql.join(FLAGS.map((f) => sql`${flags[f]} AS ${sql.ref(f)}`));
  const flagCounts = sql.join(FLAGS.map((f) => sql`count(*) FILTER (WHERE s.${sql.ref(f)})::int AS ${sql.ref(f)}`));
  const db = dbOf(ctx);

  type GroupRow = { g: number; dia: string | null; entidad: string | null; municipio: string | null; tipo: string | null; institution_id: number | null; lag_bucket: string | null; n: number; entidad_nombre: string | null; municipio_nombre: string | null; institution_nombre: string | null; institution_entidad: string | null } & FlagCounts;
  const [groups, offences] = await db.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
    const g = await sql<GroupRow>`
      WITH agg AS (
        SELECT grouping(s.fecha_detencion, s.entidad, s.municipio, s.tipo, s.institution_id, s.lag_bucket) AS g,
               s.fecha_detencion::text AS dia, s.entidad, s.municipio, s.tipo, s.institution_id, s.lag_bucket,
               count(*)::int AS n, ${flagCounts}
        FROM (SELECT d.fecha_detencion, d.entidad, d.municipio, d.tipo, d.institution_id, CASE ${lagCase} END AS lag_bucket, ${flagCols}
              FROM detentions d WHERE ${cond}) s
        GROUP BY GROUPING SETS ((s.fecha_detencion), (s.entidad), (s.entidad, s.municipio), (s.tipo), (s.institution_id), (s.lag_bucket), ())
      )
      SELECT agg.*, e.short_name AS entidad_nombre, m.name AS municipio_nombre, i.name AS institution_nombre, i.entidad AS institution_entidad
      FROM agg
      LEFT JOIN entidades e ON e.code = agg.entidad
      LEFT JOIN municipios m ON m.entidad = agg.entidad AND m.code = agg.municipio
      LEFT JOIN institutions i ON i.id = agg.institution_id`.execute(trx);
    const o = await sql<{ code: string; n: number; name_es: string | null; name_en: string | null; kind: string | null }>`
      SELECT c.code, c.n, o.name_es, o.name_en, o.kind
      FROM (SELECT code, count(*)::int AS n FROM detentions d CROSS JOIN LATERAL unnest(d.offence_codes) AS code WHERE ${cond} GROUP BY code) c
      LEFT JOIN offences o ON o.code = c.code
      ORDER BY c.n DESC, c.code`.execute(trx);
    return [g.rows, o.rows];
  });

  // grouping() sets a bit for each argument NOT grouped, first argument = highest bit (6 arguments).
  const only = (...cols: number[]) => 0b111111 & ~cols.reduce((m, c) => m | (1 << (5 - c)), 0);
  const DAY = 0, ENT = 1, MUN = 2, TIPO = 3, INST = 4, LAG = 5;
  const pick = <T>(mask: number, f: (r: GroupRow) => T) => groups.filter((r) => r.g === mask).map(f);
  const flagsOf = (r: GroupRow): FlagCounts => Object.fromEntries(FLAGS.map((f) => [f, r[f]])) as FlagCounts;
  const totalRow = groups.find((r) => r.g === 0b111111);
  const byDesc = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

  const perDay = new Map<string, number>();
  for (const r of groups.filter((x) => x.g === only(DAY))) {
    const key = period === 'day' ? r.dia! : r.dia!.slice(0, 7);
    perDay.set(key, (perDay.get(key) ?? 0) + r.n);
  }
  const lag = new Map(pick(only(LAG), (r) => [r.lag_bucket!, r.n] as const));
  const tipos = new Map(pick(only(TIPO), (r) => [r.tipo!, r.n] as const));
  const en = ctx.actor.lang === 'en';
  return {
    filters: { from, to, period, entidad: q.entidad ?? null, municipio: q.municipio ?? null, tipo: q.tipo ?? null, offence: q.offence ?? null, institution: q.institution ?? null },
    generated_at: now.toISOString(),
    total: totalRow?.n ?? 0,
    flags: totalRow ? flagsOf(totalRow) : zeroFlags(),
    per_period: periodKeys(from, to, period).map((p) => ({ period: p, count: perDay.get(p) ?? 0 })),
    per_entidad: pick(only(ENT), (r) => ({ entidad: r.entidad!, nombre: r.entidad_nombre, count: r.n, flags: flagsOf(r) })).sort(byDesc),
    per_municipio: pick(only(ENT, MUN), (r) => ({ entidad: r.entidad!, municipio: r.municipio, nombre: r.municipio_nombre, count: r.n })).sort(byDesc),
    per_tipo: TIPOS.map((tipo) => ({ tipo, count: tipos.get(tipo) ?? 0 })),
    per_offence: offences.map((o) => ({ code: o.code, nombre: (en ? o.name_en : o.name_es) ?? null, kind: o.kind, count: o.n })),
    per_institution: pick(only(INST), (r) => ({ institution_id: Number(r.institution_id), nombre: r.institution_nombre, entidad: r.institution_entidad, count: r.n, flags: flagsOf(r) })).sort(byDesc),
    registration_lag: LAG_BUCKETS.map((b) => ({ bucket: b.key, count: lag.get(b.key) ?? 0 })),
    thresholds: {
      registro_tardio_min: rules.registrationLag.minutes, puesta_sin_demora_min: rules.puestaSinDemora.minutes, arresto_administrativo_h: rules.arrestoAdministrativo.hours,
      retencion_mp_h: rules.retencionMinisterioPublico.hours, retencion_delincuencia_organizada_h: rules.retencionDelincuenciaOrganizada.hours,
    },
  };
}
