import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from './access.js';
import { writeAudit } from './audit.js';
import type { CoreTables } from './db-types.js';
import { yieldToEventLoop } from './event-loop.js';

/** An event as handlers see it. */
export interface OutboxEvent<P = Record<string, unknown>> {
  id: number;
  type: string;
  entidad: string | null;
  aggregate_type: string;
  aggregate_id: string;
  payload: P;
  created_at: Date;
  attempts: number;
}

export interface NewEvent {
  type: string;
  entidad?: string | null;
  aggregateType: string;
  aggregateId: string | number;
  payload: Record<string, unknown>;
}

/** Writes events in the caller's transaction: they exist exactly when the change they announce commits. One statement. */
export async function emitEvents(trx: Transaction<CoreTables> | Kysely<CoreTables>, events: NewEvent | NewEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  // The NOTIFY is delivered by PostgreSQL at commit (never for a rolled-back write), to every listening process.
  // The events travel as ONE json parameter (a bulk import's batch has a thousand): no statement with thousands of
  // parameters to build, send and parse.
  const json = `[${list.map((e) => `{"type":${JSON.stringify(e.type)},"entidad":${JSON.stringify(e.entidad ?? null)},"aggregate_type":${JSON.stringify(e.aggregateType)},"aggregate_id":${JSON.stringify(String(e.aggregateId))},"payload":${JSON.stringify(e.payload)}}`).join(',')}]`;
  await sql`WITH e AS (
      INSERT INTO outbox (type, entidad, aggregate_type, aggregate_id, payload)
      SELECT a.v ->> 'type', a.v ->> 'entidad', a.v ->> 'aggregate_type', a.v ->> 'aggregate_id', a.v -> 'payload'
      FROM jsonb_array_elements(${json}::jsonb) WITH ORDINALITY AS a(v, ord)
      ORDER BY a.ord
      RETURNING id)
    SELECT pg_notify(${OUTBOX_CHANNEL}, '') FROM (SELECT 1 FROM e LIMIT 1) x`.execute(trx);
}

/** An event as an outbox row. */
export const eventRow = (e: NewEvent) => ({
  type: e.type, entidad: e.entidad ?? null, aggregate_type: e.aggregateType, aggregate_id: String(e.aggregateId), payload: JSON.stringify(e.payload),
});

export const OUTBOX_CHANNEL = 'sereno_outbox';

/** How long a pass waits, by default, after the first commit that announced events (see OutboxDispatcher.soon). */
const COALESCE_MS = 50;

/** A named, idempotent handler for some event types (a handler may run more than once for the same event). */
export interface EventHandler {
  name: string;
  types: string[] | '*';
  handle(event: OutboxEvent, db: Kysely<CoreTables>): Promise<void>;
  /**
   * Optional: handles several events at once (in id order), all or nothing. A backlog (a bulk import's thousands of
   * registrations) then costs a few statements per batch instead of a few per event. When it throws, the dispatcher
   * falls back to `handle` event by event, so one bad event is retried alone.
   */
  handleBatch?(events: OutboxEvent[], db: Kysely<CoreTables>): Promise<void>;
  /**
   * Optional: the types among `types` whose events stand for many records each (a bulk file's batch of a thousand).
   * The dispatcher takes them after every other due event and only BULK_PER_PASS per pass, so the event of a
   * detention registered now is not queued behind a bulk file's backlog (its persons checked against the priority
   * targets seconds late).
   */
  bulkTypes?: string[];
}

/**
 * Bulk events (EventHandler.bulkTypes) handled per pass: one, ~1,000 records. During a 200k-row import the events
 * of registrations made meanwhile were picked up after p50 368 / p99 627 ms (2 per pass: 593 / 913 ms; before bulk
 * events went last: 2.7 / 4.6 s), with the import's rate unchanged (bench/detentions/bulk.ts, PROBE_RATE=20).
 */
export const BULK_PER_PASS = 1;

/**
 * Delivers outbox events to handlers at least once. Each (event, handler) delivery is recorded, so a handler
 * that failed is retried with back-off while the others are not run again; an event is done when all are.
 */
export class OutboxDispatcher {
  private handlers: EventHandler[] = [];
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = true;
  /** Set by stop(): a pass in progress leaves the rest of its backlog (still due) to the next start. */
  private stopping = false;
  private unlisten: (() => Promise<void>) | null = null;

