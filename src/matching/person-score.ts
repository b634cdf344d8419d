/**
 * Person-to-person match score, Fellegi–Sunter style: each feature adds log-odds (agreement positive,
 * contradiction negative), the sum passes through a logistic to give a score in [0, 1]. Weights are set by
 * hand and tuned on the dev split of bench/match-quality; every feature is returned so a reviewer sees why.
 */
import { curpNameLetters, decodeCurp, normalizeCurp, type CurpInfo } from './curp.js';
import { editDistance } from './distance.js';
import {
  compareGivenNames,
  givenTokenSimilarity,
  nameTokens,
  normalizeBirthDate,
  normalizeSex,
  parsePersonName,
  personAliases,
  spanishPhoneticKey,
  surnameSimilarity,
  type GivenAgreement,
  type NameReading,
  type PersonInput,
} from './names.js';

/** Name and version of the scoring algorithm, stored next to every score. */
export const PERSON_ALGORITHM = 'sereno-person-v1';

/** Score at or above which two records are taken as the same person. */
export const MATCH_THRESHOLD = 0.5;

/** Log-odds weights of sereno-person-v1. */
export const PERSON_WEIGHTS = {
  prior: -3.5,
  paternoExact: 3.0,
  paternoClose: 2.6,
  paternoFuzzy: 1.8,
  paternoDisagree: -4.5,
  maternoExact: 2.5,
  maternoClose: 2.0,
  maternoFuzzy: 1.3,
  maternoDisagree: -5.0,
  maternoMissing: -0.3,
  surnameMissing: -2.5,
  surnamesSwapped: -1.0,
  boundaryMismatch: -2.5,
  givenExact: 3.0,
  givenVariant: 2.6,
  givenShortened: 2.0,
  givenInitial: 0.8,
  givenGeneric: 0.6,
  givenDisagree: -7.0,
  givenMissing: -1.0,
  aliasShared: 2.5,
  curpMatch: 8.0,
  curpTypo: 2.5,
  curpContradiction: -10.0,
  curpNameContradiction: -2.5,
  birthExact: 3.0,
  birthTransposed: 0.5,
  birthYearOff: -2.0,
  birthTypo: -5.5,
  birthTypoUnverified: -1.5,
  birthContradiction: -9.0,
  sexMatch: 0.2,
  sexContradiction: -6.5,
  sexNonBinary: -1.5,
} as const;

/** Features behind a score (all plain JSON). */
export interface PersonFeatures {
  /** Surname and given-name similarities in [0, 1], null when a side lacks the part. */
  paterno: number | null;
  materno: number | null;
  given: number | null;
  givenAgreement: GivenAgreement;
  /** 'swapped' when the best reading needed "APELLIDOS NOMBRES" on one side and not the other. */
  order: 'same' | 'swapped';
  surnamesSwapped: boolean;
  /** Which names gave the best agreement: the names themselves or an alias of either. */
  nameSource: 'name' | 'alias';
  alias: 'shared' | 'none' | 'missing';
  curp: 'match' | 'typo' | 'unverifiable' | 'contradiction' | 'missing';
  /** Other record's surnames against the surname letters of a CURP only one side has. */
  curpName: 'match' | 'contradiction' | 'unknown';
  birthDate: 'exact' | 'transposed' | 'year_off_by_one' | 'typo' | 'contradiction' | 'missing';
  sex: 'match' | 'contradiction' | 'missing';
  logOdds: number;
}

/** Result of scorePersons. */
export interface PersonScore {
  score: number;
  match: boolean;
  features: PersonFeatures;
  algorithm: typeof PERSON_ALGORITHM;
}

/** A person record parsed once for many comparisons. */
export interface PreparedPerson {
  readings: NameReading[];
  aliasReadings: NameReading[];
  aliases: string[];
  /** Spanish phonetic keys of the aliases (EL GÜERO and EL WERO differ, GUERO and GÜERO do not). */
  aliasKeys: string[];
  curp: string | null;
  curpInfo: CurpInfo | null;
  /** The CURP is valid and agrees with the record's own birth date and sex (a mistyped CURP usually does not). */
  curpTrusted: boolean;
  birthDate: string | null;
  sex: 'H' | 'M' | 'X' | null;
  /** Birth date and sex from the record, else from its CURP. */
  effectiveBirthDate: string | null;
  /** effectiveBirthDate was read from a CURP whose check digit fails, so one of its digits may be the typo. */
  birthDateFromBadCurp: boolean;
  effectiveSex: 'H' | 'M' | 'X' | null;
}

const prepared = new WeakMap<object, PreparedPerson>();
const ARTICLE_START = /^(?:EL|LA|LOS|LAS)\b/;

