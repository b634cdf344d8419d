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
export type Flag = (typeof FLAGS)[number];

const minutes = (n: number) => sql`make_interval(mins => ${n}::int)`;

/**
 * The flags as SQL conditions over a `detentions` row aliased `alias`, evaluated at `now` (the injected clock):
 * - registro_tardio: registered more than `registrationLag` after the detention;
 * - puesta_demorada: no puesta a disposición (nor release) within `puestaSinDemora` of the detention;
 * - arresto_excedido: a falta administrativa never handed to the Ministerio Público, deprived of liberty beyond
 *   36 h counted from the detention until release (or now);
 * - retencion_mp_excedida: at the Ministerio Público's disposal beyond 48 h (96 h for delincuencia organizada)
 *   until handed to a judge, released, or now.
 */
export function flagConditions(now: Date, rules: DetentionRules = DETENTION_RULES, alias = 'd'): Record<Flag, RawBuilder<boolean>> {
  const c = (col: string) => sql.ref(`${alias}.${col}`);
  const at = sql`${now.toISOString()}::timestamptz`;
  return {
    registro_tardio: sql<boolean>`(${c('registro_lag_min')} > ${rules.registrationLag.minutes}::int)`,
    puesta_demorada: sql<boolean>`(coalesce(${c('puesta_at')}, ${c('libertad_at')}, ${at}) > ${c('fecha_hora_detencion')} + ${minutes(rules.puestaSinDemora.minutes)})`,
    arresto_excedido: sql<boolean>`(${c('tipo')} = 'falta_administrativa' AND ${c('mp_at')} IS NULL AND coalesce(${c('libertad_at')}, ${at}) > ${c('fecha_hora_detencion')} + ${minutes(rules.arrestoAdministrativo.hours * 60)})`,
    retencion_mp_excedida: sql<boolean>`(${c('mp_at')} IS NOT NULL AND coalesce(${c('juez_control_at')}, ${c('libertad_at')}, ${at}) > ${c('mp_at')} + CASE WHEN ${c('extended_retention')} THEN ${minutes(rules.retencionDelincuenciaOrganizada.hours * 60)} ELSE ${minutes(rules.retencionMinisterioPublico.hours * 60)} END)`,
  };
}

/** The flags as one SQL text[] (for list rows). */
export function flagsArray(now: Date, rules: DetentionRules = DETENTION_RULES, alias = 'd'): RawBuilder<string[]> {
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

/** The moments by which each pending legal step must happen (null when the clock does not run). */
export function deadlinesFor(r: CustodyClock, rules: DetentionRules = DETENTION_RULES) {
  const plus = (d: Date, min: number) => new Date(d.getTime() + min * 60_000).toISOString();
  const released = r.libertad_at != null;
  return {
    puesta_a_disposicion: !released && !r.puesta_at ? plus(r.fecha_hora_detencion, rules.puestaSinDemora.minutes) : null,
    arresto_administrativo: !released && r.tipo === 'falta_administrativa' && !r.mp_at ? plus(r.fecha_hora_detencion, rules.arrestoAdministrativo.hours * 60) : null,
    retencion_ministerio_publico: !released && r.mp_at && !r.juez_control_at
      ? plus(r.mp_at, (r.extended_retention ? rules.retencionDelincuenciaOrganizada.hours : rules.retencionMinisterioPublico.hours) * 60) : null,
  };
}

/** Registration lag buckets of the stats (upper bounds in minutes; the last one is open). */
export const LAG_BUCKETS: { key: string; max: number | null }[] = [
  { key: '0-15m', max: 15 }, { key: '15-60m', max: 60 }, { key: '1-6h', max: 360 }, { key: '6-24h', max: 1440 }, { key: '>24h', max: null },
];

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

/** The local calendar date (YYYY-MM-DD) of an instant in the entidad. */
export function localDate(d: Date, entidad: string): string {
  const zone = timeZoneOf(entidad);
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(zone, f);
  }
  return f.format(d);
}
