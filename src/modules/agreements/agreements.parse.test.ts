import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { hasSeeds, seedFile } from '../../../test/seeds.js';
import { deriveTitle, parseAgreements, runAgreementsParse, type Agreement, type ParseResult, type Session } from './agreements.parse.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');
const FIXTURES = path.join(HERE, 'fixtures');

/** Seeds are found by prefix: the hash after it may change (test/seeds.ts). */
const seed = (prefix: string) => seedFile(prefix).text;
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

const header = (s: Session) => ({ name: s.name, date: s.date, end_date: s.end_date, place: s.place, entidad: s.entidad, zone: s.zone });
const numbers = (s: Session) => s.agreements.map((a) => a.number);
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/** Every acuerdo has a number, an ordinal, a title and a text without the ordinal in front. */
function expectComplete(r: ParseResult) {
  for (const s of r.sessions) {
    for (const a of s.agreements) {
      expect(a.number, `${s.name} ${a.ordinal}`).toBeTypeOf('number');
      expect(a.ordinal.length).toBeGreaterThan(0);
      expect(a.title.trim().length, `${s.name} ${a.ordinal} sin título`).toBeGreaterThan(0);
      expect(a.text.trim().length, `${s.name} ${a.ordinal} sin texto`).toBeGreaterThan(20);
      expect(a.text.startsWith(a.ordinal)).toBe(false);
      expect(a.text).not.toMatch(/[ \t]{2}|\*\*|<\/?p>/);
      expect(Array.isArray(a.deadlines) && Array.isArray(a.deadline_phrases)).toBe(true);
    }
  }
}

describe.skipIf(!hasSeeds)('seed 000: 2ª Sesión Ordinaria 2019, Zona Occidente (prosa)', () => {
  const r = parseAgreements(seed('000_'), { filename: '000.txt' });
  const s = r.sessions[0];
  const byOrd = (o: string) => s.agreements.find((a) => a.ordinal === o) as Agreement;

  it('is one session in Guadalajara, Jalisco, on 19 November 2019', () => {
    expect(r.sessions).toHaveLength(1);
    expect(header(s)).toEqual({ name: 'Segunda Sesión Ordinaria 2019 de la Zona Occidente', date: '2019-11-19', end_date: null, place: 'Guadalajara', entidad: '14', zone: 'Occidente' });
    expect(r.warnings).toEqual([]);
    expect(s.transitory).toEqual([]);
  });

  it('has thirteen acuerdos numbered PRIMERO … DÉCIMO TERCERO with their headings as titles', () => {
    expect(numbers(s)).toEqual(range(13));
    expect(s.agreements.map((a) => a.ordinal)).toEqual(['PRIMERO', 'SEGUNDO', 'TERCERO', 'CUARTO', 'QUINTO', 'SEXTO', 'SÉPTIMO', 'OCTAVO', 'NOVENO', 'DÉCIMO', 'DÉCIMO PRIMERO', 'DÉCIMO SEGUNDO', 'DÉCIMO TERCERO']);
    expect(s.agreements.map((a) => a.title)).toEqual([
      'ORDEN DEL DÍA',
      'POLICÍA DE INVESTIGACIÓN DEL MODELO NACIONAL DE POLICÍA Y JUSTICIA CÍVICA',
      'IMPLEMENTACIÓN DEL REGISTRO NACIONAL DE DETENCIONES',
      'PROMOCIÓN DE CULTURA DE DENUNCIA DE LLAMADAS DE EXTORSIÓN',
      'FORTALECIMIENTO DEL 089 Y 911 (BASE DE DATOS NACIONAL DE NÚMEROS DE EXTORSIÓN Y LLAMADAS IMPROCEDENTES)',
      'ESTÁNDARES MÍNIMOS PARA LA GESTIÓN Y RESGUARDO DE ARMAMENTOS',
      'PREPARACIÓN PARA PROCESO DE ESTANDARIZACIÓN PARA LA COMPRA DE ARMAMENTO',
      'INTERCONEXIÓN AL SISTEMA NACIONAL DE INFORMACIÓN',
      'ACTUALIZACIÓN DE LOS USUARIOS DE PLATAFORMA MÉXICO',
      'APOYO AL INEGI EN CENSOS NACIONALES',
      'ESTRATEGIA NACIONAL DE PREVENCIÓN DE ADICCIONES',
      'PERFIL DE LAS PERSONAS PRIVADAS DE LA LIBERTAD COMO ESTRATEGIA PARA REDUCIR LAS ADICCIONES Y LA VIOLENCIA',
      'C4 Y C5 DENTRO DE LAS SECRETARÍAS DE SEGURIDAD PÚBLICA',
    ]);
    expect(s.agreements.every((a) => a.title_source === 'document')).toBe(true);
    expectComplete(r);
  });

  it('keeps paragraphs and rejoins sentences split by page breaks', () => {
    expect(byOrd('PRIMERO').text).toBe('Los integrantes de la Conferencia Nacional de Secretarios de Seguridad Pública de la zona Occidente, aprueban el Orden del Día de la Sesión.');
    expect(byOrd('SEGUNDO').text.split('\n\n')).toHaveLength(2);
    expect(byOrd('QUINTO').text.split('\n\n')).toHaveLength(3);
    expect(byOrd('CUARTO').text).toContain('han crecido de manera exponencial en los últimos años');
    expect(byOrd('CUARTO').text).not.toContain('\n');
    expect(byOrd('DÉCIMO SEGUNDO').text).toContain('Conferencia Nacional de Secretarios de Seguridad Pública un acuerdo que exhorte');
    expect(byOrd('DÉCIMO TERCERO').text.endsWith('a homologar sus legislaciones al respecto.')).toBe(true);
  });

  it('finds no calendar deadlines; reads the monthly report and the second semester of 2019 as non-dates', () => {
    expect(s.agreements.flatMap((a) => a.deadlines)).toEqual([]);
    expect(byOrd('QUINTO').deadline_phrases).toEqual([expect.objectContaining({ text: 'mensualmente', kind: 'recurring', recurrence: 'monthly' })]);
    expect(byOrd('OCTAVO').deadline_phrases).toEqual([expect.objectContaining({ kind: 'relative', period: { start: '2019-07-01', end: '2019-12-31' } })]);
    expect(byOrd('SÉPTIMO').deadline_phrases).toEqual([expect.objectContaining({ text: 'a partir de 2020', kind: 'relative' })]);
    // "acuerdo 03/XLIV/19" is an identifier, not a date.
    expect(byOrd('SEGUNDO').deadline_phrases).toEqual([]);
    expect(byOrd('SEGUNDO').date_references).toEqual([]);
  });
});

