import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { inTerritory, type Actor } from '../../core/access.js';
import { auditAppend, writeAudit, type AuditEntry } from '../../core/audit.js';
import { groupBy } from '../../core/collections.js';
import type { FieldIssueKey } from '../../core/http.js';
import type { CoreTables } from '../../core/db-types.js';
import { canCopy } from '../../core/db.js';
import { encodedRows } from '../../core/rowtext.js';
import { AppError } from '../../core/errors.js';
import { t, type Lang } from '../../core/i18n.js';
import { mapInSlices } from '../../core/event-loop.js';
import { emitEvents } from '../../core/outbox.js';
import { encodeMention, insertNewMentions } from '../entities/index.js';
import { sql, type Transaction } from 'kysely';
import { checkCurp, curpNameMismatch } from './curp.js';
import { rollupInsertFor, rollupInsertOf, type Contribution } from './detentions.rollup.js';
import { DETENTION_RULES, localDate, type DetentionRules } from './detentions.rules.js';
import type { DetentionDocument, RegistrationInput, Recorder } from './detentions.schema.js';
import {
  allocateFolios, copyRows, drawDetentionIds, findByExternalIds, formatFolio, insertDetentionRows, insertDetentionRowsByCopy, insertPackedRows,
  projectCustody, rowHead, type DetentionDb, type DetentionTrx, type InsertedRow, type NewDetentionRow, type RowEncoding,
} from './detentions.store.js';

/** A rule broken by one field: the path names the field, the key is an i18n message key. */
export type FieldIssue = FieldIssueKey;

/** 400 `validation_failed` naming every broken field (the core error handler renders the keys). */
export const fieldErrors = (issues: FieldIssue[]) => new AppError('validation_failed', 400, {}, { issues: issues.map((i) => ({ path: i.path, key: i.key, params: i.params ?? {} })) });

/** Renders issues in a language (bulk reports store text, not keys). */
export const renderIssues = (issues: FieldIssue[], lang: Lang) => issues.map((i) => ({ field: i.path, message: t(lang, i.key, i.params ?? {}) }));

/** Catalogue facts a registration is checked against; filled lazily and cached for a whole import. */
export class Lookups {
  readonly offences = new Map<string, { kind: string; extended_retention: boolean } | null>();
  readonly municipios = new Map<string, { catalog: boolean; codes: Set<string> }>();
  readonly institutions = new Map<number, { id: number; entidad: string | null; active: boolean; name: string } | null>();
  /** Filled from a whole catalogue snapshot: what it lacks does not exist, and load() queries nothing. */
  private complete = false;

  /** Lookups holding a whole catalogue (for checking away from the database: a bulk file's worker thread). */
  static fromCatalog(cat: CatalogSnapshot): Lookups {
    const l = new Lookups();
    for (const [code, o] of cat.offences) l.offences.set(code, o);
    for (const [entidad, codes] of cat.municipios) l.municipios.set(entidad, { catalog: true, codes });
    for (const [id, i] of cat.institutions) l.institutions.set(id, i);
    l.complete = true;
    return l;
  }

  /**
   * What ONE registration needs from the catalogues, from the per-database catalogue cache (no query while it is
   * fresh). A code, municipality or institution the cache does not know is looked up in the database, so one added a
   * moment ago is accepted at once; a deactivation reaches this cache within CATALOG_CACHE_MS.
   */
  async loadCached(db: DetentionDb | DetentionTrx, cacheKey: object, d: { codes: string[]; entidad: string; municipio: string | null; institutionId: number }): Promise<void> {
    const cat = await catalogFor(db, cacheKey);
    const missing = { codes: [] as string[], institution: false, municipio: false };
    for (const c of d.codes) {
      const o = cat.offences.get(c);
      if (o) this.offences.set(c, o);
      else missing.codes.push(c);
    }
    const munis = cat.municipios.get(d.entidad);
    if (munis && (!d.municipio || munis.has(d.municipio))) this.municipios.set(d.entidad, { catalog: true, codes: munis });
    else missing.municipio = true;
    const inst = cat.institutions.get(d.institutionId);
    if (inst) this.institutions.set(d.institutionId, inst);
    else missing.institution = true;
    if (missing.codes.length || missing.municipio || missing.institution) {
      await this.load(db, [{ codes: missing.codes, entidad: missing.municipio ? d.entidad : null, municipio: d.municipio, institutionId: missing.institution ? d.institutionId : null }]);
    }
  }

