import { sql, type Expression, type Kysely, type RawBuilder, type SqlBool, type Transaction } from 'kysely';
import { requirePermission, territoryCondition, type Actor } from '../../core/access.js';
import { writeAudit } from '../../core/audit.js';
import type { Ctx } from '../../core/context.js';
import type { CoreTables } from '../../core/db-types.js';
import { groupBy } from '../../core/collections.js';
import { ROWS_PER_SLICE, yieldToEventLoop } from '../../core/event-loop.js';
import { emitEvents } from '../../core/outbox.js';
import { copyFromStdin } from '../../core/db.js';
import { encodeArrayField, encodeField, encodedRows, joinFields, joinHead, selectPacked, type RowEncoding, type TextColumn } from '../../core/rowtext.js';
import { personKeys, scorePersons, type PersonFeatures, type PersonInput, type PersonKeys } from '../../matching/index.js';
import type { MatchInput, MentionPersona, SearchInput } from './entities.schema.js';

type AnyDb = Kysely<CoreTables> | Transaction<CoreTables>;

/** What a registry hands the index for one record naming a person. */
export interface PersonMentionInput {
  entidad: string;
  registry: string;
  recordId: string | number;
  label?: string | null;
  institutionId?: number | null;
  observedAt: Date | string;
  persona: MentionPersona;
  /** The record's version: an older version delivered late never overwrites a newer one. */
  version?: number;
}

/** A stored mention as the index returns it. */
export interface MentionRow {
  entidad: string;
  registry: string;
  record_id: string;
  label: string | null;
  institution_id: number | null;
  observed_at: Date;
  persona: MentionPersona;
}

/** The event announcing that a mention was (re)indexed; watchlists check it against their entries. */
export const MENTION_INDEXED = 'person_mention.indexed';
/**
 * The event announcing that several mentions of one entidad were (re)indexed by one write (a bulk import's batch):
 * payload `{ entidad, mentions: [{ registry, record_id }] }`, one event instead of one per mention.
 */
export const MENTIONS_INDEXED = 'person_mentions.indexed';

/**
 * Writes or refreshes one person mention in the caller's transaction (idempotent: upsert by entidad, registry,
 * record id) and emits `person_mention.indexed` in the same transaction. Returns false when a newer version was
 * already indexed (nothing changed).
 */
export async function indexPersonMention(trx: Transaction<CoreTables>, m: PersonMentionInput, now: Date = new Date()): Promise<boolean> {
  return (await indexPersonMentions(trx, [m], now)) > 0;
}

/**
 * Writes or refreshes many mentions in ONE upsert (the outbox's batch path: a bulk import's backlog) and announces
 * them: one `person_mention.indexed` event when one mention changed, else one `person_mentions.indexed` event per
 * entidad listing them. Of several mentions of the same record, the newest version wins. Returns how many changed.
 */
export async function indexPersonMentions(trx: Transaction<CoreTables>, list: PersonMentionInput[], now: Date = new Date()): Promise<number> {
  const byKey = new Map<string, PersonMentionInput>();
  for (const m of list) {
    const key = `${m.entidad}\u0000${m.registry}\u0000${m.recordId}`;
    const prev = byKey.get(key);
    if (!prev || (prev.version ?? 0) <= (m.version ?? 0)) byKey.set(key, m);
  }
  if (byKey.size === 0) return 0;
  // The keys of a bulk import's thousands of mentions are milliseconds of CPU per slice: the loop lets I/O in between.
  const rows = [];
  for (const m of byKey.values()) {
    if (rows.length % ROWS_PER_SLICE === ROWS_PER_SLICE - 1) await yieldToEventLoop();
    const k = personKeys(m.persona as PersonInput);
    rows.push({
      entidad: m.entidad, registry: m.registry, record_id: String(m.recordId), label: m.label ?? null, institution_id: m.institutionId ?? null,
      observed_at: new Date(m.observedAt).toISOString(), full_name: k.fullName,
      blocking_keys: k.blockingKeys, curp: k.curp, fecha_nacimiento: k.birthDate, sexo: k.sex, aliases: k.aliases, persona: m.persona, source_version: m.version ?? 0,
    });
  }
  const { rows: changed } = await sql<{ entidad: string; registry: string; record_id: string }>`
    INSERT INTO person_mentions (entidad, registry, record_id, label, institution_id, observed_at, full_name,
      blocking_keys, curp, fecha_nacimiento, sexo, aliases, persona, source_version, indexed_at)
    SELECT x.entidad, x.registry, x.record_id, x.label, x.institution_id, x.observed_at, x.full_name,
      x.blocking_keys, x.curp, x.fecha_nacimiento, x.sexo, x.aliases, x.persona, x.source_version, ${now}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(entidad text, registry text, record_id text, label text, institution_id int8,
      observed_at timestamptz, full_name text, blocking_keys text[], curp text, fecha_nacimiento date,
      sexo text, aliases text[], persona jsonb, source_version int)
    ON CONFLICT (entidad, registry, record_id) DO UPDATE SET
      label = COALESCE(EXCLUDED.label, person_mentions.label), institution_id = COALESCE(EXCLUDED.institution_id, person_mentions.institution_id),
      observed_at = EXCLUDED.observed_at, full_name = EXCLUDED.full_name, blocking_keys = EXCLUDED.blocking_keys, curp = EXCLUDED.curp,
      fecha_nacimiento = EXCLUDED.fecha_nacimiento, sexo = EXCLUDED.sexo, aliases = EXCLUDED.aliases, persona = EXCLUDED.persona,
      source_version = EXCLUDED.source_version, indexed_at = EXCLUDED.indexed_at
    WHERE person_mentions.source_version <= EXCLUDED.source_version
    RETURNING entidad, registry, record_id`.execute(trx);
  await announceMentions(trx, changed);
  return changed.length;
}

