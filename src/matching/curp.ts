/**
 * CURP (Clave Única de Registro de Población): structure, check digit, decoding, construction from a person's
 * data, and consistency with a person record. Rules: RENAPO, Instructivo Normativo para la Asignación de la
 * CURP, as summarised in DOMAIN.md "Identifiers".
 */
import { normalizeKeepEnye } from './text.js';

const ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const VALUE = new Map<string, number>([...ALPHABET].map((c, i) => [c, i]));

/** Birth-state codes of the CURP (positions 12–13), with NE for persons born abroad. */
export const CURP_STATES: Readonly<Record<string, string>> = {
  AS: 'Aguascalientes', BC: 'Baja California', BS: 'Baja California Sur', CC: 'Campeche', CL: 'Coahuila',
  CM: 'Colima', CS: 'Chiapas', CH: 'Chihuahua', DF: 'Ciudad de México', DG: 'Durango', GT: 'Guanajuato',
  GR: 'Guerrero', HG: 'Hidalgo', JC: 'Jalisco', MC: 'México', MN: 'Michoacán', MS: 'Morelos', NT: 'Nayarit',
  NL: 'Nuevo León', OC: 'Oaxaca', PL: 'Puebla', QT: 'Querétaro', QR: 'Quintana Roo', SP: 'San Luis Potosí',
  SL: 'Sinaloa', SR: 'Sonora', TC: 'Tabasco', TS: 'Tamaulipas', TL: 'Tlaxcala', VZ: 'Veracruz', YN: 'Yucatán',
  ZS: 'Zacatecas', NE: 'Nacido en el extranjero',
};

/** INEGI entidad code (01–32) → CURP state code, so buildCurp accepts either. */
export const INEGI_TO_CURP_STATE: Readonly<Record<string, string>> = {
  '01': 'AS', '02': 'BC', '03': 'BS', '04': 'CC', '05': 'CL', '06': 'CM', '07': 'CS', '08': 'CH', '09': 'DF',
  '10': 'DG', '11': 'GT', '12': 'GR', '13': 'HG', '14': 'JC', '15': 'MC', '16': 'MN', '17': 'MS', '18': 'NT',
  '19': 'NL', '20': 'OC', '21': 'PL', '22': 'QT', '23': 'QR', '24': 'SP', '25': 'SL', '26': 'SR', '27': 'TC',
  '28': 'TS', '29': 'TL', '30': 'VZ', '31': 'YN', '32': 'ZS',
};

/**
 * Four-letter words RENAPO alters (second letter → X). A basic list after the Instructivo Normativo's annex;
 * not exhaustive.
 */
export const CURP_OFFENSIVE_WORDS: ReadonlySet<string> = new Set([
  'BACA', 'BAKA', 'BUEI', 'BUEY', 'CACA', 'CACO', 'CAGA', 'CAGO', 'CAKA', 'CAKO', 'COGE', 'COGI', 'COJA', 'COJE',
  'COJI', 'COJO', 'COLA', 'CULO', 'FALO', 'FETO', 'GETA', 'GUEI', 'GUEY', 'JETA', 'JOTO', 'KACA', 'KACO', 'KAGA',
  'KAGO', 'KAKA', 'KAKO', 'KOGE', 'KOGI', 'KOJA', 'KOJE', 'KOJI', 'KOJO', 'KOLA', 'KULO', 'LILO', 'LOCA', 'LOCO',
  'LOKA', 'LOKO', 'MAME', 'MAMO', 'MEAR', 'MEAS', 'MEON', 'MIAR', 'MION', 'MOCO', 'MOKO', 'MULA', 'MULO', 'NACA',
  'NACO', 'PEDA', 'PEDO', 'PENE', 'PIPI', 'PITO', 'POPO', 'PUTA', 'PUTO', 'QULO', 'RATA', 'ROBA', 'ROBE', 'ROBO',
  'RUIN', 'SENO', 'TETA', 'VACA', 'VAGA', 'VAGO', 'VAKA', 'VUEI', 'VUEY', 'WUEI', 'WUEY',
]);

const STATE_CODES = Object.keys(CURP_STATES).join('|');
const CURP_RE = new RegExp(`^[A-ZÑ][A-ZÑ]{3}\\d{6}[HMX](?:${STATE_CODES})[A-ZÑ]{3}[0-9A-Z]\\d$`);
const CLEAN_RE = /[\s\-./]+/g;

/** Uppercases and strips spaces, dashes, dots; null for empty input. Does not validate. */
export function normalizeCurp(s: string | null | undefined): string | null {
  if (!s || typeof s !== 'string') return null;
  const t = s.toUpperCase().replace(CLEAN_RE, '');
  return t.length ? t : null;
}

/** Check digit (position 18) of the first 17 characters; null if any character is outside the alphabet. */
export function computeCurpCheckDigit(first17: string): string | null {
  const s = first17.toUpperCase();
  if (s.length < 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = VALUE.get(s[i]);
    if (v === undefined) return null;
    sum += v * (18 - i);
  }
  return String((10 - (sum % 10)) % 10);
}