/** Parses a record for scoring; cached per object, so an index comparing one record many times parses it once. */
export function preparePerson(p: PersonInput): PreparedPerson {
  const hit = prepared.get(p);
  if (hit) return hit;
  const parsed = parsePersonName(p);
  const aliases = personAliases(p, parsed);
  const aliasReadings: NameReading[] = [];
  const rawAliases = p.alias == null ? [] : Array.isArray(p.alias) ? p.alias : [p.alias as string];
  for (const raw of [...rawAliases, ...parsed.inlineAliases]) {
    if (typeof raw !== 'string') continue;
    const t = nameTokens(raw);
    if (t.length < 2 || ARTICLE_START.test(t.join(' ')) || t[0] === 'ALIAS') continue;
    aliasReadings.push(...parsePersonName({ nombre_completo: raw }).readings);
  }
  const curp = normalizeCurp(p.curp);
  const curpInfo = curp ? decodeCurp(curp) : null;
  const birthDate = normalizeBirthDate(p.fecha_nacimiento);
  const sex = normalizeSex(p.sexo);
  const out: PreparedPerson = {
    readings: parsed.readings,
    aliasReadings,
    aliases,
    aliasKeys: aliases.map((x) => x.split(' ').map(spanishPhoneticKey).join(' ')),
    curp,
    curpInfo,
    curpTrusted:
      !!curpInfo?.valid &&
      !(birthDate && curpInfo.birthDate && birthDate !== curpInfo.birthDate) &&
      !(sex && curpInfo.sex && sex !== curpInfo.sex),
    birthDate,
    sex,
    // A well-formed CURP is evidence of birth date and sex even when its check digit fails (the typo may be
    // elsewhere; a mistyped date digit then shows as a one-character date difference, see birthTypoUnverified).
    effectiveBirthDate: birthDate ?? (curpInfo?.structureOk ? curpInfo.birthDate : null),
    birthDateFromBadCurp: !birthDate && !!curpInfo?.structureOk && !curpInfo.valid,
    effectiveSex: sex ?? (curpInfo?.structureOk ? curpInfo.sex : null),
  };
  prepared.set(p, out);
  return out;
}

interface NameResult {
  logOdds: number;
  paterno: number | null;
  materno: number | null;
  given: number | null;
  givenAgreement: GivenAgreement;
  order: 'same' | 'swapped';
  surnamesSwapped: boolean;
  reading: NameReading;
  otherReading: NameReading;
}

const W = PERSON_WEIGHTS;

function paternoWeight(s: number): number {
  return s >= 1 ? W.paternoExact : s >= 0.9 ? W.paternoClose : s >= 0.8 ? W.paternoFuzzy : W.paternoDisagree;
}
function maternoWeight(s: number): number {
  return s >= 1 ? W.maternoExact : s >= 0.9 ? W.maternoClose : s >= 0.8 ? W.maternoFuzzy : W.maternoDisagree;
}
function givenWeight(agreement: GivenAgreement, sim: number): number {
  switch (agreement) {
    case 'exact': return W.givenExact;
    case 'variant': return sim >= 0.88 ? W.givenVariant : W.givenVariant - 0.8;
    case 'shortened': return W.givenShortened;
    case 'initial': return W.givenInitial;
    case 'generic': return W.givenGeneric;
    case 'missing': return W.givenMissing;
    default: return W.givenDisagree;
  }
}

function surnamesLogOdds(pa: string, ma: string, pb: string, mb: string): [number, number | null, number | null] {
  let lo = 0;
  let ps: number | null = null;
  let ms: number | null = null;
  if (pa && pb) {
    ps = surnameSimilarity(pa, pb);
    lo += paternoWeight(ps);
  } else lo += W.surnameMissing;
  if (ma && mb) {
    ms = surnameSimilarity(ma, mb);
    lo += maternoWeight(ms);
  } else if (ma || mb) lo += W.maternoMissing;
  return [lo, ps, ms];
}

/**
 * A one-surname reading of "LUNA SANTIAGO ALEJANDRO" puts SANTIAGO among the given names; when the other record
 * has a materno that SANTIAGO does not match, and SANTIAGO is none of its given names, that reading is a cousin.
 */
function boundaryCost(r: NameReading, other: NameReading): number {
  if (!r.boundary || !other.materno) return 0;
  if (surnameSimilarity(r.boundary, other.materno) >= 0.8) return 0;
  for (const t of other.given) if (givenTokenSimilarity(t, r.boundary) >= 0.8) return 0;
  return W.boundaryMismatch;
}

