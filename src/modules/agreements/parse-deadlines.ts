/**
 * Time expressions in an acuerdo: explicit dates (deadlines), relative periods ("durante el segundo
 * semestre", "en un plazo de 30 días") and recurrences ("mensualmente", "informe mensual"). Only explicit,
 * forward-looking dates become deadlines; dates the text places in the past ("celebrada el pasado 30 de
 * agosto", "de fecha 21 de diciembre de 2017") are references, and "el 15 de noviembre como el Día
 * Nacional del Policía" is a yearly commemoration.
 */
import { cmp, findDates, fold, iso, lastDayOfMonth, matchRange, monthNumber, MONTH_RE, parseNumberWords, squash, type Ymd } from './parse-text.js';

export type Recurrence = 'daily' | 'weekly' | 'biweekly' | 'monthly' | 'bimonthly' | 'quarterly' | 'four-monthly' | 'semiannual' | 'yearly' | 'periodic';

/** One time expression of an acuerdo. `date` only for explicit dates. */
export interface DeadlinePhrase {
  text: string;
  kind: 'explicit' | 'relative' | 'recurring';
  date?: string;
  /** Last day when the explicit date is a range ("del 1 al 5 de agosto"). */
  end_date?: string;
  recurrence?: Recurrence;
  /** Calendar span a relative phrase refers to, when the text lets us compute it ("segundo semestre de 2019"). */
  period?: { start: string; end: string };
  /** Length of a relative term ("en un plazo de 30 días hábiles" → 30, "días hábiles"). */
  amount?: number;
  unit?: string;
  /** Day of a yearly recurrence in ISO 8601 "--MM-DD" form. */
  month_day?: string;
  /** The clause around the phrase, so "mensualmente" reads as "enviar mensualmente la información …". */
  context?: string;
}

/** A date the text mentions as already past (an earlier session, a publication): not a deadline. */
export interface DateReference { text: string; date: string }

export interface TimeExpressions { deadlines: string[]; phrases: DeadlinePhrase[]; references: DateReference[]; unresolved: string[] }

const NUM = `(?:\\d{1,3}|${['un', 'una', 'uno', 'dos', 'tres', 'cuatro', 'cinco', 'seis', 'siete', 'ocho', 'nueve', 'diez', 'once', 'doce', 'trece', 'catorce', 'quince', 'veinte', 'treinta', 'cuarenta', 'cuarenta y cinco', 'cincuenta', 'sesenta', 'noventa', 'ciento veinte', 'ciento ochenta'].sort((a, b) => b.length - a.length).join('|')})`;
const UNIT = '(?:dias|semanas|meses|mes|anos|año|años|ano|horas)';
const YEAR_REF = '(?:de(?:l)?[ ]+(?:(?:ano|año)[ ]+)?(\\d{4})|de(?:l)?[ ]+(?:este|presente)[ ]+(?:ano|año)|del[ ]+(?:ano|año)[ ]+en[ ]+curso|del[ ]+(?:proximo|siguiente)[ ]+(?:ano|año))';
const PERIOD_WORDS: Record<string, number> = { semestre: 6, trimestre: 3, bimestre: 2, cuatrimestre: 4 };
const ORDER: Record<string, number> = { primer: 1, primero: 1, segundo: 2, tercer: 3, tercero: 3, cuarto: 4, quinto: 5, sexto: 6 };

