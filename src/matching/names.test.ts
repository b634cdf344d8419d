import { describe, expect, it } from 'vitest';
import { compareGivenNames, givenTokenSimilarity, nameTokens, normalizeAlias, normalizeBirthDate, normalizeSex, normalizeText, parsePersonName, personKeys, spanishPhoneticKey, surnameSimilarity } from './names.js';

describe('normalizeText and nameTokens', () => {
  it('removes accents, case and punctuation', () => {
    expect(normalizeText('  José-Ángel  Muñoz Güereca. ')).toBe('JOSE ANGEL MUNOZ GUERECA');
  });
  it('expands police-form abbreviations', () => {
    expect(nameTokens('Ma. de Jesús')).toEqual(['MARIA', 'DE', 'JESUS']);
    expect(nameTokens('Fco. Javier')).toEqual(['FRANCISCO', 'JAVIER']);
    expect(nameTokens('MA GPE')).toEqual(['MARIA', 'GUADALUPE']);
    expect(nameTokens('J. Luis')).toEqual(['J', 'LUIS']);
    expect(nameTokens('Hdz')).toEqual(['HERNANDEZ']);
  });
  it('reads placeholders for an unknown value as empty', () => {
    for (const v of ['X', 'S/N', 'N/A', 'sin dato', 'No especificado', '---', 'XXX']) expect(nameTokens(v)).toEqual([]);
  });
  it('splits names run together and rejoins a name split by a stray space', () => {
    expect(nameTokens('JUANCARLOS')).toEqual(['JUAN', 'CARLOS']);
    expect(nameTokens('Mariaguadalupe')).toEqual(['MARIA', 'GUADALUPE']);
    expect(nameTokens('DELACRUZ')).toEqual(['DE', 'LA', 'CRUZ']);
    expect(nameTokens('HERNAN DEZ GARCIA')).toEqual(['HERNANDEZ', 'GARCIA']);
    // Known names stay as they are, and an initial is never glued on (Luis A. García).
    expect(nameTokens('ROSALBA')).toEqual(['ROSALBA']);
    expect(nameTokens('JOSE LUIS')).toEqual(['JOSE', 'LUIS']);
    expect(nameTokens('LUIS A GARCIA')).toEqual(['LUIS', 'A', 'GARCIA']);
  });
});

describe('spanishPhoneticKey', () => {
  const same = (a: string, b: string) => expect(spanishPhoneticKey(normalizeText(a))).toBe(spanishPhoneticKey(normalizeText(b)));
  const differ = (a: string, b: string) => expect(spanishPhoneticKey(normalizeText(a))).not.toBe(spanishPhoneticKey(normalizeText(b)));
  it('merges Spanish spelling variants', () => {
    same('Vázquez', 'Basquez'); // b/v, s/z
    same('Cervantes', 'Servantes'); // c(e)/s
    same('Yolanda', 'Llolanda'); // y/ll
    same('Hugo', 'Ugo'); // silent h
    same('Ximénez', 'Jiménez'); // x/j
    same('Jiménez', 'Giménez'); // g(e,i)/j
    same('Quiroz', 'Kiroz'); // qu/k
    same('Miguel', 'Migel'); // gue/ge
    same('Isabel', 'Ysabel');
    same('Guerrero', 'Gerrero');
  });
  it('keeps names apart that English phonetics would merge', () => {
    differ('Hernández', 'Fernández');
    differ('Pérez', 'Paz');
    differ('Ramos', 'Ramírez');
  });
});

