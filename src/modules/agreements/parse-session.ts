/**
 * What identifies a session of the Conference: its name ("XXIII Asamblea Plenaria", "Segunda Sesión
 * Ordinaria 2019 de la Zona Occidente"), dates, city, entidad and zone, read from a document's heading
 * lines or from a table's "Sesión" and "Fecha y Lugar" cells.
 */
import { findPlaceIn, parsePlace, zoneByName, type Zone } from './parse-places.js';
import { feminineOrdinal, findDates, fold, fromRoman, iso, matchRange, ORDINAL_WORD_RE, parseOrdinalWords, squash, toRoman, type Ymd } from './parse-text.js';

export interface SessionInfo {
  name: string | null;
  date: string | null;
  end_date: string | null;
  place: string | null;
  entidad: string | null;
  zone: Zone | null;
}

/** An acuerdo or transitory provision as read, before titles, deadlines and checks are added. */
export interface RawItem {
  ordinal: string;
  number: number | null;
  /** Title as the document gives it; null when it gives none. */
  title: string | null;
  text: string;
  line: number;
}

/** A session as read from prose or a table. */
export interface RawSession {
  info: SessionInfo;
  agreements: RawItem[];
  transitory: RawItem[];
}

export const emptySession = (): SessionInfo => ({ name: null, date: null, end_date: null, place: null, entidad: null, zone: null });

/** A session name read from text, with the numeral as a number for reconciliation. */
export interface SessionName {
  name: string;
  kind: 'asamblea' | 'sesion' | 'reunion';
  /** Roman numeral as written ("VIII"), when the name has one. */
  roman: string | null;
  numeral: number | null;
  zone: Zone | null;
  /** Set when a misspelt word was corrected: [as written, corrected]. */
  fixed: [string, string] | null;
}

const NUMERAL = `(?:([ivxlc]+)|(\\d{1,3})[ ]?(?:ª|a|°|º|er|ra|da|ta|va|na)?\\.?|(${ORDINAL_WORD_RE}))`;
const ASAMBLEA_RE = new RegExp(`(?<![a-z])(?:${NUMERAL}[ ]+)?asamblea(?:[ ]+([a-zñ]+))?(?:[ ]+(extraordinaria|ordinaria))?`);
const SESION_RE = new RegExp(`(?<![a-z])(?:${NUMERAL}[ ]+)?sesion(?:[ ]+(ordinaria|extraordinaria|plenaria|regional|nacional))?`);
const REUNION_RE = new RegExp(`(?<![a-z])(?:${NUMERAL}[ ]+)?reunion(?:[ ]+(regional|nacional|ordinaria|extraordinaria|plenaria|de trabajo))?`);
const ZONE_RE = /(?<![a-z])(?:zona|region)[ ]+(noroeste|noreste|occidente|centro|sureste)(?![a-z])/;

function levenshtein(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}

