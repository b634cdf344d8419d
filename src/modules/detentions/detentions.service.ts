import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { sql, type Transaction } from 'kysely';
import { can, requirePermission, territoryCondition, type Actor } from '../../core/access.js';
import { RequestValidationError } from '../../core/http.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { AppError, fieldError, notFound } from '../../core/errors.js';
import { emitEvents } from '../../core/outbox.js';
import {
  canCapture, catalogueIssues, checkDocument, documentColumns, fieldErrors, Lookups, normaliseRegistration, personPayload, prepareRow, registrationAudit,
  registrationEvent, voidedAudit, warningsFor, wellFormedFacts, type FieldIssue,
} from './detentions.prepare.js';
import { applyRollup, readContributions } from './detentions.rollup.js';
import { reserverFor, writerFor } from './detentions.writer.js';
import { DETENTION_RULES, deadlinesFor, flagsArray, flagConditions, type Flag } from './detentions.rules.js';
import type { DetentionDocument, DetentionTables, EventInput, ListInput, Recorder, RegistrationInput, UpdateInput } from './detentions.schema.js';
import { DETAIL_COLUMNS, findByExternalIds, formatFolio, recomputeProjection, recorderOf, type DetailRow, type DetentionDb, type DetentionTrx } from './detentions.store.js';

/** The module's view of the context's database. */
export const dbOf = (ctx: Ctx): DetentionDb => ctx.db.withTables<DetentionTables>() as unknown as DetentionDb;
const core = (trx: DetentionTrx) => trx as unknown as Transaction<CoreTables>;

/** The entidad a folio belongs to (its second segment): reads and writes by folio touch one shard. */
export const entidadOfFolio = (folio: string) => folio.slice(4, 6);

/** Reads one detention the actor may see (view territory, or capture territory for writes); null when not. */
async function findHead(db: DetentionDb | DetentionTrx, actor: Actor, folio: string, mode: 'view' | 'capture', now: Date, lock = false): Promise<DetailRow | null> {
  const { rows: [row] } = await sql<DetailRow>`
    SELECT ${DETAIL_COLUMNS}, ${flagsArray(now)} AS flags
    FROM detentions d JOIN institutions i ON i.id = d.institution_id JOIN entidades e ON e.code = d.entidad
    WHERE d.entidad = ${entidadOfFolio(folio)} AND d.folio = ${folio} AND ${territoryCondition(actor, mode, { entidad: 'd.entidad', institution: 'd.institution_id' })}
    ${lock ? sql`FOR UPDATE OF d` : sql``}`.execute(db);
  if (!row) return null;
  if (mode === 'capture' && !canCapture(actor, row.entidad, Number(row.institution_id))) return null;
  return row;
}
type Head = DetailRow;

/** The JSON answer for one detention: the current document, the custody state, the flags and the running deadlines. */
function present(row: Head, lang: Actor['lang']) {
  const doc = row.data as DetentionDocument;
  return {
    id: Number(row.id), folio: row.folio, entidad: row.entidad, entidad_nombre: row.entidad_nombre, source: row.source, external_id: row.external_id,
    version: row.version, version_at: row.version_at, version_by: row.version_by, version_reason: row.version_reason, version_changed: row.version_changed,
    registered_at: row.registered_at, received_at: row.received_at, registro_lag_min: row.registro_lag_min, registered_by: row.registered_by,
    institution: { id: Number(row.institution_id), name: row.institution_name },
    ...doc,
    custodia: {
      situacion: row.situacion, situacion_juridica: row.situacion_juridica, ubicacion_actual: row.ubicacion_actual, autoridad_actual: row.autoridad_actual,
      puesta_at: row.puesta_at, mp_at: row.mp_at, juez_control_at: row.juez_control_at, libertad_at: row.libertad_at,
      extended_retention: row.extended_retention, events: row.events_count,
    },
    flags: row.flags as Flag[],
    plazos: deadlinesFor({ ...row, fecha_hora_detencion: row.fecha_hora_detencion as Date }),
    avisos: warningsFor(doc, lang),
  };
}
/** One detention as the API answers it. */
export type DetentionDetail = ReturnType<typeof present>;

const notFoundDetention = () => notFound('detention_not_found');

/**
 * Registers a detention at the moment it happens and issues its folio. Idempotent: the same (entidad, source,
 * external_id) answers the existing record with `created: false` instead of a duplicate.
 */