  /** Loads whatever these documents need that is not cached yet (at most three queries). */
  async load(db: DetentionDb | DetentionTrx | null, docs: { codes: string[]; entidad: string | null; municipio: string | null; institutionId: number | null }[]): Promise<void> {
    if (this.complete) return;
    if (!db) throw new Error('Lookups.load needs a database unless filled fromCatalog');
    const codes = [...new Set(docs.flatMap((d) => d.codes))].filter((c) => !this.offences.has(c));
    const entidades = [...new Set(docs.map((d) => d.entidad).filter((e): e is string => !!e))];
    const munis = entidades.filter((e) => !this.municipios.has(e));
    const insts = [...new Set(docs.map((d) => d.institutionId).filter((i): i is number => i != null))].filter((i) => !this.institutions.has(i));
    const [offRows, muniRows, instRows] = await Promise.all([
      codes.length ? db.selectFrom('offences').select(['code', 'kind', 'extended_retention']).where('code', 'in', codes).where('active', '=', true).execute() : [],
      munis.length ? db.selectFrom('municipios').select(['entidad', 'code']).where('entidad', 'in', munis).execute() : [],
      insts.length ? db.selectFrom('institutions').select(['id', 'entidad', 'active', 'name']).where('id', 'in', insts).execute() : [],
    ]);
    for (const c of codes) this.offences.set(c, null);
    for (const o of offRows) this.offences.set(o.code, { kind: o.kind, extended_retention: o.extended_retention });
    for (const e of munis) this.municipios.set(e, { catalog: false, codes: new Set() });
    for (const m of muniRows) {
      const entry = this.municipios.get(m.entidad)!;
      entry.catalog = true;
      entry.codes.add(m.code);
    }
    for (const i of insts) this.institutions.set(i, null);
    for (const i of instRows) this.institutions.set(i.id, { id: i.id, entidad: i.entidad, active: i.active, name: i.name });
  }
}

/** How long catalogue facts are served from memory before they are read again. */
export const CATALOG_CACHE_MS = 30_000;

/** The active offences, every municipality by entidad and every institution (structured-cloneable). */
export interface CatalogSnapshot {
  at: number;
  offences: Map<string, { kind: string; extended_retention: boolean }>;
  municipios: Map<string, Set<string>>;
  institutions: Map<number, { id: number; entidad: string | null; active: boolean; name: string }>;
}
const catalogs = new WeakMap<object, Promise<CatalogSnapshot>>();

/** The active offences, every municipality and every institution, read at most once per CATALOG_CACHE_MS per database. */
async function catalogFor(db: DetentionDb | DetentionTrx, key: object): Promise<CatalogSnapshot> {
  const cached = catalogs.get(key);
  if (cached) {
    const snap = await cached.catch(() => null);
    if (snap && performance.now() - snap.at < CATALOG_CACHE_MS) return snap;
    if (catalogs.get(key) !== cached) return catalogFor(db, key); // another caller is refreshing it
  }
  const loading = loadCatalog(db);
  catalogs.set(key, loading);
  loading.catch(() => { if (catalogs.get(key) === loading) catalogs.delete(key); });
  return loading;
}

/** Reads the whole catalogue snapshot in one statement (no cache: catalogFor() caches it). */
export async function loadCatalog(db: DetentionDb | DetentionTrx): Promise<CatalogSnapshot> {
  const { rows: [r] } = await sql<{ offences: { code: string; kind: string; extended_retention: boolean }[]; municipios: { entidad: string; code: string }[]; institutions: { id: number; entidad: string | null; active: boolean; name: string }[] }>`
    SELECT (SELECT coalesce(json_agg(json_build_object('code', code, 'kind', kind, 'extended_retention', extended_retention)), '[]') FROM offences WHERE active) AS offences,
           (SELECT coalesce(json_agg(json_build_object('entidad', entidad, 'code', code)), '[]') FROM municipios) AS municipios,
           (SELECT coalesce(json_agg(json_build_object('id', id, 'entidad', entidad, 'active', active, 'name', name)), '[]') FROM institutions) AS institutions`.execute(db);
  const municipios = new Map<string, Set<string>>();
  for (const m of r.municipios) {
    if (!municipios.has(m.entidad)) municipios.set(m.entidad, new Set());
    municipios.get(m.entidad)!.add(m.code);
  }
  return {
    at: performance.now(),
    offences: new Map(r.offences.map((o) => [o.code, { kind: o.kind, extended_retention: o.extended_retention }])),
    municipios,
    institutions: new Map(r.institutions.map((i) => [Number(i.id), { ...i, id: Number(i.id) }])),
  };
}

