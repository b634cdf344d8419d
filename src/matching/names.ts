/**
 * Mexican person names: normalisation, a Spanish phonetic key, parsing of structured or free-text names into
 * candidate (given names, paterno, materno) readings, and the comparison of given names and surnames.
 *
 * Talisman's Spanish "fonetico" was dropped from talisman in 0.14 (the installed 1.1.4 has no
 * phonetics/spanish), so the key below is our own; English Soundex/Metaphone are not used.
 */
import { decodeCurp, normalizeCurp } from './curp.js';
import { editDistance, jaroWinkler } from './distance.js';
import { ABBREVIATIONS, GENERIC_GIVEN, GIVEN_NAMES, NICKNAMES, PARTICLES, SURNAMES } from './name-data.js';
import { normalizeKeepEnye, normalizeText } from './text.js';

export { normalizeText } from './text.js';

/** Fields a person record may carry; every field optional, any extra ignored. */
export interface PersonInput {
  nombre?: string | null;
  apellido_paterno?: string | null;
  apellido_materno?: string | null;
  nombre_completo?: string | null;
  alias?: readonly string[] | string | null;
  curp?: string | null;
  fecha_nacimiento?: string | null;
  sexo?: string | null;
}

/** How a reading of a name was obtained. */
export type NameOrder = 'fields' | 'nombres-apellidos' | 'apellidos-nombres';

/** One reading of a name: given-name tokens (particles removed) and surname cores (particles removed). */
export interface NameReading {
  given: string[];
  paterno: string;
  materno: string;
  order: NameOrder;
  /** Log-odds cost of choosing this reading over the most plausible one (0 for the primary reading). */
  penalty: number;
  /**
   * In a one-surname reading of a full name, the given-name word that the two-surname reading takes as materno
   * ("SANTIAGO" in "LUNA SANTIAGO ALEJANDRO" read as paterno LUNA, given SANTIAGO ALEJANDRO).
   */
  boundary?: string;
}

/** A parsed name: its readings (first is primary) and the normalised full text. */
export interface ParsedName {
  readings: NameReading[];
  fullName: string;
  /** Aliases found inside the name text ("… ALIAS EL CHUY"). */
  inlineAliases: string[];
}

const KNOWN_GIVEN = new Set(GIVEN_NAMES);
const KNOWN_SURNAMES = new Set(SURNAMES);
/** Given names and nicknames: two different entries are two different names, never a typo of each other. */
const KNOWN_GIVEN_OR_NICK = new Set([...GIVEN_NAMES, ...NICKNAMES.keys()]);
/** Phonetic keys of every listed name, to recognise the halves of a joined or split name. */
const KNOWN_NAME_KEYS = new Set<string>();
/** Values police forms write where a field is unknown ("S/N", "X", "N/A", "SIN DATO"), normalised. */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'X', 'XX', 'XXX', 'XXXX', 'NA', 'N A', 'NO APLICA', 'SN', 'S N', 'SIN', 'SIN DATO', 'SIN DATOS', 'SD', 'S D',
  'ND', 'N D', 'NO DATO', 'NO DATOS', 'NO ESPECIFICADO', 'NO ESPECIFICA', 'DESCONOCIDO', 'DESCONOCIDA', 'SE DESCONOCE',
  'NINGUNO', 'NINGUNA', 'NULL', 'NONE', 'NULO', 'NO PROPORCIONADO', 'NO PROPORCIONO', 'NO REFIERE', 'NO SABE', 'NS',
  'NR', 'SIN APELLIDO', 'SIN SEGUNDO APELLIDO', 'SIN NOMBRE', 'NO TIENE', 'NO', 'SE IGNORA', 'IGNORADO',
]);
const LEADING_NOISE = new Set(['SR', 'SRA', 'SRITA', 'DON', 'DONA', 'LIC', 'ING', 'DR', 'DRA', 'PROF', 'PROFA', 'C', 'CC', 'CIUDADANO', 'CIUDADANA']);
const ALIAS_SPLIT = /\s*(?:\balias\b|\(\s*a\s*\)|\ba\.?k\.?a\b\.?|\bapodo\b|\bapodado\b)\s*/i;
const ALIAS_ARTICLES = new Set(['EL', 'LA', 'LOS', 'LAS', 'ALIAS', 'A', 'AKA']);

/* ------------------------------------------------------------------ caches */

