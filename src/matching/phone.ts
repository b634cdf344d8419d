/**
 * Mexican phone numbers → E.164. Since 3 August 2019 Mexico dials ten-digit national numbers; the old 044/045
 * (mobile) and 01 (long distance) prefixes and the "1" after +52 for mobiles are still written and accepted here.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A normalised phone: the raw text is always kept. */
export interface NormalizedPhone {
  raw: string;
  /** +52 followed by ten digits, or null when the text is not a usable Mexican number. */
  e164: string | null;
  /** The ten national digits, or null. */
  national: string | null;
  valid: boolean;
}

const PREFIXES: [RegExp, string][] = [
  [/^00521(\d{10})$/, '$1'],
  [/^0052(\d{10})$/, '$1'],
  [/^521(\d{10})$/, '$1'],
  [/^52(\d{10})$/, '$1'],
  [/^04[45](\d{10})$/, '$1'],
  [/^01(\d{10})$/, '$1'],
  [/^1(\d{10})$/, '$1'],
];

/** Normalises a Mexican phone written with spaces, dashes, dots, parentheses, +52 / +52 1, 044 / 045 / 01. */
export function normalizeMxPhone(raw: string | null | undefined): NormalizedPhone {
  const text = typeof raw === 'string' ? raw : '';
  let digits = text.replace(/\D+/g, '');
  if (digits.length !== 10) {
    for (const [re, rep] of PREFIXES) {
      if (re.test(digits)) {
        digits = digits.replace(re, rep);
        break;
      }
    }
  }
  if (digits.length !== 10) return { raw: text, e164: null, national: null, valid: false };
  const parsed = parsePhoneNumberFromString(digits, 'MX');
  const valid = !!parsed && parsed.isValid();
  return { raw: text, e164: valid ? `+52${digits}` : null, national: valid ? digits : null, valid };
}

/** True when two phone texts are the same Mexican number once normalised. */
export function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalizeMxPhone(a);
  return x.valid && x.e164 === normalizeMxPhone(b).e164;
}
