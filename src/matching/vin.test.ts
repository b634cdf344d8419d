import { describe, expect, it } from 'vitest';
import { computeVinCheckDigit, validateVin } from './vin.js';

describe('VIN', () => {
  it('validates the check digit at position 9', () => {
    expect(validateVin('1M8GDM9AXKP042788')).toEqual({ vin: '1M8GDM9AXKP042788', structureOk: true, checkDigitOk: true, valid: true });
    expect(validateVin('1m8gdm9a-xkp042788').valid).toBe(true);
    expect(validateVin('1M8GDM9A1KP042788')).toMatchObject({ structureOk: true, checkDigitOk: false, valid: false });
    expect(computeVinCheckDigit('1M8GDM9AXKP042788')).toBe('X');
  });
  it('rejects I, O, Q and wrong lengths', () => {
    expect(validateVin('1M8GDM9AXKP04278O').structureOk).toBe(false);
    expect(validateVin('1M8GDM9AXKP0427').structureOk).toBe(false);
  });
});