// Maps, not objects: a value looked up as an object's key becomes a "thin" string, which V8 joins two bytes a
// character, doubling the cost of a bulk file's encoded rows (see the import test on their representation).
const SUPUESTOS_BY_TIPO = new Map<string, string[]>([
  ['falta_administrativa', ['arresto_administrativo', 'flagrancia']],
  ['hecho_probablemente_delictivo', ['orden_de_aprehension', 'flagrancia', 'caso_urgente']],
]);
const KIND_BY_TIPO = new Map<string, string>([['falta_administrativa', 'falta'], ['hecho_probablemente_delictivo', 'delito']]);

/** Whether the actor may capture a record of this entidad for this institution (entidad scope binds to its entidad). */
export function canCapture(actor: Actor, entidad: string, institutionId: number): boolean {
  if (!inTerritory(actor, 'capture', { entidad, institution_id: institutionId })) return false;
  return actor.captureScope === 'national' || actor.entidad == null || actor.entidad === entidad;
}

/**
 * The rules zod cannot express, over a whole (merged) document: capture territory, the institution, times against
 * the injected clock, age or birth date, supuesto against tipo, municipality within the entidad (enforced only when
 * the municipality catalogue has rows for that entidad), offence codes in the catalogue and of the right kind,
 * coordinates in pairs, a valid phone for the trusted person.
 */
export function checkDocument(doc: DetentionDocument, actor: Actor, lookups: Lookups, now: Date, opts: { registeredAt?: Date; rules?: DetentionRules } = {}): FieldIssue[] {
  const rules = opts.rules ?? DETENTION_RULES;
  const issues: FieldIssue[] = [];
  const entidad = doc.lugar.entidad;
  const latest = now.getTime() + rules.futureToleranceMinutes * 60_000;
  issues.push(...institutionIssues(actor, entidad, doc.autoridad_detencion.institution_id, lookups));
  const detAt = new Date(doc.fecha_hora_detencion).getTime();
  if (detAt > latest) issues.push({ path: 'fecha_hora_detencion', key: 'field.fecha_futura' });
  if (doc.fecha_hora_registro) {
    const reg = new Date(doc.fecha_hora_registro).getTime();
    if (reg > latest) issues.push({ path: 'fecha_hora_registro', key: 'field.fecha_futura' });
    else if (reg < detAt) issues.push({ path: 'fecha_hora_registro', key: 'field.before_detention' });
  } else if (opts.registeredAt && opts.registeredAt.getTime() < detAt) {
    issues.push({ path: 'fecha_hora_detencion', key: 'field.after_registration' });
  }
  const p = doc.persona;
  if (p.edad == null && !p.fecha_nacimiento) issues.push({ path: 'persona.edad', key: 'field.edad_or_fecha_nacimiento' });
  if (p.fecha_nacimiento && p.fecha_nacimiento > doc.fecha_hora_detencion.slice(0, 10)) issues.push({ path: 'persona.fecha_nacimiento', key: 'field.fecha_nacimiento_futura' });
  if (!SUPUESTOS_BY_TIPO.get(doc.tipo)?.includes(doc.supuesto)) issues.push({ path: 'supuesto', key: 'field.supuesto_tipo', params: { supuesto: doc.supuesto, tipo: doc.tipo } });
  issues.push(...municipioIssues(entidad, doc.lugar.municipio, lookups));
  if ((doc.lugar.lat == null) !== (doc.lugar.lon == null)) issues.push({ path: doc.lugar.lat == null ? 'lugar.lat' : 'lugar.lon', key: 'field.coordinates_pair' });
  issues.push(...offenceIssues(doc.offence_codes, doc.tipo, lookups));
  const tel = doc.persona_confianza?.telefono;
  if (tel) {
    const n = parsePhoneNumberFromString(tel, 'MX');
    if (!n || !n.isValid() || n.country !== 'MX') issues.push({ path: 'persona_confianza.telefono', key: 'field.telefono_invalido' });
  }
  return issues;
}

/** The capture territory and the institution (active, of the record's entidad) of a registration. */
function institutionIssues(actor: Actor, entidad: string, instId: number, lookups: Lookups): FieldIssue[] {
  const inst = lookups.institutions.get(instId);
  if (!canCapture(actor, entidad, instId)) {
    // Name the field that is out of reach: the entidad (another state) or the institution (another institution).
    const entidadOk = actor.captureScope === 'national' || actor.entidad === entidad || (actor.entidad == null && actor.captureScope === 'institution');
    return [entidadOk ? { path: 'autoridad_detencion.institution_id', key: 'field.institution_outside_scope' } : { path: 'lugar.entidad', key: 'field.entidad_outside_scope' }];
  }
  if (!inst || !inst.active || (inst.entidad != null && inst.entidad !== entidad)) return [{ path: 'autoridad_detencion.institution_id', key: 'field.institution_outside_scope' }];
  return [];
}

