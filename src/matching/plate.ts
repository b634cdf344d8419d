/**
 * Vehicle plates: normalisation, Mexican formats (OpenALPR's Mexican patterns plus @@@###), an OCR-confusion
 * canonical form for plate readers, and a bounded edit distance.
 */
import { editDistance } from './distance.js';

/** Mexican plate patterns, @ = letter, # = digit. */
export const MX_PLATE_FORMATS = ['@@@####', '@##@@@', '@@@###@', '@@#####', '####@@', '@@@###'] as const;

const FORMAT_RES = MX_PLATE_FORMATS.map((f) => [f, new RegExp(`^${f.replace(/@/g, '[A-Z]').replace(/#/g, '\\d')}$`)] as const);
const OCR: Record<string, string> = { O: '0', Q: '0', D: '0', I: '1', L: '1', B: '8', S: '5', Z: '2', G: '6' };

/** Uppercase, accents removed, separators (spaces, dashes, dots) stripped: the stored form. */
const CLEAN_RE = /^[A-Z0-9]+$/;
export function normalizePlate(raw: string | null | undefined): string {
  if (!raw) return '';
  if (CLEAN_RE.test(raw)) return raw; // the usual reader output: nothing to strip (hot path of plate reads)
  return raw.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z0-9]+/g, '');
}

/** The Mexican format a normalised plate follows, or null. */
export function plateFormat(plate: string): (typeof MX_PLATE_FORMATS)[number] | null {
  const p = normalizePlate(plate);
  for (const [f, re] of FORMAT_RES) if (re.test(p)) return f;
  return null;
}

/** OCR-confusion canonical form: O/Q/D → 0, I/L → 1, B → 8, S → 5, Z → 2, G → 6 (after normalising). */
export function plateOcrKey(plate: string): string {
  let out = '';
  for (const c of normalizePlate(plate)) out += OCR[c] ?? c;
  return out;
}

/** Result of comparing two plates. */
export interface PlateComparison {
  exact: boolean;
  ocrEquivalent: boolean;
  /** Edit distance between the OCR keys, capped at max + 1. */
  distance: number;
}

/** Compares plates: exact after normalisation, equal up to OCR confusions, and their bounded edit distance. */
export function comparePlates(a: string, b: string, max = 2): PlateComparison {
  const na = normalizePlate(a);
  const nb = normalizePlate(b);
  const ka = plateOcrKey(na);
  const kb = plateOcrKey(nb);
  return { exact: na.length > 0 && na === nb, ocrEquivalent: ka.length > 0 && ka === kb, distance: editDistance(ka, kb, max) };
}

const TO_LETTER: Record<string, string> = { '0': 'D', '1': 'L', '8': 'B', '5': 'S', '2': 'Z', '6': 'G' };

/**
 * Fits a reading to a Mexican plate format, tolerating OCR confusions in the wrong slot (`JKLI234` → `JKL1234`):
 * the format needing the fewest substitutions wins. Null when no format fits even so (the reading is rejected).
 */
export function fitPlateFormat(raw: string): { plate: string; format: (typeof MX_PLATE_FORMATS)[number]; fixes: number } | null {
  const p = normalizePlate(raw);
  for (const [f, re] of FORMAT_RES) if (f.length === p.length && re.test(p)) return { plate: p, format: f, fixes: 0 };
  let best: { plate: string; format: (typeof MX_PLATE_FORMATS)[number]; fixes: number } | null = null;
  for (const f of MX_PLATE_FORMATS) {
    if (f.length !== p.length) continue;
    let out = '';
    let fixes = 0;
    for (let i = 0; i < f.length; i++) {
      const c = p[i];
      const digit = c >= '0' && c <= '9';
      if (f[i] === '#') {
        if (digit) out += c;
        else if (OCR[c]) { out += OCR[c]; fixes++; } else { out = ''; break; }
      } else if (!digit) out += c;
      else if (TO_LETTER[c]) { out += TO_LETTER[c]; fixes++; } else { out = ''; break; }
    }
    if (out && (!best || fixes < best.fixes)) best = { plate: out, format: f, fixes };
  }
  return best;
}
