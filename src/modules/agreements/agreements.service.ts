/**
 * Sessions, acuerdos (and transitorios), attached documents and full-text search. Acuerdos are national
 * documents: anyone with agreement.read reads them all; only agreement.manage writes. Commitments and their
 * roll-ups live in commitments.service.ts; the import in import.service.ts.
 */
import { sql } from 'kysely';
import { requirePermission } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import { AppError, notFound } from '../../core/errors.js';
import type { AgreementInput, AgreementKind, AgreementUpdateInput, DeadlinePhraseRow, SearchQueryInput, SessionInput, SessionKind, SessionUpdateInput, ZoneName } from './agreements.schema.js';
import { AgreementIn } from './agreements.schema.js';
import { describeSession, inferAgreementKind, nameKey, spanishDateLabel, suggestCommitments } from './agreements.rules.js';
import { adb, agreementProgress, agreementRollups, inTx, today, visibleCommitments, type ADb } from './commitments.service.js';

export const KIND_LABELS: Record<AgreementKind, string> = {
  toma_de_conocimiento: 'Toma de conocimiento', aprobacion: 'Aprobación', compromiso: 'Compromiso',
  instruccion_secretaria_tecnica: 'Instrucción a la Secretaría Técnica', designacion: 'Designación', otro: 'Otro',
};

export const SESSION_KIND_LABELS: Record<string, string> = {
  asamblea_plenaria: 'Asamblea Plenaria', reunion_regional: 'Reunión Regional', sesion_ordinaria: 'Sesión Ordinaria',
  sesion_extraordinaria: 'Sesión Extraordinaria', reunion_nacional: 'Reunión Nacional', otra: 'Otra',
};

// ------------------------------------------------------------------------------------------ sessions

const sessionColumns = [
  's.id', 's.kind', 's.name', 's.numeral', 's.year', 's.zone', 's.date', 's.end_date', 's.place', 's.entidad', 'e.short_name as entidad_name',
  's.participants', 's.notes', 's.source_id', 's.created_at', 's.created_by', 's.updated_at', 's.updated_by',
] as const;

async function sessionRow(db: ADb, id: number) {
  const row = await db.selectFrom('agreement_sessions as s').leftJoin('entidades as e', 'e.code', 's.entidad').select(sessionColumns).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('session_not_found');
  return row;
}

/** Sessions, newest first, with their number of acuerdos and transitorios and overall progress. */
export async function listSessions(ctx: Ctx, q: { q?: string; kind?: SessionKind; zone?: ZoneName; year?: number; page: number; page_size: number }) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  let base = db.selectFrom('agreement_sessions as s').leftJoin('entidades as e', 'e.code', 's.entidad');
  if (q.q) base = base.where(sql`unaccent(lower(s.name || ' ' || coalesce(s.place, '')))`, 'like', sql`'%' || unaccent(lower(${q.q})) || '%'`);
  if (q.kind) base = base.where('s.kind', '=', q.kind);
  if (q.zone) base = base.where('s.zone', '=', q.zone);
  if (q.year) base = base.where('s.year', '=', q.year);
  const [items, total] = await Promise.all([
    base.select([
      's.id', 's.kind', 's.name', 's.numeral', 's.year', 's.zone', 's.date', 's.end_date', 's.place', 's.entidad', 'e.short_name as entidad_name',
      sql<number>`(SELECT count(*)::int FROM agreements a WHERE a.session_id = s.id AND a.section = 'acuerdo')`.as('agreements'),
      sql<number>`(SELECT count(*)::int FROM agreements a WHERE a.session_id = s.id AND a.section = 'transitorio')`.as('transitory'),
      sql<number>`(SELECT count(*)::int FROM agreement_commitments c JOIN agreements a ON a.id = c.agreement_id WHERE a.session_id = s.id)`.as('commitments'),
      sql<number | null>`(SELECT round(avg(CASE WHEN c.status = 'fulfilled' THEN 100 ELSE c.progress END) FILTER (WHERE c.status NOT IN ('proposed', 'cancelled')), 1)::float8
        FROM agreement_commitments c JOIN agreements a ON a.id = c.agreement_id WHERE a.session_id = s.id)`.as('progress'),
    ]).orderBy('s.date', 'desc').orderBy('s.id', 'desc').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: total.n };
}

/** The heading lines of a session as the official document prints them. */
export function sessionHeading(s: { name: string; date: string; end_date: string | null; place: string | null; entidad_name?: string | null }) {
  const where = [s.place, s.entidad_name && s.entidad_name !== s.place ? s.entidad_name : null].filter(Boolean).join(', ');
  return ['ACUERDOS', s.name.toUpperCase(), 'CONFERENCIA NACIONAL DE SECRETARIOS DE SEGURIDAD PÚBLICA',
    [spanishDateLabel(s.date, s.end_date).toUpperCase(), where.toUpperCase()].filter(Boolean).join(', ')];
}