/**
 * A registration that failed its schema, with what the catalogue rules find in the fields that did pass it (an
 * unknown offence code, a municipality of another entidad, an institution out of reach): the capturist reads every
 * broken field in one answer, as a bulk file's line reports them. For an actor who may not capture, the schema's alone.
 */
export async function registrationShapeError(ctx: Ctx, body: unknown, shape: RequestValidationError): Promise<RequestValidationError> {
  if (shape.part !== 'body' || !can(ctx.actor, 'detention.capture') || typeof body !== 'object' || body === null || Array.isArray(body)) return shape;
  const paths = shape.issues.map((i) => ({ path: i.path.map(String).join('.') }));
  const facts = wellFormedFacts(body as Record<string, unknown>, ctx.actor, paths);
  const lookups = new Lookups();
  await lookups.load(dbOf(ctx), [facts]);
  const also = catalogueIssues(facts, ctx.actor, lookups);
  return also.length ? new RequestValidationError(shape.issues, shape.part, also) : shape;
}

export async function registerDetention(ctx: Ctx, input: RegistrationInput): Promise<{ created: boolean; detention: DetentionDetail }> {
  requirePermission(ctx.actor, 'detention.capture');
  const now = ctx.now();
  const db = dbOf(ctx);
  if (!input.lugar.entidad && !ctx.actor.entidad) throw fieldError('lugar.entidad', 'field.required');
  // A person capturing interactively registers "now": only systems (and bulk loads) carry their own registration time.
  if (input.fecha_hora_registro && ctx.actor.type === 'user') throw fieldError('fecha_hora_registro', 'field.registro_only_systems');
  const doc = normaliseRegistration(input, ctx.actor);
  const source = input.source ?? defaultSource(ctx.actor);
  const key = input.external_id ? { source, external_id: input.external_id } : null;
  const lookups = new Lookups();
  const replay = async (folio: string) => {
    const head = await findHead(db, ctx.actor, folio, 'view', now);
    if (!head) throw new AppError('detention_replay_mismatch', 409, { external_id: input.external_id });
    return { created: false, detention: present(head, ctx.actor.lang) };
  };
  // The catalogue facts come from the per-database cache (no query while it is fresh).
  await lookups.loadCached(db, ctx.db, { codes: doc.offence_codes, entidad: doc.lugar.entidad, municipio: doc.lugar.municipio ?? null, institutionId: doc.autoridad_detencion.institution_id });
  const issues = checkDocument(doc, ctx.actor, lookups, now);
  if (issues.length) throw fieldErrors(issues);
  const { row: prepared, year } = prepareRow(doc, { source, external_id: input.external_id ?? null, recorder: recorderOf(ctx.actor), received: now }, lookups);
  // The folio and the id are drawn in their own short statement (shared with the registrations arriving meanwhile):
  // the entidad's counter row is not held for the write. The same statement answers a retry (a key that exists)
  // with its folio, before anything is written.
  const reserved = await reserverFor(ctx.db, db).reserve({ entidad: prepared.entidad, year, key });
  if (reserved.existing !== null) return replay(reserved.existing);
  const row = { ...prepared, id: reserved.id, folio: formatFolio(prepared.entidad, year, reserved.number) };
  const ins = { entidad: row.entidad, id: reserved.id, folio: row.folio, source, external_id: row.external_id };
  let head: DetailRow | null;
  try {
    // Written by the database's registration writer: alone when the server is quiet, together with the registrations
    // that arrive meanwhile when it is busy (group commit; see detentions.writer.ts).
    head = await writerFor(ctx.db, db).write({
      row, event: registrationEvent(ins, row), actor: ctx.actor, now,
      registered: registrationAudit(ins, 'api'), voided: voidedAudit(row, { reason: 'duplicate_external_id', source, external_id: row.external_id, via: 'api' }),
    });
  } catch (err) {
    await db.transaction().execute((trx) => writeAudit(core(trx), ctx.actor, voidedAudit(row, { reason: 'write_failed', error: (err as Error).message.slice(0, 300), via: 'api' }), now)).catch(() => {});
    throw err;
  }
  if (!head) {
    // A concurrent request with the same key won the race: answer with its record.
    const again = await findByExternalIds(db, [{ entidad: row.entidad, source, external_id: row.external_id! }]);
    return replay(again[0].folio);
  }
  return { created: true, detention: present(head, ctx.actor.lang) };
}

/** The source recorded when a client gives none: the web capture form, or the API key's name. */
export const defaultSource = (actor: Actor) => (actor.type === 'api_key' ? actor.name.replace(/[^\w.:-]/g, '_') : 'sereno');