/** Bounded two-level cache keyed by a pair of strings (no key concatenation on the hot path). */
class PairCache<V> {
  private readonly map = new Map<string, Map<string, V>>();
  private size = 0;
  constructor(private readonly max: number) {}
  get(a: string, b: string): V | undefined {
    return this.map.get(a)?.get(b);
  }
  set(a: string, b: string, v: V): void {
    if (this.size >= this.max) {
      this.map.clear();
      this.size = 0;
    }
    let inner = this.map.get(a);
    if (!inner) this.map.set(a, (inner = new Map()));
    inner.set(b, v);
    this.size++;
  }
}

/* ------------------------------------------------------------------ phonetic key */

const phoneticCache = new Map<string, string>();

/**
 * Spanish phonetic key of one normalised token: b/v/w, s/z/c(e,i), y/ll, silent h, x/j/g(e,i), qu/k/c, gue/ge,
 * ph/f, mb/nb, doubled letters and final y/i collapse to one spelling; vowels are kept (Pérez ≠ Paz).
 */
export function spanishPhoneticKey(token: string): string {
  let key = phoneticCache.get(token);
  if (key !== undefined) return key;
  // Pass 1: PH → F, CH → # (one sound, restored at the end), SH → S, other H silent.
  let a = '';
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    const n = token[i + 1];
    if (n === 'H' && (c === 'P' || c === 'C' || c === 'S')) {
      a += c === 'P' ? 'F' : c === 'C' ? '#' : 'S';
      i++;
    } else if (c !== 'H') a += c;
  }
  // Pass 2: LL → Y; QU(e,i) and Q → K; GU(e,i) and G(e,i) → J; C(e,i) → S, other C → K; Z → S; X → J; V, W → B.
  let b = '';
  for (let i = 0; i < a.length; i++) {
    let c = a[i];
    const n = a[i + 1];
    const front = n === 'E' || n === 'I';
    const uFront = n === 'U' && (a[i + 2] === 'E' || a[i + 2] === 'I');
    if (c === 'L' && n === 'L') {
      c = 'Y';
      i++;
    } else if (c === 'Q') {
      if (uFront) i++;
      c = 'K';
    } else if (c === 'G') {
      if (uFront) i++;
      if (uFront || front) c = 'J';
    } else if (c === 'C') c = front ? 'S' : 'K';
    else if (c === 'Z') c = 'S';
    else if (c === 'X') c = 'J';
    else if (c === 'V' || c === 'W') c = 'B';
    b += c;
  }
  // Pass 3: M(b,p) → N, Y not before a vowel → I, doubled letters collapse.
  let d = '';
  for (let i = 0; i < b.length; i++) {
    let c = b[i];
    const n = b[i + 1];
    if (c === 'M' && (n === 'B' || n === 'P')) c = 'N';
    else if (c === 'Y' && n !== 'A' && n !== 'E' && n !== 'I' && n !== 'O' && n !== 'U') c = 'I';
    if (d.length && d[d.length - 1] === c) continue;
    d += c;
  }
  key = d.includes('#') ? d.replaceAll('#', 'CH') : d;
  if (phoneticCache.size > 50_000) phoneticCache.clear();
  phoneticCache.set(token, key);
  return key;
}

/* ------------------------------------------------------------------ tokens */

for (const n of [...GIVEN_NAMES, ...SURNAMES]) KNOWN_NAME_KEYS.add(spanishPhoneticKey(n));

const isKnownName = (t: string): boolean => KNOWN_GIVEN_OR_NICK.has(t) || KNOWN_SURNAMES.has(t);
const soundsLikeKnownName = (t: string): boolean => isKnownName(t) || KNOWN_NAME_KEYS.has(spanishPhoneticKey(t));
const JOINED_PARTICLES: readonly [string, string[]][] = [['DELOS', ['DE', 'LOS']], ['DELAS', ['DE', 'LAS']], ['DELA', ['DE', 'LA']], ['DEL', ['DEL']], ['DE', ['DE']]];

/**
 * A word that is two names run together (JUANCARLOS, HERNANDEZGARCIA, DELACRUZ): the parts, else null. Only
 * words no list knows are split, and only into parts of three letters or more that are (or sound like) names.
 */
