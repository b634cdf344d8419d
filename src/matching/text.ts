/** Text normalisation shared by the name, CURP and plate code. */

const DIACRITICS = /[\u0300-\u036f]/g;
const NON_LETTER = /[^A-Z]+/g;

/**
 * Uppercase, accents and tildes removed (Ñ → N, Ü → U), every run of non-letters turned into one space,
 * trimmed. The form every name comparison starts from.
 */
export function normalizeText(s: string): string {
  let out = cache.get(s);
  if (out !== undefined) return out;
  const ascii = NON_ASCII.test(s) ? s.normalize('NFD').replace(DIACRITICS, '') : s;
  out = ascii.toUpperCase().replace(NON_LETTER, ' ').trim();
  if (ascii !== s) out = oneByte(out);
  if (cache.size >= 20_000) cache.clear();
  cache.set(s, out);
  return out;
}

const NON_ASCII = /[^\x00-\x7f]/;
const cache = new Map<string, string>();

/**
 * The same text held as one byte a character. NFD decomposes accents into combining marks (U+0301…), which makes V8
 * hold the string and everything built from it (a row of a bulk file, its JSON) two bytes a character even once the
 * marks are gone: every later copy and UTF-8 encoding of it costs double. For text of Latin-1 characters only.
 */
const oneByte = (s: string) => Buffer.from(s, 'latin1').toString('latin1');

/** Like normalizeText but keeps Ñ, as the CURP rules need it (Ñ → X there). */
export function normalizeKeepEnye(s: string): string {
  const out = s
    .toUpperCase()
    .replace(/Ñ/g, '\u0001')
    .normalize('NFD')
    .replace(DIACRITICS, '')
    .replace(/\u0001/g, 'Ñ')
    .replace(/[^A-ZÑ]+/g, ' ')
    .trim();
  return NON_ASCII.test(s) ? oneByte(out) : out;
}