const RELATIVE: { re: RegExp; build: (m: RegExpExecArray, year: number | null) => Partial<DeadlinePhrase> }[] = [
  {
    // en un plazo (máximo) de 30 días hábiles (contados a partir de …)
    re: new RegExp(`(?<![a-zñ])(?:en|dentro de)[ ]+(?:un|el)[ ]+(?:plazo|termino|periodo|lapso)[ ]+(?:(?:maximo|no mayor|improrrogable)[ ]+)?(?:(?:a|de)[ ]+)?(?:(?:hasta|no mayor a|maximo)[ ]+)?(?:de[ ]+)?(${NUM})[ ]+(?:\\(\\d+\\)[ ]+)?(${UNIT})(?:[ ]+(habiles|naturales))?(?:[ ]+(?:siguientes|posteriores|contados[^.;,]{0,80}))?`, 'g'),
    build: (m) => ({ amount: toNumber(m[1]) ?? undefined, unit: unitName(m[2], m[3]) }),
  },
  {
    // dentro de los 15 días siguientes / en los próximos 30 días
    re: new RegExp(`(?<![a-zñ])(?:dentro de|en)[ ]+(?:los|las)[ ]+(?:(?:proximos|siguientes|primeros)[ ]+)?(${NUM})[ ]+(?:\\(\\d+\\)[ ]+)?(${UNIT})(?:[ ]+(habiles|naturales))?(?:[ ]+(?:siguientes|posteriores|contados[^.;,]{0,80}))?`, 'g'),
    build: (m) => ({ amount: toNumber(m[1]) ?? undefined, unit: unitName(m[2], m[3]) }),
  },
  {
    // durante el segundo semestre (de este año | de 2019)
    re: new RegExp(`(?<![a-zñ])(?:(?:durante|en|dentro|a mas tardar en|antes de que (?:concluya|termine|finalice)|al (?:cierre|final|termino) de|a finales de|a principios de|del|para)[ ]+)?(?:el|la)?[ ]*(primer|primero|segundo|tercer|tercero|cuarto)[ ]+(semestre|trimestre|bimestre|cuatrimestre)(?:[ ]+${YEAR_REF})?`, 'g'),
    build: (m, year) => {
      const y = yearOf(m[0], m[3], year);
      const months = PERIOD_WORDS[m[2]];
      const n = ORDER[m[1]];
      if (!y || !months || !n || n * months > 12) return {};
      const sm = (n - 1) * months + 1;
      const em = n * months;
      return { period: { start: iso({ y, m: sm, d: 1 }), end: iso({ y, m: em, d: lastDayOfMonth(y, em) }) } };
    },
  },
  {
    // durante el mes de febrero del 2017 / a más tardar en marzo
    re: new RegExp(`(?<![a-zñ])(?:durante|en|a mas tardar en|antes de|a finales de|a principios de|a mediados de|hasta)[ ]+(?:el[ ]+)?(?:(?:mes|transcurso del mes)[ ]+de[ ]+)?(${MONTH_RE})(?![a-z])(?:[ ]+(?:de(?:l)?[ ]+)?(?:(?:ano|año)[ ]+)?(\\d{4})|[ ]+${YEAR_REF})?`, 'g'),
    build: (m, year) => {
      const month = monthNumber(m[1]);
      const y = yearOf(m[0], m[2] ?? m[3], year);
      if (!month || !y) return {};
      return { period: { start: iso({ y, m: month, d: 1 }), end: iso({ y, m: month, d: lastDayOfMonth(y, month) }) } };
    },
  },
  {
    // en 2017 / a partir de 2020 / durante el ejercicio fiscal 2023
    re: /(?<![a-zñ])(?:durante|en|para|a partir de|antes de|a mas tardar en|al cierre de|al final de)[ ]+(?:el[ ]+)?(?:(?:ano|año|ejercicio(?:[ ]+fiscal)?)[ ]+(?:de[ ]+)?)?(\d{4})(?!\d|[ ]*[-–/])/g,
    build: (m) => {
      const y = Number(m[1]);
      return y >= 1990 && y <= 2100 ? { period: { start: iso({ y, m: 1, d: 1 }), end: iso({ y, m: 12, d: 31 }) } } : {};
    },
  },
  {
    // antes de que concluya el presente año / al cierre del ejercicio
    re: /(?<![a-zñ])(?:antes de (?:que )?(?:concluya|termine|finalice|finalizar|concluir|terminar)|al (?:cierre|final|termino) de|a finales de|a mas tardar al (?:cierre|final|termino) de)[ ]+(?:el|la|l)?[ ]*(?:presente[ ]+)?(ano|año|ejercicio(?:[ ]+fiscal)?|mes|semestre|trimestre|administracion|sexenio)(?:[ ]+(?:en[ ]+curso|\d{4}))?/g,
    build: () => ({}),
  },
  {
    // en la próxima sesión (ordinaria) / la próxima XXI Asamblea Plenaria
    re: /(?<![a-zñ])(?:(?:en|para|ante|durante)[ ]+)?(?:la|su)[ ]+(?:proxima|siguiente)[ ]+(?:[ivxlc]+[ ]+)?(?:sesion|asamblea|reunion)(?:[ ]+(?:ordinaria|extraordinaria|plenaria|regional|nacional))?/g,
    build: () => ({}),
  },
  {
    re: /(?<![a-zñ])a la (?:mayor )?brevedad(?: posible)?/g,
    build: () => ({}),
  },
];