function splitJoined(t: string): string[] | null {
  if (t.length < 5 || isKnownName(t) || PARTICLES.has(t)) return null;
  for (const [prefix, parts] of JOINED_PARTICLES) {
    if (t.startsWith(prefix) && KNOWN_SURNAMES.has(t.slice(prefix.length))) return [...parts, t.slice(prefix.length)];
  }
  if (t.length < 6) return null;
  let fuzzy: string[] | null = null;
  for (let i = 3; i <= t.length - 3; i++) {
    const left = t.slice(0, i);
    const right = t.slice(i);
    const l = isKnownName(left);
    const r = isKnownName(right);
    if (l && r) return [left, right];
    if (!fuzzy && (l || r) && soundsLikeKnownName(left) && soundsLikeKnownName(right)) fuzzy = [left, right];
  }
  return fuzzy;
}

const nameTokenCache = new Map<string, string[]>();

/**
 * Normalised tokens with abbreviations expanded (Ma. → MARIA, Fco → FRANCISCO, Hdz → HERNANDEZ), names run
 * together split (JUANCARLOS → JUAN CARLOS) and a name split by a stray space rejoined (HERNAN DEZ → HERNANDEZ).
 * A placeholder for an unknown value ("S/N", "X", "N/A", "SIN DATO") yields no tokens.
 */
export function nameTokens(s: string | null | undefined): string[] {
  if (!s || typeof s !== 'string') return [];
  const hit = nameTokenCache.get(s);
  if (hit) return hit;
  const norm = normalizeText(s);
  const out: string[] = [];
  if (norm && !PLACEHOLDERS.has(norm)) {
    for (const t of norm.split(' ')) {
      const exp = ABBREVIATIONS.get(t);
      if (exp) out.push(...exp.split(' '));
      else {
        const parts = splitJoined(t);
        if (parts) out.push(...parts);
        else out.push(t);
      }
    }
    for (let i = 0; i + 1 < out.length; i++) {
      const a = out[i];
      const b = out[i + 1];
      if (a.length < 2 || b.length < 2 || PARTICLES.has(a) || PARTICLES.has(b) || (isKnownName(a) && isKnownName(b))) continue;
      const joined = a + b;
      if (isKnownName(joined) || (!isKnownName(a) && !isKnownName(b) && KNOWN_NAME_KEYS.has(spanishPhoneticKey(joined)))) out.splice(i, 2, joined);
    }
  }
  if (nameTokenCache.size >= 20_000) nameTokenCache.clear();
  nameTokenCache.set(s, out);
  return out;
}

/** Groups particles with the word they precede: DE LA CRUZ PEREZ → [DE LA CRUZ] [PEREZ]. */
function units(tokens: string[]): string[][] {
  const out: string[][] = [];
  let pending: string[] = [];
  for (const t of tokens) {
    if (PARTICLES.has(t)) {
      pending.push(t);
      continue;
    }
    out.push([...pending, t]);
    pending = [];
  }
  if (pending.length) {
    if (out.length) out[out.length - 1].push(...pending);
    else if (pending.length) out.push(pending);
  }
  return out;
}

const core = (tokens: string[]): string[] => {
  const c = tokens.filter((t) => !PARTICLES.has(t));
  return c.length ? c : tokens;
};

function stripNoise(tokens: string[]): string[] {
  let i = 0;
  while (i < tokens.length - 2 && LEADING_NOISE.has(tokens[i])) i++;
  return i ? tokens.slice(i) : tokens;
}

/** A name field holding only an alias: "EL FLACO", "ALIAS EL CHUY", "LA GUERA". */
function looksLikeAlias(tokens: string[]): boolean {
  if (tokens.length < 2) return false;
  if (tokens[0] === 'EL' || tokens[0] === 'ALIAS' || tokens[0] === 'AKA') return true;
  return (tokens[0] === 'LA' || tokens[0] === 'LOS' || tokens[0] === 'LAS') && tokens.length <= 3;
}

/** Normalises an alias for comparison: ALIAS / EL / LA and quotes removed ("alias El Chuy" → CHUY). */
export function normalizeAlias(s: string): string {
  const t = nameTokens(s);
  let i = 0;
  while (i < t.length - 1 && ALIAS_ARTICLES.has(t[i])) i++;
  return t.slice(i).join(' ');
}

/* ------------------------------------------------------------------ parsing */