describe.skipIf(!hasSeeds)('seed 002: XXIII Asamblea Plenaria 2020 (prosa)', () => {
  const r = parseAgreements(seed('002_'));
  const s = r.sessions[0];

  it('is one plenary session on 30 June 2020 whose place the document does not give', () => {
    expect(r.sessions).toHaveLength(1);
    expect(header(s)).toEqual({ name: 'XXIII Asamblea Plenaria', date: '2020-06-30', end_date: null, place: null, entidad: null, zone: null });
    expect(r.warnings).toEqual(["Sesión 'XXIII Asamblea Plenaria': el documento no indica el lugar de la sesión."]);
  });

  it('has six acuerdos with titles, texts and the monthly detentions report', () => {
    expect(numbers(s)).toEqual(range(6));
    expect(s.agreements.map((a) => a.title)).toEqual([
      'ORDEN DEL DÍA',
      'ATENTADO EN CONTRA DEL LIC. OMAR HAMID GARCÍA HARFUCH',
      'REGISTRO NACIONAL DE DETENCIONES',
      'MODELO DE PROXIMIDAD DEL MODELO NACIONAL DE POLICÍA Y JUSTICIA CÍVICA',
      'PROTOCOLO DE USO DE LA FUERZA',
      'MESA DE TRABAJO DEL CERTIFICADO ÚNICO POLICIAL',
    ]);
    expectComplete(r);
    const rnd = s.agreements[2];
    expect(rnd.text.split('\n\n')).toHaveLength(2);
    expect(rnd.deadline_phrases).toEqual([expect.objectContaining({ text: 'informe mensual', kind: 'recurring', recurrence: 'monthly' })]);
    expect(s.agreements.flatMap((a) => a.deadlines)).toEqual([]);
  });
});

