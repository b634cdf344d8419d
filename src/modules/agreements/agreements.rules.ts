/**
 * The module's rules as pure functions (no database): what kind an acuerdo is, what kind of session a name
 * describes, which commitments an acuerdo suggests, how a deadline is computed from a time expression, date
 * arithmetic, and the commitment lifecycle. README.md states the same rules for people.
 */
import type { AgreementKind, CommitmentInput, CommitmentStatus, DeadlinePhraseRow, Recurrence, RelativeUnit, SessionKind, ZoneName } from './agreements.schema.js';
import { COMMITMENT_TRANSITIONS } from '../../shared/agreements.js';
import { RECURRENCES } from './agreements.schema.js';

/** Lower case, no accents, single spaces: for matching Spanish text whatever its typography. */
export const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();

/** The idempotency key of a session name: folded, punctuation removed. */
export const nameKey = (name: string) => fold(name).replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim();

// ------------------------------------------------------------------------------------------ acuerdo kind

const KIND_RULES: { kind: AgreementKind; test: (title: string, text: string) => RegExpExecArray | null }[] = [
  // The Conference names someone: a venue, representatives, a designation (present tense; "nombrarán" is a commitment).
  { kind: 'designacion', test: (ti, tx) => /\b(sede|representantes?|designacion(?:es)?|nombramientos?)\b/.exec(ti) ?? /\b(designan|designa|se designa|eligen|elige|nombran|se nombra)\b/.exec(tx) },
  // The members bind themselves: "se comprometen a", "acuerdan + infinitive", obligations in the future tense.
  { kind: 'compromiso', test: (_ti, tx) => /\b(se comprometen?|comprometen) a\b/.exec(tx)
    ?? /\bacuerdan? (?:que )?(?:[a-z]+(?:ar|er|ir))\b/.exec(tx.replace(/\bacuerdan? (?:la|el|los|las|un|una) /g, ''))
    ?? /\b(deberan|debera|enviaran|enviara|envian|remitiran|remitira|presentaran|presentara|entregaran|entregara|adoptaran|nombraran|implementaran|realizaran|llevaran a cabo|estableceran)\b/.exec(tx) },
  // A task for the Conference's technical secretariat.
  { kind: 'instruccion_secretaria_tecnica', test: (_ti, tx) => /\b(instruyen?|solicitan?|encomiendan?|encargan?|piden?|le solicita)\b[^.]{0,40}\bsecretaria tecnica\b/.exec(tx) },
  // The Conference approves or validates something (the order of the day, a model, a date).
  { kind: 'aprobacion', test: (ti, tx) => /\borden del dia\b/.exec(ti) ?? /\b(aprueban?|aprobamos|validan?|ratifican?|refrendan?|instituir|se instituye|acuerdan? (?:que|la|el|los|las|un|una))\b/.exec(tx) },
  // The Conference takes note, thanks, recognises or condemns.
  { kind: 'toma_de_conocimiento', test: (_ti, tx) => /\b(toman? (?:conocimiento|nota)|agradecen?|reconocen?|condenan?|coinciden?|se pronuncian?|manifiestan?)\b/.exec(tx) },
];

/**
 * Infers an acuerdo's kind from its title and text; the first rule that matches wins (README, "Kinds"):
 * designacion → compromiso → instruccion_secretaria_tecnica → aprobacion → toma_de_conocimiento → otro.
 */
export function inferAgreementKind(title: string, text: string): { kind: AgreementKind; reason: string } {
  const ti = fold(title);
  const tx = fold(text);
  for (const r of KIND_RULES) {
    const m = r.test(ti, tx);
    if (m) return { kind: r.kind, reason: m[0] };
  }
  return { kind: 'otro', reason: '' };
}

// ------------------------------------------------------------------------------------------ sessions

const ORDINAL_WORDS: Record<string, number> = {
  primera: 1, primer: 1, primero: 1, segunda: 2, segundo: 2, tercera: 3, tercer: 3, tercero: 3, cuarta: 4, cuarto: 4, quinta: 5, quinto: 5,
  sexta: 6, sexto: 6, septima: 7, septimo: 7, octava: 8, octavo: 8, novena: 9, noveno: 9, decima: 10, decimo: 10,
};

