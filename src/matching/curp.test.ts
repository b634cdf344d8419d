import { stdnum } from 'stdnum';
import { describe, expect, it } from 'vitest';
import { buildCurp, computeCurpCheckDigit, curpMatchesPerson, curpNameLetters, decodeCurp, isValidCurp, normalizeCurp } from './curp.js';

describe('CURP check digit', () => {
  it('matches the published example and the documented algorithm', () => {
    expect(computeCurpCheckDigit('BOXW310820HNERXN0')).toBe('9');
    expect(isValidCurp('BOXW310820HNERXN09')).toBe(true);
    expect(isValidCurp('BOXW310820HNERXN08')).toBe(false);
  });
  it('counts Ñ as value 24 in the alphabet', () => {
    // 0-9 → 0-9, A=10 … N=23, Ñ=24, O=25: changing N → Ñ at position 1 adds 18 to the sum.
    const base = 'NOXW310820HNERXN0';
    const withEnye = 'ÑOXW310820HNERXN0';
    const d1 = Number(computeCurpCheckDigit(base));
    const d2 = Number(computeCurpCheckDigit(withEnye));
    expect((d1 - d2 + 10) % 10).toBe(18 % 10);
  });
  it('returns null for characters outside the alphabet or short input', () => {
    expect(computeCurpCheckDigit('BOXW310820HNERX')).toBeNull();
    expect(computeCurpCheckDigit('BOXW310820HNE*XN0')).toBeNull();
  });
});

describe('agreement with stdnum (koblas/stdnum-js mx.curp)', () => {
  const validator = (stdnum as unknown as Record<string, Record<string, { validate(v: string): { isValid: boolean } }>>).MX.curp;
  it('both accept every CURP buildCurp makes, across names, dates, sexes and states', () => {
    const given = ['José Luis', 'María de los Ángeles', 'Ñeco', 'Ana', 'Juan', 'Xóchitl', 'María', 'Guadalupe'];
    const surnames = ['Pérez', 'de la Cruz', 'Muñoz', 'Ibáñez', 'Ruiz', 'Bueno', 'Ochoa', 'Ugalde'];
    const states = ['AS', 'DF', 'JC', 'NE', 'YN', 'ZS', '14', '09'];
    for (let i = 0; i < 64; i++) {
      const year = 1931 + i * 1.4;
      const fecha = `${Math.floor(year)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
      const curp = buildCurp({ nombre: given[i % 8], apellido_paterno: surnames[(i * 3) % 8], apellido_materno: i % 5 ? surnames[(i * 5 + 1) % 8] : null, fecha_nacimiento: fecha, sexo: i % 2 ? 'H' : 'M', entidad_nacimiento: states[i % 8] });
      expect(isValidCurp(curp), curp).toBe(true);
      expect(validator.validate(curp).isValid, curp).toBe(true);
    }
  });
  it('both reject a wrong check digit', () => {
    expect(validator.validate('BOXW310820HNERXN08').isValid).toBe(false);
    expect(isValidCurp('BOXW310820HNERXN08')).toBe(false);
  });
});

describe('decodeCurp', () => {
  it('decodes birth date, sex and state; a digit in position 17 means the 1900s', () => {
    const info = decodeCurp(' boxw-310820-hnerxn09 ');
    expect(info).toMatchObject({ valid: true, birthDate: '1931-08-20', sex: 'H', birthState: 'NE' });
  });
  it('a letter in position 17 means the 2000s; X is accepted as sex', () => {
    const curp = buildCurp({ nombre: 'Alex', apellido_paterno: 'Ruiz', apellido_materno: 'Soto', fecha_nacimiento: '2004-02-29', sexo: 'X', entidad_nacimiento: 'JC' });
    expect(curp.slice(16, 17)).toBe('A');
    expect(decodeCurp(curp)).toMatchObject({ valid: true, birthDate: '2004-02-29', sex: 'X', birthState: 'JC', birthStateName: 'Jalisco' });
  });
  it('reports impossible dates, unknown states and bad check digits', () => {
    const bad = decodeCurp('BOXW310231HZZRXN09');
    expect(bad.valid).toBe(false);
    expect(bad.errors).toEqual(expect.arrayContaining(['birth_date', 'birth_state', 'structure']));
    expect(decodeCurp('BOXW310820HNERXN01').errors).toEqual(['check_digit']);
  });
  it('normalises but does not validate', () => {
    expect(normalizeCurp('')).toBeNull();
    expect(normalizeCurp('ab.c')).toBe('ABC');
  });
});

describe('buildCurp', () => {
  it('follows the letter rules and computes the check digit', () => {
    const c = buildCurp({ nombre: 'José Luis', apellido_paterno: 'Pérez', apellido_materno: 'López', fecha_nacimiento: '1985-03-12', sexo: 'H', entidad_nacimiento: '14' });
    expect(c.slice(0, 16)).toBe('PELL850312HJCRPS');
    expect(c[16]).toBe('0');
    expect(isValidCurp(c)).toBe(true);
  });
  it('uses the second given name after María or José, and X for a missing materno or Ñ', () => {
    expect(curpNameLetters({ nombre: 'María Guadalupe', apellido_paterno: 'Muñoz', apellido_materno: null })).toEqual({ head: 'MUXG', consonants: 'XXD' });
    expect(curpNameLetters({ nombre: 'Ma. de los Ángeles', apellido_paterno: 'de la Cruz', apellido_materno: 'Ibáñez' })).toEqual({ head: 'CUIA', consonants: 'RBN' });
  });
  it('alters offensive words (second letter → X)', () => {
    // BUEY: Bueno Elizondo Yolanda.
    expect(curpNameLetters({ nombre: 'Yolanda', apellido_paterno: 'Bueno', apellido_materno: 'Elizondo' }).head).toBe('BXEY');
  });
  it('rejects unusable dates and states', () => {
    expect(() => buildCurp({ nombre: 'A', apellido_paterno: 'B', fecha_nacimiento: '12/03/1985', sexo: 'H', entidad_nacimiento: 'JC' })).toThrow();
    expect(() => buildCurp({ nombre: 'A', apellido_paterno: 'B', fecha_nacimiento: '1985-03-12', sexo: 'H', entidad_nacimiento: 'XX' })).toThrow();
  });
});

describe('curpMatchesPerson', () => {
  const curp = buildCurp({ nombre: 'Juan', apellido_paterno: 'Hernández', apellido_materno: 'García', fecha_nacimiento: '1990-07-15', sexo: 'H', entidad_nacimiento: 'DF' });
  it('agrees with the person it was built from, in either name order', () => {
    expect(curpMatchesPerson(curp, { nombre_completo: 'HERNANDEZ GARCIA JUAN', fecha_nacimiento: '1990-07-15', sexo: 'H' })).toMatchObject({ contradictions: [], birthDate: 'match', sex: 'match', nameInitials: 'match' });
  });
  it('reports birth date, sex and name contradictions', () => {
    const r = curpMatchesPerson(curp, { nombre: 'Pedro', apellido_paterno: 'López', apellido_materno: 'Soto', fecha_nacimiento: '1990-07-16', sexo: 'M' });
    expect(r.contradictions).toEqual(['birth_date', 'sex', 'name_initials']);
  });
  it('says unknown when the record lacks the field', () => {
    expect(curpMatchesPerson(curp, {})).toMatchObject({ birthDate: 'unknown', sex: 'unknown', nameInitials: 'unknown', contradictions: [] });
  });
});