describe('parsePersonName', () => {
  it('reads the three fields, removing particles from surnames and given names', () => {
    const p = parsePersonName({ nombre: 'María de los Ángeles', apellido_paterno: 'de la Cruz', apellido_materno: 'Pérez' });
    expect(p.readings).toEqual([{ given: ['MARIA', 'ANGELES'], paterno: 'CRUZ', materno: 'PEREZ', order: 'fields', penalty: 0 }]);
  });
  it('reads a full name in both orders, grouping particles with their surname', () => {
    const p = parsePersonName({ nombre_completo: 'DE LA CRUZ PEREZ JUAN CARLOS' });
    const r = p.readings.find((x) => x.order === 'apellidos-nombres' && x.materno);
    expect(r).toMatchObject({ given: ['JUAN', 'CARLOS'], paterno: 'CRUZ', materno: 'PEREZ' });
    expect(p.readings[0]).toBe(r);
    // Words it does not know are read both ways.
    const q = parsePersonName({ nombre_completo: 'TZOMPA XOCHIPA ITZAYANA' });
    expect(q.readings.map((x) => x.order)).toEqual(expect.arrayContaining(['nombres-apellidos', 'apellidos-nombres']));
  });
  it('drops readings that put known given names in surname slots', () => {
    const p = parsePersonName({ nombre_completo: 'JUAN CARLOS PEREZ LOPEZ' });
    expect(p.readings.every((x) => x.order === 'nombres-apellidos')).toBe(true);
  });
  it('prefers the reading that keeps known given names out of surname slots', () => {
    const p = parsePersonName({ nombre_completo: 'José Luis Pérez' });
    expect(p.readings[0]).toMatchObject({ given: ['JOSE', 'LUIS'], paterno: 'PEREZ', materno: '' });
  });
  it('splits an inline alias off the name', () => {
    const p = parsePersonName({ nombre_completo: 'Juan Pérez López alias "El Chuy"' });
    expect(p.inlineAliases).toEqual(['CHUY']);
    expect(p.readings[0]).toMatchObject({ given: ['JUAN'], paterno: 'PEREZ', materno: 'LOPEZ' });
  });
  it('takes a comma as "APELLIDOS, NOMBRES"', () => {
    const p = parsePersonName({ nombre_completo: 'Tzompa Xochipa, Itzayana' });
    expect(p.readings).toEqual([{ given: ['ITZAYANA'], paterno: 'TZOMPA', materno: 'XOCHIPA', order: 'apellidos-nombres', penalty: 0 }]);
  });
  it('ignores a placeholder materno', () => {
    expect(parsePersonName({ nombre: 'Ana', apellido_paterno: 'Ruiz', apellido_materno: 'S/N' }).readings[0]).toMatchObject({ paterno: 'RUIZ', materno: '' });
  });
  it('handles empty input', () => {
    expect(parsePersonName({}).readings).toEqual([]);
  });
});

describe('given names', () => {
  it('scores nicknames many-to-many', () => {
    expect(givenTokenSimilarity('PEPE', 'JOSE')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity('PACO', 'PANCHO')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity('CHELA', 'GRACIELA')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity('CHELA', 'MARCELA')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity('LALO', 'ELEAZAR')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity(normalizeText('Toño'), 'ANTONIO')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity(normalizeText('Chío'), 'ROCIO')).toBeGreaterThanOrEqual(0.9);
    expect(givenTokenSimilarity('JUANITO', 'JUAN')).toBeGreaterThanOrEqual(0.85);
  });
  it('does not call two different known names a typo', () => {
    expect(givenTokenSimilarity('MARIO', 'MARIA')).toBe(0);
    expect(givenTokenSimilarity('JUAN', 'JUANA')).toBe(0);
    expect(givenTokenSimilarity('DANIEL', 'DANIELA')).toBe(0);
  });
  it('accepts one typo in an unknown spelling', () => {
    expect(givenTokenSimilarity('ALEJANRO', 'ALEJANDRO')).toBeGreaterThanOrEqual(0.8);
    expect(givenTokenSimilarity('JAUN', 'JUAN')).toBeGreaterThanOrEqual(0.8);
    expect(givenTokenSimilarity('ANW', 'ANA')).toBeGreaterThanOrEqual(0.8);
    expect(givenTokenSimilarity('LZU', 'LUZ')).toBeGreaterThanOrEqual(0.8);
  });
  it('does not take a changed first letter of a three-letter name, or a nickname, for a typo', () => {
    expect(givenTokenSimilarity('ZOE', 'NOE')).toBe(0);
    expect(givenTokenSimilarity('EVA', 'ANA')).toBe(0);
    expect(givenTokenSimilarity('LIZ', 'LUZ')).toBe(0);
  });
  it('classifies compound, nickname, initial and conflicting given names', () => {
    expect(compareGivenNames(['JOSE', 'LUIS'], ['LUIS']).agreement).toBe('shortened');
    expect(compareGivenNames(['CHEMA'], ['JOSE', 'MARIA']).agreement).toBe('variant');
    expect(compareGivenNames(['MARISOL'], ['MARIA', 'SOLEDAD']).agreement).toBe('variant');
    expect(compareGivenNames(['J', 'LUIS'], ['JOSE', 'LUIS']).agreement).toBe('variant');
    expect(compareGivenNames(['MARIA'], ['MARIA', 'GUADALUPE']).agreement).toBe('generic');
    expect(compareGivenNames(['JOSE', 'LUIS'], ['JOSE', 'ANTONIO']).agreement).toBe('disagree');
    expect(compareGivenNames(['PEDRO'], []).agreement).toBe('missing');
  });
});

