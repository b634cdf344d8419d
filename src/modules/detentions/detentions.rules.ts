import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';

/**
 * The legal clocks and operational thresholds of the Registro Nacional de Detenciones: the one place they are set.
 * Constitutional limits are fixed by law; the two operational thresholds ("de inmediato", "sin demora" have no
 * number in the text) come from the environment so each deployment can set its own policy.
 */
export interface DetentionRules {
  /** A registration later than this after the detention is flagged `registro_tardio`. */
  registrationLag: { minutes: number; source: string };
  /** A puesta a disposición later than this after the detention is flagged `puesta_demorada`. */
  puestaSinDemora: { minutes: number; source: string };
  /** Administrative arrest limit: flagged `arresto_excedido` beyond it. */
  arrestoAdministrativo: { hours: number; source: string };
  /** Retention by the Ministerio Público: flagged `retencion_mp_excedida` beyond it. */
  retencionMinisterioPublico: { hours: number; source: string };
  /** The same limit doubled for delincuencia organizada. */
  retencionDelincuenciaOrganizada: { hours: number; source: string };
  /** Clock skew accepted between a capturing device and the server before a time counts as "in the future". */
  futureToleranceMinutes: number;
  /** Public consultation: requests per minute per IP, and the minimum full-name query. */
  publicConsultation: { perMinute: number; minTokens: number; minTokenLength: number };
}

const Env = z.object({
  DETENTION_REGISTRATION_LAG_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  DETENTION_PUESTA_MAX_MINUTES: z.coerce.number().int().min(10).max(72 * 60).default(240),
  DETENTION_PUBLIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(10),
});

/** Builds the rules from the environment (parsed once at start-up; every problem listed). */
export function loadDetentionRules(env: NodeJS.ProcessEnv = process.env): DetentionRules {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Configuración inválida del registro de detenciones:\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  const e = parsed.data;
  return {
    registrationLag: {
      minutes: e.DETENTION_REGISTRATION_LAG_MINUTES,
      source: 'CPEUM art. 16 párr. 5 ("Existirá un registro inmediato de la detención") y LNRD: registro "de inmediato y en el momento en que la persona se encuentre bajo su custodia" (artículo de la LNRD por confirmar). La ley no fija minutos: umbral operativo (DETENTION_REGISTRATION_LAG_MINUTES).',
    },
    puestaSinDemora: {
      minutes: e.DETENTION_PUESTA_MAX_MINUTES,
      source: 'CPEUM art. 16 párr. 5: poner al detenido "sin demora" a disposición de la autoridad. El texto no fija horas: umbral operativo (DETENTION_PUESTA_MAX_MINUTES).',
    },
    arrestoAdministrativo: { hours: 36, source: 'CPEUM art. 21: las sanciones administrativas consisten en multa, arresto hasta por treinta y seis horas o trabajo a favor de la comunidad.' },
    retencionMinisterioPublico: { hours: 48, source: 'CPEUM art. 16: ningún indiciado podrá ser retenido por el Ministerio Público por más de cuarenta y ocho horas.' },
    retencionDelincuenciaOrganizada: { hours: 96, source: 'CPEUM art. 16: el plazo de retención podrá duplicarse en los casos que la ley prevea como delincuencia organizada.' },
    futureToleranceMinutes: 2,
    publicConsultation: { perMinute: e.DETENTION_PUBLIC_RATE_PER_MINUTE, minTokens: 2, minTokenLength: 2 },
  };
}

/** The rules in force (from the process environment at start-up). */
export const DETENTION_RULES: DetentionRules = loadDetentionRules();

/** Legal-deadline flags, as returned in lists, records and stats. */
export const FLAGS = ['registro_tardio', 'puesta_demorada', 'arresto_excedido', 'retencion_mp_excedida'] as const;
/** One legal-deadline flag. */
export type Flag = (typeof FLAGS)[number];