const RECURRING: { re: RegExp; recurrence: (m: RegExpExecArray) => Recurrence | null }[] = [
  {
    re: /(?<![a-zñ])(?:(?:un|una|el|la|los|las)[ ]+)?(?:(?:informe|reporte|envio|corte|reunion|sesion|actualizacion|evaluacion|seguimiento|balance)s?[ ]+)?(diari[oa]s?|diariamente|semanal(?:es|mente)?|quincenal(?:es|mente)?|mensual(?:es|mente)?|bimestral(?:es|mente)?|trimestral(?:es|mente)?|cuatrimestral(?:es|mente)?|semestral(?:es|mente)?|anual(?:es|mente)?)(?![a-z])/g,
    recurrence: (m) => {
      const w = m[1];
      if (w.startsWith('diari')) return 'daily';
      if (w.startsWith('semanal')) return 'weekly';
      if (w.startsWith('quincenal')) return 'biweekly';
      if (w.startsWith('mensual')) return 'monthly';
      if (w.startsWith('bimestral')) return 'bimonthly';
      if (w.startsWith('trimestral')) return 'quarterly';
      if (w.startsWith('cuatrimestral')) return 'four-monthly';
      if (w.startsWith('semestral')) return 'semiannual';
      return 'yearly';
    },
  },
  {
    re: new RegExp(`(?<![a-zñ])(?:(?:los|el)[ ]+(?:primeros?[ ]+)?(?:\\d{1,2}|${NUM})[ ]+(?:dias?[ ]+)?(?:habiles[ ]+)?de[ ]+)?cada[ ]+(?:(${NUM})[ ]+)?(dias?|semanas?|quincenas?|mes(?:es)?|bimestres?|trimestres?|semestres?|anos?|años?)(?![a-z])`, 'g'),
    recurrence: (m) => {
      const n = m[1] ? toNumber(m[1]) ?? 1 : 1;
      const u = m[2].replace(/s$/, '').replace(/e$/, '');
      const months: Record<string, number> = { mes: 1, bimestr: 2, trimestr: 3, semestr: 6, ano: 12, año: 12 };
      if (u.startsWith('dia')) return n === 1 ? 'daily' : n === 7 ? 'weekly' : n === 15 ? 'biweekly' : 'periodic';
      if (u.startsWith('semana')) return n === 1 ? 'weekly' : n === 2 ? 'biweekly' : 'periodic';
      if (u.startsWith('quincena')) return n === 1 ? 'biweekly' : 'periodic';
      const total = (months[u] ?? 0) * n;
      return ({ 1: 'monthly', 2: 'bimonthly', 3: 'quarterly', 4: 'four-monthly', 6: 'semiannual', 12: 'yearly' } as Record<number, Recurrence>)[total] ?? 'periodic';
    },
  },
  {
    re: /(?<![a-zñ])(?:de (?:manera|forma)|en forma) periodica|periodicamente/g,
    recurrence: () => 'periodic',
  },
];

function toNumber(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : parseNumberWords(s);
}
function unitName(u: string, qual?: string): string {
  const base = u.startsWith('dia') ? 'días' : u.startsWith('semana') ? 'semanas' : u.startsWith('mes') ? 'meses' : u.startsWith('hora') ? 'horas' : 'años';
  return qual ? `${base} ${qual === 'habiles' ? 'hábiles' : 'naturales'}` : base;
}
function yearOf(phrase: string, explicit: string | undefined, sessionYear: number | null): number | null {
  if (explicit && /^\d{4}$/.test(explicit)) return Number(explicit);
  if (/(?:proximo|siguiente)[ ]+(?:ano|año)/.test(phrase)) return sessionYear ? sessionYear + 1 : null;
  return sessionYear;
}

const PAST_CUE = /(?<![a-z])(?:pasado|anterior|celebrad[ao]s?|realizad[ao]s?|efectuad[ao]s?|llevad[ao]s? a cabo|publicad[ao]s?|emitid[ao]s?|suscrit[ao]s?|aprobad[ao]s?|firmad[ao]s?|de fecha|con fecha|fechad[ao]s?|(?:acuerdos?|sesion|reunion|oficio|decreto|publicacion|dof) del?)[ ]*(?:el[ ]+|del?[ ]+|en[ ]+)?(?:dia[ ]+)?$/;
const DEADLINE_CUE = /(?<![a-z])(?:(?:a mas tardar|antes|hasta|no mas alla|con fecha limite|como fecha limite|fecha limite|a partir|para|vence|vencera)(?:[ ]+(?:el|del|de|al|en|la))?(?:[ ]+(?:dia|fecha))?|el(?:[ ]+dia)?|al)[ ]*$/;

