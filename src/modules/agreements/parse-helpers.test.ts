import { describe, expect, it } from 'vitest';
import { extractTimeExpressions } from './parse-deadlines.js';
import { cityByName, entidadByName, ENTIDADES_PARSE, parsePlace } from './parse-places.js';
import { matchItemStart } from './parse-prose.js';
import { readDatePlace, readSessionName } from './parse-session.js';
import { findDates, fold, fromRoman, parseNumberWords, parseOrdinal, resolveDate, toRoman } from './parse-text.js';

describe('ordinals', () => {
  it.each([
    ['PRIMERO', 1], ['Primera', 1], ['segundo', 2], ['SÉPTIMO', 7], ['séptimo', 7], ['Décimo', 10], ['Decimo', 10],
    ['DÉCIMO PRIMERO', 11], ['Décimo Primero', 11], ['DECIMOPRIMERO', 11], ['UNDÉCIMO', 11], ['DUODÉCIMO', 12],
    ['DÉCIMO TERCERO', 13], ['DECIMOTERCERO', 13], ['décima tercera', 13], ['Décimo Noveno', 19], ['VIGÉSIMO', 20],
    ['VIGÉSIMO PRIMERO', 21], ['VIGESIMOSEGUNDO', 22], ['TRIGÉSIMO', 30], ['ÚNICO', 1],
    ['05/XL/16', 5], ['12/XXXVIII/15', 12], ['CNSSP/XV/01/2016', 1], ['Acuerdo 7', 7], ['3o.', 3], ['IV', 4],
  ])('%s → %i', (raw, n) => expect(parseOrdinal(raw)).toBe(n));

  it.each(['', 'Orden del día', 'XIIII', 'Decimoctavo algo'])('%j is not an ordinal', (raw) => expect(parseOrdinal(raw)).toBeNull());

  it('recognises acuerdo openings, not list items or prose that merely starts with an ordinal', () => {
    expect(matchItemStart('DÉCIMO TERCERO. C4 Y C5')).toMatchObject({ ordinal: 'DÉCIMO TERCERO', number: 13, rest: 'C4 Y C5' });
    expect(matchItemStart('DECIMOPRIMERO.- Los integrantes')).toMatchObject({ ordinal: 'DECIMOPRIMERO', number: 11, rest: 'Los integrantes' });
    expect(matchItemStart('ACUERDO 05/XL/16. Se aprueba')).toMatchObject({ ordinal: '05/XL/16', number: 5, prefix: 'acuerdo' });
    expect(matchItemStart('Primera: las entidades')).toMatchObject({ number: 1 });
    expect(matchItemStart('Primero, los participantes reconocieron')).toBeNull();
    expect(matchItemStart('PRIMERA SESIÓN ORDINARIA 2019')).toBeNull();
    expect(matchItemStart('1. Impulsar la adopción')).toBeNull();
    expect(matchItemStart('1. Impulsar la adopción', true)).toMatchObject({ number: 1, bare: true });
    expect(matchItemStart('03/XLIV/19 del Consejo')).toBeNull();
  });

  it('converts roman numerals and rejects non-canonical ones', () => {
    expect([toRoman(18), toRoman(23), toRoman(44)]).toEqual(['XVIII', 'XXIII', 'XLIV']);
    expect([fromRoman('XVIII'), fromRoman('viii'), fromRoman('IIII'), fromRoman('CIVIL')]).toEqual([18, 8, null, null]);
  });
});

