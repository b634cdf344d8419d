import { sql, type Kysely } from 'kysely';
import type { CoreTables } from '../../core/db-types.js';

/** Outbox event types that change the hotlist; each carries the report's hotlist snapshot (HotEntry + status). */
export const HOTLIST_EVENTS = ['vehicle.reported', 'vehicle.recovered', 'vehicle.cancelled', 'vehicle.corrected'] as const;

/** What the hotlist keeps per active report: enough to route an alert; details are read on a hit. */
export interface HotEntry {
  entidad: string;
  id: number;
  institution_id: number;
  plate: string;
  key: string;
  version: number;
}

/** The snapshot an event carries. */
export interface HotSnapshot extends HotEntry {
  status: 'stolen' | 'recovered' | 'cancelled';
}

/** A hotlist hit for one reading. */
export interface HotHit {
  entry: HotEntry;
  /** The reading (normalised, fitted to a format) that hit. */
  reading: string;
  exact: boolean;
  distance: number;
}

const EMPTY = 0;

/** 32-bit FNV-1a of `key` with position `skip` replaced by a wildcard, salted with the length. */
function wildHash(key: string, skip: number): number {
  let h = 0x811c9dc5 ^ key.length;
  for (let i = 0; i < key.length; i++) {
    h ^= i === skip ? 42 : key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0 || 1;
}

/** Hamming distance, stopping past `max`; -1 when lengths differ. */
function hamming(a: string, b: string, max: number): number {
  if (a.length !== b.length) return -1;
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i) && ++d > max) return d;
  return d;
}

/**
 * The in-memory hotlist of stolen vehicles, keyed by the plate's OCR-confusion key (src/matching/plate.ts), with a
 * wildcard index (each key with one position blanked, hashed into an open-addressing table of typed arrays) so a read
 * one character away from a listed plate is found in `length` probes — a million plates fit in about 200 MB.
 * It follows the outbox: `sync()` applies every hotlist event committed since the last call, so every process keeps
 * its own copy current without the dispatcher; a snapshot's version keeps replays and out-of-order events harmless.
 */
export class Hotlist {
  private entries: (HotEntry | null)[] = [];
  private exact = new Map<string, number[]>();
  private byReport = new Map<string, number>();
  private hashes = new Uint32Array(1 << 16);
  private slots = new Int32Array(1 << 16);
  private used = 0;
  private cursor = 0;
  private gaps = new Map<number, number>();
  private syncing: Promise<void> | null = null;
  loadedAt: Date | null = null;

  constructor(readonly maxDistance = 1) {}

  get size(): number { return this.byReport.size; }