/** The events of (re)indexed mentions: one `person_mention.indexed`, or one `person_mentions.indexed` per entidad. */
async function announceMentions(trx: Transaction<CoreTables>, changed: { entidad: string; registry: string; record_id: string }[]): Promise<void> {
  if (changed.length === 1) {
    const [r] = changed;
    await emitEvents(trx, { type: MENTION_INDEXED, entidad: r.entidad, aggregateType: 'person_mention', aggregateId: `${r.registry}:${r.record_id}`, payload: { entidad: r.entidad, registry: r.registry, record_id: r.record_id } });
  } else if (changed.length > 1) {
    await emitEvents(trx, [...groupBy(changed, (r) => r.entidad)].map(([entidad, rows]) => {
      const mentions = rows.map((r) => ({ registry: r.registry, record_id: r.record_id }));
      return {
        type: MENTIONS_INDEXED, entidad, aggregateType: 'person_mention', aggregateId: `${mentions[0].registry}:${mentions[0].record_id}+${mentions.length - 1}`,
        payload: { entidad, mentions },
      };
    }));
  }
}

/** The columns of a mention after its head (entidad, registry, record_id, label, indexed_at), as encodeMention() gives them. */
const MENTION_TAIL: TextColumn[] = [
  ['institution_id', 'int8'], ['observed_at', 'timestamptz'], ['full_name', 'text'],
  ['blocking_keys', 'text[]'], ['curp', 'text'], ['fecha_nacimiento', 'date'], ['sexo', 'char(1)'], ['aliases', 'text[]'], ['persona', 'jsonb'],
  ['source_version', 'int4'],
];
const MENTION_HEAD: TextColumn[] = [['entidad', 'char(2)'], ['registry', 'text'], ['record_id', 'text'], ['label', 'text'], ['indexed_at', 'timestamptz']];
const MENTION_COLUMNS = [...MENTION_HEAD, ...MENTION_TAIL];

/**
 * A new record's mention encoded for insertNewMentions() (every column after its head, the person's index keys
 * computed here): a bulk write encodes it with the record, in the thread that checks the file.
 */
export function encodeMention(m: Pick<PersonMentionInput, 'institutionId' | 'observedAt' | 'persona' | 'version'>, encoding: RowEncoding): string {
  const k = personKeys(m.persona as PersonInput);
  const f = (v: string | number | null | undefined) => encodeField(encoding, v);
  const a = (xs: string[]) => encodeArrayField(encoding, xs);
  return joinFields(encoding, [
    f(m.institutionId), encodeField(encoding, new Date(m.observedAt).toISOString(), 'json'), f(k.fullName),
    a(k.blockingKeys), f(k.curp), f(k.birthDate), f(k.sex), a(k.aliases), encodeField(encoding, JSON.stringify(m.persona), 'json'), f(m.version ?? 0),
  ]);
}

