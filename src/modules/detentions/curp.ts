import { computeCurpCheckDigit, curpMatchesPerson, curpNameLetters, decodeCurp } from '../../matching/index.js';

/**
 * CURP rules for the registry, as an adapter over the matching library's decoder (one implementation of the
 * RENAPO rules in the code base): the reasons map to this module's field messages.
 */

/** What a valid CURP says about its holder. */
export interface CurpFacts {
  fecha_nacimiento: string;
  sexo: 'H' | 'M' | 'X';
  entidad_nacimiento: string;
}

/** A CURP's verdict: its facts, or the first thing wrong with it. */
export type CurpCheck = { ok: true; facts: CurpFacts } | { ok: false; reason: 'format' | 'birth_date' | 'birth_state' | 'check_digit' };

/** The check digit of the first 17 characters: Σ value × (18 − index), then (10 − sum mod 10) mod 10. */
export function curpCheckDigit(first17: string): string {
  return computeCurpCheckDigit(first17) ?? '0';
}

/** A CURP's shape with any two letters where the birth state goes. */
const ANY_STATE_SHAPE = /^[A-ZÑ]{4}\d{6}[HMX][A-Z]{2}[A-ZÑ]{3}[0-9A-Z]\d$/;

/** Validates shape, birth date, birth state and check digit; upper-case input expected. */
export function checkCurp(curp: string): CurpCheck {
  const info = decodeCurp(curp);
  // The decoder's structure test includes the birth-state list: a CURP of the right shape with an unknown state
  // is reported as a wrong birth state, which is what the capturist has to fix.
  if (!info.structureOk && ANY_STATE_SHAPE.test(curp) && !info.errors.includes('sex')) return { ok: false, reason: 'birth_state' };
  if (!info.structureOk || info.errors.includes('length') || info.errors.includes('sex')) return { ok: false, reason: 'format' };
  if (!info.birthDate) return { ok: false, reason: 'birth_date' };
  if (!info.birthState) return { ok: false, reason: 'birth_state' };
  if (!info.checkDigitOk) return { ok: false, reason: 'check_digit' };
  return { ok: true, facts: { fecha_nacimiento: info.birthDate, sexo: info.sex!, entidad_nacimiento: info.birthState } };
}

/**
 * When a CURP's name letters (1–4 and 14–16) contradict the person's surnames and given name, the four letters the
 * names would give (e.g. 'LUPB'); null when they agree or cannot be told. An X in the CURP counts as agreeing.
 */
export function curpNameMismatch(curp: string, p: { nombre?: string | null; apellido_paterno?: string | null; apellido_materno?: string | null }): string | null {
  return curpMatchesPerson(curp, p).nameInitials === 'contradiction' ? curpNameLetters(p).head : null;
}