function plausibility(r: NameReading, oneSurname: boolean): number {
  // Cost of a reading that puts well-known surnames in the given-name slot, or given names in surname slots.
  let cost = 0;
  for (const g of r.given) if (KNOWN_SURNAMES.has(g) && !KNOWN_GIVEN.has(g)) cost += 1.5;
  for (const s of [r.paterno, r.materno]) if (s && KNOWN_GIVEN.has(s) && !KNOWN_SURNAMES.has(s)) cost += 1.5;
  if (oneSurname) {
    // "JOSE LUIS PEREZ" (no materno) is common; "MIGUEL ANGEL MIRELES HERNANDEZ" read that way is not.
    const extra = r.order === 'apellidos-nombres' ? r.given[0] : r.given[r.given.length - 1];
    cost += 1.0 + (extra && KNOWN_GIVEN.has(extra) ? -0.5 : extra && !KNOWN_SURNAMES.has(extra) ? 0.8 : 0);
  }
  return cost;
}

function readingsFromFullName(tokens: string[]): NameReading[] {
  const u = units(stripNoise(tokens));
  const n = u.length;
  const flat = (parts: string[][]) => core(parts.flat());
  const sur = (part: string[] | undefined) => (part ? core(part).join(' ') : '');
  const out: NameReading[] = [];
  const add = (given: string[][], pat: string[] | undefined, mat: string[] | undefined, order: NameOrder, base: number) => {
    const r: NameReading = { given: given.length ? flat(given) : [], paterno: sur(pat), materno: sur(mat), order, penalty: 0 };
    r.penalty = base + plausibility(r, n >= 3 && !mat);
    if (n >= 3 && !mat && r.given.length) r.boundary = order === 'apellidos-nombres' ? r.given[0] : r.given[r.given.length - 1];
    out.push(r);
  };
  if (n === 0) return out;
  if (n === 1) {
    add([u[0]], undefined, undefined, 'nombres-apellidos', 0);
    add([], u[0], undefined, 'apellidos-nombres', 0.3);
  } else if (n === 2) {
    add([u[0]], u[1], undefined, 'nombres-apellidos', 0);
    add([u[1]], u[0], undefined, 'apellidos-nombres', 0);
  } else {
    add(u.slice(0, n - 2), u[n - 2], u[n - 1], 'nombres-apellidos', 0);
    add(u.slice(2), u[0], u[1], 'apellidos-nombres', 0);
    add(u.slice(0, n - 1), u[n - 1], undefined, 'nombres-apellidos', 0);
    add(u.slice(1), u[0], undefined, 'apellidos-nombres', 0);
  }
  const min = Math.min(...out.map((r) => r.penalty));
  for (const r of out) r.penalty -= min;
  out.sort((a, b) => a.penalty - b.penalty);
  // A reading costing 3 or more log-odds cannot turn a decision: drop it to keep comparisons cheap.
  return out.filter((r) => r.penalty < 3);
}

function splitInlineAlias(s: string | null | undefined): [string, string[]] {
  if (!s || typeof s !== 'string') return ['', []];
  const parts = s.split(ALIAS_SPLIT);
  if (parts.length === 1) return [s, []];
  return [parts[0], parts.slice(1).map(normalizeAlias).filter(Boolean)];
}

/**
 * Parses {nombre, apellido_paterno, apellido_materno} or {nombre_completo} into readings. A full name of three
 * or more words yields both "NOMBRES APELLIDOS" and "APELLIDOS NOMBRES" readings (and one-surname readings at a
 * cost); a lone `nombre` holding a whole name is read the same way.
 */
export function parsePersonName(p: PersonInput): ParsedName {
  const key = `${p.nombre ?? ''}\u0001${p.apellido_paterno ?? ''}\u0001${p.apellido_materno ?? ''}\u0001${p.nombre_completo ?? ''}`;
  let parsed = parseCache.get(key);
  if (parsed) return parsed;
  parsed = parseUncached(p);
  if (parseCache.size >= 20_000) parseCache.clear();
  parseCache.set(key, parsed);
  return parsed;
}

const parseCache = new Map<string, ParsedName>();

/** "APELLIDOS, NOMBRES": a comma fixes the order, so the name has a single reading. */
function commaReading(raw: string): NameReading | null {
  const i = raw.indexOf(',');
  if (i <= 0 || raw.indexOf(',', i + 1) >= 0) return null;
  const sur = units(nameTokens(raw.slice(0, i)));
  const given = nameTokens(raw.slice(i + 1));
  if (!sur.length || !given.length || sur.length > 3) return null;
  return { given: core(given), paterno: core(sur[0]).join(' '), materno: sur.length > 1 ? core(sur.slice(1).flat()).join(' ') : '', order: 'apellidos-nombres', penalty: 0 };
}