/** A municipality outside its entidad (checked only where the catalogue has that entidad's municipalities). */
function municipioIssues(entidad: string, municipio: string | null | undefined, lookups: Lookups): FieldIssue[] {
  if (!municipio) return [];
  const m = lookups.municipios.get(entidad);
  return m?.catalog && !m.codes.has(municipio) ? [{ path: 'lugar.municipio', key: 'field.municipio_outside_entidad', params: { municipio, entidad } }] : [];
}

/** Offence codes not in the catalogue, or of the wrong kind for the tipo (a tipo unknown checks only the codes). */
function offenceIssues(codes: string[], tipo: string | undefined, lookups: Lookups): FieldIssue[] {
  const issues: FieldIssue[] = [];
  codes.forEach((code, i) => {
    const o = lookups.offences.get(code);
    if (!o) issues.push({ path: `offence_codes.${i}`, key: 'field.offence_unknown', params: { code } });
    else if (tipo && KIND_BY_TIPO.has(tipo) && o.kind !== KIND_BY_TIPO.get(tipo)) issues.push({ path: `offence_codes.${i}`, key: 'field.offence_kind', params: { code, kind: o.kind } });
  });
  return issues;
}

/**
 * The catalogue facts of a body that failed its shape check, from the fields that have the right shape (the ones
 * the shape issues name are left out): what catalogueIssues() checks and Lookups.load() must fetch for it.
 */
export function wellFormedFacts(body: Record<string, unknown>, actor: Actor, shapeIssues: readonly { path: string }[]) {
  const bad = (path: string) => shapeIssues.some((i) => i.path === path || i.path.startsWith(`${path}.`));
  const obj = (v: unknown) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const lugar = obj(body.lugar);
  const entidadGiven = typeof lugar.entidad === 'string' && /^\d{2}$/.test(lugar.entidad) && !bad('lugar.entidad');
  const inst = obj(body.autoridad_detencion).institution_id ?? actor.institutionId;
  return {
    entidad: entidadGiven ? (lugar.entidad as string) : bad('lugar.entidad') ? null : actor.entidad,
    tipo: typeof body.tipo === 'string' && !bad('tipo') ? body.tipo : undefined,
    codes: Array.isArray(body.offence_codes) && !bad('offence_codes') ? body.offence_codes.filter((c): c is string => typeof c === 'string') : [],
    municipio: typeof lugar.municipio === 'string' && !bad('lugar.municipio') ? lugar.municipio : null,
    institutionId: typeof inst === 'number' && Number.isInteger(inst) && !bad('autoridad_detencion.institution_id') ? inst : null,
  };
}

/**
 * The catalogue checks of a body that failed its shape check, on its well-formed fields (wellFormedFacts): so one
 * round of a bulk file reports a row's bad age AND its unknown offence code, not one after the other.
 */
export function catalogueIssues(facts: ReturnType<typeof wellFormedFacts>, actor: Actor, lookups: Lookups): FieldIssue[] {
  const out = offenceIssues(facts.codes, facts.tipo, lookups);
  if (facts.entidad) out.push(...municipioIssues(facts.entidad, facts.municipio, lookups));
  if (facts.entidad && facts.institutionId != null) out.push(...institutionIssues(actor, facts.entidad, facts.institutionId, lookups));
  return out;
}

/** A warning of warningsFor(): its code, the field it points at (a document path) and its message. */
export interface Aviso { code: string; field: string; message: string }

/** Things worth a second look that do not block the record (DOMAIN.md: a CURP is evidence; flag contradictions). */
export function warningsFor(doc: DetentionDocument, lang: Lang): Aviso[] {
  const out: Aviso[] = [];
  const add = (code: string, field: string, params: Record<string, unknown>) => out.push({ code, field, message: t(lang, `warning.${code}`, params) });
  const p = doc.persona;
  if (p.curp) {
    const c = checkCurp(p.curp);
    if (c.ok) {
      if (c.facts.sexo !== p.sexo && p.sexo !== 'X' && c.facts.sexo !== 'X') add('curp_sexo', 'persona.curp', { curp: c.facts.sexo, sexo: p.sexo });
      if (p.fecha_nacimiento && c.facts.fecha_nacimiento !== p.fecha_nacimiento) add('curp_fecha_nacimiento', 'persona.curp', { curp: c.facts.fecha_nacimiento, fecha: p.fecha_nacimiento });
      if (!p.fecha_nacimiento && p.edad != null) {
        const computed = ageAt(c.facts.fecha_nacimiento, doc.fecha_hora_detencion);
        if (Math.abs(computed - p.edad) > 1) add('curp_edad', 'persona.curp', { edad: p.edad, calculada: computed });
      }
      // Letters 1–4 and 14–16 come from the surnames and given name: another person's CURP, or a typo, shows there.
      const expected = curpNameMismatch(p.curp, p);
      if (expected) add('curp_nombre', 'persona.curp', { curp: p.curp.slice(0, 4), esperadas: expected });
    }
  }
  if (p.edad != null && p.fecha_nacimiento) {
    const computed = ageAt(p.fecha_nacimiento, doc.fecha_hora_detencion);
    if (Math.abs(computed - p.edad) > 1) add('edad_fecha_nacimiento', 'persona.edad', { edad: p.edad, calculada: computed });
  }
  return out;
}

