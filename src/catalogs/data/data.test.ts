import { describe, expect, it } from 'vitest';
import { loadMunicipios } from '../municipios.js';
import { CNIE_COMMON_INCIDENTS, CNIE_CURRENT_EDITION, CNIE_EDITIONS, CNIE_INCIDENTS, CNIE_TIPOS } from './cnie.js';
import { CURP_FOREIGN, ENTIDADES, ZONES } from './entidades.js';
import { INSTITUTION_TYPES } from './institution-types.js';
import { MUNICIPIO_CODE_GAPS, MUNICIPIO_COUNTS, MUNICIPIOS_SOURCE } from './municipios.meta.js';
import { OFFENCE_CATEGORIES, OFFENCES } from './offences.js';

const RENAPO = 'AS BC BS CC CL CM CS CH DF DG GT GR HG JC MC MN MS NT NL OC PL QT QR SP SL SR TC TS TL VZ YN ZS'.split(' ');

describe('entidades', () => {
  it('are the 32 INEGI codes in order, with unique names, abbreviations and RENAPO codes', () => {
    expect(ENTIDADES.map((e) => e.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
    for (const key of ['name', 'short_name', 'abbreviation', 'curp_code'] as const) expect(new Set(ENTIDADES.map((e) => e[key])).size).toBe(32);
    expect(ENTIDADES.map((e) => e.curp_code)).toEqual(RENAPO);
    expect(RENAPO).not.toContain(CURP_FOREIGN);
  });

  it('map the easily confused CURP codes and official names right', () => {
    const by = (code: string) => ENTIDADES.find((e) => e.code === code)!;
    expect([by('05').curp_code, by('06').curp_code, by('07').curp_code, by('08').curp_code]).toEqual(['CL', 'CM', 'CS', 'CH']);
    expect([by('09').curp_code, by('15').curp_code, by('16').curp_code, by('20').curp_code]).toEqual(['DF', 'MC', 'MN', 'OC']);
    expect(by('15')).toMatchObject({ name: 'México', short_name: 'Estado de México' });
    expect(by('30').name).toBe('Veracruz de Ignacio de la Llave');
  });

  it('cover the five zones with the members DOMAIN.md gives', () => {
    expect(new Set(ENTIDADES.map((e) => e.zone))).toEqual(new Set(ZONES));
    const zone = (z: string) => ENTIDADES.filter((e) => e.zone === z).map((e) => e.code);
    expect(zone('Noroeste')).toEqual(['02', '03', '08', '25', '26']);
    expect(zone('Noreste')).toEqual(['05', '10', '19', '24', '28']);
    expect(zone('Occidente')).toEqual(['01', '06', '11', '14', '16', '18', '22', '32']);
    expect(zone('Centro')).toEqual(['09', '12', '13', '15', '17', '21', '29']);
    expect(zone('Sureste')).toEqual(['04', '07', '20', '23', '27', '30', '31']);
  });

  it('have a capital and a centroid inside Mexico', () => {
    for (const e of ENTIDADES) {
      expect(e.capital.length).toBeGreaterThan(2);
      expect(e.centroid.lat).toBeGreaterThan(14.5);
      expect(e.centroid.lat).toBeLessThan(32.8);
      expect(e.centroid.lon).toBeGreaterThan(-117.2);
      expect(e.centroid.lon).toBeLessThan(-86.7);
    }
  });
});

describe('municipios.json', () => {
  const rows = loadMunicipios();

  it('has the expected number of municipalities in every entidad', () => {
    const counts: Record<string, number> = {};
    for (const m of rows) counts[m.entidad] = (counts[m.entidad] ?? 0) + 1;
    expect(counts).toEqual(MUNICIPIO_COUNTS);
    expect(rows).toHaveLength(2475);
    // The figures the brief was checked against, independently of the table above.
    expect(counts).toMatchObject({ '20': 570, '21': 217, '30': 212, '14': 125, '15': 125, '07': 124, '16': 113, '02': 7, '03': 5, '23': 11, '04': 13, '09': 16, '29': 60, '01': 11 });
  });

  it('has well-formed, unique, consecutive codes (bar the known gaps) and clean names', () => {
    expect(new Set(rows.map((m) => m.entidad + m.code)).size).toBe(rows.length);
    for (const e of ENTIDADES) {
      const codes = rows.filter((m) => m.entidad === e.code).map((m) => m.code);
      const max = Math.max(...codes.map(Number));
      const expected = Array.from({ length: max }, (_, i) => String(i + 1).padStart(3, '0')).filter((c) => !(MUNICIPIO_CODE_GAPS[e.code] ?? []).includes(c));
      expect(codes, e.code).toEqual(expected);
    }
    const bad = rows.filter((m) => !/^(0[1-9]|[12]\d|3[0-2])$/.test(m.entidad) || !/^\d{3}$/.test(m.code)
      || m.name !== m.name.trim() || m.name !== m.name.normalize('NFC') || /\s{2}/.test(m.name) || !m.name);
    expect(bad).toEqual([]);
  });

  it('holds well-known municipalities under their INEGI codes, with the restored official names', () => {
    const name = (key: string) => rows.find((m) => m.entidad + m.code === key)?.name;
    expect(name('14039')).toBe('Guadalajara');
    expect(name('14120')).toBe('Zapopan');
    expect(name('19039')).toBe('Monterrey');
    expect(name('20067')).toBe('Oaxaca de Juárez');
    expect(name('21114')).toBe('Puebla');
    expect(name('09007')).toBe('Iztapalapa');
    expect(name('02006')).toBe('San Quintín');
    expect(name('12083')).toBe('Ñuu Savi');
    for (const [key, official] of Object.entries(MUNICIPIOS_SOURCE.corrections)) expect(name(key)).toBe(official);
  });
});

describe('institution types', () => {
  it('have unique snake_case codes and both languages', () => {
    expect(new Set(INSTITUTION_TYPES.map((t) => t.code)).size).toBe(INSTITUTION_TYPES.length);
    for (const t of INSTITUTION_TYPES) {
      expect(t.code).toMatch(/^[a-z0-9]+(_[a-z0-9]+)*$/);
      expect(t.name_es && t.name_en).toBeTruthy();
    }
    expect(INSTITUTION_TYPES.map((t) => t.code)).toEqual(expect.arrayContaining(['security_secretariat', 'c5', 'prosecutor', 'civic_court', 'anonymous_tips', 'other']));
  });
});

describe('offences', () => {
  it('have unique, well-formed codes whose prefix matches kind and fuero', () => {
    expect(new Set(OFFENCES.map((o) => o.code)).size).toBe(OFFENCES.length);
    for (const o of OFFENCES) {
      if (o.code.startsWith('D-')) expect([o.kind, o.fuero], o.code).toEqual(['delito', 'comun']);
      else if (o.code.startsWith('F-DEL-')) expect([o.kind, o.fuero], o.code).toEqual(['delito', 'federal']);
      else if (o.code.startsWith('FA-')) expect([o.kind, o.fuero, o.tipo], o.code).toEqual(['falta', null, null]);
      else throw new Error(`unexpected prefix: ${o.code}`);
      expect(o.code).toMatch(/^[A-Z]+(-[A-Z]+)+$/);
      expect(OFFENCE_CATEGORIES).toContain(o.category);
      expect(o.name_es && o.name_en).toBeTruthy();
    }
  });

  it('keep every code other modules and stored detentions already use', () => {
    const used = ['D-PAT-ROB-TRN', 'D-SOC-NAR', 'D-FAM-VIO', 'D-VID-LES-DOL', 'D-PAT-ROB-NEG', 'D-PAT-ROB-VEH', 'D-PAT-DAN', 'F-DEL-ARM-POR', 'D-OTR-AME',
      'D-PAT-ROB-CAS', 'D-PAT-ROB-TPU', 'D-PAT-EXT', 'F-DEL-SAL', 'F-DEL-DOR', 'FA-ALC-VIA', 'FA-ORD-PUB', 'FA-RIN', 'FA-EBR-CON', 'FA-ORI-VIA', 'FA-AUT',
      'FA-SUS-VIA', 'FA-DAN-MEN', 'FA-RUI'];
    expect(OFFENCES.map((o) => o.code)).toEqual(expect.arrayContaining(used));
  });

  it('allow 96 h retention for organised crime only, and flag the art. 19 core list', () => {
    expect(OFFENCES.filter((o) => o.extended_retention).map((o) => o.code)).toEqual(['F-DEL-DOR']);
    const ppo = new Set(OFFENCES.filter((o) => o.prision_preventiva_oficiosa).map((o) => o.code));
    for (const c of ['D-VID-HOM-DOL', 'D-VID-FEM', 'D-LIB-SEC', 'D-SEX-VIO', 'D-PAT-ROB-CAS', 'D-SOC-TRA', 'F-DEL-DOR']) expect(ppo, c).toContain(c);
    for (const c of ['D-VID-HOM-CUL', 'D-FAM-VIO', 'D-OTR-AME']) expect(ppo, c).not.toContain(c);
    expect(OFFENCES.filter((o) => o.kind === 'falta').every((o) => !o.prision_preventiva_oficiosa && !o.extended_retention)).toBe(true);
  });
});

describe('CNIE', () => {
  it('uses five-digit codes whose first digit is a known tipo, unique within an edition', () => {
    const tipos = new Set(CNIE_TIPOS.map((t) => t.tipo));
    expect([...tipos]).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const i of CNIE_INCIDENTS) {
      expect(i.code).toMatch(/^\d{5}$/);
      expect(Number(i.code[0])).toBe(i.tipo);
      expect(tipos).toContain(i.tipo);
      expect(CNIE_EDITIONS).toContain(i.edition);
    }
    for (const ed of CNIE_EDITIONS) {
      const codes = CNIE_INCIDENTS.filter((i) => i.edition === ed).map((i) => i.code);
      expect(new Set(codes).size).toBe(codes.length);
    }
    expect(CNIE_EDITIONS).toContain(CNIE_CURRENT_EDITION);
  });

  it('records the v3.0 changes to the improcedent codes, none of it confirmed yet', () => {
    const v3 = CNIE_INCIDENTS.filter((i) => i.edition === '3.0').map((i) => i.code);
    expect(v3).toEqual(['70101', '70104', '70106', '70107', '70109']);
    expect(CNIE_INCIDENTS.filter((i) => i.edition === 'pre-3.0')).toHaveLength(8);
    expect(CNIE_INCIDENTS.some((i) => i.confirmed) || CNIE_TIPOS.some((t) => t.confirmed)).toBe(false);
    expect(Object.keys(CNIE_COMMON_INCIDENTS).map(Number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