function parseUncached(p: PersonInput): ParsedName {
  const [nombreRaw, aliasA] = splitInlineAlias(p.nombre);
  const [completoRaw, aliasB] = splitInlineAlias(p.nombre_completo);
  const inlineAliases = [...aliasA, ...aliasB];
  const given = nameTokens(nombreRaw);
  const pat = nameTokens(p.apellido_paterno);
  const mat = nameTokens(p.apellido_materno);
  const full = nameTokens(completoRaw);
  if (pat.length || mat.length) {
    const reading: NameReading = {
      given: given.length ? core(given) : [],
      paterno: pat.length ? core(pat).join(' ') : '',
      materno: mat.length ? core(mat).join(' ') : '',
      order: 'fields',
      penalty: 0,
    };
    if (!reading.paterno && reading.materno) {
      reading.paterno = reading.materno;
      reading.materno = '';
    }
    if (!reading.materno && !pat.some((t) => PARTICLES.has(t)) && pat.length === 2) {
      // Both surnames written in the paterno field ("PEREZ LOPEZ").
      [reading.paterno, reading.materno] = pat;
    }
    return { readings: [reading], fullName: [...given, ...pat, ...mat].join(' '), inlineAliases };
  }
  const tokens = full.length ? full : given;
  if (!tokens.length) return { readings: [], fullName: '', inlineAliases };
  const comma = commaReading(full.length ? completoRaw : nombreRaw);
  if (comma) return { readings: [comma], fullName: tokens.join(' '), inlineAliases };
  if (looksLikeAlias(tokens)) return { readings: [], fullName: tokens.join(' '), inlineAliases: [...inlineAliases, normalizeAlias(tokens.join(' '))] };
  if (!full.length && units(given).length <= 2) {
    // Only a `nombre`: most likely given names alone; also read as a whole name.
    const only: NameReading = { given: core(given), paterno: '', materno: '', order: 'fields', penalty: 0 };
    const rest = units(given).length >= 2 ? readingsFromFullName(given).map((r) => ({ ...r, penalty: r.penalty + 0.5 })) : [];
    return { readings: [only, ...rest], fullName: given.join(' '), inlineAliases };
  }
  return { readings: readingsFromFullName(tokens), fullName: tokens.join(' '), inlineAliases };
}

/* ------------------------------------------------------------------ comparison */

const nicknameIndex = new Map<string, string[]>();
for (const [nick, names] of NICKNAMES) {
  const k = spanishPhoneticKey(nick);
  const list = nicknameIndex.get(k) ?? [];
  for (const n of names) if (!list.includes(n)) list.push(n);
  nicknameIndex.set(k, list);
}

const canonCache = new Map<string, Set<string>>();

/** Phonetic keys a given-name token may stand for: itself, what its nickname means, its diminutive's stem. */
function canonicalKeys(token: string): Set<string> {
  let set = canonCache.get(token);
  if (set) return set;
  const key = spanishPhoneticKey(token);
  set = new Set([key]);
  for (const n of nicknameIndex.get(key) ?? []) if (!n.includes(' ')) set.add(spanishPhoneticKey(n));
  if (!nicknameIndex.has(key) && !KNOWN_GIVEN.has(token) && token.length >= 4) {
    // A misspelt nickname (CHUCH, PEEP, MNOLO): one edit from a nickname of four letters or more.
    for (const [nick, names] of NICKNAMES) {
      if (nick.length < 4 || Math.abs(nick.length - token.length) > 1 || editDistance(nick, token, 1) > 1) continue;
      for (const n of names) if (!n.includes(' ')) set.add(spanishPhoneticKey(n));
    }
  }
  const dim = /^(.{3,}?)(?:IT[OA]S?|CIT[OA]|ILL[OA])$/.exec(token);
  if (dim && !KNOWN_GIVEN.has(token)) {
    const stem = dim[1];
    for (const v of [stem, `${stem}A`, `${stem}O`, `${stem}OS`, `${stem}E`]) set.add(spanishPhoneticKey(v));
  }
  if (canonCache.size > 50_000) canonCache.clear();
  canonCache.set(token, set);
  return set;
}

/** Compound expansions of a nickname token (Chema → JOSE MARIA), as token lists. */
function compoundExpansions(token: string): string[][] {
  return (nicknameIndex.get(spanishPhoneticKey(token)) ?? []).filter((n) => n.includes(' ')).map((n) => core(n.split(' ')));
}

const givenSimCache = new PairCache<number>(200_000);

