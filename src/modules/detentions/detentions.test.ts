import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { buildCurp } from '../../matching/index.js';
import { checkCurp, curpCheckDigit } from './curp.js';
import { apiKeyFor, registrationBody, seedTestMunicipios, seedTestOffences } from './detentions.factories.js';

const H = 3600_000;
const MIN = 60_000;

describe('detentions: capture, versions, custody chain, access', () => {
  let t: TestApp;
  let cap14: Session, cap09: Session, analyst14: Session;
  let inst14: number;
  const before = (ms: number) => new Date(t.clock.now().getTime() - ms);

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestOffences(t.database.db);
    await seedTestMunicipios(t.database.db, '14', [['039', 'Guadalajara'], ['120', 'Zapopan']]);
    const f = factories(t.database);
    const i14 = await f.institution('14', 'security_secretariat', 'Secretaría de Seguridad de Jalisco (prueba)');
    inst14 = Number(i14.id);
    const u14 = await f.user({ roles: ['capturist'], entidad: '14', institutionId: i14.id });
    const u09 = await f.user({ roles: ['capturist'], entidad: '09' });
    const a14 = await f.user({ roles: ['analyst'], entidad: '14' });
    cap14 = await login(t.app, u14.username);
    cap09 = await login(t.app, u09.username);
    analyst14 = await login(t.app, a14.username);
  });
  afterAll(() => t.close());

  it('registers, completes as a new version, appends custody events and shows the timeline', async () => {
    const reg = await as(t.app, cap14).post('/api/detentions', registrationBody(before(20 * MIN), { source: 'c5-jal', external_id: 'A-1' }));
    expect(reg.statusCode, reg.body).toBe(201);
    const d = reg.json();
    expect(d.folio).toMatch(/^RND-14-2026-\d{7}$/);
    expect(d.institution).toEqual({ id: inst14, name: 'Secretaría de Seguridad de Jalisco (prueba)' });
    expect(d.version).toBe(1);
    expect(d.custodia.situacion).toBe('custodia_policial');
    expect(d.custodia.ubicacion_actual).toBe('Agencia del Ministerio Público de Detenidos, Guadalajara');
    expect(d.flags).toEqual([]);
    expect(d.plazos.puesta_a_disposicion).toBe(new Date(before(20 * MIN).getTime() + 240 * MIN).toISOString());
    expect(reg.headers.location).toBe(`/api/detentions/${d.folio}`);

    // The receiving authority completes the identification data: a new version, the old one kept whole.
    t.clock.advance(30 * MIN);
    const patch = await as(t.app, cap14).patch(`/api/detentions/${d.folio}`, {
      expected_version: 1, motivo_cambio: 'Datos de identificación aportados por el MP',
      persona: { curp: 'HELO990501HVZRPN09', fecha_nacimiento: '1999-05-01', apellido_materno: 'López' },
      complemento: { domicilio: 'Calle 5 de Mayo 20, Tlaquepaque', ocupacion: 'Comerciante', huellas_registradas: true },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    expect(patch.json().version).toBe(2);
    expect(patch.json().persona.curp).toBe('HELO990501HVZRPN09');
    expect(patch.json().version_changed.sort()).toEqual(['complemento.domicilio', 'complemento.huellas_registradas', 'complemento.ocupacion', 'persona.curp', 'persona.fecha_nacimiento']);
    expect(patch.json().avisos.map((a: { code: string }) => a.code)).toContain('edad_fecha_nacimiento');
    const stale = await as(t.app, cap14).patch(`/api/detentions/${d.folio}`, { expected_version: 1, motivo_cambio: 'otra corrección', motivo: 'Otro motivo distinto' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('detention_version_conflict');

    const versions = await as(t.app, cap14).get(`/api/detentions/${d.folio}/versions`);
    expect(versions.statusCode).toBe(200);
    const vs = versions.json().items;
    expect(vs.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect(vs[0].data.persona.curp ?? null).toBeNull();
    expect(vs[1].data.persona.curp).toBe('HELO990501HVZRPN09');
    expect(vs[1].version_reason).toBe('Datos de identificación aportados por el MP');

    // Custody chain.
    const ev = (body: Record<string, unknown>) => as(t.app, cap14).post(`/api/detentions/${d.folio}/events`, body);
    const puesta = await ev({ tipo: 'puesta_a_disposicion', ocurrido_at: before(5 * MIN).toISOString(), autoridad: { tipo: 'ministerio_publico', nombre: 'MP de Detenidos Zona Centro' }, lugar: 'Agencia del MP Zona Centro, Guadalajara', external_id: 'E-1' });
    expect(puesta.statusCode, puesta.body).toBe(201);
    expect(puesta.json().event.seq).toBe(1);
    expect(puesta.json().detention.custodia).toMatchObject({ situacion: 'a_disposicion_ministerio_publico', ubicacion_actual: 'Agencia del MP Zona Centro, Guadalajara', autoridad_actual: 'MP de Detenidos Zona Centro' });
    const again = await ev({ tipo: 'puesta_a_disposicion', ocurrido_at: before(5 * MIN).toISOString(), autoridad: { tipo: 'ministerio_publico', nombre: 'MP de Detenidos Zona Centro' }, lugar: 'Agencia del MP Zona Centro, Guadalajara', external_id: 'E-1' });
    expect(again.statusCode).toBe(200);
    expect(again.json().event.seq).toBe(1);
    expect((await ev({ tipo: 'revision_medica', ocurrido_at: before(3 * MIN).toISOString(), estado_fisico: 'Sin lesiones visibles', lesiones: false, medico: { nombre: 'Dra. Ana Ruiz', cedula: '1234567' } })).statusCode).toBe(201);
    t.clock.advance(2 * H);
    expect((await ev({ tipo: 'traslado', ocurrido_at: before(30 * MIN).toISOString(), origen: 'Agencia del MP Zona Centro', destino: 'Fiscalía del Estado, Puente Grande', ruta: [{ lat: 20.67, lon: -103.34 }, { lat: 20.6, lon: -103.2 }] })).statusCode).toBe(201);
    expect((await ev({ tipo: 'cambio_situacion_juridica', ocurrido_at: before(20 * MIN).toISOString(), situacion: 'retencion_ministerio_publico', descripcion: 'Se decreta la retención' })).statusCode).toBe(201);
    const future = await ev({ tipo: 'revision_medica', ocurrido_at: new Date(t.clock.now().getTime() + H).toISOString(), estado_fisico: 'x y z', lesiones: false });
    expect(future.statusCode).toBe(400);
    expect(future.json().error.details.issues[0].path).toBe('ocurrido_at');
    const lib = await ev({ tipo: 'libertad', ocurrido_at: before(10 * MIN).toISOString(), motivo: 'falta_de_elementos', descripcion: 'El MP no ejerce acción penal' });
    expect(lib.statusCode).toBe(201);
    expect(lib.json().detention.custodia).toMatchObject({ situacion: 'en_libertad', ubicacion_actual: null });
    const after = await ev({ tipo: 'revision_medica', ocurrido_at: before(MIN).toISOString(), estado_fisico: 'Sin lesiones', lesiones: false });
    expect(after.statusCode).toBe(409);
    expect(after.json().error.code).toBe('detention_released');

    const tl = await as(t.app, cap14).get(`/api/detentions/${d.folio}/timeline`);
    expect(tl.statusCode).toBe(200);
    const items = tl.json().items as { kind: string; recorded_by: { name: string; institution_name: string | null } }[];
    // In the order things happened: the puesta (5 min before the PATCH) precedes version 2.
    expect(items.map((i) => i.kind)).toEqual(['detencion', 'registro', 'puesta_a_disposicion', 'revision_medica', 'version', 'traslado', 'cambio_situacion_juridica', 'libertad']);
    expect(items.every((i) => i.recorded_by.name.length > 0)).toBe(true);
    expect(items[2].recorded_by.institution_name).toBe('Secretaría de Seguridad de Jalisco (prueba)');

    // Events and audit written in the same transactions.
    const events = await t.database.db.selectFrom('outbox').select(['type', 'payload']).where('aggregate_id', '=', d.folio).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['detention.registered', 'detention.updated', 'detention.custody_event', 'detention.custody_event', 'detention.custody_event', 'detention.custody_event', 'detention.custody_event']);
    expect((events[0].payload as { persona: unknown }).persona).toEqual({ nombre: 'José', apellido_paterno: 'Pérez', apellido_materno: 'López', curp: null, fecha_nacimiento: null, edad: 34, sexo: 'H', alias: ['El Güero'] });
    expect((events[1].payload as { persona: { curp: string } }).persona.curp).toBe('HELO990501HVZRPN09');
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', d.folio).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['detention.registered', 'detention.updated', 'detention.custody_event_recorded', 'detention.versions_viewed', 'detention.timeline_viewed']));
    // Append-only tables refuse changes even from SQL.
    await expect(sql`DELETE FROM detentions WHERE folio = ${d.folio}`.execute(t.database.db)).rejects.toThrow(/never deleted/);
    await expect(sql`UPDATE detention_events SET tipo = 'traslado' WHERE seq = 1`.execute(t.database.db)).rejects.toThrow(/append-only/);
  });

  it('answers 400 naming the field: CURP check digit, future time, municipality outside the entidad, unknown offence', async () => {
    const post = (o: Record<string, unknown>, lang?: string) => as(t.app, cap14).post('/api/detentions', registrationBody(before(10 * MIN), o), lang ? { 'accept-language': lang } : undefined);
    const curp = 'HELO990501HVZRPN09'.slice(0, 17) + ((Number(curpCheckDigit('HELO990501HVZRPN0')) + 1) % 10);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ persona: { curp } }, 'persona.curp', /dígito verificador/],
      [{ fecha_hora_detencion: new Date(t.clock.now().getTime() + H).toISOString() }, 'fecha_hora_detencion', /futuro/],
      [{ lugar: { municipio: '999' } }, 'lugar.municipio', /no pertenece a la entidad 14/],
      [{ offence_codes: ['NO-EXISTE'] }, 'offence_codes.0', /no está en el catálogo/],
      [{ offence_codes: ['T-EBRIO'] }, 'offence_codes.0', /no corresponde al tipo/],
      [{ supuesto: 'arresto_administrativo' }, 'supuesto', /no corresponde al tipo/],
      [{ persona: { edad: undefined } }, 'persona.edad', /edad o la fecha de nacimiento/],
      [{ lugar: { entidad: '09', municipio: null } }, 'lugar.entidad', /fuera de su territorio/],
      [{ persona_confianza: { nombre: 'Ana Pérez', telefono: '33 1234 5678' } }, 'persona_confianza.consentimiento', /acepta proporcionarlo/],
    ];
    for (const [override, path, message] of cases) {
      const res = await post(override);
      expect(res.statusCode, `${path}: ${res.body}`).toBe(400);
      const issue = res.json().error.details.issues.find((i: { path: string }) => i.path === path);
      expect(issue, `${path}: ${res.body}`).toBeDefined();
      expect(issue.message).toMatch(message);
    }
    const en = await post({ persona: { curp } }, 'en');
    expect(en.json().error.details.issues[0]).toMatchObject({ path: 'persona.curp', message: 'the CURP check digit is wrong' });
    expect(await t.database.db.selectFrom('outbox').select('id').where('type', '=', 'detention.registered').where(sql<boolean>`payload->>'external_id' is null`).execute()).toEqual([]);
  });

  it('names a broken shape and a broken catalogue fact in the same answer, and writes nothing', async () => {
    const body = registrationBody(before(10 * MIN), { persona: { edad: 'treinta' }, lugar: { municipio: '999' }, offence_codes: ['NO-EXISTE'], external_id: 'SHAPE-1', source: 'c5-jal' });
    const res = await as(t.app, cap14).post('/api/detentions', body);
    expect(res.statusCode, res.body).toBe(400);
    const issues = res.json().error.details.issues as { path: string; message: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(['lugar.municipio', 'offence_codes.0', 'persona.edad']);
    expect(issues.find((i) => i.path === 'offence_codes.0')!.message).toMatch(/no está en el catálogo/);
    expect(res.json().error.message).toMatch(/persona\.edad: .*offence_codes\.0: /);
    const en = await as(t.app, cap14).post('/api/detentions', body, { 'accept-language': 'en' });
    expect((en.json().error.details.issues as { path: string; message: string }[]).find((i) => i.path === 'lugar.municipio')!.message).toBe('municipality 999 is not in entidad 14');
    // Only the schema's findings for someone who may not capture (no catalogue lookups on their behalf).
    const other = await as(t.app, analyst14).post('/api/detentions', body);
    expect(other.statusCode).toBe(400);
    expect((other.json().error.details.issues as { path: string }[]).map((i) => i.path)).toEqual(['persona.edad']);
    expect((await sql`SELECT id FROM detentions WHERE external_id = 'SHAPE-1'`.execute(t.database.db)).rows).toEqual([]);
  });

  it('registers a valid CURP that contradicts the person, and says where in avisos (es/en)', async () => {
    // José Pérez López, 34 (registrationBody): his own CURP raises nothing; another person's, or a mistyped age, does.
    const born = new Date(before(10 * MIN).getTime() - (34 * 365.25 + 30) * 24 * H).toISOString().slice(0, 10);
    const own = buildCurp({ nombre: 'José', apellido_paterno: 'Pérez', apellido_materno: 'López', fecha_nacimiento: born, sexo: 'H', entidad_nacimiento: 'JC' });
    const other = buildCurp({ nombre: 'Beatriz', apellido_paterno: 'Luna', apellido_materno: 'Paz', fecha_nacimiento: born, sexo: 'H', entidad_nacimiento: 'JC' });
    const post = (persona: Record<string, unknown>, lang?: string) => as(t.app, cap14).post('/api/detentions', registrationBody(before(10 * MIN), { persona }), lang ? { 'accept-language': lang } : undefined);
    const codes = (r: { json: () => { avisos: { code: string }[] } }) => r.json().avisos.map((a) => a.code);
    const ok = await post({ curp: own });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(codes(ok)).toEqual([]);
    const wrongName = await post({ curp: other });
    expect(wrongName.statusCode).toBe(201);
    expect(codes(wrongName)).toEqual(['curp_nombre']);
    expect(wrongName.json().avisos[0].message).toBe(`la CURP empieza con LUPB y el nombre registrado daría PELJ: revise la CURP o el nombre`);
    const wrongAge = await post({ curp: own, edad: 43 }, 'en');
    expect(codes(wrongAge)).toEqual(['curp_edad']);
    expect(wrongAge.json().avisos[0].message).toBe(`the recorded age (43) does not match the CURP's birth date (34 years)`);
    // The same warnings come with every later read of the record.
    const read = await as(t.app, cap14).get(`/api/detentions/${wrongName.json().folio}`);
    expect(codes(read)).toEqual(['curp_nombre']);
  });

  it('accepts any 3-digit municipality where no municipality catalogue is loaded for the entidad', async () => {
    const u = await factories(t.database).user({ roles: ['capturist'], entidad: '31' });
    const s = await login(t.app, u.username);
    const res = await as(t.app, s).post('/api/detentions', registrationBody(before(10 * MIN), { lugar: { entidad: '31', municipio: '050', lat: 20.97, lon: -89.62 } }));
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().lugar.municipio).toBe('050');
  });

  it('a retried registration with the same source id returns the same folio and no duplicate', async () => {
    const body = registrationBody(before(15 * MIN), { source: 'sistema-jal', external_id: 'RETRY-7' });
    const first = await as(t.app, cap14).post('/api/detentions', body);
    const second = await as(t.app, cap14).post('/api/detentions', body);
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json().folio).toBe(first.json().folio);
    const n = await t.database.db.withTables<{ detentions: { source: string; external_id: string } }>().selectFrom('detentions').select(sql<number>`count(*)::int`.as('n'))
      .where('source', '=', 'sistema-jal').where('external_id', '=', 'RETRY-7').executeTakeFirstOrThrow();
    expect(n.n).toBe(1);
    const registered = await t.database.db.selectFrom('outbox').select('id').where('aggregate_id', '=', first.json().folio).where('type', '=', 'detention.registered').execute();
    expect(registered).toHaveLength(1);
  });

  it('a user of another entidad gets 404 on the record, its history and its writes', async () => {
    const reg = await as(t.app, cap14).post('/api/detentions', registrationBody(before(10 * MIN)));
    const folio = reg.json().folio;
    for (const res of [
      await as(t.app, cap09).get(`/api/detentions/${folio}`),
      await as(t.app, cap09).get(`/api/detentions/${folio}/timeline`),
      await as(t.app, cap09).get(`/api/detentions/${folio}/versions`),
      await as(t.app, cap09).patch(`/api/detentions/${folio}`, { motivo_cambio: 'intento', motivo: 'Cambio no autorizado' }),
      await as(t.app, cap09).post(`/api/detentions/${folio}/events`, { tipo: 'revision_medica', ocurrido_at: before(MIN).toISOString(), estado_fisico: 'Sin lesiones', lesiones: false }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('detention_not_found');
    }
    const list = await as(t.app, cap09).get('/api/detentions?entidad=14');
    expect(list.json()).toMatchObject({ items: [], total: 0 });
    const own = await as(t.app, analyst14).get(`/api/detentions/${folio}`);
    expect(own.statusCode).toBe(200);
    const readAudit = await t.database.db.selectFrom('audit_log').select(['action', 'entidad']).where('entity_id', '=', folio).where('action', '=', 'detention.viewed').execute();
    expect(readAudit).toEqual([{ action: 'detention.viewed', entidad: '14' }]);
  });
});