/** The kind, numeral (Roman for plenary assemblies, ordinal number otherwise) and zone a session's name states. */
export function describeSession(name: string): { kind: SessionKind; numeral: string | null; zone: ZoneName | null } {
  const f = fold(name);
  const kind: SessionKind = /asamblea\s+(?:plenaria|enaria)/.test(f) ? 'asamblea_plenaria'
    : /reunion\s+regional/.test(f) ? 'reunion_regional'
      : /sesion\s+extraordinaria/.test(f) ? 'sesion_extraordinaria'
        : /sesion\s+ordinaria/.test(f) ? 'sesion_ordinaria'
          : /reunion\s+nacional/.test(f) ? 'reunion_nacional' : 'otra';
  let numeral: string | null = null;
  if (kind === 'asamblea_plenaria') {
    numeral = /\b([ivxlc]+)\s+(?:asamblea|reunion)/.exec(f)?.[1]?.toUpperCase() ?? /asamblea\s+plenaria\s+([ivxlc]+)\b/.exec(f)?.[1]?.toUpperCase() ?? null;
  } else {
    const m = /\b(\d{1,2})\s*(?:a|ª|°|º)?\s+(?:sesion|reunion)/.exec(f) ?? /\b([a-z]+)\s+(?:sesion|reunion)/.exec(f);
    if (m) numeral = /^\d+$/.test(m[1]) ? String(Number(m[1])) : ORDINAL_WORDS[m[1]] ? String(ORDINAL_WORDS[m[1]]) : null;
  }
  const z = /\bzona\s+(noroeste|noreste|occidente|centro|sureste)\b/.exec(f)?.[1];
  const zone = z ? (z.charAt(0).toUpperCase() + z.slice(1)) as ZoneName : null;
  return { kind, numeral, zone };
}

const MONTHS = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

/** "19 de noviembre de 2019", "15 y 16 de noviembre de 2018", "30 de junio y 1 de julio de 2020". */
export function spanishDateLabel(date: string, end?: string | null): string {
  const [y, m, d] = date.split('-').map(Number);
  if (!end || end === date) return `${d} de ${MONTHS[m - 1]} de ${y}`;
  const [y2, m2, d2] = end.split('-').map(Number);
  if (y === y2 && m === m2) return `${d}${d2 - d === 1 ? ' y ' : ' al '}${d2} de ${MONTHS[m - 1]} de ${y}`;
  if (y === y2) return `${d} de ${MONTHS[m - 1]} ${d2 - d < 0 ? 'y' : 'al'} ${d2} de ${MONTHS[m2 - 1]} de ${y}`;
  return `${d} de ${MONTHS[m - 1]} de ${y} al ${d2} de ${MONTHS[m2 - 1]} de ${y2}`;
}

// ------------------------------------------------------------------------------------------ dates

const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function addDays(iso: string, n: number): string {
  const d = toDate(iso);
  d.setUTCDate(d.getUTCDate() + n);
  return toIso(d);
}

/** Calendar months, the day clamped to the month's last day (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(iso: string, n: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, lastDay(ny, nm))).padStart(2, '0')}`;
}

/** Monday to Friday; public holidays are not known to the platform. */
export function addWorkingDays(iso: string, n: number): string {
  let d = iso;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    const wd = toDate(d).getUTCDay();
    if (wd !== 0 && wd !== 6) left--;
  }
  return d;
}

const PERIOD: Record<Recurrence, { days?: number; months?: number }> = {
  daily: { days: 1 }, weekly: { days: 7 }, biweekly: { days: 14 }, monthly: { months: 1 }, bimonthly: { months: 2 }, quarterly: { months: 3 },
  'four-monthly': { months: 4 }, semiannual: { months: 6 }, yearly: { months: 12 },
};

/** The due date one period after `iso`. */
export const addPeriod = (iso: string, r: Recurrence) => (PERIOD[r].days ? addDays(iso, PERIOD[r].days!) : addMonths(iso, PERIOD[r].months!));