/**
 * Similarity of two given-name tokens in [0, 1]: 1 equal, 0.95 same phonetic key, 0.9 nickname or diminutive,
 * 0.85 one typo (not between two different known names), 0.8 initial J/M for José/María, 0.7 other initials.
 */
export function givenTokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const hit = givenSimCache.get(a, b);
  if (hit !== undefined) return hit;
  let s = 0;
  if (a.length === 1 || b.length === 1) {
    const [i, o] = a.length === 1 ? [a, b] : [b, a];
    if (o[0] === i) s = (i === 'J' && o === 'JOSE') || (i === 'M' && o === 'MARIA') ? 0.8 : 0.7;
  } else if (spanishPhoneticKey(a) === spanishPhoneticKey(b)) {
    s = 0.95;
  } else {
    const ca = canonicalKeys(a);
    const cb = canonicalKeys(b);
    for (const k of ca) if (cb.has(k)) { s = 0.9; break; }
    if (s === 0 && !(KNOWN_GIVEN_OR_NICK.has(a) && KNOWN_GIVEN_OR_NICK.has(b))) s = typoSimilarity(a, b, true);
  }
  givenSimCache.set(a, b, s);
  givenSimCache.set(b, a, s);
  return s;
}

/** Juan / Juana, Iván / Ivana, Mario / María: an added final a, or a final a/o swapped, names another person. */
function genderFlip(a: string, b: string): boolean {
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  if (l.length === s.length + 1) return l.endsWith('A') && l.startsWith(s);
  if (l.length !== s.length || l.slice(0, -1) !== s.slice(0, -1)) return false;
  const x = s[s.length - 1];
  const y = l[l.length - 1];
  return (x === 'A' && y === 'O') || (x === 'O' && y === 'A');
}

function typoSimilarity(a: string, b: string, given = false): number {
  if (given && genderFlip(a, b)) return 0;
  const len = Math.min(a.length, b.length);
  if (len < 3) return 0;
  // Three-letter names (Ana, Noé, Luz): one substitution or swap, never at the first letter, is a typo.
  if (len === 3 && a.length === 3 && b.length === 3) return a[0] === b[0] && editDistance(a, b, 1) <= 1 ? 0.8 : 0;
  const max = len >= 8 ? 2 : 1;
  const d = editDistance(a, b, max);
  if (d <= max) return d === 1 ? 0.85 : 0.8;
  const pa = spanishPhoneticKey(a);
  const pb = spanishPhoneticKey(b);
  if (len >= 4 && editDistance(pa, pb, 1) <= 1) return 0.8;
  return jaroWinkler(a, b) >= 0.94 ? 0.8 : 0;
}

const surnameSimCache = new PairCache<number>(200_000);

/**
 * Similarity of two surname cores in [0, 1]: 1 equal, 0.95 same phonetic key, 0.85 one typo (not between two
 * different known surnames), 0.9 when one is contained in the other (GARCIA / GARCIA DE ALBA).
 */
export function surnameSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const hit = surnameSimCache.get(a, b);
  if (hit !== undefined) return hit;
  let s = 0;
  const pa = phoneticOfPhrase(a);
  const pb = phoneticOfPhrase(b);
  if (pa === pb) s = 0.95;
  else if (a.includes(' ') || b.includes(' ')) {
    const ta = a.split(' ');
    const tb = b.split(' ');
    if (ta.some((t) => tb.includes(t))) s = 0.85;
  } else if (!(KNOWN_SURNAMES.has(a) && KNOWN_SURNAMES.has(b)) && !(KNOWN_SURNAMES.has(a) && KNOWN_GIVEN.has(b)) && !(KNOWN_GIVEN.has(a) && KNOWN_SURNAMES.has(b))) {
    s = typoSimilarity(a, b);
  }
  surnameSimCache.set(a, b, s);
  surnameSimCache.set(b, a, s);
  return s;
}

function phoneticOfPhrase(s: string): string {
  return s.includes(' ') ? s.split(' ').map(spanishPhoneticKey).join(' ') : spanishPhoneticKey(s);
}

/** Outcome of comparing two lists of given names. */
export type GivenAgreement = 'exact' | 'variant' | 'shortened' | 'generic' | 'initial' | 'disagree' | 'missing';

/** Result of compareGivenNames: a similarity and what kind of agreement it is. */
export interface GivenComparison {
  similarity: number;
  agreement: GivenAgreement;
}

