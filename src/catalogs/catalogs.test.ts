import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../test/helper.js';
import { ENTIDADES } from './data/entidades.js';
import { OFFENCES } from './data/offences.js';

describe('catalogues', () => {
  it('the 32 entidades have unique INEGI and CURP codes and cover the five zones', () => {
    expect(ENTIDADES).toHaveLength(32);
    expect(new Set(ENTIDADES.map((e) => e.code)).size).toBe(32);
    expect(new Set(ENTIDADES.map((e) => e.curp_code)).size).toBe(32);
    expect(ENTIDADES.map((e) => e.code)).toEqual(Array.from({ length: 32 }, (_, i) => String(i + 1).padStart(2, '0')));
    expect(new Set(ENTIDADES.map((e) => e.zone))).toEqual(new Set(['Noroeste', 'Noreste', 'Occidente', 'Centro', 'Sureste']));
    expect(ENTIDADES.find((e) => e.code === '09')?.curp_code).toBe('DF');
    expect(ENTIDADES.find((e) => e.code === '15')?.curp_code).toBe('MC');
  });

  it('offence codes are unique; organised crime allows extended retention', () => {
    expect(new Set(OFFENCES.map((o) => o.code)).size).toBe(OFFENCES.length);
    expect(OFFENCES.filter((o) => o.extended_retention).map((o) => o.code)).toEqual(['F-DEL-DOR']);
    expect(OFFENCES.some((o) => o.kind === 'falta')).toBe(true);
  });

  describe('over HTTP', () => {
    let t: TestApp;
    let s: Session;
    beforeAll(async () => {
      t = await createTestApp();
      s = await login(t.app, (await factories(t.database).user({ roles: ['capturist'], entidad: '14' })).username);
    });
    afterAll(() => t.close());

    it('serves entidades, offences, institution types and roles to any signed-in user', async () => {
      const e = (await as(t.app, s).get('/api/catalogs/entidades')).json().items;
      expect(e).toHaveLength(32);
      expect(e.find((x: { code: string }) => x.code === '14')).toMatchObject({ name: 'Jalisco', curp_code: 'JC', zone: 'Occidente' });
      const faltas = (await as(t.app, s).get('/api/catalogs/offences?kind=falta')).json().items;
      expect(faltas.length).toBeGreaterThan(5);
      expect(faltas.every((o: { kind: string }) => o.kind === 'falta')).toBe(true);
      expect((await as(t.app, s).get('/api/catalogs/institution-types')).json().items.map((x: { code: string }) => x.code)).toContain('c5');
      expect((await as(t.app, s).get('/api/catalogs/roles')).json().items).toHaveLength(8);
      expect((await as(t.app, s).get('/api/catalogs/entidades/33/municipios')).statusCode).toBe(400);
    });
  });
});