describe.skipIf(!hasSeeds)('seed 003: tabla de acuerdos 2016–2018 (XV–XX)', () => {
  const r = parseAgreements(seed('003_'));
  const by = (roman: string) => r.sessions.find((s) => s.name === `${roman} Asamblea Plenaria`) as Session;

  it('has the six plenary sessions XX … XV in document order, with their dates and places', () => {
    expect(r.sessions.map(header)).toEqual([
      { name: 'XX Asamblea Plenaria', date: '2018-11-15', end_date: '2018-11-16', place: 'Saltillo', entidad: '05', zone: null },
      { name: 'XIX Asamblea Plenaria', date: '2018-06-07', end_date: '2018-06-08', place: 'Playa del Carmen', entidad: '23', zone: null },
      { name: 'XVIII Asamblea Plenaria', date: '2017-11-22', end_date: '2017-11-23', place: 'Puerto Peñasco', entidad: '26', zone: null },
      { name: 'XVII Asamblea Plenaria', date: '2017-06-07', end_date: '2017-06-08', place: 'Morelia', entidad: '16', zone: null },
      { name: 'XVI Asamblea Plenaria', date: '2016-11-24', end_date: '2016-11-25', place: 'Querétaro', entidad: '22', zone: null },
      { name: 'XV Asamblea Plenaria', date: '2016-07-06', end_date: '2016-07-07', place: 'Mérida', entidad: '31', zone: null },
    ]);
  });

  it('counts 18, 20, 18, 13, 11 and 13 acuerdos, each session numbered from 1 without gaps', () => {
    expect(r.sessions.map((s) => s.agreements.length)).toEqual([18, 20, 18, 13, 11, 13]);
    for (const s of r.sessions) expect(numbers(s), s.name ?? '').toEqual(range(s.agreements.length));
    expect(r.sessions.every((s) => s.transitory.length === 0)).toBe(true);
    expectComplete(r);
  });

  it('keeps the No. column as written and reads its number, whatever the spelling', () => {
    expect(by('XVII').agreements.slice(9, 12).map((a) => [a.ordinal, a.number])).toEqual([['Decimo', 10], ['Decimo Primero', 11], ['Décimo segundo', 12]]);
    expect(by('XVI').agreements[1]).toMatchObject({ ordinal: 'segundo', number: 2 });
    expect(by('XIX').agreements[19]).toMatchObject({ ordinal: 'Vigésimo', number: 20, title: 'Homenaje' });
    expect(by('XX').agreements[0]).toMatchObject({ ordinal: 'Primero', title: 'Impulso de acuerdos tomados en el Consejo Nacional de Seguridad Pública', title_source: 'document' });
    expect(by('XX').agreements[6].title).toBe('Conclusiones de objetivos prioritarios');
  });

  it('reconciles the rows labelled "VIII" with the XVIII by their date and place, and fixes "Asamblea enaria"', () => {
    expect(r.sessions.some((s) => /^VIII\b/.test(s.name ?? ''))).toBe(false);
    const reconciled = r.warnings.filter((w) => w.includes("la sesión 'VIII' no existe; por fecha y lugar se reconcilió con XVIII"));
    expect(reconciled.map((w) => Number(/^Fila (\d+)/.exec(w)?.[1]))).toEqual([39, 40, 51, 56]);
    expect(r.warnings).toContain("Fila 56 (línea 112): 'Asamblea enaria' se normalizó como 'Asamblea Plenaria'.");
    expect(r.warnings).toHaveLength(5);
    const xviii = by('XVIII');
    expect(xviii.agreements[0].title).toBe('Búsqueda de Desaparecidos');
    expect(xviii.agreements[12].title).toBe('Impulso de acuerdos tomados en el Consejo Nacional de Seguridad Pública');
    expect(xviii.agreements[17].title).toBe('Comité especializado en ciberseguridad');
  });

  it('turns the HTML paragraphs of a cell into text paragraphs', () => {
    const a = by('XVI').agreements[6];
    expect(a.text.split('\n\n')).toHaveLength(2);
    expect(a.text).not.toMatch(/<\/?p>/);
  });

  it('finds no deadlines: the dates in the texts are past references or a yearly commemoration', () => {
    expect(r.sessions.flatMap((s) => s.agreements.flatMap((a) => a.deadlines))).toEqual([]);
    expect(by('XX').agreements[7].deadline_phrases).toEqual([expect.objectContaining({ kind: 'recurring', recurrence: 'yearly', month_day: '--11-15' })]);
    expect(by('XIX').agreements[3].deadline_phrases).toEqual([expect.objectContaining({ text: 'durante el segundo semestre de este año', kind: 'relative', period: { start: '2018-07-01', end: '2018-12-31' } })]);
    expect(by('XIX').agreements[13].date_references).toEqual([{ text: '21 de diciembre de 2017', date: '2017-12-21' }]);
    expect(by('XVI').agreements[4].deadline_phrases).toEqual([expect.objectContaining({ text: 'durante el mes de febrero del 2017', kind: 'relative', period: { start: '2017-02-01', end: '2017-02-28' } })]);
    expect(by('XVI').agreements[6].date_references.map((d) => d.date)).toEqual(['2016-08-30', '2016-08-30']);
    expect(by('XVI').agreements[6].deadline_phrases.map((p) => p.kind)).toEqual(['relative', 'relative', 'relative']);
    expect(by('XV').agreements[7].date_references).toEqual([{ text: '27 de mayo de 2016', date: '2016-05-27' }]);
  });
});