/** Whole years between a birth date and an instant. */
export function ageAt(birth: string, at: string): number {
  const [by, bm, bd] = birth.split('-').map(Number);
  const [ay, am, ad] = at.slice(0, 10).split('-').map(Number);
  return ay - by - (am < bm || (am === bm && ad < bd) ? 1 : 0);
}

const collapse = (s: string | null | undefined) => (s == null ? s : s.replace(/\s+/g, ' ').trim());

/** The stored document of a new registration: entidad and institution resolved, whitespace collapsed, codes deduplicated. */
export function normaliseRegistration(input: RegistrationInput, actor: Actor): DetentionDocument {
  const { source: _s, external_id: _x, ...rest } = input;
  const entidad = input.lugar.entidad ?? actor.entidad ?? '';
  const tel = input.persona_confianza?.telefono ? parsePhoneNumberFromString(input.persona_confianza.telefono, 'MX') : undefined;
  return {
    ...rest,
    persona: {
      ...input.persona,
      nombre: collapse(input.persona.nombre)!, apellido_paterno: collapse(input.persona.apellido_paterno) ?? null, apellido_materno: collapse(input.persona.apellido_materno) ?? null,
      curp: input.persona.curp ?? null, fecha_nacimiento: input.persona.fecha_nacimiento ?? null, edad: input.persona.edad ?? null,
    },
    lugar: { ...input.lugar, entidad },
    offence_codes: [...new Set(input.offence_codes ?? [])],
    autoridad_detencion: { institution_id: input.autoridad_detencion.institution_id ?? actor.institutionId ?? 0, agentes: input.autoridad_detencion.agentes },
    persona_confianza: input.persona_confianza ? { ...input.persona_confianza, telefono_e164: tel?.isValid() ? tel.number : null } : null,
  };
}

/** The scalar columns a document determines (shared by registration and new versions). */
export function documentColumns(doc: DetentionDocument, registeredAt: Date) {
  const p = doc.persona;
  const detAt = new Date(doc.fecha_hora_detencion);
  const fromCurp = p.curp ? checkCurp(p.curp) : null;
  const birth = p.fecha_nacimiento ?? (fromCurp?.ok ? fromCurp.facts.fecha_nacimiento : null);
  return {
    nombre: p.nombre, apellido_paterno: p.apellido_paterno ?? null, apellido_materno: p.apellido_materno ?? null, sexo: p.sexo,
    edad: p.edad ?? (birth ? ageAt(birth, doc.fecha_hora_detencion) : null), fecha_nacimiento: birth, curp: p.curp ?? null,
    municipio: doc.lugar.municipio ?? null, fecha_hora_detencion: detAt, fecha_detencion: localDate(detAt, doc.lugar.entidad),
    tipo: doc.tipo, supuesto: doc.supuesto, offence_codes: doc.offence_codes, institution_id: doc.autoridad_detencion.institution_id,
    registro_lag_min: Math.max(0, Math.floor((registeredAt.getTime() - detAt.getTime()) / 60_000)),
  };
}

/** A registration ready to insert (folio not yet assigned). */
export interface PreparedRegistration { row: Omit<NewDetentionRow, 'folio'>; year: number }

/** Builds the row of a checked registration; `received` is the server clock, `registered` the source system's claim if any. */
export function prepareRow(doc: DetentionDocument, meta: { source: string; external_id: string | null; recorder: Recorder; received: Date }, lookups: Lookups): PreparedRegistration {
  const registered = doc.fecha_hora_registro ? new Date(doc.fecha_hora_registro) : meta.received;
  const extended = doc.offence_codes.some((c) => lookups.offences.get(c)?.extended_retention);
  const cols = documentColumns(doc, registered);
  return {
    year: Number(localDate(registered, doc.lugar.entidad).slice(0, 4)),
    row: {
      entidad: doc.lugar.entidad, source: meta.source, external_id: meta.external_id, version_at: meta.received, version_by: meta.recorder,
      ...cols, registered_at: registered, received_at: meta.received, registered_by: meta.recorder,
      ...projectCustody(doc.lugar_traslado, [], extended), data: doc,
    },
  };
}