describe('number words and dates', () => {
  it.each([['cinco', 5], ['treinta y uno', 31], ['veintidós', 22], ['dos mil veintidós', 2022], ['dos mil diecinueve', 2019], ['mil novecientos noventa y nueve', 1999], ['primero', 1]])('%s → %i', (w, n) => expect(parseNumberWords(w)).toBe(n));

  it('finds dates written with digits, month names, words, ranges and dd/mm/yyyy', () => {
    const pick = (t: string) => findDates(t).map((d) => [d.day, d.month, d.year, d.endDay ?? null, d.endMonth ?? null]);
    expect(pick('el cinco de agosto de dos mil veintidós')).toEqual([[5, 8, 2022, null, null]]);
    expect(pick('15 y 16 de noviembre de 2018 Saltillo')).toEqual([[15, 11, 2018, 16, 11]]);
    expect(pick('del 29 al 31 de agosto')).toEqual([[29, 8, null, 31, 8]]);
    expect(pick('del 30 de noviembre al 1 de diciembre de 2022')).toEqual([[30, 11, 2022, 1, 12]]);
    expect(pick('19 DE NOVIEMBRE DE 2019')).toEqual([[19, 11, 2019, null, null]]);
    expect(pick('el día quince del mes de agosto del año dos mil veintitrés')).toEqual([[15, 8, 2023, null, null]]);
    expect(pick('1o. de octubre de 2021; 21/12/2017; 2022-08-05')).toEqual([[1, 10, 2021, null, null], [21, 12, 2017, null, null], [5, 8, 2022, null, null]]);
    expect(pick('acuerdo 03/XLIV/19, el 9-1-1, 31 de febrero de 2020, artículo 123')).toEqual([]);
  });

  it('places a day-month without year on or after the anchor, or before it for past references', () => {
    const anchor = { y: 2019, m: 11, d: 19 };
    expect(resolveDate({ day: 30, month: 9, year: null }, anchor)).toEqual({ y: 2020, m: 9, d: 30 });
    expect(resolveDate({ day: 5, month: 12, year: null }, anchor)).toEqual({ y: 2019, m: 12, d: 5 });
    expect(resolveDate({ day: 30, month: 8, year: null }, anchor, 'previous')).toEqual({ y: 2019, m: 8, d: 30 });
    expect(resolveDate({ day: 29, month: 2, year: null }, anchor)).toEqual({ y: 2020, m: 2, d: 29 });
    expect(resolveDate({ day: 5, month: 12, year: null }, null)).toBeNull();
  });

  it('folds accents without moving offsets', () => {
    const s = 'DÉCIMO Señor';
    expect(fold(s)).toBe('decimo señor');
    expect(fold(s).length).toBe(s.length);
  });
});

describe('time expressions', () => {
  const session = { y: 2022, m: 6, d: 23 };
  const kinds = (t: string) => extractTimeExpressions(t, session);

  it('turns explicit future dates into deadlines with their cue', () => {
    const r = kinds('Remitirán la información a más tardar el día cinco de agosto de dos mil veintidós.');
    expect(r.deadlines).toEqual(['2022-08-05']);
    expect(r.phrases[0]).toMatchObject({ text: 'a más tardar el día cinco de agosto de dos mil veintidós', kind: 'explicit', date: '2022-08-05' });
  });

  it('keeps past dates as references, not deadlines', () => {
    const r = kinds('Validan lo aprobado en la sesión del 3 de marzo de 2022 y lo celebrado el pasado 30 de agosto.');
    expect(r.deadlines).toEqual([]);
    expect(r.references.map((x) => x.date)).toEqual(['2022-03-03', '2021-08-30']);
  });

  it('classifies relative and recurring expressions without inventing dates', () => {
    const r = kinds('En un plazo de 30 días naturales, dentro de los quince días hábiles siguientes, durante el segundo semestre, enviarán semanalmente un reporte mensual, cada seis meses, antes de que concluya el presente año, a la brevedad.');
    expect(r.deadlines).toEqual([]);
    expect(r.phrases.map((p) => [p.kind, p.recurrence ?? p.unit ?? p.period?.start ?? null])).toEqual([
      ['relative', 'días naturales'],
      ['relative', 'días hábiles'],
      ['relative', '2022-07-01'],
      ['recurring', 'weekly'],
      ['recurring', 'monthly'],
      ['recurring', 'semiannual'],
      ['relative', null],
      ['relative', null],
    ]);
    expect(r.phrases[3].context).toContain('enviarán semanalmente un reporte mensual');
    expect(kinds('Además, se compromete a: 1) enviar mensualmente la información; y, 2) colaborar.').phrases[0].context).toBe('1) enviar mensualmente la información');
  });

  it('reads "el 15 de noviembre como el Día Nacional del Policía" as a yearly date, not a deadline', () => {
    const r = kinds('Aprueban instituir el 15 de noviembre como el "Día Nacional del Policía".');
    expect(r.deadlines).toEqual([]);
    expect(r.phrases).toEqual([expect.objectContaining({ kind: 'recurring', recurrence: 'yearly', month_day: '--11-15' })]);
  });

  it('reports day-month dates it cannot place in a year', () => {
    const r = extractTimeExpressions('a más tardar el 15 de marzo', null);
    expect(r.deadlines).toEqual([]);
    expect(r.unresolved).toEqual(['15 de marzo']);
  });
});