export function addRelative(iso: string, amount: number, unit: RelativeUnit | string): string {
  if (/h[aá]biles/.test(unit)) return addWorkingDays(iso, amount);
  if (unit.startsWith('d')) return addDays(iso, amount);
  if (unit.startsWith('semana')) return addDays(iso, amount * 7);
  if (unit.startsWith('mes')) return addMonths(iso, amount);
  if (unit.startsWith('a')) return addMonths(iso, amount * 12);
  return addDays(iso, amount);
}

/** Days from `a` to `b` (b − a). */
export const daysBetween = (a: string, b: string) => Math.round((toDate(b).getTime() - toDate(a).getTime()) / 86_400_000);

const MX_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Mexico_City', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in Mexico City for an instant: deadlines are calendar days there. */
export const todayMx = (now: Date) => MX_DAY.format(now);

// ------------------------------------------------------------------------------------------ deadlines

export interface DeadlineSpec {
  deadline: string | null;
  deadline_kind: 'none' | 'explicit' | 'relative' | 'recurring';
  deadline_phrase: string | null;
  recurrence: Recurrence | null;
  next_due: string | null;
}

const isRecurrence = (r: unknown): r is Recurrence => RECURRENCES.includes(r as Recurrence);

/**
 * A deadline from an acuerdo's time expressions, anchored on `anchor` (the session date): an explicit date
 * wins; then a relative period ("durante el segundo semestre de 2019" → its last day, 2019-12-31) or term ("en
 * un plazo de 30 días hábiles" → anchor + 30 working days); then a recurrence ("mensualmente" → monthly, first
 * due one period after the anchor); a relative phrase with no computable date ("en la próxima sesión") is
 * kept as text with no date. The phrase used is always kept.
 */
export function computeDeadline(phrases: DeadlinePhraseRow[], anchor: string | null): DeadlineSpec {
  const none: DeadlineSpec = { deadline: null, deadline_kind: 'none', deadline_phrase: null, recurrence: null, next_due: null };
  const explicit = phrases.find((p) => p.kind === 'explicit' && p.date);
  if (explicit) return { ...none, deadline: explicit.end_date ?? explicit.date!, deadline_kind: 'explicit', deadline_phrase: explicit.text };
  const period = phrases.find((p) => p.kind === 'relative' && p.period?.end);
  if (period) return { ...none, deadline: period.period!.end, deadline_kind: 'relative', deadline_phrase: period.text };
  const term = phrases.find((p) => p.kind === 'relative' && p.amount && p.unit);
  if (term && anchor) return { ...none, deadline: addRelative(anchor, term.amount!, term.unit!), deadline_kind: 'relative', deadline_phrase: term.text };
  const rec = phrases.find((p) => p.kind === 'recurring' && isRecurrence(p.recurrence));
  if (rec) {
    const r = rec.recurrence as Recurrence;
    let next: string | null = anchor ? addPeriod(anchor, r) : null;
    if (r === 'yearly' && rec.month_day && anchor) {
      const md = rec.month_day.slice(2);
      next = `${anchor.slice(0, 4)}-${md}`;
      if (next <= anchor) next = `${Number(anchor.slice(0, 4)) + 1}-${md}`;
    }
    return { ...none, deadline_kind: 'recurring', deadline_phrase: rec.text, recurrence: r, next_due: next };
  }
  const vague = phrases.find((p) => p.kind === 'relative' || p.kind === 'recurring');
  if (vague) return { ...none, deadline_kind: 'relative', deadline_phrase: vague.text };
  return none;
}

// ------------------------------------------------------------------------------------------ suggestions

const STATE_CLAUSE = /(?:se\s+comprometen?|comprometen)\s+a\s+(.+?)(?:\.(?=\s|$)|;|$)/isu;
const ACUERDAN_CLAUSE = /acuerdan?\s+(?:que\s+)?((?:\p{L}+(?:ar|er|ir|ará|arán|erá|erán|irá|irán))\b.+?)(?:\.(?=\s|$)|;|$)/isu;
const ST_CLAUSE = /(?:solicitan?|instruyen?|encomiendan?|encargan?|piden?)\s+(?:[^.]{0,20}?\s)?a\s+la\s+secretar[ií]a\s+t[ée]cnica(?:\s+de\s+(?:la|esta)\s+conferencia(?:\s+nacional)?)?\s*,?\s*(?:que\s+|a\s+que\s+|a\s+|para\s+que\s+|se\s+|apoyo\s+en\s+)?(.+?)(?:\.(?=\s|$)|$)/isu;