function compareReadings(a: NameReading, b: NameReading): NameResult {
  const g = compareGivenNames(a.given, b.given);
  let [sLo, ps, ms] = surnamesLogOdds(a.paterno, a.materno, b.paterno, b.materno);
  let swapped = false;
  if (a.paterno && a.materno && b.paterno && b.materno && sLo < 0) {
    const [xLo, xp, xm] = surnamesLogOdds(a.paterno, a.materno, b.materno, b.paterno);
    if (xLo + W.surnamesSwapped > sLo) {
      [sLo, ps, ms] = [xLo + W.surnamesSwapped, xp, xm];
      swapped = true;
    }
  }
  const logOdds = sLo + givenWeight(g.agreement, g.similarity) - a.penalty - b.penalty + boundaryCost(a, b) + boundaryCost(b, a);
  const swappedOrder = (a.order === 'apellidos-nombres') !== (b.order === 'apellidos-nombres');
  return {
    logOdds,
    paterno: ps,
    materno: ms,
    given: g.agreement === 'missing' ? null : g.similarity,
    givenAgreement: g.agreement,
    order: swappedOrder ? 'swapped' : 'same',
    surnamesSwapped: swapped,
    reading: a,
    otherReading: b,
  };
}

const EMPTY_READING: NameReading = { given: [], paterno: '', materno: '', order: 'fields', penalty: 0 };
const NO_NAMES: NameResult = {
  logOdds: W.surnameMissing + W.givenMissing,
  paterno: null,
  materno: null,
  given: null,
  givenAgreement: 'missing',
  order: 'same',
  surnamesSwapped: false,
  reading: EMPTY_READING,
  otherReading: EMPTY_READING,
};

interface BestNames {
  result: NameResult;
  source: 'name' | 'alias';
}

function considerReadings(ra: NameReading[], rb: NameReading[], source: 'name' | 'alias', best: BestNames): void {
  for (const x of ra)
    for (const y of rb) {
      const r = compareReadings(x, y);
      if (best.result === NO_NAMES || r.logOdds > best.result.logOdds) {
        best.result = r;
        best.source = source;
      }
    }
}

function bestNames(a: PreparedPerson, b: PreparedPerson): BestNames {
  const best: BestNames = { result: NO_NAMES, source: 'name' };
  considerReadings(a.readings, b.readings, 'name', best);
  if (a.aliasReadings.length) considerReadings(a.aliasReadings, b.readings, 'alias', best);
  if (b.aliasReadings.length) considerReadings(a.readings, b.aliasReadings, 'alias', best);
  if (a.aliasReadings.length && b.aliasReadings.length) considerReadings(a.aliasReadings, b.aliasReadings, 'alias', best);
  return best;
}

/** Compares two YYYY-MM-DD dates: exact, day/month transposed, year ±1, one-character typo, or contradiction. */
export function compareBirthDates(a: string | null, b: string | null): PersonFeatures['birthDate'] {
  if (!a || !b) return 'missing';
  if (a === b) return 'exact';
  const [ya, ma, da] = [a.slice(0, 4), a.slice(5, 7), a.slice(8, 10)];
  const [yb, mb, db] = [b.slice(0, 4), b.slice(5, 7), b.slice(8, 10)];
  if (ya === yb && ma === db && da === mb) return 'transposed';
  if (ma === mb && da === db && Math.abs(Number(ya) - Number(yb)) === 1) return 'year_off_by_one';
  if (editDistance(a, b, 1) <= 1) return 'typo';
  return 'contradiction';
}

const BIRTH_WEIGHT: Record<PersonFeatures['birthDate'], number> = {
  exact: W.birthExact,
  transposed: W.birthTransposed,
  year_off_by_one: W.birthYearOff,
  typo: W.birthTypo,
  contradiction: W.birthContradiction,
  missing: 0,
};

/** Positions (0-based) of the CURP derived from the name: letters 1–4 and consonants 14–16. */
const CURP_NAME_POSITIONS = new Set([0, 1, 2, 3, 13, 14, 15]);

/**
 * Two CURPs one character apart. RENAPO never issues two such CURPs except to homonyms (same name letters,
 * differing in date, sex, state or homoclave), and a typo breaks the mod-10 check digit nine times in ten. So:
 * exactly one valid → a typo of it; both valid (or both unverifiable) and differing outside the name letters →
 * two people; differing only in a name letter → the names decide. A CURP that contradicts its own record's birth
 * date or sex counts as not valid.
 */