/** Reads one detention (personal data: the read is audited). Outside the view territory: 404. */
export async function getDetention(ctx: Ctx, folio: string): Promise<DetentionDetail> {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  const head = await findHead(db, ctx.actor, folio, 'view', ctx.now());
  if (!head) throw notFoundDetention();
  await db.transaction().execute((trx) => writeAudit(core(trx), ctx.actor, { action: 'detention.viewed', entityType: 'detention', entityId: folio, entidad: head.entidad }, ctx.now()));
  return present(head, ctx.actor.lang);
}

const SECTIONS = ['persona', 'lugar', 'autoridad_detencion', 'autoridad_destino', 'complemento'] as const;
const SCALARS = ['fecha_hora_detencion', 'motivo', 'tipo', 'supuesto', 'offence_codes', 'lugar_traslado', 'persona_confianza'] as const;
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Applies a partial update to a document: sections merge key by key (null clears a key), other fields replace. */
export function mergeDocument(doc: DetentionDocument, patch: UpdateInput): { next: DetentionDocument; changed: string[] } {
  const next = structuredClone(doc) as DetentionDocument & Record<string, unknown>;
  const changed: string[] = [];
  for (const s of SECTIONS) {
    const part = patch[s] as Record<string, unknown> | undefined;
    if (!part) continue;
    const target = { ...((next[s] as Record<string, unknown>) ?? {}) };
    for (const [k, v] of Object.entries(part)) {
      if (v === undefined || same(target[k], v)) continue;
      target[k] = v;
      changed.push(`${s}.${k}`);
    }
    (next as Record<string, unknown>)[s] = target;
  }
  for (const f of SCALARS) {
    const v = patch[f];
    if (v === undefined) continue;
    const value = f === 'offence_codes' ? [...new Set(v as string[])] : v;
    const current = f === 'persona_confianza' && next.persona_confianza ? (({ telefono_e164: _e, ...rest }) => rest)(next.persona_confianza) : next[f];
    if (same(current, value)) continue;
    (next as Record<string, unknown>)[f] = value;
    changed.push(f);
  }
  return { next, changed };
}

/**
 * Completes or corrects a detention as a NEW VERSION: the superseded version is kept whole in detention_versions,
 * nothing is overwritten or deleted. `expected_version` guards against lost updates (409).
 */
export async function updateDetention(ctx: Ctx, folio: string, input: UpdateInput): Promise<DetentionDetail> {
  requirePermission(ctx.actor, 'detention.capture');
  const now = ctx.now();
  const db = dbOf(ctx);
  const head = await findHead(db, ctx.actor, folio, 'capture', now);
  if (!head) throw notFoundDetention();
  if (input.expected_version != null && input.expected_version !== head.version) throw new AppError('detention_version_conflict', 409, { current: head.version, expected: input.expected_version });
  const { next, changed } = mergeDocument(head.data as DetentionDocument, input);
  if (next.persona_confianza) {
    const tel = next.persona_confianza.telefono ? parsePhoneNumberFromString(next.persona_confianza.telefono, 'MX') : undefined;
    next.persona_confianza.telefono_e164 = tel?.isValid() ? tel.number : null;
  }
  if (changed.length === 0) return present(head, ctx.actor.lang);
  const lookups = new Lookups();
  await lookups.load(db, [{ codes: next.offence_codes, entidad: next.lugar.entidad, municipio: next.lugar.municipio ?? null, institutionId: next.autoridad_detencion.institution_id }]);
  const issues: FieldIssue[] = checkDocument(next, ctx.actor, lookups, now, { registeredAt: head.registered_at as Date });
  const firstEvent = await db.selectFrom('detention_events').select(sql<Date | null>`min(ocurrido_at)`.as('at')).where('entidad', '=', head.entidad).where('detention_id', '=', head.id).executeTakeFirst();
  if (firstEvent?.at && new Date(next.fecha_hora_detencion) > new Date(firstEvent.at)) issues.push({ path: 'fecha_hora_detencion', key: 'field.after_events' });
  if (issues.length) throw fieldErrors(issues);
  const recorder = recorderOf(ctx.actor);
  await db.transaction().execute(async (trx) => {
    const locked = await trx.selectFrom('detentions').select(['version', 'data', 'version_at', 'version_by', 'version_reason', 'version_changed'])
      .where('entidad', '=', head.entidad).where('id', '=', head.id).forUpdate().executeTakeFirstOrThrow();
    if (locked.version !== head.version) throw new AppError('detention_version_conflict', 409, { current: locked.version, expected: head.version });
    const key = [{ entidad: head.entidad, id: Number(head.id) }];
    const before = await readContributions(trx, key);
    await trx.insertInto('detention_versions').values({
      entidad: head.entidad, detention_id: head.id, version: locked.version, data: JSON.stringify(locked.data), version_at: locked.version_at,
      version_by: JSON.stringify(locked.version_by), version_reason: locked.version_reason, version_changed: locked.version_changed, superseded_at: now,
    }).execute();
    const cols = documentColumns(next, head.registered_at as Date);
    await trx.updateTable('detentions').set({
      ...cols, version: locked.version + 1, version_at: now, version_by: JSON.stringify(recorder), version_reason: input.motivo_cambio,
      version_changed: changed, data: JSON.stringify(next),
    }).where('entidad', '=', head.entidad).where('id', '=', head.id).execute();
    await recomputeProjection(trx, head.entidad, head.id);
    await emitEvents(core(trx), {
      type: 'detention.updated', entidad: head.entidad, aggregateType: 'detention', aggregateId: folio,
      payload: { id: head.id, folio, entidad: head.entidad, version: locked.version + 1, changed, persona: personPayload(next), fecha_hora_detencion: next.fecha_hora_detencion, tipo: next.tipo },
    });
    await applyRollup(trx, key, before);
    await writeAudit(core(trx), ctx.actor, { action: 'detention.updated', entityType: 'detention', entityId: folio, entidad: head.entidad, reason: input.motivo_cambio, details: { version: locked.version + 1, changed } }, now);
  });
  const after = await findHead(db, ctx.actor, folio, 'view', now);
  return present(after!, ctx.actor.lang);
}

