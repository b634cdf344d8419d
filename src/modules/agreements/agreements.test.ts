import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../core/audit.js';
import { as, createTestApp, createTestDatabase, factories, login, type Session, type TestApp } from '../../../test/helper.js';
import { hasSeeds, seedFile } from '../../../test/seeds.js';
import { loadAgreementsDemo } from './agreements.demo.js';
import { addPeriod, computeDeadline, describeSession, effectiveStatus, inferAgreementKind, spanishDateLabel } from './agreements.rules.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DAY = 86_400_000;


function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer | string; type?: string }) {
  const boundary = `----sereno${Date.now()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/plain'}\r\n\r\n`));
    parts.push(Buffer.isBuffer(file.content) ? file.content : Buffer.from(file.content));
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** A minimal .docx (stored ZIP entries): one paragraph per line of text. */
function docx(text: string): Buffer {
  const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xml = `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${
    text.split('\n').map((l) => `<w:p><w:r><w:t xml:space="preserve">${esc(l)}</w:t></w:r></w:p>`).join('')}</w:body></w:document>`;
  const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
  const crc = (b: Buffer) => { let c = 0xffffffff; for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
  const files = { '[Content_Types].xml': '<?xml version="1.0"?><Types/>', 'word/document.xml': xml };
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(files)) {
    const data = Buffer.from(content);
    const n = Buffer.from(name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0); h.writeUInt16LE(20, 4); h.writeUInt16LE(0x0800, 6); h.writeUInt32LE(crc(data), 14); h.writeUInt32LE(data.length, 18); h.writeUInt32LE(data.length, 22); h.writeUInt16LE(n.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0); c.writeUInt16LE(20, 4); c.writeUInt16LE(20, 6); c.writeUInt16LE(0x0800, 8); c.writeUInt32LE(crc(data), 16); c.writeUInt32LE(data.length, 20); c.writeUInt32LE(data.length, 24); c.writeUInt16LE(n.length, 28); c.writeUInt32LE(offset, 42);
    local.push(h, n, data);
    central.push(c, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(2, 8); end.writeUInt16LE(2, 10); end.writeUInt32LE(cd.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...local, cd, end]);
}

/** The text a PDF shows: content streams inflated, hex strings of TJ/Tj operators decoded (WinAnsi ≈ latin1). */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const raw = pdf.toString('latin1');
  for (const m of raw.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let body = pdf.subarray(start, end);
    try { body = inflateSync(body); } catch { /* not compressed */ }
    const s = body.toString('latin1');
    for (const tj of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-fA-F]+)>\s*Tj/g)) {
      const hexes = tj[1] ? [...tj[1].matchAll(/<([0-9a-fA-F]+)>/g)].map((h) => h[1]) : [tj[2]];
      out.push(hexes.map((h) => Buffer.from(h, 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n');
}

describe('agreement rules (pure)', () => {
  it('infers the kind of an acuerdo from its text', () => {
    expect(inferAgreementKind('ORDEN DEL DÍA', 'Los integrantes aprueban el Orden del Día de la Sesión.').kind).toBe('aprobacion');
    expect(inferAgreementKind('X', 'Los integrantes se comprometen a promover la cultura de denuncia.').kind).toBe('compromiso');
    expect(inferAgreementKind('X', 'Los integrantes toman conocimiento de la exposición del INEGI.').kind).toBe('toma_de_conocimiento');
    expect(inferAgreementKind('X', 'Reconocen la importancia; solicitan a la Secretaría Técnica que gestione la inclusión del tema.').kind).toBe('instruccion_secretaria_tecnica');
    expect(inferAgreementKind('Sede de la XXI Asamblea Plenaria', 'Se aprueba que la sede sea Sonora.').kind).toBe('designacion');
    expect(inferAgreementKind('X', 'Texto sin verbo reconocible.').kind).toBe('otro');
  });

  it('describes sessions, dates and deadlines', () => {
    expect(describeSession('XXIII Asamblea Plenaria')).toEqual({ kind: 'asamblea_plenaria', numeral: 'XXIII', zone: null });
    expect(describeSession('Segunda Sesión Ordinaria 2019 de la Zona Occidente')).toEqual({ kind: 'sesion_ordinaria', numeral: '2', zone: 'Occidente' });
    expect(describeSession('Primera Reunión Regional de la Zona Noreste 2022').kind).toBe('reunion_regional');
    expect(spanishDateLabel('2018-11-15', '2018-11-16')).toBe('15 y 16 de noviembre de 2018');
    expect(computeDeadline([{ text: 'del Segundo Semestre de 2019', kind: 'relative', period: { start: '2019-07-01', end: '2019-12-31' } }], '2019-11-19'))
      .toMatchObject({ deadline: '2019-12-31', deadline_kind: 'relative', deadline_phrase: 'del Segundo Semestre de 2019' });
    expect(computeDeadline([{ text: 'mensualmente', kind: 'recurring', recurrence: 'monthly' }], '2019-11-19'))
      .toMatchObject({ deadline: null, deadline_kind: 'recurring', recurrence: 'monthly', next_due: '2019-12-19' });
    expect(computeDeadline([{ text: 'en un plazo de 30 días hábiles', kind: 'relative', amount: 30, unit: 'días hábiles' }], '2022-06-23').deadline).toBe('2022-08-04');
    expect(addPeriod('2026-01-31', 'monthly')).toBe('2026-02-28');
    expect(effectiveStatus('in_progress', '2026-11-22', '2026-11-23')).toBe('overdue');
    expect(effectiveStatus('fulfilled', '2026-11-22', '2026-11-23')).toBe('fulfilled');
  });
});

describe.skipIf(!hasSeeds)('agreements module', () => {
  let t: TestApp;
  let st: Session;
  let jal: Session;
  let cdmx: Session;
  let analyst: Session;
  const seeds = { a: seedFile('000_'), b: seedFile('002_'), c: seedFile('003_') };
  const ids: Record<string, number> = {};
  const users: Record<'st' | 'jal' | 'cdmx' | 'analyst', string> = { st: '', jal: '', cdmx: '', analyst: '' };
  /** Sessions expire when the test clock moves days ahead: sign everyone in again. */
  const relogin = async () => {
    [st, jal, cdmx, analyst] = await Promise.all([login(t.app, users.st), login(t.app, users.jal), login(t.app, users.cdmx), login(t.app, users.analyst)]);
  };
  const advance = async (days: number) => {
    t.clock.advance(days * DAY);
    await relogin();
  };

  beforeAll(async () => {
    t = await createTestApp();
    const f = factories(t.database);
    const stInst = await f.institution(null, 'conference_secretariat');
    users.st = (await f.user({ roles: ['secretariat'], entidad: null, institutionId: stInst.id })).username;
    users.jal = (await f.user({ roles: ['liaison'], entidad: '14' })).username;
    users.cdmx = (await f.user({ roles: ['liaison'], entidad: '09' })).username;
    users.analyst = (await f.user({ roles: ['analyst'], entidad: null })).username;
    await relogin();
  });
  afterAll(() => t.close());

  const count = async (table: 'agreement_sessions' | 'agreements' | 'agreement_commitments') =>
    Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(t.database.db)).rows[0].n);

  it('previews an uploaded seed without writing anything', async () => {
    const m = multipart({}, { name: seeds.a.name, content: seeds.a.text });
    const res = await as(t.app, st).post('/api/agreements/import/preview', m.payload, m.headers);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.parse.sessions).toHaveLength(1);
    expect(body.plan.sessions[0]).toMatchObject({ action: 'create', name: 'Segunda Sesión Ordinaria 2019 de la Zona Occidente', date: '2019-11-19', zone: 'Occidente', kind: 'sesion_ordinaria', agreements: 13 });
    expect(body.plan.create).toEqual({ sessions: 1, agreements: 13, transitory: 0 });
    const quinto = body.document.sessions[0].agreements[4];
    expect(quinto.kind).toBe('compromiso');
    expect(quinto.suggested_commitments[0]).toMatchObject({ responsible: { kind: 'zone', zone: 'Occidente' }, recurrence: 'monthly', status: 'proposed' });
    expect(await count('agreement_sessions')).toBe(0);
  });

  it('imports the three seeds (file upload, text, reviewed document) with the right sessions and acuerdos', async () => {
    const m = multipart({}, { name: seeds.a.name, content: seeds.a.text });
    const a = await as(t.app, st).post('/api/agreements/import', m.payload, m.headers);
    expect(a.statusCode, a.body).toBe(201);
    expect(a.json().created).toEqual({ sessions: 1, agreements: 13, transitory: 0, commitments: 0 });

    const b = await as(t.app, st).post('/api/agreements/import', { text: seeds.b.text, filename: seeds.b.name });
    expect(b.statusCode, b.body).toBe(201);
    expect(b.json().created).toMatchObject({ sessions: 1, agreements: 6 });

    // The reviewed document from the preview, edited: one kind corrected by hand and one commitment added.
    const preview = (await as(t.app, st).post('/api/agreements/import/preview', { text: seeds.c.text, filename: seeds.c.name })).json();
    expect(preview.plan.sessions.map((s: { name: string }) => s.name)).toEqual(['XX Asamblea Plenaria', 'XIX Asamblea Plenaria', 'XVIII Asamblea Plenaria', 'XVII Asamblea Plenaria', 'XVI Asamblea Plenaria', 'XV Asamblea Plenaria']);
    const doc = preview.document;
    const xx = doc.sessions[0];
    expect(xx.agreements[11].title).toBe('Sistemas de información');
    xx.agreements[1].kind = 'otro';
    xx.agreements[11].commitments = [{ responsible: { kind: 'entidades', entidades: ['14', '09'] }, deliverable: 'Registrar los incidentes en el Módulo de Incidentes del RNIP', deadline: '2027-01-31', status: 'approved' }];
    const c = await as(t.app, st).post('/api/agreements/import', { document: doc });
    expect(c.statusCode, c.body).toBe(201);
    expect(c.json().created).toEqual({ sessions: 6, agreements: 93, transitory: 0, commitments: 2 });

    expect(await count('agreement_sessions')).toBe(8);
    expect(await count('agreements')).toBe(112);
    const stored = await t.database.db.withTables<{ agreements: { kind: string; kind_source: string; title: string } }>().selectFrom('agreements').select(['kind', 'kind_source']).where('title', '=', 'Coordinación y Combate a la Delincuencia Organizada').executeTakeFirstOrThrow();
    expect(stored).toEqual({ kind: 'otro', kind_source: 'manual' });

    const list = (await as(t.app, analyst).get('/api/agreements/sessions?page_size=50')).json();
    expect(list.total).toBe(8);
    expect(list.items[0]).toMatchObject({ name: 'XXIII Asamblea Plenaria', agreements: 6, kind: 'asamblea_plenaria', numeral: 'XXIII' });
    for (const s of list.items) ids[s.name] = s.id;
  });

  it('re-importing the same documents creates nothing new', async () => {
    for (const s of [seeds.a, seeds.b, seeds.c]) {
      const pre = (await as(t.app, st).post('/api/agreements/import/preview', { text: s.text, filename: s.name })).json();
      expect(pre.plan.create.sessions).toBe(0);
      expect(pre.plan.sessions.every((p: { action: string; existing_id: number }) => p.action === 'skip_existing' && p.existing_id > 0)).toBe(true);
      const res = await as(t.app, st).post('/api/agreements/import', { text: s.text, filename: s.name, create_suggested_commitments: true });
      expect(res.statusCode).toBe(201);
      expect(res.json().created).toEqual({ sessions: 0, agreements: 0, transitory: 0, commitments: 0 });
    }
    expect(await count('agreement_sessions')).toBe(8);
    expect(await count('agreements')).toBe(112);
    expect(await count('agreement_commitments')).toBe(2);
  });


  it('imports a .docx upload with transitorios and, when asked, its suggested commitments', async () => {
    const text = fs.readFileSync(path.join(HERE, 'fixtures', 'regional-2022-transitorios.txt'), 'utf8');
    const m = multipart({ create_suggested_commitments: 'true' }, { name: 'reunion-regional-2022.docx', content: docx(text), type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document' });
    const res = await as(t.app, st).post('/api/agreements/import', m.payload, m.headers);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().created).toMatchObject({ sessions: 1, agreements: 4, transitory: 3 });
    const id = res.json().sessions[0].id;
    const page = (await as(t.app, st).get(`/api/agreements/sessions/${id}`)).json();
    expect(page.session).toMatchObject({ kind: 'reunion_regional', zone: 'Occidente', date: '2022-06-23', entidad: '14' });
    expect(page.transitory.map((a: { ordinal: string }) => a.ordinal)).toEqual(['PRIMERO', 'SEGUNDO', 'TERCERO']);
    const list = (await as(t.app, st).get(`/api/agreements/commitments?session_id=${id}&page_size=500`)).json();
    // SEGUNDO (monthly, 8 Occidente states), TERCERO (explicit date, 8), CUARTO (Secretaría Técnica), transitorios SEGUNDO and TERCERO (8 each).
    expect(list.total).toBe(33);
    expect(list.items.every((c: { status: string }) => c.status === 'proposed')).toBe(true);
    const monthly = list.items.find((c: { agreement_ordinal: string; recurrence: string }) => c.agreement_ordinal === 'SEGUNDO' && c.recurrence === 'monthly');
    expect(monthly).toMatchObject({ deadline_kind: 'recurring', deadline_phrase: 'mensualmente', next_due: '2022-07-23' });
    const transitory = list.items.filter((c: { agreement_section: string }) => c.agreement_section === 'transitorio');
    expect(new Set(transitory.map((c: { deadline: string }) => c.deadline))).toEqual(new Set(['2022-08-05', '2022-08-04']));
    expect(await count('agreement_sessions')).toBe(9);
  });

  it('serves the session page as the official document reads, with the imported source kept', async () => {
    const res = await as(t.app, jal).get(`/api/agreements/sessions/${ids['XX Asamblea Plenaria']}`);
    expect(res.statusCode).toBe(200);
    const page = res.json();
    expect(page.session.heading).toEqual(['ACUERDOS', 'XX ASAMBLEA PLENARIA', 'CONFERENCIA NACIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA', '15 Y 16 DE NOVIEMBRE DE 2018, SALTILLO, COAHUILA']);
    expect(page.agreements.map((a: { number: number }) => a.number)).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    expect(page.agreements[11].progress).toMatchObject({ commitments: 2, fulfilled: 0 });
    const source = page.session.documents.find((d: { kind: string }) => d.kind === 'fuente');
    const doc = (await as(t.app, jal).get(`/api/agreements/documents/${source.id}`)).json();
    expect(doc.source.text).toBe(seeds.c.text);
  });

  let occTercero: number;
  let zoneIds: { entidad: string; id: number }[] = [];

  it('expands a zone commitment to one row per entidad, turns it overdue when the clock passes its deadline, and reminds the responsible state', async () => {
    const page = (await as(t.app, st).get(`/api/agreements/sessions/${ids['Segunda Sesión Ordinaria 2019 de la Zona Occidente']}`)).json();
    occTercero = page.agreements[2].id;
    const res = await as(t.app, st).post(`/api/agreements/acuerdos/${occTercero}/commitments`, {
      responsible: { kind: 'zone' }, deliverable: 'Designar al enlace permanente del Registro Nacional de Detenciones', deadline: '2026-12-03', status: 'approved',
    });
    expect(res.statusCode, res.body).toBe(201);
    zoneIds = res.json().items.map((c: { entidad: string; id: number }) => ({ entidad: c.entidad, id: c.id }));
    expect(zoneIds.map((z) => z.entidad)).toEqual(['01', '06', '11', '14', '16', '18', '22', '32']);
    const jalId = zoneIds.find((z) => z.entidad === '14')!.id;

    let sweep = (await as(t.app, st).post('/api/agreements/reminders/run')).json();
    expect(sweep).toMatchObject({ as_of: '2026-11-23', marked_overdue: 0, reminders: 0 });

    await advance(4); // due in 6 days: inside the 7-day reminder window
    sweep = (await as(t.app, st).post('/api/agreements/reminders/run')).json();
    expect(sweep).toMatchObject({ marked_overdue: 0, reminders: 8 });
    const notes = (await as(t.app, jal).get('/api/agreements/notifications')).json();
    expect(notes.items).toHaveLength(1);
    expect(notes.items[0]).toMatchObject({ entidad: '14', commitment_id: jalId, kind: 'reminder_due', due_date: '2026-12-03' });
    expect(notes.items[0].message).toMatch(/^Vence el 2026-12-03 \(6 días\): Designar al enlace/);
    expect((await as(t.app, cdmx).get('/api/agreements/notifications')).json().items).toHaveLength(0);

    await advance(11); // 2026-12-08: past the deadline
    const before = (await as(t.app, jal).get(`/api/agreements/commitments/${jalId}`)).json();
    expect(before.commitment).toMatchObject({ status: 'overdue', recorded_status: 'approved' });
    sweep = (await as(t.app, st).post('/api/agreements/reminders/run')).json();
    expect(sweep).toMatchObject({ as_of: '2026-12-08', marked_overdue: 8, overdue_notifications: 8, email: 'not_configured' });
    const after = (await as(t.app, jal).get(`/api/agreements/commitments/${jalId}`)).json();
    expect(after.commitment).toMatchObject({ status: 'overdue', recorded_status: 'overdue' });
    expect(after.history.map((h: { action: string }) => h.action)).toEqual(['created', 'overdue']);
    const jalNotes = (await as(t.app, jal).get('/api/agreements/notifications?unread=true')).json();
    expect(jalNotes.items.map((n: { kind: string }) => n.kind)).toEqual(['overdue', 'reminder_due']);
    expect((await as(t.app, jal).post(`/api/agreements/notifications/${jalNotes.items[0].id}/read`)).statusCode).toBe(200);
    expect((await as(t.app, jal).get('/api/agreements/notifications?unread=true')).json().total).toBe(1);

    // Idempotent: a second sweep notifies nobody twice.
    expect((await as(t.app, st).post('/api/agreements/reminders/run')).json()).toMatchObject({ marked_overdue: 0, reminders: 0, overdue_notifications: 0 });
    const events = await t.database.db.selectFrom('outbox').select(['type', 'entidad']).where('type', 'like', 'agreement.%').execute();
    expect(events.filter((e) => e.type === 'agreement.reminder_due')).toHaveLength(8);
    expect(events.filter((e) => e.type === 'agreement.commitment_overdue' && e.entidad === '14')).toHaveLength(1);
    const audit = await t.database.db.selectFrom('audit_log').select('action').where('action', '=', 'agreement.commitment_overdue').execute();
    expect(audit).toHaveLength(8);

    // The board puts overdue first; moving the deadline brings the commitment back.
    const board = (await as(t.app, st).get('/api/agreements/commitments/board?zone=Occidente')).json();
    const jalCol = board.columns.find((c: { entidad: string }) => c.entidad === '14');
    expect(jalCol.counts.overdue).toBe(1);
    expect(jalCol.items[0].status).toBe('overdue');
    const moved = await as(t.app, st).patch(`/api/agreements/commitments/${zoneIds[0].id}`, { deadline: '2027-01-15', reason: 'Prórroga acordada' });
    expect(moved.json()).toMatchObject({ status: 'approved', deadline: '2027-01-15' });
  });

  let national: { entidad: string | null; id: number }[] = [];
  let xxiiiTercero: number;

  it('rolls progress up to the acuerdo (national and by state) and to the per-state compliance table', async () => {
    const page = (await as(t.app, st).get(`/api/agreements/sessions/${ids['XXIII Asamblea Plenaria']}`)).json();
    xxiiiTercero = page.agreements[2].id;
    const made = await as(t.app, st).post(`/api/agreements/acuerdos/${xxiiiTercero}/commitments`, {
      responsible: { kind: 'all_states' }, deliverable: 'Capacitar a las policías estatales en la captura del RND', deadline: '2027-03-31', status: 'approved',
    });
    national = made.json().items.map((c: { entidad: string; id: number }) => ({ entidad: c.entidad, id: c.id }));
    expect(national).toHaveLength(32);
    const jalId = national.find((c) => c.entidad === '14')!.id;
    const cdmxId = national.find((c) => c.entidad === '09')!.id;

    const noEvidence = await as(t.app, jal).post(`/api/agreements/commitments/${jalId}/progress`, { progress: 100 });
    expect(noEvidence.statusCode).toBe(400);
    expect(noEvidence.json().error.details.issues[0].path).toBe('evidence');

    const done = await as(t.app, jal).post(`/api/agreements/commitments/${jalId}/progress`, {
      progress: 100, note: 'Curso concluido', evidence: [{ document_ref: 'Oficio SSP/JAL/123/2026', url: 'https://example.org/constancias.pdf' }],
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json().commitment).toMatchObject({ status: 'fulfilled', progress: 100, fulfilled_by: expect.any(String) });
    expect(done.json().evidence).toHaveLength(1);
    const half = await as(t.app, cdmx).post(`/api/agreements/commitments/${cdmxId}/progress`, { progress: 40, evidence: [{ note: 'Dos de cinco generaciones capacitadas' }] });
    expect(half.json().commitment).toMatchObject({ status: 'in_progress', progress: 40 });

    const ag = (await as(t.app, st).get(`/api/agreements/acuerdos/${xxiiiTercero}`)).json();
    expect(ag.progress.national).toMatchObject({ progress: 4.4, commitments: 32, counted: 32, fulfilled: 1 });
    expect(ag.progress.by_entidad.find((r: { entidad: string }) => r.entidad === '14')).toMatchObject({ progress: 100, fulfilled: 1 });
    expect(ag.progress.by_entidad.find((r: { entidad: string }) => r.entidad === '09')).toMatchObject({ progress: 40 });
    // A state liaison sees the national aggregate but only their own entidad's breakdown.
    const seen = (await as(t.app, cdmx).get(`/api/agreements/acuerdos/${xxiiiTercero}`)).json();
    expect(seen.progress.national.progress).toBe(4.4);
    expect(seen.progress.by_entidad.map((r: { entidad: string }) => r.entidad)).toEqual(['09']);
    expect(seen.commitments.map((c: { entidad: string }) => c.entidad)).toEqual(['09']);

    const comp = (await as(t.app, st).get(`/api/agreements/compliance?session_id=${ids['XXIII Asamblea Plenaria']}`)).json();
    expect(comp.rows).toHaveLength(32);
    expect(comp.rows.find((r: { entidad: string }) => r.entidad === '14')).toMatchObject({ commitments: 1, fulfilled: 1, fulfilled_pct: 100, mean_progress: 100 });
    expect(comp.rows.find((r: { entidad: string }) => r.entidad === '09')).toMatchObject({ in_progress: 1, fulfilled_pct: 0, mean_progress: 40 });
    expect(comp.total).toMatchObject({ commitments: 32, fulfilled: 1, fulfilled_pct: 3.1, mean_progress: 4.4 });
    const all = (await as(t.app, st).get('/api/agreements/compliance')).json();
    expect(all.rows.find((r: { entidad: string }) => r.entidad === '14')).toMatchObject({ commitments: 7, proposed: 4, fulfilled: 1, overdue: 1, fulfilled_pct: 33.3 });
    const mine = (await as(t.app, jal).get('/api/agreements/compliance')).json();
    expect(mine.rows.map((r: { entidad: string }) => r.entidad)).toEqual(['14']);
    const sessions = (await as(t.app, st).get('/api/agreements/sessions?q=XXIII')).json();
    expect(sessions.items[0].progress).toBe(4.4);
  });

  it('keeps each entidad to its own commitments: another entidad gets 404, a national one 403', async () => {
    const jalId = national.find((c) => c.entidad === '14')!.id;
    for (const res of [
      await as(t.app, cdmx).get(`/api/agreements/commitments/${jalId}`),
      await as(t.app, cdmx).post(`/api/agreements/commitments/${jalId}/progress`, { progress: 10 }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('commitment_not_found');
    }
    const en = await as(t.app, cdmx).get(`/api/agreements/commitments/${jalId}`, { 'accept-language': 'en' });
    expect(en.json().error.message).toBe('Commitment not found.');
    const list = (await as(t.app, cdmx).get('/api/agreements/commitments?page_size=500')).json();
    expect(list.items.every((c: { entidad: string | null }) => c.entidad === '09' || c.entidad === null)).toBe(true);
    const stRow = await as(t.app, st).post(`/api/agreements/acuerdos/${xxiiiTercero}/commitments`, { responsible: { kind: 'secretaria_tecnica' }, deliverable: 'Enviar el informe mensual de detenciones por entidad', recurrence: 'monthly', next_due: '2026-12-10', status: 'approved' });
    const stId = stRow.json().items[0].id;
    expect((await as(t.app, cdmx).post(`/api/agreements/commitments/${stId}/progress`, { progress: 10 })).statusCode).toBe(403);
    // The liaison cannot manage, nor can an analyst.
    expect((await as(t.app, cdmx).post('/api/agreements/commitments/status', { ids: [jalId], status: 'cancelled', reason: 'x' })).statusCode).toBe(403);
    expect((await as(t.app, analyst).post(`/api/agreements/commitments/${national[0].id}/progress`, { progress: 10 })).statusCode).toBe(403);

    // A recurring delivery with evidence moves the next due date one period.
    const rec = await as(t.app, st).post(`/api/agreements/commitments/${stId}/progress`, { evidence: [{ document_ref: 'Informe de noviembre' }] });
    expect(rec.json().commitment).toMatchObject({ next_due: '2027-01-10', status: 'in_progress' });
    expect(rec.json().evidence[0]).toMatchObject({ period_due: '2026-12-10' });
  });

  it('follows the lifecycle: proposed → approved, invalid transitions refused, cancelling needs a reason', async () => {
    const made = await as(t.app, st).post(`/api/agreements/acuerdos/${occTercero}/commitments`, { responsible: { kind: 'entidades', entidades: ['14'] }, deliverable: 'Informe de avance del enlace', relative: { amount: 30, unit: 'días naturales', from: '2026-12-08' } });
    const c = made.json().items[0];
    expect(c).toMatchObject({ status: 'proposed', deadline: '2027-01-07', deadline_kind: 'relative', deadline_phrase: '30 días naturales' });
    expect((await as(t.app, jal).post(`/api/agreements/commitments/${c.id}/progress`, { progress: 10 })).json().error.code).toBe('commitment_not_open');
    const bad = await as(t.app, st).post('/api/agreements/commitments/status', { ids: [c.id], status: 'fulfilled' });
    expect(bad.statusCode).toBe(409);
    expect(bad.json().error.code).toBe('commitment_transition_invalid');
    const noReason = await as(t.app, st).post('/api/agreements/commitments/status', { ids: [c.id], status: 'cancelled' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.details.issues[0].path).toBe('reason');
    const ok = await as(t.app, st).post('/api/agreements/commitments/status', { ids: [c.id], status: 'approved' });
    expect(ok.json().items[0]).toMatchObject({ status: 'approved', approved_by: expect.any(String) });
    const detail = (await as(t.app, jal).get(`/api/agreements/commitments/${c.id}`)).json();
    expect(detail.history.map((h: { from_status: string; to_status: string }) => `${h.from_status}→${h.to_status}`)).toEqual(['null→proposed', 'proposed→approved']);
  });

  it('registers enlaces designated by oficio for the liaison\'s own entidad only', async () => {
    const jalCommitment = national.find((c) => c.entidad === '14')!.id;
    const ok = await as(t.app, jal).post('/api/agreements/liaisons', { entidad: '14', commitment_id: jalCommitment, name: 'María Pérez', position: 'Directora del C5', oficio_number: 'SSP/JAL/0456/2026', oficio_date: '2026-11-30' });
    expect(ok.statusCode, ok.body).toBe(201);
    const other = await as(t.app, jal).post('/api/agreements/liaisons', { entidad: '09', name: 'X Y', position: 'Z', oficio_number: '1', oficio_date: '2026-11-30' });
    expect(other.statusCode).toBe(400);
    expect(other.json().error.details.issues[0].path).toBe('entidad');
    expect((await as(t.app, cdmx).get('/api/agreements/liaisons')).json().items).toHaveLength(0);
    expect((await as(t.app, jal).get(`/api/agreements/commitments/${jalCommitment}`)).json().liaisons[0]).toMatchObject({ name: 'María Pérez', oficio_number: 'SSP/JAL/0456/2026' });
    expect((await as(t.app, cdmx).patch(`/api/agreements/liaisons/${ok.json().id}`, { active: false })).statusCode).toBe(404);
    expect((await as(t.app, jal).patch(`/api/agreements/liaisons/${ok.json().id}`, { active: false })).json()).toMatchObject({ active: false });
  });

  it('finds acuerdos by stemmed, unaccented Spanish words with highlighted snippets', async () => {
    const res = await as(t.app, analyst).get(`/api/agreements/search?q=${encodeURIComponent('detención')}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const rnd = body.items.find((i: { title: string }) => i.title === 'IMPLEMENTACIÓN DEL REGISTRO NACIONAL DE DETENCIONES');
    expect(rnd).toBeDefined();
    expect(rnd.headline).toContain('<mark>Detenciones</mark>');
    expect(rnd.title_headline).toContain('<mark>DETENCIONES</mark>');
    expect(body.items.every((i: { headline: string; title_headline: string }) => /<mark>/.test(i.headline + i.title_headline))).toBe(true);
    const plural = (await as(t.app, analyst).get('/api/agreements/search?q=extorsiones')).json();
    expect(plural.items.some((i: { headline: string }) => /<mark>extorsión<\/mark>|<mark>Extorsión<\/mark>/.test(i.headline))).toBe(true);
    const unaccented = (await as(t.app, analyst).get('/api/agreements/search?q=policia&page_size=200')).json();
    expect(unaccented.total).toBeGreaterThan(5);
    expect(unaccented.items.some((i: { headline: string }) => /<mark>[Pp]olicías?<\/mark>/.test(i.headline))).toBe(true);
    const phrase = (await as(t.app, analyst).get(`/api/agreements/search?q=${encodeURIComponent('"día nacional del policía"')}`)).json();
    expect(phrase.items.map((i: { title: string }) => i.title)).toEqual(['Día Nacional del Policía']);
    expect((await as(t.app, analyst).get('/api/agreements/search?q=zzzzqqq')).json()).toMatchObject({ items: [], total: 0 });
  });

  it('exports valid XLSX and PDF files with the content', async () => {
    const x = await as(t.app, st).get(`/api/agreements/export.xlsx?session_id=${ids['XXIII Asamblea Plenaria']}`);
    expect(x.statusCode).toBe(200);
    expect(x.headers['content-type']).toContain('spreadsheetml');
    expect(x.rawPayload.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Sesiones', 'Acuerdos', 'Compromisos', 'Cumplimiento']);
    const acuerdos = wb.getWorksheet('Acuerdos')!;
    expect(acuerdos.rowCount).toBe(7);
    expect(acuerdos.getRow(4).getCell(6).value).toBe('REGISTRO NACIONAL DE DETENCIONES');
    const compromisos = wb.getWorksheet('Compromisos')!;
    expect(compromisos.rowCount).toBe(1 + 33);
    const jalRow = compromisos.getRows(2, 33)!.find((r) => r.getCell(5).value === 'Jalisco')!;
    expect(jalRow.getCell(11).value).toBe('Cumplido');
    expect(jalRow.getCell(12).value).toBe(100);

    const p = await as(t.app, jal).get(`/api/agreements/sessions/${ids['XXIII Asamblea Plenaria']}/export.pdf`);
    expect(p.statusCode).toBe(200);
    expect(p.headers['content-type']).toBe('application/pdf');
    const pdf = p.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    const text = pdfText(pdf);
    expect(text).toContain('ASAMBLEA PLENARIA');
    expect(text).toContain('REGISTRO NACIONAL DE DETENCIONES');
    expect(text).toContain('Cumplimiento de los compromisos por entidad');
    expect((await as(t.app, jal).get('/api/agreements/sessions/999999/export.pdf')).statusCode).toBe(404);
  });

  it('names the field in validation errors', async () => {
    const s = as(t.app, st);
    const cases: [Promise<{ statusCode: number; json(): { error: { details: { issues: { path: string }[] } } } }>, string][] = [
      [s.post('/api/agreements/sessions', { name: 'Sesión sin fecha' }), 'date'],
      [s.post('/api/agreements/sessions', { name: 'Sesión', date: '2026-13-40' }), 'date'],
      [s.post(`/api/agreements/commitments/${national[0].id}/progress`, { progress: 150 }), 'progress'],
      [s.post(`/api/agreements/commitments/${national[0].id}/progress`, { evidence: [{ url: 'ftp://x' }] }), 'evidence.0.url'],
      [s.post(`/api/agreements/acuerdos/${occTercero}/commitments`, { responsible: { kind: 'planeta' }, deliverable: 'x' }), 'responsible.kind'],
      [s.post('/api/agreements/import', {}), 'text'],
      [s.post('/api/agreements/import', { document: { sessions: [{ name: 'Sesión X', agreements: [] }] } }), 'document.sessions.0.date'],
      [s.post('/api/agreements/liaisons', { entidad: '40', name: 'A', position: 'B', oficio_number: 'C', oficio_date: '2026-01-01' }), 'entidad'],
      [s.get('/api/agreements/search?q='), 'query.q'],
    ];
    for (const [p, field] of cases) {
      const res = await p;
      expect(res.statusCode, field).toBe(400);
      expect(res.json().error.details.issues.map((i) => i.path), field).toContain(field);
    }
    const pdf = multipart({}, { name: 'acuerdos.pdf', content: '%PDF-1.4', type: 'application/pdf' });
    const bad = await s.post('/api/agreements/import/preview', pdf.payload, pdf.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'file_format' });
    expect(bad.json().error.message).toMatch(/pdftotext/);
    const none = multipart({ reference_date: '2026-01-01' });
    expect((await s.post('/api/agreements/import/preview', none.payload, none.headers)).json().error.code).toBe('file_missing');
    const empty = await s.post('/api/agreements/import', { text: 'Hola, este documento no tiene acuerdos.' });
    expect(empty.json().error.code).toBe('import_nothing');
    expect((await as(t.app, jal).post('/api/agreements/import', { text: seeds.a.text })).statusCode).toBe(403);
  });

  it('keeps the audit chain intact', async () => {
    const r = await verifyAuditChain(t.database.db);
    expect(r.ok).toBe(true);
    const actions = await t.database.db.selectFrom('audit_log').select('action').distinct().where('action', 'like', 'agreement.%').execute();
    expect(actions.map((a) => a.action).sort()).toEqual(expect.arrayContaining([
      'agreement.commitment_created', 'agreement.commitment_overdue', 'agreement.commitment_status_changed', 'agreement.import_completed',
      'agreement.liaison_designated', 'agreement.progress_reported', 'agreement.reminder_created', 'agreement.session_imported',
    ]));
  });
});

describe.skipIf(!hasSeeds)('agreements demo', () => {
  it('imports the seeds and creates synthetic commitments around now: some overdue, some fulfilled with evidence', async () => {
    const database = await createTestDatabase();
    try {
      const now = new Date('2026-11-23T18:00:00Z');
      const r = await loadAgreementsDemo(database, { seed: 20261123, now });
      expect(r.summary).toMatch(/^8 sesiones y 112 acuerdos importados de 3 documentos semilla/);
      const db = database.db.withTables<{ agreement_commitments: { status: string; due_date: string | null; id: number }; agreement_evidence: { commitment_id: number; document_ref: string | null } }>();
      const byStatus = await db.selectFrom('agreement_commitments').select(['status', sql<number>`count(*)::int`.as('n')]).groupBy('status').execute();
      const n = (s: string) => byStatus.find((b) => b.status === s)?.n ?? 0;
      expect(n('overdue')).toBeGreaterThan(0);
      expect(n('fulfilled')).toBeGreaterThan(0);
      expect(n('in_progress')).toBeGreaterThan(0);
      const due = await db.selectFrom('agreement_commitments').select(sql<number>`count(DISTINCT due_date)::int`.as('n')).executeTakeFirstOrThrow();
      expect(due.n).toBeGreaterThan(3);
      const evidence = await db.selectFrom('agreement_evidence').select('document_ref').where('document_ref', 'like', '%(sintético)').execute();
      expect(evidence.length).toBeGreaterThanOrEqual(n('fulfilled'));
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      await database.close();
    }
  });
});