function alignLists(x: string[], y: string[]): GivenComparison {
  const [s, l] = x.length <= y.length ? [x, y] : [y, x];
  const used = new Array<boolean>(l.length).fill(false);
  let sum = 0;
  let min = 1;
  let initials = 0;
  let fullNonGeneric = false;
  // Greedy best-first assignment; lists are one to four tokens long.
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < s.length; i++) for (let j = 0; j < l.length; j++) pairs.push([givenTokenSimilarity(s[i], l[j]), i, j]);
  pairs.sort((p, q) => q[0] - p[0] || Math.abs(p[1] - p[2]) - Math.abs(q[1] - q[2]));
  const done = new Array<boolean>(s.length).fill(false);
  let assigned = 0;
  for (const [sim, i, j] of pairs) {
    if (done[i] || used[j]) continue;
    done[i] = true;
    used[j] = true;
    assigned++;
    sum += sim;
    if (sim < min) min = sim;
    if (s[i].length === 1 || l[j].length === 1) initials++;
    else if (sim >= 0.75 && !(GENERIC_GIVEN.has(s[i]) && GENERIC_GIVEN.has(l[j]))) fullNonGeneric = true;
    if (assigned === s.length) break;
  }
  if (min < 0.7) return { similarity: 0, agreement: 'disagree' };
  const avg = sum / s.length;
  if (s.length === l.length) {
    if (!initials) return avg === 1 ? { similarity: 1, agreement: 'exact' } : { similarity: avg, agreement: 'variant' };
    return fullNonGeneric ? { similarity: avg, agreement: 'variant' } : { similarity: 0.7 * avg, agreement: 'initial' };
  }
  const extra = l.filter((_, j) => !used[j]);
  if (!fullNonGeneric) {
    if (initials) return { similarity: 0.65 * avg, agreement: 'initial' };
    if (extra.some((t) => !GENERIC_GIVEN.has(t))) return { similarity: 0.6 * avg, agreement: 'generic' };
  }
  return { similarity: 0.9 * avg, agreement: 'shortened' };
}

const RANK: Record<GivenAgreement, number> = { exact: 6, variant: 5, shortened: 4, initial: 3, generic: 2, disagree: 0, missing: 1 };

/**
 * Compares two given-name lists allowing nicknames (many-to-many, compounds like Chema = José María),
 * abbreviations, initials, spelling variants and a shortened compound (José Luis ~ Luis).
 */
export function compareGivenNames(a: string[], b: string[]): GivenComparison {
  if (!a.length || !b.length) return { similarity: 0, agreement: 'missing' };
  const ka = a.length === 1 ? a[0] : a.join(' ');
  const kb = b.length === 1 ? b[0] : b.join(' ');
  let hit = givenCache.get(ka, kb);
  if (hit) return hit;
  hit = compareGivenUncached(a, b);
  givenCache.set(ka, kb, hit);
  return hit;
}

const givenCache = new PairCache<GivenComparison>(100_000);

function compareGivenUncached(a: string[], b: string[]): GivenComparison {
  let best = alignLists(a, b);
  if (best.agreement === 'exact') return best;
  const va = expandVariants(a);
  const vb = expandVariants(b);
  if (va.length > 1 || vb.length > 1) {
    for (const x of va)
      for (const y of vb) {
        if (x === a && y === b) continue;
        const c = alignLists(x, y);
        const cand: GivenComparison = c.agreement === 'exact' ? { similarity: 0.9, agreement: 'variant' } : { similarity: c.similarity * 0.95, agreement: c.agreement };
        if (RANK[cand.agreement] > RANK[best.agreement] || (RANK[cand.agreement] === RANK[best.agreement] && cand.similarity > best.similarity)) best = cand;
      }
  }
  return best;
}

function expandVariants(tokens: string[]): string[][] {
  const out: string[][] = [tokens];
  tokens.forEach((t, i) => {
    for (const exp of compoundExpansions(t)) out.push([...tokens.slice(0, i), ...exp, ...tokens.slice(i + 1)]);
  });
  return out.slice(0, 6);
}

/* ------------------------------------------------------------------ index keys */

