import { describe, expect, it } from 'vitest';
import { normalizeMxPhone, samePhone } from './phone.js';

describe('normalizeMxPhone', () => {
  it.each([
    ['55 1234 5678', '+525512345678'],
    ['(33) 3614-0000', '+523336140000'],
    ['044 55 1234 5678', '+525512345678'],
    ['045 81 8123 4567', '+528181234567'],
    ['01 33 3614 0000', '+523336140000'],
    ['+52 1 55 1234 5678', '+525512345678'],
    ['+52 (55) 1234-5678', '+525512345678'],
    ['0052 55 1234 5678', '+525512345678'],
  ])('%s → %s', (raw, e164) => {
    const p = normalizeMxPhone(raw);
    expect(p).toEqual({ raw, e164, national: e164.slice(3), valid: true });
  });
  it('keeps the raw text of numbers it cannot use', () => {
    expect(normalizeMxPhone('1234')).toEqual({ raw: '1234', e164: null, national: null, valid: false });
    expect(normalizeMxPhone(undefined).valid).toBe(false);
  });
  it('compares two spellings of one number', () => {
    expect(samePhone('044-55-1234-5678', '+5215512345678')).toBe(true);
    expect(samePhone('5512345678', '5512345679')).toBe(false);
  });
});