/**
 * A registration checked and encoded away from the writer (a bulk file's worker thread): its idempotency key, the
 * year its folio is drawn in, and its columns after entidad, id and folio, encoded as the database takes them
 * (encodeTail; COPY's text format where canCopy(db), packed otherwise), and its person's entity-index mention encoded
 * the same way (detentionMention, encodeMention).
 */
export interface EncodedRegistration { row: { entidad: string; source: string; external_id: string | null }; year: number; tail: string | Uint8Array; mention: string | Uint8Array }
type Registration = PreparedRegistration | EncodedRegistration;
const isEncoded = (r: Registration): r is EncodedRegistration => 'tail' in r;

/**
 * A bulk write: what its batch event and audit entry name (a file's import), and, optionally, what its items add to
 * the rollup, computed by the caller (contributionsOf, in the file's checker); used when every item is inserted.
 */
export interface BulkWrite { entityType: string; entityId: string; rollup?: Contribution[] }

/** What happened to one prepared registration. */
export type InsertOutcome = { status: 'created' | 'existing'; entidad: string; id: number; folio: string };

/** The person as events carry it, so the entity index can index it without reading the registry. */
export function personPayload(doc: DetentionDocument) {
  const p = doc.persona;
  return { nombre: p.nombre, apellido_paterno: p.apellido_paterno ?? null, apellido_materno: p.apellido_materno ?? null, curp: p.curp ?? null, fecha_nacimiento: p.fecha_nacimiento ?? null, edad: p.edad ?? null, sexo: p.sexo, alias: p.alias ?? [] };
}

/** The person of a detention as the entity index takes it (its age left out: it changes, the rest identifies). */
export function detentionMention(row: Pick<NewDetentionRow, 'institution_id' | 'fecha_hora_detencion' | 'data'>, version = 1) {
  const { edad: _edad, ...persona } = personPayload(row.data);
  return { institutionId: row.institution_id, observedAt: row.fecha_hora_detencion, persona, version };
}

/** The `detention.registered` event of a new record (the person included, for the entity index). */
export function registrationEvent(ins: { entidad: string; id: number; folio: string; source: string; external_id: string | null }, row: NewDetentionRow) {
  return {
    type: 'detention.registered', entidad: ins.entidad, aggregateType: 'detention', aggregateId: ins.folio,
    payload: {
      id: Number(ins.id), folio: ins.folio, entidad: ins.entidad, version: 1, source: ins.source, external_id: ins.external_id, persona: personPayload(row.data),
      fecha_hora_detencion: row.fecha_hora_detencion.toISOString(), tipo: row.tipo, supuesto: row.supuesto, institution_id: row.institution_id, municipio: row.municipio,
    },
  };
}

/** The audit entry of a new record. */
export const registrationAudit = (ins: { entidad: string; id: number; folio: string; source: string; external_id: string | null }, via: string) => ({
  action: 'detention.registered', entityType: 'detention', entityId: ins.folio, entidad: ins.entidad, details: { id: Number(ins.id), source: ins.source, external_id: ins.external_id, via },
});

/**
 * A bulk write's events and audit entries, one of each per entidad instead of one per record. The
 * `detention.batch_registered` event names the new records by id (`{ via, count, ids, indexed: true }`); their
 * persons are already in the entity index, written in the same transaction (insertNewMentions), so a thousand persons
 * neither travel through the outbox nor are read back. (Events without `indexed`, written before, still are.) The
 * audit entry names every record it wrote (folios, ids and external ids, in order), so every write is still audited
 * and a folio is found in the log (GET /api/audit?entity_id=<folio>).
 */
export function batchRegistration(inserted: InsertedRow[], via: string, target: { entityType: string; entityId: string }) {
  const groups = [...groupBy(inserted, (r) => r.entidad)];
  return {
    events: groups.map(([entidad, list]) => ({
      type: BATCH_REGISTERED, entidad, aggregateType: target.entityType, aggregateId: target.entityId,
      payload: { via, count: list.length, ids: list.map((r) => Number(r.id)), indexed: true },
    })),
    audit: groups.map(([entidad, list]): AuditEntry => ({
      action: BATCH_REGISTERED, entityType: target.entityType, entityId: target.entityId, entidad,
      details: { via, count: list.length, sources: [...new Set(list.map((r) => r.source))], folios: list.map((r) => r.folio), ids: list.map((r) => Number(r.id)), external_ids: list.map((r) => r.external_id) },
    })),
  };
}

