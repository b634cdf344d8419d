/**
 * Spanish text primitives for the agreements parser: accent folding that keeps string offsets, number
 * words, ordinals (PRIMERO … DÉCIMO TERCERO, DECIMOTERCERO, 05/XL/16), roman numerals and dates written
 * with digits, month names or words ("el cinco de agosto de dos mil veintidós").
 */

const ACCENTS: Record<string, string> = {
  á: 'a', à: 'a', ä: 'a', â: 'a', é: 'e', è: 'e', ë: 'e', ê: 'e', í: 'i', ì: 'i', ï: 'i', î: 'i',
  ó: 'o', ò: 'o', ö: 'o', ô: 'o', ú: 'u', ù: 'u', ü: 'u', û: 'u',
};

/** Lower-cases and strips accents (ñ stays) one code unit for one, so offsets in the result are offsets in `s`. */
export function fold(s: string): string {
  let out = '';
  for (const c of s) {
    let l = c.toLowerCase();
    if (l.length !== c.length) l = c;
    out += ACCENTS[l] ?? l;
  }
  return out;
}

/** Collapses runs of spaces and tabs (not newlines) and trims. */
export const squash = (s: string): string => s.replace(/[ \t\f\v]+/g, ' ').trim();

const UNITS: Record<string, number> = {
  cero: 0, un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9,
  diez: 10, once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18,
  diecinueve: 19, veinte: 20, veintiun: 21, veintiuno: 21, veintiuna: 21, veintidos: 22, veintitres: 23, veinticuatro: 24,
  veinticinco: 25, veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29, treinta: 30, cuarenta: 40,
  cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90, cien: 100, ciento: 100, doscientos: 200,
  trescientos: 300, cuatrocientos: 400, quinientos: 500, seiscientos: 600, setecientos: 700, ochocientos: 800,
  novecientos: 900,
};

/** "dos mil veintidós" → 2022, "treinta y uno" → 31, "primero" → 1; null when a word is not a number word. */
export function parseNumberWords(s: string): number | null {
  const words = fold(s).trim().split(/\s+/).filter(Boolean);
  if (!words.length) return null;
  let total = 0;
  let current = 0;
  let seen = false;
  for (const w of words) {
    if (w === 'y') continue;
    if (w === 'primero' || w === 'primer') { current += 1; seen = true; continue; }
    if (w === 'mil') { total += (current || 1) * 1000; current = 0; seen = true; continue; }
    const v = UNITS[w];
    if (v === undefined) return null;
    current += v;
    seen = true;
  }
  return seen ? total + current : null;
}

const MONTHS: Record<string, number> = {
  enero: 1, febrero: 2, marzo: 3, abril: 4, mayo: 5, junio: 6, julio: 7, agosto: 8, septiembre: 9, setiembre: 9,
  octubre: 10, noviembre: 11, diciembre: 12,
};
/** Month name (any case or accent) → 1–12. */
export const monthNumber = (s: string): number | null => MONTHS[fold(s).trim()] ?? null;
/** Regex alternation of the month names (folded). */
export const MONTH_RE = Object.keys(MONTHS).join('|');

// ---------------------------------------------------------------------------------------------- roman

const ROMAN: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];

/** 23 → "XXIII". */
export function toRoman(n: number): string {
  let out = '';
  for (const [v, r] of ROMAN) while (n >= v) { out += r; n -= v; }
  return out;
}

/** "XXIII" → 23; null unless the numeral is written in canonical form. */
export function fromRoman(s: string): number | null {
  const up = s.trim().toUpperCase();
  if (!/^[MDCLXVI]+$/.test(up)) return null;
  const val: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  let n = 0;
  for (let i = 0; i < up.length; i++) {
    const a = val[up[i]];
    const b = i + 1 < up.length ? val[up[i + 1]] : 0;
    n += a < b ? -a : a;
  }
  return n > 0 && toRoman(n) === up ? n : null;
}

// ------------------------------------------------------------------------------------------- ordinals