function compareCurps(a: PreparedPerson, b: PreparedPerson): PersonFeatures['curp'] {
  if (!a.curp || !b.curp) return 'missing';
  if (a.curp === b.curp) return 'match';
  if (editDistance(a.curp, b.curp, 1) > 1) return 'contradiction';
  const va = a.curpTrusted;
  const vb = b.curpTrusted;
  if (va !== vb) return 'typo';
  if (a.curp.length !== b.curp.length) return 'unverifiable';
  for (let i = 0; i < a.curp.length; i++) if (a.curp[i] !== b.curp[i] && !CURP_NAME_POSITIONS.has(i)) return 'contradiction';
  return 'unverifiable';
}

const readingLetters = new WeakMap<NameReading, { head: string; consonants: string }>();

function curpAgainstName(curp: string, r: NameReading): PersonFeatures['curpName'] {
  if (!r.paterno || curp.length < 16) return 'unknown';
  let l = readingLetters.get(r);
  if (!l) {
    l = curpNameLetters({ apellido_paterno: r.paterno, apellido_materno: r.materno || null, nombre: r.given.join(' ') });
    readingLetters.set(r, l);
  }
  // Surname-derived positions only (1, 2, 3 if materno, 14, 15 if materno): nicknames change the given-name ones.
  const pos: [number, string][] = [[0, l.head[0]], [1, l.head[1]], [13, l.consonants[0]]];
  if (r.materno) pos.push([2, l.head[2]], [14, l.consonants[1]]);
  let miss = 0;
  for (const [i, ch] of pos) if (curp[i] !== ch && curp[i] !== 'X' && ch !== 'X') miss++;
  return miss >= 2 ? 'contradiction' : 'match';
}

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Scores whether two person records are the same person. `match` is `score >= MATCH_THRESHOLD`. Siblings
 * (same surnames, other given names), cousins (other materno) and homonyms with a different birth date or CURP
 * fall below; spelling, order, nickname, abbreviation, alias and one-typo variants stay above.
 */
export function scorePersons(a: PersonInput, b: PersonInput): PersonScore {
  const pa = preparePerson(a);
  const pb = preparePerson(b);
  const { result: names, source: nameSource } = bestNames(pa, pb);
  let lo = W.prior + names.logOdds;

  let alias: PersonFeatures['alias'] = 'missing';
  if (pa.aliases.length && pb.aliases.length) {
    alias = pa.aliasKeys.some((x) => pb.aliasKeys.includes(x)) ? 'shared' : 'none';
    if (alias === 'shared') lo += W.aliasShared;
  }

  const curp = compareCurps(pa, pb);
  if (curp === 'match') lo += W.curpMatch;
  else if (curp === 'typo') lo += W.curpTypo;
  else if (curp === 'contradiction') lo += W.curpContradiction;

  let curpName: PersonFeatures['curpName'] = 'unknown';
  if (curp === 'missing' && (pa.curpInfo?.structureOk || pb.curpInfo?.structureOk) && nameSource === 'name') {
    const [withCurp, reading] = pa.curp ? [pa.curp, names.otherReading] : [pb.curp!, names.reading];
    curpName = curpAgainstName(withCurp, reading);
    if (curpName === 'contradiction') lo += W.curpNameContradiction;
  }

  // With both CURPs compared (or one mistyped), birth date and sex come from the records themselves only.
  const bothCurps = curp !== 'missing' && curp !== 'unverifiable';
  const birthDate = bothCurps ? compareBirthDates(pa.birthDate, pb.birthDate) : compareBirthDates(pa.effectiveBirthDate, pb.effectiveBirthDate);
  lo += birthDate === 'typo' && !bothCurps && (pa.birthDateFromBadCurp || pb.birthDateFromBadCurp) ? W.birthTypoUnverified : BIRTH_WEIGHT[birthDate];

  const sa = bothCurps ? pa.sex : pa.effectiveSex;
  const sb = bothCurps ? pb.sex : pb.effectiveSex;
  let sex: PersonFeatures['sex'] = 'missing';
  if (sa && sb) {
    if (sa === sb) {
      sex = 'match';
      lo += W.sexMatch;
    } else {
      sex = 'contradiction';
      lo += sa === 'X' || sb === 'X' ? W.sexNonBinary : W.sexContradiction;
    }
  }

  const score = logistic(lo);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  return {
    score: Math.round(score * 1e6) / 1e6,
    match: score >= MATCH_THRESHOLD,
    features: {
      paterno: round(names.paterno),
      materno: round(names.materno),
      given: round(names.given),
      givenAgreement: names.givenAgreement,
      order: names.order,
      surnamesSwapped: names.surnamesSwapped,
      nameSource,
      alias,
      curp,
      curpName,
      birthDate,
      sex,
      logOdds: Math.round(lo * 1000) / 1000,
    },
    algorithm: PERSON_ALGORITHM,
  };
}