function numeralValue(m: RegExpExecArray, i: number): { n: number | null; roman: string | null } {
  if (m[i]) { const n = fromRoman(m[i]); return { n, roman: n ? m[i].toUpperCase() : null }; }
  if (m[i + 1]) return { n: Number(m[i + 1]), roman: null };
  if (m[i + 2]) return { n: parseOrdinalWords(m[i + 2]), roman: null };
  return { n: null, roman: null };
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const ACCENTED: Record<string, string> = { sesion: 'Sesión', reunion: 'Reunión' };

/**
 * Reads a session name: "REUNIÓN DE LA XXIII ASAMBLEA PLENARIA" → "XXIII Asamblea Plenaria",
 * "VIII Asamblea enaria" → "VIII Asamblea Plenaria" (fixed), "2ª SESIÓN ORDINARIA 2019 … ZONA OCCIDENTE"
 * → "Segunda Sesión Ordinaria 2019 de la Zona Occidente". Plenary numerals are written in roman, other
 * sessions with feminine ordinal words.
 */
export function readSessionName(text: string): SessionName | null {
  const f = fold(squash(text.replace(/\s+/g, ' ')));
  const zm = ZONE_RE.exec(f);
  const zone = zm ? zoneByName(zm[1]) : null;
  const am = ASAMBLEA_RE.exec(f);
  if (am) {
    const { n, roman } = numeralValue(am, 1);
    const word = am[4] ?? '';
    let fixed: [string, string] | null = null;
    let plenaria = false;
    if (word === 'plenaria') plenaria = true;
    else if (word && (levenshtein(word, 'plenaria') <= 2 || /^p?l?enaria$/.test(word) || word.endsWith('naria') && word.length >= 5 && word !== 'ordinaria' && word !== 'extraordinaria')) {
      plenaria = true;
      fixed = [`Asamblea ${squash(text).split(/\s+/).find((w) => fold(w).replace(/[^a-zñ]/g, '') === word) ?? word}`, 'Asamblea Plenaria'];
    }
    const num = n ? (roman ?? toRoman(n)) : null;
    const parts = [num, 'Asamblea', plenaria ? 'Plenaria' : null, am[5] ? cap(am[5]) : (!plenaria && word === 'extraordinaria' ? 'Extraordinaria' : null)].filter(Boolean);
    return { name: parts.join(' '), kind: 'asamblea', roman: num, numeral: n, zone, fixed };
  }
  for (const [re, kind] of [[SESION_RE, 'sesion'], [REUNION_RE, 'reunion']] as const) {
    const m = re.exec(f);
    if (!m) continue;
    const { n } = numeralValue(m, 1);
    const adj = m[4] ? m[4].split(' ').map((w, i) => (i === 0 ? cap(w) : w)).join(' ') : null;
    let name = [n ? feminineOrdinal(n) : null, ACCENTED[kind], adj].filter(Boolean).join(' ');
    const after = f.slice(m.index + m[0].length);
    const year = /^[ ,]*(?:(?:de(?:l)?|-)[ ]+)?(\d{4})(?!\d)/.exec(after) ?? (zm && zm.index >= m.index ? /^[ ,]*(?:(?:de(?:l)?|-)[ ]+)?(\d{4})(?!\d)/.exec(f.slice(zm.index + zm[0].length)) : null);
    if (year) name += ` ${year[1]}`;
    if (zone) name += ` de la Zona ${zone}`;
    return { name, kind, roman: null, numeral: n, zone, fixed: null };
  }
  return null;
}

/** Date range and place of a "Fecha y Lugar" text ("15 y 16 de noviembre de 2018 Saltillo, Coahuila"). */
export function readDatePlace(text: string, anchor: Ymd | null, opts: { placeAnywhere?: boolean } = {}): Partial<SessionInfo> & { certainPlace?: boolean } {
  const out: Partial<SessionInfo> & { certainPlace?: boolean } = {};
  const clean = squash(text.replace(/\n/g, ' '));
  const dates = findDates(clean);
  const d = dates.find((x) => x.year !== null) ?? dates[0];
  let rest = clean;
  if (d) {
    const r = matchRange(d, anchor, 'next');
    if (r) { out.date = iso(r.start); out.end_date = r.end ? iso(r.end) : null; }
    const after = clean.slice(d.end);
    const before = clean.slice(0, d.start).replace(/\b(?:lunes|martes|mi[ée]rcoles|jueves|viernes|s[áa]bado|domingo)\b[\s,]*$/i, '');
    const tryAfter = parsePlace(after);
    const tryBefore = parsePlace(before.replace(/(?:^|\s)(?:a|el|del|los d[ií]as|el d[ií]a)\s*$/i, ''));
    const pick = [tryAfter, tryBefore].find((g) => g && g.certain) ?? (tryAfter && !opts.placeAnywhere ? tryAfter : null);
    if (pick) { out.place = pick.place; out.entidad = pick.entidad; out.certainPlace = pick.certain; }
    rest = '';
  }
  if (rest) {
    const g = opts.placeAnywhere ? findPlaceIn(rest) : parsePlace(rest);
    if (g) { out.place = g.place; out.entidad = g.entidad; out.certainPlace = g.certain; }
  }
  return out;
}

/**
 * Session data from the heading lines of a document: the name from any line, the date from the first line
 * that has one (with the place beside it), else a "City, State" line anywhere in the heading.
 */
export function readSessionHeader(lines: string[], anchor: Ymd | null): SessionInfo & { fixed: [string, string] | null } {
  const info = { ...emptySession(), fixed: null as [string, string] | null };
  const joined = lines.join('\n');
  const sn = readSessionName(joined);
  if (sn) { info.name = sn.name; info.zone = sn.zone; info.fixed = sn.fixed; }
  else {
    const zm = ZONE_RE.exec(fold(joined));
    if (zm) info.zone = zoneByName(zm[1]);
  }
  for (const line of lines) {
    if (!findDates(line).some((d) => d.year !== null || anchor)) continue;
    const dp = readDatePlace(line, anchor);
    if (dp.date) {
      info.date = dp.date; info.end_date = dp.end_date ?? null;
      if (dp.place !== undefined || dp.entidad !== undefined) { info.place = dp.place ?? null; info.entidad = dp.entidad ?? null; }
      break;
    }
  }
  if (!info.entidad) {
    for (const line of lines) {
      const g = findPlaceIn(line);
      if (g) { info.place = g.place; info.entidad = g.entidad; break; }
    }
  }
  return info;
}