  constructor(private readonly db: Kysely<CoreTables>, private readonly log?: Logger, private readonly pollMs = 500, private readonly batch = 200,
    private readonly listen?: (channel: string, cb: () => void) => Promise<() => Promise<void>>,
    private readonly opts: { retentionDays?: number; now?: () => Date; coalesceMs?: number } = {}) {}

  private lastPrune = 0;

  register(handler: EventHandler): void {
    if (this.handlers.some((h) => h.name === handler.name)) throw new Error(`handler ${handler.name} already registered`);
    this.handlers.push(handler);
  }

  /** The event types some handler declared bulk. */
  private get bulkTypes(): string[] {
    return [...new Set(this.handlers.flatMap((h) => h.bulkTypes ?? []))];
  }

  /** Starts polling and, when the database can notify, waking at each commit that wrote events. */
  async start(): Promise<void> {
    this.stopped = false;
    this.stopping = false;
    if (this.listen) this.unlisten = await this.listen(OUTBOX_CHANNEL, () => this.soon());
    const loop = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => { this.trigger(); loop(); }, this.pollMs);
      this.timer.unref();
    };
    loop();
    this.trigger();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    await this.unlisten?.();
    this.unlisten = null;
    if (this.timer) clearTimeout(this.timer);
    if (this.coalesce) clearTimeout(this.coalesce);
    this.coalesce = null;
    await this.running;
  }

  private coalesce: NodeJS.Timeout | null = null;

  /**
   * A pass shortly after a commit announced events: commits that arrive meanwhile (a busy registration API sends
   * hundreds a second) are handled by the same pass, so the per-pass statements are paid once per COALESCE_MS, not
   * once per commit. An alert waits at most this much longer.
   */
  private soon(): void {
    if (this.stopped || this.coalesce) return;
    this.coalesce = setTimeout(() => { this.coalesce = null; this.trigger(); }, this.opts.coalesceMs ?? COALESCE_MS);
  }

  /** Runs a pass now (or right after the current one). */
  trigger(): void {
    if (this.stopped) return;
    if (this.running) { this.again = true; return; }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopped) { this.again = false; this.trigger(); }
    });
  }

  /** Processes every due event until none is left; returns how many events were completed. Tests call it directly. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.runOnce();
      total += n.completed;
      if (!n.more || this.stopping) break;
    }
    // Caught up: at most once an hour, forget the events processed longer ago than the retention period.
    const days = this.opts.retentionDays ?? 0;
    if (days > 0 && !this.stopping && Date.now() - this.lastPrune >= PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await pruneOutbox(this.db, days, this.opts.now?.() ?? new Date()).catch((err) => this.log?.warn({ err }, 'outbox prune failed'));
    }
    return total;
  }

  /** One pass: the oldest due events, bulk ones last and few; `more` when the pass left due events behind. */
  private async runOnce(): Promise<{ fetched: number; completed: number; more: boolean }> {
    const bulk = this.bulkTypes;
    const due = () => this.db.selectFrom('outbox').selectAll().where('processed_at', 'is', null).where(sql<boolean>`next_attempt_at <= now()`);
    type Due = OutboxEvent & { attempts: number };
    const live = (await (bulk.length ? due().where('type', 'not in', bulk) : due()).orderBy('id').limit(this.batch).execute()) as unknown as Due[];
    const room = bulk.length ? Math.min(BULK_PER_PASS, this.batch - live.length) : 0;
    const heavy = room > 0 ? (await due().where('type', 'in', bulk).orderBy('id').limit(room).execute()) as unknown as Due[] : [];
    const events = [...live, ...heavy];
    const more = live.length === this.batch || (room > 0 && heavy.length === room);
    if (events.length === 0) return { fetched: 0, completed: 0, more: false };
    // Deliveries are recorded only for events that had a failed handler: they spare the handlers that succeeded a
    // second run when the event is retried. An event whose handlers all succeed is simply marked processed.
    const retried = events.filter((e) => e.attempts > 0).map((e) => e.id);
    const delivered = retried.length ? await this.db.selectFrom('outbox_deliveries').select(['event_id', 'handler']).where('event_id', 'in', retried).execute() : [];
    const done = new Set(delivered.map((d) => `${d.event_id}:${d.handler}`));
    const failed = new Map<number, string>();
    const succeeded: { event_id: number; handler: string }[] = [];
    for (const h of this.handlers) {
      const mine = events.filter((e) => (h.types === '*' || h.types.includes(e.type)) && !done.has(`${e.id}:${h.name}`));
      if (mine.length === 0) continue;
      // PGlite runs queries on this thread and settles them as microtasks: without turns of the event loop, a long
      // backlog (the demo data's, at first start) would keep HTTP requests waiting until it drained.
      await yieldToEventLoop();
      if (this.stopping) return { fetched: 0, completed: 0, more: false };
      if (h.handleBatch && mine.length > 1) {
        try {
          await h.handleBatch(mine, this.db);
          for (const e of mine) succeeded.push({ event_id: e.id, handler: h.name });
          continue;
        } catch (err) {
          this.log?.warn({ err, events: mine.length, handler: h.name }, 'outbox batch handler failed; retrying its events one by one');
        }
      }
      for (const e of mine) {
        await yieldToEventLoop();
        if (this.stopping) return { fetched: 0, completed: 0, more: false };
        try {
          await h.handle(e, this.db);
          succeeded.push({ event_id: e.id, handler: h.name });
        } catch (err) {
          failed.set(e.id, `${failed.has(e.id) ? `${failed.get(e.id)}; ` : ''}${h.name}: ${(err as Error).message}`);
          this.log?.warn({ err, event_id: e.id, handler: h.name }, 'outbox handler failed');
        }
      }
    }
    const keep = succeeded.filter((d) => failed.has(d.event_id));
    if (keep.length) await this.db.insertInto('outbox_deliveries').values(keep).onConflict((oc) => oc.doNothing()).execute();
    for (const [id, message] of failed) {
      const attempts = events.find((e) => e.id === id)!.attempts;
      const backoffSeconds = Math.min(3600, 2 ** Math.min(attempts, 12));
      await this.db.updateTable('outbox').set({
        attempts: sql`attempts + 1`, last_error: message,
        next_attempt_at: sql`now() + make_interval(secs => ${backoffSeconds})`,
      }).where('id', '=', id).execute();
    }
    const completed = events.filter((e) => !failed.has(e.id)).map((e) => e.id);
    if (completed.length) {
      await this.db.updateTable('outbox').set({ processed_at: sql`now()`, attempts: sql`attempts + 1` }).where('id', 'in', completed).execute();
    }
    return { fetched: events.length, completed: completed.length, more };
  }
}