const minutes = (n: number) => sql`make_interval(mins => ${n}::int)`;

/**
 * The flags as SQL conditions over a `detentions` row aliased `alias`, evaluated at `now` (the injected clock):
 * - registro_tardio: registered more than `registrationLag` after the detention;
 * - puesta_demorada: no puesta a disposición (nor release) within `puestaSinDemora` of the detention;
 * - arresto_excedido: a falta administrativa in administrative custody (not handed to the Ministerio Público or a
 *   juez de control, not released) beyond 36 h counted from the detention;
 * - retencion_mp_excedida: at the Ministerio Público's disposal beyond 48 h (96 h for delincuencia organizada)
 *   until handed to a judge, released, or now.
 * With `now = 'stopped'` each flag is true only when its clock has stopped and it was exceeded (its final value):
 * that is what the dashboard rollup stores.
 */
/** When flags are computed: an instant, the clocks stopped, or an ISO timestamp given as text (a compiledOnce() slot). */
export type FlagsAt = Date | 'stopped' | { iso: string };

export function flagConditions(now: FlagsAt, rules: DetentionRules = DETENTION_RULES, alias = 'd'): Record<Flag, RawBuilder<boolean>> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  const at = now === 'stopped' ? sql`'-infinity'::timestamptz` : sql`${now instanceof Date ? now.toISOString() : now.iso}::timestamptz`;
  return {
    registro_tardio: sql<boolean>`(${c('registro_lag_min')} > ${rules.registrationLag.minutes}::int)`,
    puesta_demorada: sql<boolean>`(coalesce(${c('puesta_at')}, ${c('libertad_at')}, ${at}) > ${c('fecha_hora_detencion')} + ${minutes(rules.puestaSinDemora.minutes)})`,
    arresto_excedido: sql<boolean>`(${c('tipo')} = 'falta_administrativa' AND coalesce(${c('mp_at')}, ${c('juez_control_at')}, ${c('libertad_at')}, ${at}) > ${c('fecha_hora_detencion')} + ${minutes(rules.arrestoAdministrativo.hours * 60)})`,
    retencion_mp_excedida: sql<boolean>`(${c('mp_at')} IS NOT NULL AND coalesce(${c('juez_control_at')}, ${c('libertad_at')}, ${at}) > ${c('mp_at')} + CASE WHEN ${c('extended_retention')} THEN ${minutes(rules.retencionDelincuenciaOrganizada.hours * 60)} ELSE ${minutes(rules.retencionMinisterioPublico.hours * 60)} END)`,
  };
}

/** The flags with a clock (registro_tardio has none: it is fixed at registration). */
export const CLOCK_FLAGS = ['puesta_demorada', 'arresto_excedido', 'retencion_mp_excedida'] as const;
export type ClockFlag = (typeof CLOCK_FLAGS)[number];

/**
 * For each clock, whether it is still running on a row (not on time: on the row's own facts). For a running clock,
 * flag(now) = NOT pending(now); for a stopped one, flag(now) = flag('stopped'). Hence, over any set of rows:
 * count(flag at now) = count(flag 'stopped') + count(running) − count(pending at now) — what the rollup relies on.
 */
export function runningClocks(alias = 'd'): Record<ClockFlag, RawBuilder<boolean>> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return {
    puesta_demorada: sql<boolean>`(${c('puesta_at')} IS NULL AND ${c('libertad_at')} IS NULL)`,
    arresto_excedido: sql<boolean>`(${c('tipo')} = 'falta_administrativa' AND ${c('mp_at')} IS NULL AND ${c('juez_control_at')} IS NULL AND ${c('libertad_at')} IS NULL)`,
    retencion_mp_excedida: sql<boolean>`(${c('mp_at')} IS NOT NULL AND ${c('juez_control_at')} IS NULL AND ${c('libertad_at')} IS NULL)`,
  };
}