/**
 * Writes the mentions of records created in the caller's transaction (so none can be indexed yet), encoded by
 * encodeMention(), in ONE statement — COPY on PostgreSQL, the packed insert on PGlite — and announces them as
 * indexPersonMentions() does. A bulk write indexes its persons this way, with its records: no event to read them back.
 */
export async function insertNewMentions(trx: Transaction<CoreTables>, registry: string, encoding: RowEncoding, rows: { entidad: string; recordId: number | string; label: string | null; mention: string | Uint8Array }[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const at = encodeField(encoding, now.toISOString(), 'json');
  const heads = rows.map((r) => joinHead(encoding, [encodeField(encoding, r.entidad), encodeField(encoding, registry), encodeField(encoding, String(r.recordId)), encodeField(encoding, r.label), at]));
  const text = encodedRows(encoding, heads, rows.map((r) => r.mention));
  const names = MENTION_COLUMNS.map(([name]) => name);
  if (encoding === 'copy') await copyFromStdin('person_mentions', names, text).execute(trx);
  else await sql`INSERT INTO person_mentions (${sql.join(names.map((n) => sql.ref(n)))}) ${selectPacked(MENTION_COLUMNS, text)}`.execute(trx);
  await announceMentions(trx, rows.map((r) => ({ entidad: r.entidad, registry, record_id: String(r.recordId) })));
}

/** Reads one mention by its key (system use: handlers). */
export async function getMention(db: AnyDb, key: { entidad: string; registry: string; record_id: string }): Promise<MentionRow | null> {
  const { rows: [row] } = await sql<MentionRow>`
    SELECT entidad, registry, record_id, label, institution_id, observed_at, persona FROM person_mentions
    WHERE entidad = ${key.entidad} AND registry = ${key.registry} AND record_id = ${key.record_id}`.execute(db);
  return row ?? null;
}

/** pg_trgm similarity threshold of the interactive search's fallback arm (the default of `%` is 0.3). */
export const FALLBACK_TRIGRAM_THRESHOLD = 0.6;

/** Options of candidate retrieval. */
export interface CandidateOptions {
  /** Add the pg_trgm arm (`full_name % q`). Cheap on small tables (targets); on a large index it is the slow arm. */
  trigram?: boolean;
  /**
   * A shared alias counts only together with a shared name key when the query has name keys. Common nicknames (EL
   * FLACO, EL CHOLO) are held by about one mention in a hundred, so the bare alias arm reads thousands of rows from the
   * heap on a large index; with the name key both conditions are answered by the GIN indexes (BitmapAnd) first.
   */
  aliasWithNameKey?: boolean;
}

/**
 * Candidate retrieval, shared by every table holding person keys (mentions, targets): the same CURP (or CURP prefix
 * key), two shared blocking keys of which at least one is a surname key (both surnames, or a given name and a
 * surname: each pair is one GIN containment lookup, so a common surname alone never fetches its whole posting list),
 * a shared alias, and optionally a trigram-similar full name. Scoring happens afterwards in TypeScript.
 */
export function personCandidateCondition(k: PersonKeys, cols: { fullName: string; blockingKeys: string; aliases: string; curp: string }, opts: CandidateOptions = { trigram: true }): RawBuilder<SqlBool> {
  const arms: RawBuilder<SqlBool>[] = [];
  if (k.curp) arms.push(sql<SqlBool>`${sql.ref(cols.curp)} = ${k.curp}`);
  const bk = sql.ref(cols.blockingKeys);
  for (const c of k.blockingKeys.filter((x) => x.startsWith('c:'))) arms.push(sql<SqlBool>`${bk} @> ARRAY[${c}]::text[]`);
  const names = k.blockingKeys.filter((x) => !x.startsWith('c:'));
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      if (names[i].startsWith('g:') && names[j].startsWith('g:')) continue;
      arms.push(sql<SqlBool>`${bk} @> ARRAY[${names[i]}, ${names[j]}]::text[]`);
    }
  }
  if (opts.trigram !== false && k.fullName.length >= 3) arms.push(sql<SqlBool>`${sql.ref(cols.fullName)} % ${k.fullName}`);
  if (k.aliases.length) {
    const alias = sql<SqlBool>`${sql.ref(cols.aliases)} && ${k.aliases}::text[]`;
    arms.push(opts.aliasWithNameKey && names.length ? sql<SqlBool>`(${alias} AND ${bk} && ${names}::text[])` : alias);
  }
  if (arms.length === 0) return sql<SqlBool>`false`;
  return sql<SqlBool>`(${sql.join(arms, sql` OR `)})`;
}

