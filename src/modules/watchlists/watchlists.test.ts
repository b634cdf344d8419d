import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { detentionWithPerson } from '../../../test/detention-bodies.js';

const DAY = 86_400_000;

/** A state analyst of entidad 14 (institution: the Jalisco C5) lists the targets; the alerts go to that institution. */
describe('objetivos prioritarios → alerts routed to the issuer', () => {
  let t: TestApp;
  type Who = 'issuer14' | 'c5_14' | 'analyst14' | 'cap09' | 'c5_09' | 'cap14' | 'analystNational';
  const s: Record<Who, Session> = {} as never;
  const usernames: Partial<Record<Who, string>> = {};
  /** Moving the clock expires sessions: sign everyone in again. */
  const relogin = async () => { for (const [k, u] of Object.entries(usernames)) s[k as Who] = await login(t.app, u); };
  const settle = async () => { for (let i = 0; i < 10; i++) if ((await t.dispatcher.drain()) === 0) return; };
  const detain09 = async (persona: Record<string, unknown>, at = new Date(t.clock.now().getTime() - 30 * 60_000)) => {
    const res = await as(t.app, s.cap09).post('/api/detentions', detentionWithPerson(at, { lugar: { entidad: '09', municipio: null }, offence_codes: [], persona }));
    expect(res.statusCode, res.body).toBe(201);
    return res.json().folio as string;
  };
  const target = (persona: Record<string, unknown>) => ({
    persona, reason: 'Orden de aprehensión vigente por secuestro agravado', classification: 'orden_de_aprehension',
    contact: { nombre: 'Guardia C5 Jalisco', telefono: '+52 33 3000 0000' },
  });

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    const inst14 = await f.institution('14', 'c5');
    const inst09 = await f.institution('09', 'c5');
    const mk = async (who: Who, roles: Parameters<typeof f.user>[0]['roles'], entidad: string | null, institutionId?: number) => {
      usernames[who] = (await f.user({ roles, entidad, institutionId })).username;
    };
    await mk('issuer14', ['analyst'], '14', inst14.id);
    await mk('c5_14', ['c5_operator'], '14', inst14.id);
    await mk('analyst14', ['analyst'], '14');
    await mk('cap14', ['capturist'], '14');
    await mk('cap09', ['capturist'], '09', inst09.id);
    await mk('c5_09', ['c5_operator'], '09', inst09.id);
    await mk('analystNational', ['analyst'], null);
    await relogin();
  });
  afterAll(() => t.close());

  it('a spelling variant detained in 09 alerts the 14 C5, who acknowledges; 09 sees only a reduced alert and gets 404 on the target', async () => {
    const created = await as(t.app, s.issuer14).post('/api/targets', target({
      nombre: 'José Guadalupe', apellido_paterno: 'Vázquez', apellido_materno: 'Hernández', alias: ['El Chuy'], fecha_nacimiento: '1988-03-14', sexo: 'H',
    }));
    expect(created.statusCode, created.body).toBe(201);
    const tgt = created.json();
    expect(tgt).toMatchObject({ entidad: '14', status: 'active', version: 1, alerts_raised: 0 });

    const folio = await detain09({ nombre: 'Jose Guadalupe', apellido_paterno: 'Basquez', apellido_materno: 'Hernandez', edad: 38, sexo: 'H', alias: ['El Chuy'] });
    await settle();

    const list14 = await as(t.app, s.c5_14).get('/api/alerts?status=new');
    expect(list14.statusCode).toBe(200);
    const mine = list14.json().items.filter((a: { target?: { id: number } }) => a.target?.id === tgt.id);
    expect(mine).toHaveLength(1);
    const alert = mine[0];
    expect(alert).toMatchObject({ side: 'issuer', status: 'new', hit: { entidad: '09', registry: 'detention', label: folio }, algorithm: 'sereno-person-v1', trigger: 'mention' });
    expect(alert.score).toBeGreaterThanOrEqual(0.5);
    expect(alert.features.paterno).toBeGreaterThan(0.8);
    expect(alert.target.persona.apellido_paterno).toBe('Vázquez');

    // The entidad of the hit sees its own record matched someone 14 wants, and whom to call — nothing of the target.
    const list09 = await as(t.app, s.c5_09).get('/api/alerts');
    const seen09 = list09.json().items.find((a: { id: number }) => a.id === alert.id);
    expect(seen09).toMatchObject({ side: 'hit', hit: { entidad: '09', label: folio }, issuer: { entidad: '14', contact: { nombre: 'Guardia C5 Jalisco' } } });
    expect(seen09.target).toBeUndefined();
    expect(seen09.features).toBeUndefined();
    expect(JSON.stringify(seen09)).not.toContain('secuestro');
    expect((await as(t.app, s.c5_09).get(`/api/targets/${tgt.id}`)).statusCode).toBe(404);
    expect((await as(t.app, s.c5_09).get(`/api/targets/${tgt.id}/versions`)).statusCode).toBe(404);
    const ack09 = await as(t.app, s.c5_09).post(`/api/alerts/${alert.id}/acknowledge`, {});
    expect(ack09.statusCode).toBe(404);
    expect(ack09.json().error.code).toBe('alert_not_found');

    const ack = await as(t.app, s.c5_14).post(`/api/alerts/${alert.id}/acknowledge`, { reason: 'Se llama a la fiscalía de CDMX' });
    expect(ack.statusCode, ack.body).toBe(200);
    expect(ack.json()).toMatchObject({ status: 'acknowledged', status_reason: 'Se llama a la fiscalía de CDMX' });
    expect(ack.json().acknowledged_by.name).toMatch(/c5_operator/);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'reason', 'entidad']).where('entity_type', '=', 'alert').where('entity_id', '=', String(alert.id)).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['alert.raised', 'alert.acknowledged']);
    expect(audit[1]).toMatchObject({ reason: 'Se llama a la fiscalía de CDMX', entidad: '14' });
    // Re-delivering the same events (at least once) raises nothing new.
    await t.database.db.updateTable('outbox').set({ processed_at: null }).execute();
    await t.database.db.deleteFrom('outbox_deliveries').execute();
    await settle();
    const again = await as(t.app, s.c5_14).get(`/api/alerts?target_id=${tgt.id}`);
    expect(again.json().total).toBe(1);
  });

  it('a target listed a month after a matching detention alerts at once; a dismissed pair never alerts again', async () => {
    const folio = await detain09({ nombre: 'María de la Luz', apellido_paterno: 'Ramírez', apellido_materno: 'Ochoa', edad: 29, sexo: 'M', alias: [] });
    await settle();
    t.clock.advance(31 * DAY);
    await relogin();
    const created = await as(t.app, s.issuer14).post('/api/targets', target({ nombre: 'Ma. de la Luz', apellido_paterno: 'Ramires', apellido_materno: 'Ochoa', sexo: 'M' }));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().alerts_raised).toBe(1);
    const tgt = created.json();
    const [alert] = (await as(t.app, s.c5_14).get(`/api/alerts?target_id=${tgt.id}`)).json().items;
    expect(alert).toMatchObject({ trigger: 'listing', hit: { label: folio, entidad: '09' }, status: 'new' });

    const noReason = await as(t.app, s.c5_14).post(`/api/alerts/${alert.id}/dismiss`, {});
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.issues[0].path).toBe('reason');
    const dismissed = await as(t.app, s.c5_14).post(`/api/alerts/${alert.id}/dismiss`, { reason: 'Otra persona: fecha de nacimiento distinta' });
    expect(dismissed.json().status).toBe('dismissed');
    expect((await as(t.app, s.c5_14).post(`/api/alerts/${alert.id}/confirm`, { reason: 'intento' })).statusCode).toBe(409);

    // The record is corrected (new mention version) and the target is corrected: the pair stays dismissed, no new alert.
    const fix = await as(t.app, s.cap09).patch(`/api/detentions/${folio}`, { motivo_cambio: 'corrección de captura', motivo: 'Otro motivo de detención' });
    expect(fix.statusCode, fix.body).toBe(200);
    await settle();
    const upd = await as(t.app, s.issuer14).patch(`/api/targets/${tgt.id}`, { persona: { nombre: 'María de la Luz', apellido_paterno: 'Ramírez', apellido_materno: 'Ochoa', sexo: 'M' }, motivo_cambio: 'ortografía' });
    expect(upd.statusCode, upd.body).toBe(200);
    expect(upd.json()).toMatchObject({ version: 2, alerts_raised: 0 });
    const after = (await as(t.app, s.c5_14).get(`/api/alerts?target_id=${tgt.id}`)).json();
    expect(after.total).toBe(1);
    expect(after.items[0].status).toBe('dismissed');

    const versions = (await as(t.app, s.c5_14).get(`/api/targets/${tgt.id}/versions`)).json().items;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(versions[0]).toMatchObject({ change_reason: 'ortografía', data: { persona: { apellido_paterno: 'Ramires' } } });
  });

  it('a suspended or closed target does not alert; suspend/close are versions with reasons', async () => {
    const created = (await as(t.app, s.issuer14).post('/api/targets', target({ nombre: 'Heriberto', apellido_paterno: 'Zúñiga', apellido_materno: 'Quintanilla', sexo: 'H' }))).json();
    const susp = await as(t.app, s.issuer14).post(`/api/targets/${created.id}/suspend`, { reason: 'Amparo provisional' });
    expect(susp.json()).toMatchObject({ status: 'suspended', version: 2, status_reason: 'Amparo provisional' });
    await detain09({ nombre: 'Heriberto', apellido_paterno: 'Zuñiga', apellido_materno: 'Quintanilla', edad: 40, sexo: 'H', alias: [] });
    await settle();
    expect((await as(t.app, s.c5_14).get(`/api/alerts?target_id=${created.id}`)).json().total).toBe(0);
    // Reactivation searches again at once and finds the detention made while suspended.
    const re = await as(t.app, s.issuer14).post(`/api/targets/${created.id}/reactivate`, { reason: 'Amparo revocado' });
    expect(re.json()).toMatchObject({ status: 'active', alerts_raised: 1 });
    const closed = await as(t.app, s.issuer14).post(`/api/targets/${created.id}/close`, { reason: 'Detenido y puesto a disposición' });
    expect(closed.json().status).toBe('closed');
    expect((await as(t.app, s.issuer14).patch(`/api/targets/${created.id}`, { reason: 'x y z', motivo_cambio: 'intento' })).statusCode).toBe(409);
    expect((await as(t.app, s.c5_14).post('/api/targets', target({ nombre: 'X' }))).statusCode).toBe(403);
  });

  it('the active targets\' GIN indexes keep no pending list: every person indexed is looked up in them', async () => {
    // With fastupdate on, each target listed would wait in a pending list that every lookup reads in full until a VACUUM.
    const { rows } = await sql<{ relname: string; reloptions: string[] | null }>`
      SELECT c.relname, c.reloptions FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid JOIN pg_am a ON a.oid = c.relam
      WHERE i.indrelid = 'targets'::regclass AND a.amname = 'gin' ORDER BY c.relname`.execute(t.database.db);
    expect(rows).toEqual(['targets_active_aliases', 'targets_active_blocking', 'targets_active_name_trgm'].map((relname) => ({ relname, reloptions: ['fastupdate=off'] })));
  });

  it('rejects a target body naming the bad field', async () => {
    const res = await as(t.app, s.issuer14).post('/api/targets', { ...target({ nombre: 'Pedro', apellido_paterno: 'Soto', curp: 'XYZ' }), classification: 'peligroso' });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['persona.curp', 'classification']));
  });

  it('person search requires a reason (400 naming motivo), stays within the view territory, and is audited with it', async () => {
    const missing = await as(t.app, s.analyst14).post('/api/search/persons', { nombre: 'José Guadalupe Vázquez' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.details.issues.map((i: { path: string }) => i.path)).toContain('motivo');
    const short = await as(t.app, s.analyst14).post('/api/match/persons', { persona: { nombre: 'José' }, motivo: 'x' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.details.issues[0].path).toBe('motivo');

    const res14 = await as(t.app, s.cap14).post('/api/detentions', detentionWithPerson(new Date(t.clock.now().getTime() - 3_600_000), { lugar: { entidad: '14', municipio: null }, offence_codes: [], persona: { nombre: 'José Guadalupe', apellido_paterno: 'Vazques', apellido_materno: 'Hernández', edad: 38, sexo: 'H', alias: [] } }));
    expect(res14.statusCode, res14.body).toBe(201);
    await settle();
    const motivo = 'Carpeta de investigación 14/2026/001';
    const found = await as(t.app, s.analyst14).post('/api/search/persons', { nombre: 'José Guadalupe Vázquez Hernández', motivo });
    expect(found.statusCode, found.body).toBe(200);
    const items = found.json().items;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((i: { entidad: string }) => i.entidad === '14')).toBe(true);
    expect(items[0]).toMatchObject({ label: res14.json().folio, match: true });
    expect(items[0].features).toHaveProperty('given');

    const national = await as(t.app, s.analystNational).post('/api/match/persons', { persona: { nombre: 'Jose Guadalupe', apellido_paterno: 'Vazquez', apellido_materno: 'Hernandez', sexo: 'H' }, motivo, solo_coincidencias: true });
    expect(national.statusCode, national.body).toBe(200);
    const ents = new Set(national.json().items.map((i: { entidad: string }) => i.entidad));
    expect([...ents].sort()).toEqual(['09', '14']);
    expect(national.json().items.every((i: { match: boolean; score: number }) => i.match && i.score >= 0.5)).toBe(true);
    const audit = await t.database.db.selectFrom('audit_log').select(['action', 'reason']).where('action', 'in', ['person.searched', 'person.matched']).execute();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'person.searched', reason: motivo }, { action: 'person.matched', reason: motivo }]));
    expect((await as(t.app, s.c5_14).post('/api/search/persons', { nombre: 'José', motivo })).statusCode).toBe(403);
  });
});
