import { describe, expect, it } from 'vitest';
import { buildCurp } from './curp.js';
import { MATCH_THRESHOLD, PERSON_ALGORITHM, compareBirthDates, scorePersons } from './person-score.js';
import type { PersonInput } from './names.js';

const juan: PersonInput = { nombre: 'Juan Carlos', apellido_paterno: 'Hernández', apellido_materno: 'García' };
const match = (a: PersonInput, b: PersonInput) => scorePersons(a, b).match;

describe('scorePersons: same person', () => {
  it.each<[string, PersonInput, PersonInput]>([
    ['accents and case', juan, { nombre: 'JUAN CARLOS', apellido_paterno: 'HERNANDEZ', apellido_materno: 'GARCIA' }],
    ['APELLIDOS NOMBRES order', juan, { nombre_completo: 'HERNANDEZ GARCIA JUAN CARLOS' }],
    ['NOMBRES APELLIDOS order', juan, { nombre_completo: 'juan carlos hernández garcía' }],
    ['missing materno', juan, { nombre: 'Juan Carlos', apellido_paterno: 'Hernandez' }],
    ['compound given name shortened', juan, { nombre: 'Carlos', apellido_paterno: 'Hernández', apellido_materno: 'García' }],
    ['nickname', { nombre: 'José', apellido_paterno: 'Ramírez', apellido_materno: 'Luna' }, { nombre_completo: 'PEPE RAMIREZ LUNA' }],
    ['compound nickname', { nombre: 'José María', apellido_paterno: 'Ortiz', apellido_materno: 'Soto' }, { nombre: 'Chema', apellido_paterno: 'Ortiz', apellido_materno: 'Soto' }],
    ['Ma. abbreviation', { nombre: 'María de Jesús', apellido_paterno: 'López', apellido_materno: 'Ruiz' }, { nombre_completo: 'LOPEZ RUIZ MA. DE JESUS' }],
    ['J. initial', { nombre: 'José Luis', apellido_paterno: 'Gómez', apellido_materno: 'Reyes' }, { nombre: 'J. Luis', apellido_paterno: 'Gomez', apellido_materno: 'Reyes' }],
    ['spelling b/v, s/z', { nombre: 'Silvia', apellido_paterno: 'Vázquez', apellido_materno: 'Cruz' }, { nombre: 'Silbia', apellido_paterno: 'Basquez', apellido_materno: 'Crus' }],
    ['spelling x/j', { nombre: 'Ximena', apellido_paterno: 'Jiménez', apellido_materno: 'Mora' }, { nombre: 'Jimena', apellido_paterno: 'Ximenez', apellido_materno: 'Mora' }],
    ['one-character typo', juan, { nombre: 'Juan Carlos', apellido_paterno: 'Hernadez', apellido_materno: 'Garcia' }],
    ['de la Cruz written Cruz', { nombre: 'Rosa', apellido_paterno: 'de la Cruz', apellido_materno: 'Peña' }, { nombre_completo: 'ROSA CRUZ PENA' }],
    ['alias names the other record', { ...juan, alias: ['Pedro Sánchez Ruiz'] }, { nombre: 'Pedro', apellido_paterno: 'Sanchez', apellido_materno: 'Ruiz' }],
    ['surnames swapped', juan, { nombre: 'Juan Carlos', apellido_paterno: 'García', apellido_materno: 'Hernández' }],
    ['"APELLIDOS, NOMBRES" with a comma', juan, { nombre_completo: 'HERNÁNDEZ GARCÍA, JUAN CARLOS' }],
    ['placeholder materno', juan, { nombre: 'Juan Carlos', apellido_paterno: 'Hernández', apellido_materno: 'S/N' }],
    ['compound given name run together', juan, { nombre_completo: 'JUANCARLOS HERNANDEZ GARCIA' }],
    ['surname split by a stray space', juan, { nombre_completo: 'JUAN CARLOS HERNAN DEZ GARCIA' }],
    ['typo in a three-letter name', { nombre: 'Luz', apellido_paterno: 'Ramos', apellido_materno: 'Vega' }, { nombre: 'Lzu', apellido_paterno: 'Ramos', apellido_materno: 'Vega' }],
    ['nickname of the second part of a compound', { nombre: 'José Antonio', apellido_paterno: 'Ruiz', apellido_materno: 'López' }, { nombre_completo: 'TOÑO RUIZ LOPEZ' }],
    ['Chuy for María de Jesús', { nombre: 'María de Jesús', apellido_paterno: 'Ruiz', apellido_materno: 'López', sexo: 'M' }, { nombre: 'Chuy', apellido_paterno: 'Ruiz', apellido_materno: 'López' }],
    ['Ma. Gpe. abbreviations', { nombre: 'María Guadalupe', apellido_paterno: 'Ruiz', apellido_materno: 'López' }, { nombre: 'MA. GPE.', apellido_paterno: 'RUIZ', apellido_materno: 'LOPEZ' }],
    ['silent h and y/ll', { nombre: 'Juan', apellido_paterno: 'Hernández', apellido_materno: 'Yáñez' }, { nombre: 'Juan', apellido_paterno: 'Ernández', apellido_materno: 'Llañez' }],
  ])('%s', (_, a, b) => {
    const r = scorePersons(a, b);
    expect(r.score).toBeGreaterThanOrEqual(MATCH_THRESHOLD);
    expect(r.match).toBe(true);
    expect(scorePersons(b, a).score).toBeCloseTo(r.score, 6);
  });

  it('birth-date slips (day/month transposed, year ±1) do not separate an exact name', () => {
    expect(match({ ...juan, fecha_nacimiento: '1990-03-07' }, { ...juan, fecha_nacimiento: '1990-07-03' })).toBe(true);
    expect(match({ ...juan, fecha_nacimiento: '1990-03-07' }, { ...juan, fecha_nacimiento: '1991-03-07' })).toBe(true);
    expect(match({ ...juan, fecha_nacimiento: '07/03/1990' }, { ...juan, fecha_nacimiento: '1990-03-07' })).toBe(true);
    expect(compareBirthDates('1990-03-07', '1990-07-03')).toBe('transposed');
    expect(compareBirthDates('1990-03-07', '1989-03-07')).toBe('year_off_by_one');
    expect(compareBirthDates('1990-03-07', '1990-03-08')).toBe('typo');
    expect(compareBirthDates('1990-03-07', '1975-11-20')).toBe('contradiction');
  });

  it('a shared CURP outweighs a different-looking name; a CURP is evidence of birth date', () => {
    const curp = buildCurp({ nombre: 'Juan Carlos', apellido_paterno: 'Hernández', apellido_materno: 'García', fecha_nacimiento: '1990-03-07', sexo: 'H', entidad_nacimiento: 'JC' });
    expect(match({ nombre_completo: 'Charly Hdz', curp }, { ...juan, curp })).toBe(true);
    const r = scorePersons({ ...juan, curp }, { ...juan, fecha_nacimiento: '1990-03-07', sexo: 'H' });
    expect(r.features).toMatchObject({ birthDate: 'exact', sex: 'match', curpName: 'match' });
  });
});