const sentence = (s: string, max = 600) => {
  const t = s.replace(/\s+/g, ' ').trim();
  const c = t.charAt(0).toUpperCase() + t.slice(1);
  return c.length <= max ? c : `${c.slice(0, max - 1).replace(/\s+\S*$/, '')}…`;
};

/** Phrases that lie in the clause (or all of them when the acuerdo yields one suggestion only). */
function phrasesIn(phrases: DeadlinePhraseRow[], clause: string, all: boolean): DeadlinePhraseRow[] {
  if (all) return phrases;
  const f = fold(clause);
  return phrases.filter((p) => f.includes(fold(p.text)));
}

/**
 * Commitments an acuerdo suggests (README, "Suggested commitments"): a compromiso → one per state of the
 * session's zone (every state for a plenary or national session), deliverable = the clause after "se
 * comprometen a" (or "acuerdan …"); a request or instruction to the Secretaría Técnica → one for it. Deadlines
 * come from the time expressions inside each clause. Other kinds suggest nothing. All start as `proposed`.
 */
export function suggestCommitments(item: { title: string; text: string; kind: AgreementKind; deadline_phrases?: DeadlinePhraseRow[] }, session: { date: string; zone: ZoneName | null }): CommitmentInput[] {
  const phrases = item.deadline_phrases ?? [];
  const found: { responsible: CommitmentInput['responsible']; clause: string }[] = [];
  if (item.kind === 'compromiso' || item.kind === 'designacion') {
    const m = STATE_CLAUSE.exec(item.text) ?? ACUERDAN_CLAUSE.exec(item.text);
    const clause = m?.[1] ?? (item.title || (/^(.+?)(?:\.(?=\s|$)|$)/su.exec(item.text.trim())?.[1] ?? ''));
    if (clause) found.push({ responsible: session.zone ? { kind: 'zone', zone: session.zone } : { kind: 'all_states' }, clause });
  }
  if (item.kind !== 'toma_de_conocimiento' && item.kind !== 'aprobacion') {
    const st = ST_CLAUSE.exec(item.text);
    if (st) found.push({ responsible: { kind: 'secretaria_tecnica' }, clause: st[1] });
  }
  return found.map((f) => {
    const d = computeDeadline(phrasesIn(phrases, f.clause, found.length === 1), session.date);
    return {
      responsible: f.responsible,
      deliverable: sentence(f.clause),
      deadline: d.deadline,
      deadline_phrase: d.deadline_phrase,
      ...(d.deadline && d.deadline_kind !== 'recurring' && d.deadline_kind !== 'none' ? { deadline_kind: d.deadline_kind } : {}),
      recurrence: d.recurrence,
      next_due: d.next_due,
      status: 'proposed' as const,
    };
  });
}

// ------------------------------------------------------------------------------------------ lifecycle

/** Status changes an agreement.manage user may make (one table for server and web: src/shared/agreements.ts). */
export const TRANSITIONS: Record<CommitmentStatus, readonly CommitmentStatus[]> = COMMITMENT_TRANSITIONS;

/** Statuses whose deadline is running: they turn overdue when the due date passes. */
export const RUNNING: readonly CommitmentStatus[] = ['approved', 'in_progress'];

/** The status as of `today`: a running commitment past its due date is overdue even before the sweep records it. */
export function effectiveStatus(status: CommitmentStatus, due: string | null, today: string): CommitmentStatus {
  return RUNNING.includes(status) && due !== null && due < today ? 'overdue' : status;
}

/** Progress as rolled up: a fulfilled commitment counts 100; proposed and cancelled ones do not count. */
export function rollupValue(status: CommitmentStatus, progress: number): number | null {
  if (status === 'proposed' || status === 'cancelled') return null;
  return status === 'fulfilled' ? 100 : progress;
}