describe('surnameSimilarity', () => {
  it('accepts spelling variants and typos but not two different known surnames', () => {
    expect(surnameSimilarity('VAZQUEZ', 'VASQUEZ')).toBeGreaterThanOrEqual(0.95);
    expect(surnameSimilarity('HERNANDEZ', 'HERNADEZ')).toBeGreaterThanOrEqual(0.85);
    expect(surnameSimilarity('PEREZ', 'PAEZ')).toBe(0);
    expect(surnameSimilarity('HERNANDEZ', 'FERNANDEZ')).toBe(0);
  });
});

describe('aliases, dates, sex', () => {
  it('normalises aliases', () => {
    expect(normalizeAlias('alias "El Güero"')).toBe('GUERO');
    expect(normalizeAlias('LA FLACA')).toBe('FLACA');
  });
  it('normalises birth dates and rejects impossible ones', () => {
    expect(normalizeBirthDate('1985-03-12')).toBe('1985-03-12');
    expect(normalizeBirthDate('12/03/1985')).toBe('1985-03-12');
    expect(normalizeBirthDate('19850312')).toBe('1985-03-12');
    expect(normalizeBirthDate('1985-3-7')).toBe('1985-03-07');
    expect(normalizeBirthDate('1985-02-30')).toBeNull();
    expect(normalizeBirthDate('ayer')).toBeNull();
  });
  it('normalises sex', () => {
    expect(normalizeSex('h')).toBe('H');
    expect(normalizeSex('Mujer')).toBe('M');
    expect(normalizeSex('F')).toBe('M');
    expect(normalizeSex('X')).toBe('X');
    expect(normalizeSex('?')).toBeNull();
  });
});

describe('personKeys', () => {
  it('returns what the entity index stores', () => {
    const k = personKeys({ nombre: 'Pepe', apellido_paterno: 'Vázquez', apellido_materno: 'Ruiz', curp: 'boxw310820hnerxn09', sexo: 'H', alias: ['El Flaco'] });
    expect(k.fullName).toBe('PEPE VAZQUEZ RUIZ');
    expect(k.name).toEqual({ given: ['PEPE'], paterno: 'VAZQUEZ', materno: 'RUIZ' });
    expect(k.sortedTokens).toEqual(['PEPE', 'RUIZ', 'VAZQUEZ']);
    expect(k.phoneticKeys).toEqual(['PEPE', 'RUIS', 'BASKES']);
    expect(k.curp).toBe('BOXW310820HNERXN09');
    expect(k.birthDate).toBe('1931-08-20');
    expect(k.sex).toBe('H');
    expect(k.aliases).toEqual(['FLACO']);
    // Blocking keys carry what the nickname stands for, so "Pepe" and "José" meet.
    expect(k.blockingKeys).toContain(`g:${spanishPhoneticKey('JOSE')}`);
    expect(k.blockingKeys).toContain('s:BASKES');
  });
  it('matches Ñ as N but keeps it in the display form', () => {
    const k = personKeys({ nombre_completo: 'Begoña Muñoz Ibáñez' });
    expect(k.fullName).toBe('BEGONA MUNOZ IBANEZ');
    expect(k.displayName).toBe('BEGOÑA MUÑOZ IBAÑEZ');
  });
});