describe('scorePersons: different people', () => {
  it('siblings sharing both surnames', () => {
    expect(match(juan, { nombre: 'Pedro', apellido_paterno: 'Hernández', apellido_materno: 'García' })).toBe(false);
    expect(match({ nombre: 'José Luis', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' }, { nombre: 'José Antonio', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' })).toBe(false);
    expect(match({ nombre: 'María Guadalupe', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' }, { nombre_completo: 'RUIZ SOTO MARIA ELENA' })).toBe(false);
    expect(match({ nombre: 'Daniel', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' }, { nombre: 'Daniela', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' })).toBe(false);
  });
  it('twins: same surnames and birth date, different given names', () => {
    expect(match({ ...juan, fecha_nacimiento: '2001-01-01', sexo: 'H' }, { nombre: 'Luis Alberto', apellido_paterno: 'Hernández', apellido_materno: 'García', fecha_nacimiento: '2001-01-01', sexo: 'H' })).toBe(false);
  });
  it('cousins sharing given name and paterno, with a different materno', () => {
    expect(match(juan, { nombre: 'Juan Carlos', apellido_paterno: 'Hernández', apellido_materno: 'Luna' })).toBe(false);
    expect(match(juan, { nombre_completo: 'HERNANDEZ SANTIAGO JUAN CARLOS' })).toBe(false);
  });
  it('homonyms with different birth dates or CURPs', () => {
    expect(match({ ...juan, fecha_nacimiento: '1970-05-01' }, { ...juan, fecha_nacimiento: '1995-10-23' })).toBe(false);
    const c1 = buildCurp({ ...juan, fecha_nacimiento: '1990-03-07', sexo: 'H', entidad_nacimiento: 'JC' });
    const c2 = buildCurp({ ...juan, fecha_nacimiento: '1990-03-07', sexo: 'H', entidad_nacimiento: 'JC' }, '1');
    const r = scorePersons({ ...juan, curp: c1 }, { ...juan, curp: c2 });
    expect(r.match).toBe(false);
    expect(r.features.curp).toBe('contradiction');
    // Only one side has a CURP, the other a birth date that the CURP contradicts.
    expect(match({ ...juan, curp: c1 }, { ...juan, fecha_nacimiento: '1985-01-01' })).toBe(false);
  });
  it('homonyms born a few days apart or with one digit of the date different', () => {
    expect(match({ ...juan, fecha_nacimiento: '1980-03-12' }, { ...juan, fecha_nacimiento: '1980-03-15' })).toBe(false);
    expect(match({ ...juan, fecha_nacimiento: '1964-11-12' }, { ...juan, fecha_nacimiento: '1994-11-12' })).toBe(false);
    // Unless the differing date was read from a CURP whose check digit fails: then the digit is likely its typo.
    const curp = buildCurp({ ...juan, fecha_nacimiento: '1980-03-12', sexo: 'H', entidad_nacimiento: 'JC' });
    const typo = `${curp.slice(0, 9)}5${curp.slice(10)}`;
    expect(scorePersons({ ...juan, curp: typo }, { ...juan, fecha_nacimiento: '1980-03-12' }).match).toBe(true);
  });
  it('homonyms whose CURPs are one character apart outside the name letters', () => {
    const base = { ...juan, fecha_nacimiento: '1983-11-05', sexo: 'M' as const };
    // State MC vs CM: an adjacent swap that keeps the check digit, so both CURPs are valid.
    const c1 = buildCurp({ ...base, entidad_nacimiento: 'MC' });
    const c2 = buildCurp({ ...base, entidad_nacimiento: 'CM' });
    expect(c1.slice(17)).toBe(c2.slice(17));
    const r = scorePersons({ ...juan, curp: c1 }, { ...juan, curp: c2 });
    expect(r.features.curp).toBe('contradiction');
    expect(r.match).toBe(false);
    // Made-up CURPs with a wrong check digit, differing only in the homoclave or the check digit.
    expect(match({ ...juan, curp: 'HEGJ800312HDFRRN01' }, { ...juan, curp: 'HEGJ800312HDFRRN02' })).toBe(false);
    expect(match({ ...juan, curp: 'HEGJ800312HDFRRN01' }, { ...juan, curp: 'HEGJ800312MDFRRN01' })).toBe(false);
  });
  it('a CURP that contradicts its own record is treated as mistyped', () => {
    const curp = buildCurp({ ...juan, fecha_nacimiento: '1990-05-31', sexo: 'H', entidad_nacimiento: 'CS' });
    // 900531 → 900511 keeps the check digit (weight 10 position), but the record's own date says 1990-05-31.
    const typo = `${curp.slice(0, 8)}1${curp.slice(9)}`;
    expect(typo.slice(17)).toBe(curp.slice(17));
    const r = scorePersons({ ...juan, curp }, { ...juan, curp: typo, fecha_nacimiento: '1990-05-31' });
    expect(r.features.curp).toBe('typo');
    expect(r.match).toBe(true);
  });
  it('same name, different sex', () => {
    const lupe = { nombre: 'Guadalupe', apellido_paterno: 'Ruiz', apellido_materno: 'Soto' };
    expect(match({ ...lupe, sexo: 'H' }, { ...lupe, sexo: 'M' })).toBe(false);
  });
  it('too little in common', () => {
    expect(match({ nombre: 'Juan' }, { nombre: 'Juan' })).toBe(false);
    expect(match({}, {})).toBe(false);
  });
});

describe('scorePersons: output', () => {
  it('is bounded, named, and explains itself', () => {
    const r = scorePersons(juan, { nombre_completo: 'HERNANDEZ GARCIA CARLOS', alias: ['El Güero'] });
    expect(r.algorithm).toBe(PERSON_ALGORITHM);
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(1);
    expect(r.features).toMatchObject({ paterno: 1, materno: 1, givenAgreement: 'shortened', order: 'swapped', alias: 'missing' });
    expect(JSON.parse(JSON.stringify(r.features))).toEqual(r.features);
  });
  it('shared aliases count as agreement, whatever their spelling', () => {
    const r = scorePersons({ ...juan, alias: ['alias El Güero'] }, { nombre: 'Juan', apellido_paterno: 'Hernandez', alias: ['EL GUERO'] });
    expect(r.features.alias).toBe('shared');
    expect(scorePersons({ ...juan, alias: ['El Chavo'] }, { ...juan, alias: ['"EL CHABO"'] }).features.alias).toBe('shared');
    expect(scorePersons({ ...juan, alias: ['El Chavo'] }, { ...juan, alias: ['El Chino'] }).features.alias).toBe('none');
  });
  it('does not throw on odd input', () => {
    expect(() => scorePersons({ nombre: 42 as unknown as string, alias: 'x' as unknown as string[] }, { fecha_nacimiento: 'nope', curp: '???', sexo: 'Q' })).not.toThrow();
  });
});
