import { sql } from 'kysely';
import type { Actor } from '../../core/access.js';
import { auditRow, type AuditEntry } from '../../core/audit.js';
import { compiledOnce, PREPARED } from '../../core/db.js';
import { eventRow, OUTBOX_CHANNEL, type NewEvent } from '../../core/outbox.js';
import { rollupInsertFrom } from './detentions.rollup.js';
import { flagsArray } from './detentions.rules.js';
import { DETAIL_COLUMNS, insertPacked, packRows, type DetailRow, type DetentionDb, type NewDetentionRow } from './detentions.store.js';

/** One registration ready to write: its row (id and folio drawn), its event, and its audit entry either way. */
export interface PendingWrite {
  row: NewDetentionRow & { id: number; folio: string };
  event: NewEvent;
  actor: Actor;
  now: Date;
  /** Audited when the row is inserted. */
  registered: AuditEntry;
  /** Audited instead when a record with the same idempotency key already exists (the folio number goes unused). */
  voided: AuditEntry;
}

/** Statements in flight at once; the rest of the arrivals wait and go together in the next one. */
const MAX_IN_FLIGHT = 2;
/** Registrations per statement at most. */
const MAX_BATCH = 200;

/**
 * Group commit for single registrations. Every registration must lock the shared dashboard rollup rows and the audit
 * chain, and hold them until its commit has reached the disk, so one registration per transaction caps throughput at
 * one commit flush per registration, whatever the number of connections. Here a registration that arrives while
 * MAX_IN_FLIGHT statements are running waits for the next one and is written together with the others that arrived
 * meanwhile: ONE autocommitted statement inserts all their rows, their events (and one NOTIFY), their rollup
 * deltas and their audit rows (one audit_append call, linked in arrival order). Alone (a quiet server) a
 * registration is written at once, by itself. A failed group is retried one registration at a time, so a bad row
 * fails only its own request. Every record still has its event and its audit row in its own commit.
 */
export class RegistrationWriter {
  private queue: { item: PendingWrite; resolve: (r: DetailRow | null) => void; reject: (e: unknown) => void }[] = [];
  private active = 0;

  constructor(private readonly db: DetentionDb) {}

  /** Writes one registration; resolves with its row as reads answer it, or null when its key already existed. */
  write(item: PendingWrite): Promise<DetailRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.active < MAX_IN_FLIGHT && this.queue.length) {
      const group = this.queue.splice(0, MAX_BATCH);
      this.active++;
      this.run(group).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private async run(group: RegistrationWriter['queue']): Promise<void> {
    try {
      const rows = await writeRegistrations(this.db, group.map((g) => g.item));
      for (const g of group) g.resolve(rows.get(g.item.row.folio) ?? null);
    } catch (err) {
      if (group.length === 1) return group[0].reject(err);
      for (const g of group) await this.run([g]);
    }
  }
}

const writers = new WeakMap<object, RegistrationWriter>();
/** The writer of one database (keyed by its Kysely instance). */
export function writerFor(key: object, db: DetentionDb): RegistrationWriter {
  let w = writers.get(key);
  if (!w) writers.set(key, (w = new RegistrationWriter(db)));
  return w;
}

/** The statement of writeRegistrations(): $meta (slot 0), the packed rows (slot 1), the time flags are computed at (slot 2). */
const writeStatement = compiledOnce<DetailRow & { audited: number }>((slot) => sql`${PREPARED}
    WITH k AS (SELECT v, ord FROM jsonb_array_elements(${slot(0)}::jsonb) WITH ORDINALITY AS k(v, ord)),
    d AS (${insertPacked(slot(1))} RETURNING *),
    ev AS (INSERT INTO outbox (type, entidad, aggregate_type, aggregate_id, payload)
           SELECT k.v #>> '{event,type}', k.v #>> '{event,entidad}', k.v #>> '{event,aggregate_type}', k.v #>> '{event,aggregate_id}', (k.v #>> '{event,payload}')::jsonb
           FROM k JOIN d ON d.entidad = k.v ->> 'entidad' AND d.folio = k.v ->> 'folio' ORDER BY k.ord RETURNING id),
    ro AS (${rollupInsertFrom(sql`d`)} RETURNING 1)
    SELECT a.audited, (SELECT count(*) FROM ev) AS events, (SELECT count(*) FROM (SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM d LIMIT 1) x) n) AS notified, det.*
    FROM (SELECT audit_append((
            SELECT jsonb_agg(CASE WHEN EXISTS (SELECT 1 FROM d WHERE d.entidad = k.v ->> 'entidad' AND d.folio = k.v ->> 'folio') THEN k.v -> 'registered' ELSE k.v -> 'voided' END ORDER BY k.ord)
            FROM k)) AS audited
          FROM (SELECT count(*) FROM ro) AS rollup_done) AS a
    LEFT JOIN (SELECT ${DETAIL_COLUMNS}, ${flagsArray({ iso: slot(2) })} AS flags FROM d JOIN institutions i ON i.id = d.institution_id JOIN entidades e ON e.code = d.entidad) AS det ON true`);

/**
 * Writes registrations in ONE autocommitted statement: the records, the events of those inserted (and a NOTIFY),
 * their rollup rows, then one audit_append() with, in order, each one's `registered` entry or, if its key already
 * existed, its `voided` entry. The shared rollup rows and the audit chain are locked last, and released by the
 * commit that follows inside the server, with no client round trip while they are held.
 * Answers the inserted rows as reads do, by folio.
 */
