import { describe, expect, it } from 'vitest';
import { editDistance, jaroWinkler } from './distance.js';

describe('distances', () => {
  it('edit distance counts adjacent transpositions once and stops at the bound', () => {
    expect(editDistance('JAUN', 'JUAN')).toBe(1);
    expect(editDistance('HERNANDEZ', 'HERNADEZ')).toBe(1);
    expect(editDistance('ABCDEFG', 'GFEDCBA', 2)).toBe(3);
  });
  it('Jaro-Winkler is 1 for equal strings and favours shared prefixes', () => {
    expect(jaroWinkler('MARTHA', 'MARTHA')).toBe(1);
    expect(jaroWinkler('MARTHA', 'MARHTA')).toBeCloseTo(0.961, 3);
  });
});