/**
 * personCandidateCondition evaluated in TypeScript on a row already fetched (its keys, CURP and aliases), with the
 * trigram arm's answer computed by PostgreSQL (`trigramHit`). Lets a batch fetch a looser candidate set for many
 * people in one statement (any shared key) and keep exactly the rows the SQL condition would have returned.
 */
export function personCandidateTest(k: Pick<PersonKeys, 'curp' | 'blockingKeys' | 'fullName' | 'aliases'>, row: { blocking_keys: string[]; curp: string | null; aliases: string[] | null }, trigramHit: boolean, opts: CandidateOptions = { trigram: true }): boolean {
  if (k.curp && row.curp === k.curp) return true;
  const bk = new Set(row.blocking_keys ?? []);
  if (k.blockingKeys.some((c) => c.startsWith('c:') && bk.has(c))) return true;
  const names = k.blockingKeys.filter((x) => !x.startsWith('c:'));
  for (let i = 0; i < names.length; i++) {
    if (!bk.has(names[i])) continue;
    for (let j = i + 1; j < names.length; j++) {
      if (names[i].startsWith('g:') && names[j].startsWith('g:')) continue;
      if (bk.has(names[j])) return true;
    }
  }
  if (opts.trigram !== false && k.fullName.length >= 3 && trigramHit) return true;
  if (k.aliases.length && (row.aliases ?? []).some((a) => k.aliases.includes(a))) {
    if (!(opts.aliasWithNameKey && names.length) || names.some((n) => bk.has(n))) return true;
  }
  return false;
}

/**
 * A ranking expression for capped candidate lists: CURP first, then the number of shared keys, then the same birth
 * date (the scorer's strongest evidence after names, so a common name's true match is not cut by the cap), then
 * trigram similarity. Each key is one array containment test on the row (no subquery per row).
 */
export function personCandidateRank(k: PersonKeys, cols: { fullName: string; blockingKeys: string; curp: string; birthDate?: string }): RawBuilder<number> {
  const bk = sql.ref(cols.blockingKeys);
  const shared = k.blockingKeys.length ? sql.join(k.blockingKeys.map((x) => sql`(${bk} @> ARRAY[${x}]::text[])::int`), sql` + `) : sql`0`;
  const born = cols.birthDate && k.birthDate ? sql`+ CASE WHEN ${sql.ref(cols.birthDate)} = ${k.birthDate}::date THEN 1.5 ELSE 0 END` : sql``;
  return sql<number>`(CASE WHEN ${sql.ref(cols.curp)} = ${k.curp ?? ''} THEN 100 ELSE 0 END + ${shared} ${born}
    + similarity(${sql.ref(cols.fullName)}, ${k.fullName}))`;
}

/**
 * With a given name and both surnames, one token misspelled past its phonetic key still leaves a pair of keys with a
 * surname (given + the other surname, or both surnames), so the key arms find the person without the trigram arm.
 * On 1M mentions the trigram arm costs 40–400 ms (its GIN scan over common trigrams, then a heap recheck of thousands
 * of rows), and a few candidates usually mean a person who is not in the index, not a misspelling.
 */
function keysTolerateOneMisspelling(k: PersonKeys): boolean {
  return !!(k.name.paterno && k.name.materno && k.name.given.length);
}

/** A scored candidate mention. */
export interface PersonHit {
  mention: MentionRow;
  score: number;
  match: boolean;
  features: PersonFeatures;
  algorithm: string;
}

/**
 * Finds and scores the mentions of a person within a territory condition (national for a watchlist's exhaustive
 * search). Returns every candidate scored, best first; callers keep `match` ones or the top N. `trigram`: 'always'
 * adds the trigram arm (exhaustive search: recall first); 'fallback' (interactive search) adds it only when the key
 * arms found fewer than `minCandidates` — a name misspelled past its phonetic keys, or a single-word name.
 */