describe('places and sessions', () => {
  it('has the 32 entidades with two-digit INEGI codes and a zone each', () => {
    expect(ENTIDADES_PARSE.map((e) => e.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(ENTIDADES_PARSE.filter((e) => e.zone === 'Occidente').map((e) => e.code)).toEqual(['01', '06', '11', '14', '16', '18', '22', '32']);
    expect(entidadByName('Q. Roo')?.code).toBe('23');
    expect(entidadByName('Estado de México')?.code).toBe('15');
    expect(entidadByName('Coahuila')?.code).toBe('05');
    expect(cityByName('PLAYA DEL CARMEN')).toEqual({ name: 'Playa del Carmen', code: '23' });
  });

  it.each([
    ['Saltillo, Coahuila', 'Saltillo', '05'], ['Querétaro, Qro', 'Querétaro', '22'], ['Puerto Peñasco', 'Puerto Peñasco', '26'],
    ['GUADALAJARA, JALISCO', 'Guadalajara', '14'], ['Ciudad de México', 'Ciudad de México', '09'], ['México, D.F.', 'Ciudad de México', '09'],
    ['Toluca, Estado de México', 'Toluca', '15'], ['Lugar: Mérida, Yucatán', 'Mérida', '31'], ['Jalisco', null, '14'],
  ])('%s → %s (%s)', (raw, place, entidad) => expect(parsePlace(raw)).toMatchObject({ place, entidad }));

  it('does not take a virtual session for a place', () => {
    expect(parsePlace('Videoconferencia')).toBeNull();
    expect(readDatePlace('30 DE JUNIO DE 2020 (SESIÓN VIRTUAL)', null)).toEqual({ date: '2020-06-30', end_date: null });
  });

  it('names sessions consistently', () => {
    expect(readSessionName('REUNIÓN DE LA XXIII ASAMBLEA PLENARIA DE LA CONFERENCIA')).toMatchObject({ name: 'XXIII Asamblea Plenaria', numeral: 23, zone: null, fixed: null });
    expect(readSessionName('VIII Asamblea enaria')).toMatchObject({ name: 'VIII Asamblea Plenaria', fixed: ['Asamblea enaria', 'Asamblea Plenaria'] });
    expect(readSessionName('Vigésima Cuarta Asamblea Plenaria')?.name).toBe('XXIV Asamblea Plenaria');
    expect(readSessionName('2ª SESIÓN ORDINARIA 2019\nZONA OCCIDENTE')?.name).toBe('Segunda Sesión Ordinaria 2019 de la Zona Occidente');
    expect(readSessionName('PRIMERA REUNIÓN REGIONAL ZONA NORESTE 2022')).toMatchObject({ name: 'Primera Reunión Regional 2022 de la Zona Noreste', zone: 'Noreste' });
    expect(readSessionName('Conferencia Nacional de Secretarios de Seguridad Pública')).toBeNull();
  });
});