describe('detentions: legal-deadline flags follow the injected clock', () => {
  let t: TestApp;
  let cap: Session;
  const now = () => t.clock.now().getTime();
  const flagsOf = async (folio: string) => (await as(t.app, cap).get(`/api/detentions/${folio}`)).json().flags as string[];
  const listFlags = async (folio: string) => ((await as(t.app, cap).get('/api/detentions?page_size=200')).json().items as { folio: string; flags: string[] }[]).find((i) => i.folio === folio)!.flags;

  beforeAll(async () => {
    t = await createTestApp({ SESSION_TTL_HOURS: '720' }); // the clock moves days ahead
    await seedTestOffences(t.database.db);
    const u = await factories(t.database).user({ roles: ['capturist'], entidad: '14' });
    cap = await login(t.app, u.username);
  });
  afterAll(() => t.close());

  it('flags a registration later than the configured lag', async () => {
    const res = await as(t.app, cap).post('/api/detentions', registrationBody(new Date(now() - 2 * H), { lugar: { municipio: null } }));
    expect(res.json().registro_lag_min).toBe(120);
    expect(res.json().flags).toContain('registro_tardio');
  });

  it('flags a puesta a disposición that was not "sin demora", as time passes', async () => {
    const res = await as(t.app, cap).post('/api/detentions', registrationBody(new Date(now() - 10 * MIN), { lugar: { municipio: null } }));
    const folio = res.json().folio;
    expect(await listFlags(folio)).toEqual([]);
    t.clock.advance(4 * H);
    expect(await listFlags(folio)).toEqual(['puesta_demorada']);
    const filtered = await as(t.app, cap).get('/api/detentions?flag=puesta_demorada');
    expect(filtered.json().items.map((i: { folio: string }) => i.folio)).toContain(folio);
  });

  it('flags an administrative arrest beyond 36 hours (art. 21) and stops the clock at release', async () => {
    const body = registrationBody(new Date(now() - 5 * MIN), { tipo: 'falta_administrativa', supuesto: 'arresto_administrativo', offence_codes: ['T-EBRIO'], lugar: { municipio: null }, autoridad_destino: { tipo: 'juez_civico', nombre: 'Juzgado Cívico 3' } });
    const folio = (await as(t.app, cap).post('/api/detentions', body)).json().folio;
    await as(t.app, cap).post(`/api/detentions/${folio}/events`, { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now()).toISOString(), autoridad: { tipo: 'juez_civico', nombre: 'Juzgado Cívico 3' }, lugar: 'Juzgado Cívico 3, Zapopan' });
    t.clock.advance(35 * H);
    expect(await flagsOf(folio)).toEqual([]);
    t.clock.advance(2 * H);
    expect(await flagsOf(folio)).toEqual(['arresto_excedido']);
    const other = (await as(t.app, cap).post('/api/detentions', { ...body, fecha_hora_detencion: new Date(now() - 5 * MIN).toISOString() })).json().folio;
    await as(t.app, cap).post(`/api/detentions/${other}/events`, { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now()).toISOString(), autoridad: { tipo: 'juez_civico', nombre: 'Juzgado Cívico 3' }, lugar: 'Juzgado Cívico 3' });
    t.clock.advance(20 * H);
    await as(t.app, cap).post(`/api/detentions/${other}/events`, { tipo: 'libertad', ocurrido_at: new Date(now()).toISOString(), motivo: 'pago_de_multa' });
    t.clock.advance(30 * H);
    expect(await flagsOf(other)).toEqual([]);
  });

  it('flags Ministerio Público retention beyond 48 h, or 96 h for delincuencia organizada (art. 16)', async () => {
    const mk = async (codes: string[]) => {
      const folio = (await as(t.app, cap).post('/api/detentions', registrationBody(new Date(now() - 30 * MIN), { offence_codes: codes, lugar: { municipio: null } }))).json().folio;
      const r = await as(t.app, cap).post(`/api/detentions/${folio}/events`, { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now()).toISOString(), autoridad: { tipo: 'ministerio_publico', nombre: 'MP 1' }, lugar: 'Agencia MP 1' });
      expect(r.statusCode, r.body).toBe(201);
      return folio;
    };
    const common = await mk(['T-ROBO']);
    const organised = await mk(['T-DO']);
    const handed = await mk(['T-ROBO']);
    t.clock.advance(47 * H);
    expect((await as(t.app, cap).get(`/api/detentions/${common}`)).json().plazos.retencion_ministerio_publico).toBe(new Date(now() + H).toISOString());
    await as(t.app, cap).post(`/api/detentions/${handed}/events`, { tipo: 'puesta_a_disposicion', ocurrido_at: new Date(now()).toISOString(), autoridad: { tipo: 'juez_control', nombre: 'Juez de Control 2' }, lugar: 'Centro Penitenciario' });
    t.clock.advance(2 * H);
    expect(await flagsOf(common)).toEqual(['retencion_mp_excedida']);
    expect(await flagsOf(organised)).toEqual([]);
    expect(await flagsOf(handed)).toEqual([]);
    t.clock.advance(48 * H);
    expect(await flagsOf(organised)).toEqual(['retencion_mp_excedida']);
  });
});