/** How often a caught-up dispatcher prunes processed events. */
const PRUNE_EVERY_MS = 3_600_000;
/** Events examined per pruning step (from the oldest). */
const PRUNE_CHUNK = 5000;

/**
 * Deletes the events processed before `now - days` (and their delivery records), oldest first, in steps of
 * PRUNE_CHUNK, and audits how many went. The outbox is a delivery queue, not a history: the records, their versions
 * and the audit log are the history, and webhook deliveries keep their own copy of what they send. Events carry
 * personal data (a detention's person), so they are not kept longer than needed. An old event still unprocessed (a
 * handler failing for days) is kept. Stops at the first event newer than the cut-off (ids grow with time).
 */
export async function pruneOutbox(db: Kysely<CoreTables>, days: number, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  let pruned = 0;
  for (;;) {
    const head = (await sql<{ id: number; processed: boolean; old: boolean }>`
      SELECT id, processed_at IS NOT NULL AS processed, created_at < ${cutoff.toISOString()}::timestamptz AND (processed_at IS NULL OR processed_at < ${cutoff.toISOString()}::timestamptz) AS old
      FROM outbox ORDER BY id LIMIT ${PRUNE_CHUNK}`.execute(db)).rows;
    const firstNew = head.findIndex((e) => !e.old);
    const ids = (firstNew < 0 ? head : head.slice(0, firstNew)).filter((e) => e.processed).map((e) => Number(e.id));
    if (ids.length) {
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('outbox_deliveries').where('event_id', 'in', ids).execute();
        await trx.deleteFrom('outbox').where('id', 'in', ids).execute();
      });
      pruned += ids.length;
    }
    if (firstNew >= 0 || head.length < PRUNE_CHUNK || ids.length === 0) break;
  }
  if (pruned) {
    await db.transaction().execute((trx) => writeAudit(trx, SYSTEM_ACTOR, { action: 'outbox.pruned', entityType: 'outbox', details: { events: pruned, processed_before: cutoff.toISOString(), retention_days: days } }, now));
  }
  return pruned;
}