/** A running clock not yet overdue at `now` (the complement of its flag among running rows). */
export function pendingClocks(now: Date, rules: DetentionRules = DETENTION_RULES, alias = 'd'): Record<ClockFlag, RawBuilder<boolean>> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  const run = runningClocks(alias);
  const at = sql`${now.toISOString()}::timestamptz`;
  return {
    puesta_demorada: sql<boolean>`(${run.puesta_demorada} AND ${c('fecha_hora_detencion')} + ${minutes(rules.puestaSinDemora.minutes)} >= ${at})`,
    arresto_excedido: sql<boolean>`(${run.arresto_excedido} AND ${c('fecha_hora_detencion')} + ${minutes(rules.arrestoAdministrativo.hours * 60)} >= ${at})`,
    retencion_mp_excedida: sql<boolean>`(${run.retencion_mp_excedida} AND ${c('mp_at')} + CASE WHEN ${c('extended_retention')} THEN ${minutes(rules.retencionDelincuenciaOrganizada.hours * 60)} ELSE ${minutes(rules.retencionMinisterioPublico.hours * 60)} END >= ${at})`,
  };
}

/** Rows with a legal clock still running (the predicate of detentions_running_idx, written identically). */
export function runningCondition(alias = 'd'): RawBuilder<boolean> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  return sql<boolean>`(${c('libertad_at')} IS NULL AND (${c('puesta_at')} IS NULL OR (${c('tipo')} = 'falta_administrativa' AND ${c('mp_at')} IS NULL AND ${c('juez_control_at')} IS NULL) OR (${c('mp_at')} IS NOT NULL AND ${c('juez_control_at')} IS NULL)))`;
}

/** The flags as one SQL text[] (for list rows). */
export function flagsArray(now: FlagsAt, rules: DetentionRules = DETENTION_RULES, alias = 'd'): RawBuilder<string[]> {
  const conds = flagConditions(now, rules, alias);
  const parts = FLAGS.map((f) => sql`CASE WHEN ${conds[f]} THEN ${f}::text END`);
  return sql<string[]>`array_remove(ARRAY[${sql.join(parts)}], NULL)`;
}

/** The custody columns the deadlines are computed from. */
export interface CustodyClock {
  tipo: string;
  fecha_hora_detencion: Date;
  puesta_at: Date | null;
  mp_at: Date | null;
  juez_control_at: Date | null;
  libertad_at: Date | null;
  extended_retention: boolean;
}

/** The limit of each legal clock on a row, in epoch ms (the retention's only once the Ministerio Público has the person). */
function limitsOf(r: CustodyClock, rules: DetentionRules) {
  const det = r.fecha_hora_detencion.getTime();
  const retention = r.extended_retention ? rules.retencionDelincuenciaOrganizada.hours : rules.retencionMinisterioPublico.hours;
  return {
    puesta: det + rules.puestaSinDemora.minutes * 60_000,
    arresto: det + rules.arrestoAdministrativo.hours * 3_600_000,
    retencion: r.mp_at ? r.mp_at.getTime() + retention * 3_600_000 : null,
  };
}

/** The moments by which each pending legal step must happen (null when the clock does not run). */
export function deadlinesFor(r: CustodyClock, rules: DetentionRules = DETENTION_RULES) {
  const running = runningClocksOf(r);
  const limit = limitsOf(r, rules);
  const iso = (ms: number | null) => (ms == null ? null : new Date(ms).toISOString());
  return {
    puesta_a_disposicion: running.puesta_demorada ? iso(limit.puesta) : null,
    arresto_administrativo: running.arresto_excedido ? iso(limit.arresto) : null,
    retencion_ministerio_publico: running.retencion_mp_excedida ? iso(limit.retencion) : null,
  };
}

/**
 * flagConditions('stopped') and runningClocks() evaluated on a row in memory, for a rollup computed before the row
 * is written (a bulk file's batch, see contributionsOf). The SQL stays the definition; a test holds the two equal
 * over every branch.
 */