/**
 * The session page: header (reads like the official document), acuerdos in order, transitorios, attached
 * documents, and each acuerdo's roll-up (mean progress of its commitments over all entidades).
 */
export async function getSessionPage(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const s = await sessionRow(db, id);
  const [items, documents, source] = await Promise.all([
    db.selectFrom('agreements').select(['id', 'section', 'position', 'number', 'ordinal', 'title', 'title_source', 'text', 'kind', 'kind_source', 'deadline_phrases', 'updated_at', 'updated_by'])
      .where('session_id', '=', id).orderBy('section').orderBy('position').orderBy('id').execute(),
    db.selectFrom('agreement_documents').select(['id', 'kind', 'title', 'url', 'filename', 'reference', 'note', 'source_id', 'created_at', 'created_by']).where('session_id', '=', id).orderBy('id').execute(),
    s.source_id ? db.selectFrom('agreement_sources').select(['id', 'filename', 'media_type', 'sha256', 'imported_at', 'imported_by', 'warnings']).where('id', '=', s.source_id).executeTakeFirst() : null,
  ]);
  const roll = await agreementRollups(ctx, items.map((i) => i.id));
  const none = { progress: null, commitments: 0, counted: 0, fulfilled: 0, overdue: 0 };
  const present = items.map((i) => ({ ...i, kind_label: KIND_LABELS[i.kind], progress: roll.get(i.id) ?? none }));
  const counted = present.reduce((n, i) => n + i.progress.counted, 0);
  const weighted = present.reduce((n, i) => n + (i.progress.progress ?? 0) * i.progress.counted, 0);
  return {
    session: { ...s, kind_label: SESSION_KIND_LABELS[s.kind], date_label: spanishDateLabel(s.date, s.end_date), heading: sessionHeading(s), source: source ?? null, documents },
    agreements: present.filter((i) => i.section === 'acuerdo'),
    transitory: present.filter((i) => i.section === 'transitorio'),
    progress: { progress: counted ? Math.round((weighted / counted) * 10) / 10 : null, commitments: present.reduce((n, i) => n + i.progress.commitments, 0), counted },
  };
}

/** The columns a new session gets from its name: kind, numeral, year and (for zone sessions) zone. */
export function sessionValues(input: SessionInput, who: string, now: Date, sourceId: number | null = null) {
  const d = describeSession(input.name);
  return {
    kind: input.kind ?? d.kind, name: input.name, name_key: nameKey(input.name), numeral: input.numeral ?? d.numeral, year: Number(input.date.slice(0, 4)),
    zone: input.zone ?? d.zone, date: input.date, end_date: input.end_date ?? null, place: input.place ?? null, entidad: input.entidad ?? null,
    participants: JSON.stringify(input.participants ?? []), notes: input.notes ?? null, source_id: sourceId,
    created_at: now, created_by: who, updated_at: now, updated_by: who,
  };
}

/** Records a session by hand (agreement.manage); the same name and date twice is a conflict. */
export async function createSession(ctx: Ctx, input: SessionInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  const now = ctx.now();
  const id = await inTx(ctx, async (trx, raw) => {
    const row = await trx.insertInto('agreement_sessions').values(sessionValues(input, ctx.actor.name, now))
      .onConflict((oc) => oc.columns(['name_key', 'date']).doNothing()).returning('id').executeTakeFirst();
    if (!row) throw new AppError('session_exists', 409, { name: input.name, date: input.date });
    await writeAudit(raw, ctx.actor, { action: 'agreement.session_created', entityType: 'agreement_session', entityId: row.id, details: { ...input } }, now);
    return row.id;
  });
  return getSessionPage(ctx, id);
}

/** Edits a session's header, participants or notes (agreement.manage). */
export async function updateSession(ctx: Ctx, id: number, input: SessionUpdateInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  const before = await sessionRow(adb(ctx.db), id);
  const now = ctx.now();
  await inTx(ctx, async (trx, raw) => {
    const set: Record<string, unknown> = { updated_at: now, updated_by: ctx.actor.name };
    for (const [k, v] of Object.entries(input)) if (v !== undefined) set[k] = k === 'participants' ? JSON.stringify(v) : v;
    if (input.name) set.name_key = nameKey(input.name);
    if (input.date) set.year = Number(input.date.slice(0, 4));
    if (input.name || input.date) {
      const clash = await trx.selectFrom('agreement_sessions').select('id').where('name_key', '=', nameKey(input.name ?? before.name)).where('date', '=', input.date ?? before.date).where('id', '!=', id).executeTakeFirst();
      if (clash) throw new AppError('session_exists', 409, { name: input.name ?? before.name, date: input.date ?? before.date });
    }
    await trx.updateTable('agreement_sessions').set(set).where('id', '=', id).execute();
    const { participants: _p, ...rest } = before;
    await writeAudit(raw, ctx.actor, { action: 'agreement.session_updated', entityType: 'agreement_session', entityId: id, details: { before: rest, after: input } }, now);
  });
  return getSessionPage(ctx, id);
}