/**
 * Extracts deadlines and the other time expressions of one acuerdo. `session` (or the caller's reference
 * date) resolves day-month pairs without a year: the next occurrence on or after it, or the previous one
 * when the text says the date is past. Without any anchor such dates are reported in `unresolved`.
 */
export function extractTimeExpressions(text: string, session: Ymd | null): TimeExpressions {
  const f = fold(text);
  const phrases: (DeadlinePhrase & { at: number })[] = [];
  const references: DateReference[] = [];
  const unresolved: string[] = [];
  const deadlines: string[] = [];
  const spans: [number, number][] = [];
  const overlaps = (a: number, b: number) => spans.some(([s, e]) => a < e && b > s);
  const clip = (a: number, b: number) => squash(text.slice(a, b)).replace(/[\s,;:.]+$/, '');
  const clause = (a: number, b: number): string => {
    let s = a;
    while (s > 0 && !/[.;:\n]/.test(text[s - 1]) && a - s < 140) s--;
    if (s > 0 && !/[.;:\n]/.test(text[s - 1])) s = text.indexOf(' ', s) + 1 || a;
    let e = b;
    while (e < text.length && !/[.;\n]/.test(text[e]) && e - b < 140) e++;
    if (e < text.length && !/[.;\n]/.test(text[e])) e = Math.max(b, text.lastIndexOf(' ', e));
    return squash(text.slice(s, e)).replace(/^[\s,)]+|[\s,;:]+$/g, '');
  };

  for (const d of findDates(text)) {
    spans.push([d.start, d.end]);
    const before = f.slice(Math.max(0, d.start - 60), d.start);
    const after = f.slice(d.end, d.end + 80);
    const past = PAST_CUE.test(before);
    const cue = DEADLINE_CUE.exec(before);
    const start = cue && !past ? d.start - cue[0].length : d.start;
    if (/^[ ,]*(?:de cada (?:ano|año)|de todos los (?:anos|años)|como (?:el )?["'«“]?dia(?![a-z]))/.test(after) || /(?<![a-z])cada[ ]+$/.test(before)) {
      const tail = /^[^.;]{0,80}/.exec(after)?.[0].length ?? 0;
      spans.push([start, d.end + tail]);
      phrases.push({ at: start, text: clip(start, d.end + tail), kind: 'recurring', recurrence: 'yearly', month_day: `--${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`, context: clause(start, d.end) });
      continue;
    }
    const range = matchRange(d, session, past ? 'previous' : 'next');
    if (!range) {
      unresolved.push(squash(d.text));
      phrases.push({ at: start, text: clip(start, d.end), kind: 'explicit' });
      continue;
    }
    const isPast = past || (session !== null && cmp(range.end ?? range.start, session) < 0);
    if (isPast) { references.push({ text: squash(d.text), date: iso(range.start) }); continue; }
    const phrase: DeadlinePhrase & { at: number } = { at: start, text: clip(start, d.end), kind: 'explicit', date: iso(range.start), context: clause(start, d.end) };
    if (range.end) { phrase.end_date = iso(range.end); phrase.context = clause(start, d.end); }
    phrases.push(phrase);
    const due = iso(range.end ?? range.start);
    if (!deadlines.includes(due)) deadlines.push(due);
  }

  const year = session?.y ?? null;
  for (const r of RELATIVE) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(f); m; m = r.re.exec(f)) {
      const a = m.index + (m[0].length - m[0].trimStart().length);
      const b = m.index + m[0].length;
      if (b - a < 4 || overlaps(a, b)) continue;
      spans.push([a, b]);
      const extra = r.build(m, year);
      phrases.push({ at: a, text: clip(a, b), kind: 'relative', ...clean(extra), context: clause(a, b) });
    }
  }
  for (const r of RECURRING) {
    r.re.lastIndex = 0;
    for (let m = r.re.exec(f); m; m = r.re.exec(f)) {
      const a = m.index;
      const b = m.index + m[0].length;
      if (overlaps(a, b)) continue;
      const rec = r.recurrence(m);
      if (!rec) continue;
      spans.push([a, b]);
      const t = clip(a, b).replace(/^(?:un|una|el|la|los|las)\s+/i, '');
      phrases.push({ at: a, text: t, kind: 'recurring', recurrence: rec, context: clause(a, b) });
    }
  }
  phrases.sort((p, q) => p.at - q.at);
  return { deadlines, phrases: phrases.map(({ at: _at, ...p }) => p), references, unresolved };
}

function clean<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