/** What a CURP says, and what is wrong with it. */
export interface CurpInfo {
  curp: string;
  /** Structure, date and check digit all correct. */
  valid: boolean;
  structureOk: boolean;
  checkDigitOk: boolean;
  errors: string[];
  birthDate: string | null;
  sex: 'H' | 'M' | 'X' | null;
  /** Two-letter birth-state code (NE = born abroad). */
  birthState: string | null;
  birthStateName: string | null;
}

const decodeCache = new Map<string, CurpInfo>();

/**
 * Validates structure and check digit and decodes birth date (17th character digit → 1900s, letter → 2000s),
 * sex and birth state. Decodes what it can even when invalid.
 */
export function decodeCurp(input: string): CurpInfo {
  const curp = normalizeCurp(input) ?? '';
  const hit = decodeCache.get(curp);
  if (hit) return hit;
  const errors: string[] = [];
  if (curp.length !== 18) errors.push('length');
  const structureOk = CURP_RE.test(curp);
  if (!structureOk) errors.push('structure');
  let birthDate: string | null = null;
  const ymd = /^\d{6}$/.test(curp.slice(4, 10)) ? curp.slice(4, 10) : null;
  if (ymd && curp.length >= 17) {
    const century = /\d/.test(curp[16]) ? 1900 : 2000;
    const y = century + Number(ymd.slice(0, 2));
    const m = Number(ymd.slice(2, 4));
    const d = Number(ymd.slice(4, 6));
    const date = new Date(Date.UTC(y, m - 1, d));
    const real = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
    // A letter in position 17 on a 1900s birth decodes to a future date: a mistyped disambiguation character.
    if (real && date.getTime() <= Date.now()) {
      birthDate = `${y}-${ymd.slice(2, 4)}-${ymd.slice(4, 6)}`;
    } else errors.push('birth_date');
  }
  const sexChar = curp[10];
  const sex = sexChar === 'H' || sexChar === 'M' || sexChar === 'X' ? sexChar : null;
  if (!sex) errors.push('sex');
  const st = curp.slice(11, 13);
  const birthState = st in CURP_STATES ? st : null;
  if (!birthState) errors.push('birth_state');
  const check = computeCurpCheckDigit(curp);
  const checkDigitOk = curp.length === 18 && check !== null && check === curp[17];
  if (!checkDigitOk) errors.push('check_digit');
  const info: CurpInfo = {
    curp,
    valid: structureOk && checkDigitOk && birthDate !== null,
    structureOk,
    checkDigitOk,
    errors: [...new Set(errors)],
    birthDate,
    sex,
    birthState,
    birthStateName: birthState ? CURP_STATES[birthState] : null,
  };
  if (decodeCache.size > 20_000) decodeCache.clear();
  decodeCache.set(curp, info);
  return info;
}

/** True when the CURP has a valid structure, a real birth date and a correct check digit. */
export function isValidCurp(s: string | null | undefined): boolean {
  return !!s && decodeCurp(s).valid;
}

/* ------------------------------------------------------------------ construction */

const CURP_PARTICLES = new Set(['DA', 'DAS', 'DE', 'DEL', 'DER', 'DI', 'DIE', 'DD', 'EL', 'LA', 'LOS', 'LAS', 'LE', 'LES', 'MAC', 'MC', 'VAN', 'VON', 'Y']);
const SKIPPED_FIRST_GIVEN = new Set(['MARIA', 'MA', 'JOSE', 'J', 'M']);
const VOWELS = new Set(['A', 'E', 'I', 'O', 'U']);

function words(s: string | null | undefined): string[] {
  if (!s) return [];
  const w = normalizeKeepEnye(s).split(' ').filter(Boolean);
  const kept = w.filter((t) => !CURP_PARTICLES.has(t));
  return kept.length ? kept : w;
}

const firstLetter = (w: string | undefined) => (w ? (w[0] === 'Ñ' ? 'X' : w[0]) : 'X');
function innerVowel(w: string | undefined): string {
  if (!w) return 'X';
  for (let i = 1; i < w.length; i++) if (VOWELS.has(w[i])) return w[i];
  return 'X';
}
function innerConsonant(w: string | undefined): string {
  if (!w) return 'X';
  for (let i = 1; i < w.length; i++) if (!VOWELS.has(w[i])) return w[i] === 'Ñ' ? 'X' : w[i];
  return 'X';
}

/** Name parts a CURP is derived from. */
export interface CurpNameParts {
  nombre?: string | null;
  apellido_paterno?: string | null;
  apellido_materno?: string | null;
}

/**
 * The seven name-derived characters of a CURP (positions 1–4 and 14–16), José/María rule and offensive-word
 * rule applied: e.g. { head: 'PELJ', consonants: 'RPN' }.
 */
export function curpNameLetters(p: CurpNameParts): { head: string; consonants: string } {
  const pat = words(p.apellido_paterno)[0];
  const mat = words(p.apellido_materno)[0];
  const given = words(p.nombre);
  const g = given.length > 1 && SKIPPED_FIRST_GIVEN.has(given[0]) ? given[1] : given[0];
  let head = firstLetter(pat) + innerVowel(pat) + (mat ? firstLetter(mat) : 'X') + firstLetter(g);
  if (CURP_OFFENSIVE_WORDS.has(head)) head = `${head[0]}X${head.slice(2)}`;
  return { head, consonants: innerConsonant(pat) + (mat ? innerConsonant(mat) : 'X') + innerConsonant(g) };
}