/** The event and audit action of a bulk write's batch (see batchRegistration). */
export const BATCH_REGISTERED = 'detention.batch_registered';

/** The audit entry explaining an unused folio number. */
export const voidedAudit = (r: { folio: string; entidad: string }, details: Record<string, unknown>) => ({
  action: 'detention.folio_voided', entityType: 'detention', entityId: r.folio, entidad: r.entidad, details,
});

/** A bulk write's keys probed before all of them are looked up: every SAMPLE_STRIDE-th one and the last. */
const SAMPLE_STRIDE = 50;

/**
 * The detentions that already exist for these idempotency keys. A bulk write (a file's batch: a thousand keys, as a
 * rule all new) probes a sample first and looks up every key only when the sample meets one: the full look-up is a
 * thousand index probes, ~4 ms of PostgreSQL's CPU a batch, and the sample ~0.1 ms. A file sent again, or resumed, or
 * holding a run of records already registered, meets them in its sample. An existing key the sample misses (a
 * scattered one) is still never duplicated: the insert meets it (COPY's unique violation, then the insert that skips
 * existing keys), answers it as `existing`, and its reserved folio is voided and audited, as with a concurrent writer.
 */
async function existingKeys(db: DetentionDb, keys: { entidad: string; source: string; external_id: string }[], bulk: boolean): Promise<InsertedRow[]> {
  if (bulk && keys.length > SAMPLE_STRIDE) {
    const sample = keys.filter((_, i) => i % SAMPLE_STRIDE === 0 || i === keys.length - 1);
    if ((await findByExternalIds(db, sample)).length === 0) return [];
  }
  return findByExternalIds(db, keys);
}

/**
 * Registers prepared detentions. Existing idempotency keys are answered with their folio. Folio numbers for the
 * rest are reserved first in ONE short autocommitted statement (so the per entidad+year counter row is locked for
 * microseconds, not for the whole write); then ONE transaction inserts the rows (one statement), their
 * `detention.registered` events and their audit rows, plus whatever `within` adds (an import's progress, demo
 * events; audit entries it returns join the same audit write). A reserved number that ends up unused (a concurrent duplicate, or a failed transaction) is audited as
 * `detention.folio_voided`, so every gap in a folio series is explained.
 */