  /** Loads every active report from the database and sets the outbox cursor; call once. */
  async load(db: Kysely<CoreTables>): Promise<void> {
    const { rows: [m] } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM outbox`.execute(db);
    // Replay a margin of recent events: one still uncommitted below max(id) is then seen by the next sync.
    this.cursor = Math.max(0, Number(m?.id ?? 0) - 1000);
    const { rows } = await sql<{ entidad: string; id: number; institution_id: number; plate: string; plate_ocr_key: string; version: number }>`
      SELECT entidad, id, institution_id, plate, plate_ocr_key, version FROM vehicle_reports WHERE status = 'stolen' AND plate_ocr_key IS NOT NULL`.execute(db);
    this.reserve(rows.length);
    for (const r of rows) this.put({ entidad: r.entidad, id: Number(r.id), institution_id: Number(r.institution_id), plate: r.plate, key: r.plate_ocr_key, version: Number(r.version) });
    this.loadedAt = new Date();
    await this.sync(db);
  }

  /** Applies hotlist events committed since the last call (and any still missing below the cursor). Serialised. */
  async sync(db: Kysely<CoreTables>): Promise<void> {
    while (this.syncing) await this.syncing;
    this.syncing = this.doSync(db).finally(() => { this.syncing = null; });
    return this.syncing;
  }

  private async doSync(db: Kysely<CoreTables>): Promise<void> {
    const gaps = [...this.gaps.keys()];
    const { rows } = await sql<{ id: number; payload: HotSnapshot | null }>`
      SELECT id, CASE WHEN type = ANY(${[...HOTLIST_EVENTS]}::text[]) THEN payload END AS payload FROM outbox
      WHERE id > ${this.cursor} ${gaps.length ? sql`OR id = ANY(${gaps}::bigint[])` : sql``} ORDER BY id`.execute(db);
    const now = Date.now();
    for (const r of rows) {
      const id = Number(r.id);
      this.gaps.delete(id);
      if (id > this.cursor) {
        // ids skipped between the cursor and this one belong to transactions not yet committed: look again later
        for (let g = this.cursor + 1; g < id && this.gaps.size < 10_000; g++) this.gaps.set(g, now);
        this.cursor = id;
      }
      if (r.payload) this.apply(r.payload);
    }
    for (const [g, at] of this.gaps) if (now - at > 60_000) this.gaps.delete(g);
  }

  /** Applies one snapshot (from an event, or in-process right after a commit): newer versions win. */
  apply(s: HotSnapshot): void {
    const rk = `${s.entidad}:${s.id}`;
    const slot = this.byReport.get(rk);
    const cur = slot === undefined ? null : this.entries[slot];
    if (cur && cur.version > s.version) return;
    if (slot !== undefined) this.remove(slot);
    if (s.status === 'stolen' && s.key) {
      this.put({ entidad: s.entidad, id: Number(s.id), institution_id: Number(s.institution_id), plate: s.plate, key: s.key, version: s.version });
    } else {
      // Keep the version so an older "reported" replayed later cannot put a recovered vehicle back.
      this.tomb.set(rk, s.version);
    }
  }

  private tomb = new Map<string, number>();

  private put(e: HotEntry): void {
    const rk = `${e.entidad}:${e.id}`;
    const dead = this.tomb.get(rk);
    if (dead !== undefined && dead >= e.version) return;
    this.tomb.delete(rk);
    const slot = this.entries.length;
    this.entries.push(e);
    this.byReport.set(rk, slot);
    const list = this.exact.get(e.key);
    if (list) list.push(slot); else this.exact.set(e.key, [slot]);
    if (this.maxDistance > 0) {
      if ((this.used + e.key.length) * 2 > this.hashes.length) this.grow();
      for (let i = 0; i < e.key.length; i++) this.insertWild(wildHash(e.key, i), slot);
    }
  }

  private remove(slot: number): void {
    const e = this.entries[slot];
    if (!e) return;
    this.entries[slot] = null;
    this.byReport.delete(`${e.entidad}:${e.id}`);
    const list = this.exact.get(e.key);
    if (list) {
      const rest = list.filter((s) => s !== slot);
      if (rest.length) this.exact.set(e.key, rest); else this.exact.delete(e.key);
    }
    // Wildcard entries of a removed slot stay until the next rebuild; lookups skip null slots.
  }

  private reserve(n: number): void {
    if (this.maxDistance === 0) return;
    let cap = this.hashes.length;
    while (cap < (this.used + n * 8) * 2) cap *= 2;
    if (cap !== this.hashes.length) this.rebuild(cap);
  }

  private grow(): void { this.rebuild(this.hashes.length * 2); }

  private rebuild(cap: number): void {
    this.hashes = new Uint32Array(cap);
    this.slots = new Int32Array(cap);
    this.used = 0;
    for (let s = 0; s < this.entries.length; s++) {
      const e = this.entries[s];
      if (e) for (let i = 0; i < e.key.length; i++) this.insertWild(wildHash(e.key, i), s);
    }
  }

  private insertWild(h: number, slot: number): void {
    const mask = this.hashes.length - 1;
    let i = h & mask;
    while (this.hashes[i] !== EMPTY) i = (i + 1) & mask;
    this.hashes[i] = h;
    this.slots[i] = slot;
    this.used++;
  }

  /**
   * Checks readings (each already fitted to a Mexican format and folded to its OCR key) against the hotlist:
   * equal keys first (exact or OCR-equivalent), then, when nothing matched, a key `maxDistance` (1) characters away.
   */
  check(readings: { plate: string; key: string }[]): HotHit[] {
    const hits: HotHit[] = [];
    let seen: Set<number> | null = null;
    for (const r of readings) {
      const list = this.exact.get(r.key);
      if (!list) continue;
      seen ??= new Set<number>();
      for (const s of list) {
        const e = this.entries[s];
        if (!e || seen.has(s)) continue;
        seen.add(s);
        hits.push({ entry: e, reading: r.plate, exact: e.plate === r.plate, distance: 0 });
      }
    }
    if (hits.length || this.maxDistance === 0) return hits;
    seen ??= new Set<number>();
    const mask = this.hashes.length - 1;
    for (const r of readings) {
      for (let p = 0; p < r.key.length; p++) {
        const h = wildHash(r.key, p);
        for (let i = h & mask; this.hashes[i] !== EMPTY; i = (i + 1) & mask) {
          if (this.hashes[i] !== h) continue;
          const s = this.slots[i];
          const e = this.entries[s];
          if (!e || seen.has(s)) continue;
          const d = hamming(e.key, r.key, this.maxDistance);
          if (d > 0 && d <= this.maxDistance) {
            seen.add(s);
            hits.push({ entry: e, reading: r.plate, exact: false, distance: d });
          }
        }
      }
    }
    return hits;
  }
}

/** Per database, one hotlist per match distance (the wildcard index exists only for a distance above 0). */
const hotlists = new WeakMap<object, Map<number, Promise<Hotlist>>>();

/**
 * The process's hotlist for a database and match distance (loaded on first use, then kept current from the outbox).
 * Keyed by distance too: the demo loader checks its reads at its own distance, and must not decide the server's.
 */
export function hotlistFor(db: Kysely<CoreTables>, maxDistance = 1): Promise<Hotlist> {
  let byDistance = hotlists.get(db);
  if (!byDistance) hotlists.set(db, (byDistance = new Map()));
  let h = byDistance.get(maxDistance);
  if (!h) {
    const list = new Hotlist(maxDistance);
    h = list.load(db).then(() => list);
    const map = byDistance;
    h.catch(() => map.delete(maxDistance));
    byDistance.set(maxDistance, h);
  }
  return h;
}

/** The hotlists already loaded for this database (the service applies its own writes to them at once). */
export async function loadedHotlists(db: Kysely<CoreTables>): Promise<Hotlist[]> {
  const lists = await Promise.all([...(hotlists.get(db)?.values() ?? [])].map((h) => h.catch(() => null)));
  return lists.filter((h): h is Hotlist => h !== null);
}