export async function writeRegistrations(db: DetentionDb, items: PendingWrite[]): Promise<Map<string, DetailRow>> {
  const now = new Date(Math.max(...items.map((i) => i.now.getTime())));
  const meta = JSON.stringify(items.map((i) => ({
    folio: i.row.folio, entidad: i.row.entidad, event: eventRow(i.event),
    registered: auditRow(i.actor, i.registered, i.now), voided: auditRow(i.actor, i.voided, i.now),
  })));
  const { rows } = await writeStatement(db, [meta, packRows(items.map((i) => i.row)), now.toISOString()]);
  return new Map(rows.filter((r) => r.id != null).map((r) => [r.folio, r]));
}

/** What a reservation answers: a new folio number and id, or the folio that the idempotency key already names. */
export type Reservation = { existing: null; number: number; id: number } | { existing: string; number?: undefined; id?: undefined };
/** One reservation asked for: where and when it is registered, and its idempotency key if it has one. */
export interface ReservationWant { entidad: string; year: number; key: { source: string; external_id: string } | null }

/**
 * Group reservation of folio numbers and detention ids. The per (entidad, year) counter row is a hot row: each
 * reservation locks it until its commit is flushed, so reserving one number per statement caps registrations at one
 * commit flush each. Reservations that arrive while one statement runs are served together by the next (numbers in
 * arrival order). The same statement answers, for a registration with an idempotency key that already exists, that
 * record's folio instead (no number is drawn for it): a retried request costs no query of its own. Each number is
 * still used by its registration or audited as voided by it, as before.
 */
export class FolioReserver {
  private queue: { want: ReservationWant; resolve: (r: Reservation) => void; reject: (e: unknown) => void }[] = [];
  private running = false;

  constructor(private readonly db: DetentionDb) {}

  reserve(want: ReservationWant): Promise<Reservation> {
    return new Promise((resolve, reject) => {
      this.queue.push({ want, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running || this.queue.length === 0) return;
    const group = this.queue.splice(0, MAX_BATCH);
    this.running = true;
    reserveFolios(this.db, group.map((g) => g.want))
      .then((got) => group.forEach((g, i) => g.resolve(got[i])), (err) => group.forEach((g) => g.reject(err)))
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}

const reservers = new WeakMap<object, FolioReserver>();
/** The folio reserver of one database (keyed by its Kysely instance). */
export function reserverFor(key: object, db: DetentionDb): FolioReserver {
  let r = reservers.get(key);
  if (!r) reservers.set(key, (r = new FolioReserver(db)));
  return r;
}

/**
 * In ONE statement: finds the records the wants' idempotency keys already name, then reserves one folio number and one
 * id for each of the others (counter rows in key order). Answers them in order.
 */
export async function reserveFolios(db: DetentionDb, wants: ReservationWant[]): Promise<Reservation[]> {
  // Its text never changes (every value is an array parameter): prepared once per connection, planned from then on.
  const { rows: [r] } = await sql<{ existing: { ord: number; folio: string }[]; counters: { entidad: string; year: number; last_value: number }[]; need: Record<string, number>; ids: number[] | null }>`${PREPARED}
    WITH w AS (
      SELECT * FROM unnest(${wants.map((w) => w.entidad)}::char(2)[], ${wants.map((w) => w.year)}::int2[], ${wants.map((w) => w.key?.source ?? null)}::text[],
        ${wants.map((w) => w.key?.external_id ?? null)}::text[]) WITH ORDINALITY AS w(entidad, year, source, external_id, ord)),
    ex AS (SELECT w.ord, d.folio FROM w JOIN detentions d ON d.entidad = w.entidad AND d.source = w.source AND d.external_id = w.external_id),
    need AS (SELECT entidad, year, count(*) AS n FROM w WHERE w.ord NOT IN (SELECT ord FROM ex) GROUP BY entidad, year),
    c AS (
      INSERT INTO detention_folio_counters (entidad, year, last_value)
      SELECT entidad, year, n FROM need ORDER BY entidad, year
      ON CONFLICT (entidad, year) DO UPDATE SET last_value = detention_folio_counters.last_value + excluded.last_value
      RETURNING entidad, year, last_value)
    SELECT (SELECT coalesce(json_agg(json_build_object('ord', ord, 'folio', folio)), '[]') FROM ex) AS existing,
           (SELECT coalesce(json_agg(json_build_object('entidad', entidad, 'year', year, 'last_value', last_value)), '[]') FROM c) AS counters,
           (SELECT coalesce(json_object_agg(entidad || '-' || year, n), '{}') FROM need) AS need,
           (SELECT array_agg(nextval('detentions_id_seq')::int8) FROM generate_series(1, (SELECT coalesce(sum(n), 0) FROM need)::int)) AS ids`.execute(db);
  const existing = new Map(r.existing.map((e) => [Number(e.ord) - 1, e.folio]));
  const next = new Map(r.counters.map((c) => [`${c.entidad}-${c.year}`, Number(c.last_value) - Number(r.need[`${c.entidad}-${c.year}`]) + 1]));
  const ids = (r.ids ?? []).map(Number);
  let drawn = 0;
  return wants.map((w, i): Reservation => {
    const folio = existing.get(i);
    if (folio) return { existing: folio };
    const k = `${w.entidad}-${w.year}`;
    const n = next.get(k)!;
    next.set(k, n + 1);
    return { existing: null, number: n, id: ids[drawn++] };
  });
}