/** Data buildCurp needs. `entidad_nacimiento` is a CURP state code (JC, NE…) or an INEGI code (14). */
export interface CurpPerson extends CurpNameParts {
  fecha_nacimiento: string;
  sexo: 'H' | 'M' | 'X';
  entidad_nacimiento: string;
}

/**
 * Builds the CURP RENAPO would assign absent homonyms: disambiguation character '0' (born before 2000) or 'A'
 * (from 2000) unless given, check digit computed. Throws on an unusable date or state.
 */
export function buildCurp(p: CurpPerson, disambiguation?: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(p.fecha_nacimiento ?? '');
  if (!m) throw new Error('fecha_nacimiento must be YYYY-MM-DD');
  const state = INEGI_TO_CURP_STATE[p.entidad_nacimiento] ?? p.entidad_nacimiento?.toUpperCase();
  if (!(state in CURP_STATES)) throw new Error(`unknown birth state ${p.entidad_nacimiento}`);
  const { head, consonants } = curpNameLetters(p);
  const year = Number(m[1]);
  const dis = disambiguation ?? (year < 2000 ? '0' : 'A');
  const first17 = `${head}${m[1].slice(2)}${m[2]}${m[3]}${p.sexo}${state}${consonants}${dis}`;
  return first17 + computeCurpCheckDigit(first17);
}

/* ------------------------------------------------------------------ consistency */

/** Fields curpMatchesPerson compares the CURP with. */
export interface CurpCheckPerson extends CurpNameParts {
  nombre_completo?: string | null;
  fecha_nacimiento?: string | null;
  sexo?: string | null;
}

/** Outcome of each check: agrees, contradicts, or cannot tell. */
export type CurpCheck = 'match' | 'contradiction' | 'unknown';

/** Result of curpMatchesPerson. */
export interface CurpPersonCheck {
  curpValid: boolean;
  birthDate: CurpCheck;
  sex: CurpCheck;
  nameInitials: CurpCheck;
  contradictions: string[];
}

function sameLetters(expected: string, actual: string): number {
  // X in the CURP may stand for Ñ, a missing materno, or an altered word: count it as agreeing.
  let same = 0;
  for (let i = 0; i < expected.length; i++) if (expected[i] === actual[i] || actual[i] === 'X' || expected[i] === 'X') same++;
  return same;
}

/**
 * Reports where a CURP contradicts a person record: birth date, sex (H/M/X), and the name letters
 * (positions 1–4, 14–16). A lone nombre_completo is tried in both "NOMBRES APELLIDOS" and "APELLIDOS NOMBRES"
 * order.
 */
export function curpMatchesPerson(curp: string, person: CurpCheckPerson): CurpPersonCheck {
  const info = decodeCurp(curp);
  const contradictions: string[] = [];
  let birthDate: CurpCheck = 'unknown';
  const fecha = person.fecha_nacimiento?.trim().slice(0, 10);
  if (fecha && info.birthDate) birthDate = fecha === info.birthDate ? 'match' : 'contradiction';
  let sex: CurpCheck = 'unknown';
  const sexo = person.sexo?.trim().toUpperCase()[0];
  if (sexo && info.sex) sex = sexo === info.sex || (sexo === 'F' && info.sex === 'M') ? 'match' : 'contradiction';
  let nameInitials: CurpCheck = 'unknown';
  const candidates: CurpNameParts[] = [];
  if (person.apellido_paterno || person.apellido_materno) candidates.push(person);
  else if (person.nombre_completo) {
    const w = normalizeKeepEnye(person.nombre_completo).split(' ').filter((t) => t && !CURP_PARTICLES.has(t));
    if (w.length >= 3) {
      candidates.push({ nombre: w.slice(0, -2).join(' '), apellido_paterno: w[w.length - 2], apellido_materno: w[w.length - 1] });
      candidates.push({ apellido_paterno: w[0], apellido_materno: w[1], nombre: w.slice(2).join(' ') });
    } else if (w.length === 2) candidates.push({ nombre: w[0], apellido_paterno: w[1] }, { nombre: w[1], apellido_paterno: w[0] });
  }
  if (candidates.length && info.curp.length >= 16) {
    const best = Math.max(
      ...candidates.map((c) => {
        const l = curpNameLetters(c);
        return sameLetters(l.head, info.curp.slice(0, 4)) + sameLetters(l.consonants, info.curp.slice(13, 16));
      }),
    );
    nameInitials = best >= 6 ? 'match' : 'contradiction';
  }
  if (birthDate === 'contradiction') contradictions.push('birth_date');
  if (sex === 'contradiction') contradictions.push('sex');
  if (nameInitials === 'contradiction') contradictions.push('name_initials');
  return { curpValid: info.valid, birthDate, sex, nameInitials, contradictions };
}
