import { describe, expect, it } from 'vitest';
import { comparePlates, normalizePlate, plateFormat, plateOcrKey } from './plate.js';

describe('plates', () => {
  it('normalises and recognises Mexican formats', () => {
    expect(normalizePlate(' jal-12 34 ')).toBe('JAL1234');
    expect(plateFormat('JAL-1234')).toBe('@@@####');
    expect(plateFormat('A12BCD')).toBe('@##@@@');
    expect(plateFormat('ABC-123-D')).toBe('@@@###@');
    expect(plateFormat('AB12345')).toBe('@@#####');
    expect(plateFormat('1234AB')).toBe('####@@');
    expect(plateFormat('ABC123')).toBe('@@@###');
    expect(plateFormat('12')).toBeNull();
  });
  it('folds OCR confusions', () => {
    expect(plateOcrKey('OQD-1IL-8B5S-2Z6G')).toBe('00011188552266');
    expect(comparePlates('ABC-1234', 'A8C1234')).toEqual({ exact: false, ocrEquivalent: true, distance: 0 });
    expect(comparePlates('ABC1234', 'ABC1239')).toMatchObject({ ocrEquivalent: false, distance: 1 });
    expect(comparePlates('ABC1234', 'XYZ9876', 2).distance).toBe(3);
  });
});
