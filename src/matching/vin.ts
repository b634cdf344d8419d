/** NIV / VIN: 17 characters, no I, O or Q; position 9 is a check digit (ISO 3779 / 49 CFR 565). */

const TRANSLIT: Record<string, number> = {
  A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4,
  V: 5, W: 6, X: 7, Y: 8, Z: 9,
};
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
const VIN_RE = /^[A-HJ-NPR-Z0-9]{17}$/;

/** Uppercase with spaces and dashes removed. */
export function normalizeVin(raw: string | null | undefined): string {
  return raw ? raw.toUpperCase().replace(/[\s\-.]+/g, '') : '';
}

/** Check digit ('0'–'9' or 'X') a VIN should carry at position 9; null when a character is not allowed. */
export function computeVinCheckDigit(vin: string): string | null {
  const v = normalizeVin(vin);
  if (v.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const c = v[i];
    const val = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : TRANSLIT[c];
    if (val === undefined) return null;
    sum += val * WEIGHTS[i];
  }
  const r = sum % 11;
  return r === 10 ? 'X' : String(r);
}

/** Result of validateVin: structure (17 chars, no I/O/Q) and check digit judged separately. */
export interface VinValidation {
  vin: string;
  structureOk: boolean;
  checkDigitOk: boolean;
  valid: boolean;
}

/**
 * Validates a VIN. Vehicles built for markets outside North America may not use the check digit, so callers
 * wanting only structure read `structureOk`.
 */
export function validateVin(raw: string | null | undefined): VinValidation {
  const vin = normalizeVin(raw);
  const structureOk = VIN_RE.test(vin);
  const checkDigitOk = structureOk && computeVinCheckDigit(vin) === vin[8];
  return { vin, structureOk, checkDigitOk, valid: structureOk && checkDigitOk };
}
