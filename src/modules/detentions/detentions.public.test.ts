import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { registrationBody, seedTestOffences } from './detentions.factories.js';

describe('public consultation (GET /api/public/detenciones)', () => {
  let t: TestApp;
  let cap: Session;
  let folio: string;
  // Each test asks from its own address: the rate limit is per IP.
  const ask = (qs: string, ip: string) => t.app.inject({ method: 'GET', url: `/api/public/detenciones?${qs}`, remoteAddress: ip });

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestOffences(t.database.db);
    const inst = await factories(t.database).institution('14', 'security_secretariat', 'Policía de Guadalajara (prueba)');
    const u = await factories(t.database).user({ roles: ['capturist'], entidad: '14', institutionId: inst.id });
    cap = await login(t.app, u.username);
    const res = await as(t.app, cap).post('/api/detentions', registrationBody(new Date(t.clock.now().getTime() - 600_000), {
      persona: { nombre: 'JOSE', apellido_paterno: 'PEREZ', apellido_materno: 'LOPEZ', curp: 'HELO990501HVZRPN09' },
      lugar: { municipio: null },
    }));
    expect(res.statusCode, res.body).toBe(201);
    folio = res.json().folio;
  });
  afterAll(() => t.close());

  it('finds "JOSE PEREZ LOPEZ" for "José Pérez López" and answers only authority and place', async () => {
    const res = await ask(`nombre=${encodeURIComponent('José Pérez López')}`, '10.0.0.1');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      detenida: true,
      registros: [{ autoridad: 'Policía de Guadalajara (prueba)', lugar: 'Agencia del Ministerio Público de Detenidos, Guadalajara', entidad: 'Jalisco' }],
    });
    for (const secret of ['HELO990501HVZRPN09', 'Juárez', 'flagrancia', 'sustraer', folio, 'Tatuaje', 'Güero']) expect(res.body).not.toContain(secret);
  });

  it('is tolerant of order, case, accents and split fields', async () => {
    for (const qs of [
      `nombre=${encodeURIComponent('PEREZ LOPEZ JOSE')}`,
      `nombre=${encodeURIComponent('pérez lópez, josé')}`,
      `nombre=${encodeURIComponent('José')}&apellido_paterno=${encodeURIComponent('Pérez')}&apellido_materno=${encodeURIComponent('López')}`,
    ]) {
      const res = await ask(qs, '10.0.0.2');
      expect(res.json().detenida, qs).toBe(true);
    }
  });

  it('rejects single tokens and too-short names, and finds nothing for a partial name', async () => {
    for (const qs of ['nombre=Perez', `nombre=${encodeURIComponent('J Pérez')}`, 'nombre=Jose&apellido_paterno=', `nombre=${encodeURIComponent('de la')}`]) {
      const res = await ask(qs, '10.0.0.3');
      expect(res.statusCode, qs).toBe(400);
      expect(res.json().error.code).toMatch(/public_query_too_short|validation_failed/);
    }
    const missing = await ask('', '10.0.0.3');
    expect(missing.statusCode).toBe(400);
    const partial = await ask(`nombre=${encodeURIComponent('José Pérez')}`, '10.0.0.3');
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toEqual({ detenida: false, registros: [] });
  });

  it('audits every query as the public with its IP', async () => {
    const rows = await t.database.db.selectFrom('audit_log').select(['actor_type', 'ip', 'details']).where('action', '=', 'detention.public_consulted').orderBy('id').execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.actor_type === 'public' && r.ip!.startsWith('10.0.0.'))).toBe(true);
    expect(rows[0].ip).toBe('10.0.0.1');
    expect(rows[0].details).toMatchObject({ nombre_clave: 'jose lopez perez', matches: 1, folios: [folio] });
  });

  it('drops a person once their release is recorded', async () => {
    const lib = await as(t.app, cap).post(`/api/detentions/${folio}/events`, { tipo: 'libertad', ocurrido_at: t.clock.now().toISOString(), motivo: 'falta_de_elementos' });
    expect(lib.statusCode, lib.body).toBe(201);
    const res = await ask(`nombre=${encodeURIComponent('José Pérez López')}`, '10.0.0.4');
    expect(res.json()).toEqual({ detenida: false, registros: [] });
  });

  it('is rate limited per IP', async () => {
    let last = 0;
    for (let i = 0; i < 15 && last !== 429; i++) last = (await ask(`nombre=${encodeURIComponent('Ana Ruiz Soto')}`, '10.0.0.5')).statusCode;
    expect(last).toBe(429);
  });
});