export async function findPersonMentions(db: AnyDb, query: PersonInput, opts: { where?: Expression<SqlBool>; cap?: number; trigram?: 'always' | 'fallback'; minCandidates?: number } = {}): Promise<PersonHit[]> {
  const k = personKeys(query);
  const fetchIn = async (conn: AnyDb, trigram: boolean) => (await sql<MentionRow>`
    SELECT m.entidad, m.registry, m.record_id, m.label, m.institution_id, m.observed_at, m.persona
    FROM person_mentions m
    WHERE ${personCandidateCondition(k, { fullName: 'm.full_name', blockingKeys: 'm.blocking_keys', aliases: 'm.aliases', curp: 'm.curp' }, { trigram, aliasWithNameKey: opts.trigram === 'fallback' })}
      AND ${opts.where ?? sql<SqlBool>`true`}
    ORDER BY ${personCandidateRank(k, { fullName: 'm.full_name', blockingKeys: 'm.blocking_keys', curp: 'm.curp', birthDate: 'm.fecha_nacimiento' })} DESC
    LIMIT ${opts.cap ?? 2000}`.execute(conn)).rows;
  const fetch = (trigram: boolean) => fetchIn(db, trigram);
  let rows = await fetch(opts.trigram === 'always');
  if (opts.trigram === 'fallback' && rows.length < (opts.minCandidates ?? 20) && !keysTolerateOneMisspelling(k)) {
    // A stricter trigram threshold for the fallback: the GIN index then needs more shared trigrams per row, which keeps
    // this arm fast on a large index (0.6 instead of 0.5: 3.4k instead of 17k heap rows rechecked for FLORES OLRIO on
    // 1M mentions); a name with a typo or two past its phonetic keys still passes it.
    const run = (trx: AnyDb) => sql`SELECT set_config('pg_trgm.similarity_threshold', ${String(FALLBACK_TRIGRAM_THRESHOLD)}, true)`.execute(trx).then(() => fetchIn(trx, true));
    rows = db.isTransaction ? await run(db) : await (db as Kysely<CoreTables>).transaction().execute(run);
  }
  return rows
    .map((mention) => ({ mention, ...scorePersons(query, mention.persona as PersonInput) }))
    .sort((a, b) => b.score - a.score);
}

const presentHit = (h: PersonHit) => ({
  entidad: h.mention.entidad, registry: h.mention.registry, record_id: h.mention.record_id, label: h.mention.label,
  observed_at: h.mention.observed_at, persona: h.mention.persona, score: Math.round(h.score * 1e4) / 1e4, match: h.match,
  features: h.features, algorithm: h.algorithm,
});

/**
 * Candidates scored per interactive search (~40 µs each). The SQL rank puts the candidates sharing the most keys and
 * the same birth date first, so the cap trims only homonyms of a common name that the scorer would rank lower.
 */
export const INTERACTIVE_CAP = 200;

const viewCondition = (actor: Actor) => territoryCondition(actor, 'view', { entidad: 'm.entidad', institution: 'm.institution_id' });

async function auditedSearch(ctx: Ctx, action: string, query: PersonInput, motivo: string, limit: number, onlyMatches: boolean) {
  requirePermission(ctx.actor, 'person.search');
  const started = performance.now();
  const hits = await findPersonMentions(ctx.db, query, { where: viewCondition(ctx.actor), cap: Math.max(INTERACTIVE_CAP, limit * 10), trigram: 'fallback', minCandidates: limit });
  const kept = (onlyMatches ? hits.filter((h) => h.match) : hits).slice(0, limit);
  await ctx.db.transaction().execute((trx) => writeAudit(trx as Transaction<CoreTables>, ctx.actor, {
    action, entityType: 'person', entidad: ctx.actor.entidad, reason: motivo,
    details: { query, results: kept.length, matches: kept.filter((h) => h.match).length },
  }, ctx.now()));
  return { items: kept.map(presentHit), candidates: hits.length, threshold_algorithm: kept[0]?.algorithm ?? null, took_ms: Math.round(performance.now() - started) };
}

/** An analyst's person search across every registry in their view territory: ranked, explained, audited with the reason. */
export function searchPersons(ctx: Ctx, input: SearchInput) {
  const query: PersonInput = { nombre_completo: input.nombre ?? null, curp: input.curp ?? null, fecha_nacimiento: input.fecha_nacimiento ?? null, sexo: input.sexo ?? null };
  return auditedSearch(ctx, 'person.searched', query, input.motivo, input.limit, false);
}

/** The /match API (like yente's): a query person → ranked candidates with score and features, audited with the reason. */
export function matchPersons(ctx: Ctx, input: MatchInput) {
  return auditedSearch(ctx, 'person.matched', input.persona as PersonInput, input.motivo, input.limit, input.solo_coincidencias);
}