describe('synthetic: regional meeting with transitory provisions and number-word dates', () => {
  const text = fixture('regional-2022-transitorios.txt');
  const r = parseAgreements(text);
  const s = r.sessions[0];

  it('reads the session from a "City, State, a <date in words>" line', () => {
    expect(r.sessions).toHaveLength(1);
    expect(header(s)).toEqual({ name: 'Primera Reunión Regional 2022 de la Zona Occidente', date: '2022-06-23', end_date: null, place: 'Zapopan', entidad: '14', zone: 'Occidente' });
    expect(r.warnings).toEqual([]);
  });

  it('reads "ACUERDO PRIMERO.-" items and derives their titles from the first sentence', () => {
    expect(numbers(s)).toEqual([1, 2, 3, 4]);
    expect(s.agreements.every((a) => a.title_source === 'derived')).toBe(true);
    expect(s.agreements[0].title).toBe('Aprueban el orden del día de la reunión');
    expect(s.agreements[2].deadlines).toEqual(['2022-09-30']);
    expect(s.agreements[2].deadline_phrases).toEqual([
      expect.objectContaining({ text: 'a más tardar el treinta de septiembre', kind: 'explicit', date: '2022-09-30' }),
      expect.objectContaining({ text: 'informe trimestral', kind: 'recurring', recurrence: 'quarterly' }),
    ]);
    expect(s.agreements[1].deadline_phrases).toEqual([expect.objectContaining({ kind: 'recurring', recurrence: 'monthly' })]);
    expect(s.agreements[3].deadline_phrases).toEqual([expect.objectContaining({ text: 'en la próxima sesión regional', kind: 'relative' })]);
  });

  it('puts the TRANSITORIOS in `transitory`, with their deadlines', () => {
    expect(s.transitory.map((t) => [t.number, t.ordinal])).toEqual([[1, 'PRIMERO'], [2, 'SEGUNDO'], [3, 'TERCERO']]);
    expect(s.transitory[0].text).toBe('El presente acuerdo entrará en vigor el día de su aprobación.');
    expect(s.transitory[1].deadlines).toEqual(['2022-08-05']);
    expect(s.transitory[1].deadline_phrases[0]).toMatchObject({ text: 'a más tardar el cinco de agosto de dos mil veintidós', kind: 'explicit', date: '2022-08-05' });
    expect(s.transitory[2].deadlines).toEqual([]);
    expect(s.transitory[2].deadline_phrases).toEqual([expect.objectContaining({ kind: 'relative', amount: 30, unit: 'días hábiles' })]);
    // The closing line is not part of the last provision.
    expect(s.transitory[2].text).not.toContain('Así lo acordaron');
  });

  it('gives the same result for CRLF line endings with a BOM', () => {
    expect(parseAgreements(`\uFEFF${text.replace(/\n/g, '\r\n')}`)).toEqual(r);
  });
});

describe('synthetic: two-day session with every ordinal spelling (Markdown prose)', () => {
  const r = parseAgreements(fixture('sesion-dos-dias-ordinales.md'));
  const s = r.sessions[0];
  const a = (n: number) => s.agreements[n - 1];

  it('reads "29 Y 30 DE AGOSTO DE 2023" as a two-day session in Monterrey', () => {
    expect(header(s)).toEqual({ name: 'Sesión Extraordinaria de la Zona Noreste', date: '2023-08-29', end_date: '2023-08-30', place: 'Monterrey', entidad: '19', zone: 'Noreste' });
    expect(r.warnings).toEqual([]);
  });

  it('numbers DÉCIMO, DECIMOPRIMERO, DÉCIMO SEGUNDO, DECIMOTERCERO, DÉCIMO CUARTO as 10–14', () => {
    expect(numbers(s)).toEqual(range(14));
    expect(s.agreements.slice(9).map((x) => x.ordinal)).toEqual(['DÉCIMO', 'DECIMOPRIMERO', 'DÉCIMO SEGUNDO', 'DECIMOTERCERO', 'DÉCIMO CUARTO']);
    expectComplete(r);
  });

  it('takes a title before ".-" or from an upper-case heading, and joins wrapped lines', () => {
    expect(a(1)).toMatchObject({ title: 'Orden del día', title_source: 'document', text: 'Los integrantes de la Conferencia aprueban el orden del día de la sesión.' });
    expect(a(2)).toMatchObject({ title: 'INTERCAMBIO DE INFORMACIÓN DE OBJETIVOS PRIORITARIOS', title_source: 'document' });
    expect(a(2).text).toBe('Los integrantes acuerdan intercambiar la información de sus objetivos prioritarios con las demás entidades de la zona a través del Sistema Nacional de Información.');
    expect(a(4).title).toBe('Toman conocimiento de la exposición sobre el Registro Nacional de Información Penitenciaria');
  });

  it('resolves explicit dates and keeps relative, recurring and past ones out of deadlines', () => {
    expect(a(3).deadlines).toEqual(['2024-01-15']); // day and month only: next occurrence after the session
    expect(a(5).deadlines).toEqual(['2023-10-31']); // dd/mm/yyyy
    expect(a(6).deadlines).toEqual([]);
    expect(a(6).date_references).toEqual([{ text: '3 de mayo', date: '2023-05-03' }]);
    expect(a(8).deadlines).toEqual(['2023-10-06']);
    expect(a(8).deadline_phrases).toEqual([expect.objectContaining({ kind: 'explicit', date: '2023-10-04', end_date: '2023-10-06' })]);
    expect(a(9).deadline_phrases).toEqual([expect.objectContaining({ text: 'cada tres meses', kind: 'recurring', recurrence: 'quarterly' })]);
    expect(a(10).deadline_phrases).toEqual([expect.objectContaining({ kind: 'relative', period: { start: '2024-01-01', end: '2024-03-31' } })]);
    expect(a(11).deadlines).toEqual([]);
    expect(a(11).deadline_phrases).toEqual([expect.objectContaining({ kind: 'recurring', recurrence: 'yearly', month_day: '--11-20' })]);
  });
});