/** Attaches a document's metadata or link to a session (agreement.manage). */
export async function addDocument(ctx: Ctx, sessionId: number, input: { kind: string; title: string; url?: string; filename?: string; reference?: string; note?: string }) {
  requirePermission(ctx.actor, 'agreement.manage');
  await sessionRow(adb(ctx.db), sessionId);
  const now = ctx.now();
  return inTx(ctx, async (trx, raw) => {
    const row = await trx.insertInto('agreement_documents').values({
      session_id: sessionId, kind: input.kind, title: input.title, url: input.url ?? null, filename: input.filename ?? null, reference: input.reference ?? null,
      note: input.note ?? null, source_id: null, created_at: now, created_by: ctx.actor.name,
    }).returningAll().executeTakeFirstOrThrow();
    await writeAudit(raw, ctx.actor, { action: 'agreement.document_attached', entityType: 'agreement_session', entityId: sessionId, details: { document_id: row.id, ...input } }, now);
    return row;
  });
}

/** One attached document; for the imported source, its full text as read. */
export async function getDocument(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const doc = await db.selectFrom('agreement_documents').selectAll().where('id', '=', id).executeTakeFirst();
  if (!doc) throw notFound('document_not_found');
  const source = doc.source_id ? await db.selectFrom('agreement_sources').selectAll().where('id', '=', doc.source_id).executeTakeFirst() : null;
  return { ...doc, source: source ?? null };
}

// ------------------------------------------------------------------------------------------ acuerdos

async function agreementRow(db: ADb, id: number) {
  const row = await db.selectFrom('agreements as a').innerJoin('agreement_sessions as s', 's.id', 'a.session_id')
    .select(['a.id', 'a.session_id', 'a.section', 'a.position', 'a.number', 'a.ordinal', 'a.title', 'a.title_source', 'a.text', 'a.kind', 'a.kind_source',
      'a.deadline_phrases', 'a.created_at', 'a.created_by', 'a.updated_at', 'a.updated_by', 's.name as session_name', 's.date as session_date', 's.zone as session_zone', 's.kind as session_kind'])
    .where('a.id', '=', id).executeTakeFirst();
  if (!row) throw notFound('agreement_not_found');
  return row;
}

/**
 * One acuerdo with its session, its commitments (those in the actor's territory), its progress (national and
 * by entidad) and the commitments its text suggests (for the secretariat to create).
 */
export async function getAgreement(ctx: Ctx, id: number) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const a = await agreementRow(db, id);
  const day = today(ctx);
  const [commitments, progress] = await Promise.all([
    db.selectFrom('agreement_commitments as c').leftJoin('entidades as e', 'e.code', 'c.entidad').where('c.agreement_id', '=', id).where(visibleCommitments(ctx.actor))
      .select(['c.id', 'c.group_key', 'c.entidad', 'e.short_name as entidad_name', 'c.responsible_kind', 'c.responsible_name', 'c.deliverable', 'c.deadline', 'c.deadline_kind',
        'c.deadline_phrase', 'c.recurrence', 'c.next_due', 'c.due_date', 'c.progress', 'c.last_report_at',
        sql<string>`CASE WHEN c.status IN ('approved', 'in_progress') AND c.due_date < ${day}::date THEN 'overdue' ELSE c.status END`.as('status')])
      .orderBy('c.group_key').orderBy('c.entidad').orderBy('c.id').execute(),
    agreementProgress(ctx, id),
  ]);
  const suggested = suggestCommitments({ title: a.title, text: a.text, kind: a.kind, deadline_phrases: a.deadline_phrases as DeadlinePhraseRow[] }, { date: a.session_date, zone: a.session_zone });
  return { agreement: { ...a, kind_label: KIND_LABELS[a.kind] }, commitments, progress, suggested_commitments: suggested };
}