/** Every version of a detention, oldest first, each whole, with who made it and why (audited read). */
export async function listVersions(ctx: Ctx, folio: string) {
  requirePermission(ctx.actor, 'detention.read');
  const db = dbOf(ctx);
  const head = await findHead(db, ctx.actor, folio, 'view', ctx.now());
  if (!head) throw notFoundDetention();
  const old = await db.selectFrom('detention_versions').selectAll().where('entidad', '=', head.entidad).where('detention_id', '=', head.id).orderBy('version').execute();
  await db.transaction().execute((trx) => writeAudit(core(trx), ctx.actor, { action: 'detention.versions_viewed', entityType: 'detention', entityId: folio, entidad: head.entidad }, ctx.now()));
  const items = [
    ...old.map((v) => ({ version: v.version, version_at: v.version_at, version_by: v.version_by, version_reason: v.version_reason, changed: v.version_changed, superseded_at: v.superseded_at, data: v.data })),
    { version: head.version, version_at: head.version_at, version_by: head.version_by, version_reason: head.version_reason, changed: head.version_changed, superseded_at: null, data: head.data },
  ];
  return { folio, current_version: head.version, items };
}

const EVENT_COLUMNS = ['seq', 'tipo', 'ocurrido_at', 'recorded_at', 'recorded_by', 'external_id', 'data'] as const;

/**
 * Appends one custody step (append-only; idempotent on `external_id`). Rejects a time in the future or before the
 * detention, and anything that happened after a recorded release (409: a new detention is a new record).
 */