describe('synthetic: Markdown table', () => {
  const r = parseAgreements(fixture('tabla-markdown.md'));

  it('reads two sessions and carries the session over continuation rows', () => {
    expect(r.sessions.map(header)).toEqual([
      { name: 'XXII Asamblea Plenaria', date: '2020-12-10', end_date: null, place: 'Ciudad de México', entidad: '09', zone: null },
      { name: 'XXI Asamblea Plenaria', date: '2019-12-05', end_date: '2019-12-06', place: 'Cancún', entidad: '23', zone: null },
    ]);
    expect(r.sessions.map(numbers)).toEqual([[1, 2, 3], [1, 2, 3]]);
    expectComplete(r);
  });

  it('reconciles "XI Asamblea Plenria" with the XXI and says so', () => {
    expect(r.warnings).toEqual([
      "Fila 6 (línea 10): 'Asamblea Plenria' se normalizó como 'Asamblea Plenaria'.",
      "Fila 6 (línea 10): la sesión 'XI' no existe; por fecha y lugar se reconcilió con XXI.",
    ]);
  });

  it('handles <br>, escaped pipes, trailing periods in titles and deadlines in cells', () => {
    const [xxii] = r.sessions;
    expect(xxii.agreements[0].title).toBe('Orden del día');
    expect(xxii.agreements[1].text.split('\n\n')).toEqual(['Los integrantes se comprometen a capturar las detenciones de inmediato.', 'Además enviarán un informe mensual a la Secretaría Técnica.']);
    expect(xxii.agreements[1].deadline_phrases).toEqual([expect.objectContaining({ kind: 'recurring', recurrence: 'monthly' })]);
    expect(xxii.agreements[2].text).toContain('el protocolo | anexos incluidos');
    expect(xxii.agreements[2].deadlines).toEqual(['2021-01-31']);
  });
});