describe('CURP check digit', () => {
  it('accepts RENAPO-shaped keys with a right check digit and names the wrong part otherwise', () => {
    for (const c of ['BOXW310820HNERXN09', 'HELO990501HVZRPN09', 'MASI050805MVZRLRA8', 'COME721110MVZNRR03', 'TEAM470622HVZZPR07', 'GARS700923HSPLXL06']) expect(checkCurp(c).ok, c).toBe(true);
    expect(checkCurp('HELO990501HVZRPN08')).toEqual({ ok: false, reason: 'check_digit' });
    expect(checkCurp('HELO991301HVZRPN09')).toEqual({ ok: false, reason: 'birth_date' });
    expect(checkCurp('HELO990501HXXRPN09')).toEqual({ ok: false, reason: 'birth_state' });
    expect(checkCurp('HELO99050')).toEqual({ ok: false, reason: 'format' });
    expect(checkCurp('MASI050805MVZRLRA8')).toMatchObject({ ok: true, facts: { fecha_nacimiento: '2005-08-05', sexo: 'M', entidad_nacimiento: 'VZ' } });
  });
});

describe('detentions: a state system through an API key', () => {
  let t: TestApp;
  let key: { authorization: string };
  let instId: number;

  beforeAll(async () => {
    t = await createTestApp();
    await seedTestOffences(t.database.db);
    const f = factories(t.database);
    const inst = await f.institution('14', 'c5', 'C5 Jalisco (prueba)');
    instId = Number(inst.id);
    key = await apiKeyFor(t.database.db, instId, '14', 'c5 jalisco');
  });
  afterAll(() => t.close());

  const post = (url: string, body: unknown, headers: Record<string, string>) => t.app.inject({ method: 'POST', url, payload: body as object, headers });

  it('registers for its own institution with its own registration time, and retries answer the same folio', async () => {
    const at = new Date(t.clock.now().getTime() - 3 * H);
    const body = registrationBody(at, { external_id: 'C5-991', fecha_hora_registro: new Date(at.getTime() + 5 * MIN).toISOString(), lugar: { municipio: null } });
    const first = await post('/api/detentions', body, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ source: 'api:c5_jalisco', external_id: 'C5-991', registro_lag_min: 5, institution: { id: instId } });
    expect(first.json().flags).not.toContain('registro_tardio');
    expect(new Date(first.json().received_at).getTime()).toBe(t.clock.now().getTime());
    const retry = await post('/api/detentions', body, key);
    expect(retry.statusCode).toBe(200);
    expect(retry.json().folio).toBe(first.json().folio);
    const other = await factories(t.database).institution('14');
    const foreign = await post('/api/detentions', registrationBody(at, { autoridad_detencion: { institution_id: Number(other.id) }, lugar: { municipio: null } }), key);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details.issues[0].path).toBe('autoridad_detencion.institution_id');
  });

  it('a person capturing directly cannot set the registration time', async () => {
    const u = await factories(t.database).user({ roles: ['capturist'], entidad: '14' });
    const s = await login(t.app, u.username);
    const at = new Date(t.clock.now().getTime() - 3 * H);
    const res = await as(t.app, s).post('/api/detentions', registrationBody(at, { fecha_hora_registro: at.toISOString(), lugar: { municipio: null } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.issues[0].path).toBe('fecha_hora_registro');
  });
});