export async function recordCustodyEvent(ctx: Ctx, folio: string, input: EventInput) {
  requirePermission(ctx.actor, 'detention.capture');
  const now = ctx.now();
  const db = dbOf(ctx);
  const head = await findHead(db, ctx.actor, folio, 'capture', now);
  if (!head) throw notFoundDetention();
  if (input.external_id) {
    const prior = await db.selectFrom('detention_events').select(EVENT_COLUMNS).where('entidad', '=', head.entidad).where('detention_id', '=', head.id).where('external_id', '=', input.external_id).executeTakeFirst();
    if (prior) return { created: false, event: prior, detention: present(head, ctx.actor.lang) };
  }
  const at = new Date(input.ocurrido_at);
  if (at.getTime() > now.getTime() + DETENTION_RULES.futureToleranceMinutes * 60_000) throw fieldError('ocurrido_at', 'field.fecha_futura');
  if (at < (head.fecha_hora_detencion as Date)) throw fieldError('ocurrido_at', 'field.before_detention');
  if (head.libertad_at && (input.tipo === 'libertad' || at > (head.libertad_at as Date))) {
    throw new AppError('detention_released', 409, { at: (head.libertad_at as Date).toISOString() });
  }
  const { tipo, external_id, ocurrido_at: _o, ...data } = input;
  const recorder: Recorder = recorderOf(ctx.actor);
  const event = await db.transaction().execute(async (trx) => {
    const counted = await trx.updateTable('detentions').set({ events_count: sql`events_count + 1` })
      .where('entidad', '=', head.entidad).where('id', '=', head.id).returning(['events_count', 'libertad_at']).executeTakeFirstOrThrow();
    if (counted.libertad_at && (tipo === 'libertad' || at > (counted.libertad_at as Date))) throw new AppError('detention_released', 409, { at: (counted.libertad_at as Date).toISOString() });
    const key = [{ entidad: head.entidad, id: Number(head.id) }];
    const before = await readContributions(trx, key);
    const row = await trx.insertInto('detention_events').values({
      entidad: head.entidad, detention_id: head.id, seq: counted.events_count, tipo, ocurrido_at: at, recorded_at: now,
      recorded_by: JSON.stringify(recorder), external_id: external_id ?? null, data: JSON.stringify(data),
    }).returning(EVENT_COLUMNS).executeTakeFirstOrThrow();
    const projection = await recomputeProjection(trx, head.entidad, head.id);
    await emitEvents(core(trx), {
      type: 'detention.custody_event', entidad: head.entidad, aggregateType: 'detention', aggregateId: folio,
      payload: {
        id: head.id, folio, entidad: head.entidad, event: { seq: row.seq, tipo, ocurrido_at: at.toISOString(), ...data },
        situacion: projection.situacion, libertad_at: projection.libertad_at?.toISOString() ?? null, persona: personPayload(head.data as DetentionDocument),
      },
    });
    await applyRollup(trx, key, before);
    await writeAudit(core(trx), ctx.actor, { action: 'detention.custody_event_recorded', entityType: 'detention', entityId: folio, entidad: head.entidad, details: { seq: row.seq, tipo } }, now);
    return row;
  });
  const after = await findHead(db, ctx.actor, folio, 'view', now);
  return { created: true, event, detention: present(after!, ctx.actor.lang) };
}

const KIND_ORDER: Record<string, number> = { detencion: 0, registro: 1, version: 2 };

/**
 * The record's history in the order things happened: the detention, its registration, each new version and each
 * custody step, with who recorded it (name and institution) and when; plus the custody state, flags and deadlines.
 */
export async function getTimeline(ctx: Ctx, folio: string) {
  requirePermission(ctx.actor, 'detention.read');
  const now = ctx.now();
  const db = dbOf(ctx);
  const head = await findHead(db, ctx.actor, folio, 'view', now);
  if (!head) throw notFoundDetention();
  const [versions, events] = await Promise.all([
    db.selectFrom('detention_versions').select(['version', 'version_at', 'version_by', 'version_reason', 'version_changed']).where('entidad', '=', head.entidad).where('detention_id', '=', head.id).execute(),
    db.selectFrom('detention_events').select(EVENT_COLUMNS).where('entidad', '=', head.entidad).where('detention_id', '=', head.id).execute(),
  ]);
  const doc = head.data as DetentionDocument;
  type Item = { kind: string; at: Date; recorded_at: Date; recorded_by: Recorder; seq?: number; version?: number; data: Record<string, unknown> };
  const allVersions = [...versions, { version: head.version, version_at: head.version_at, version_by: head.version_by, version_reason: head.version_reason, version_changed: head.version_changed }];
  const items: Item[] = [
    { kind: 'detencion', at: head.fecha_hora_detencion as Date, recorded_at: head.received_at as Date, recorded_by: head.registered_by as Recorder, data: { lugar: doc.lugar, tipo: doc.tipo, supuesto: doc.supuesto, motivo: doc.motivo, autoridad_destino: doc.autoridad_destino, lugar_traslado: doc.lugar_traslado } },
    { kind: 'registro', at: head.registered_at as Date, recorded_at: head.received_at as Date, recorded_by: head.registered_by as Recorder, data: { folio, source: head.source, external_id: head.external_id, registro_lag_min: head.registro_lag_min } },
    ...allVersions.filter((v) => v.version > 1).map((v) => ({ kind: 'version', version: v.version, at: v.version_at as Date, recorded_at: v.version_at as Date, recorded_by: v.version_by as Recorder, data: { changed: v.version_changed, motivo_cambio: v.version_reason } })),
    ...events.map((e) => ({ kind: e.tipo, seq: e.seq, at: e.ocurrido_at as Date, recorded_at: e.recorded_at as Date, recorded_by: e.recorded_by as Recorder, data: e.data as Record<string, unknown> })),
  ];
  items.sort((a, b) => a.at.getTime() - b.at.getTime() || (KIND_ORDER[a.kind] ?? 3) - (KIND_ORDER[b.kind] ?? 3) || (a.seq ?? 0) - (b.seq ?? 0));
  const instIds = [...new Set(items.map((i) => i.recorded_by.institution_id).filter((x): x is number => x != null))];
  const names = new Map((instIds.length ? await db.selectFrom('institutions').select(['id', 'name']).where('id', 'in', instIds).execute() : []).map((i) => [Number(i.id), i.name]));
  await db.transaction().execute((trx) => writeAudit(core(trx), ctx.actor, { action: 'detention.timeline_viewed', entityType: 'detention', entityId: folio, entidad: head.entidad }, now));
  const d = present(head, ctx.actor.lang);
  return {
    folio, entidad: head.entidad, persona: doc.persona, custodia: d.custodia, flags: d.flags, plazos: d.plazos,
    items: items.map((i) => ({ ...i, recorded_by: { ...i.recorded_by, institution_name: i.recorded_by.institution_id != null ? names.get(Number(i.recorded_by.institution_id)) ?? null : null } })),
  };
}