describe('documents without formal acuerdos and bad input', () => {
  it('a press release yields no session and a warning', () => {
    const r = parseAgreements(fixture('comunicado-sin-acuerdos.txt'));
    expect(r.sessions).toEqual([]);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/no se encontraron acuerdos formales/i);
  });

  it.each([
    ['vacío', ''],
    ['solo espacios', ' \n\t\r\n  '],
    ['solo BOM', '\uFEFF'],
  ])('empty input (%s) yields no session', (_n, input) => {
    expect(parseAgreements(input)).toEqual({ sessions: [], warnings: ['El documento está vacío.'] });
  });

  it('never throws on garbage, binary-looking text or a non-string', () => {
    let seedN = 7;
    const rnd = () => { seedN = (seedN * 1103515245 + 12345) % 2 ** 31; return seedN / 2 ** 31; };
    const garbage = Array.from({ length: 50_000 }, () => String.fromCharCode(Math.floor(rnd() * 600))).join('');
    for (const input of [garbage, '\u0000\u0001\uFFFD'.repeat(500), '| a | b |\n|---|---|\n| 1 | 2 |', 'Sesión\tNo.\tTítulo\tContenido\n', 'PRIMERO.', 'ACUERDOS\n\nPRIMERO.\n', null as unknown as string]) {
      const r = parseAgreements(input);
      expect(Array.isArray(r.sessions) && Array.isArray(r.warnings)).toBe(true);
      expect(r.warnings.length).toBeGreaterThan(0);
    }
  });

  it('stays fast on a megabyte of acuerdo-like noise', () => {
    const words = ['PRIMERO.', 'de', 'el', '15', 'agosto', 'dos mil', 'mensual', '|', '\t', 'ACUERDO', '05/XL/16', 'Asamblea', 'XX', 'y', 'al', 'cada', 'mes'];
    const big = Array.from({ length: 200_000 }, (_, i) => words[(i * 7919) % words.length] + (i % 13 ? ' ' : '\n')).join('');
    const t = Date.now();
    parseAgreements(big);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it('a lone numbered paragraph without an ACUERDOS heading is not an acuerdo', () => {
    const r = parseAgreements('Nota informativa\n\nPRIMERO.- Se informa que la reunión concluyó.\n');
    expect(r.sessions).toEqual([]);
    expect(r.warnings[0]).toContain("un solo párrafo numerado ('PRIMERO')");
  });
});

describe('prose layouts', () => {
  it('splits a document with two sessions when the numbering restarts under a new heading', () => {
    const doc = ['ACUERDOS', 'PRIMERA SESIÓN ORDINARIA 2021 DE LA ZONA SURESTE', 'MÉRIDA, YUCATÁN, 10 DE MARZO DE 2021', '',
      'PRIMERO. ORDEN DEL DÍA', 'Se aprueba el orden del día.', '', 'SEGUNDO. ANALISTAS', 'Los integrantes acuerdan capacitar a sus analistas.', '',
      'SEGUNDA SESIÓN ORDINARIA 2021 DE LA ZONA SURESTE', 'VILLAHERMOSA, TABASCO, 8 Y 9 DE SEPTIEMBRE DE 2021', '',
      'PRIMERO. ORDEN DEL DÍA', 'Se aprueba el orden del día.', ''].join('\n');
    const r = parseAgreements(doc);
    expect(r.sessions.map(header)).toEqual([
      { name: 'Primera Sesión Ordinaria 2021 de la Zona Sureste', date: '2021-03-10', end_date: null, place: 'Mérida', entidad: '31', zone: 'Sureste' },
      { name: 'Segunda Sesión Ordinaria 2021 de la Zona Sureste', date: '2021-09-08', end_date: '2021-09-09', place: 'Villahermosa', entidad: '27', zone: 'Sureste' },
    ]);
    expect(r.sessions.map(numbers)).toEqual([[1, 2], [1]]);
    expect(r.sessions[0].agreements[1].text).toBe('Los integrantes acuerdan capacitar a sus analistas.');
  });

  it('takes date and place from the closing line and warns about gaps in the numbering', () => {
    const doc = 'ACUERDOS DE LA TERCERA SESIÓN ORDINARIA DE LA ZONA OCCIDENTE\n\nPRIMERO.- Se aprueba el orden del día.\n\nTERCERO.- Los integrantes acuerdan remitir el informe a más tardar el 5 de diciembre.\n\nAsí lo acordaron en la ciudad de Guadalajara, Jalisco, a 19 de noviembre de 2019.\n';
    const r = parseAgreements(doc);
    expect(header(r.sessions[0])).toEqual({ name: 'Tercera Sesión Ordinaria de la Zona Occidente', date: '2019-11-19', end_date: null, place: 'Guadalajara', entidad: '14', zone: 'Occidente' });
    expect(r.sessions[0].agreements[1].deadlines).toEqual(['2019-12-05']);
    expect(r.warnings).toEqual(["Sesión 'Tercera Sesión Ordinaria de la Zona Occidente', acuerdos: después de 'PRIMERO' (1) sigue 'TERCERO' (3, línea 5); la numeración no es consecutiva."]);
  });

  it('reads text saved from Word: one line per paragraph, headings on their own line, no blank lines', () => {
    const doc = ['ACUERDOS DE LA SEGUNDA SESIÓN ORDINARIA 2022', 'CONFERENCIA NACIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA – ZONA OCCIDENTE', 'Morelia, Michoacán, 11 y 12 de agosto de 2022',
      'ACUERDO PRIMERO', 'ORDEN DEL DÍA', 'Los integrantes aprueban el orden del día.',
      'ACUERDO SEGUNDO', 'LICENCIAS DE CONDUCIR', 'Los integrantes acuerdan homologar las licencias.', 'Las entidades enviarán su diagnóstico a más tardar el 30 de septiembre.',
      'T R A N S I T O R I O S', 'ÚNICO.- El presente acuerdo entra en vigor al día siguiente de su firma.'].join('\n');
    const r = parseAgreements(doc);
    expect(header(r.sessions[0])).toEqual({ name: 'Segunda Sesión Ordinaria 2022 de la Zona Occidente', date: '2022-08-11', end_date: '2022-08-12', place: 'Morelia', entidad: '16', zone: 'Occidente' });
    expect(r.sessions[0].agreements.map((a) => [a.ordinal, a.title])).toEqual([['PRIMERO', 'ORDEN DEL DÍA'], ['SEGUNDO', 'LICENCIAS DE CONDUCIR']]);
    expect(r.sessions[0].agreements[1].text.split('\n\n')).toEqual(['Los integrantes acuerdan homologar las licencias.', 'Las entidades enviarán su diagnóstico a más tardar el 30 de septiembre.']);
    expect(r.sessions[0].agreements[1].deadlines).toEqual(['2022-09-30']);
    expect(r.sessions[0].transitory.map((t) => [t.ordinal, t.number])).toEqual([['ÚNICO', 1]]);
    expect(r.warnings).toEqual([]);
  });

  it('reads paragraphs numbered 1., 2. under an «ACUERDOS» heading when there are no ordinals', () => {
    const r = parseAgreements('REUNIÓN REGIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA\nFecha: 5 de agosto de 2022\nLugar: Colima, Colima\n\nACUERDOS\n\n1. Los integrantes aprueban el orden del día.\n2. Los integrantes acuerdan crear unidades de policía cibernética.\n');
    expect(header(r.sessions[0])).toEqual({ name: 'Reunión Regional', date: '2022-08-05', end_date: null, place: 'Colima', entidad: '06', zone: 'Occidente' });
    expect(numbers(r.sessions[0])).toEqual([1, 2]);
    expect(r.warnings).toEqual([
      'No hay ordinales (PRIMERO, SEGUNDO…); se tomaron como acuerdos los párrafos numerados 1., 2., … que siguen al encabezado «ACUERDOS».',
      "Sesión 'Reunión Regional': la zona (Occidente) se dedujo de la entidad de la sede (Colima).",
    ]);
    const release = parseAgreements('COMUNICADO DE PRENSA\n\nACUERDOS\n\n1. Impulsar los lineamientos.\n2. Fortalecer la red.\n');
    expect(release.sessions).toEqual([]);
  });

  it('reads identifier numbering ("ACUERDO 05/XL/16") and ÚNICO', () => {
    const r = parseAgreements('ACUERDOS\nXL ASAMBLEA PLENARIA\n\nACUERDO 04/XL/16. Se aprueba el orden del día.\n\nACUERDO 05/XL/16. Los integrantes aprueban el informe.\n');
    expect(r.sessions[0].agreements.map((x) => [x.ordinal, x.number])).toEqual([['04/XL/16', 4], ['05/XL/16', 5]]);
    const u = parseAgreements('ÚNICO.- Los integrantes aprueban el calendario de sesiones de 2024.');
    expect(u.sessions[0].agreements.map((x) => [x.ordinal, x.number])).toEqual([['ÚNICO', 1]]);
  });

  it('uses the reference date only to place day-month dates when the document has no session date', () => {
    const doc = 'ACUERDOS\n\nPRIMERO.- Se aprueba el orden del día.\n\nSEGUNDO.- Las entidades enviarán su informe a más tardar el 15 de marzo.\n';
    const without = parseAgreements(doc);
    expect(without.sessions[0].agreements[1].deadlines).toEqual([]);
    expect(without.warnings.some((w) => w.includes("la fecha '15 de marzo' no indica el año"))).toBe(true);
    const withRef = parseAgreements(doc, { referenceDate: '2024-05-01' });
    expect(withRef.sessions[0].date).toBeNull();
    expect(withRef.sessions[0].agreements[1].deadlines).toEqual(['2025-03-15']);
  });

  it('falls back to the file name for a session name it cannot find in the text', () => {
    const r = parseAgreements('ACUERDOS\n\nPRIMERO.- Se aprueba el orden del día.\n\nSEGUNDO.- Se aprueba el calendario.\n', { filename: 'acuerdos_2a_sesion_ordinaria_zona_centro_2019.txt' });
    expect(r.sessions[0].name).toBe('Segunda Sesión Ordinaria 2019 de la Zona Centro');
    expect(r.warnings).toContain("El nombre de la sesión se tomó del nombre del archivo: 'Segunda Sesión Ordinaria 2019 de la Zona Centro'.");
  });
});

describe('deriveTitle', () => {
  it('drops the customary subject and cuts long sentences at a word boundary', () => {
    expect(deriveTitle('Los miembros de la Conferencia Nacional de Secretarios de Seguridad Pública acuerdan designar un enlace. Además…')).toBe('Acuerdan designar un enlace');
    expect(deriveTitle('Se instruye al Lic. Pérez a presentar el informe. Segunda oración.')).toBe('Se instruye al Lic. Pérez a presentar el informe');
    const long = deriveTitle(`Las entidades ${'presentarán sus diagnósticos regionales '.repeat(6)}al pleno.`);
    expect(long.length).toBeLessThanOrEqual(120);
    expect(long.endsWith('…')).toBe(true);
  });
});

// ------------------------------------------------------------------------------------------------ CLI

class Sink extends Writable {
  data = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void) { this.data += chunk.toString(); cb(); }
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc32 = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = CRC_TABLE[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };

/** A minimal, valid ZIP (deflate) — enough to stand for a .docx in tests. */
function zip(files: Record<string, string>): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content, 'utf8');
    const comp = deflateRawSync(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc32(data), 14); local.writeUInt32LE(comp.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBuf.length, 26);
    const cen = Buffer.alloc(46);
    cen.writeUInt32LE(0x02014b50, 0); cen.writeUInt16LE(20, 4); cen.writeUInt16LE(20, 6); cen.writeUInt16LE(0x0800, 8); cen.writeUInt16LE(8, 10);
    cen.writeUInt32LE(crc32(data), 16); cen.writeUInt32LE(comp.length, 20); cen.writeUInt32LE(data.length, 24); cen.writeUInt16LE(nameBuf.length, 28); cen.writeUInt32LE(offset, 42);
    parts.push(local, nameBuf, comp);
    central.push(cen, nameBuf);
    offset += 30 + nameBuf.length + comp.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(Object.keys(files).length, 8); end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cd, end]);
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** Word splits text into runs at arbitrary points; so does this. */
const para = (t: string) => `<w:p><w:pPr><w:jc w:val="both"/></w:pPr><w:r><w:t xml:space="preserve">${esc(t.slice(0, 7))}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>${esc(t.slice(7))}</w:t></w:r></w:p>`;
const cell = (t: string) => `<w:tc><w:tcPr><w:tcW w:w="1000"/></w:tcPr>${t.split('\n').map(para).join('')}</w:tc>`;
const docx = (body: string) => zip({
  '[Content_Types].xml': '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
  'word/document.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}<w:sectPr/></w:body></w:document>`,
});