export async function registerPrepared(db: DetentionDb, actor: Actor, items: PreparedRegistration[] | EncodedRegistration[], now: Date, via: string,
  within?: (trx: DetentionTrx, outcomes: InsertOutcome[]) => Promise<AuditEntry[] | void>, bulk?: BulkWrite): Promise<InsertOutcome[]> {
  const keyOf = (r: { entidad: string; source: string; external_id: string | null }) => `${r.entidad}\u0000${r.source}\u0000${r.external_id}`;
  const withKey = items.filter((i) => i.row.external_id != null);
  const existing = new Map((await existingKeys(db, withKey.map((i) => ({ entidad: i.row.entidad, source: i.row.source, external_id: i.row.external_id! })), !!bulk)).map((r) => [keyOf(r), r]));
  const fresh: Registration[] = [];
  const seen = new Set<string>();
  for (const i of items as Registration[]) {
    if (i.row.external_id == null) { fresh.push(i); continue; }
    const k = keyOf(i.row);
    if (existing.has(k) || seen.has(k)) continue;
    seen.add(k);
    fresh.push(i);
  }
  const wants = new Map<string, number>();
  for (const i of fresh) wants.set(`${i.row.entidad}-${i.year}`, (wants.get(`${i.row.entidad}-${i.year}`) ?? 0) + 1);
  const next = await allocateFolios(db, wants);
  // A bulk write on PostgreSQL goes in by COPY, which needs the ids beforehand.
  const byCopy = !!bulk && canCopy(db);
  const encoded = fresh.length > 0 && isEncoded(fresh[0]);
  if (encoded && !bulk) throw new Error('encoded registrations are written as a bulk write only');
  const ids = byCopy ? await drawDetentionIds(db, fresh.length) : [];
  const folioOf = new Map<Registration, string>();
  const heads: InsertedRow[] = fresh.map((i, k) => {
    const key = `${i.row.entidad}-${i.year}`;
    const n = next.get(key)!;
    next.set(key, n + 1);
    const folio = formatFolio(i.row.entidad, i.year, n);
    folioOf.set(i, folio);
    return { entidad: i.row.entidad, id: ids[k], folio, source: i.row.source, external_id: i.row.external_id };
  });
  // Whole rows, for the inserts that need them (a registration's event carries its person).
  const rows: NewDetentionRow[] = encoded ? [] : (fresh as PreparedRegistration[]).map((i, k) => (byCopy ? { ...i.row, ...heads[k] } : { ...i.row, folio: heads[k].folio }));
  // Encoded before the transaction begins (it yields to the event loop as it goes), so the transaction stays short.
  const encoding: RowEncoding = byCopy ? 'copy' : 'packed';
  const text = encoded ? encodedRows(encoding, heads.map((h) => rowHead(encoding, h)), (fresh as EncodedRegistration[]).map((i) => i.tail))
    : byCopy ? await copyRows(rows) : '';
  // A bulk write indexes its persons with its records; their mentions are encoded here too (a file's, by its checker).
  const mentions = !bulk ? [] : encoded ? (fresh as EncodedRegistration[]).map((i) => i.mention) : await mapInSlices(rows, (r) => encodeMention(detentionMention(r), encoding));
  const mentionOf = new Map(heads.map((h, k) => [h.folio, mentions[k]]));
  const core = (trx: DetentionTrx) => trx as unknown as Transaction<CoreTables>;
  try {
    return await db.transaction().execute(async (trx) => {
      const inserted = byCopy ? await insertDetentionRowsByCopy(trx, heads, text) : encoded ? await insertPackedRows(trx, text) : await insertDetentionRows(trx, rows);
      const created = new Map(inserted.map((r) => [r.folio, r]));
      const createdByKey = new Map(inserted.filter((r) => r.external_id != null).map((r) => [keyOf(r), r]));
      // A concurrent writer may have inserted the same key between our check and our insert: answer with its record.
      const lost = heads.filter((r) => !created.has(r.folio));
      for (const r of await findByExternalIds(trx, lost.filter((l) => l.external_id != null).map((l) => ({ entidad: l.entidad, source: l.source, external_id: l.external_id! })))) existing.set(keyOf(r), r);
      const outcomes = (items as Registration[]).map((i): InsertOutcome => {
        const folio = folioOf.get(i);
        const mine = folio ? created.get(folio) : undefined;
        if (mine) return { status: 'created', entidad: mine.entidad, id: Number(mine.id), folio: mine.folio };
        // Already there, or the same key earlier in this very batch.
        const ex = i.row.external_id != null ? existing.get(keyOf(i.row)) ?? createdByKey.get(keyOf(i.row)) : undefined;
        if (!ex) throw new Error('a registration was neither inserted nor found');
        return { status: 'existing', entidad: ex.entidad, id: Number(ex.id), folio: ex.folio };
      });
      const batch = bulk && inserted.length ? batchRegistration(inserted, via, bulk) : null;
      if (batch) await insertNewMentions(core(trx), 'detention', encoding, inserted.map((r) => ({ entidad: r.entidad, recordId: Number(r.id), label: r.folio, mention: mentionOf.get(r.folio)! })), now);
      const byFolio = batch ? null : new Map(rows.map((r) => [r.folio, r]));
      const insertedRows = byFolio ? inserted.map((r) => ({ ins: r, row: byFolio.get(r.folio)! })) : [];
      await emitEvents(core(trx), batch ? batch.events : insertedRows.map(({ ins, row }) => registrationEvent(ins, row)));
      const extra = (within ? await within(trx, outcomes) : undefined) ?? [];
      // The shared rollup rows and the audit chain are locked last, in ONE statement (rollup first, then the chain):
      // their locks are held until commit, so no other client round trip happens while they are.
      const audit = [
        ...(batch ? batch.audit : insertedRows.map(({ ins }) => registrationAudit(ins, via))),
        ...lost.map((r) => voidedAudit(r, { reason: 'duplicate_external_id', source: r.source, external_id: r.external_id, via })),
        ...extra,
      ];
      const keys = inserted.map((r) => ({ entidad: r.entidad, id: Number(r.id) }));
      if (keys.length) {
        // The caller's sums hold for every item; when some were not inserted (already there), the database adds up the rest.
        const rollup = bulk?.rollup && inserted.length === items.length ? rollupInsertOf(bulk.rollup) : rollupInsertFor(keys);
        await sql`WITH ro AS (${rollup} RETURNING 1) SELECT ${auditAppend(actor, audit, now)} FROM (SELECT count(*) FROM ro) AS rollup_done`.execute(trx);
      } else {
        await writeAudit(core(trx), actor, audit, now);
      }
      return outcomes;
    });
  } catch (err) {
    if (heads.length) {
      await db.transaction().execute((trx) => writeAudit(core(trx), actor, heads.map((r) => voidedAudit(r, { reason: 'write_failed', error: (err as Error).message.slice(0, 300), via })), now)).catch(() => {});
    }
    throw err;
  }
}