/** What the entity index stores for a person (see personKeys). */
export interface PersonKeys {
  /** Normalised full name as written (no accents, uppercase, Ñ → N, abbreviations expanded): the matching form. */
  fullName: string;
  /** The full name uppercase without accents but with Ñ kept (MUÑOZ), for display and exact search. */
  displayName: string;
  /** The most plausible reading: given-name tokens, paterno and materno (particles removed), '' when absent. */
  name: { given: string[]; paterno: string; materno: string };
  /** Distinct name tokens without particles, sorted. */
  sortedTokens: string[];
  /** Spanish phonetic key of each of sortedTokens, same order. */
  phoneticKeys: string[];
  /** Keys for candidate retrieval: phonetic keys of surnames and of given names with their nickname meanings. */
  blockingKeys: string[];
  aliases: string[];
  curp: string | null;
  /** YYYY-MM-DD: the record's own date, else the one the CURP encodes. */
  birthDate: string | null;
  sex: 'H' | 'M' | 'X' | null;
}

/** Normalises a birth date given as YYYY-MM-DD, YYYYMMDD, DD/MM/YYYY or DD-MM-YYYY; null when not a real date. */
export function normalizeBirthDate(s: string | null | undefined): string | null {
  if (!s || typeof s !== 'string') return null;
  const t = s.trim();
  let m = /^(\d{4})(?:(\d{2})(\d{2})|[-/.](\d{1,2})[-/.](\d{1,2}))(?:[T ].*)?$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [+m[1], +(m[2] ?? m[4]), +(m[3] ?? m[5])];
  else if ((m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t))) [y, mo, d] = [+m[3], +m[2], +m[1]];
  else return null;
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Normalises sex to H, M or X (accepts hombre/mujer/masculino/femenino/F); null when unknown. */
export function normalizeSex(s: string | null | undefined): 'H' | 'M' | 'X' | null {
  if (!s || typeof s !== 'string') return null;
  const t = normalizeText(s);
  if (t === 'H' || t === 'HOMBRE' || t === 'MASCULINO' || t === 'MALE' || t === 'V' || t === 'VARON') return 'H';
  if (t === 'M' || t === 'F' || t === 'MUJER' || t === 'FEMENINO' || t === 'FEMALE') return 'M';
  if (t === 'X' || t === 'NO BINARIO' || t === 'NB') return 'X';
  return null;
}

/** Aliases of a record (the alias field, string or list, plus inline "ALIAS …"), normalised. */
export function personAliases(p: PersonInput, parsed?: ParsedName): string[] {
  const raw = p.alias == null ? [] : Array.isArray(p.alias) ? p.alias : [p.alias as string];
  const out = new Set<string>();
  for (const a of raw) if (typeof a === 'string') {
    const n = normalizeAlias(a);
    if (n) out.add(n);
  }
  for (const a of (parsed ?? parsePersonName(p)).inlineAliases) out.add(a);
  return [...out];
}

/** The keys an entity index stores for one person record. */
export function personKeys(p: PersonInput): PersonKeys {
  const parsed = parsePersonName(p);
  const tokens = new Set<string>();
  const blocking = new Set<string>();
  for (const r of parsed.readings) {
    for (const g of r.given) {
      tokens.add(g);
      if (g.length > 1) for (const k of canonicalKeys(g)) blocking.add(`g:${k}`);
    }
    for (const s of [r.paterno, r.materno]) if (s) for (const t of s.split(' ')) { tokens.add(t); blocking.add(`s:${spanishPhoneticKey(t)}`); }
  }
  const sortedTokens = [...tokens].sort();
  const curp = normalizeCurp(p.curp);
  const decoded = curp ? decodeCurp(curp) : null;
  if (curp) blocking.add(`c:${curp.slice(0, 16)}`);
  const primary = parsed.readings[0];
  let displayName: string | undefined, phoneticKeys: string[] | undefined;
  return {
    fullName: parsed.fullName,
    // Computed when read: the entity index of a bulk file's persons (encodeMention) reads neither.
    get displayName() {
      if (displayName === undefined) {
        const rawName = p.nombre_completo || [p.nombre, p.apellido_paterno, p.apellido_materno].filter((x) => typeof x === 'string').join(' ');
        displayName = typeof rawName === 'string' ? normalizeKeepEnye(rawName) : '';
      }
      return displayName;
    },
    name: { given: primary?.given ?? [], paterno: primary?.paterno ?? '', materno: primary?.materno ?? '' },
    sortedTokens,
    get phoneticKeys() { return (phoneticKeys ??= sortedTokens.map(spanishPhoneticKey)); },
    blockingKeys: [...blocking].sort(),
    aliases: personAliases(p, parsed),
    curp,
    birthDate: normalizeBirthDate(p.fecha_nacimiento) ?? decoded?.birthDate ?? null,
    sex: normalizeSex(p.sexo) ?? decoded?.sex ?? null,
  };
}