describe('runAgreementsParse', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sereno-agreements-'));
  const run = async (file: string) => {
    const out = new Sink();
    const err = new Sink();
    const code = await runAgreementsParse(file, out, { err });
    return { code, out: out.data, err: err.data };
  };

  it('writes the result of a .md file as 2-space JSON', async () => {
    const file = path.join(FIXTURES, 'tabla-markdown.md');
    const r = await run(file);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('{\n  "sessions": [\n')).toBe(true);
    expect(JSON.parse(r.out)).toEqual(parseAgreements(fixture('tabla-markdown.md'), { filename: 'tabla-markdown.md' }));
  });

  it('reads a .docx with paragraphs split into runs', async () => {
    const file = path.join(tmp, 'regional.docx');
    fs.writeFileSync(file, docx(fixture('regional-2022-transitorios.txt').split('\n').map(para).join('')));
    const r = await run(file);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as ParseResult;
    const txt = parseAgreements(fixture('regional-2022-transitorios.txt'));
    expect(parsed.sessions.map(header)).toEqual(txt.sessions.map(header));
    expect(parsed.sessions[0].agreements.map((a) => a.text)).toEqual(txt.sessions[0].agreements.map((a) => a.text));
    expect(parsed.sessions[0].transitory[1].deadlines).toEqual(['2022-08-05']);
  });

  it('reads a .docx table as rows, with multi-paragraph cells', async () => {
    const rows = [
      ['Sesión', 'Fecha y Lugar', 'No.', 'Título', 'Contenido'],
      ['XXI Asamblea Plenaria', '5 y 6 de diciembre de 2019\nCancún, Quintana Roo', 'Primero', 'Orden del día', 'Los integrantes aprueban el orden del día.'],
      ['', '', 'Segundo', 'Informe', 'Los integrantes acuerdan enviar un informe.\nLo harán a más tardar el 31 de enero de 2020.'],
    ];
    const file = path.join(tmp, 'tabla.docx');
    fs.writeFileSync(file, docx(`${para('Acuerdos 2019')}<w:tbl>${rows.map((r) => `<w:tr>${r.map(cell).join('')}</w:tr>`).join('')}</w:tbl>`));
    const r = await run(file);
    expect(r.code).toBe(0);
    const s = (JSON.parse(r.out) as ParseResult).sessions;
    expect(s.map(header)).toEqual([{ name: 'XXI Asamblea Plenaria', date: '2019-12-05', end_date: '2019-12-06', place: 'Cancún', entidad: '23', zone: null }]);
    expect(s[0].agreements[1].text.split('\n\n')).toHaveLength(2);
    expect(s[0].agreements[1].deadlines).toEqual(['2020-01-31']);
  });

  it('reads Windows-1252 text and says so', async () => {
    const file = path.join(tmp, 'latin1.txt');
    fs.writeFileSync(file, Buffer.from(fixture('regional-2022-transitorios.txt'), 'latin1'));
    const r = await run(file);
    expect(r.code).toBe(0);
    const parsed = JSON.parse(r.out) as ParseResult;
    expect(parsed.warnings[0]).toBe('El archivo no está en UTF-8; se leyó como Windows-1252 (Latin-1).');
    expect(parsed.sessions[0].name).toBe('Primera Reunión Regional 2022 de la Zona Occidente');
    expect(parsed.sessions[0].transitory[1].deadlines).toEqual(['2022-08-05']);
  });

  it('rejects unsupported formats, missing files and broken .docx with a message in Spanish', async () => {
    const pdf = await run(path.join(tmp, 'acta.pdf'));
    expect(pdf).toMatchObject({ code: 2, out: '' });
    expect(pdf.err).toContain('formato no admitido (.pdf)');
    expect(pdf.err).toContain('pdftotext');
    const missing = await run(path.join(tmp, 'no-existe.txt'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('el archivo no existe');
    const broken = path.join(tmp, 'roto.docx');
    fs.writeFileSync(broken, 'esto no es un zip');
    const b = await run(broken);
    expect(b.code).toBe(2);
    expect(b.err).toContain('no es un .docx válido');
  });
});