const ORD_UNITS: Record<string, number> = {
  primer: 1, primero: 1, primera: 1, segundo: 2, segunda: 2, tercer: 3, tercero: 3, tercera: 3, cuarto: 4, cuarta: 4,
  quinto: 5, quinta: 5, sexto: 6, sexta: 6, septimo: 7, septima: 7, setimo: 7, setima: 7, octavo: 8, octava: 8,
  noveno: 9, novena: 9, nono: 9, nona: 9,
};
const ORD_TENS: Record<string, number> = {
  decim: 10, vigesim: 20, trigesim: 30, cuadragesim: 40, quincuagesim: 50, sexagesim: 60, septuagesim: 70,
  octogesim: 80, nonagesim: 90, centesim: 100,
};

/**
 * Regex source (over folded text) of one Spanish ordinal word: PRIMERO, DÉCIMO TERCERO, DECIMOTERCERO,
 * DÉCIMA PRIMERA, UNDÉCIMO, VIGÉSIMO, ÚNICO.
 */
export const ORDINAL_WORD_RE =
  `(?:(?:${Object.keys(ORD_TENS).join('|')})[oa](?:[ \\t]*(?:primer[oa]?|segund[oa]|tercer[oa]?|cuart[oa]|quint[oa]|sext[oa]|septim[oa]|setim[oa]|octav[oa]|noven[oa]))?` +
  '|undecim[oa]|duodecim[oa]|unic[oa]|primer[oa]|segund[oa]|tercer[oa]|cuart[oa]|quint[oa]|sext[oa]|septim[oa]|setim[oa]|octav[oa]|noven[oa])(?![a-zñ])';

/** The number of an ordinal word: "Décimo Primero" and "DECIMOPRIMERO" → 11, "único" → 1, "vigésima" → 20. */
export function parseOrdinalWords(s: string): number | null {
  const f = fold(s).replace(/[.\-–—:]+$/, '').trim();
  if (/^unic[oa]$/.test(f)) return 1;
  if (/^undecim[oa]$/.test(f)) return 11;
  if (/^duodecim[oa]$/.test(f)) return 12;
  const tm = new RegExp(`^(${Object.keys(ORD_TENS).join('|')})[oa]\\s*(.*)$`).exec(f);
  const tens = tm ? ORD_TENS[tm[1]] : 0;
  const rest = tm ? tm[2] : f;
  if (!rest) return tens || null;
  const unit = ORD_UNITS[rest];
  return unit === undefined ? null : tens + unit;
}

/**
 * The integer of an acuerdo's numbering, whatever its form: ordinal words, digits ("5", "5o."), roman
 * numerals ("IV"), or identifiers whose first 1–3 digit segment is the number ("05/XL/16" → 5,
 * "CNSSP/XV/01/2016" → 1).
 */
export function parseOrdinal(raw: string): number | null {
  const s = fold(raw).replace(/^\s*(?:acuerdo|articulo|transitorio)s?\s+(?:(?:numero|num\.?|no\.?|n[°º])\s*)?/, '').replace(/[\s.:\-–—)]+$/, '').trim();
  if (!s) return null;
  const digits = /^(\d{1,4})\s*(?:o|a|°|º|ª|er|ro|do|to|vo|no)?\.?$/.exec(s);
  if (digits) return Number(digits[1]);
  if (s.includes('/')) {
    for (const seg of s.split(/[/\-]/)) if (/^\d{1,3}$/.test(seg)) return Number(seg);
    return null;
  }
  const words = parseOrdinalWords(s);
  if (words !== null) return words;
  return fromRoman(s);
}

const FEM_UNITS = ['', 'Primera', 'Segunda', 'Tercera', 'Cuarta', 'Quinta', 'Sexta', 'Séptima', 'Octava', 'Novena'];
const FEM_TENS = ['', 'Décima', 'Vigésima', 'Trigésima', 'Cuadragésima', 'Quincuagésima', 'Sexagésima', 'Septuagésima', 'Octogésima', 'Nonagésima'];
/** 2 → "Segunda", 13 → "Décima Tercera" (for session names: "Segunda Sesión Ordinaria"). */
export function feminineOrdinal(n: number): string {
  if (n < 1 || n > 99) return String(n);
  return [FEM_TENS[Math.floor(n / 10)], FEM_UNITS[n % 10]].filter(Boolean).join(' ');
}

// ---------------------------------------------------------------------------------------------- dates

/** Calendar day (no time zone involved). */
export interface Ymd { y: number; m: number; d: number }

