/**
 * CURP validation as DOMAIN.md describes it (RENAPO). Kept in this module because src/matching/curp.ts did not exist
 * when the detentions module was written; when it appears, import its validator instead and delete this file.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ';
const BIRTH_STATES = new Set('AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS NE'.split(' '));
const SHAPE = /^[A-ZÑ][A-ZÑ]{3}\d{6}[HMX][A-Z]{2}[A-ZÑ]{3}[0-9A-Z]\d$/;

/** What a valid CURP says about its holder. */
export interface CurpFacts {
  fecha_nacimiento: string;
  sexo: 'H' | 'M' | 'X';
  entidad_nacimiento: string;
}

export type CurpCheck = { ok: true; facts: CurpFacts } | { ok: false; reason: 'format' | 'birth_date' | 'birth_state' | 'check_digit' };

/** The check digit of the first 17 characters: Σ value × (18 − index), then (10 − sum mod 10) mod 10. */
export function curpCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Math.max(0, ALPHABET.indexOf(first17[i])) * (18 - i);
  return String((10 - (sum % 10)) % 10);
}

/** Validates shape, birth date, birth state and check digit; upper-case input expected. */
export function checkCurp(curp: string): CurpCheck {
  if (!SHAPE.test(curp)) return { ok: false, reason: 'format' };
  const yy = Number(curp.slice(4, 6));
  const mm = Number(curp.slice(6, 8));
  const dd = Number(curp.slice(8, 10));
  // The 17th character is a digit for people born before 2000 and a letter from 2000 on.
  const year = (/\d/.test(curp[16]) ? 1900 : 2000) + yy;
  const date = new Date(Date.UTC(year, mm - 1, dd));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return { ok: false, reason: 'birth_date' };
  const state = curp.slice(11, 13);
  if (!BIRTH_STATES.has(state)) return { ok: false, reason: 'birth_state' };
  if (curpCheckDigit(curp.slice(0, 17)) !== curp[17]) return { ok: false, reason: 'check_digit' };
  return { ok: true, facts: { fecha_nacimiento: date.toISOString().slice(0, 10), sexo: curp[10] as 'H' | 'M' | 'X', entidad_nacimiento: state } };
}