/**
 * Detentions in the actor's view territory, newest first, each with its legal-deadline flags (computed at the
 * injected clock). Filters by place, type, custody state, flag, date range, full name (token set) or CURP.
 * A list of personal data: audited once per request.
 */
export async function listDetentions(ctx: Ctx, q: ListInput) {
  requirePermission(ctx.actor, 'detention.read');
  const now = ctx.now();
  const db = dbOf(ctx);
  const flags = flagConditions(now);
  let base = db.selectFrom('detentions as d')
    .innerJoin('institutions as i', 'i.id', 'd.institution_id')
    .where(territoryCondition(ctx.actor, 'view', { entidad: 'd.entidad', institution: 'd.institution_id' }));
  if (q.entidad) base = base.where('d.entidad', '=', q.entidad);
  if (q.municipio) base = base.where('d.municipio', '=', q.municipio);
  if (q.tipo) base = base.where('d.tipo', '=', q.tipo);
  if (q.supuesto) base = base.where('d.supuesto', '=', q.supuesto);
  if (q.institution) base = base.where('d.institution_id', '=', q.institution);
  if (q.situacion === 'en_custodia') base = base.where('d.libertad_at', 'is', null);
  if (q.situacion === 'en_libertad') base = base.where('d.libertad_at', 'is not', null);
  if (q.flag) base = base.where(flags[q.flag]);
  if (q.from) base = base.where('d.fecha_detencion', '>=', q.from);
  if (q.to) base = base.where('d.fecha_detencion', '<=', q.to);
  if (q.nombre) base = base.where('d.nombre_clave', '=', sql<string>`detention_name_key(${q.nombre})`);
  if (q.curp) base = base.where('d.curp', '=', q.curp);
  const [items, total] = await Promise.all([
    base.select([
      'd.id', 'd.folio', 'd.entidad', 'd.municipio', 'd.nombre', 'd.apellido_paterno', 'd.apellido_materno', 'd.sexo', 'd.edad', 'd.curp',
      'd.fecha_hora_detencion', 'd.tipo', 'd.supuesto', 'd.offence_codes', 'd.institution_id', 'i.name as institution_name', 'd.registered_at',
      'd.registro_lag_min', 'd.situacion', 'd.ubicacion_actual', 'd.libertad_at', 'd.version',
    ]).select(flagsArray(now).as('flags'))
      .orderBy('d.fecha_hora_detencion', 'desc').orderBy('d.id', 'desc')
      .limit(q.page_size).offset((q.page - 1) * q.page_size).execute(),
    base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  await db.transaction().execute((trx) => writeAudit(core(trx), ctx.actor, {
    action: 'detention.listed', entityType: 'detention', entidad: q.entidad ?? ctx.actor.entidad, details: { filters: q, returned: items.length, total: total.n },
  }, now));
  return { items: items.map((r) => ({ ...r, id: Number(r.id), institution_id: Number(r.institution_id) })), total: total.n, page: q.page, page_size: q.page_size };
}