export const iso = (x: Ymd): string => `${String(x.y).padStart(4, '0')}-${String(x.m).padStart(2, '0')}-${String(x.d).padStart(2, '0')}`;
export const parseIso = (s: string): Ymd | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s.trim());
  return m && validDay(+m[1], +m[2], +m[3]) ? { y: +m[1], m: +m[2], d: +m[3] } : null;
};
export function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}
export const lastDayOfMonth = (y: number, m: number): number => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const cmp = (a: Ymd, b: Ymd): number => a.y - b.y || a.m - b.m || a.d - b.d;

const DAY_WORDS = ['treinta y uno', 'treinta', 'veintinueve', 'veintiocho', 'veintisiete', 'veintiseis', 'veinticinco',
  'veinticuatro', 'veintitres', 'veintidos', 'veintiuno', 'veinte', 'diecinueve', 'dieciocho', 'diecisiete',
  'dieciseis', 'quince', 'catorce', 'trece', 'doce', 'once', 'diez', 'nueve', 'ocho', 'siete', 'seis', 'cinco',
  'cuatro', 'tres', 'dos', 'uno', 'primero'];
const NUM_WORD = '(?:veinti[a-z]+|dieci[a-z]+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|noventa|diez|once|doce|trece|catorce|quince|veinte|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)';
const DAY = `(?:\\d{1,2}(?:[ ]?(?:o|°|º|ro|er)\\.?)?|${DAY_WORDS.join('|')})`;
const YEAR = `(?:\\d{4}(?!\\d)|(?:dos mil|mil novecientos)(?:[ ](?:${NUM_WORD})(?:[ ]y[ ](?:${NUM_WORD}))?)?(?![a-z]))`;
const SEP = '(?:[ ]*,[ ]*|[ ]+(?:y|e|al|a)[ ]+|[ ]*[-–][ ]*)';
const DE_MONTH = `[ ]+(?:del[ ]+mes[ ]+de|de)[ ]+(${MONTH_RE})`;
const OF_YEAR = `(?:[ ]*,?[ ]*(?:del?[ ]+)?(?:(?:ano|año)[ ]+(?:de[ ]+)?)?(${YEAR}))?`;

const CROSS_MONTH = new RegExp(`(?<![a-z0-9])(${DAY})${DE_MONTH}[ ]+(?:al|a|y)[ ]+(${DAY})${DE_MONTH}${OF_YEAR}`, 'g');
const DAY_MONTH = new RegExp(`(?<![a-z0-9])(${DAY}(?:${SEP}${DAY}){0,6})${DE_MONTH}${OF_YEAR}`, 'g');
const NUMERIC = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/])/g;
const ISO_RE = /(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])/g;

/** One date (or range) found in a text; year null when the text gives only day and month. */
export interface DateMatch {
  start: number;
  end: number;
  text: string;
  day: number;
  month: number;
  year: number | null;
  endDay?: number;
  endMonth?: number;
}

function parseDay(s: string): number | null {
  const t = s.trim();
  const dg = /^(\d{1,2})/.exec(t);
  const n = dg ? Number(dg[1]) : parseNumberWords(t);
  return n !== null && n >= 1 && n <= 31 ? n : null;
}
function parseYear(s: string | undefined): number | null {
  if (!s) return null;
  const n = /^\d{4}$/.test(s) ? Number(s) : parseNumberWords(s);
  return n !== null && n >= 1900 && n <= 2199 ? n : null;
}

/**
 * Every date in `text`: "19 de noviembre de 2019", "15 y 16 de noviembre", "del 29 al 31 de agosto de 2022",
 * "30 de noviembre al 1 de diciembre de 2022", "el cinco de agosto de dos mil veintidós", "21/12/2017",
 * "2022-08-05". Day-month pairs that cannot exist are skipped.
 */