export function stoppedFlagsOf(r: CustodyClock & { registro_lag_min: number }, rules: DetentionRules = DETENTION_RULES): Record<Flag, boolean> {
  const at = (d: Date | null) => (d ? d.getTime() : -Infinity); // a clock not stopped: the SQL's '-infinity'
  const limit = limitsOf(r, rules);
  return {
    registro_tardio: r.registro_lag_min > rules.registrationLag.minutes,
    puesta_demorada: at(r.puesta_at ?? r.libertad_at) > limit.puesta,
    arresto_excedido: r.tipo === 'falta_administrativa' && at(r.mp_at ?? r.juez_control_at ?? r.libertad_at) > limit.arresto,
    retencion_mp_excedida: limit.retencion != null && at(r.juez_control_at ?? r.libertad_at) > limit.retencion,
  };
}

/** runningClocks() on a row in memory (see stoppedFlagsOf). */
export function runningClocksOf(r: CustodyClock): Record<ClockFlag, boolean> {
  const open = r.libertad_at == null;
  return {
    puesta_demorada: r.puesta_at == null && open,
    arresto_excedido: r.tipo === 'falta_administrativa' && r.mp_at == null && r.juez_control_at == null && open,
    retencion_mp_excedida: r.mp_at != null && r.juez_control_at == null && open,
  };
}

/** Registration lag buckets of the stats (upper bounds in minutes; the last one is open). */
export const LAG_BUCKETS: { key: string; max: number | null }[] = [
  { key: '0-15m', max: 15 }, { key: '15-60m', max: 60 }, { key: '1-6h', max: 360 }, { key: '6-24h', max: 1440 }, { key: '>24h', max: null },
];

/** The lag bucket of a registration lag in minutes (lagBucket() in SQL). */
export const lagBucketOf = (minutes: number): string => LAG_BUCKETS.find((b) => b.max == null || minutes <= b.max)!.key;

/**
 * The main time zone of each entidad (IANA); every other entidad uses America/Mexico_City (UTC-6 all year since
 * the 2022 law on time zones). Border municipalities that follow US daylight saving are not distinguished.
 */
const ZONES: Record<string, string> = {
  '02': 'America/Tijuana', '03': 'America/Mazatlan', '08': 'America/Chihuahua', '18': 'America/Mazatlan',
  '23': 'America/Cancun', '25': 'America/Mazatlan', '26': 'America/Hermosillo',
};

/** The IANA time zone used for an entidad's local dates. */
export const timeZoneOf = (entidad: string) => ZONES[entidad] ?? 'America/Mexico_City';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone, then by hour number (a number key: no string to build and hash, six times a row of a bulk file). */
const offsets = new Map<string, Map<number, number>>();
let cachedHours = 0;
const HOUR = 3_600_000;

/** The zone's UTC offset (ms) during the hour containing `t` (zones change offset on the hour; cached per hour). */
export function offsetAt(zone: string, t: number): number {
  const hour = Math.floor(t / HOUR);
  let byHour = offsets.get(zone);
  if (byHour === undefined) offsets.set(zone, (byHour = new Map()));
  let off = byHour.get(hour);
  if (off === undefined) {
    let f = formatters.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
      formatters.set(zone, f);
    }
    const hourStart = hour * HOUR;
    const p = Object.fromEntries(f.formatToParts(new Date(hourStart)).map((x) => [x.type, x.value]));
    off = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - hourStart;
    if (++cachedHours > 50_000) { offsets.clear(); cachedHours = 1; offsets.set(zone, byHour = new Map()); }
    byHour.set(hour, off);
  }
  return off;
}

/** The local calendar date (YYYY-MM-DD) of an instant in the entidad. */
export function localDate(d: Date, entidad: string): string {
  const t = d.getTime();
  return new Date(t + offsetAt(timeZoneOf(entidad), t)).toISOString().slice(0, 10);
}