/** Adds an acuerdo or transitorio to a session (agreement.manage); kind inferred from the text unless given. */
export async function createAgreement(ctx: Ctx, sessionId: number, input: AgreementInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  const spec = AgreementIn.parse(input);
  await sessionRow(adb(ctx.db), sessionId);
  const now = ctx.now();
  const id = await inTx(ctx, async (trx, raw) => {
    const max = await trx.selectFrom('agreements').select(sql<number>`coalesce(max(position), 0)::int`.as('p')).where('session_id', '=', sessionId).where('section', '=', spec.section).executeTakeFirstOrThrow();
    const inferred = inferAgreementKind(spec.title, spec.text);
    const row = await trx.insertInto('agreements').values({
      session_id: sessionId, section: spec.section, position: spec.position ?? max.p + 1, number: spec.number ?? null, ordinal: spec.ordinal, title: spec.title,
      title_source: 'manual', text: spec.text, kind: spec.kind ?? inferred.kind, kind_source: spec.kind ? 'manual' : 'inferred', deadline_phrases: '[]',
      created_at: now, created_by: ctx.actor.name, updated_at: now, updated_by: ctx.actor.name,
    }).returning('id').executeTakeFirstOrThrow();
    await writeAudit(raw, ctx.actor, { action: 'agreement.created', entityType: 'agreement', entityId: row.id, details: { session_id: sessionId, ...spec } }, now);
    return row.id;
  });
  return getAgreement(ctx, id);
}

/** Edits an acuerdo (agreement.manage). A kind given by hand sticks; otherwise a new text re-infers it. */
export async function updateAgreement(ctx: Ctx, id: number, input: AgreementUpdateInput) {
  requirePermission(ctx.actor, 'agreement.manage');
  const before = await agreementRow(adb(ctx.db), id);
  const now = ctx.now();
  await inTx(ctx, async (trx, raw) => {
    const set: Record<string, unknown> = { updated_at: now, updated_by: ctx.actor.name };
    for (const [k, v] of Object.entries(input)) if (v !== undefined) set[k] = v;
    if (input.title !== undefined) set.title_source = 'manual';
    if (input.kind) set.kind_source = 'manual';
    else if (before.kind_source === 'inferred' && (input.text !== undefined || input.title !== undefined)) set.kind = inferAgreementKind(input.title ?? before.title, input.text ?? before.text).kind;
    await trx.updateTable('agreements').set(set).where('id', '=', id).execute();
    await writeAudit(raw, ctx.actor, {
      action: 'agreement.updated', entityType: 'agreement', entityId: id,
      details: { before: { ordinal: before.ordinal, title: before.title, text: before.text, kind: before.kind, number: before.number, position: before.position }, after: input },
    }, now);
  });
  return getAgreement(ctx, id);
}

// ------------------------------------------------------------------------------------------ search

const escapeHtml = (col: string) => sql`replace(replace(replace(${sql.ref(col)}, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')`;

/**
 * Full-text search over every acuerdo and transitorio with Spanish stemming and without accents (text search
 * configuration `sereno_es`: unaccent + Snowball Spanish), web-search syntax ("frase exacta", OR, -palabra).
 * Ranked by ts_rank_cd (title weighs more than text); `headline` and `title_headline` are HTML-escaped
 * excerpts with the matches in <mark>…</mark>.
 */
export async function searchAgreements(ctx: Ctx, q: SearchQueryInput) {
  requirePermission(ctx.actor, 'agreement.read');
  const db = adb(ctx.db);
  const query = sql`websearch_to_tsquery('sereno_es', ${q.q})`;
  let base = db.selectFrom('agreements as a').innerJoin('agreement_sessions as s', 's.id', 'a.session_id').where(sql<boolean>`a.search @@ ${query}`);
  if (q.session_id) base = base.where('a.session_id', '=', q.session_id);
  if (q.kind) base = base.where('a.kind', '=', q.kind);
  if (q.section) base = base.where('a.section', '=', q.section);
  if (q.zone) base = base.where('s.zone', '=', q.zone);
  const opts = 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, MaxWords=35, MinWords=12, FragmentDelimiter=" … "';
  const [items, total] = await Promise.all([
    base.select([
      'a.id', 'a.session_id', 's.name as session_name', 's.date as session_date', 's.kind as session_kind', 's.zone', 'a.section', 'a.number', 'a.ordinal', 'a.title', 'a.kind',
      sql<number>`ts_rank_cd(a.search, ${query})::float8`.as('rank'),
      sql<string>`ts_headline('sereno_es', ${escapeHtml('a.text')}, ${query}, ${opts})`.as('headline'),
      sql<string>`ts_headline('sereno_es', ${escapeHtml('a.title')}, ${query}, 'StartSel=<mark>, StopSel=</mark>, HighlightAll=true')`.as('title_headline'),
    ]).orderBy('rank', 'desc').orderBy('s.date', 'desc').orderBy('a.position').limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  const lexemes = await sql<{ q: string }>`SELECT ${query}::text AS q`.execute(db);
  return { query: q.q, tsquery: lexemes.rows[0]?.q ?? '', items, total: total.n };
}