export function findDates(text: string): DateMatch[] {
  const f = fold(text);
  const out: DateMatch[] = [];
  const taken = (a: number, b: number) => out.some((m) => a < m.end && b > m.start);
  const push = (m: DateMatch) => { if (!taken(m.start, m.end)) out.push(m); };
  for (const m of f.matchAll(CROSS_MONTH)) {
    const d1 = parseDay(m[1]); const m1 = monthNumber(m[2]); const d2 = parseDay(m[3]); const m2 = monthNumber(m[4]);
    const y = parseYear(m[5]);
    if (d1 && m1 && d2 && m2 && validDay(y ?? 2000, m1, d1) && validDay(y ?? 2000, m2, d2)) {
      const end = m.index + m[0].length;
      push({ start: m.index, end, text: text.slice(m.index, end), day: d1, month: m1, year: y, endDay: d2, endMonth: m2 });
    }
  }
  for (const m of f.matchAll(DAY_MONTH)) {
    const days = m[1].split(new RegExp(SEP)).map(parseDay);
    const month = monthNumber(m[2]);
    const y = parseYear(m[3]);
    if (!month || days.some((d) => d === null)) continue;
    const ds = days as number[];
    if (!ds.every((d) => validDay(y ?? 2000, month, d))) continue;
    // "dos mil" read as a year when the text says "dos mil personas" is filtered by the year range check.
    let end = m.index + m[0].length;
    if (m[3] && y === null) end = m.index + m[0].length - m[3].length;
    const first = ds[0];
    const last = ds[ds.length - 1];
    push({ start: m.index, end, text: text.slice(m.index, end).trim(), day: first, month, year: y, ...(ds.length > 1 && last > first ? { endDay: last, endMonth: month } : {}) });
  }
  for (const m of f.matchAll(NUMERIC)) {
    if (m[2] !== '/' && m[4].length !== 4) continue;
    const y = m[4].length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
    const d = Number(m[1]); const mo = Number(m[3]);
    if (validDay(y, mo, d)) push({ start: m.index, end: m.index + m[0].length, text: m[0], day: d, month: mo, year: y });
  }
  for (const m of f.matchAll(ISO_RE)) {
    const y = Number(m[1]); const mo = Number(m[2]); const d = Number(m[3]);
    if (validDay(y, mo, d)) push({ start: m.index, end: m.index + m[0].length, text: m[0], day: d, month: mo, year: y });
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The calendar day of a match. A missing year comes from `anchor`: the same year when that day is on or
 * after the anchor, else the next year ("next"); or the last occurrence on or before it ("previous").
 */
export function resolveDate(d: { day: number; month: number; year: number | null }, anchor: Ymd | null, mode: 'next' | 'previous' = 'next'): Ymd | null {
  if (d.year !== null) return validDay(d.year, d.month, d.day) ? { y: d.year, m: d.month, d: d.day } : null;
  if (!anchor) return null;
  let y = anchor.y;
  const at = (yy: number): Ymd => ({ y: yy, m: d.month, d: d.day });
  if (mode === 'next') { while (!validDay(y, d.month, d.day) || cmp(at(y), anchor) < 0) y++; }
  else { while (!validDay(y, d.month, d.day) || cmp(at(y), anchor) > 0) y--; }
  return at(y);
}

/** Day range of a date match (end null for one day). */
export function matchRange(d: DateMatch, anchor: Ymd | null, mode: 'next' | 'previous' = 'next'): { start: Ymd; end: Ymd | null } | null {
  const start = resolveDate(d, anchor, mode);
  if (!start) return null;
  if (d.endDay === undefined || d.endMonth === undefined) return { start, end: null };
  let ey = start.y;
  if (d.endMonth < d.month) ey++;
  if (!validDay(ey, d.endMonth, d.endDay)) return { start, end: null };
  const end = { y: ey, m: d.endMonth, d: d.endDay };
  return cmp(end, start) > 0 ? { start, end } : { start, end: null };
}

// ------------------------------------------------------------------------------------------ casing

const SMALL = new Set(['de', 'del', 'la', 'las', 'los', 'el', 'y', 'e', 'en', 'a', 'al']);
/** "PLAYA DEL CARMEN" → "Playa del Carmen"; mixed-case text is returned as written. */
export function titleCase(s: string): string {
  const t = squash(s);
  if (t !== t.toUpperCase()) return t;
  return t.toLowerCase().split(' ').map((w, i) => (i > 0 && SMALL.has(w) ? w : w.charAt(0).toUpperCase() + w.slice(1))).join(' ');
}

/** Share of letters that are upper case (0 when there are no letters). */
export function upperRatio(s: string): number {
  const letters = s.match(/\p{L}/gu) ?? [];
  if (!letters.length) return 0;
  return letters.filter((c) => c !== c.toLowerCase() && c === c.toUpperCase()).length / letters.length;
}
